/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ferry-listing.h"

G_BEGIN_DECLS

/* The reference time of one parse, computed once per listing rather than
 * once per line: a million-line listing must not build a million
 * GDateTimes just to find the current year. */
typedef struct
{
  gint64 unix_time;   /* seconds, UTC */
  int    year;
} FerryListingNow;

void             ferry_listing_now_init        (FerryListingNow *now,
                                                GDateTime       *datetime);

/* Whether @name (@len bytes) may be an entry's name: not empty, "." or
 * "..", and free of '/', NUL, CR and LF. */
gboolean         ferry_listing_name_is_valid   (const char *name,
                                                gsize       len);

/* Days since 1970-01-01 of a proleptic Gregorian date (no validation). */
gint64           ferry_listing_days_from_civil (int year,
                                                int month,
                                                int day);
int              ferry_listing_days_in_month   (int year,
                                                int month);

/* NULL when the fields do not form a real date. */
GDateTime       *ferry_listing_make_time       (int    year,
                                                int    month,
                                                int    day,
                                                int    hour,
                                                int    minute,
                                                double seconds);

/* Month number 1..12 of an English three-letter abbreviation, any case,
 * or 0. */
int              ferry_listing_month_from_name (const char *s,
                                                gsize       len);

/* Parses exactly @len decimal digits; -1 when any is not a digit. */
gint64           ferry_listing_parse_digits    (const char *s,
                                                gsize       len);

FerryListEntry  *ferry_listing_parse_unix_line (const char            *line,
                                                gsize                  len,
                                                const FerryListingNow *now);
FerryListEntry  *ferry_listing_parse_dos_line  (const char            *line,
                                                gsize                  len);
FerryListEntry  *ferry_listing_parse_eplf_line (const char            *line,
                                                gsize                  len);

/* "rwxr-xr-x" from a mode's permission bits (setuid/gid/sticky too). */
char            *ferry_listing_format_mode     (guint mode);

G_END_DECLS
