/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ferry-list-entry-private.h"
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
  /* Why the last line gave no entry when a dialect read it but refused
   * its name (the first dialect that did); reset before each line. */
  FerryListingDropReason rejected;
  GString   *rejected_name;
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
/* The same, with the reason; NONE for a good name. */
FerryListingDropReason ferry_listing_name_problem (const char *name,
                                                   gsize       len);
/* ferry_listing_name_is_valid, and when it is not, notes the reason and
 * the name in @now (may be NULL) for the drop report. */
gboolean         ferry_listing_accept_name     (FerryListingNow *now,
                                                const char      *name,
                                                gsize            len);
/* ferry_entry_draft_finish through ferry_listing_accept_name: every
 * dialect ends with it, so a refused name is always reported. */
FerryListEntry  *ferry_listing_finish          (FerryEntryDraft *draft,
                                                FerryListingNow *now);

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

/* Month number 1..12 of an abbreviated or full month name in English or
 * one of the languages ls is localised into (German, French, Spanish,
 * Italian, Dutch, Portuguese, Scandinavian, Polish, Czech, Hungarian,
 * Russian in UTF-8), any ASCII case, one trailing '.' or ',' allowed;
 * or 0. */
int              ferry_listing_month_from_name (const char *s,
                                                gsize       len);

/* Parses exactly @len decimal digits; -1 when any is not a digit. */
gint64           ferry_listing_parse_digits    (const char *s,
                                                gsize       len);

/* Sets @draft's time; a date without a year (@year == 0) is the most
 * recent one not in the future (one day of slack for servers east of
 * us).  Precision from @has_time / @has_seconds. */
void             ferry_listing_set_time        (FerryEntryDraft *draft,
                                                FerryListingNow *now,
                                                int              year,
                                                int              month,
                                                int              day,
                                                gboolean         has_time,
                                                int              hour,
                                                int              minute,
                                                gboolean         has_seconds,
                                                double           seconds);

/* Two-digit years: the POSIX strptime pivot (69..99 → 19xx). */
int              ferry_listing_full_year       (int year);

/* "HH:MM" or "HH:MM:SS" (two digits each). */
gboolean         ferry_listing_parse_hms       (const FerrySpan *t,
                                                int             *hour,
                                                int             *minute,
                                                int             *second,
                                                gboolean        *has_seconds);

/* Splits @line on blanks into at most @max tokens; returns how many.
 * A line with more tokens sets *@more (may be NULL). */
guint            ferry_listing_split           (const char *line,
                                                gsize       len,
                                                FerrySpan  *tokens,
                                                guint       max,
                                                gboolean   *more);

/* The first byte at or after @p that is not a space or tab. */
static inline const char *
ferry_listing_skip_blanks (const char *p,
                           const char *end)
{
  while (p < end && (*p == ' ' || *p == '\t'))
    p++;
  return p;
}

gboolean         ferry_span_equal_ascii_case   (const FerrySpan *span,
                                                const char      *text);

/* The dialects that need more than one line, and what they learned. */
typedef enum
{
  FERRY_DIALECT_ANY,
  FERRY_DIALECT_MVS_DATASETS,   /* after "Volume Unit Referred …" */
  FERRY_DIALECT_MVS_MEMBERS,    /* after " Name VV.MM Created …" */
  FERRY_DIALECT_MVS_LOADMODS,   /* after " Name Size TTR Alias-of …" */
  FERRY_DIALECT_TANDEM,         /* after "File Code EOF Last-Modification …" */
} FerryDialect;

/* What the server said it is (SYST): some lines mean something only on
 * one system. */
typedef enum
{
  FERRY_SYSTEM_UNKNOWN,
  FERRY_SYSTEM_MVS,             /* "MVS is the operating system …", z/OS */
  FERRY_SYSTEM_VMS,             /* "VMS OpenVMS V8.4" */
} FerrySystem;

typedef struct
{
  FerryListingNow *now;
  FerryDialect     dialect;
  gboolean         vms;          /* saw a VMS entry or "Directory DEV:[DIR]" */
  FerrySystem      system;
} FerryListingState;

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
                                                gsize                  len,
                                                FerryListingNow       *now);

/* VMS: one line "NAME.EXT;V size date time [owner] (perms)"; a name
 * alone on its line is joined with the next line by the caller. */
FerryListEntry  *ferry_listing_parse_vms_line  (const char      *line,
                                                gsize            len,
                                                FerryListingNow *now);
/* Whether @line is just a VMS file name (the first half of an entry
 * split over two lines). */
gboolean         ferry_listing_is_vms_name     (const char *line,
                                                gsize       len);
/* "Directory DKA0:[USER]", "Total of 3 files, …": not entries. */
gboolean         ferry_listing_is_vms_chatter  (const char *line,
                                                gsize       len);

FerryListEntry  *ferry_listing_parse_tandem_line (const char      *line,
                                                  gsize            len,
                                                  FerryListingNow *now);
FerryListEntry  *ferry_listing_parse_as400_line  (const char      *line,
                                                  gsize            len,
                                                  FerryListingNow *now);
FerryListEntry  *ferry_listing_parse_zvm_line    (const char      *line,
                                                  gsize            len,
                                                  FerryListingNow *now);
FerryListEntry  *ferry_listing_parse_mvs_dataset_line (const char      *line,
                                                       gsize            len,
                                                       FerryListingNow *now);
/* @bare_names: a line that is only a name is a member without
 * statistics (after a members header, or when SYST said MVS). */
FerryListEntry  *ferry_listing_parse_mvs_member_line  (const char      *line,
                                                       gsize            len,
                                                       FerryDialect     dialect,
                                                       gboolean         bare_names,
                                                       FerryListingNow *now);
/* ferry-listing-embedded.c: fixed shapes of small and old servers. */
FerryListEntry  *ferry_listing_parse_numeric_line (const char      *line,
                                                   gsize            len,
                                                   FerryListingNow *now);
FerryListEntry  *ferry_listing_parse_vshell_line  (const char      *line,
                                                   gsize            len,
                                                   FerryListingNow *now);
FerryListEntry  *ferry_listing_parse_vxworks_line (const char      *line,
                                                   gsize            len,
                                                   FerryListingNow *now);
FerryListEntry  *ferry_listing_parse_wfftp_line   (const char      *line,
                                                   gsize            len,
                                                   FerryListingNow *now);
FerryListEntry  *ferry_listing_parse_os9_line     (const char      *line,
                                                   gsize            len,
                                                   FerryListingNow *now);

/* One LIST line, any dialect that needs no context. */
FerryListEntry  *ferry_listing_parse_line_any  (const char      *line,
                                                gsize            len,
                                                FerryListingNow *now);

/* Set in FerryListingNow.rejected by a dialect that recognised a line as
 * one that is not meant as an entry (MLSD cdir/pdir, a header): not
 * reported. */
#define FERRY_LISTING_NOT_AN_ENTRY ((FerryListingDropReason) 0x100)

/* The header lines that switch dialects; ANY when @line is none. */
FerryDialect     ferry_listing_header_dialect  (const char *line,
                                                gsize       len);

/* "rwxr-xr-x" from a mode's permission bits (setuid/gid/sticky too),
 * into @buf (10 bytes, NUL-terminated); returns @buf. */
char            *ferry_listing_format_mode     (guint mode,
                                                char  buf[10]);

G_END_DECLS
