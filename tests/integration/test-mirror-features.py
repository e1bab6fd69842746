#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""ferry-cli mirror (the FerryTransferQueue) features, against real servers:

  - --limit-rate: one 4 MiB download at 1 MiB/s takes about 4 s, and two
    parallel connections share the one global limit; put is limited too;
  - modification times: downloads keep the server's (MLSD/MDTM), uploads
    send MFMT (pyftpdlib); vsftpd (no MFMT) still uploads; --no-preserve-mtime;
  - FTPS (ftpes://) mirror: refused without options, works with --insecure
    and with --trust-fingerprint, refused with a wrong fingerprint;
  - a reverse mirror whose server folder lies inside its own source stops;
  - local failures (file size limit = EFBIG, an immutable folder = EPERM)
    fail only their item, with the local reason, and touch nothing else.

TAP on stdout, notes on stderr.  FERRY_CLI names the binary.
"""
import hashlib
import os
import resource
import shutil
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "servers"))
import harness  # noqa: E402
from harness import note, run_cli  # noqa: E402

MiB = 1024 * 1024


def sha(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def pyftpd(root, tls=None):
    return harness.start_server("pyftpdlib", root, anonymous=False, tls=tls)


def limit_tests(tap, base):
    root = os.path.join(base, "rate-srv")
    big = os.urandom(4 * MiB)
    write(os.path.join(root, "one", "big.bin"), big)
    write(os.path.join(root, "two", "a.bin"), os.urandom(2 * MiB))
    write(os.path.join(root, "two", "b.bin"), os.urandom(2 * MiB))
    srv = pyftpd(root)
    out = os.path.join(base, "rate-out")

    r = run_cli(["mirror", "-q", "-P", "1", "--limit-rate", "1M", srv.url("/one"),
                 os.path.join(out, "one")], timeout=30)
    got = os.path.join(out, "one", "big.bin")
    tap.ok(r.rc == 0 and 3.0 <= r.secs <= 6.0 and os.path.exists(got) and sha(got) == hashlib.sha256(big).hexdigest(),
           "4 MiB at --limit-rate 1M takes 3-6 s (%.2f s) and arrives whole" % r.secs, r.describe())

    r = run_cli(["mirror", "-q", "-P", "2", "--limit-rate", "1M", srv.url("/two"),
                 os.path.join(out, "two")], timeout=30)
    ok = all(os.path.exists(os.path.join(out, "two", n)) and
             sha(os.path.join(out, "two", n)) == sha(os.path.join(root, "two", n)) for n in ("a.bin", "b.bin"))
    # Per connection, 2 × 2 MiB at 1 MiB/s each would take ~2 s.
    tap.ok(r.rc == 0 and ok and 3.0 <= r.secs <= 6.0,
           "two parallel connections share one 1 MiB/s limit: 4 MiB in 3-6 s (%.2f s)" % r.secs,
           r.describe())

    r = run_cli(["put", "-q", "--limit-rate", "1M", os.path.join(root, "two", "a.bin"),
                 srv.url("/up.bin")], timeout=30)
    tap.ok(r.rc == 0 and 1.4 <= r.secs <= 4.0 and
           sha(os.path.join(root, "up.bin")) == sha(os.path.join(root, "two", "a.bin")),
           "put of 2 MiB at --limit-rate 1M takes 1.4-4 s (%.2f s)" % r.secs, r.describe())

    r = run_cli(["get", "--limit-rate", "fast", srv.url("/up.bin"), out], timeout=10)
    tap.ok(r.rc == 2 and "--limit-rate" in r.err, "--limit-rate fast is a usage error", r.describe())
    srv.stop()


STAMP = 1262347445    # 2010-01-01 12:04:05 UTC


def mtime_tests(tap, base):
    root = os.path.join(base, "mt-srv")
    write(os.path.join(root, "down", "f.txt"), b"remote\n")
    os.utime(os.path.join(root, "down", "f.txt"), (STAMP, STAMP))
    src = os.path.join(base, "mt-src")
    write(os.path.join(src, "g.txt"), b"local\n")
    os.utime(os.path.join(src, "g.txt"), (STAMP + 3600, STAMP + 3600))
    srv = pyftpd(root)

    out = os.path.join(base, "mt-out")
    r = run_cli(["mirror", "-q", srv.url("/down"), out], timeout=30)
    got = os.path.join(out, "f.txt")
    tap.ok(r.rc == 0 and os.path.exists(got) and int(os.stat(got).st_mtime) == STAMP,
           "pyftpdlib: a mirrored download keeps the server's modification time",
           r.describe() + (" mtime %s" % os.stat(got).st_mtime if os.path.exists(got) else ""))

    out2 = os.path.join(base, "mt-out2")
    r = run_cli(["mirror", "-q", "--no-preserve-mtime", srv.url("/down"), out2], timeout=30)
    got = os.path.join(out2, "f.txt")
    tap.ok(r.rc == 0 and os.path.exists(got) and abs(os.stat(got).st_mtime - time.time()) < 120,
           "--no-preserve-mtime: the download gets the local time", r.describe())

    r = run_cli(["mirror", "-q", "--reverse", src, srv.url("/up")], timeout=30)
    up = os.path.join(root, "up", "g.txt")
    tap.ok(r.rc == 0 and os.path.exists(up) and int(os.stat(up).st_mtime) == STAMP + 3600,
           "pyftpdlib: a reverse mirror sets the remote time with MFMT",
           r.describe() + (" mtime %s" % os.stat(up).st_mtime if os.path.exists(up) else ""))

    r = run_cli(["mirror", "-q", "--reverse", "--no-preserve-mtime", src, srv.url("/up2")], timeout=30)
    up = os.path.join(root, "up2", "g.txt")
    tap.ok(r.rc == 0 and os.path.exists(up) and abs(os.stat(up).st_mtime - time.time()) < 120,
           "--no-preserve-mtime: no MFMT on upload", r.describe())
    srv.stop()

    why = harness.can_run("vsftpd")
    if why:
        tap.skip("vsftpd: mirror both ways with times", why)
        tap.skip("vsftpd: reverse mirror without MFMT", why)
        return
    vroot = os.path.join(base, "mt-vs")
    write(os.path.join(vroot, "down", "f.txt"), b"remote\n")
    os.utime(os.path.join(vroot, "down", "f.txt"), (STAMP, STAMP))
    vs = harness.start_server("vsftpd", vroot, anonymous=False)
    out3 = os.path.join(base, "mt-out3")
    r = run_cli(["mirror", "-q", vs.url("/down"), out3], timeout=30)
    got = os.path.join(out3, "f.txt")
    tap.ok(r.rc == 0 and os.path.exists(got) and int(os.stat(got).st_mtime) == STAMP,
           "vsftpd: a mirrored download keeps the server's time (MDTM)", r.describe())
    r = run_cli(["mirror", "-q", "--reverse", src, vs.url("/up")], timeout=30)
    up = os.path.join(vroot, "up", "g.txt")
    tap.ok(r.rc == 0 and os.path.exists(up) and open(up, "rb").read() == b"local\n",
           "vsftpd (no MFMT): the reverse mirror still succeeds", r.describe())
    vs.stop()


def make_certificate(folder):
    key = os.path.join(folder, "key.pem")
    crt = os.path.join(folder, "cert.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                    "-subj", "/CN=127.0.0.1", "-days", "2", "-keyout", key, "-out", crt],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    both = os.path.join(folder, "both.pem")
    with open(both, "w") as f:
        f.write(open(key).read() + open(crt).read())
    fp = subprocess.run(["openssl", "x509", "-in", crt, "-noout", "-fingerprint", "-sha256"],
                        check=True, capture_output=True, text=True).stdout
    return both, fp.strip().split("=", 1)[1].upper()


def tls_tests(tap, base):
    if shutil.which("openssl") is None:
        for d in ("refused", "insecure", "fingerprint", "wrong fingerprint"):
            tap.skip("FTPS mirror: " + d, "openssl is not installed")
        return
    pem, fp = make_certificate(base)
    root = os.path.join(base, "tls-srv")
    for i in range(4):
        write(os.path.join(root, "t", "f%d.txt" % i), b"tls %d\n" % i * 100)
    srv = pyftpd(root, tls=pem)
    url = srv.url("/t").replace("ftp://", "ftpes://", 1)
    env = dict(os.environ, HOME=os.path.join(base, "home"), XDG_DATA_HOME=os.path.join(base, "home", "data"),
               XDG_CONFIG_HOME=os.path.join(base, "home", "config"))

    def same(out):
        return all(os.path.exists(os.path.join(out, "f%d.txt" % i)) and
                   open(os.path.join(out, "f%d.txt" % i), "rb").read() == b"tls %d\n" % i * 100
                   for i in range(4))

    out = os.path.join(base, "tls-0")
    r = run_cli(["mirror", "-q", "-P", "3", url, out], timeout=30, env=env)
    tap.ok(r.rc not in (0,) and r.rc < 128 and not r.timed_out and not os.path.exists(os.path.join(out, "f0.txt")),
           "ftpes mirror: a self-signed certificate is refused without options", r.describe())
    out = os.path.join(base, "tls-1")
    r = run_cli(["mirror", "-q", "-P", "3", "--insecure", url, out], timeout=30, env=env)
    tap.ok(r.rc == 0 and same(out) and fp in r.err,
           "ftpes mirror -P 3 --insecure: every file, the fingerprint warned about", r.describe())
    out = os.path.join(base, "tls-2")
    r = run_cli(["mirror", "-q", "-P", "3", "--trust-fingerprint", fp, url, out], timeout=30, env=env)
    tap.ok(r.rc == 0 and same(out), "ftpes mirror -P 3 --trust-fingerprint: every file", r.describe())
    out = os.path.join(base, "tls-3")
    wrong = ":".join(["AB"] * 32)
    r = run_cli(["mirror", "-q", "--trust-fingerprint", wrong, url, out], timeout=30, env=env)
    tap.ok(r.rc not in (0,) and r.rc < 128 and not os.path.exists(os.path.join(out, "f0.txt")),
           "ftpes mirror: a wrong --trust-fingerprint is refused", r.describe())
    srv.stop()


def self_copy_test(tap, base):
    root = os.path.join(base, "self-srv")
    src = os.path.join(root, "src")
    write(os.path.join(src, "a.txt"), b"a\n")
    write(os.path.join(src, "sub", "b.txt"), b"b\n")
    srv = pyftpd(root)
    r = run_cli(["mirror", "-q", "--reverse", src, srv.url("/src/dst")], timeout=30)
    dst = os.path.join(src, "dst")
    tap.ok(not r.timed_out and r.rc == 0 and
           open(os.path.join(dst, "a.txt"), "rb").read() == b"a\n" and
           open(os.path.join(dst, "sub", "b.txt"), "rb").read() == b"b\n" and
           not os.path.exists(os.path.join(dst, "dst")),
           "reverse mirror into a server folder inside its own source: copied once, no dst/dst",
           r.describe() + " " + str(sorted(os.listdir(dst)) if os.path.isdir(dst) else "no dst"))
    srv.stop()


def tree_state(top):
    state = {}
    for d, dirs, files in os.walk(top):
        for n in files:
            p = os.path.join(d, n)
            st = os.stat(p)
            state[os.path.relpath(p, top)] = (st.st_size, st.st_mtime_ns, sha(p))
    return state


def local_failure_tests(tap, base):
    root = os.path.join(base, "lf-srv")
    write(os.path.join(root, "t", "small1.txt"), b"1" * 1000)
    write(os.path.join(root, "t", "small2.txt"), b"2" * 1000)
    write(os.path.join(root, "t", "big.bin"), os.urandom(3 * MiB))
    write(os.path.join(root, "t", "locked", "c.txt"), b"c" * 100)
    write(os.path.join(root, "t", "open", "d.txt"), b"d" * 100)
    srv = pyftpd(root)

    # A file size limit of 1 MiB: writing past it fails with EFBIG (SIGXFSZ
    # ignored), as a full disk would fail the write, even for root.
    out = os.path.join(base, "lf-out")
    write(os.path.join(out, "unrelated.txt"), b"keep me\n")
    before = tree_state(out)

    def limit():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (MiB, MiB))

    argv = [harness.ferry_cli(), "mirror", "-q", "-P", "2", "--retries", "1", "--retry-delay", "100",
            srv.url("/t"), out]
    t0 = time.monotonic()
    p = subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                       preexec_fn=limit, timeout=30)
    note("fsize run: rc=%d %.2fs stderr=%r" % (p.returncode, time.monotonic() - t0, p.stderr[-800:]))
    after = tree_state(out)
    others = all(after.get(n, (0, 0, ""))[2] == sha(os.path.join(root, "t", n))
                 for n in ("small1.txt", "small2.txt", "open/d.txt", "locked/c.txt"))
    tap.ok(p.returncode == 1 and "big.bin" in p.stderr and "File too large" in p.stderr,
           "file size limit: the mirror fails (rc 1) naming big.bin and the local reason", p.stderr[-800:])
    tap.ok(others and "big.bin" not in after and after.get("unrelated.txt") == before["unrelated.txt"],
           "file size limit: the other files arrive, big.bin is not renamed into place, "
           "nothing else is touched", str(sorted(after)))
    part = after.get("big.bin.part")
    tap.ok(part is None or part[0] <= MiB,
           "file size limit: the .part is kept (no more than the limit) or removed", str(part))

    # An immutable local folder: EPERM even for root.
    out = os.path.join(base, "lf-out2")
    os.makedirs(os.path.join(out, "locked"))
    subprocess.run(["chattr", "+i", os.path.join(out, "locked")], check=False,
                   stderr=subprocess.DEVNULL)
    try:
        probe = os.path.join(out, "locked", "probe")
        try:
            open(probe, "w").close()
            os.unlink(probe)
            immutable = False
        except OSError:
            immutable = True
        if not immutable:
            tap.skip("read-only local folder: only its item fails", "chattr +i does not work here")
            return
        r = run_cli(["mirror", "-q", "-P", "2", "--retries", "1", "--retry-delay", "100",
                     srv.url("/t"), out], timeout=30)
        after = tree_state(out)
        tap.ok(r.rc == 1 and "c.txt" in r.err and "Operation not permitted" in r.err and
               after.get("open/d.txt", (0, 0, ""))[2] == sha(os.path.join(root, "t", "open", "d.txt")) and
               after.get("big.bin", (0, 0, ""))[2] == sha(os.path.join(root, "t", "big.bin")) and
               os.listdir(os.path.join(out, "locked")) == [],
               "immutable local folder: its file fails with the local reason, the rest arrives",
               r.describe() + " " + str(sorted(after)))
    finally:
        subprocess.run(["chattr", "-i", os.path.join(out, "locked")], check=False,
                       stderr=subprocess.DEVNULL)
    srv.stop()


def main():
    tap = harness.Tap()
    why = harness.can_run("pyftpdlib")
    if why:
        tap.skip("mirror features", why)
        return tap.done()
    base = harness.temp_dir("ferry-mirror-features-")
    try:
        limit_tests(tap, base)
        mtime_tests(tap, base)
        tls_tests(tap, base)
        self_copy_test(tap, base)
        local_failure_tests(tap, base)
    finally:
        harness.stop_all()
    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
