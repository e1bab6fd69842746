#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Seed corpora for the fuzz targets, from the unit tests' own tables:
every C string literal (adjacent ones joined, as the compiler does) of
the unit tests that cover a target becomes a seed file.

  make-seeds.py SOURCE_ROOT OUT_DIR

writes OUT_DIR/TARGET/seed-N for each target.
"""
import hashlib
import os
import re
import sys

TARGETS = {
    "fuzz-list-line": ["test-listing.c", "test-listing-dialects.c", "test-listing-stream.c"],
    "fuzz-listing": ["test-listing.c", "test-listing-dialects.c", "test-listing-stream.c"],
    "fuzz-reply": ["test-reply.c"],
    "fuzz-address": ["test-address.c"],
    "fuzz-site": ["test-site.c"],
    "fuzz-path": ["test-path.c"],
}

LITERAL = re.compile(rb'"((?:[^"\\\n]|\\.)*)"')
GAP = re.compile(rb'^(?:\s|/\*.*?\*/|//[^\n]*\n)*$', re.S)
SIMPLE = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"0": b"\0", b"\\": b"\\", b'"': b'"',
          b"'": b"'", b"a": b"\a", b"b": b"\b", b"f": b"\f", b"v": b"\v", b"e": b"\x1b", b"?": b"?"}


def unescape(body):
    out = bytearray()
    i = 0
    while i < len(body):
        c = body[i:i + 1]
        if c != b"\\":
            out += c
            i += 1
            continue
        nxt = body[i + 1:i + 2]
        if nxt == b"x":
            m = re.match(rb"[0-9a-fA-F]+", body[i + 2:])
            out.append(int(m.group(0), 16) & 0xff)
            i += 2 + len(m.group(0))
        elif nxt.isdigit():
            m = re.match(rb"[0-7]{1,3}", body[i + 1:])
            out.append(int(m.group(0), 8) & 0xff)
            i += 1 + len(m.group(0))
        else:
            out += SIMPLE.get(nxt, nxt)
            i += 2
    return bytes(out)


def literals(path):
    """Adjacent string literals joined, outside #include lines."""
    with open(path, "rb") as f:
        text = b"".join(l if not l.lstrip().startswith(b"#") else b"\n" for l in f)
    groups, current, last_end = [], None, None
    for m in LITERAL.finditer(text):
        if current is not None and GAP.match(text[last_end:m.start()]):
            current += unescape(m.group(1))
        else:
            if current is not None:
                groups.append(current)
            current = unescape(m.group(1))
        last_end = m.end()
    if current is not None:
        groups.append(current)
    return [g for g in groups if g]


def main():
    root, out = sys.argv[1], sys.argv[2]
    for target, files in TARGETS.items():
        seeds = set()
        for name in files:
            for g in literals(os.path.join(root, "tests", "unit", name)):
                if target == "fuzz-listing":
                    mlsd = b"type=" in g or b"modify=" in g
                    # bit 0 MLSD, bit 1 SYST MVS, piece size in the rest
                    seeds.add(bytes([0xfc | mlsd]) + g)
                    seeds.add(bytes([0x08 | mlsd]) + g)
                    if b"MEMBER" in g or b"VV.MM" in g:
                        seeds.add(bytes([0xfe]) + g)
                elif target == "fuzz-list-line":
                    seeds.update(l.rstrip(b"\r") for l in g.split(b"\n") if l)
                else:
                    seeds.add(g)
        d = os.path.join(out, target)
        os.makedirs(d, exist_ok=True)
        for s in seeds:
            with open(os.path.join(d, "seed-" + hashlib.sha1(s).hexdigest()[:16]), "wb") as f:
                f.write(s)
        print("%s: %d seeds" % (target, len(seeds)))


if __name__ == "__main__":
    main()
