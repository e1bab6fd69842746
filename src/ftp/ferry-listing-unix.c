/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unix `ls -l` style LIST lines, as vsftpd, proftpd, pure-ftpd, pyftpdlib,
 * busybox, GNU ls (also --time-style=long-iso/full-iso) and many embedded
 * servers send them.  Hand-written rather than sscanf/regex: listings can
 * have millions of lines.
 *
 * The columns between the permissions and the date vary (link count or
 * not, group or not, "major, minor" for devices), so the parser looks for
 * the date first and reads the columns before it backwards from there.
 */
#include "config.h"

#include <string.h>

#include "ferry-listing-private.h"

#define MAX_TOKENS 24

typedef struct
{
  const char *s;
  gsize       len;
} Token;

static gboolean
is_digits (const Token *t)
{
  if (t->len == 0)
    return FALSE;
  for (gsize i = 0; i < t->len; i++)
    if (!g_ascii_isdigit (t->s[i]))
      return FALSE;
  return TRUE;
}

static int
parse_day (const Token *t)
{
  gint64 d;

  if (t->len < 1 || t->len > 2)
    return 0;
  d = ferry_listing_parse_digits (t->s, t->len);
  return d >= 1 && d <= 31 ? (int) d : 0;
}

/* "HH:MM" or "H:MM"; with @seconds also "HH:MM:SS[.fraction]". */
static gboolean
parse_clock (const Token *t,
             gboolean     allow_seconds,
             int         *hour,
             int         *minute,
             double      *seconds)
{
  const char *s = t->s;
  gsize len = t->len;
  gsize colon;
  gint64 h, m;

  if (len < 4)
    return FALSE;
  colon = s[1] == ':' ? 1 : (s[2] == ':' ? 2 : 0);
  if (colon == 0 || len < colon + 3)
    return FALSE;

  h = ferry_listing_parse_digits (s, colon);
  m = ferry_listing_parse_digits (s + colon + 1, 2);
  if (h < 0 || h > 23 || m < 0 || m > 59)
    return FALSE;

  *seconds = 0;
  if (len > colon + 3)
    {
      const char *sec = s + colon + 3;
      gsize sec_len = len - colon - 3;
      gint64 whole;
      double scale = 0.1;

      if (!allow_seconds || sec[0] != ':' || sec_len < 3)
        return FALSE;
      whole = ferry_listing_parse_digits (sec + 1, 2);
      if (whole < 0 || whole > 60)
        return FALSE;
      *seconds = (double) whole;
      if (sec_len > 3)
        {
          if (sec[3] != '.' || sec_len == 4)
            return FALSE;
          for (gsize i = 4; i < sec_len; i++)
            {
              if (!g_ascii_isdigit (sec[i]))
                return FALSE;
              if (scale > 1e-7)
                *seconds += (sec[i] - '0') * scale;
              scale /= 10;
            }
        }
    }

  *hour = (int) h;
  *minute = (int) m;
  return TRUE;
}

static int
parse_year (const Token *t)
{
  gint64 y;

  if (t->len != 4)
    return 0;
  y = ferry_listing_parse_digits (t->s, 4);
  return y >= 1900 ? (int) y : 0;
}

/* "YYYY-MM-DD" */
static gboolean
parse_iso_date (const Token *t,
                int         *year,
                int         *month,
                int         *day)
{
  gint64 y, m, d;

  if (t->len != 10 || t->s[4] != '-' || t->s[7] != '-')
    return FALSE;
  y = ferry_listing_parse_digits (t->s, 4);
  m = ferry_listing_parse_digits (t->s + 5, 2);
  d = ferry_listing_parse_digits (t->s + 8, 2);
  if (y < 1900 || m < 1 || m > 12 || d < 1 || d > 31)
    return FALSE;
  *year = (int) y;
  *month = (int) m;
  *day = (int) d;
  return TRUE;
}

/* "+0100" / "-0530" as printed by ls --time-style=full-iso; seconds
 * east of UTC. */
static gboolean
parse_utc_offset (const Token *t,
                  int         *offset)
{
  gint64 hh, mm;

  if (t->len != 5 || (t->s[0] != '+' && t->s[0] != '-'))
    return FALSE;
  hh = ferry_listing_parse_digits (t->s + 1, 2);
  mm = ferry_listing_parse_digits (t->s + 3, 2);
  if (hh < 0 || hh > 14 || mm < 0 || mm > 59)
    return FALSE;
  *offset = (int) ((hh * 3600 + mm * 60) * (t->s[0] == '-' ? -1 : 1));
  return TRUE;
}

typedef struct
{
  int    year;      /* 0 = not given */
  int    month;
  int    day;
  int    hour;
  int    minute;
  double seconds;
  int    offset;    /* seconds east of UTC, for full-iso */
  gboolean has_time;
  gboolean has_seconds;
  guint  n_tokens;  /* how many tokens the date used */
} DateFields;

/* Tries to read a date starting at token @i: "Mon DD YYYY|HH:MM",
 * "DD Mon YYYY|HH:MM", "YYYY-MM-DD HH:MM[:SS[.f]] [+ZZZZ]". */
static gboolean
match_date (const Token *tok,
            guint        n,
            guint        i,
            DateFields  *d)
{
  const Token *year_or_time;

  memset (d, 0, sizeof *d);

  if (i + 1 < n && parse_iso_date (&tok[i], &d->year, &d->month, &d->day))
    {
      if (!parse_clock (&tok[i + 1], TRUE, &d->hour, &d->minute, &d->seconds))
        return FALSE;
      d->has_time = TRUE;
      d->has_seconds = tok[i + 1].len > 5;
      d->n_tokens = 2;
      return TRUE;
    }

  if (i + 2 >= n)
    return FALSE;

  if ((d->month = ferry_listing_month_from_name (tok[i].s, tok[i].len)) != 0)
    d->day = parse_day (&tok[i + 1]);
  else if ((d->month = ferry_listing_month_from_name (tok[i + 1].s, tok[i + 1].len)) != 0)
    d->day = parse_day (&tok[i]);
  if (d->month == 0 || d->day == 0)
    return FALSE;

  year_or_time = &tok[i + 2];
  if ((d->year = parse_year (year_or_time)) == 0)
    {
      if (!parse_clock (year_or_time, FALSE, &d->hour, &d->minute, &d->seconds))
        return FALSE;
      d->has_time = TRUE;
    }
  d->n_tokens = 3;
  return TRUE;
}

/* Builds the entry's time; a date without a year is the most recent one
 * not in the future.  One day of slack covers a server whose clock runs
 * in a time zone ahead of ours. */
static void
set_time (FerryListEntry        *entry,
          DateFields            *d,
          FerryListingNow       *now)
{
  GDateTime *dt = NULL;

  if (d->year == 0)
    {
      int year = now->year + 1;

      /* Starting one year ahead catches "Jan 1 00:30" listed on Dec 31
       * by a server east of us; the loop also walks back to the last
       * leap year for "Feb 29". */
      for (int tries = 0; tries < 10 && dt == NULL; tries++, year--)
        {
          gint64 t;

          if (d->day > ferry_listing_days_in_month (year, d->month))
            continue;
          t = ferry_listing_days_from_civil (year, d->month, d->day) * 86400 +
              d->hour * 3600 + d->minute * 60;
          if (t > now->unix_time + 86400)
            continue;
          dt = ferry_listing_time_from_unix (now, t);
        }
    }
  else
    {
      dt = ferry_listing_make_time (now, d->year, d->month, d->day,
                                    d->hour, d->minute, d->seconds);
      if (dt != NULL && d->offset != 0)
        {
          GDateTime *shifted = g_date_time_add_seconds (dt, -d->offset);

          g_date_time_unref (dt);
          dt = shifted;
        }
    }

  entry->mtime = dt;
  if (dt == NULL)
    entry->precision = FERRY_TIME_NONE;
  else if (!d->has_time)
    entry->precision = FERRY_TIME_DAY;
  else if (d->has_seconds)
    entry->precision = FERRY_TIME_SECOND;
  else
    entry->precision = FERRY_TIME_MINUTE;
}

static gboolean
is_perm_char (char c)
{
  switch (c)
    {
    case 'r': case 'w': case 'x': case '-':
    case 's': case 'S': case 't': case 'T':
    case 'l': case 'L':
      return TRUE;
    default:
      return FALSE;
    }
}

static char *
dup_span (const Token *first,
          const Token *last)
{
  return g_strndup (first->s, (last->s + last->len) - first->s);
}

FerryListEntry *
ferry_listing_parse_unix_line (const char            *line,
                               gsize                  len,
                               FerryListingNow       *now)
{
  g_autoptr(FerryListEntry) entry = NULL;
  Token tok[MAX_TOKENS];
  DateFields date;
  const char *p, *end, *name, *arrow = NULL;
  gsize name_len;
  guint n = 0, date_at = 0, size_at, fields;
  gboolean found = FALSE;
  gboolean device = FALSE;
  gboolean netware = FALSE;
  const char *perms;
  gsize perms_len;
  FerryEntryType type;

  end = line + len;

  switch (line[0])
    {
    case '-': type = FERRY_ENTRY_FILE; break;
    case 'd': type = FERRY_ENTRY_DIR; break;
    case 'l': type = FERRY_ENTRY_LINK; break;
    case 'c': case 'b': device = TRUE; type = FERRY_ENTRY_OTHER; break;
    case 'p': case 's': case 'D': case 'n': type = FERRY_ENTRY_OTHER; break;
    default: return NULL;   /* also "total 42" */
    }

  /* NetWare: "d [RWCEAFMS] owner  512 Jan 16 18:53    name". */
  if (len > 4 && line[1] == ' ' && line[2] == '[' && (type == FERRY_ENTRY_FILE || type == FERRY_ENTRY_DIR))
    {
      const char *close = memchr (line + 3, ']', len - 3);

      if (close == NULL || close - line > 32)
        return NULL;
      perms = line + 3;
      perms_len = close - perms;
      netware = TRUE;
      p = close + 1;
    }
  else
    {
      if (len < 11)
        return NULL;
      for (int i = 1; i < 10; i++)
        if (!is_perm_char (line[i]))
          return NULL;
      perms = line + 1;
      perms_len = 9;

      /* An ACL/xattr/SELinux marker may follow the nine permission bits. */
      p = line + 10;
      if (*p != ' ' && *p != '\t')
        {
          if (*p != '+' && *p != '@' && *p != '.')
            return NULL;
          p++;
        }
    }

  /* Tokenise until a date is found; the name after it is taken raw. */
  while (p < end && n < MAX_TOKENS)
    {
      while (p < end && (*p == ' ' || *p == '\t'))
        p++;
      if (p >= end)
        break;
      tok[n].s = p;
      while (p < end && *p != ' ' && *p != '\t')
        p++;
      tok[n].len = p - tok[n].s;
      n++;

      /* A date needs a size column before it and up to three tokens;
       * check for one that starts two or three tokens back. */
      if (n >= 3)
        {
          for (guint back = 3; back >= 2 && !found; back--)
            {
              guint i;

              if (n < back + 1)
                continue;
              i = n - back;
              if (i >= 1 && match_date (tok, n, i, &date) && date.n_tokens == back)
                {
                  found = TRUE;
                  date_at = i;
                }
            }
          if (found)
            break;
        }
    }

  if (!found)
    return NULL;

  /* The size column, or "major, minor" / "major,minor" for devices. */
  size_at = date_at - 1;
  entry = ferry_list_entry_new ();
  entry->type = type;

  if (is_digits (&tok[size_at]))
    {
      entry->size = ferry_listing_parse_digits (tok[size_at].s, tok[size_at].len);
      if (device && size_at >= 1 && tok[size_at - 1].len > 1 &&
          tok[size_at - 1].s[tok[size_at - 1].len - 1] == ',')
        {
          entry->size = -1;
          size_at--;
        }
    }
  else if (device && memchr (tok[size_at].s, ',', tok[size_at].len) != NULL)
    entry->size = -1;
  else
    return NULL;

  if (device)
    entry->size = -1;

  /* Columns before the size: [links] owner [group...]. */
  fields = size_at;
  if (fields > 0)
    {
      guint first = is_digits (&tok[0]) ? 1 : 0;

      if (fields - first >= 1)
        entry->owner = g_strndup (tok[first].s, tok[first].len);
      if (fields - first >= 2)
        entry->group = dup_span (&tok[first + 1], &tok[fields - 1]);
    }

  name = tok[date_at + date.n_tokens - 1].s + tok[date_at + date.n_tokens - 1].len;

  /* full-iso puts the UTC offset after the seconds. */
  if (date.has_seconds && end - name >= 6 && name[0] == ' ' &&
      (end - name == 6 || name[6] == ' '))
    {
      Token zone = { name + 1, 5 };

      if (parse_utc_offset (&zone, &date.offset))
        name += 6;
    }

  entry->perms = g_strndup (perms, perms_len);
  set_time (entry, &date, now);

  /* Exactly one space separates the date from the name, so names that
   * begin with spaces keep them. */
  if (name < end && (*name == ' ' || *name == '\t'))
    name++;
  /* NetWare pads the name column instead. */
  while (netware && name < end && *name == ' ')
    name++;
  name_len = end - name;

  if (type == FERRY_ENTRY_LINK)
    {
      for (const char *q = name; q + 4 <= end; q++)
        if (q[0] == ' ' && q[1] == '-' && q[2] == '>' && q[3] == ' ')
          {
            arrow = q;
            break;
          }
      if (arrow != NULL)
        {
          name_len = arrow - name;
          entry->target = g_strndup (arrow + 4, end - arrow - 4);
        }
    }

  if (!ferry_listing_name_is_valid (name, name_len))
    return NULL;

  entry->name = g_strndup (name, name_len);
  return g_steal_pointer (&entry);
}
