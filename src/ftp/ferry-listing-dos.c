/* SPDX-License-Identifier: GPL-3.0-or-later */
/* LIST dialects other than ls -l: DOS/IIS, OS/2 and EPLF. */
#include "config.h"

#include <string.h>

#include "ferry-listing-private.h"

static const char *
token_end (const char *p,
           const char *end)
{
  while (p < end && *p != ' ' && *p != '\t')
    p++;
  return p;
}

/* "MM-DD-YY", "MM-DD-YYYY" (also with '/'), or "YYYY-MM-DD". */
static gboolean
parse_dos_date (const char *s,
                gsize       len,
                int        *year,
                int        *month,
                int        *day)
{
  gint64 y, m, d;

  if (len == 10 && s[4] == '-' && s[7] == '-')
    {
      y = ferry_listing_parse_digits (s, 4);
      m = ferry_listing_parse_digits (s + 5, 2);
      d = ferry_listing_parse_digits (s + 8, 2);
    }
  else if ((len == 8 || len == 9 || len == 10) && (s[2] == '-' || s[2] == '/') && s[5] == s[2])
    {
      m = ferry_listing_parse_digits (s, 2);
      d = ferry_listing_parse_digits (s + 3, 2);
      y = ferry_listing_parse_digits (s + 6, len - 6);
      /* "04-23-103": OS/2 servers that print tm_year (years since 1900). */
      if (len == 9 && y >= 100 && y < 200)
        y = ferry_listing_full_year ((int) y);
      else if (len == 9)
        return FALSE;
      if (len == 8 && y >= 0)
        y = ferry_listing_full_year ((int) y);
    }
  else
    return FALSE;

  if (y < 1900 || m < 1 || m > 12 || d < 1 || d > 31)
    return FALSE;
  *year = (int) y;
  *month = (int) m;
  *day = (int) d;
  return TRUE;
}

/* "14:15", "2:15PM", "02:15pm". */
static gboolean
parse_dos_time (const char *s,
                gsize       len,
                int        *hour,
                int        *minute,
                gboolean   *needs_ampm)
{
  gsize colon = (len > 1 && s[1] == ':') ? 1 : (len > 2 && s[2] == ':') ? 2 : 0;
  gint64 h, m;

  if (colon == 0 || len < colon + 3)
    return FALSE;
  h = ferry_listing_parse_digits (s, colon);
  m = ferry_listing_parse_digits (s + colon + 1, 2);
  if (h < 0 || h > 23 || m < 0 || m > 59)
    return FALSE;

  *needs_ampm = FALSE;
  if (len == colon + 5)
    {
      char a = g_ascii_tolower (s[colon + 3]);

      if ((a != 'a' && a != 'p') || g_ascii_tolower (s[colon + 4]) != 'm' || h < 1 || h > 12)
        return FALSE;
      if (h == 12)
        h = 0;
      if (a == 'p')
        h += 12;
    }
  else if (len != colon + 3)
    return FALSE;

  *hour = (int) h;
  *minute = (int) m;
  return TRUE;
}

FerryListEntry *
ferry_listing_parse_dos_line (const char      *line,
                              gsize            len,
                              FerryListingNow *now)
{
  FerryEntryDraft draft;
  const char *end = line + len;
  const char *p = line;
  const char *t;
  int year, month, day, hour, minute;
  gboolean ampm;

  t = token_end (p, end);
  if (!parse_dos_date (p, t - p, &year, &month, &day))
    return NULL;

  p = ferry_listing_skip_blanks (t, end);
  t = token_end (p, end);
  if (!parse_dos_time (p, t - p, &hour, &minute, &ampm))
    return NULL;

  /* "02:15 PM" with a space. */
  {
    const char *q = ferry_listing_skip_blanks (t, end);
    const char *qe = token_end (q, end);

    if (qe - q == 2 && (g_ascii_tolower (q[0]) == 'a' || g_ascii_tolower (q[0]) == 'p') &&
        g_ascii_tolower (q[1]) == 'm' && hour >= 1 && hour <= 12)
      {
        hour = hour % 12 + (g_ascii_tolower (q[0]) == 'p' ? 12 : 0);
        t = qe;
      }
  }

  ferry_entry_draft_init (&draft);

  p = ferry_listing_skip_blanks (t, end);
  t = token_end (p, end);
  if (t - p == 5 && g_ascii_strncasecmp (p, "<DIR>", 5) == 0)
    draft.type = FERRY_ENTRY_DIR;
  else if (t - p > 2 && p[0] == '<' && t[-1] == '>')
    draft.type = FERRY_ENTRY_LINK;   /* <JUNCTION>, <SYMLINKD> */
  else
    {
      gint64 size = 0;
      gsize digits = 0;

      /* Thousands separators as some IIS locales print them. */
      for (const char *q = p; q < t; q++)
        {
          if (g_ascii_isdigit (*q))
            {
              if (++digits > 18)
                return NULL;
              size = size * 10 + (*q - '0');
            }
          else if (*q != ',' && *q != '.')
            return NULL;
        }
      if (digits == 0)
        return NULL;
      draft.type = FERRY_ENTRY_FILE;
      draft.size = size;
    }

  ferry_listing_set_time (&draft, now, year, month, day, TRUE, hour, minute, FALSE, 0);

  /* IIS pads with spaces up to the name; a name's own leading spaces are
   * lost in this format, trailing ones are kept. */
  p = ferry_listing_skip_blanks (t, end);

  if (draft.type == FERRY_ENTRY_LINK)
    {
      /* "name [target]" */
      const char *bracket = end > p && end[-1] == ']' ? memchr (p, '[', end - p) : NULL;

      if (bracket != NULL && bracket > p && bracket[-1] == ' ')
        {
          draft.target.s = bracket + 1;
          draft.target.len = end - bracket - 2;
          end = bracket - 1;
        }
    }

  draft.name.s = p;
  draft.name.len = end - p;
  return ferry_listing_finish (&draft, now);
}

/* OS/2: "     0           DIR   12-31-97   13:13  PSFONTS" and
 * "  3145  A  04-17-98   16:06  file.txt": size, attributes, date, time,
 * padding, name. */
FerryListEntry *
ferry_listing_parse_os2_line (const char      *line,
                              gsize            len,
                              FerryListingNow *now)
{
  FerryEntryDraft draft;
  const char *end = line + len;
  const char *p = ferry_listing_skip_blanks (line, end);
  const char *t = token_end (p, end);
  int year = 0, month = 0, day = 0, hour, minute;
  gboolean is_dir = FALSE, found = FALSE, ampm;
  gint64 size;

  size = ferry_listing_parse_digits (p, t - p);
  if (size < 0)
    return NULL;

  /* Attribute tokens ("DIR", "A", "R", …) until the date. */
  for (int i = 0; i < 4 && !found; i++)
    {
      p = ferry_listing_skip_blanks (t, end);
      t = token_end (p, end);
      if (p == t)
        return NULL;
      if (parse_dos_date (p, t - p, &year, &month, &day))
        found = TRUE;
      else if (t - p == 3 && g_ascii_strncasecmp (p, "DIR", 3) == 0)
        is_dir = TRUE;
      else if (t - p > 3)
        return NULL;
    }
  if (!found)
    return NULL;

  p = ferry_listing_skip_blanks (t, end);
  t = token_end (p, end);
  if (!parse_dos_time (p, t - p, &hour, &minute, &ampm))
    return NULL;

  p = ferry_listing_skip_blanks (t, end);
  if (!ferry_listing_accept_name (now, p, end - p))
    return NULL;

  ferry_entry_draft_init (&draft);
  draft.type = is_dir ? FERRY_ENTRY_DIR : FERRY_ENTRY_FILE;
  /* The size column is there for folders too (0 or the folder's own
   * size on disk): kept as the server says it. */
  draft.size = size;
  ferry_listing_set_time (&draft, now, year, month, day, TRUE, hour, minute, FALSE, 0);
  draft.name.s = p;
  draft.name.len = end - p;
  return ferry_listing_finish (&draft, now);
}

/* EPLF (https://cr.yp.to/ftp/list/eplf.html):
 * "+fact,fact,...,\tname" with facts 'r' (file), '/' (directory),
 * 's<size>', 'm<unix time>', 'i<id>', "up<octal mode>". */
FerryListEntry *
ferry_listing_parse_eplf_line (const char      *line,
                               gsize            len,
                               FerryListingNow *now)
{
  FerryEntryDraft draft;
  const char *end = line + len;
  const char *tab = memchr (line, '\t', len);
  const char *p;
  gboolean is_dir = FALSE, is_file = FALSE;
  char mode_buf[10];

  if (len < 2 || line[0] != '+' || tab == NULL)
    return NULL;

  ferry_entry_draft_init (&draft);

  for (p = line + 1; p < tab;)
    {
      const char *comma = memchr (p, ',', tab - p);
      const char *fe = comma ? comma : tab;
      gsize flen = fe - p;

      if (flen >= 1)
        {
          switch (p[0])
            {
            case '/':
              is_dir = TRUE;
              break;
            case 'r':
              is_file = TRUE;
              break;
            case 's':
              draft.size = ferry_listing_parse_digits (p + 1, flen - 1);
              break;
            case 'm':
              {
                gint64 t = ferry_listing_parse_digits (p + 1, flen - 1);

                g_clear_pointer (&draft.mtime, g_date_time_unref);
                if (t >= 0)
                  draft.mtime = g_date_time_new_from_unix_utc (t);
                draft.precision = draft.mtime ? FERRY_TIME_SECOND : FERRY_TIME_NONE;
              }
              break;
            case 'u':
              if (flen >= 3 && p[1] == 'p')
                {
                  guint mode = 0;
                  gsize i;

                  for (i = 2; i < flen && p[i] >= '0' && p[i] <= '7'; i++)
                    mode = mode * 8 + (guint) (p[i] - '0');
                  if (i == flen)
                    {
                      draft.perms.s = ferry_listing_format_mode (mode & 07777, mode_buf);
                      draft.perms.len = 9;
                    }
                }
              break;
            default:
              break;
            }
        }
      p = fe + 1;
    }

  if (is_dir)
    draft.type = FERRY_ENTRY_DIR;
  else if (is_file)
    draft.type = FERRY_ENTRY_FILE;
  else
    draft.type = FERRY_ENTRY_OTHER;

  draft.name.s = tab + 1;
  draft.name.len = end - draft.name.s;
  return ferry_listing_finish (&draft, now);
}
