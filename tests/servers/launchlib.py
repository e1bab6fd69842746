# SPDX-License-Identifier: GPL-3.0-or-later
"""Shared plumbing of proftpd-launch and pureftpd-launch.

Both follow pyftpd.py's interface: print "PORT <n>" once the server greets,
serve on 127.0.0.1 until stdin reaches EOF or SIGTERM/SIGINT/SIGHUP, then
kill the server and every session process it forked (found by a marker in
their command line or by process group) and remove the work folder.
"""
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time

SERVERS_DIR = os.environ.get("FERRY_TEST_SERVERS_DIR", "/opt/ferry-test-servers")

# Virtual users of proftpd (mod_auth_file) and pure-ftpd (PureDB) map to
# this uid/gid: no system account is created or changed.
NOBODY_UID = 65534
NOBODY_GID = 65534


def die(prog, msg):
    sys.stderr.write("%s: %s\n" % (prog, msg))
    sys.exit(2)


def port_free(port):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        s.bind(("127.0.0.1", port))
        return True
    except OSError:
        return False
    finally:
        s.close()


def free_port():
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def free_range(prog, count):
    """@count consecutive free ports outside the usual ephemeral range."""
    for _ in range(200):
        lo = random.randrange(20000, 32000 - count)
        if all(port_free(p) for p in range(lo, lo + count)):
            return lo, lo + count - 1
    die(prog, "no free passive port range")


def make_traversable(prog, path):
    """The servers' session processes run as nobody, which must be able to
    walk down to @path.  Only temp folders are opened up (o+x)."""
    import tempfile
    tmp = os.path.realpath(tempfile.gettempdir())
    p = os.path.realpath(path)
    while True:
        parent = os.path.dirname(p)
        if parent == p:
            break
        p = parent
        st = os.stat(p)
        if st.st_mode & 0o001:
            continue
        if p.startswith(tmp + os.sep) or p.startswith("/tmp/") or p.startswith("/var/tmp/"):
            os.chmod(p, (st.st_mode & 0o7777) | 0o001)
        else:
            die(prog, "%s is not searchable by other users; the server cannot reach %s"
                % (p, path))


def chown_tree(root, uid, gid):
    for dirpath, dirnames, filenames in os.walk(root):
        os.lchown(dirpath, uid, gid)
        for n in filenames + dirnames:
            try:
                os.lchown(os.path.join(dirpath, n), uid, gid)
            except OSError:
                pass


def processes_naming(marker):
    """PIDs whose command line contains @marker (the server and the
    session processes it forked keep the parent's argv)."""
    pids = []
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open("/proc/%s/cmdline" % d, "rb") as f:
                argv = f.read().split(b"\0")
        except OSError:
            continue
        if any(marker.encode() in a for a in argv):
            pids.append(int(d))
    return pids


def wait_listening(port, proc, deadline, implicit_tls=False):
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                s.settimeout(2)
                if implicit_tls:
                    # The greeting comes only after a handshake; the test
                    # certificate is self-signed, so no verification here.
                    import ssl
                    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
                    ctx.check_hostname = False
                    ctx.verify_mode = ssl.CERT_NONE
                    s = ctx.wrap_socket(s)
                greet = s.recv(512)
                s.sendall(b"QUIT\r\n")
                if greet.startswith(b"220"):
                    return True
        except OSError:
            time.sleep(0.05)
    return False


def serve(prog, argv, port, work, marker, describe=None, env=None, implicit_tls=False):
    """Starts @argv (its own session), waits for its greeting on @port,
    prints PORT, then serves until stdin EOF or a signal; never returns."""
    proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL,
                            stdout=sys.stderr, stderr=sys.stderr,
                            start_new_session=True, env=env)
    stopping = threading.Lock()

    def stop(*_):
        if not stopping.acquire(blocking=False):
            return
        try:
            os.killpg(proc.pid, signal.SIGTERM)
        except OSError:
            pass
        for sig in (signal.SIGTERM, signal.SIGKILL):
            # Sessions stay in the server's process group even when they
            # rename themselves (pure-ftpd's "pure-ftpd (IDLE)").
            try:
                os.killpg(proc.pid, sig)
            except OSError:
                pass
            for pid in processes_naming(marker):
                if pid == os.getpid():
                    continue
                try:
                    os.kill(pid, sig)
                except OSError:
                    pass
            deadline = time.monotonic() + 2
            while [p for p in processes_naming(marker) if p != os.getpid()] \
                    and time.monotonic() < deadline:
                time.sleep(0.05)
        try:
            proc.wait(timeout=2)
        except subprocess.TimeoutExpired:
            pass
        if not os.environ.get("FERRY_KEEP_TEMP"):
            shutil.rmtree(work, ignore_errors=True)
        os._exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGHUP, stop)

    if not wait_listening(port, proc, time.monotonic() + 10, implicit_tls):
        sys.stderr.write("%s: server did not start (exit %s)\n" % (prog, proc.poll()))
        if describe:
            sys.stderr.write(describe())
        stop()

    print("PORT %d" % port, flush=True)

    def watch_child():
        proc.wait()
        if not stopping.locked():
            sys.stderr.write("%s: server exited (%s)\n" % (prog, proc.returncode))
        stop()

    threading.Thread(target=watch_child, daemon=True).start()

    if not sys.stdin.isatty():
        try:
            while sys.stdin.buffer.read1(4096):
                pass
        except Exception:
            pass
        stop()
    else:
        while True:
            signal.pause()
