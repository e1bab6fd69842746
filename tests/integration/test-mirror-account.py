#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""ACCT through the transfer queue: ferry-cli mirror --account against
tests/fault/fault-server.py.

  needs-account        PASS answers 332: with --account secret every
                       connection logs in with ACCT and the tree arrives;
                       without --account, or with a wrong one, a clean
                       failure naming 332 / 530 and nothing written.
  store-needs-account  STOR answers 532 until ACCT: mirror --reverse with
                       --account stores every file (byte counts as sent);
                       without it each file fails with 532, nothing stored.

TAP on stdout, notes on stderr.  FERRY_CLI names the binary,
FERRY_FAULT_SERVER the scenario server.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "servers"))
sys.path.insert(0, HERE)
import harness  # noqa: E402
from harness import run_cli  # noqa: E402

FAULT = os.environ.get("FERRY_FAULT_SERVER",
                       os.path.join(HERE, "..", "fault", "fault-server.py"))
os.environ.setdefault("FERRY_FAULT_SERVER", FAULT)
from importlib.machinery import SourceFileLoader  # noqa: E402
faults = SourceFileLoader("test_faults", os.path.join(HERE, "test-faults.py")).load_module()

KILL_AFTER = 30
DATA_BIN = bytes(range(256)) * 4000
SENT = {"big.bin": os.urandom(300 * 1024 + 5), "small.txt": b"small\n",
        "third.txt": b"three\n"}


def files_under(top):
    found = {}
    for d, dirs, names in os.walk(top):
        for n in names:
            p = os.path.join(d, n)
            with open(p, "rb") as f:
                found[os.path.relpath(p, top)] = f.read()
    return found


def mirror(*args):
    return run_cli(["mirror", "-q", "--timeout", "3", "--retries", "1", "--retry-delay", "200"]
                   + list(args), timeout=KILL_AFTER)


def commands(f, name):
    return [e["line"] for e in f.events()
            if e.get("event") == "command" and e.get("line", "").upper().startswith(name)]


def main():
    tap = harness.Tap()
    base = harness.temp_dir("ferry-mirror-account-")

    # --- ACCT at login (332), two connections ---------------------------
    f = faults.Fault("needs-account", base)
    try:
        out = os.path.join(base, "out-login")
        r = mirror("-P", "2", "--account", "secret", f.url("/"), out)
        got = files_under(out) if os.path.isdir(out) else {}
        tap.ok(r.rc == 0 and got == {"ok.txt": b"ok\n", "data.bin": DATA_BIN},
               "332 at login: --account logs in, the tree arrives byte-identical",
               diag=r.describe() + "\n" + repr(sorted(got)))
        accts = commands(f, "ACCT")
        tap.ok(accts and all(a == "ACCT secret" for a in accts),
               "every login sent ACCT with the account given", diag=repr(accts))

        out = os.path.join(base, "out-none")
        r = mirror(f.url("/"), out)
        got = files_under(out) if os.path.isdir(out) else {}
        tap.ok(not r.timed_out and r.rc == 1 and "332" in r.err and "--account" in r.err and not got,
               "332 without --account: exit 1 naming 332 and --account, nothing written",
               diag=r.describe())

        out = os.path.join(base, "out-wrong")
        r = mirror("--account", "nope", f.url("/"), out)
        got = files_under(out) if os.path.isdir(out) else {}
        tap.ok(not r.timed_out and r.rc == 1 and "530" in r.err and not got,
               "a wrong account: exit 1 naming 530, nothing written", diag=r.describe())
    finally:
        f.stop()

    # --- ACCT on STOR (532), mirror --reverse ---------------------------
    src = os.path.join(base, "src")
    os.mkdir(src)
    for name, data in SENT.items():
        with open(os.path.join(src, name), "wb") as fh:
            fh.write(data)

    f = faults.Fault("store-needs-account", base)
    try:
        r = mirror("-R", "-P", "2", "--account", "secret", src, f.url("/"))
        stored = {e["name"].lstrip("/"): e["size"] for e in f.events() if e.get("event") == "stored"}
        tap.ok(r.rc == 0 and stored == {k: len(v) for k, v in SENT.items()},
               "532 on STOR: --account answers it, every file stored whole",
               diag=r.describe() + "\n" + repr(stored))
        tap.ok("ACCT secret" in commands(f, "ACCT"), "ACCT secret sent after the 532",
               diag=repr(commands(f, "ACCT")))
    finally:
        f.stop()

    # Its own folder: a report of its own.
    again = os.path.join(base, "again")
    os.mkdir(again)
    f = faults.Fault("store-needs-account", again)
    try:
        r = mirror("-R", "-P", "2", src, f.url("/"))
        stored = [e for e in f.events() if e.get("event") == "stored"]
        failed_names = [n for n in SENT if n in r.err]
        tap.ok(not r.timed_out and r.rc == 1 and "532" in r.err and not stored
               and len(failed_names) == len(SENT) and not commands(f, "ACCT"),
               "532 without --account: each file fails naming 532, nothing stored, no ACCT",
               diag=r.describe() + "\n" + repr(stored))
    finally:
        f.stop()

    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
