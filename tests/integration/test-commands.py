#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every command of RFC 959's table (and FEAT, OPTS, EPSV, EPRT, MLSD, MLST,
SIZE, MDTM, MFMT) through ferry-cli — raw, the subcommands and the
get/put variants — against real servers on 127.0.0.1: pyftpdlib, vsftpd,
proftpd and pure-ftpd.  Assertions are on the replies and on the
server's file system.  ACCT (332 at login, 532 on STOR) runs against the
fault server, as no Debian server asks for an account.

What the servers do differently is part of the expectations below and
noted on stderr, e.g. vsftpd stores a TYPE A upload without converting
it back (ascii_upload_enable=NO), so it shows the CRLF the client sent.

TAP on stdout, notes on stderr.  FERRY_CLI names the binary;
FERRY_FAULT_SERVER the fault server.  Arguments: the servers to test and
"account" (default: all of them).
"""
import os
import re
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "servers"))
import harness  # noqa: E402
from harness import note, run_cli  # noqa: E402

TIMEOUT = ["--timeout", "10"]
HERE = os.path.dirname(os.path.abspath(__file__))
FAULT_SERVER = os.environ.get("FERRY_FAULT_SERVER",
                              os.path.join(HERE, "..", "fault", "fault-server.py"))

# Per-server facts the assertions depend on.
HAS_MLST = {"pyftpdlib": True, "vsftpd": False, "proftpd": True, "pure-ftpd": True}
HAS_REIN = {"pyftpdlib": True, "vsftpd": False, "proftpd": False, "pure-ftpd": False}
# A TYPE A upload of "a\nb\n" goes over the wire as "a\r\nb\r\n"; servers
# store it with their own line ends, except vsftpd (no conversion).
ASCII_STORED = {"pyftpdlib": b"a\nb\n", "vsftpd": b"a\r\nb\r\n",
                "proftpd": b"a\nb\n", "pure-ftpd": b"a\nb\n"}


def codes(out):
    """Reply codes of the final lines ("NNN text") in raw's output."""
    return [int(m.group(1)) for m in re.finditer(r"^(\d{3}) ", out, re.M)]


def raw(srv, *commands, path="/", extra=()):
    return run_cli(["raw", srv.url(path)] + list(commands) + TIMEOUT + list(extra), timeout=30)


class Checks:
    def __init__(self, tap, kind, srv, root, local):
        self.tap = tap
        self.kind = kind
        self.srv = srv
        self.root = root
        self.local = local

    def ok(self, cond, desc, r=None, extra=""):
        if r is not None and r.secs > 1:
            note("%s: slow (%.1f s): %s" % (self.kind, r.secs, desc))
        diag = (r.describe() + "\nstdout: " + r.out[-1500:] if r is not None else "") + extra
        return self.tap.ok(cond, "%s: %s" % (self.kind, desc), diag)

    def rpath(self, *parts):
        return os.path.join(self.root, *parts)

    def write(self, rel, data):
        """A file on the server, owned like the root (the launchers chown
        the tree to the FTP user, which must be able to change it)."""
        p = self.rpath(rel)
        with open(p, "wb") as f:
            f.write(data)
        st = os.stat(self.root)
        os.chown(p, st.st_uid, st.st_gid)

    def run(self):
        k, srv = self.kind, self.srv

        # USER/PASS (the login itself), SYST, NOOP, QUIT (raw ends with it)
        r = raw(srv, "SYST", "NOOP")
        c = codes(r.out)
        self.ok(r.rc == 0 and c[:2] == [215, 200] and "UNIX" in r.out,
                "USER/PASS login, SYST 215, NOOP 200", r)

        # PWD, CWD, CDUP
        r = raw(srv, "PWD", "CWD /sub dir", "PWD", "CDUP", "PWD")
        c = codes(r.out)
        pwds = re.findall(r'^257 "([^"]*)"', r.out, re.M)
        self.ok(r.rc == 0 and c[1] == 250 and c[3] in (200, 250) and
                pwds == ["/", "/sub dir", "/"], "PWD, CWD, CDUP move as asked", r)

        # MKD, RMD, DELE, RNFR/RNTO as raw commands; the file system agrees
        self.write("raw-victim.txt", b"bye\n")
        r = raw(srv, "MKD /raw dir", "RNFR /raw-victim.txt", "RNTO /raw dir/moved.txt")
        c = codes(r.out)
        moved = self.rpath("raw dir", "moved.txt")
        self.ok(r.rc == 0 and c[0] == 257 and c[1] == 350 and c[2] == 250 and
                os.path.exists(moved) and not os.path.exists(self.rpath("raw-victim.txt")),
                "MKD 257, RNFR 350 + RNTO 250 rename on disk", r)
        r = raw(srv, "DELE /raw dir/moved.txt", "RMD /raw dir")
        self.ok(r.rc == 0 and codes(r.out) == [250, 250] and not os.path.exists(self.rpath("raw dir")),
                "DELE and RMD remove from disk", r)

        # a failing last reply: exit 1, the reply printed
        r = raw(srv, "NOOP", "DELE /no such file")
        self.ok(r.rc == 1 and codes(r.out)[-1] == 550, "last reply 550 → exit 1, reply shown", r)

        # HELP, STAT, SITE
        r = raw(srv, "HELP")
        self.ok(r.rc == 0 and codes(r.out)[-1] == 214 and "RETR" in r.out.upper() or
                (k == "pure-ftpd" and r.rc == 0 and codes(r.out)[-1] == 214),
                "HELP 214 (lists commands)", r)
        r = raw(srv, "STAT")
        self.ok(r.rc == 0 and codes(r.out)[-1] == 211, "STAT 211 server status", r)
        r = raw(srv, "STAT /small.txt")
        self.ok(r.rc == 0 and codes(r.out)[-1] in (211, 212, 213) and "small.txt" in r.out,
                "STAT path lists the file over the control connection", r)
        r = raw(srv, "SITE HELP")
        self.ok(r.rc == 0 and codes(r.out)[-1] == 214, "SITE HELP 214", r)

        # MODE, STRU, TYPE, ALLO
        r = raw(srv, "MODE S", "STRU F", "TYPE A", "TYPE I", "ALLO 1000")
        c = codes(r.out)
        self.ok(r.rc == 0 and c[:4] == [200, 200, 200, 200] and c[4] in (200, 202),
                "MODE S, STRU F, TYPE A/I 200; ALLO 200/202", r)
        r = raw(srv, "MODE B")
        self.ok(r.rc == 1 and codes(r.out) == [504], "MODE B refused with 504, exit 1", r)
        r = raw(srv, "STRU R")
        self.ok(r.rc == 1 and codes(r.out) == [504], "STRU R refused with 504, exit 1", r)

        # SMNT: no Debian server mounts; the refusal is reported cleanly
        r = raw(srv, "SMNT /sub dir", "NOOP")
        c = codes(r.out)
        self.ok(r.rc == 0 and c[0] in (500, 502) and c[1] == 200,
                "SMNT refused (%s), connection still usable" % (c[:1] or "?"), r)

        # ABOR with nothing running
        r = raw(srv, "ABOR")
        self.ok(r.rc == 0 and codes(r.out)[-1] in (225, 226), "ABOR idle: 225/226", r)

        # FEAT and OPTS
        r = raw(srv, "FEAT")
        self.ok(r.rc == 0 and codes(r.out)[-1] == 211 and "EPSV" in r.out and "SIZE" in r.out,
                "FEAT 211 lists EPSV and SIZE", r)
        if HAS_MLST[k]:
            r = raw(srv, "OPTS MLST type;size;")
            self.ok(r.rc == 0 and codes(r.out) == [200], "OPTS MLST 200", r)
        else:
            r = raw(srv, "OPTS UTF8 ON")
            self.ok(r.rc == 0 and codes(r.out) == [200], "OPTS UTF8 ON 200", r)

        # SIZE, MDTM, MLST, MFMT
        r = raw(srv, "SIZE /small.txt", "MDTM /small.txt")
        self.ok(r.rc == 0 and "213 43" in r.out and re.search(r"^213 \d{14}", r.out, re.M),
                "SIZE 213 43, MDTM 213 YYYYMMDDHHMMSS", r)
        if HAS_MLST[k]:
            r = raw(srv, "MLST /small.txt")
            self.ok(r.rc == 0 and codes(r.out)[-1] == 250 and
                    re.search(r"^ .*size=43;.*small\.txt$", r.out, re.M | re.I),
                    "MLST 250 with the fact line", r)
            r = raw(srv, "MFMT 20200102030405 /small.txt")
            mt = os.stat(self.rpath("small.txt")).st_mtime
            want = 1577934245      # 2020-01-02 03:04:05 UTC
            self.ok(r.rc == 0 and codes(r.out) == [213] and abs(mt - want) < 1,
                    "MFMT sets the file's time on disk", r, "\nmtime %s" % mt)
        else:
            r = raw(srv, "MLST /small.txt")
            self.ok(r.rc == 1 and codes(r.out)[-1] in (500, 502), "MLST unknown: 500, exit 1", r)

        # listings through raw: LIST, NLST, MLSD (EPSV/EPRT underneath)
        for extra, how in (([], "EPSV"), (["--active"], "EPRT")):
            r = raw(srv, "LIST", "NLST", extra=extra)
            lines = r.out.splitlines()
            self.ok(r.rc == 0 and any(l.endswith(" small.txt") and l.startswith("-") for l in lines) and
                    "small.txt" in lines and codes(r.out).count(226) == 2,
                    "LIST (ls -l lines) and NLST (bare names) over %s" % how, r)
        r = raw(srv, "MLSD")
        if HAS_MLST[k]:
            self.ok(r.rc == 0 and re.search(r"type=file;.*small\.txt", r.out, re.I),
                    "MLSD lists facts", r)
        else:
            self.ok(r.rc == 1 and codes(r.out)[-1] in (500, 502), "MLSD unknown: 500, exit 1", r)

        # raw refuses transfers that need a data connection it cannot use
        for cmd in ("RETR /small.txt", "STOR x", "PASV", "PORT 127,0,0,1,4,1"):
            r = raw(srv, cmd)
            self.ok(r.rc == 2 and "data connection" in r.err and r.out == "",
                    "raw refuses %s before connecting" % cmd.split()[0], r)

        # subcommands mkdir, rmdir, rm, mv
        base = "/cmd dir"
        r = run_cli(["mkdir", srv.url(base)] + TIMEOUT)
        ok = r.rc == 0 and os.path.isdir(self.rpath("cmd dir"))
        src = os.path.join(self.local, "f.txt")
        with open(src, "wb") as f:
            f.write(b"content\n")
        r2 = run_cli(["put", src, srv.url(base + "/f.txt")] + TIMEOUT)
        r3 = run_cli(["mv", srv.url(base + "/f.txt"), "g.txt"] + TIMEOUT)
        ok = ok and r2.rc == 0 and r3.rc == 0 and os.path.exists(self.rpath("cmd dir", "g.txt"))
        r4 = run_cli(["rm", srv.url(base + "/g.txt")] + TIMEOUT)
        r5 = run_cli(["rmdir", srv.url(base)] + TIMEOUT)
        self.ok(ok and r4.rc == 0 and r5.rc == 0 and not os.path.exists(self.rpath("cmd dir")),
                "mkdir, mv, rm, rmdir subcommands", r5,
                "\n".join(x.describe() for x in (r, r2, r3, r4)))
        r = run_cli(["rm", srv.url("/no-such-file")] + TIMEOUT)
        self.ok(r.rc == 1 and "550" in r.err, "rm of a missing file: 550, exit 1", r)

        # rm -r (FerryConnection's recursive delete): files, nested and
        # empty folders go in one command; a file is deleted too
        st = os.stat(self.root)
        for d in ("tree", "tree/a", "tree/a/b", "tree/empty"):
            os.mkdir(self.rpath(d))
            os.chown(self.rpath(d), st.st_uid, st.st_gid)
        for f in ("tree/top.txt", "tree/a/one.txt", "tree/a/b/two.txt"):
            self.write(f, b"x\n")
        r = run_cli(["rm", "-r", "-v", srv.url("/tree")] + TIMEOUT)
        self.ok(r.rc == 0 and not os.path.exists(self.rpath("tree")) and "7 deleted" in r.err,
                "rm -r deletes a tree (3 files, 4 folders)", r)
        self.write("lone.txt", b"y\n")
        r = run_cli(["rm", "-r", srv.url("/lone.txt")] + TIMEOUT)
        self.ok(r.rc == 0 and not os.path.exists(self.rpath("lone.txt")), "rm -r of a file deletes it", r)
        r = run_cli(["rm", "-r", srv.url("/no-such-dir")] + TIMEOUT)
        self.ok(r.rc == 1 and "550" in r.err, "rm -r of nothing: 550, exit 1", r)

        # TYPE A upload and download
        src = os.path.join(self.local, "lf.txt")
        with open(src, "wb") as f:
            f.write(b"a\nb\n")
        r = run_cli(["put", "--ascii", src, srv.url("/ascii.txt")] + TIMEOUT)
        try:
            with open(self.rpath("ascii.txt"), "rb") as f:
                stored = f.read()
        except OSError:
            stored = None
        self.ok(r.rc == 0 and stored == ASCII_STORED[k],
                "put --ascii: stored %r" % ASCII_STORED[k], r, "\nstored %r" % stored)
        self.write("text.txt", b"one\ntwo\n\nthree\n")
        dst = os.path.join(self.local, "text.txt")
        r = run_cli(["get", "--ascii", srv.url("/text.txt"), dst] + TIMEOUT)
        got = open(dst, "rb").read() if os.path.exists(dst) else None
        self.ok(r.rc == 0 and got == b"one\ntwo\n\nthree\n",
                "get --ascii of an LF file: same LF text here", r, "\ngot %r" % got)

        # APPE
        self.write("log.txt", b"first\n")
        more = os.path.join(self.local, "more.txt")
        with open(more, "wb") as f:
            f.write(b"second\n")
        r = run_cli(["put", "--append", more, srv.url("/log.txt")] + TIMEOUT)
        r2 = run_cli(["put", "--append", more, srv.url("/new-by-appe.txt")] + TIMEOUT)
        self.ok(r.rc == 0 and open(self.rpath("log.txt"), "rb").read() == b"first\nsecond\n" and
                r2.rc == 0 and os.path.exists(self.rpath("new-by-appe.txt")),
                "APPE appends to a file, creates a missing one", r, r2.describe())

        # STOU: two uploads, two new names
        before = set(os.listdir(self.rpath("incoming")))
        names = []
        for _ in range(2):
            r = run_cli(["put", "--unique", more, srv.url("/incoming/")] + TIMEOUT)
            names.append(r.out.strip() if r.rc == 0 else None)
        after = set(os.listdir(self.rpath("incoming")))
        new = after - before
        okn = all(names) and names[0] != names[1] and len(new) == 2 and \
            all(os.path.basename(n) in new for n in names) and \
            all(open(self.rpath("incoming", n), "rb").read() == b"second\n" for n in new)
        self.ok(okn, "STOU stores under two new server-chosen names %s" % names, r,
                "\nnew files %r" % sorted(new))

        # REIN
        if HAS_REIN[k]:
            r = raw(srv, "REIN", "PWD", "USER %s" % srv.user, "PASS %s" % srv.password, "PWD")
            c = codes(r.out)
            self.ok(r.rc == 0 and c[0] in (220, 230) and c[1] == 530 and c[2] == 331 and
                    c[3] == 230 and c[4] == 257 and srv.password not in r.out,
                    "REIN logs out: PWD 530 until USER/PASS again", r)
        else:
            r = raw(srv, "REIN", "PWD")
            c = codes(r.out)
            self.ok(r.rc == 0 and c[0] in (500, 502) and c[1] == 257,
                    "REIN not implemented (%s), session unchanged" % (c[:1] or "?"), r)

        # ACCT sent to a server that never asked
        r = raw(srv, "ACCT acct-x", "NOOP")
        c = codes(r.out)
        self.ok(r.rc == 0 and c[0] in (202, 230, 500, 502, 503) and c[1] == 200 and
                "acct-x" not in r.out, "unasked ACCT answered (%s), cleanly" % (c[:1] or "?"), r)


def check_ascii_boundaries(tap, srv, root, local):
    """vsftpd does not convert (ascii_*_enable=NO): what it stores and sends
    is exactly what the client converted.  Several MB with lines of every
    length put CRs at every buffer boundary."""
    import random
    rnd = random.Random(959)
    lines = [b"x" * rnd.randrange(0, 300) for _ in range(30000)]
    lf = b"\n".join(lines) + b"\n"
    crlf = lf.replace(b"\n", b"\r\n")
    src = os.path.join(local, "big-lf.txt")
    with open(src, "wb") as f:
        f.write(lf)
    r = run_cli(["put", "--ascii", src, srv.url("/big-ascii.txt")] + TIMEOUT, timeout=60)
    with open(os.path.join(root, "big-ascii.txt"), "rb") as f:
        stored = f.read()
    tap.ok(r.rc == 0 and stored == crlf,
           "vsftpd: put --ascii of %d bytes: every LF is CRLF on the wire" % len(lf),
           r.describe() + "\nstored %d bytes, want %d" % (len(stored), len(crlf)))
    dst = os.path.join(local, "big-back.txt")
    r = run_cli(["get", "--ascii", srv.url("/big-ascii.txt"), dst] + TIMEOUT, timeout=60)
    got = open(dst, "rb").read() if os.path.exists(dst) else b""
    tap.ok(r.rc == 0 and got == lf,
           "vsftpd: get --ascii of %d CRLF bytes: LF here, CRs across buffers" % len(crlf),
           r.describe() + "\ngot %d bytes, want %d" % (len(got), len(lf)))
    with open(os.path.join(root, "lone-cr.txt"), "wb") as f:
        f.write(b"a\rb\r\nc\r")
    dst = os.path.join(local, "lone-cr.txt")
    r = run_cli(["get", "--ascii", srv.url("/lone-cr.txt"), dst] + TIMEOUT)
    got = open(dst, "rb").read() if os.path.exists(dst) else None
    tap.ok(r.rc == 0 and got == b"a\rb\nc\r", "vsftpd: get --ascii keeps lone CRs (also a last one)",
           r.describe() + "\ngot %r" % got)


def check_abort_upload(tap, kind, variant):
    """SIGINT during a throttled upload: ABOR, the server's answer read, the
    session ends with QUIT/221 (the control connection stayed in step),
    and the server still serves."""
    base = harness.temp_dir("ferry-cmd-abor-%s-" % kind)
    root = os.path.join(base, "remote")
    os.mkdir(root, 0o755)
    os.mkdir(os.path.join(root, "incoming"), 0o777)
    srv = harness.start_server(kind, root, max_rate=2 * 1000 * 1000)
    src = os.path.join(base, "upload.bin")
    harness.write_pattern_file(src, 40 * 1000 * 1000)
    how = "STOR" if not variant else "APPE"
    name = "upload-%s.bin" % how
    argv = [harness.ferry_cli(), "put"] + variant + [src, srv.url("/incoming/" + name),
                                                     "-v"] + TIMEOUT
    p = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, start_new_session=True)
    target = os.path.join(root, "incoming", name)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and (not os.path.exists(target) or
                                           os.path.getsize(target) < 500000):
        time.sleep(0.05)
    p.send_signal(signal.SIGINT)
    try:
        out, err = p.communicate(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        out, err = p.communicate()
        tap.ok(False, "%s: SIGINT during %s upload stops it" % (kind, how), "hung after SIGINT")
        srv.stop()
        return
    err = err.decode(errors="replace")
    after_abor = err.split("> ABOR", 1)[1] if "> ABOR" in err else ""
    size = os.path.getsize(target) if os.path.exists(target) else -1
    tap.ok(p.returncode == 130 and after_abor and "> QUIT" in after_abor and
           "< 221" in after_abor and 0 < size < 40 * 1000 * 1000,
           "%s: SIGINT mid-%s: ABOR, replies read, QUIT 221 (stored %d bytes)" % (kind, how, size),
           "rc %s\n%s" % (p.returncode, err[-1500:]))
    r = run_cli(["ls", srv.url("/incoming/")] + TIMEOUT)
    tap.ok(r.rc == 0 and name in r.out,
           "%s: server serves after the aborted %s" % (kind, how),
           r.describe())
    srv.stop()


def start_fault(scenario, report):
    p = subprocess.Popen(["/usr/bin/python3", FAULT_SERVER, "--scenario", scenario,
                          "--report", report],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, start_new_session=True)
    line = p.stdout.readline().decode().split()
    return p, int(line[1])


def check_account(tap):
    base = harness.temp_dir("ferry-cmd-acct-")
    report = os.path.join(base, "report.jsonl")
    p, port = start_fault("needs-account", report)
    try:
        url = "ftp://someone:pw@127.0.0.1:%d/" % port
        r = run_cli(["raw", url, "PWD", "--account", "secret"] + TIMEOUT)
        tap.ok(r.rc == 0 and codes(r.out) == [257] and "secret" not in r.err + r.out,
               "332 after PASS: ACCT from --account, logged in", r.describe() + r.out)
        r = run_cli(["raw", url, "PWD", "-v", "--account", "secret"] + TIMEOUT)
        tap.ok(r.rc == 0 and "ACCT ****" in r.out + r.err and "secret" not in r.out + r.err,
               "ACCT is masked in the log", r.describe())
        r = run_cli(["raw", url, "PWD"] + TIMEOUT)
        tap.ok(r.rc == 1 and "332" in r.err and "account" in r.err.lower(),
               "332 without an account: exit 1, says so", r.describe())
        r = run_cli(["ls", url, "--account", "secret"] + TIMEOUT)
        tap.ok(r.rc == 0 and "ok.txt" in r.out, "ls --account: 332 answered, listing shown",
               r.describe())
        r = run_cli(["raw", url, "PWD", "--account", "wrong"] + TIMEOUT)
        tap.ok(r.rc == 1 and "530" in r.err, "332 then a wrong account: 530", r.describe())
    finally:
        p.stdin.close()
        p.terminate()
        p.wait()

    p, port = start_fault("store-needs-account", report)
    try:
        src = os.path.join(base, "up.bin")
        with open(src, "wb") as f:
            f.write(os.urandom(12345))
        url = "ftp://someone:pw@127.0.0.1:%d/up.bin" % port
        open(report, "w").close()
        r = run_cli(["put", "--append", src, url, "--account", "secret"] + TIMEOUT)
        events = [l for l in open(report).read().splitlines() if '"stored"' in l]
        tap.ok(r.rc == 0 and len(events) == 1 and '"size": 12345' in events[0],
               "532 on APPE: ACCT, then the upload goes through", r.describe() + repr(events))
        r = run_cli(["put", "--append", src, url] + TIMEOUT)
        tap.ok(r.rc == 1 and "532" in r.err, "532 without an account: exit 1 with 532",
               r.describe())
    finally:
        p.stdin.close()
        p.terminate()
        p.wait()


def main():
    """Arguments: server kinds and/or "account" (default: everything);
    meson runs one server per test to keep each under a minute."""
    parts = sys.argv[1:] or \
        (os.environ.get("FERRY_TEST_SERVERS", "").split() or list(harness.ALL_KINDS)) + ["account"]
    tap = harness.Tap()
    for kind in parts:
        if kind == "account":
            continue
        why = harness.can_run(kind)
        if why is not None:
            if "root" in why:
                tap.skip("%s: commands" % kind, why)
            else:
                tap.ok(False, "%s: server available" % kind, why)
            continue
        base = harness.temp_dir("ferry-cmd-%s-" % kind)
        root = os.path.join(base, "remote")
        local = os.path.join(base, "local")
        os.mkdir(root, 0o755)
        os.mkdir(local, 0o755)
        harness.make_tree(root, big=False)
        srv = harness.start_server(kind, root)
        t0 = time.monotonic()
        Checks(tap, kind, srv, root, local).run()
        if kind == "vsftpd":
            check_ascii_boundaries(tap, srv, root, local)
        srv.stop()
        if kind in ("pyftpdlib", "vsftpd"):
            check_abort_upload(tap, kind, [])
            check_abort_upload(tap, kind, ["--append"])
        note("%s: %.1f s" % (kind, time.monotonic() - t0))
    if "account" in parts:
        check_account(tap)
    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
