# SPDX-License-Identifier: GPL-3.0-or-later
"""Helpers shared by Ferry's integration tests, fault tests and benchmark.

  start_server(kind, root, ...) -> Server   (kind: "pyftpdlib", "vsftpd",
                                             "proftpd" or "pure-ftpd")
  make_tree(root, big=True)      -> {relative path: sha256 hex}
  temp_dir(prefix)               -> a folder removed at exit
  make_certificate(folder)       -> (PEM with key and certificate, SHA-256 fingerprint)
  run_cli(args, timeout)         -> CompletedRun(rc, out, err, secs, timed_out)
  Tap                            -> minimal TAP writer (stdout), notes to stderr

Every server listens on 127.0.0.1 only and is stopped at interpreter exit.
Run with /usr/bin/python3 (Debian's pyftpdlib is not visible to others).
"""
import atexit
import hashlib
import os
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PYFTPD = os.path.join(HERE, "pyftpd.py")
VSFTPD_LAUNCH = os.path.join(HERE, "vsftpd-launch")
PROFTPD_LAUNCH = os.path.join(HERE, "proftpd-launch")
PUREFTPD_LAUNCH = os.path.join(HERE, "pureftpd-launch")
# proftpd and pure-ftpd are unpacked here by build-aux/fetch-test-servers.
TEST_SERVERS_DIR = os.environ.get("FERRY_TEST_SERVERS_DIR", "/opt/ferry-test-servers")
PYTHON = "/usr/bin/python3"

# vsftpd logs in through PAM, so its user is a system account the launcher
# creates (see vsftpd-launch); pyftpdlib accepts any name.
TEST_USER = "ferrytest"
TEST_PASSWORD = "Ferry-test-9"

KINDS = ("pyftpdlib", "vsftpd")
# Every server the interop tests run against (proftpd and pure-ftpd use
# virtual users mapped to nobody; pure-ftpd has no anonymous login).
ALL_KINDS = ("pyftpdlib", "vsftpd", "proftpd", "pure-ftpd")

_servers = []
_temp_dirs = []


def note(*args):
    print("#", *args, file=sys.stderr, flush=True)


class Server:
    def __init__(self, kind, root, port, proc, user, password, log=None):
        self.kind = kind
        self.root = root
        self.port = port
        self.proc = proc
        self.user = user
        self.password = password
        self.log = log

    def __iter__(self):          # port, process = start_server(...)
        return iter((self.port, self.proc))

    def url(self, path="/", user=True, password=None, anonymous=False):
        """ftp:// URL for @path (already URL-escaped by the caller if
        needed; quote() it).  anonymous=True gives no credentials."""
        from urllib.parse import quote
        if not path.startswith("/"):
            path = "/" + path
        path = quote(path, safe="/")
        if anonymous or not user:
            cred = ""
        else:
            pw = self.password if password is None else password
            cred = "%s:%s@" % (quote(self.user, safe=""), quote(pw, safe=""))
        host = getattr(self, "host", "127.0.0.1")
        if ":" in host:
            host = "[%s]" % host
        return "ftp://%s%s:%d%s" % (cred, host, self.port, path)

    def alive(self):
        return self.proc.poll() is None

    def stop(self):
        if self.proc.poll() is None:
            try:
                self.proc.stdin.close()
            except OSError:
                pass
            try:
                self.proc.send_signal(signal.SIGTERM)
            except OSError:
                pass
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self in _servers:
            _servers.remove(self)


def can_run(kind):
    """None when @kind can run here, else the reason it cannot."""
    if kind == "vsftpd":
        if not os.access("/usr/sbin/vsftpd", os.X_OK):
            return "vsftpd is not installed"
        if os.geteuid() != 0:
            return "vsftpd local logins need root"
    elif kind in ("proftpd", "pure-ftpd"):
        exe = os.path.join(TEST_SERVERS_DIR, kind, "usr", "sbin", kind)
        if not os.access(exe, os.X_OK):
            return "%s is missing: run build-aux/fetch-test-servers" % exe
        if os.geteuid() != 0:
            return "%s switches to its session user: needs root" % kind
    elif kind == "pyftpdlib":
        r = subprocess.run([PYTHON, "-c", "import pyftpdlib"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if r.returncode != 0:
            return "python3-pyftpdlib is not installed"
    return None


def start_server(kind, root, user=TEST_USER, password=TEST_PASSWORD,
                 anonymous=True, tls=None, max_rate=0, log=None, no_mlsd=False,
                 host=None, timeout=20, implicit_tls=False):
    """Starts a server of @kind serving @root on 127.0.0.1, waits for its
    "PORT n" line and returns a Server (iterable as (port, process))."""
    if kind == "pyftpdlib":
        argv = [PYTHON, PYFTPD, "--root", root]
        if log:
            argv += ["--log-level", "DEBUG"]
    elif kind == "vsftpd":
        argv = [PYTHON, VSFTPD_LAUNCH, "--root", root]
    elif kind == "proftpd":
        argv = [PYTHON, PROFTPD_LAUNCH, "--root", root]
    elif kind == "pure-ftpd":
        argv = [PYTHON, PUREFTPD_LAUNCH, "--root", root]
    else:
        raise ValueError("unknown server kind %r" % kind)
    if user:
        argv += ["--user", "%s:%s" % (user, password)]
    if anonymous:
        argv.append("--anonymous")
    if tls:
        argv += ["--tls", tls]
    if implicit_tls:
        argv.append("--implicit-tls")       # vsftpd-launch, proftpd-launch
    if max_rate:
        argv += ["--max-rate", str(max_rate)]
    if log:
        argv += ["--log", log]
    if no_mlsd:
        argv.append("--no-mlsd")
    if host:
        argv += ["--host", host]
    proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=None, start_new_session=True)
    srv = Server(kind, root, None, proc, user, password, log)
    srv.host = host or "127.0.0.1"
    _servers.append(srv)
    import selectors
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ)
    line = b""
    deadline = time.monotonic() + timeout
    while not line.endswith(b"\n"):
        left = deadline - time.monotonic()
        if left <= 0 or not sel.select(left):
            srv.stop()
            raise RuntimeError("%s did not report its port in %ds" % (kind, timeout))
        chunk = os.read(proc.stdout.fileno(), 1)
        if not chunk:
            srv.stop()
            raise RuntimeError("%s exited before listening (rc %s)" % (kind, proc.wait()))
        line += chunk
    sel.close()
    words = line.decode().split()
    if len(words) != 2 or words[0] != "PORT":
        srv.stop()
        raise RuntimeError("%s printed %r instead of PORT n" % (kind, line))
    srv.port = int(words[1])
    return srv


def stop_all():
    for s in list(_servers):
        s.stop()


def temp_dir(prefix="ferry-test-"):
    """A fresh folder (mode 0755 so that vsftpd's session processes, which
    run as the test user, can reach a tree below it); removed at exit."""
    d = tempfile.mkdtemp(prefix=prefix)
    os.chmod(d, 0o755)
    _temp_dirs.append(d)
    return d


def _cleanup():
    stop_all()
    if os.environ.get("FERRY_KEEP_TEMP"):
        for d in _temp_dirs:
            note("kept", d)
        return
    for d in _temp_dirs:
        shutil.rmtree(d, ignore_errors=True)


atexit.register(_cleanup)


def make_certificate(folder):
    """A self-signed certificate for 127.0.0.1 made by openssl in @folder:
    (one PEM file with the key and the certificate, as every test server
    takes it; its SHA-256 fingerprint, "AB:CD:...")."""
    key = os.path.join(folder, "key.pem")
    crt = os.path.join(folder, "cert.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                    "-subj", "/CN=127.0.0.1", "-days", "2", "-keyout", key, "-out", crt],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    both = os.path.join(folder, "both.pem")
    with open(both, "w") as f:
        f.write(open(key).read() + open(crt).read())
    os.chmod(both, 0o644)     # vsftpd reads it as root; pyftpdlib as us
    fp = subprocess.run(["openssl", "x509", "-in", crt, "-noout", "-fingerprint", "-sha256"],
                        check=True, capture_output=True, text=True).stdout
    return both, fp.strip().split("=", 1)[1].upper()


def write_pattern_file(path, size, seed=None):
    """Writes @size bytes that are cheap to make but byte-comparable: one
    random 1 MiB block, with each MiB stamped with its index and a random
    salt, so a shifted, repeated or truncated copy differs."""
    block = bytearray(os.urandom(1 << 20)) if seed is None else \
        bytearray(hashlib.sha256(seed.encode()).digest() * (1 << 15))
    salt = os.urandom(8)
    h = hashlib.sha256()
    with open(path, "wb") as f:
        i = 0
        left = size
        while left > 0:
            block[0:16] = struct.pack(">Q", i) + salt
            n = min(left, len(block))
            chunk = bytes(block[:n]) if n < len(block) else block
            f.write(chunk)
            h.update(chunk)
            left -= n
            i += 1
    return h.hexdigest()


BIG_SIZE = 110 * 1000 * 1000 + 12345      # > 100 MB, not a round number
MID_SIZE = 5 * 1024 * 1024 + 7


def make_tree(root, big=True):
    """Creates the test tree under @root; returns {relpath: sha256}."""
    sums = {}

    def put(rel, data):
        p = os.path.join(root, rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "wb") as f:
            f.write(data)
        sums[rel] = hashlib.sha256(data).hexdigest()

    for d in ("sub dir/nested", "ünïcödé folder", "incoming", "empty dir"):
        os.makedirs(os.path.join(root, d), exist_ok=True)
    put("small.txt", b"Hello from Ferry's test tree.\r\nSecond line\n")
    put("empty.bin", b"")
    put("sub dir/file with spaces.txt", os.urandom(3000))
    put("sub dir/nested/deep.bin", os.urandom(70000))
    put("ünïcödé folder/ça va.txt", "Grüße, ça va?\n".encode())
    sums["mid.bin"] = write_pattern_file(os.path.join(root, "mid.bin"), MID_SIZE)
    if big:
        sums["big.bin"] = write_pattern_file(os.path.join(root, "big.bin"), BIG_SIZE)
    os.chmod(os.path.join(root, "incoming"), 0o777)
    return sums


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while True:
            b = f.read(1 << 20)
            if not b:
                break
            h.update(b)
    return h.hexdigest()


def files_equal(a, b):
    if os.path.getsize(a) != os.path.getsize(b):
        return False
    with open(a, "rb") as fa, open(b, "rb") as fb:
        while True:
            x = fa.read(1 << 20)
            y = fb.read(1 << 20)
            if x != y:
                return False
            if not x:
                return True


class CompletedRun:
    def __init__(self, rc, out, err, secs, timed_out):
        self.rc = rc
        self.out = out
        self.err = err
        self.secs = secs
        self.timed_out = timed_out

    def describe(self):
        return "rc=%s%s %.2fs stderr=%r" % (
            self.rc, " (killed: timeout)" if self.timed_out else "", self.secs,
            self.err[-600:])


def ferry_cli():
    p = os.environ.get("FERRY_CLI")
    if not p:
        here = os.path.dirname(HERE)
        for cand in ("../_build/integration/src/cli/ferry-cli",):
            c = os.path.join(here, cand)
            if os.access(c, os.X_OK):
                return c
        raise RuntimeError("set FERRY_CLI to the ferry-cli binary")
    return os.path.abspath(p)


def run_cli(args, timeout=60, cwd=None, env=None):
    """Runs ferry-cli with @args; kills it (and fails) after @timeout s."""
    argv = [ferry_cli()] + list(args)
    t0 = time.monotonic()
    proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, cwd=cwd, env=env,
                            start_new_session=True)
    timed_out = False
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
        try:
            os.killpg(proc.pid, signal.SIGKILL)     # its own group: children too
        except OSError:
            proc.kill()
        out, err = proc.communicate()
    return CompletedRun(proc.returncode, out.decode("utf-8", "replace"),
                        err.decode("utf-8", "replace"), time.monotonic() - t0,
                        timed_out)


class Tap:
    """TAP on stdout: plan first (count known up front or given at end)."""

    def __init__(self, planned=None):
        self.n = 0
        self.failed = 0
        self.planned = planned
        if planned is not None:
            print("1..%d" % planned, flush=True)

    def ok(self, cond, desc, diag=None, todo=None, skip=None):
        self.n += 1
        desc = desc.replace("#", "")
        if skip:
            print("ok %d - %s # SKIP %s" % (self.n, desc, skip), flush=True)
            return True
        line = "%s %d - %s" % ("ok" if cond else "not ok", self.n, desc)
        if todo:
            line += " # TODO %s" % todo
        print(line, flush=True)
        if not cond:
            if not todo:
                self.failed += 1
            if diag:
                for d in str(diag).splitlines():
                    note(d)
        return bool(cond)

    def skip(self, desc, reason):
        return self.ok(True, desc, skip=reason)

    def done(self):
        if self.planned is None:
            print("1..%d" % self.n, flush=True)
        elif self.n != self.planned:
            note("planned %d tests, ran %d" % (self.planned, self.n))
            self.failed += 1
        note("%d passed, %d failed" % (self.n - self.failed, self.failed))
        return 1 if self.failed else 0
