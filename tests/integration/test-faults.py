#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""ferry-cli against tests/fault/fault-server.py: every misbehaving server
must give a clean failure (non-zero exit < 128, an error on stderr) within
15 s, never a hang or a crash; PASV addresses other than the control peer
are ignored; hostile and undecodable names never escape the target folder.

TAP on stdout, notes on stderr.  FERRY_CLI names the binary,
FERRY_FAULT_SERVER the scenario server (defaults to ../fault/fault-server.py).
"""
import json
import os
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "servers"))
import harness  # noqa: E402
from harness import note, run_cli  # noqa: E402

FAULT = os.environ.get("FERRY_FAULT_SERVER",
                       os.path.join(HERE, "..", "fault", "fault-server.py"))
KILL_AFTER = 15
CLI_TIMEOUT = ["--timeout", "3"]
DATA_BIN = bytes(range(256)) * 4000


class Fault:
    def __init__(self, scenario, sandbox):
        self.report = os.path.join(sandbox, "report-%s.jsonl" % scenario)
        argv = [harness.PYTHON, FAULT, "--scenario", scenario, "--report", self.report,
                "--sandbox", sandbox]
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     start_new_session=True)
        line = self.proc.stdout.readline().decode().split()
        if len(line) != 2 or line[0] != "PORT":
            self.stop()
            raise RuntimeError("fault server did not start")
        self.port = int(line[1])

    def url(self, path="/"):
        return "ftp://tester:secret@127.0.0.1:%d%s" % (self.port, path)

    def events(self):
        try:
            with open(self.report) as f:
                return [json.loads(x) for x in f if x.strip()]
        except OSError:
            return []

    def stop(self):
        try:
            self.proc.stdin.close()
        except OSError:
            pass
        try:
            self.proc.terminate()
            self.proc.wait(timeout=5)
        except Exception:
            self.proc.kill()


def clean_failure(r, code=None):
    problems = []
    if r.timed_out:
        problems.append("hang: killed after %d s" % KILL_AFTER)
    elif r.rc == 0:
        problems.append("exit 0")
    elif r.rc < 0 or r.rc >= 128:
        problems.append("crash (rc %s)" % r.rc)
    if not r.err.strip():
        problems.append("no error message on stderr")
    if code and code not in r.err:
        problems.append("stderr does not name %s" % code)
    return not problems, "; ".join(problems) + "\n" + r.describe()


def snapshot(top, skip):
    found = set()
    for dp, dns, fns in os.walk(top):
        if os.path.abspath(dp).startswith(os.path.abspath(skip)):
            continue
        for n in dns + fns:
            found.add(os.path.join(dp, n))
    return found


def main():
    tap = harness.Tap()
    try:
        harness.ferry_cli()
    except RuntimeError as e:
        tap.ok(False, "ferry-cli available", diag=str(e))
        return tap.done()
    base = harness.temp_dir("ferry-fault-")

    def run(args, **kw):
        return run_cli(list(args) + CLI_TIMEOUT, timeout=KILL_AFTER, **kw)

    # -- servers that never speak FTP properly: the greeting fails
    for sc in ("garbage-greeting", "endless-multiline", "huge-line"):
        f = Fault(sc, base)
        try:
            r = run(["ls", f.url("/")])
            ok, d = clean_failure(r)
            tap.ok(ok, "%s: ls fails cleanly in time" % sc, diag=d)
        finally:
            f.stop()

    # -- PASV naming another host: the client must stay on the control peer
    f = Fault("pasv-foreign-host", base)
    try:
        r = run(["ls", f.url("/"), "--verbose"])
        tap.ok(r.rc == 0 and "ok.txt" in r.out, "pasv-foreign-host: ls works via 127.0.0.1",
               diag=r.describe())
        dst = os.path.join(base, "pasv-data.bin")
        r2 = run(["get", f.url("/data.bin"), dst, "--verbose"])
        got = open(dst, "rb").read() if os.path.exists(dst) else None
        tap.ok(r2.rc == 0 and got == DATA_BIN, "pasv-foreign-host: get works and is exact",
               diag=r2.describe())
        ev = f.events()
        used = [e.get("addr") for e in ev if e.get("event") == "data-connect"]
        note("pasv-foreign-host data connections: %r" % used)
        if any(e.get("event") == "trap-unavailable" for e in ev):
            note("could not listen on 127.0.0.2; a stray connection would only be refused")
        logs = r.out + r.err + r2.out + r2.err
        # "Connecting to 127.0.0.2" would be the bug; "named 127.0.0.2 ...
        # using 127.0.0.1 instead" is the fix working.
        bad_log = [ln for ln in logs.splitlines()
                   if re.search(r"connect(ing|ed)?\s+(to\s+)?\[?127\.0\.0\.2(?!\d)", ln, re.I)]
        tap.ok("127.0.0.2" not in used and "127.0.0.1" in used and not bad_log,
               "pasv-foreign-host: never connects to the PASV host 127.0.0.2",
               diag="data connections: %r; log lines: %r" % (used, bad_log))
    finally:
        f.stop()

    # -- failures in the middle of a download
    for sc, code in (("silence-after-150", None), ("early-close", None), ("421-midway", "421")):
        f = Fault(sc, base)
        try:
            dst = os.path.join(base, "%s.bin" % sc)
            r = run(["get", f.url("/data.bin"), dst])
            ok, d = clean_failure(r, code)
            if ok and os.path.exists(dst):
                ok, d = False, "a final file was created from a failed download"
            tap.ok(ok, "%s: get fails cleanly%s, no final file" % (
                sc, " naming %s" % code if code else ""), diag=d)
        finally:
            f.stop()

    # -- two ferry-cli processes downloading to one local file (issue 15):
    # the .part is locked by the first; the second fails at once instead
    # of truncating it and writing into it.
    f = Fault("normal", base)
    try:
        dst = os.path.join(base, "two-writers.bin")
        argv = [harness.ferry_cli(), "get", "-q", "--limit-rate", "400K", f.url("/data.bin"), dst] \
            + CLI_TIMEOUT
        first = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.PIPE)
        deadline = time.monotonic() + 10
        part = dst + ".part"
        while time.monotonic() < deadline and \
                (not os.path.exists(part) or os.path.getsize(part) < 100000):
            time.sleep(0.05)
        second = run(["get", "-q", f.url("/data.bin"), dst])
        try:
            first_err = first.communicate(timeout=KILL_AFTER)[1].decode(errors="replace")
        except subprocess.TimeoutExpired:
            first.kill()
            first_err = "killed"
        got = open(dst, "rb").read() if os.path.exists(dst) else None
        p = []
        if first.returncode != 0:
            p.append("first get: rc %s %s" % (first.returncode, first_err))
        if second.rc == 0 or "being written by another transfer" not in second.err:
            p.append("second get not refused: " + second.describe())
        if got != DATA_BIN:
            p.append("the file is not the server's bytes (%s)" % (len(got) if got else None))
        tap.ok(not p, "normal: a second ferry-cli writing the same .part is refused; "
               "the file is byte-identical", diag="; ".join(p))
    finally:
        f.stop()

    # -- names that are not UTF-8
    f = Fault("invalid-utf8-names", base)
    try:
        r = run_cli(["ls", f.url("/")] + CLI_TIMEOUT, timeout=KILL_AFTER)
        tap.ok(r.rc == 0 and "ok.txt" in r.out and "good été.txt" in r.out,
               "invalid-utf8-names: ls works and shows the valid names", diag=r.describe())
        raw = subprocess.run([harness.ferry_cli(), "ls", f.url("/")] + CLI_TIMEOUT,
                             stdin=subprocess.DEVNULL, capture_output=True, timeout=KILL_AFTER)
        try:
            raw.stdout.decode("utf-8")
            valid = True
        except UnicodeDecodeError as e:
            valid = False
            err = str(e)
        tap.ok(valid and raw.returncode == 0,
               "invalid-utf8-names: ls output is valid UTF-8 (bad bytes escaped)",
               diag=None if valid else err)
    finally:
        f.stop()

    # -- hostile names
    f = Fault("hostile-names", base)
    try:
        r = run(["ls", f.url("/")])
        lines = r.out.splitlines()
        hostile = [ln for ln in lines if re.search(r"(^|\s)(\.\./evil|/etc/passwd|a/b|\.\.?)$", ln)]
        ctrl = [c for c in r.out if ord(c) < 32 and c not in "\n\t"]
        tap.ok(r.rc == 0 and "ok.txt" in r.out, "hostile-names: ls works", diag=r.describe())
        tap.ok(not hostile, "hostile-names: ../evil, /etc/passwd, a/b, . and .. not listed",
               diag="listed: %r" % hostile)
        tap.ok(not ctrl, "hostile-names: no raw control characters printed",
               diag="control chars: %r" % ctrl[:10])

        sandbox = os.path.join(base, "sandbox")
        target = os.path.join(sandbox, "a", "target")
        os.makedirs(target)
        abs_name = os.path.join(sandbox, "abs-evil")
        before = snapshot(sandbox, target)
        from urllib.parse import quote
        results = []
        for name in ("../evil", "..", abs_name, "a/b", "esc\x1b[31mred"):
            url = f.url("/" + quote(name, safe=""))
            rr = run(["get", url], cwd=target)
            results.append((name, rr))
        after = snapshot(sandbox, target)
        escaped = sorted(after - before)
        crashed = [(n, rr.describe()) for n, rr in results
                   if rr.timed_out or rr.rc < 0 or rr.rc >= 128]
        tap.ok(not escaped and not crashed,
               "hostile-names: get of hostile names writes nothing outside the target folder",
               diag="outside target: %r; crashes: %r" % (escaped, crashed))
        inside = []
        for dp, dns, fns in os.walk(target):
            inside += [os.path.join(dp, n) for n in fns]
        note("hostile gets: %s; files in target: %r" % (
            ", ".join("%r→rc %s" % (n, rr.rc) for n, rr in results), inside))
        bad_inside = [p for p in inside if any(ord(c) < 32 for c in os.path.basename(p))]
        tap.ok(not bad_inside, "hostile-names: no local file name with control characters",
               diag=repr(bad_inside))
    finally:
        f.stop()

    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
