#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""FTPS through the real ferry-cli against pyftpdlib (TLS_FTPHandler) and
vsftpd (ssl_enable=YES, require_ssl_reuse=YES, explicit and implicit) on
127.0.0.1, with a self-signed certificate made by openssl for this run:

  - an unverifiable certificate is refused, with its fingerprint shown;
    --trust-fingerprint of that one is accepted, a wrong one refused;
    --insecure accepts and warns with the fingerprint;
  - login, TLS before USER, PBSZ/PROT, ls, 20 MB get and put byte-identical
    (the data connections resume the control session: vsftpd insists);
  - active mode over TLS;
  - a server without TLS: ftpes:// fails, nothing sent in the clear;
  - SIGINT during a TLS download: ABOR answered, QUIT answered (the
    control connection stayed in step).

Not a GTest binary on purpose: glib-networking turns TLS session reuse
off in processes that called g_test_init() (see FTPS.md).
TAP on stdout, notes on stderr.  FERRY_CLI names the binary.
"""
import os
import shutil
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "servers"))
import harness  # noqa: E402
from harness import note, run_cli, files_equal  # noqa: E402

TIMEOUT = ["--timeout", "10"]
SIZE = 20 * 1000 * 1000 + 321


def tls_url(srv, path, scheme="ftpes"):
    return srv.url(path).replace("ftp://", scheme + "://", 1)


def main():
    tap = harness.Tap()
    if shutil.which("openssl") is None:
        tap.skip("FTPS tests", "openssl is not installed")
        return tap.done()

    base = harness.temp_dir("ferry-ftps-")
    pem, fingerprint = harness.make_certificate(base)
    wrong = ":".join(["AB"] * 32)
    note("certificate fingerprint", fingerprint)

    for kind in harness.KINDS:
        why = harness.can_run(kind)
        if why:
            tap.skip("%s: FTPS" % kind, why)
            continue
        root = os.path.join(base, kind, "remote")
        local = os.path.join(base, kind, "local")
        os.makedirs(root)
        os.makedirs(local)
        os.chmod(os.path.join(base, kind), 0o755)
        os.chmod(root, 0o755)
        big_sum = harness.write_pattern_file(os.path.join(root, "big.bin"), SIZE)
        note(kind, "big.bin sha256", big_sum)
        srv = harness.start_server(kind, root, tls=pem)
        url = tls_url(srv, "/")

        r = run_cli(["ls", url] + TIMEOUT, timeout=30)
        tap.ok(r.rc not in (0, None) and not r.timed_out and fingerprint in r.err and
               "Subject: CN=127.0.0.1" in r.err and "Valid from" in r.err and
               "--trust-fingerprint" in r.err,
               "%s: an unverifiable certificate is refused, its fingerprint, subject "
               "and dates shown" % kind, r.describe())

        r = run_cli(["--trust-fingerprint", fingerprint.lower(), "ls", url] + TIMEOUT, timeout=30)
        tap.ok(r.rc == 0 and "big.bin" in r.out,
               "%s: --trust-fingerprint of this certificate: ls works" % kind, r.describe())

        r = run_cli(["--trust-fingerprint", wrong, "ls", url] + TIMEOUT, timeout=30)
        tap.ok(r.rc not in (0, None) and fingerprint in r.err and "big.bin" not in r.out,
               "%s: a wrong --trust-fingerprint is refused" % kind, r.describe())

        r = run_cli(["-v", "--insecure", "ls", url] + TIMEOUT, timeout=30)
        err = r.err
        order_ok = ("> AUTH TLS" in err and "* TLS established" in err and "> USER" in err and
                    err.index("* TLS established") < err.index("> USER") and
                    "> PBSZ 0" in err and "> PROT P" in err)
        tap.ok(r.rc == 0 and "big.bin" in r.out and "warning" in err and fingerprint in err
               and order_ok,
               "%s: --insecure warns with the fingerprint; TLS before USER, then PBSZ/PROT" % kind,
               r.describe())

        dst = os.path.join(local, "big.bin")
        r = run_cli(["-q", "--trust-fingerprint", fingerprint, "get", tls_url(srv, "/big.bin"),
                     dst] + TIMEOUT, timeout=90)
        tap.ok(r.rc == 0 and os.path.exists(dst) and files_equal(dst, os.path.join(root, "big.bin")),
               "%s: 20 MB download over TLS is byte-identical (%.2f s)" % (kind, r.secs),
               r.describe())

        if os.path.exists(dst):
            r = run_cli(["-q", "-k", "put", dst, tls_url(srv, "/up.bin")] + TIMEOUT, timeout=90)
            up = os.path.join(root, "up.bin")
            tap.ok(r.rc == 0 and os.path.exists(up) and files_equal(dst, up),
                   "%s: 20 MB upload over TLS is byte-identical (%.2f s)" % (kind, r.secs),
                   r.describe())
        else:
            tap.ok(False, "%s: 20 MB upload over TLS (no downloaded file to send)" % kind)

        r = run_cli(["-k", "--active", "ls", url] + TIMEOUT, timeout=30)
        tap.ok(r.rc == 0 and "big.bin" in r.out,
               "%s: active mode listing over TLS" % kind, r.describe())

        # Cancel: throttled so the transfer is still running at SIGINT
        # (pyftpd.py cannot throttle TLS; vsftpd can).
        if kind != "vsftpd":
            tap.skip("%s: SIGINT during a TLS download" % kind, "no throttling with TLS")
            srv.stop()
            continue
        slow = harness.start_server(kind, root, tls=pem, max_rate=4 * 1000 * 1000)
        cdst = os.path.join(local, "cancel.bin")
        argv = [harness.ferry_cli(), "-v", "-k", "get", tls_url(slow, "/big.bin"), cdst] + TIMEOUT
        p = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, start_new_session=True)
        part = cdst + ".part"
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and p.poll() is None:
            if os.path.exists(part) and os.path.getsize(part) >= 1024 * 1024:
                break
            time.sleep(0.05)
        running = p.poll() is None
        if running:
            p.send_signal(signal.SIGINT)
        try:
            out, errb = p.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            out, errb = p.communicate()
        err = errb.decode(errors="replace")
        after = err[err.find("> ABOR"):] if "> ABOR" in err else ""
        tap.ok(running and p.returncode != 0 and "> ABOR" in err and "< 221" in after and
               os.path.exists(part) and not os.path.exists(cdst),
               "%s: SIGINT during a TLS download: ABOR, then QUIT answered with 221" % kind,
               "rc %s running %s\n%s" % (p.returncode, running, err[-1500:]))
        slow.stop()
        srv.stop()

    # vsftpd with implicit TLS (pyftpdlib has no implicit mode).
    why = harness.can_run("vsftpd")
    if why:
        tap.skip("vsftpd: implicit FTPS", why)
    else:
        root = os.path.join(base, "vsftpd", "remote")
        srv = harness.start_server("vsftpd", root, tls=pem, implicit_tls=True)
        r = run_cli(["--trust-fingerprint", fingerprint, "ls", tls_url(srv, "/", "ftps")] + TIMEOUT,
                    timeout=30)
        tap.ok(r.rc == 0 and "big.bin" in r.out, "vsftpd: implicit FTPS (ftps://) ls",
               r.describe())
        dst = os.path.join(base, "implicit.bin")
        r = run_cli(["-q", "-k", "get", tls_url(srv, "/big.bin", "ftps"), dst] + TIMEOUT,
                    timeout=90)
        tap.ok(r.rc == 0 and os.path.exists(dst) and files_equal(dst, os.path.join(root, "big.bin")),
               "vsftpd: implicit FTPS 20 MB download byte-identical", r.describe())
        r = run_cli(["-k", "ls", tls_url(srv, "/", "ftpes")] + TIMEOUT, timeout=30)
        tap.ok(r.rc not in (0, None) and not r.timed_out,
               "vsftpd: ftpes:// to an implicit-TLS port fails (no plaintext)", r.describe())
        srv.stop()

    # A server without TLS: AUTH TLS refused → error, no login in the clear.
    root = os.path.join(base, "plain")
    os.makedirs(root)
    srv = harness.start_server("pyftpdlib", root)
    r = run_cli(["-v", "-k", "ls", tls_url(srv, "/")] + TIMEOUT, timeout=30)
    tap.ok(r.rc not in (0, None) and "refuses TLS" in r.err and "> USER" not in r.err and
           "> PASS" not in r.err,
           "a server refusing AUTH TLS: error, no USER/PASS sent in the clear", r.describe())
    srv.stop()

    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
