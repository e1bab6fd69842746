/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ferry-list-entry.h"

G_BEGIN_DECLS

/*
 * Listing parsers: pure functions, no I/O.  @now anchors dates without a
 * year (the most recent such date not in the future); pass NULL for the
 * current time.
 */

/* One MLSD/MLST line ("type=file;size=12;modify=20240101120000; name").
 * NULL for lines that are not entries (cdir, pdir) or are unsafe. */
FerryListEntry *ferry_listing_parse_mlsd_line (const char *line,
                                               gsize       len);

/* One LIST line in any dialect the parser knows (Unix ls -l first).
 * NULL for "total N" lines, blank lines, ".", "..", unsafe names and lines
 * it cannot read. */
FerryListEntry *ferry_listing_parse_list_line (const char *line,
                                               gsize       len,
                                               GDateTime  *now);

/* A whole listing as received from the data connection: splits on LF
 * (CRLF tolerated) and returns a GPtrArray of FerryListEntry with
 * ferry_list_entry_free as its free func. */
GPtrArray      *ferry_listing_parse           (const char *data,
                                               gsize       len,
                                               gboolean    mlsd,
                                               GDateTime  *now);

G_END_DECLS
