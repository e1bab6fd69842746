/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * Line-end conversion for TYPE A transfers (RFC 959 3.1.1.1: NVT-ASCII,
 * lines end in CRLF on the wire).  A GConverter, so it wraps any stream
 * (GConverterOutputStream for downloads, GConverterInputStream for
 * uploads) and keeps its state across buffer boundaries: a CR that ends
 * one buffer is held until the next byte says whether an LF follows.
 */
typedef enum
{
  FERRY_ASCII_TO_LOCAL,     /* CRLF → LF; a lone CR stays */
  FERRY_ASCII_TO_NETWORK,   /* LF → CRLF; a CRLF already there stays */
} FerryAsciiDirection;

#define FERRY_TYPE_ASCII_CONVERTER (ferry_ascii_converter_get_type ())
G_DECLARE_FINAL_TYPE (FerryAsciiConverter, ferry_ascii_converter, FERRY, ASCII_CONVERTER, GObject)

FerryAsciiConverter *ferry_ascii_converter_new (FerryAsciiDirection direction);

G_END_DECLS
