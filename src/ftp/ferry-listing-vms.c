/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * OpenVMS LIST output (DIRECTORY/SIZE/DATE/OWNER/PROTECTION):
 *
 *   Directory DKA0:[ANONYMOUS]
 *
 *   LOGIN.COM;2        2/4     25-JAN-2024 14:03:22  [SMITH]  (RWED,RWED,RE,)
 *   SUB.DIR;1          1/3     12-MAR-2023 09:00     [SMITH,STAFF]  (RWE,RWE,RE,E)
 *   A_NAME_TOO_LONG_FOR_ITS_COLUMN.TXT;12
 *                     12/16    25-JAN-2024 14:03:22.45  [SMITH]  (RWED,RWED,R,)
 *
 *   Total of 3 files, 15/23 blocks.
 *
 * Sizes are 512-byte blocks ("used/allocated"), so the byte size is an
 * estimate; some servers print "2KB".  The columns after the name come
 * in more than one order, so each is recognised by its shape.  A file
 * keeps its ";version" (each version is its own file, RETR takes the
 * name as listed); "NAME.DIR;1" is the folder NAME.
 */
#include "config.h"

#include <string.h>

#include "ferry-listing-private.h"

#define MAX_COLUMNS 12

/* Length of "NAME.EXT" when @tok is "NAME.EXT;123", else 0. */
static gsize
vms_name_length (const FerrySpan *tok)
{
  const char *semi = memchr (tok->s, ';', tok->len);
  gsize digits;

  if (semi == NULL || semi == tok->s)
    return 0;
  digits = tok->s + tok->len - semi - 1;
  if (digits == 0 || digits > 5 || ferry_listing_parse_digits (semi + 1, digits) < 0)
    return 0;
  return semi - tok->s;
}

gboolean
ferry_listing_is_vms_name (const char *line,
                           gsize       len)
{
  FerrySpan tok;
  gboolean more;

  if (len == 0 || line[0] == ' ' || line[0] == '\t')
    return FALSE;
  if (ferry_listing_split (line, len, &tok, 1, &more) != 1 || more)
    return FALSE;
  return vms_name_length (&tok) > 0;
}

gboolean
ferry_listing_is_vms_chatter (const char *line,
                              gsize       len)
{
  return (len > 10 && strncmp (line, "Directory ", 10) == 0) ||
         (len > 9 && strncmp (line, "Total of ", 9) == 0) ||
         (len > 15 && strncmp (line, "Grand total of ", 15) == 0);
}

/* "25-JAN-2024", "2-JUL-2003", "7-JAN-00" */
static gboolean
parse_vms_date (const FerrySpan *t,
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
  /* French VMS: JUI(LLET) — June is JUN there too — and AOU(T). */
  if (*month == 0 && g_ascii_strncasecmp (d1 + 1, "JUI", 3) == 0)
    *month = 7;
  else if (*month == 0 && g_ascii_strncasecmp (d1 + 1, "AOU", 3) == 0)
    *month = 8;
  if (d < 1 || d > 31 || y < 0 || *month == 0)
    return FALSE;
  *day = (int) d;
  *year = ferry_listing_full_year ((int) y);
  return TRUE;
}

/* "14:03", "14:03:22", "14:03:22.45" */
static gboolean
parse_vms_time (const FerrySpan *t,
                int             *hour,
                int             *minute,
                int             *second,
                gboolean        *has_seconds)
{
  gsize colon = t->len > 2 && t->s[1] == ':' ? 1 : (t->len > 3 && t->s[2] == ':' ? 2 : 0);
  gint64 h, m, s = 0;

  if (colon == 0 || t->len < colon + 3)
    return FALSE;
  h = ferry_listing_parse_digits (t->s, colon);
  m = ferry_listing_parse_digits (t->s + colon + 1, 2);
  *has_seconds = FALSE;
  if (t->len > colon + 3)
    {
      if (t->s[colon + 3] != ':' || t->len < colon + 6)
        return FALSE;
      s = ferry_listing_parse_digits (t->s + colon + 4, 2);
      if (t->len > colon + 6 && t->s[colon + 6] != '.')
        return FALSE;
      *has_seconds = TRUE;
    }
  if (h < 0 || h > 23 || m < 0 || m > 59 || s < 0 || s > 59)
    return FALSE;
  *hour = (int) h;
  *minute = (int) m;
  *second = (int) s;
  return TRUE;
}

/* "12", "12/16" (blocks used/allocated), "2KB". */
static gboolean
parse_vms_size (const FerrySpan *t,
                gint64          *size)
{
  const char *slash = memchr (t->s, '/', t->len);
  gsize digits = 0;
  gint64 n;

  while (digits < t->len && g_ascii_isdigit (t->s[digits]))
    digits++;
  if (digits == 0 || digits > 15)
    return FALSE;
  n = ferry_listing_parse_digits (t->s, digits);

  if (digits == t->len)
    *size = n * 512;
  else if (slash == t->s + digits && ferry_listing_parse_digits (slash + 1, t->s + t->len - slash - 1) >= 0)
    *size = n * 512;
  else if (t->len - digits == 2 && g_ascii_toupper (t->s[digits + 1]) == 'B')
    {
      switch (g_ascii_toupper (t->s[digits]))
        {
        case 'K': *size = n << 10; break;
        case 'M': *size = n << 20; break;
        case 'G': *size = n << 30; break;
        default: return FALSE;
        }
    }
  else
    return FALSE;
  return TRUE;
}

FerryListEntry *
ferry_listing_parse_vms_line (const char      *line,
                              gsize            len,
                              FerryListingNow *now)
{
  FerrySpan tok[MAX_COLUMNS];
  FerryEntryDraft draft;
  gboolean more, have_date = FALSE, have_time = FALSE, have_size = FALSE, has_seconds = FALSE;
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  gsize name_len;
  guint n;

  if (len == 0 || line[0] == ' ' || line[0] == '\t')
    return NULL;
  n = ferry_listing_split (line, len, tok, MAX_COLUMNS, &more);
  if (n < 3 || more || (name_len = vms_name_length (&tok[0])) == 0)
    return NULL;

  ferry_entry_draft_init (&draft);
  for (guint i = 1; i < n; i++)
    {
      const FerrySpan *t = &tok[i];

      if (!have_date && parse_vms_date (t, &year, &month, &day))
        have_date = TRUE;
      else if (have_date && !have_time && parse_vms_time (t, &hour, &minute, &second, &has_seconds))
        have_time = TRUE;
      else if (!have_size && parse_vms_size (t, &draft.size))
        have_size = TRUE;
      else if (t->s[0] == '[' && t->s[t->len - 1] == ']' && t->len > 2)
        {
          draft.owner.s = t->s + 1;
          draft.owner.len = t->len - 2;
        }
      else if (t->s[0] == '(' && t->s[t->len - 1] == ')' && t->len > 2)
        {
          draft.perms.s = t->s + 1;
          draft.perms.len = t->len - 2;
        }
      else if (draft.owner.s == NULL && i + 1 < n && tok[i + 1].s[0] == '(')
        draft.owner = *t;   /* an owner without brackets */
      else
        return NULL;
    }
  if (!have_date || !have_size)
    return NULL;

  draft.name.s = tok[0].s;
  draft.name.len = tok[0].len;
  if (name_len >= 4 && g_ascii_strncasecmp (tok[0].s + name_len - 4, ".DIR", 4) == 0)
    {
      draft.type = FERRY_ENTRY_DIR;
      draft.name.len = name_len - 4;
    }

  ferry_listing_set_time (&draft, now, year, month, day, have_time, hour, minute,
                          has_seconds, second);
  return ferry_listing_finish (&draft, now);
}
