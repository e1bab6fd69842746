#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The transfer queue (ferry-cli mirror --timeout 3 --retries 2) against
tests/fault/fault-server.py.  Every case: no hang (killed at 30 s = fail),
exit status < 128, nothing written outside the target folder, and every
file that is there byte-identical to what the server meant to send (a
.part may stay; a wrong file is never renamed into place).

TAP on stdout, notes on stderr.  FERRY_CLI names the binary,
FERRY_FAULT_SERVER the scenario server.
"""
import os
import re
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "servers"))
sys.path.insert(0, HERE)
import harness  # noqa: E402
from harness import note, run_cli  # noqa: E402

FAULT = os.environ.get("FERRY_FAULT_SERVER",
                       os.path.join(HERE, "..", "fault", "fault-server.py"))
os.environ.setdefault("FERRY_FAULT_SERVER", FAULT)
from importlib.machinery import SourceFileLoader  # noqa: E402
faults = SourceFileLoader("test_faults", os.path.join(HERE, "test-faults.py")).load_module()

KILL_AFTER = 30
TIMEOUT, RETRIES = 3, 2
DATA_BIN = bytes(range(256)) * 4000
MEANT = {"ok.txt": b"ok\n", "data.bin": DATA_BIN}


def mirror(f, out, *extra, retries=RETRIES):
    return run_cli(["mirror", "-q", "-v", "--timeout", str(TIMEOUT), "--retries", str(retries),
                    "--retry-delay", "200"] + list(extra) + [f.url("/"), out], timeout=KILL_AFTER)


def files_under(top):
    found = {}
    for d, dirs, names in os.walk(top):
        for n in names:
            p = os.path.join(d, n)
            found[os.path.relpath(p, top)] = open(p, "rb").read()
    return found


def basic(r, desc):
    problems = []
    if r.timed_out:
        problems.append("hang: killed after %d s" % KILL_AFTER)
    elif r.rc < 0 or r.rc >= 128:
        problems.append("crash (rc %s)" % r.rc)
    return problems


def check_files(out, meant):
    """Files other than .part must be exactly what the server meant."""
    bad = []
    for name, data in files_under(out).items():
        if name.endswith(".part"):
            continue
        if meant.get(name) != data:
            bad.append(name)
    return bad


def main():
    tap = harness.Tap()
    base = harness.temp_dir("ferry-mirror-fault-")
    outside_before = set(os.listdir(base))

    def case(sc, check, desc, retries=RETRIES, extra=()):
        out = os.path.join(base, "out-" + sc)
        f = faults.Fault(sc, base)
        try:
            r = mirror(f, out, *extra, retries=retries)
            problems = basic(r, desc)
            problems += check(r, out, f)
        finally:
            f.stop()
        tap.ok(not problems, "%s: %s" % (sc, desc),
               diag="; ".join(problems) + "\n" + r.describe() + "\n" +
               repr(sorted(files_under(out))) if os.path.isdir(out) else r.describe())
        return r

    # Servers that never log in: a clean failure, nothing written.
    for sc in ("endless-multiline", "huge-line"):
        def greet(r, out, f):
            p = []
            if r.rc == 0:
                p.append("exit 0")
            if files_under(out) if os.path.isdir(out) else {}:
                p.append("files written")
            return p
        case(sc, greet, "fails cleanly, nothing written")

    def hostile(r, out, f):
        p = []
        got = files_under(out)
        if any(k != "ok.txt" and not k.startswith("ok.txt") and open and got[k] != b"EVIL\n" for k in got):
            p.append("unexpected content %r" % sorted(got))
        for k in got:
            if "/" in k or k.startswith("."):
                p.append("a name made a path: %r" % k)
        if got.get("ok.txt") not in (None, b"EVIL\n"):
            p.append("ok.txt wrong")
        # The fault server sends "EVIL" for everything: only the target has it.
        now = set(os.listdir(base))
        extra = [n for n in now - outside_before
                 if not n.startswith(("out-", "report-", "abs-evil"))]
        if extra or os.path.exists(os.path.join(base, "abs-evil")) or os.path.exists("/tmp/abs-evil"):
            p.append("written outside the target: %r" % extra)
        if not re.search(r"evil|passwd|unsafe|refus", r.err, re.I):
            p.append("refused names are not logged")
        return p
    case("hostile-names", hostile, "nothing outside the target, refused names logged")

    def foreign(r, out, f):
        p = []
        used = [e.get("addr") for e in f.events() if e.get("event") == "data-connect"]
        if "127.0.0.2" in used:
            p.append("connected to the PASV host 127.0.0.2")
        if r.rc != 0 or check_files(out, MEANT) or files_under(out).get("data.bin") != DATA_BIN:
            p.append("mirror did not complete exactly")
        return p
    case("pasv-foreign-host", foreign, "PASV host ignored (never 127.0.0.2), files exact")

    def utf8(r, out, f):
        p = []
        got = files_under(out)
        for k, v in got.items():
            if k.endswith(".part"):
                continue
            if k != "ok.txt" and v != DATA_BIN:
                p.append("%r corrupt" % k)
        if got.get("ok.txt") != b"ok\n":
            p.append("ok.txt missing or wrong")
        return p
    case("invalid-utf8-names", utf8, "saved under safe names or refused, never corrupt")

    for sc in ("size-bigger", "size-smaller"):
        def wrong_size(r, out, f):
            p = []
            got = files_under(out)
            if "data.bin" in got:
                p.append("data.bin renamed into place despite the wrong size")
            if r.rc == 0:
                p.append("exit 0")
            if "data.bin" not in r.err:
                p.append("no error naming data.bin")
            if got.get("ok.txt") != b"ok\n":
                p.append("ok.txt missing or wrong")
            return p
        case(sc, wrong_size, "an error naming the file, never a wrong file in place")

    # Each attempt costs one timeout (the data) plus at most 2 s for the
    # reply to ABOR, which this server never sends (then the control
    # connection is closed and the retry logs in again); the two files run
    # on the two connections side by side.  3 attempts x (3 + 2) s, the
    # back-off between them (1 + 2 s) and slack for a loaded 2-core CI
    # machine; waiting the site timeout (or 30 s) for ABOR would blow it.
    def silent(r, out, f):
        p = []
        limit = (TIMEOUT + 2) * (RETRIES + 1) + 3 + 10
        if r.secs > limit:
            p.append("took %.1f s > %d s" % (r.secs, limit))
        if r.rc == 0:
            p.append("exit 0")
        if check_files(out, MEANT):
            p.append("corrupt file %r" % check_files(out, MEANT))
        retrs = [e for e in f.events() if e.get("event") == "retr"]
        if len(retrs) != 2 * (RETRIES + 1):
            p.append("%d RETRs, not 2 files x %d attempts" % (len(retrs), RETRIES + 1))
        return p
    case("silence-after-150", silent,
         "--retries %d: every attempt within the timeout + 2 s, ends within %d s, no corrupt file"
         % (RETRIES, (TIMEOUT + 2) * (RETRIES + 1) + 3))

    # Ctrl+C while a transfer hangs: the ABOR that follows gets the same
    # short wait, not the site's timeout (30 s here).
    def interrupted():
        os.mkdir(os.path.join(base, "sigint"))
        f = faults.Fault("silence-after-150", os.path.join(base, "sigint"))
        out = os.path.join(base, "out-sigint")
        try:
            proc = subprocess.Popen([harness.ferry_cli(), "mirror", "-q", "--timeout", "30",
                                     f.url("/"), out], stdin=subprocess.DEVNULL,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                    start_new_session=True)
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and \
                    not any(e.get("event") == "retr" for e in f.events()):
                time.sleep(0.05)
            time.sleep(0.5)
            t0 = time.monotonic()
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=KILL_AFTER)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
            secs = time.monotonic() - t0
            proc.stderr.close()
        finally:
            f.stop()
        tap.ok(proc.returncode == 130 and secs < 5,
               "silence-after-150: Ctrl+C ends the mirror within 5 s (ABOR not waited for 30 s)",
               diag="rc=%s after %.1f s" % (proc.returncode, secs))
    interrupted()

    for sc in ("early-close-once", "421-once"):
        def resumed(r, out, f):
            p = []
            got = files_under(out)
            if r.rc != 0:
                p.append("exit %d" % r.rc)
            if got.get("data.bin") != DATA_BIN or got.get("ok.txt") != b"ok\n":
                p.append("files not byte-identical")
            retrs = [e for e in f.events() if e.get("event") == "retr" and "data.bin" in e.get("name", "")]
            if len(retrs) < 2:
                p.append("no second RETR: %r" % retrs)
            # An early close is resumed by the queue with REST; a 421 makes
            # the worker reconnect and continue the .part at once, with REST
            # too: either way nothing already received is fetched again.
            if not any(e.get("rest", 0) > 0 for e in retrs[1:]):
                p.append("the retry did not resume with REST: %r" % retrs)
            return p
        case(sc, resumed, "retried, resumed with REST, byte-identical")

    # Replies out of step (issue 15): a second 226, one that comes only
    # after the next command went out, late 150/426/226 after ABOR, a 226
    # before the data.  One connection (-P 1), so that every file after
    # the first meets what the first left on the control connection.
    def in_step(expect_log, expect_reconnect):
        def check(r, out, f):
            p = []
            got = files_under(out)
            if r.rc != 0:
                p.append("exit %d" % r.rc)
            if got.get("data.bin") != DATA_BIN or got.get("ok.txt") != b"ok\n":
                p.append("files not byte-identical: %r" % sorted(got))
            if expect_log and not re.search(expect_log, r.err):
                p.append("no log line matching %r" % expect_log)
            reconnects = len(re.findall(r"out of step with the commands; reconnecting", r.err))
            if expect_reconnect is None:
                if reconnects > 1:
                    p.append("%d out-of-step reconnects, not at most 1" % reconnects)
            elif expect_reconnect and reconnects != 1:
                p.append("%d out-of-step reconnects, not 1" % reconnects)
            elif not expect_reconnect and reconnects:
                p.append("reconnected although nothing was out of step")
            # A reply is never taken for another command: the old fault
            # was MDTM's 213 ending as EPSV's "address".
            if re.search(r"213 2024\d+$", r.err, re.M) and "Cannot" in r.err:
                p.append("a reply taken for the wrong command")
            return p
        return check

    for sc, log, reconnect, desc in (
            ("second-226", r"Unexpected reply 226: no command was waiting", False,
             "the waiting second 226 is logged as unexpected, files exact"),
            ("second-226-late", r"Reply 226 cannot answer MDTM", True,
             "the 226 ahead of MDTM's answer: out of step, reconnected once, files exact"),
            # Drained or out of step: which one depends on timing.
            ("abor-late", r"(Unexpected reply|cannot answer) ", None,
             "late 150/426/226 after ABOR: drained or out of step, never taken, files exact"),
            ("early-226", None, False, "226 before the data: all of the data read, files exact")):
        case(sc, in_step(log, reconnect), "-P 1: " + desc, extra=("-P", "1"))

    # One local file, one writer (issue 15): data.bin listed twice (the
    # server sends another version each time) and Case.bin beside
    # case.bin, over 1, 2 and 4 connections.  Every file must be exactly
    # one server version; the duplicate waits and meets the first copy
    # through the overwrite rule (never: skipped and said; always:
    # replaced whole).
    version_a = bytes((i * 7) & 255 for i in range(256)) * 4000
    version_b = bytes((i * 11 + 3) & 255 for i in range(256)) * 4000
    case_upper = bytes(255 - i for i in range(256)) * 4000
    case_lower = bytes((i ^ 0x5a) for i in range(256)) * 4000
    probe = os.path.join(base, "case-probe")
    open(probe, "w").close()
    case_sensitive = not os.path.exists(os.path.join(base, "CASE-PROBE"))
    os.unlink(probe)
    for n in (1, 2, 4):
        for policy in ("never", "always"):
            out = os.path.join(base, "out-dup-%d-%s" % (n, policy))
            f = faults.Fault("duplicates", base)
            try:
                r = mirror(f, out, "-P", str(n), "--overwrite", policy)
                p = basic(r, "")
                got = files_under(out)
                if got.get("data.bin") not in (version_a, version_b):
                    p.append("data.bin is %s" % ("missing" if "data.bin" not in got
                                                 else "a mix of versions"))
                # The disk here tells the case pair apart; on one that does
                # not, the second would be the first's file (overwrite rule).
                pair = [got.get("Case.bin"), got.get("case.bin")]
                if any(v not in (None, case_upper, case_lower) for v in pair):
                    p.append("the case pair is mixed")
                if case_sensitive and (pair[0] != case_upper or pair[1] != case_lower):
                    p.append("case pair not both downloaded on a case-sensitive disk")
                if [k for k in got if k.endswith(".part")]:
                    p.append(".part left: %r" % sorted(got))
                if "data.bin: listed twice" not in r.err:
                    p.append("the duplicate is not logged")
                if "Cannot rename" in r.err:
                    p.append("rename error (two writers)")
            finally:
                f.stop()
            tap.ok(not p, "duplicates -P %d --overwrite=%s: every file exactly one server version, "
                   "the duplicate logged" % (n, policy), diag="; ".join(p) + "\n" + r.describe())

    # The same for an upload whose two names are one file on the server
    # (fold-case-store: a case-insensitive server writing as bytes come).
    for n in (1, 2, 4):
        sandbox = os.path.join(base, "fold-%d" % n)
        tree = os.path.join(sandbox, "tree")
        os.makedirs(tree)
        with open(os.path.join(tree, "A.bin"), "wb") as fh:
            fh.write(case_upper)
        with open(os.path.join(tree, "a.bin"), "wb") as fh:
            fh.write(case_lower)
        f = faults.Fault("fold-case-store", sandbox)
        try:
            r = run_cli(["mirror", "-q", "-v", "--reverse", "-P", str(n), "--timeout", str(TIMEOUT),
                         tree, f.url("/tree")], timeout=KILL_AFTER)
            p = basic(r, "")
            stored = os.path.join(sandbox, "store", "tree", "a.bin")
            data = open(stored, "rb").read() if os.path.exists(stored) else None
            if data not in (case_upper, case_lower):
                p.append("the server's file is %s" % ("missing" if data is None else "a mix of both"))
            if "as one file; sent after it" not in r.err:
                p.append("the collision is not logged")
        finally:
            f.stop()
        tap.ok(not p, "fold-case-store upload -P %d: A.bin and a.bin one after the other, the "
               "server's file exactly one of them, logged" % n, diag="; ".join(p) + "\n" + r.describe())

    # Nothing skipped in silence (issue 15): without -v, every refused
    # name is named on stderr with its reason, counted in the summary, and
    # the exit status is 3 ("finished, with skips").
    out = os.path.join(base, "out-skips")
    f = faults.Fault("hostile-names", base)
    try:
        r = run_cli(["mirror", "-q", "--timeout", str(TIMEOUT), f.url("/"), out], timeout=KILL_AFTER)
    finally:
        f.stop()
    p = basic(r, "")
    skipped_lines = [ln for ln in r.err.splitlines() if ln.startswith("ferry-cli: skipped ")]
    m = re.search(r", (\d+) skipped", r.out)
    if r.rc != 3:
        p.append("exit %d, not 3" % r.rc)
    if not any("long-nnn" in ln for ln in skipped_lines):
        p.append("the 300-byte name is not named")
    if not any("esc" in ln and "red" in ln for ln in skipped_lines):
        p.append("the name with a control character is not named")
    # Lines the listing parser drops ('/' in the name, NUL) are skipped
    # entries too, with the parser's reason.
    for name in ("a/b", "../evil", "/etc/passwd"):
        if not any(ln.endswith(": " + name) and "contains '/'" in ln for ln in skipped_lines):
            p.append("the dropped listing line %r is not named" % name)
    if any(": " not in ln[len("ferry-cli: skipped "):] for ln in skipped_lines):
        p.append("a skipped line without a reason")
    if not m or int(m.group(1)) != len(skipped_lines):
        p.append("summary count %s != %d lines" % (m.group(1) if m else None, len(skipped_lines)))
    tap.ok(not p, "hostile-names without -v: each refused name and dropped listing line on stderr "
           "with its reason, counted, exit 3", diag="; ".join(p) + "\n" + r.describe())

    # Overwriting a file of the same size (older content) when the
    # connection drops: the retry continues the .part and the old file is
    # replaced, never kept as "already complete" because of its size.
    out = os.path.join(base, "out-421-overwrite")
    os.makedirs(out)
    old = bytes(len(DATA_BIN))
    with open(os.path.join(out, "data.bin"), "wb") as fh:
        fh.write(old)
    f = faults.Fault("421-once", base)
    try:
        r = mirror(f, out, "--overwrite=always")
        p = basic(r, "")
        got = files_under(out)
        retrs = [e for e in f.events() if e.get("event") == "retr" and "data.bin" in e.get("name", "")]
        if r.rc != 0:
            p.append("exit %d" % r.rc)
        if got.get("data.bin") != DATA_BIN:
            p.append("data.bin is %s" % ("the old file" if got.get("data.bin") == old else "wrong"))
        if any(n.endswith(".part") for n in got):
            p.append(".part left behind")
        if len(retrs) < 2 or not any(e.get("rest", 0) > 0 for e in retrs[1:]):
            p.append("no resumed second RETR: %r" % retrs)
    finally:
        f.stop()
    tap.ok(not p, "421-once with --overwrite=always over a same-size file: continued with REST, "
           "the old file replaced", diag="; ".join(p) + "\n" + r.describe())

    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
