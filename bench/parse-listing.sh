#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds bench/parse-listing.c against an existing build dir's engine
# library and runs it: bench/parse-listing.sh [BUILD_DIR] [LINES]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
src=$(dirname "$here")
build=${1:-$src/_build/parsers}
lines=${2:-1000000}
ninja -C "$build" src/ftp/libferry-ftp.a >/dev/null
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cc -O2 -o "$out/parse-listing" "$here/parse-listing.c" -I"$src/src/ftp" -I"$build" \
   "$build/src/ftp/libferry-ftp.a" $(pkg-config --cflags --libs gio-2.0 gio-unix-2.0)
"$out/parse-listing" "$lines"
