#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""`ferry-cli parse-listing` on sample listings: the JSON it prints.

Run by meson (suite unit) with the path of ferry-cli as the argument;
prints TAP.  No network."""
import json
import subprocess
import sys

NOW = "2024-03-15"


def E(name, type_="file", size=None, mtime=None, perms=None, owner=None, target=None):
    return {"name": name, "type": type_, "size": size, "mtime": mtime,
            "perms": perms, "owner": owner, "target": target}


CASES = [
    ("unix ls -l with total, dot entries, link, device, leading space",
     [], b"total 12\r\n"
         b"drwxr-xr-x   2 ftp ftp 4096 Mar 14 10:00 .\r\n"
         b"drwxr-xr-x   2 ftp ftp 4096 Mar 14 10:00 ..\r\n"
         b"-rw-r--r--   1 ftp ftp 1234 Mar 10 09:15 notes.txt\r\n"
         b"drwxr-xr-x   2 ftp ftp 4096 Jan 31  2023 pub\r\n"
         b"lrwxrwxrwx   1 ftp ftp    7 Mar 14 10:00 latest -> pub/v2\r\n"
         b"crw-rw-rw-   1 root root 1, 3 Mar 14 10:00 null\r\n"
         b"-rw-r--r--   1 ftp ftp    1 Mar 14  2020  lead\r\n",
     [E("notes.txt", "file", 1234, "2024-03-10T09:15", "rw-r--r--", "ftp"),
      E("pub", "dir", 4096, "2023-01-31", "rwxr-xr-x", "ftp"),
      E("latest", "link", 7, "2024-03-14T10:00", "rwxrwxrwx", "ftp", "pub/v2"),
      E("null", "file", None, "2024-03-14T10:00", "rw-rw-rw-", "root"),
      E(" lead", "file", 1, "2020-03-14", "rw-r--r--", "ftp")]),

    ("names are never unsafe; bytes that are not UTF-8 become U+FFFD; JSON escapes",
     [], b"-rw-r--r-- 1 u g 1 Mar 14 10:00 ../evil\n"
         b"-rw-r--r-- 1 u g 1 Mar 14 10:00 a/b\n"
         b"-rw-r--r-- 1 u g 3 Mar 14 10:00 caf\xe9\n"
         b"-rw-r--r-- 1 u g 3 Mar 14 10:00 say \"hi\"\\\ttab\n",
     [E("caf\ufffd", "file", 3, "2024-03-14T10:00", "rw-r--r--", "u"),
      E("say \"hi\"\\\ttab", "file", 3, "2024-03-14T10:00", "rw-r--r--", "u")]),

    ("DOS / IIS",
     [], b"01-31-24  02:15PM       <DIR>          My Documents\r\n"
         b"2024-01-31  14:15                 1,234 name.txt\r\n",
     [E("My Documents", "dir", None, "2024-01-31T14:15"),
      E("name.txt", "file", 1234, "2024-01-31T14:15")]),

    ("MLSD: cdir/pdir skipped, unix.mode wins over perm, slink target",
     ["--mlsd"],
     b"type=cdir;modify=20240314100000; /pub\r\n"
     b"type=pdir;modify=20240314100000; ..\r\n"
     b"Type=file;Size=25730;Modify=19940728095854;Perm=adfr; capmux.tar.z\r\n"
     b"type=dir;modify=20240314100000;UNIX.mode=0755;perm=flcdmpe; sub dir\r\n"
     b"type=OS.unix=slink:/etc/hosts;modify=20240314100000; hosts\r\n"
     b"type=file;size=3 nosemicolon\r\n",
     [E("capmux.tar.z", "file", 25730, "1994-07-28T09:58:54", "adfr"),
      E("sub dir", "dir", None, "2024-03-14T10:00:00", "rwxr-xr-x"),
      E("hosts", "link", None, "2024-03-14T10:00:00", None, None, "/etc/hosts"),
      E("nosemicolon", "file", 3)]),
]


def run(cli, args, data):
    proc = subprocess.run([cli, "parse-listing", "--now", NOW] + args, input=data,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=30)
    if proc.returncode != 0:
        raise AssertionError("exit %d: %s" % (proc.returncode, proc.stderr.decode(errors="replace")))
    text = proc.stdout.decode("utf-8")   # must be valid UTF-8
    lines = text.splitlines()
    for line in lines:
        if not line.startswith('{"name":'):
            raise AssertionError("not an entry line: %r" % line)
    return [json.loads(line) for line in lines]


def main():
    cli = sys.argv[1]
    extra = [
        ("usage error on unknown option", lambda: check_usage(cli)),
        ("empty input prints nothing", lambda: check_equal(run(cli, [], b""), [])),
    ]
    total = len(CASES) + len(extra)
    print("1..%d" % total)
    failed = 0
    n = 0
    for title, args, data, expected in CASES:
        n += 1
        try:
            check_equal(run(cli, args, data), expected)
            print("ok %d - %s" % (n, title))
        except AssertionError as e:
            failed += 1
            print("not ok %d - %s" % (n, title))
            for line in str(e).splitlines():
                print("# " + line)
    for title, fn in extra:
        n += 1
        try:
            fn()
            print("ok %d - %s" % (n, title))
        except AssertionError as e:
            failed += 1
            print("not ok %d - %s\n# %s" % (n, title, e))
    return 1 if failed else 0


def check_equal(got, expected):
    if got != expected:
        lines = ["got %d entries, expected %d" % (len(got), len(expected))]
        for i in range(max(len(got), len(expected))):
            g = got[i] if i < len(got) else None
            x = expected[i] if i < len(expected) else None
            if g != x:
                lines.append("entry %d:\n  got      %s\n  expected %s" % (i, json.dumps(g), json.dumps(x)))
        raise AssertionError("\n".join(lines))


def check_usage(cli):
    proc = subprocess.run([cli, "parse-listing", "--no-such-option"], input=b"",
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=30)
    if proc.returncode != 2 or proc.stdout:
        raise AssertionError("exit %d, stdout %r" % (proc.returncode, proc.stdout))


if __name__ == "__main__":
    sys.exit(main())
