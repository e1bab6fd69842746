# SPDX-License-Identifier: GPL-3.0-or-later
"""Helpers shared by bench/transfer and bench/mirror: building ferry-cli
and the worker driver, timing a child (wall and CPU), load averages,
tool specs with environment variants, and summary tables."""
import os
import shutil
import statistics
import subprocess
import sys
import time

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(TOP, "tests", "servers"))
import harness  # noqa: E402,F401  (re-exported for the scripts)

# An account of its own: tests running at the same time refresh the
# password of the test account, and a login during that fails.
BENCH_USER = "ferrybench"
BENCH_PASSWORD = "Ferry-bench-7"


def log(*a):
    print("bench:", *a, file=sys.stderr, flush=True)


def loadavg():
    with open("/proc/loadavg") as f:
        return tuple(float(x) for x in f.read().split()[:3])


def build(build_dir, worker=False):
    """Configures @build_dir (release, no UI, no tests) when needed, builds
    ferry-cli and, with @worker, bench/worker-transfer against the same
    engine libraries.  Returns (cli, worker_exe or None)."""
    if not os.path.isabs(build_dir):
        build_dir = os.path.join(TOP, build_dir)
    if not os.path.exists(os.path.join(build_dir, "build.ninja")):
        log("configuring", build_dir, "(release)")
        subprocess.run(["meson", "setup", build_dir, "--buildtype=release",
                        "-Dui=false", "-Dtests=false"], cwd=TOP, check=True,
                       stdout=subprocess.DEVNULL)
    targets = ["src/cli/ferry-cli"]
    if worker:
        targets += ["src/core/libferry-core.a", "src/ftp/libferry-ftp.a"]
    subprocess.run(["ninja", "-C", build_dir] + targets, cwd=TOP, check=True,
                   stdout=subprocess.DEVNULL)
    cli = os.path.join(build_dir, "src", "cli", "ferry-cli")
    exe = None
    if worker:
        exe = os.path.join(build_dir, "bench-worker-transfer")
        flags = subprocess.run(["pkg-config", "--cflags", "--libs", "gio-2.0", "gio-unix-2.0"],
                               check=True, stdout=subprocess.PIPE, text=True).stdout.split()
        subprocess.run(["cc", "-O2", "-o", exe, os.path.join(TOP, "bench", "worker-transfer.c"),
                        "-I" + os.path.join(TOP, "src", "ftp"),
                        "-I" + os.path.join(TOP, "src", "core"), "-I" + build_dir,
                        os.path.join(build_dir, "src", "core", "libferry-core.a"),
                        os.path.join(build_dir, "src", "ftp", "libferry-ftp.a")] + flags,
                       check=True)
    return cli, exe


def timed(argv, env=None, cwd=None):
    """Runs @argv; returns (rc, wall seconds, CPU seconds (user+system) of
    the child and its waited-for children, stderr tail)."""
    full_env = None
    if env:
        full_env = dict(os.environ)
        full_env.update(env)
    t0 = time.monotonic()
    p = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, env=full_env, cwd=cwd)
    err = p.stderr.read()
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.monotonic() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    return p.returncode, wall, ru.ru_utime + ru.ru_stime, err.decode(errors="replace")[-400:]


def parse_tool(spec):
    """"ferry@FERRY_SENDFILE=1:FOO=2" -> ("ferry", {"FERRY_SENDFILE": "1", ...}).
    The whole spec stays the tool's label."""
    base, _, envs = spec.partition("@")
    env = {}
    for kv in filter(None, envs.split(":")):
        k, _, v = kv.partition("=")
        env[k] = v
    return base, env


def check_tools(tools):
    for t in tools:
        base, _ = parse_tool(t)
        base = base.split("-")[0]       # lftp-p1, curl-par
        if not base.startswith("ferry") and not shutil.which(base):
            sys.exit("bench: %s is not installed (build-aux/install-deps installs it)" % base)


def rotate(seq, n):
    """@seq rotated by @n: each round starts with another tool, so that no
    tool always runs right after the same other one."""
    n %= len(seq)
    return seq[n:] + seq[:n]


def summarize(rs, key):
    vals = [r[key] for r in rs]
    return statistics.median(vals), min(vals), max(vals)
