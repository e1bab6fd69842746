#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""End-to-end UI test, driven from outside as a person would.

Starts the real `ferry` against a pyftpdlib server on loopback, finds the
"Remote files" and "Local files" views over AT-SPI, drags a 3 MiB file from
the remote view onto the local one with real X pointer events (xdotool), and
checks that the file arrives byte for byte, that the "Session log" shows the
226 reply to its RETR, and that the file's row in the "Transfers" list has its progress
bar at 100 % (AT-SPI value).

Run it inside tests/ui/atspi-session (Xvfb + D-Bus + AT-SPI):

  atspi-session test-atspi-drag.py --ferry BUILD/src/ui/ferry \\
      --server tests/servers/pyftpd.py [--out DIR]

Output is TAP on stdout; diagnostics go to stderr.  The whole test is
skipped ("1..0 # SKIP") only when the ferry executable does not exist.
"""
import argparse
import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import pyatspi

DRAG_FILE = "big.bin"
DRAG_SIZE = 3 * 1024 * 1024 + 4321   # not a multiple of any buffer size
TRANSFER_DEADLINE = 20.0
STARTUP_DEADLINE = 10.0


T0 = time.monotonic()


def diag(*args):
    print("# [%5.2f]" % (time.monotonic() - T0), *args, file=sys.stderr, flush=True)


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def result(self, ok, name):
        self.n += 1
        if not ok:
            self.failed += 1
        print("%s %d - %s" % ("ok" if ok else "not ok", self.n, name), flush=True)
        return ok


def wait_for(pred, deadline, step=0.05):
    """Polls pred() until it returns something true or the deadline passes."""
    end = time.monotonic() + deadline
    while True:
        try:
            v = pred()
        except Exception as e:  # the tree changes under us; retry
            diag("retrying after", type(e).__name__, e)
            v = None
        if v:
            return v
        if time.monotonic() >= end:
            return None
        time.sleep(step)


# --- AT-SPI helpers -------------------------------------------------------

def children(acc):
    try:
        n = acc.childCount
    except Exception:
        return
    for i in range(n):
        try:
            c = acc.getChildAtIndex(i)
        except Exception:
            continue
        if c is not None:
            yield c


FILE_VIEWS = ("Remote files", "Local files")


def in_file_view(acc):
    return acc.name in FILE_VIEWS


def find_all(root, pred, limit=None, depth=40, prune=None):
    """Depth-first search below root (root included).  prune(acc) true:
    do not look inside acc.  Every AT-SPI query is a D-Bus round trip and a
    file view holds several nodes per row, so searches for anything but a
    file skip the file views."""
    out = []
    stack = [(root, 0)]
    while stack:
        acc, d = stack.pop()
        try:
            if pred(acc):
                out.append(acc)
                if limit and len(out) >= limit:
                    return out
        except Exception:
            pass
        try:
            if acc is not root and prune is not None and prune(acc):
                continue
        except Exception:
            pass
        if d < depth:
            stack.extend((c, d + 1) for c in reversed(list(children(acc))))
    return out


def find_one(root, pred, prune=None):
    r = find_all(root, pred, limit=1, prune=prune)
    return r[0] if r else None


def named(name):
    return lambda a: a.name == name


def role(acc):
    try:
        return acc.getRoleName()
    except Exception:
        return "?"


def ferry_app(pid):
    desktop = pyatspi.Registry.getDesktop(0)
    for app in children(desktop):
        try:
            if app.get_process_id() == pid:
                return app
        except Exception:
            continue
    return None


def dump(acc, depth=0, maxdepth=30, out=None):
    """The accessible tree as text, for failure reports; at most 12
    children per node so long listings stay readable."""
    out = out if out is not None else []
    out.append("%s%s %r" % ("  " * depth, role(acc), acc.name))
    if depth < maxdepth and len(out) < 300:
        for i, c in enumerate(children(acc)):
            if i == 12:
                out.append("%s..." % ("  " * (depth + 1)))
                break
            dump(c, depth + 1, maxdepth, out)
    return out


def accessible_text(acc):
    """All text of an accessible: its Text interface, else its descendants'
    names and texts, one per line."""
    lines = []
    for a in [acc] + find_all(acc, lambda x: x is not acc, prune=in_file_view):
        try:
            t = a.queryText()
            lines.append(t.getText(0, t.characterCount))
            continue
        except (NotImplementedError, Exception):
            pass
        if a.name:
            lines.append(a.name)
    return "\n".join(lines)


def extents(acc):
    # GTK 4.8 reports positions relative to the toplevel window whatever
    # coordinate type is asked for ("Screen coordinates not supported"), so
    # the caller adds the window's origin on the X screen.
    e = acc.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
    return e.x, e.y, e.width, e.height


def ancestor_with_role(acc, roles):
    a = acc
    while a is not None:
        if role(a) in roles:
            return a
        try:
            a = a.parent
        except Exception:
            return None
    return None


# --- X helpers ------------------------------------------------------------

def xdotool(*args):
    r = subprocess.run(["xdotool"] + [str(a) for a in args],
                       capture_output=True, text=True, timeout=10)
    if r.returncode != 0:
        raise RuntimeError("xdotool %s: %s" % (" ".join(map(str, args)), r.stderr.strip()))
    return r.stdout


def window_origin(pid):
    """Top-left corner of ferry's visible X window on the screen."""
    def find():
        r = subprocess.run(["xdotool", "search", "--onlyvisible", "--pid", str(pid)],
                           capture_output=True, text=True, timeout=5)
        ids = r.stdout.split()
        return ids[0] if ids else None
    wid = wait_for(find, STARTUP_DEADLINE)
    if not wid:
        return None
    geo = dict(line.split("=", 1) for line in
               xdotool("getwindowgeometry", "--shell", wid).split() if "=" in line)
    return int(geo["X"]), int(geo["Y"])


def screenshot(path):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    r = subprocess.run(["import", "-window", "root", path],
                       capture_output=True, text=True, timeout=15)
    if r.returncode != 0:
        diag("import failed:", r.stderr.strip())
        return False
    diag("screenshot:", path)
    return True


# --- the test ---------------------------------------------------------------

def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def start_server(script, root):
    srv = subprocess.Popen(["/usr/bin/python3", script, "--root", root, "--user", "u:p"],
                           stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    line = srv.stdout.readline()
    m = re.match(r"PORT (\d+)", line)
    if not m:
        srv.kill()
        raise RuntimeError("pyftpd.py did not start: %r" % line)
    return srv, int(m.group(1))


def stop(proc, name):
    if proc is None or proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        diag(name, "ignored SIGTERM; killing it")
        proc.kill()
        proc.wait()


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument("--ferry", required=True)
    ap.add_argument("--server", default=os.path.join(here, "..", "servers", "pyftpd.py"))
    ap.add_argument("--out", default=os.path.join(here, "out"))
    args = ap.parse_args()

    if not os.access(args.ferry, os.X_OK):
        # Under meson's TAP protocol a skip is this plan line with status 0
        # (exit status 77 would count as an error).
        print("1..0 # SKIP ferry executable not built: %s" % args.ferry, flush=True)
        return 0
    if not os.environ.get("DISPLAY"):
        print("Bail out! no DISPLAY: run me inside tests/ui/atspi-session", flush=True)
        return 1

    tap = Tap()
    tmp = tempfile.mkdtemp(prefix="ferry-atspi-drag.")
    srv = ferry = None
    ferry_log = os.path.join(tmp, "ferry.log")
    shot = os.path.join(args.out, "atspi-drag.png")
    t_start = time.monotonic()
    try:
        root = os.path.join(tmp, "remote")
        local = os.path.join(tmp, "local")
        os.makedirs(os.path.join(root, "docs"))
        os.makedirs(local)
        with open(os.path.join(root, DRAG_FILE), "wb") as f:
            f.write(os.urandom(DRAG_SIZE))
        with open(os.path.join(root, "readme.txt"), "w") as f:
            f.write("Ferry test server\n")
        with open(os.path.join(root, "notes.md"), "w") as f:
            f.write("# notes\n" * 20)
        # A file in the local folder keeps its view from showing an
        # "empty folder" page instead of the list.
        with open(os.path.join(local, "already-here.txt"), "w") as f:
            f.write("local\n")
        want = sha256(os.path.join(root, DRAG_FILE))

        srv, port = start_server(args.server, root)
        diag("pyftpd on port", port)

        url = "ftp://u:p@127.0.0.1:%d/" % port
        # A GLib critical in ferry is a bug: make it abort so the test fails.
        env = dict(os.environ, G_DEBUG="fatal-criticals")
        with open(ferry_log, "w") as log:
            ferry = subprocess.Popen([args.ferry, "--local-dir", local, url], env=env,
                                     stdin=subprocess.DEVNULL, stdout=log, stderr=log)
        diag("ferry pid", ferry.pid, "url", url)

        # 1. ferry shows up on the accessibility bus.
        app = wait_for(lambda: ferry.poll() is None and ferry_app(ferry.pid), STARTUP_DEADLINE)
        if not tap.result(app is not None, "ferry appears on the AT-SPI bus"):
            diag("ferry exit status:", ferry.poll())
            raise Abort()

        # 2. both file views, by accessible name.
        def both_views():
            r = find_one(app, named("Remote files"), prune=in_file_view)
            lv = find_one(app, named("Local files"), prune=in_file_view)
            return (r, lv) if r is not None and lv is not None else None
        views = wait_for(both_views, STARTUP_DEADLINE)
        if not tap.result(views is not None, 'views named "Remote files" and "Local files" exist'):
            raise Abort()
        remote_view, local_view = views
        diag("remote view role:", role(remote_view), "local view role:", role(local_view))

        # 3. the listing arrives: a cell/label named big.bin in Remote files.
        def visible_item():
            # Prefer a visible cell with a real size (GTK 4.8 sets SHOWING
            # on the window only), not a recycled row waiting for reuse.
            for a in find_all(remote_view, named(DRAG_FILE), limit=20):
                try:
                    showing = a.getState().contains(pyatspi.STATE_VISIBLE)
                except Exception:
                    showing = False
                if showing and extents(a)[2] > 0 and extents(a)[3] > 0:
                    return a
            return None
        item = wait_for(visible_item, STARTUP_DEADLINE)
        if not tap.result(item is not None, "Remote files lists %s" % DRAG_FILE):
            raise Abort()

        # 4. drag it onto Local files with real pointer events.
        origin = window_origin(ferry.pid)
        if origin is None:
            diag("no visible X window for pid", ferry.pid)
            origin = (0, 0)
        row = ancestor_with_role(item, ("table row", "list item", "tree item")) or item
        ix, iy, iw, ih = extents(item)
        lx, ly, lw, lh = extents(local_view)
        a = local_view
        while lw <= 0 or lh <= 0:
            # A hidden list reports no size; aim at what holds it.
            a = a.parent
            if a is None or role(a) in ("frame", "window", "application"):
                break
            lx, ly, lw, lh = extents(a)
        diag("window origin", origin, "item", (ix, iy, iw, ih), "row role", role(row),
             "local view", (lx, ly, lw, lh))
        # Grab the file by its name, drop it low in the local view, away
        # from any rows (a drop onto a folder row would mean "into it").
        sx, sy = origin[0] + ix + min(iw // 2, 20), origin[1] + iy + ih // 2
        tx, ty = origin[0] + lx + lw // 2, origin[1] + ly + max(lh * 3 // 4, lh - 30)
        xdotool("mousemove", sx, sy)
        time.sleep(0.1)
        xdotool("mousedown", 1)
        time.sleep(0.1)
        steps = 6
        for i in range(1, steps + 1):
            xdotool("mousemove", sx + (tx - sx) * i // steps, sy + (ty - sy) * i // steps)
            time.sleep(0.05)
        xdotool("mousemove", tx, ty)
        time.sleep(0.1)
        xdotool("mouseup", 1)
        t_drop = time.monotonic()
        diag("dropped at", (tx, ty))

        got = os.path.join(local, DRAG_FILE)

        def arrived():
            if not os.path.isfile(got) or os.path.getsize(got) != DRAG_SIZE:
                return False
            return sha256(got) == want
        ok = wait_for(arrived, TRANSFER_DEADLINE, step=0.1)
        if ok:
            diag("file arrived %.2f s after the drop" % (time.monotonic() - t_drop))
        else:
            diag("local dir holds:", sorted(os.listdir(local)),
                 "size:", os.path.getsize(got) if os.path.exists(got) else None)
        tap.result(bool(ok), "dragged %s arrives in the local dir, identical bytes" % DRAG_FILE)

        # 5. Session log shows the 226 reply.
        log_acc = find_one(app, named("Session log"), prune=in_file_view)
        text = ""
        if log_acc is not None:
            def has_226():
                nonlocal text
                text = accessible_text(log_acc)
                # The listing ends with a 226 too: only a 226 after the
                # RETR of our file proves the download was logged.
                lines = text.splitlines()
                retr = [i for i, ln in enumerate(lines) if "RETR" in ln and DRAG_FILE in ln]
                return bool(retr) and any(re.search(r"(^|\D)226(\D|$)", ln)
                                          for ln in lines[retr[-1] + 1:])
            found = wait_for(has_226, 3.0, step=0.1)
        else:
            found = False
            diag('no accessible named "Session log"')
        if not found:
            diag("session log text (last 20 lines):")
            for ln in text.splitlines()[-20:]:
                diag("  ", ln)
        tap.result(bool(found), 'the "Session log" shows RETR %s, then a 226 reply' % DRAG_FILE)

        # 6. Transfers list: the row of this file has its bar at 100 %.
        LIST_ROLES = ("list", "list box", "table", "tree table", "tree")

        def transfers_list():
            # Several accessibles may be called "Transfers" (a page tab, a
            # stack page, the list itself): take the list.
            found = find_all(app, named("Transfers"), prune=in_file_view)
            lists = [a for a in found if role(a) in LIST_ROLES]
            if not lists:
                diag('accessibles named "Transfers":', [role(a) for a in found])
            return lists[0] if lists else None
        tr = transfers_list()
        if tr is None:
            tap.result(False, 'the "Transfers" list shows %s at 100 %% '
                       '(no list named "Transfers" over AT-SPI)' % DRAG_FILE)
        else:
            def mentions_file(a):
                return find_one(a, lambda x: DRAG_FILE in (x.name or "")) is not None

            def full_bar():
                scope = tr
                vals = []
                for b in find_all(scope, lambda a: role(a) == "progress bar"):
                    v = b.queryValue()
                    # Climb to the bar's row (not to the list, which would
                    # mix rows up) and check that the row names our file.
                    row_acc, mine = b, False
                    for _ in range(5):
                        row_acc = row_acc.parent
                        if row_acc is None or role(row_acc) in LIST_ROLES:
                            break
                        if mentions_file(row_acc):
                            mine = True
                            break
                    vals.append((b.name, v.currentValue, v.maximumValue, mine))
                full_bar.vals = vals
                return any(mine and mx > 0 and cur >= mx - 1e-6 for _, cur, mx, mine in vals)
            full_bar.vals = []
            ok = wait_for(full_bar, 3.0, step=0.1)
            diag("progress bars in Transfers (name, value, max, row names file):",
                 full_bar.vals)
            tap.result(bool(ok), 'the "Transfers" list shows %s at 100 %%' % DRAG_FILE)
    except Abort:
        pass
    except Exception as e:
        tap.result(False, "unexpected error: %s: %s" % (type(e).__name__, e))
    finally:
        tap.result(screenshot(shot), "screenshot saved to %s" % os.path.relpath(shot))
        if tap.failed and ferry is not None and ferry.poll() is None:
            a = ferry_app(ferry.pid)
            if a is not None:
                diag("accessible tree:")
                for ln in dump(a):
                    diag(ln)
        if ferry is not None and ferry.poll() is not None:
            tap.result(False, "ferry kept running (it exited with status %d)" % ferry.returncode)
        stop(ferry, "ferry")
        stop(srv, "pyftpd")
        if os.path.exists(ferry_log):
            with open(ferry_log, errors="replace") as f:
                tail = f.read()[-4000:]
            if tail.strip():
                diag("ferry output (tail):")
                for ln in tail.splitlines():
                    diag("  ", ln)
        shutil.rmtree(tmp, ignore_errors=True)
        diag("total %.1f s" % (time.monotonic() - t_start))

    print("1..%d" % tap.n, flush=True)
    return 1 if tap.failed else 0


class Abort(Exception):
    pass


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    sys.exit(main())
