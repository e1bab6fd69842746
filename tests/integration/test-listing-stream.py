#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Listings parsed as they arrive (ferry_session_list_stream via
`ferry-cli ls`), against a small scripted server of this file's own on
127.0.0.1 that makes up listings of any size without a file on disk:

- a LIST of 1,200,000 entries (about 80 MiB, over the old 64 MiB refusal)
  is listed whole, in order, and ferry-cli's peak memory stays far below
  the listing's size (entries are printed and freed batch by batch);
- the same over MLSD (FEAT says MLSD);
- the first entries are printed while the server still holds the rest
  back (the server waits for the test to see them: no timing involved);
- an endless listing stops at --max-entries with an error, the transfer
  aborted;
- lines the parser drops are named on stderr with their reason.

TAP on stdout, notes on stderr.  FERRY_CLI names the binary.
"""
import os
import select
import socket
import subprocess
import sys
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "servers"))
import harness  # noqa: E402
from harness import note  # noqa: E402

CLI_TIMEOUT = ["--timeout", "10"]
# Under AddressSanitizer (meson's sanitize setup sets ASAN_OPTIONS) freed
# memory sits in quarantine and every run is several times slower: the
# big listing is smaller there and its memory is not measured.
SANITIZED = "ASAN_OPTIONS" in os.environ
# Entries that may be printed past the limit: the batch in hand.
BATCH_SLACK = 8192


def unix_lines(n, start=0):
    for i in range(start, start + n):
        yield b"-rw-r--r--    1 ftp      ftp      %10d Jan 01 12:00 file %07d.dat\r\n" % (i, i)


def mlsd_lines(n):
    for i in range(n):
        yield b"type=file;size=%d;modify=20240101120000;UNIX.mode=0644; file %07d.dat\r\n" % (i, i)


class ListingServer:
    """One control connection at a time; the listing comes from
    self.listing (a callable that writes to the data socket)."""

    def __init__(self, listing, mlsd=False):
        self.listing = listing
        self.mlsd = mlsd
        self.go = threading.Event()
        self.aborted = threading.Event()
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(4)
        self.port = self.sock.getsockname()[1]
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def url(self, path="/"):
        return "ftp://tester:secret@127.0.0.1:%d%s" % (self.port, path)

    def serve(self):
        while True:
            try:
                c, _ = self.sock.accept()
            except OSError:
                return
            try:
                self.session(c)
            except OSError:
                pass
            finally:
                c.close()

    def session(self, c):
        f = c.makefile("rb")
        send = lambda text: c.sendall(text.encode() + b"\r\n")
        send("220 listing server")
        data = None
        while True:
            line = f.readline()
            if not line:
                return
            cmd = line.decode("latin-1").strip()
            verb = cmd.split(" ")[0].upper()
            if verb == "USER":
                send("331 password")
            elif verb == "PASS":
                send("230 in")
            elif verb == "SYST":
                send("215 UNIX Type: L8")
            elif verb == "FEAT":
                send("211-Features:\r\n EPSV\r\n" + (" MLSD\r\n" if self.mlsd else "") + "211 End")
            elif verb == "PWD":
                send('257 "/"')
            elif verb in ("TYPE", "MODE", "STRU", "OPTS", "CWD"):
                send("200 ok")
            elif verb == "EPSV":
                data = socket.socket()
                data.bind(("127.0.0.1", 0))
                data.listen(1)
                send("229 Entering Extended Passive Mode (|||%d|)" % data.getsockname()[1])
            elif verb in ("LIST", "MLSD"):
                if data is None:
                    send("425 no data connection")
                    continue
                send("150 here it comes")
                d, _ = data.accept()
                data.close()
                data = None
                ok = True
                try:
                    self.listing(self, d)
                except OSError:
                    ok = False
                    self.aborted.set()
                d.close()
                # After ABOR the client wants a 426/226 for the transfer and one for ABOR.
                c.setblocking(False)
                try:
                    pending = c.recv(4096)
                except BlockingIOError:
                    pending = b""
                c.setblocking(True)
                if b"ABOR" in pending:
                    self.aborted.set()
                    send("426 aborted")
                    send("226 ABOR ok")
                elif ok:
                    send("226 done")
                else:
                    send("426 connection closed")
            elif verb == "ABOR":
                self.aborted.set()
                send("226 ABOR ok")
            elif verb == "QUIT":
                send("221 bye")
                return
            else:
                send("502 not here")

    def stop(self):
        self.sock.close()


def send_lines(d, lines, chunk=1 << 16):
    buf = []
    size = 0
    for line in lines:
        buf.append(line)
        size += len(line)
        if size >= chunk:
            d.sendall(b"".join(buf))
            buf, size = [], 0
    if buf:
        d.sendall(b"".join(buf))


def list_watched(url, want):
    """`ferry-cli ls URL`, reading its output as it comes (only the lines
    at the indexes in @want are kept) and its VmHWM (peak RSS since exec,
    KiB) from /proc while it runs."""
    proc = subprocess.Popen([harness.ferry_cli(), "ls", url] + CLI_TIMEOUT,
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, start_new_session=True)
    hwm = [0]
    done = threading.Event()

    def watch():
        while not done.is_set():
            try:
                with open("/proc/%d/status" % proc.pid) as f:
                    for line in f:
                        if line.startswith("VmHWM:"):
                            hwm[0] = max(hwm[0], int(line.split()[1]))
            except OSError:
                pass
            done.wait(0.02)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    kept, count = {}, 0
    for line in proc.stdout:
        if count in want:
            kept[count] = line.decode("utf-8", "replace").rstrip("\n")
        count += 1
    err = proc.stderr.read().decode("utf-8", "replace")
    proc.wait(timeout=60)
    done.set()
    watcher.join()
    return proc.returncode, count, kept, err, hwm[0]


def t_big_list(tap):
    n = 300000 if SANITIZED else 1200000
    srv = ListingServer(lambda s, d: send_lines(d, unix_lines(n)))
    try:
        rc, count, kept, err, hwm = list_watched(srv.url("/"), {0, n // 2, n - 1})
    finally:
        srv.stop()
    tap.ok(rc == 0 and count == n, "LIST of %d entries (%d MiB) listed whole" % (n, n * 66 >> 20),
           diag="rc=%s, %d lines; %s" % (rc, count, err[-300:]))
    tap.ok(kept.get(0, "").endswith(" file 0000000.dat") and
           kept.get(n // 2, "").endswith(" file %07d.dat" % (n // 2)) and
           kept.get(n - 1, "").endswith(" file %07d.dat" % (n - 1)),
           "entries in order: first, middle and last", diag=repr(kept))
    # 80 MiB of listing; entries printed and freed batch by batch: the
    # peak is the program, a batch and a read buffer.
    if SANITIZED:
        tap.skip("ferry-cli peak memory", "AddressSanitizer keeps freed memory in quarantine")
    else:
        tap.ok(0 < hwm < 32 * 1024, "ferry-cli peak memory %.1f MiB while listing 80 MiB" % (hwm / 1024),
               diag="VmHWM %d KiB" % hwm)


def t_big_mlsd(tap):
    n = 300000
    srv = ListingServer(lambda s, d: send_lines(d, mlsd_lines(n)), mlsd=True)
    try:
        r = harness.run_cli(["ls", srv.url("/")] + CLI_TIMEOUT, timeout=120)
    finally:
        srv.stop()
    lines = r.out.splitlines()
    tap.ok(r.rc == 0 and len(lines) == n and lines[-1].endswith(" file %07d.dat" % (n - 1)),
           "MLSD of %d entries listed whole" % n, diag="%d lines; %s" % (len(lines), r.describe()))


def t_first_batch_early(tap):
    def listing(s, d):
        send_lines(d, unix_lines(10))
        # The rest only once the test has seen ferry-cli print an entry.
        s.go.wait(20)
        send_lines(d, unix_lines(20000, start=10))

    srv = ListingServer(listing)
    proc = subprocess.Popen([harness.ferry_cli(), "ls", srv.url("/")] + CLI_TIMEOUT,
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, start_new_session=True)
    first = b""
    try:
        ready, _, _ = select.select([proc.stdout], [], [], 15)
        if ready:
            first = os.read(proc.stdout.fileno(), 1 << 16)
    finally:
        srv.go.set()
        rest, err = proc.communicate(timeout=60)
        srv.stop()
    tap.ok(first.split(b"\n")[0].endswith(b" file 0000000.dat"),
           "the first entry is printed while the server holds back the rest",
           diag="first=%r err=%r" % (first, err[-300:]))
    tap.ok(proc.returncode == 0 and len((first + rest).splitlines()) == 20010,
           "and the whole listing follows", diag="rc=%s, %d lines" % (proc.returncode, len((first + rest).splitlines())))


def t_endless(tap):
    def listing(s, d):
        i = 0
        while True:          # until the client goes away
            send_lines(d, unix_lines(5000, start=i))
            i += 5000

    srv = ListingServer(listing)
    try:
        r = harness.run_cli(["--max-entries", "100000", "ls", srv.url("/")] + CLI_TIMEOUT, timeout=60)
    finally:
        srv.stop()
    tap.ok(not r.timed_out and r.rc not in (0, None) and 0 < r.rc < 128 and
           "more than 100000 entries" in r.err,
           "an endless listing stops at --max-entries with an error", diag=r.describe())
    tap.ok(len(r.out.splitlines()) <= 100000 + BATCH_SLACK,
           "no more than the limit (and one batch) printed", diag="%d lines" % len(r.out.splitlines()))
    tap.ok(srv.aborted.is_set(), "the transfer was aborted (ABOR or data connection closed)")


def t_drops(tap):
    lines = [b"total 4\r\n",
             b"drwxr-xr-x    2 ftp ftp 4096 Jan 01 12:00 .\r\n",
             b"-rw-r--r--    1 ftp ftp 1 Jan 01 12:00 a/b\r\n",
             b"some line no dialect reads\r\n",
             b"-rw-r--r--    1 ftp ftp 1 Jan 01 12:00 good\r\n"]
    srv = ListingServer(lambda s, d: d.sendall(b"".join(lines)))
    try:
        r = harness.run_cli(["ls", srv.url("/")] + CLI_TIMEOUT)
    finally:
        srv.stop()
    tap.ok(r.rc == 0 and r.out.splitlines()[-1].endswith(" good") and len(r.out.splitlines()) == 1,
           "ls shows the one good entry", diag=r.describe() + r.out)
    tap.ok("skipped entry “a/b”: the name contains '/'" in r.err and
           "skipped line “some line no dialect reads”" in r.err and "“.”" not in r.err and
           "total" not in r.err,
           "dropped lines are named on stderr with the reason ('.' and 'total' are not)",
           diag=r.err)


def main():
    tap = harness.Tap()
    for t in (t_drops, t_first_batch_early, t_endless, t_big_mlsd, t_big_list):
        try:
            t(tap)
        except Exception as e:      # a broken test is a failure, not a crash
            tap.ok(False, t.__name__, diag=repr(e))
    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
