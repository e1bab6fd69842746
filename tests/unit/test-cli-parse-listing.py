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

    ("localized ls -l: German, French, Russian, Chinese month names",
     [], "-rw-r--r-- 1 hans users 4096 Mär 14 10:00 bericht.txt\n"
         "drwxr-xr-x 2 jean staff 4096 déc.  24  2021 noel\n"
         "-rw-r--r-- 1 ivan ivan 100 янв 31 12:00 файл.txt\n"
         "-rw-r--r-- 1 wang wang 1024 1月 31 12:00 文件.txt\n"
         "   8 -rw-r--r-- 1 u g 33.5k Oct  5 21:22 blocks-and-k\n".encode(),
     [E("bericht.txt", "file", 4096, "2024-03-14T10:00", "rw-r--r--", "hans"),
      E("noel", "dir", 4096, "2021-12-24", "rwxr-xr-x", "jean"),
      E("файл.txt", "file", 100, "2024-01-31T12:00", "rw-r--r--", "ivan"),
      E("文件.txt", "file", 1024, "2024-01-31T12:00", "rw-r--r--", "wang"),
      E("blocks-and-k", "file", 34304, "2023-10-05T21:22", "rw-r--r--", "u")]),

    ("VMS: header and total skipped, a name wrapped onto two lines, NAME.DIR;1",
     [], b"Directory DKA0:[ANONYMOUS]\r\n\r\n"
         b"LOGIN.COM;2   2/4   25-JAN-2024 14:03:22  [SMITH]  (RWED,RWED,RE,)\r\n"
         b"A_NAME_TOO_LONG_FOR_ITS_COLUMN.TXT;12\r\n"
         b"              12/16   25-JAN-2024 14:03  [SMITH]  (RWED,RWED,R,)\r\n"
         b"SUB.DIR;1   1/3   12-MAR-2023 09:00  [SMITH,STAFF]  (RWE,RWE,RE,E)\r\n"
         b"\r\nTotal of 3 files, 15/23 blocks.\r\n",
     [E("LOGIN.COM;2", "file", 1024, "2024-01-25T14:03:22", "RWED,RWED,RE,", "SMITH"),
      E("A_NAME_TOO_LONG_FOR_ITS_COLUMN.TXT;12", "file", 6144, "2024-01-25T14:03", "RWED,RWED,R,", "SMITH"),
      E("SUB", "dir", 512, "2023-03-12T09:00", "RWE,RWE,RE,E", "SMITH,STAFF")]),

    ("MVS datasets after their header, PDS members after theirs",
     [], b"Volume Unit    Referred Ext Used Recfm Lrecl BlkSz Dsorg Dsname\r\n"
         b"WYOSPT 3420   2003/05/21  1  200  FB      80  8053  PS  USER.SEQ\r\n"
         b"WPTA01 3290   2004/03/04  1    3  FB      80  3125  PO  USER.PDS\r\n"
         b"Migrated                                                USER.OLD\r\n",
     [E("USER.SEQ", "file", None, "2003-05-21"),
      E("USER.PDS", "dir", None, "2004-03-04"),
      E("USER.OLD", "file")]),
    ("MVS PDS members",
     [], b" Name     VV.MM   Created       Changed      Size  Init   Mod   Id\r\n"
         b"MEMBER1   01.01 2004/06/22 2004/06/22 16:32   128   128    0 BOBY12\r\n"
         b"NOSTATS\r\n",
     [E("MEMBER1", "file", None, "2004-06-22T16:32", None, "BOBY12"),
      E("NOSTATS", "file")]),

    ("--syst MVS: bare member names and hexadecimal sizes without a header",
     ["--syst", "MVS is the operating system of this server. FTP Server is running on z/OS."],
     b"BAREMEMB\r\n"
     b"HEXSIZE 00B308 000411  00 FO                31    ANY\r\n",
     [E("BAREMEMB", "file"), E("HEXSIZE", "file", 0xB308)]),

    ("AS/400, z/VM and HP NonStop",
     [], b"QSYS            77824 02/23/00 15:09:55 *DIR       QDOC/\r\n"
         b"QPGMR                                   *MEM       LIB.FILE/MBR1.MBR\r\n"
         b"PROFILE  EXEC     F         80          4          1 2024-01-31 12:00:00 -\r\n"
         b"ALTERNAT      101            1,024  28-Feb-17 10:11:12 255,255 \"oooo\"\r\n",
     [E("QDOC", "dir", 77824, "2000-02-23T15:09:55", None, "QSYS"),
      E("MBR1.MBR", "file", None, None, None, "QPGMR"),
      E("PROFILE.EXEC", "file", 320, "2024-01-31T12:00:00"),
      E("ALTERNAT", "file", 1024, "2017-02-28T10:11:12", "oooo", "255,255")]),
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
