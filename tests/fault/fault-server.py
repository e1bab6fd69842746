#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A scripted, misbehaving FTP server for Ferry's fault tests (127.0.0.1 only).

  fault-server.py --scenario NAME [--report FILE] [--sandbox DIR]

Prints "PORT <n>" when it listens; serves until stdin EOF or SIGTERM.
--report appends one JSON object per line for what the client did
(commands, data connections), so a test can check e.g. where the client
connected.  Scenarios:

  garbage-greeting    greeting is binary junk, then silence
  endless-multiline   "220-" continuation lines for ever (until the client leaves)
  huge-line           1 MB greeting without LF, then silence
  pasv-foreign-host   EPSV refused; PASV names 127.0.0.2 (a "foreign" host that
                      is still loopback): the client must use 127.0.0.1.  A trap
                      listener on 127.0.0.2 records any connection there.
  silence-after-150   RETR/LIST answer 150 and then nothing, data stays open
  early-close         SIZE says 1000000, RETR sends 400000 bytes, closes, says 226
  421-midway          RETR sends some data, then 421 and closes everything
  invalid-utf8-names  LIST with names that are not UTF-8 (and ok.txt)
  hostile-names       LIST with ../evil, /etc/passwd, a/b, control characters,
                      a 300-byte name,
                      and an absolute name inside --sandbox; RETR of anything
                      returns "EVIL"
  normal              a well-behaved server (files ok.txt and data.bin)
  early-close-once    as normal, but the first RETR of data.bin sends 400000
                      bytes, closes the data connection and says 226; later
                      ones serve the file (from REST) whole
  421-once            as normal, but the first RETR of data.bin sends 300000
                      bytes, then 421 and closes everything; later ones serve
                      the file (from REST) whole
  size-bigger         LIST and SIZE say data.bin has 1000 bytes more than sent
  size-smaller        LIST and SIZE say data.bin has 1000 bytes fewer than sent
  needs-account       PASS answers 332; "ACCT secret" logs in (230), any other
                      account is 530
  store-needs-account logs in normally; STOR/APPE answer 532 until "ACCT secret"
                      (then 202), after which they store (the bytes are counted
                      in the report as event "stored")
  second-226          as normal, but every RETR's 226 comes twice
  second-226-late     as normal, but after the server's first RETR a second 226
                      comes just before the answer to the next command (the
                      stray that MDTM/EPSV used to take for their reply)
  abor-late           as normal, but the first RETR of data.bin sends 300000
                      bytes and stalls; ABOR gets 225 at once, and 1 s later a
                      late 150, 426 and 226 (before the next command's answer)
  early-226           as normal, but RETR says 150 and 226 at once, before the
                      data, which follows 0.3 s later
  duplicates          LIST names data.bin twice, and Case.bin beside case.bin;
                      RETR of data.bin serves VERSION_A and VERSION_B in turn,
                      Case.bin and case.bin differ (CASE_UPPER, CASE_LOWER);
                      data goes out in 64 KiB steps so that transfers overlap
  fold-case-store     a case-insensitive server: STOR writes into --sandbox/store/
                      under the lower-cased name as the bytes come (64 KiB steps),
                      SIZE answers for what is stored there, MKD says 257
"""
import argparse
import json
import os
import signal
import socket
import socketserver
import sys
import threading
import time

SCENARIOS = ("garbage-greeting", "endless-multiline", "huge-line", "pasv-foreign-host",
             "silence-after-150", "early-close", "421-midway", "invalid-utf8-names",
             "hostile-names", "normal", "needs-account", "store-needs-account",
             "early-close-once", "421-once", "size-bigger", "size-smaller",
             "second-226", "second-226-late", "abor-late", "early-226", "duplicates",
             "fold-case-store")
FOREIGN = "127.0.0.2"     # never anything outside 127.0.0.0/8
DATA_BIN = bytes(range(256)) * 4000      # 1,024,000 bytes
# "duplicates": two versions of data.bin and a case pair, all of one size
VERSION_A = bytes((i * 7) & 255 for i in range(256)) * 4000
VERSION_B = bytes((i * 11 + 3) & 255 for i in range(256)) * 4000
CASE_UPPER = bytes(255 - i for i in range(256)) * 4000
CASE_LOWER = bytes((i ^ 0x5a) for i in range(256)) * 4000

args = None
report_lock = threading.Lock()
retr_lock = threading.Lock()
retr_count = {}          # RETR name → how many so far (across connections)


def claimed_size():
    """What LIST and SIZE say data.bin holds."""
    if args.scenario == "size-bigger":
        return len(DATA_BIN) + 1000
    if args.scenario == "size-smaller":
        return len(DATA_BIN) - 1000
    return len(DATA_BIN)


def report(**ev):
    if not args.report:
        return
    ev["t"] = round(time.time(), 3)
    with report_lock, open(args.report, "a") as f:
        f.write(json.dumps(ev) + "\n")


def listing(scenario):
    """LIST lines (bytes) for the scenario."""
    def line(name, size=5, kind="-"):
        perms = b"drwxr-xr-x" if kind == "d" else b"-rw-r--r--"
        return perms + b" 1 ftp ftp %8d Jan 01 12:00 " % size + name + b"\r\n"
    out = [line(b"ok.txt", 3)]
    if scenario == "invalid-utf8-names":
        out += [line(b"caf\xe9.txt"), line(b"\xff\xfe\xfd.bin"), line(b"half\xe2\x82.txt"),
                line(b"good \xc3\xa9t\xc3\xa9.txt")]
    elif scenario == "hostile-names":
        out += [line(b"../evil"), line(b"/etc/passwd"), line(b"a/b"), line(b".."),
                line(b"."), line(b"esc\x1b[31mred"), line(b"bell\x07name"),
                line(b"nul\x00name"), line(b"tab\tname"), line(b"long-" + b"n" * 295),
                line(args.sandbox.encode() + b"/abs-evil" if args.sandbox else b"/tmp/abs-evil")]
    elif scenario == "duplicates":
        out += [line(b"data.bin", len(VERSION_A)), line(b"Case.bin", len(CASE_UPPER)),
                line(b"data.bin", len(VERSION_B)), line(b"case.bin", len(CASE_LOWER))]
    else:
        out += [line(b"data.bin", claimed_size())]
    return b"".join(out)


class DataPort:
    """A passive data listener on 127.0.0.1 (plus, for pasv-foreign-host, a
    trap on 127.0.0.2 with the same port)."""

    def __init__(self, trap):
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(1)
        self.port = self.sock.getsockname()[1]
        self.trap = None
        if trap:
            try:
                t = socket.socket()
                t.bind((FOREIGN, self.port))
                t.listen(1)
                self.trap = t
                threading.Thread(target=self._watch_trap, daemon=True).start()
            except OSError as e:
                report(event="trap-unavailable", error=str(e))

    def _watch_trap(self):
        try:
            c, peer = self.trap.accept()
            report(event="data-connect", addr=FOREIGN, peer=peer[0])
            c.close()
        except OSError:
            pass

    def accept(self, timeout=10):
        self.sock.settimeout(timeout)
        try:
            c, peer = self.sock.accept()
        except OSError:
            return None
        report(event="data-connect", addr="127.0.0.1", peer=peer[0])
        return c

    def close(self):
        for s in (self.sock, self.trap):
            if s:
                try:
                    s.close()
                except OSError:
                    pass


class Handler(socketserver.BaseRequestHandler):
    def send(self, text):
        data = text if isinstance(text, bytes) else text.encode()
        self.request.sendall(data)

    def reply(self, code, text):
        self.send("%d %s\r\n" % (code, text))

    def readline(self):
        buf = b""
        while not buf.endswith(b"\n"):
            try:
                c = self.request.recv(1)
            except OSError:
                return None
            if not c:
                return None
            buf += c
            if len(buf) > 4096:
                return None
        return buf.rstrip(b"\r\n").decode("utf-8", "replace")

    def silence(self, secs=60):
        """Keeps the connection open without a word until the client
        leaves (or @secs pass: the server never lingers for ever)."""
        self.request.settimeout(secs)
        try:
            while self.request.recv(4096):
                pass
        except OSError:
            pass

    def handle(self):
        sc = args.scenario
        report(event="connect")
        self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            if sc == "garbage-greeting":
                self.send(b"\x00\xff\xfeHELLO?? \x01\x02 not ftp at all\r\n")
                return self.silence()
            if sc == "endless-multiline":
                self.send("220-Welcome, this never ends\r\n")
                deadline = time.monotonic() + 60
                i = 0
                while time.monotonic() < deadline:
                    self.send("220-line %d of an endless greeting %s\r\n" % (i, "x" * 60))
                    i += 1
                    if i % 1000 == 0:
                        time.sleep(0.01)
                return
            if sc == "huge-line":
                self.send(b"220 " + b"A" * (1024 * 1024))
                return self.silence()
            self.session(sc)
        except (BrokenPipeError, ConnectionResetError):
            report(event="client-gone")

    def session(self, sc):
        self.reply(220, "Fault server (%s) ready." % sc)
        self.data = None
        self.stray = None       # replies sent ahead of the next command's answer
        rest = 0
        account = None
        while True:
            line = self.readline()
            if line is None:
                return
            if self.stray:
                report(event="stray", before=line.split(" ")[0], replies=self.stray)
                self.send(self.stray)
                self.stray = None
            report(event="command", line=line if not line.upper().startswith("PASS") else "PASS ****")
            cmd, _, arg = line.partition(" ")
            cmd = cmd.upper()
            if cmd == "USER":
                self.reply(331, "Password please.")
            elif cmd == "PASS":
                if sc == "needs-account":
                    self.reply(332, "Need account for login.")
                else:
                    self.reply(230, "Logged in.")
            elif cmd == "ACCT":
                if arg != "secret":
                    self.reply(530, "Unknown account.")
                elif sc == "needs-account":
                    account = arg
                    self.reply(230, "Logged in with that account.")
                else:
                    account = arg
                    self.reply(202, "Account accepted.")
            elif sc == "fold-case-store" and cmd in ("STOR", "SIZE", "MKD"):
                stored = os.path.join(args.sandbox, "store", arg.lstrip("/").lower())
                if cmd == "MKD":
                    os.makedirs(stored, exist_ok=True)
                    self.reply(257, '"%s" created.' % arg)
                elif cmd == "SIZE":
                    if os.path.isfile(stored):
                        self.reply(213, str(os.path.getsize(stored)))
                    else:
                        self.reply(550, "No such file.")
                else:
                    self.receive(arg, stored)
            elif cmd in ("STOR", "APPE") and sc == "store-needs-account":
                if account is None:
                    self.reply(532, "Need account for storing files.")
                else:
                    self.receive(arg)
            elif cmd == "SYST":
                self.reply(215, "UNIX Type: L8")
            elif cmd == "FEAT":
                self.send("211-Features:\r\n SIZE\r\n MDTM\r\n REST STREAM\r\n UTF8\r\n211 End\r\n")
            elif cmd == "OPTS":
                self.reply(200, "OK.")
            elif cmd == "PWD":
                self.reply(257, '"/" is the current directory')
            elif cmd in ("CWD", "CDUP"):
                self.reply(250, "OK.")
            elif cmd == "TYPE":
                self.reply(200, "Type set.")
            elif cmd == "NOOP":
                self.reply(200, "NOOP ok.")
            elif cmd == "REST":
                try:
                    rest = int(arg)
                    self.reply(350, "Restarting at %d." % rest)
                except ValueError:
                    self.reply(501, "Bad REST.")
            elif cmd == "SIZE":
                if sc == "early-close":
                    self.reply(213, "1000000")
                elif arg.lstrip("/") == "data.bin":
                    self.reply(213, str(claimed_size()))
                elif sc == "hostile-names":
                    self.reply(213, "5")
                elif arg.lstrip("/") == "ok.txt":
                    self.reply(213, "3")
                else:
                    self.reply(550, "No such file.")
            elif cmd == "MDTM":
                self.reply(213, "20240101120000")
            elif cmd == "EPSV":
                if sc == "pasv-foreign-host":
                    self.reply(500, "EPSV not understood.")
                else:
                    self.new_data(False)
                    self.reply(229, "Entering Extended Passive Mode (|||%d|)" % self.data.port)
            elif cmd == "PASV":
                self.new_data(sc == "pasv-foreign-host")
                host = FOREIGN if sc == "pasv-foreign-host" else "127.0.0.1"
                p = self.data.port
                self.reply(227, "Entering Passive Mode (%s,%d,%d)." % (
                    host.replace(".", ","), p >> 8, p & 255))
            elif cmd in ("PORT", "EPRT"):
                self.reply(502, "Active mode not offered here.")
            elif cmd in ("MLSD", "MLST"):
                self.reply(500, "Unknown command.")
            elif cmd in ("LIST", "NLST"):
                self.transfer(sc, listing(sc), is_list=True)
            elif cmd == "RETR":
                if sc == "hostile-names":
                    body = b"EVIL\n"
                elif arg.lstrip("/") == "ok.txt":
                    body = b"ok\n"
                elif sc == "duplicates" and arg.lstrip("/") in ("Case.bin", "case.bin"):
                    body = CASE_UPPER if arg.lstrip("/") == "Case.bin" else CASE_LOWER
                elif sc == "duplicates":
                    with retr_lock:
                        k = retr_count.get(arg, 0)
                    body = VERSION_A if k % 2 == 0 else VERSION_B
                else:
                    body = DATA_BIN
                with retr_lock:
                    n = retr_count[arg] = retr_count.get(arg, 0) + 1
                report(event="retr", name=arg, rest=rest, attempt=n)
                how = sc
                if sc in ("early-close-once", "421-once", "abor-late") and \
                        (n > 1 or arg.lstrip("/") != "data.bin"):
                    how = "normal"      # only the first attempt misbehaves
                if sc == "second-226-late" and sum(retr_count.values()) > 1:
                    how = "normal"
                self.transfer(how, body[rest:], is_list=False)
                rest = 0
            elif cmd in ("STOR", "DELE", "MKD", "RMD", "RNFR", "RNTO"):
                self.reply(550, "Read-only fault server.")
            elif cmd == "ABOR":
                if sc == "abor-late" and getattr(self, "stalled", None):
                    self.stalled.close()
                    self.stalled = None
                    self.reply(225, "ABOR accepted.")
                    time.sleep(1.0)
                    report(event="stray", before="", replies="150 426 226")
                    self.send("150 Late: opening data connection.\r\n"
                              "426 Late: transfer aborted.\r\n"
                              "226 Late: transfer complete.\r\n")
                else:
                    self.reply(226, "Nothing to abort.")
            elif cmd == "QUIT":
                self.reply(221, "Bye.")
                return
            else:
                self.reply(502, "Not implemented.")

    def receive(self, name, into=None):
        if not self.data:
            self.reply(425, "Use PASV first.")
            return
        dp, self.data = self.data, None
        self.reply(150, "Ok to send data.")
        conn = dp.accept()
        if conn is None:
            dp.close()
            self.reply(425, "No data connection.")
            return
        n = 0
        out = None
        try:
            conn.settimeout(10)
            if into:
                os.makedirs(os.path.dirname(into), exist_ok=True)
                out = open(into, "wb")       # as a server does: truncate, then write
            while True:
                b = conn.recv(65536)
                if not b:
                    break
                n += len(b)
                if out:
                    out.write(b)
                    out.flush()
                    time.sleep(0.01)
        finally:
            if out:
                out.close()
            conn.close()
            dp.close()
        report(event="stored", name=name, size=n)
        self.reply(226, "Transfer complete.")

    def new_data(self, trap):
        if self.data:
            self.data.close()
        self.data = DataPort(trap)

    def transfer(self, sc, body, is_list):
        if not self.data:
            self.reply(425, "Use PASV first.")
            return
        dp, self.data = self.data, None
        self.reply(150, "Opening data connection.")
        conn = dp.accept()
        if conn is None:
            dp.close()
            self.reply(425, "No data connection.")
            return
        try:
            if sc == "silence-after-150" and not is_list:
                # Neither data nor a reply: only a client timeout ends this.
                self.silence(30)
                return
            if sc in ("early-close", "early-close-once") and not is_list:
                conn.sendall(DATA_BIN[:400000])
                conn.close()
                self.reply(226, "Transfer complete (it was not).")
                return
            if sc in ("421-midway", "421-once") and not is_list:
                conn.sendall(DATA_BIN[:300000])
                time.sleep(0.2)
                self.reply(421, "Service not available, closing control connection.")
                conn.close()
                self.request.shutdown(socket.SHUT_RDWR)
                raise ConnectionResetError
            if sc == "abor-late" and not is_list:
                conn.sendall(body[:300000])
                self.stalled = conn     # open (and silent) until ABOR
                conn = None
                return
            if sc == "early-226" and not is_list:
                self.reply(226, "Transfer complete (before the data).")
                time.sleep(0.3)
                conn.sendall(body)
                conn.close()
                return
            if sc == "duplicates" and not is_list:
                for i in range(0, len(body), 65536):
                    conn.sendall(body[i:i + 65536])
                    time.sleep(0.01)
                conn.close()
                self.reply(226, "Transfer complete.")
                return
            conn.sendall(body)
            conn.close()
            self.reply(226, "Transfer complete.")
            if sc == "second-226" and not is_list:
                self.reply(226, "Transfer complete (again).")
            if sc == "second-226-late" and not is_list:
                self.stray = "226 Transfer complete (late, again).\r\n"
        finally:
            try:
                if conn is not None:
                    conn.close()
            except OSError:
                pass
            dp.close()


class Server(socketserver.ThreadingMixIn, socketserver.TCPServer):
    daemon_threads = True
    allow_reuse_address = True


def main():
    global args
    ap = argparse.ArgumentParser()
    ap.add_argument("--scenario", required=True, choices=SCENARIOS)
    ap.add_argument("--report")
    ap.add_argument("--sandbox", help="absolute folder used for an absolute hostile name")
    ap.add_argument("--port", type=int, default=0)
    args = ap.parse_args()

    srv = Server(("127.0.0.1", args.port), Handler)
    print("PORT %d" % srv.server_address[1], flush=True)

    def stop(*_):
        os._exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    if sys.stdin.isatty():
        while True:
            signal.pause()
    try:
        while sys.stdin.buffer.read1(4096):
            pass
    except Exception:
        pass
    stop()


if __name__ == "__main__":
    main()
