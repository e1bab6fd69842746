#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Drives the real ferry-cli against real servers (pyftpdlib and vsftpd) on
127.0.0.1: logins, listings, byte-exact round trips (empty, small, 5 MB,
> 100 MB), errors, cancel with SIGINT and resume.

TAP on stdout, notes on stderr.  FERRY_CLI names the binary.
Optional: FERRY_TEST_SERVERS="pyftpdlib vsftpd" to choose servers.
"""
import os
import re
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "servers"))
import harness  # noqa: E402
from harness import note, run_cli, files_equal  # noqa: E402

TIMEOUT = ["--timeout", "10"]


class Ctx:
    """Per-server state shared by the checks of one server."""

    def __init__(self, kind):
        self.kind = kind
        self.base = harness.temp_dir("ferry-it-%s-" % kind)
        self.root = os.path.join(self.base, "remote")
        self.local = os.path.join(self.base, "local")
        os.mkdir(self.root, 0o755)
        os.mkdir(self.local, 0o755)
        self.sums = harness.make_tree(self.root)
        self.log = os.path.join(self.base, "server.log")
        self.srv = harness.start_server(kind, self.root, log=self.log)

    def url(self, path, **kw):
        return self.srv.url(path, **kw)

    def lpath(self, name):
        return os.path.join(self.local, name)

    def rpath(self, name):
        return os.path.join(self.root, name)


def failed_cleanly(r, code):
    """Non-zero exit, no crash, no hang, the FTP code on stderr."""
    problems = []
    if r.timed_out:
        problems.append("hung (killed)")
    if r.rc == 0:
        problems.append("exit 0")
    if r.rc is not None and (r.rc < 0 or r.rc >= 128):
        problems.append("crashed/killed (rc %s)" % r.rc)
    if code and code not in r.err:
        problems.append("stderr does not name %s" % code)
    return (not problems), "; ".join(problems) + "\n" + r.describe()


def succeeded(r):
    return (r.rc == 0 and not r.timed_out), r.describe()


def names_in(out, names):
    missing = [n for n in names if n not in out]
    return not missing, "missing %r in output:\n%s" % (missing, out[-2000:])


# ---- checks: each returns (ok, diagnostics) ---------------------------

def t_ls_root(c):
    r = run_cli(["ls", c.url("/")] + TIMEOUT)
    ok, d = succeeded(r)
    if not ok:
        return ok, d
    return names_in(r.out, ["small.txt", "empty.bin", "mid.bin", "big.bin",
                            "sub dir", "incoming", "ünïcödé folder"])


def t_ls_subdir_spaces(c):
    r = run_cli(["ls", c.url("/sub dir/")] + TIMEOUT)
    ok, d = succeeded(r)
    if not ok:
        return ok, d
    ok, d = names_in(r.out, ["file with spaces.txt", "nested"])
    if ok and "small.txt" in r.out:
        return False, "listing of /sub dir shows the root's files:\n" + r.out
    return ok, d


def t_ls_utf8(c):
    r = run_cli(["ls", c.url("/ünïcödé folder/")] + TIMEOUT)
    ok, d = succeeded(r)
    return names_in(r.out, ["ça va.txt"]) if ok else (ok, d)


def t_login_bad(c):
    r = run_cli(["ls", c.url("/", password="wrong-password")] + TIMEOUT)
    return failed_cleanly(r, "530")


def t_account_has_no_shell(c):
    """vsftpd's users are system accounts with a password the tests know:
    they must open nothing else (see vsftpd-launch)."""
    if c.kind != "vsftpd":
        return True, "virtual users, no system account"
    import pwd
    shell = pwd.getpwnam(harness.TEST_USER).pw_shell
    return shell == "/usr/sbin/nologin", "shell of %s: %s" % (harness.TEST_USER, shell)


def t_anonymous_ls(c):
    r = run_cli(["ls", c.url("/", anonymous=True)] + TIMEOUT)
    ok, d = succeeded(r)
    return names_in(r.out, ["small.txt", "incoming"]) if ok else (ok, d)


def _get_cmp(c, name, extra=()):
    dst = c.lpath("got-" + os.path.basename(name))
    if os.path.exists(dst):
        os.unlink(dst)
    r = run_cli(["get", c.url("/" + name), dst] + TIMEOUT + list(extra), timeout=120)
    ok, d = succeeded(r)
    if not ok:
        return ok, d
    if not os.path.exists(dst):
        return False, "no local file " + dst
    if not files_equal(dst, c.rpath(name)):
        return False, "content differs: %d vs %d bytes" % (
            os.path.getsize(dst), os.path.getsize(c.rpath(name)))
    if os.path.exists(dst + ".part"):
        return False, ".part left after success"
    note("%s get %s: %.2fs" % (c.kind, name, r.secs))
    return True, ""


def _put_cmp(c, name, remote, anonymous=False):
    src = c.rpath(name)
    local = c.lpath("put-src-" + os.path.basename(name))
    # Upload a copy from the local side so the server's own file is not
    # both source and destination.
    subprocess.run(["cp", src, local], check=True)
    target = c.rpath(remote)
    r = run_cli(["put", local, c.url("/" + remote, anonymous=anonymous)] + TIMEOUT,
                timeout=120)
    ok, d = succeeded(r)
    if not ok:
        return ok, d
    if not os.path.exists(target):
        return False, "server has no " + remote
    if not files_equal(local, target):
        return False, "uploaded content differs: %d vs %d bytes" % (
            os.path.getsize(target), os.path.getsize(local))
    note("%s put %s: %.2fs" % (c.kind, name, r.secs))
    return True, ""


def t_get_small(c):
    return _get_cmp(c, "small.txt")


def t_get_empty(c):
    return _get_cmp(c, "empty.bin")


def t_get_spaces(c):
    return _get_cmp(c, "sub dir/file with spaces.txt")


def t_get_mid(c):
    return _get_cmp(c, "mid.bin")


def t_get_big(c):
    return _get_cmp(c, "big.bin")


def t_get_active(c):
    return _get_cmp(c, "mid.bin", extra=["--active"])


def t_put_small(c):
    return _put_cmp(c, "small.txt", "sub dir/up-small.txt")


def t_put_empty(c):
    return _put_cmp(c, "empty.bin", "up-empty.bin")


def t_put_mid(c):
    return _put_cmp(c, "mid.bin", "ünïcödé folder/up mid.bin")


def t_put_big(c):
    return _put_cmp(c, "big.bin", "up-big.bin")


def t_put_anonymous_incoming(c):
    return _put_cmp(c, "sub dir/nested/deep.bin", "incoming/anon-deep.bin", anonymous=True)


def t_put_then_get(c):
    src = c.lpath("roundtrip-src.bin")
    harness.write_pattern_file(src, 3 * 1024 * 1024 + 1)
    r = run_cli(["put", src, c.url("/sub dir/roundtrip.bin")] + TIMEOUT)
    ok, d = succeeded(r)
    if not ok:
        return False, "put: " + d
    back = c.lpath("roundtrip-back.bin")
    r = run_cli(["get", c.url("/sub dir/roundtrip.bin"), back] + TIMEOUT)
    ok, d = succeeded(r)
    if not ok:
        return False, "get: " + d
    return files_equal(src, back), "round trip differs"


def t_get_missing(c):
    dst = c.lpath("missing.bin")
    r = run_cli(["get", c.url("/no-such-file.bin"), dst] + TIMEOUT)
    ok, d = failed_cleanly(r, "550")
    if not ok:
        return ok, d
    left = [p for p in (dst, dst + ".part") if os.path.exists(p)]
    return not left, "left behind: %r" % left


def t_get_never_overwrites(c):
    dst = c.lpath("keep-me.txt")
    with open(dst, "wb") as f:
        f.write(b"precious local content\n")
    r = run_cli(["get", c.url("/small.txt"), dst, "--overwrite=never"] + TIMEOUT)
    if r.timed_out or r.rc == 0 or r.rc < 0 or r.rc >= 128:
        return False, "expected a clean refusal: " + r.describe()
    with open(dst, "rb") as f:
        data = f.read()
    return data == b"precious local content\n", "local file was changed"


def t_put_missing_local(c):
    r = run_cli(["put", c.lpath("does-not-exist.bin"), c.url("/x.bin")] + TIMEOUT)
    ok, d = failed_cleanly(r, None)
    if ok and os.path.exists(c.rpath("x.bin")):
        return False, "server file created from a missing local file"
    return ok, d


def _remote_file(c, name, data):
    """Creates a server-side file owned like the served root (vsftpd's
    test user must be able to overwrite it)."""
    p = c.rpath(name)
    with open(p, "wb") as f:
        f.write(data)
    st = os.stat(c.root)
    os.chown(p, st.st_uid, st.st_gid)
    return p


def t_put_refuses_existing(c):
    target = _remote_file(c, "keep-remote.txt", b"remote original\n")
    src = c.lpath("newer-content.txt")
    with open(src, "wb") as f:
        f.write(b"local replacement\n")
    r = run_cli(["put", src, c.url("/keep-remote.txt")] + TIMEOUT)
    if r.timed_out or r.rc == 0 or r.rc < 0 or r.rc >= 128:
        return False, "expected a clean refusal without --overwrite: " + r.describe()
    with open(target, "rb") as f:
        return f.read() == b"remote original\n", "remote file was changed"


def t_put_overwrite_always(c):
    target = _remote_file(c, "replace-remote.txt", b"remote original, longer than the new one\n")
    src = c.lpath("replacement.txt")
    with open(src, "wb") as f:
        f.write(b"replaced\n")
    r = run_cli(["put", src, c.url("/replace-remote.txt"), "--overwrite=always"] + TIMEOUT)
    ok, d = succeeded(r)
    if not ok:
        return ok, d
    with open(target, "rb") as f:
        got = f.read()
    return got == b"replaced\n", "remote now holds %r" % got[:80]


def t_get_into_folder(c):
    folder = c.lpath("into-folder")
    os.makedirs(folder, exist_ok=True)
    r = run_cli(["get", c.url("/sub dir/file with spaces.txt"), folder + "/"] + TIMEOUT)
    ok, d = succeeded(r)
    if not ok:
        return ok, d
    dst = os.path.join(folder, "file with spaces.txt")
    if not os.path.exists(dst):
        return False, "expected %s; folder holds %r" % (dst, os.listdir(folder))
    return files_equal(dst, c.rpath("sub dir/file with spaces.txt")), "content differs"


def t_get_default_local_name(c):
    cwd = c.lpath("cwd-default")
    os.makedirs(cwd, exist_ok=True)
    r = run_cli(["get", c.url("/ünïcödé folder/ça va.txt")] + TIMEOUT, cwd=cwd)
    ok, d = succeeded(r)
    if not ok:
        return ok, d
    dst = os.path.join(cwd, "ça va.txt")
    if not os.path.exists(dst):
        return False, "expected %s; folder holds %r" % (dst, os.listdir(cwd))
    return files_equal(dst, c.rpath("ünïcödé folder/ça va.txt")), "content differs"


def t_put_into_remote_folder(c):
    src = c.lpath("to folder.bin")
    with open(src, "wb") as f:
        f.write(os.urandom(12345))
    r = run_cli(["put", src, c.url("/sub dir/nested/")] + TIMEOUT)
    ok, d = succeeded(r)
    if not ok:
        return ok, d
    target = c.rpath("sub dir/nested/to folder.bin")
    if not os.path.exists(target):
        return False, "no %s on the server" % target
    return files_equal(src, target), "content differs"


def t_cancel_and_resume(c):
    """SIGINT during a throttled download leaves NAME.part and no NAME;
    --overwrite=resume against an unthrottled server completes it with
    REST and the result is byte-identical."""
    slow = harness.start_server(c.kind, c.root, max_rate=15 * 1000 * 1000,
                                log=os.path.join(c.base, "slow.log"))
    dst = c.lpath("cancel-big.bin")
    part = dst + ".part"
    argv = [harness.ferry_cli(), "get", slow.url("/big.bin"), dst] + TIMEOUT
    p = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 15
    grown = 0
    while time.monotonic() < deadline and p.poll() is None:
        if os.path.exists(part):
            grown = os.path.getsize(part)
            if grown >= 2 * 1024 * 1024:
                break
        time.sleep(0.05)
    if p.poll() is not None:
        out, err = p.communicate()
        slow.stop()
        return False, "ferry-cli ended before it could be interrupted (rc %s, .part %d bytes): %r" % (
            p.returncode, grown, err.decode(errors="replace")[-500:])
    if grown < 2 * 1024 * 1024:
        p.kill()
        p.communicate()
        slow.stop()
        return False, "no growing %s within 15 s" % part
    p.send_signal(signal.SIGINT)
    try:
        out, err = p.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        p.kill()
        p.communicate()
        slow.stop()
        return False, "ferry-cli did not stop within 10 s of SIGINT"
    slow.stop()
    err = err.decode(errors="replace")
    problems = []
    if p.returncode == 0:
        problems.append("exit 0 after SIGINT")
    if os.path.exists(dst):
        problems.append("final file exists after cancel")
    if not os.path.exists(part):
        problems.append("no .part left for resume")
    if problems:
        return False, "; ".join(problems) + " rc=%s stderr=%r" % (p.returncode, err[-500:])
    kept = os.path.getsize(part)
    note("%s cancel: rc %s, .part %d bytes" % (c.kind, p.returncode, kept))

    r = run_cli(["get", c.url("/big.bin"), dst, "--overwrite=resume"] + TIMEOUT, timeout=120)
    ok, d = succeeded(r)
    if not ok:
        return False, "resume: " + d
    if not os.path.exists(dst) or not files_equal(dst, c.rpath("big.bin")):
        return False, "resumed file differs from the original"
    if os.path.exists(part):
        return False, ".part left after the resumed download"
    # The main server's log proves it was a resume and not a fresh copy.
    rest = []
    with open(c.log, errors="replace") as f:
        for line in f:
            m = re.search(r"REST (\d+)", line)
            if m:
                rest.append(int(m.group(1)))
    if not any(v > 0 for v in rest):
        return False, "the server never got REST n>0: resume downloaded from scratch"
    return True, ""


CHECKS = [
    ("ls of the root", t_ls_root),
    ("ls of a folder with spaces", t_ls_subdir_spaces),
    ("ls of a UTF-8 folder", t_ls_utf8),
    ("bad password fails with 530", t_login_bad),
    ("the login account has no shell", t_account_has_no_shell),
    ("anonymous ls", t_anonymous_ls),
    ("get small file", t_get_small),
    ("get empty file", t_get_empty),
    ("get file with spaces in a folder with spaces", t_get_spaces),
    ("get 5 MB file", t_get_mid),
    ("get >100 MB file", t_get_big),
    ("get in active mode", t_get_active),
    ("put small file", t_put_small),
    ("put empty file", t_put_empty),
    ("put 5 MB file into UTF-8 folder", t_put_mid),
    ("put >100 MB file", t_put_big),
    ("anonymous put into incoming/", t_put_anonymous_incoming),
    ("put then get the same file", t_put_then_get),
    ("get of a missing file fails with 550, leaves nothing", t_get_missing),
    ("--overwrite=never keeps an existing local file", t_get_never_overwrites),
    ("put of a missing local file fails cleanly", t_put_missing_local),
    ("put refuses to replace a remote file by default", t_put_refuses_existing),
    ("put --overwrite=always replaces a remote file", t_put_overwrite_always),
    ("get into a local folder keeps the remote name", t_get_into_folder),
    ("get without LOCAL writes the remote name in the current folder", t_get_default_local_name),
    ("put to a URL ending in / keeps the local name", t_put_into_remote_folder),
    ("SIGINT leaves .part, --overwrite=resume completes it", t_cancel_and_resume),
]


def ipv6_checks(tap):
    """pyftpdlib on [::1]: EPSV/EPRT paths and bracketed URLs."""
    names = ["ipv6 [::1]: ls", "ipv6 [::1]: get passive", "ipv6 [::1]: get active (EPRT)"]
    reason = harness.can_run("pyftpdlib")
    if reason is None:
        try:
            import socket
            s = socket.socket(socket.AF_INET6)
            s.bind(("::1", 0))
            s.close()
        except OSError:
            reason = "no IPv6 loopback here"
    if reason:
        for n in names:
            tap.skip(n, reason)
        return
    base = harness.temp_dir("ferry-it-v6-")
    root = os.path.join(base, "remote")
    os.mkdir(root)
    with open(os.path.join(root, "v6.bin"), "wb") as f:
        f.write(os.urandom(300000))
    srv = harness.start_server("pyftpdlib", root, host="::1")
    try:
        r = run_cli(["ls", srv.url("/")] + TIMEOUT)
        tap.ok(r.rc == 0 and "v6.bin" in r.out, names[0], diag=r.describe())
        for name, extra in ((names[1], []), (names[2], ["--active"])):
            dst = os.path.join(base, "got-%d.bin" % len(extra))
            r = run_cli(["get", srv.url("/v6.bin"), dst] + TIMEOUT + extra)
            ok = r.rc == 0 and os.path.exists(dst) and files_equal(dst, os.path.join(root, "v6.bin"))
            tap.ok(ok, name, diag=r.describe())
    finally:
        srv.stop()


def main():
    kinds = os.environ.get("FERRY_TEST_SERVERS", " ".join(harness.KINDS)).split()
    tap = harness.Tap(len(kinds) * len(CHECKS) + 3)
    try:
        harness.ferry_cli()
    except RuntimeError as e:
        for k in kinds:
            for desc, _ in CHECKS:
                tap.ok(False, "%s: %s" % (k, desc), diag=str(e))
        for i in range(3):
            tap.ok(False, "ipv6 check %d" % (i + 1), diag=str(e))
        return tap.done()
    for kind in kinds:
        reason = harness.can_run(kind)
        ctx = None
        if reason is None:
            try:
                ctx = Ctx(kind)
            except Exception as e:   # a server that cannot start fails every check
                reason = None
                err = "server did not start: %s" % e
        for desc, fn in CHECKS:
            name = "%s: %s" % (kind, desc)
            if reason:
                tap.skip(name, reason)
                continue
            if ctx is None:
                tap.ok(False, name, diag=err)
                continue
            t0 = time.monotonic()
            try:
                ok, diag = fn(ctx)
            except Exception as e:
                ok, diag = False, "exception: %r" % e
            tap.ok(ok, name, diag=diag)
            if time.monotonic() - t0 > 5:
                note("%s took %.1fs" % (name, time.monotonic() - t0))
        if ctx is not None:
            ctx.srv.stop()
            # The big files are the bulk of the temp space: free them now.
            import shutil
            shutil.rmtree(ctx.base, ignore_errors=True)
    ipv6_checks(tap)
    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
