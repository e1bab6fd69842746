/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * LIST dialects of small and old servers, each with a fixed shape:
 *
 *   numeric Unix   "0100644   500  101   12345    123456789       name"
 *                  (octal st_mode, uid, gid, size, mtime in seconds)
 *   VShell (old)   "206876  Apr 04, 2000 21:06 name", folders "name/"
 *   VxWorks        "2048    Feb-28-1998  05:23:30   name <DIR>"
 *   Nortel wfFtp   "name       1014196  06/03/04  Thur.   10:20:03"
 *   Microware OS-9 "0.0 07/03/29 1026 d-ewrewr 2650 85920 name"
 *                  (group.user, yy/mm/dd, hhmm, attributes, sector, size)
 *
 * Each is strict enough to refuse the others' lines and ls -l's.
 */
#include "config.h"

#include <string.h>

#include "ferry-listing-private.h"

static gboolean
is_digit_span (const FerrySpan *t)
{
  return t->len > 0 && ferry_listing_parse_digits (t->s, t->len) >= 0;
}

/* Where the name starts: after token @last and the blanks that pad it. */
static FerrySpan
rest_after (const FerrySpan *last,
            const char      *end)
{
  FerrySpan name;

  name.s = ferry_listing_skip_blanks (last->s + last->len, end);
  name.len = end - name.s;
  return name;
}

FerryListEntry *
ferry_listing_parse_numeric_line (const char      *line,
                                  gsize            len,
                                  FerryListingNow *now)
{
  FerrySpan tok[5];
  FerryEntryDraft draft;
  guint mode = 0;
  gint64 mtime;
  char perms[10];

  if (ferry_listing_split (line, len, tok, 5, NULL) != 5 ||
      tok[0].len < 6 || tok[0].len > 7 || (tok[0].s[0] != '0' && tok[0].s[0] != '1'))
    return NULL;
  for (gsize i = 0; i < tok[0].len; i++)
    {
      if (tok[0].s[i] < '0' || tok[0].s[i] > '7')
        return NULL;
      mode = mode * 8 + (tok[0].s[i] - '0');
    }
  for (int i = 1; i < 5; i++)
    if (!is_digit_span (&tok[i]))
      return NULL;
  mtime = ferry_listing_parse_digits (tok[4].s, tok[4].len);

  ferry_entry_draft_init (&draft);
  switch (mode & 0170000)
    {
    case 0100000: draft.type = FERRY_ENTRY_FILE; break;
    case 0040000: draft.type = FERRY_ENTRY_DIR; break;
    case 0120000: draft.type = FERRY_ENTRY_LINK; break;
    case 0: return NULL;
    default: draft.type = FERRY_ENTRY_OTHER; break;
    }
  draft.perms.s = ferry_listing_format_mode (mode & 07777, perms);
  draft.perms.len = 9;
  draft.owner = tok[1];
  draft.group = tok[2];
  draft.size = ferry_listing_parse_digits (tok[3].s, tok[3].len);
  /* Seconds since 1970, UTC: the one dialect with no time zone doubt. */
  if (mtime < G_GINT64_CONSTANT (253402300800))
    {
      draft.mtime = ferry_listing_time_from_unix (now, mtime);
      draft.precision = draft.mtime != NULL ? FERRY_TIME_SECOND : FERRY_TIME_NONE;
    }
  draft.name = rest_after (&tok[4], line + len);
  return ferry_listing_finish (&draft, now);
}

/* VShell before it learned ls -l: size, "Mon DD, YYYY HH:MM", name. */
FerryListEntry *
ferry_listing_parse_vshell_line (const char      *line,
                                 gsize            len,
                                 FerryListingNow *now)
{
  FerrySpan tok[5];
  FerryEntryDraft draft;
  int month, hour, minute, second;
  gint64 day, year;
  gboolean has_seconds;

  if (ferry_listing_split (line, len, tok, 5, NULL) != 5 || !is_digit_span (&tok[0]) ||
      (month = ferry_listing_month_from_name (tok[1].s, tok[1].len)) == 0 ||
      tok[2].len < 2 || tok[2].len > 3 || tok[2].s[tok[2].len - 1] != ',' ||
      (day = ferry_listing_parse_digits (tok[2].s, tok[2].len - 1)) < 1 || day > 31 ||
      tok[3].len != 4 || (year = ferry_listing_parse_digits (tok[3].s, 4)) < 1900)
    return NULL;
  {
    /* The name is the fifth column and everything after it. */
    FerrySpan clock = tok[4];
    const char *e = clock.s;

    while (e < line + len && *e != ' ' && *e != '\t')
      e++;
    clock.len = e - clock.s;
    if (!ferry_listing_parse_hms (&clock, &hour, &minute, &second, &has_seconds))
      return NULL;
    tok[4] = clock;
  }

  ferry_entry_draft_init (&draft);
  draft.size = ferry_listing_parse_digits (tok[0].s, tok[0].len);
  ferry_listing_set_time (&draft, now, (int) year, month, (int) day, TRUE, hour, minute,
                          has_seconds, second);
  draft.name = rest_after (&tok[4], line + len);
  if (draft.name.len > 1 && draft.name.s[draft.name.len - 1] == '/')
    {
      draft.type = FERRY_ENTRY_DIR;
      draft.name.len--;
    }
  return ferry_listing_finish (&draft, now);
}

/* VxWorks (Nortel routers): size, "Mon-DD-YYYY", "HH:MM:SS", name, and
 * " <DIR>" after a folder's name. */
FerryListEntry *
ferry_listing_parse_vxworks_line (const char      *line,
                                  gsize            len,
                                  FerryListingNow *now)
{
  FerrySpan tok[3];
  FerryEntryDraft draft;
  int month, hour, minute, second;
  gint64 day, year;
  gboolean has_seconds, more;
  const char *end = line + len;

  if (ferry_listing_split (line, len, tok, 3, &more) != 3 || !more || !is_digit_span (&tok[0]) ||
      tok[1].len != 11 || tok[1].s[3] != '-' || tok[1].s[6] != '-' ||
      (month = ferry_listing_month_from_name (tok[1].s, 3)) == 0 ||
      (day = ferry_listing_parse_digits (tok[1].s + 4, 2)) < 1 || day > 31 ||
      (year = ferry_listing_parse_digits (tok[1].s + 7, 4)) < 1900 ||
      !ferry_listing_parse_hms (&tok[2], &hour, &minute, &second, &has_seconds) || !has_seconds)
    return NULL;

  ferry_entry_draft_init (&draft);
  draft.size = ferry_listing_parse_digits (tok[0].s, tok[0].len);
  ferry_listing_set_time (&draft, now, (int) year, month, (int) day, TRUE, hour, minute,
                          TRUE, second);
  draft.name = rest_after (&tok[2], end);
  if (draft.name.len > 6 && memcmp (end - 6, " <DIR>", 6) == 0)
    {
      draft.type = FERRY_ENTRY_DIR;
      draft.name.len -= 6;
      while (draft.name.len > 0 && draft.name.s[draft.name.len - 1] == ' ')
        draft.name.len--;
    }
  return ferry_listing_finish (&draft, now);
}

/* Nortel wfFtp: name, size, "MM/DD/YY", an abbreviated weekday with a
 * dot ("Thur."), "HH:MM:SS".  The name is one word. */
FerryListEntry *
ferry_listing_parse_wfftp_line (const char      *line,
                                gsize            len,
                                FerryListingNow *now)
{
  FerrySpan tok[5];
  FerryEntryDraft draft;
  int hour, minute, second;
  gint64 month, day, year;
  gboolean has_seconds, more;

  if (ferry_listing_split (line, len, tok, 5, &more) != 5 || more ||
      !is_digit_span (&tok[1]) || tok[2].len != 8 || tok[2].s[2] != '/' || tok[2].s[5] != '/' ||
      (month = ferry_listing_parse_digits (tok[2].s, 2)) < 1 || month > 12 ||
      (day = ferry_listing_parse_digits (tok[2].s + 3, 2)) < 1 || day > 31 ||
      (year = ferry_listing_parse_digits (tok[2].s + 6, 2)) < 0 ||
      tok[3].len < 3 || tok[3].len > 5 || tok[3].s[tok[3].len - 1] != '.' ||
      !g_ascii_isalpha (tok[3].s[0]) ||
      !ferry_listing_parse_hms (&tok[4], &hour, &minute, &second, &has_seconds) || !has_seconds)
    return NULL;

  ferry_entry_draft_init (&draft);
  draft.size = ferry_listing_parse_digits (tok[1].s, tok[1].len);
  ferry_listing_set_time (&draft, now, ferry_listing_full_year ((int) year), (int) month,
                          (int) day, TRUE, hour, minute, TRUE, second);
  draft.name = tok[0];
  return ferry_listing_finish (&draft, now);
}

/* Microware OS-9: "group.user yy/mm/dd hhmm attributes sector size name";
 * a folder's attributes start with 'd'. */
FerryListEntry *
ferry_listing_parse_os9_line (const char      *line,
                              gsize            len,
                              FerryListingNow *now)
{
  FerrySpan tok[6];
  FerryEntryDraft draft;
  const char *dot;
  gint64 year, month, day, hhmm;
  gboolean more;

  if (ferry_listing_split (line, len, tok, 6, &more) != 6 || !more)
    return NULL;
  dot = memchr (tok[0].s, '.', tok[0].len);
  if (dot == NULL || dot == tok[0].s || dot == tok[0].s + tok[0].len - 1 ||
      ferry_listing_parse_digits (tok[0].s, dot - tok[0].s) < 0 ||
      ferry_listing_parse_digits (dot + 1, tok[0].s + tok[0].len - dot - 1) < 0)
    return NULL;
  if (tok[1].len != 8 || tok[1].s[2] != '/' || tok[1].s[5] != '/' ||
      (year = ferry_listing_parse_digits (tok[1].s, 2)) < 0 ||
      (month = ferry_listing_parse_digits (tok[1].s + 3, 2)) < 1 || month > 12 ||
      (day = ferry_listing_parse_digits (tok[1].s + 6, 2)) < 1 || day > 31 ||
      tok[2].len != 4 || (hhmm = ferry_listing_parse_digits (tok[2].s, 4)) < 0 ||
      hhmm / 100 > 23 || hhmm % 100 > 59)
    return NULL;
  /* Attributes: 'd' or '-', then e/w/r/- letters ("d-ewrewr", "----rwr"). */
  if (tok[3].len < 4 || tok[3].len > 9 || (tok[3].s[0] != 'd' && tok[3].s[0] != '-'))
    return NULL;
  for (gsize i = 1; i < tok[3].len; i++)
    if (strchr ("ewr-s", tok[3].s[i]) == NULL)
      return NULL;
  if (!is_digit_span (&tok[4]) || !is_digit_span (&tok[5]))
    {
      /* The sector in hex on some versions. */
      for (gsize i = 0; i < tok[4].len; i++)
        if (!g_ascii_isxdigit (tok[4].s[i]))
          return NULL;
      if (!is_digit_span (&tok[5]))
        return NULL;
    }

  ferry_entry_draft_init (&draft);
  draft.type = tok[3].s[0] == 'd' ? FERRY_ENTRY_DIR : FERRY_ENTRY_FILE;
  draft.perms = tok[3];
  draft.owner = tok[0];
  draft.size = ferry_listing_parse_digits (tok[5].s, tok[5].len);
  ferry_listing_set_time (&draft, now, ferry_listing_full_year ((int) year), (int) month,
                          (int) day, TRUE, (int) (hhmm / 100), (int) (hhmm % 100), FALSE, 0);
  draft.name = rest_after (&tok[5], line + len);
  return ferry_listing_finish (&draft, now);
}
