/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ferry-listing.h"

G_BEGIN_DECLS

#define FERRY_LISTING_TIME_CACHE 64

/* The state of one parse: the reference time, computed once per listing
 * rather than once per line, and a small cache of the GDateTimes made so
 * far.  GDateTimes are immutable, so entries with the same time share
 * one; a listing's times repeat a lot (whole directories unpacked at
 * once, day-precision dates) and a million fresh GDateTimes cost more
 * than the parsing itself. */
typedef struct
{
  gint64     unix_time;   /* seconds, UTC */
  int        year;
  gint64     keys[FERRY_LISTING_TIME_CACHE];
  GDateTime *values[FERRY_LISTING_TIME_CACHE];
} FerryListingNow;

void             ferry_listing_now_init        (FerryListingNow *now,
                                                GDateTime       *datetime);
void             ferry_listing_now_clear       (FerryListingNow *now);

/* A new reference to the UTC GDateTime of @t; @now may be NULL (no
 * cache). */
GDateTime       *ferry_listing_time_from_unix  (FerryListingNow *now,
                                                gint64           t);

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
GDateTime       *ferry_listing_make_time       (FerryListingNow *now,
                                                int    year,
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

FerryListEntry  *ferry_listing_parse_unix_line (const char      *line,
                                                gsize            len,
                                                FerryListingNow *now);
FerryListEntry  *ferry_listing_parse_dos_line  (const char      *line,
                                                gsize            len,
                                                FerryListingNow *now);
FerryListEntry  *ferry_listing_parse_os2_line  (const char      *line,
                                                gsize            len,
                                                FerryListingNow *now);
FerryListEntry  *ferry_listing_parse_mlsd_line_cached (const char      *line,
                                                       gsize            len,
                                                       FerryListingNow *now);
FerryListEntry  *ferry_listing_parse_eplf_line (const char            *line,
                                                gsize                  len);

/* "rwxr-xr-x" from a mode's permission bits (setuid/gid/sticky too). */
char            *ferry_listing_format_mode     (guint mode);

G_END_DECLS
