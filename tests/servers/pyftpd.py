#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A pyftpdlib server for Ferry's tests and demo, on loopback only.

Prints "PORT <n>" on stdout once it listens, then serves until stdin reaches
EOF (so it dies with its parent) or it gets SIGTERM/SIGINT.

  pyftpd.py --root DIR [--user NAME:PASSWORD] [--anonymous]
            [--port N] [--host 127.0.0.1|::1] [--tls CERTFILE]
            [--no-mlsd] [--log FILE] [--log-level LEVEL]
            [--max-rate BYTES_PER_SEC]

--max-rate throttles every data connection (both directions), e.g. so a
test can interrupt a transfer that would otherwise finish at once.
--log-level DEBUG makes the log record every command received (e.g. REST).

The named user gets full rights on DIR; anonymous (when enabled) may read
everything and write under DIR/incoming if that folder exists.
"""
import argparse
import logging
import os
import signal
import sys
import threading

from pyftpdlib.authorizers import DummyAuthorizer
from pyftpdlib.handlers import FTPHandler
from pyftpdlib.servers import FTPServer


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", required=True)
    ap.add_argument("--user", action="append", default=[])
    ap.add_argument("--anonymous", action="store_true")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--tls", metavar="CERTFILE")
    ap.add_argument("--no-mlsd", action="store_true")
    ap.add_argument("--log")
    ap.add_argument("--log-level", default="INFO",
                    choices=("DEBUG", "INFO", "WARNING", "ERROR"))
    ap.add_argument("--max-rate", type=int, default=0)
    args = ap.parse_args()

    if args.host not in ("127.0.0.1", "::1", "localhost"):
        sys.exit("pyftpd.py: refusing to listen outside loopback")

    logging.basicConfig(filename=args.log or os.devnull, level=getattr(logging, args.log_level))

    root = os.path.abspath(args.root)
    auth = DummyAuthorizer()
    for u in args.user:
        name, _, pw = u.partition(":")
        auth.add_user(name, pw, root, perm="elradfmwMT")
    if args.anonymous:
        auth.add_anonymous(root, perm="elr")
        incoming = os.path.join(root, "incoming")
        if os.path.isdir(incoming):
            auth.override_perm("anonymous", incoming, "elradfmwMT", recursive=True)

    if args.tls:
        from pyftpdlib.handlers import TLS_FTPHandler
        handler = TLS_FTPHandler
        handler.certfile = args.tls
        handler.tls_control_required = False
        handler.tls_data_required = False
    else:
        handler = FTPHandler
    if args.max_rate > 0:
        if args.tls:
            sys.exit("pyftpd.py: --max-rate does not combine with --tls")
        from pyftpdlib.handlers import ThrottledDTPHandler

        class Throttled(ThrottledDTPHandler):
            read_limit = args.max_rate
            write_limit = args.max_rate
        handler.dtp_handler = Throttled
    handler.authorizer = auth
    handler.banner = "Ferry test server ready."
    handler.passive_ports = None
    if args.no_mlsd:
        handler.proto_cmds = {k: v for k, v in handler.proto_cmds.items()
                              if k not in ("MLSD", "MLST")}

    server = FTPServer((args.host, args.port), handler)
    server.max_cons = 64
    port = server.socket.getsockname()[1]
    print("PORT %d" % port, flush=True)

    def stop(*_):
        server.close_all()
        os._exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    def watch_stdin():
        try:
            while sys.stdin.read(4096):
                pass
        except Exception:
            pass
        stop()

    if not sys.stdin.isatty():
        threading.Thread(target=watch_stdin, daemon=True).start()
    server.serve_forever(handle_exit=False)


if __name__ == "__main__":
    main()
