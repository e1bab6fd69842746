#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""ferry-cli --help names every command, one line each, and every command
that has options of its own answers COMMAND --help (exit 0, its usage).
No network.  TAP on stdout.  FERRY_CLI names the binary."""
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "servers"))
import harness  # noqa: E402

COMMANDS = ["ls", "get", "put", "mirror", "mkdir", "rmdir", "rm", "mv", "raw", "parse-listing"]
OWN_HELP = ["mirror", "mkdir", "rmdir", "rm", "mv", "raw", "parse-listing"]


def run(*args):
    p = subprocess.run([harness.ferry_cli()] + list(args), stdin=subprocess.DEVNULL,
                       capture_output=True, timeout=10)
    return p.returncode, p.stdout.decode() + p.stderr.decode()


def main():
    tap = harness.Tap()
    rc, text = run("--help")
    tap.ok(rc == 0, "--help exits 0", diag=text)
    lines = text.splitlines()
    for c in COMMANDS:
        hits = [l for l in lines if re.match(r"^  %s(\s+[A-Z']|$)" % re.escape(c), l)]
        tap.ok(len(hits) == 1, "--help has one line for %s" % c, diag="\n".join(hits) or text)
    tap.ok(text.count("COMMAND ARGS") == 1, "the usage line says COMMAND ARGS… once",
           diag=text.splitlines()[1] if len(lines) > 1 else text)
    for c in OWN_HELP:
        rc, sub = run(c, "--help")
        tap.ok(rc == 0 and "Usage" in sub and c in sub, "%s --help shows its usage" % c,
               diag="rc=%d\n%s" % (rc, sub[:400]))
        tap.ok(sub.count("COMMAND ARGS") <= 1, "%s --help says COMMAND ARGS… at most once" % c,
               diag=sub[:400])
    # "Finished, with skips" is a documented exit status of its own.
    rc, sub = run("mirror", "--help")
    tap.ok(re.search(r"\b3 finished with\s+skipped entries", sub) is not None,
           "mirror --help documents exit status 3 (finished with skipped entries)", diag=sub[-600:])
    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
