/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * HP NonStop (Tandem) Guardian LIST output:
 *
 *   File         Code             EOF  Last Modification    Owner  RWEP
 *   ALTERNAT      101            1,024  28-Feb-17 10:11:12 255,255 "oooo"
 *   EMPTY           0                0   6-Apr-07 14:21:18 255, 0  "nunu"
 *
 * A subvolume holds files only.  The header is skipped by the caller.
 */
#include "config.h"

#include <string.h>

#include "ferry-listing-private.h"

#define MAX_COLUMNS 10

/* "6-Apr-07", "28-Feb-2017" */
static gboolean
parse_tandem_date (const FerrySpan *t,
                   int             *year,
                   int             *month,
                   int             *day)
{
  const char *d1 = memchr (t->s, '-', MIN (t->len, 3));
  const char *d2;
  gint64 d, y;
  gsize ylen;

  if (d1 == NULL || d1 == t->s)
    return FALSE;
  d2 = memchr (d1 + 1, '-', t->s + t->len - d1 - 1);
  if (d2 == NULL || d2 - d1 != 4)
    return FALSE;
  ylen = t->s + t->len - d2 - 1;
  d = ferry_listing_parse_digits (t->s, d1 - t->s);
  y = (ylen == 2 || ylen == 4) ? ferry_listing_parse_digits (d2 + 1, ylen) : -1;
  *month = ferry_listing_month_from_name (d1 + 1, 3);
  if (d < 1 || d > 31 || y < 0 || *month == 0)
    return FALSE;
  *day = (int) d;
  *year = ferry_listing_full_year ((int) y);
  return TRUE;
}

FerryListEntry *
ferry_listing_parse_tandem_line (const char      *line,
                                 gsize            len,
                                 FerryListingNow *now)
{
  FerrySpan tok[MAX_COLUMNS];
  FerryEntryDraft draft;
  const FerrySpan *rwep;
  gboolean more;
  int year, month, day;
  gint64 h, m, s, size = 0;
  guint n, digits = 0;

  n = ferry_listing_split (line, len, tok, MAX_COLUMNS, &more);
  if (n < 7 || n > 8 || more)
    return NULL;

  /* The security string, quoted, comes last. */
  rwep = &tok[n - 1];
  if (rwep->len < 3 || rwep->s[0] != '"' || rwep->s[rwep->len - 1] != '"')
    return NULL;

  /* Code: a number, with 'O' for OSS files on some systems. */
  if (!g_ascii_isdigit (tok[1].s[0]))
    return NULL;

  /* EOF: bytes, maybe with thousands separators. */
  for (gsize i = 0; i < tok[2].len; i++)
    {
      char c = tok[2].s[i];

      if (g_ascii_isdigit (c))
        {
          if (++digits > 18)
            return NULL;
          size = size * 10 + (c - '0');
        }
      else if (c != ',')
        return NULL;
    }
  if (digits == 0 || !parse_tandem_date (&tok[3], &year, &month, &day))
    return NULL;

  if (tok[4].len != 8 || tok[4].s[2] != ':' || tok[4].s[5] != ':')
    return NULL;
  h = ferry_listing_parse_digits (tok[4].s, 2);
  m = ferry_listing_parse_digits (tok[4].s + 3, 2);
  s = ferry_listing_parse_digits (tok[4].s + 6, 2);
  if (h < 0 || m < 0 || s < 0)
    return NULL;

  /* Owner "group,user", or "group, user" split in two. */
  if (memchr (tok[5].s, ',', tok[5].len) == NULL)
    return NULL;

  ferry_entry_draft_init (&draft);
  draft.size = size;
  draft.name = tok[0];
  draft.owner.s = tok[5].s;
  draft.owner.len = tok[n - 2].s + tok[n - 2].len - tok[5].s;
  draft.perms.s = rwep->s + 1;
  draft.perms.len = rwep->len - 2;
  ferry_listing_set_time (&draft, now, year, month, day, TRUE, (int) h, (int) m, TRUE, (double) s);
  return ferry_listing_finish (&draft, now);
}
