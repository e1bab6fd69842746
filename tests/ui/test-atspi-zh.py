#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Chinese as shipped (#14), checked from outside as a person would.

Starts the real `ferry` from the build folder with LANGUAGE=zh_CN (the
zh_CN.UTF-8 locale generated with localedef into a private LOCPATH when the
system lacks it), with no variable pointing at the build's translations or
schema: ferry has to find them itself.  Over AT-SPI it checks that known
labels are Chinese ("本地文件", "远程文件夹", the "未连接" page), that a
Chinese file name shows as a row of the local list, and that a CJK font is
installed (else every glyph is a box); the screenshot is kept.

  atspi-session test-atspi-zh.py --ferry BUILD/src/ui/ferry [--out DIR]
"""
import argparse
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("atspi_drag", os.path.join(HERE, "test-atspi-drag.py"))
atspi = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(atspi)

CHINESE_FILE = "项目报告-2024.txt"
CHINESE_FOLDER = "照片"
# msgid -> what zh_CN.po says
LABELS = {
    "Local files": "本地文件",
    "Remote folder": "远程文件夹",
}


def zh_locale(tmp):
    """The environment for a zh_CN.UTF-8 session: the system's locale when
    it has one, else one made with localedef into tmp (no root needed)."""
    env = {"LANGUAGE": "zh_CN", "LANG": "zh_CN.UTF-8", "LC_ALL": "zh_CN.UTF-8"}
    have = subprocess.run(["locale", "-a"], capture_output=True, text=True).stdout.lower()
    if "zh_cn.utf8" in have:
        return env, "system locale"
    locpath = os.path.join(tmp, "locale")
    os.makedirs(locpath)
    r = subprocess.run(["localedef", "-i", "zh_CN", "-f", "UTF-8", os.path.join(locpath, "zh_CN.UTF-8")],
                       capture_output=True, text=True)
    if r.returncode == 0:
        env["LOCPATH"] = locpath
        return env, "generated with localedef"
    # No locale data (the locales package): C.UTF-8 still honours LANGUAGE.
    atspi.diag("localedef failed:", r.stderr.strip())
    env.update(LANG="C.UTF-8", LC_ALL="C.UTF-8")
    return env, "C.UTF-8 with LANGUAGE=zh_CN"


def cjk_font():
    r = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True)
    return r.stdout.strip().splitlines()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ferry", required=True)
    ap.add_argument("--out", default=os.path.join(HERE, "out"))
    args = ap.parse_args()

    if not os.access(args.ferry, os.X_OK):
        print("1..0 # SKIP ferry executable not built: %s" % args.ferry, flush=True)
        return 0
    tap = atspi.Tap()
    tmp = tempfile.mkdtemp(prefix="ferry-atspi-zh.")
    ferry = None
    log_path = os.path.join(tmp, "ferry.log")
    try:
        local = os.path.join(tmp, "本地")
        os.makedirs(os.path.join(local, CHINESE_FOLDER))
        with open(os.path.join(local, CHINESE_FILE), "w") as f:
            f.write("你好\n")

        fonts = cjk_font()
        tap.result(len(fonts) > 0, "a CJK font is installed (%s)" % (fonts[0] if fonts else "none"))

        zh, how = zh_locale(tmp)
        atspi.diag("zh_CN locale:", how)
        env = dict(os.environ, G_DEBUG="fatal-criticals", GSETTINGS_BACKEND="memory", **zh)
        # ferry must find the build's catalogs and schema by itself.
        for v in ("FERRY_LOCALEDIR", "GSETTINGS_SCHEMA_DIR", "TEXTDOMAINDIR"):
            env.pop(v, None)
        with open(log_path, "w") as log:
            ferry = subprocess.Popen([args.ferry, "--local-dir", local], env=env,
                                     stdin=subprocess.DEVNULL, stdout=log, stderr=log)
        app = atspi.wait_for(lambda: ferry.poll() is None and atspi.ferry_app(ferry.pid),
                             atspi.STARTUP_DEADLINE)
        if not tap.result(app is not None, "ferry starts and appears on the AT-SPI bus"):
            atspi.diag("ferry exit status:", ferry.poll())
            with open(log_path) as f:
                atspi.diag(f.read())
            return 1

        def in_view(acc):
            return acc.name in LABELS.values()

        for english, chinese in LABELS.items():
            found = atspi.wait_for(lambda: atspi.find_one(app, atspi.named(chinese), prune=in_view),
                                   atspi.STARTUP_DEADLINE)
            if not tap.result(found is not None, "%r reads %r" % (english, chinese)):
                atspi.diag("\n".join(atspi.dump(app)))
        page = atspi.find_one(app, lambda a: a.name == "未连接" or "未连接" in (a.name or ""), prune=in_view)
        tap.result(page is not None, "the remote pane says 未连接 (Not Connected)")

        local_view = atspi.find_one(app, atspi.named(LABELS["Local files"]), prune=in_view)
        row = atspi.wait_for(lambda: local_view and atspi.find_one(
            local_view, lambda a: CHINESE_FILE in (a.name or "") or CHINESE_FILE in atspi.accessible_text(a)
            if atspi.role(a) in ("label", "table cell") else False), atspi.STARTUP_DEADLINE)
        tap.result(row is not None, "the local list shows %s" % CHINESE_FILE)

        shot = os.path.join(args.out, "zh_CN-window.png")
        tap.result(atspi.screenshot(shot), "screenshot %s" % shot)
    finally:
        atspi.stop(ferry, "ferry")
        shutil.rmtree(tmp, ignore_errors=True)
    print("1..%d" % tap.n, flush=True)
    return 1 if tap.failed else 0


if __name__ == "__main__":
    sys.exit(main())
