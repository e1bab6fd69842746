#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Translations: every file with translatable strings is in po/POTFILES.in
(else its strings never reach a translator), every shipped language
compiles with msgfmt --check and is complete (no untranslated or fuzzy
message), and has every string the code marks today (xgettext over the
C and .ui files, msgcmp), so a string added without `ninja ferry-update-po`
is caught too.  TAP on stdout."""
import os
import re
import subprocess
import sys
import tempfile

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
MARK = {
    ".c": re.compile(r'\b(?:N?_|C_|NC_|ngettext|g_dngettext)\s*\(\s*"'),
    ".ui": re.compile(r'translatable="yes"'),
}


def main():
    n = 0
    failed = 0

    def ok(cond, what, diag=None):
        nonlocal n, failed
        n += 1
        print("%s %d - %s" % ("ok" if cond else "not ok", n, what))
        if not cond:
            failed += 1
            for line in (diag or "").splitlines():
                print("# " + line)

    with open(os.path.join(TOP, "po", "POTFILES.in"), encoding="utf-8") as f:
        listed = {l.strip() for l in f if l.strip() and not l.startswith("#")}
    marked = set()
    for sub in ("src", "ui", "data"):
        for dirpath, _, files in os.walk(os.path.join(TOP, sub)):
            for name in files:
                rx = MARK.get(os.path.splitext(name)[1])
                if rx is None:
                    continue
                path = os.path.join(dirpath, name)
                with open(path, encoding="utf-8", errors="replace") as f:
                    if rx.search(f.read()):
                        marked.add(os.path.relpath(path, TOP))
    # ferry-cli prints for scripts and logs: English on purpose.
    missing = sorted(p for p in marked - listed if not p.startswith("src/cli/"))
    ok(not missing, "every file with translatable strings is in po/POTFILES.in",
       "missing: " + ", ".join(missing))
    gone = sorted(p for p in listed if not os.path.exists(os.path.join(TOP, p)))
    ok(not gone, "every file in po/POTFILES.in exists", "gone: " + ", ".join(gone))

    with open(os.path.join(TOP, "po", "LINGUAS"), encoding="utf-8") as f:
        langs = [w for l in f if not l.startswith("#") for w in l.split()]
    ok("zh_CN" in langs, "zh_CN is shipped (po/LINGUAS)")
    for lang in langs:
        po = os.path.join(TOP, "po", lang + ".po")
        r = subprocess.run(["msgfmt", "--check", "--statistics", "-o", os.devnull, po],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        stats = r.stdout.strip()
        ok(r.returncode == 0, "%s.po passes msgfmt --check" % lang, stats)
        ok(r.returncode == 0 and "fuzzy" not in stats and "untranslated" not in stats,
           "%s.po is complete (%s)" % (lang, stats.splitlines()[-1] if stats else "?"), stats)

    # What the code marks now (the C and .ui files; the data files'
    # strings change rarely and need meson's ITS rules).
    sources = sorted(p for p in listed if p.endswith((".c", ".ui")))
    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, "ferry.pot")
        r = subprocess.run(["xgettext", "--from-code=UTF-8", "--keyword=_", "--keyword=N_",
                            "--keyword=C_:1c,2", "--keyword=NC_:1c,2", "--keyword=g_dngettext:2,3",
                            "--keyword=ngettext:1,2", "-o", pot, "-D", TOP] + sources,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        ok(r.returncode == 0, "xgettext reads the marked sources", r.stdout)
        for lang in langs:
            po = os.path.join(TOP, "po", lang + ".po")
            m = subprocess.run(["msgcmp", po, pot], stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
            missing = [l for l in m.stdout.splitlines() if "not used" not in l]
            ok(r.returncode == 0 and m.returncode == 0,
               "%s.po translates every string the code marks now" % lang,
               "\n".join(missing[:20]) + "\nrun: ninja -C BUILD ferry-update-po, then translate")

    print("1..%d" % n)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
