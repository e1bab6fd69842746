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
 * Dates come in many shapes: "Mar 14 10:00", "14 Mar 2020", localised
 * ("26. Juli, 20:10", "янв 31 12:00", " 1月 31 12:00", "2005년 1월 6일"),
 * numeric ("09-26 13:45", "2024-01-31 12:00", "2004.07.15"), VShell's
 * "Oct 08, 2002 09:47".  Sizes may be "33.5k"; ls -s and ls -i put a
 * number before the permissions.
 */
#include "config.h"

#include <string.h>

#include "ferry-listing-private.h"

#define MAX_TOKENS 24

typedef FerrySpan Token;

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
  /* "24:00" is the midnight that ends the day (ferry_listing_set_time
   * moves it to 00:00 the day after). */
  if (h == 24 && m == 0 && len == colon + 3)
    {
      *hour = 24;
      *minute = 0;
      *seconds = 0;
      return TRUE;
    }
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

/* "YYYY-MM-DD", "YYYY/MM/DD", "YYYY.MM.DD" and, day first,
 * "DD-MM-YYYY", "DD.MM.YYYY"; "MM/DD/YYYY" unless the first number
 * cannot be a month. */
static gboolean
parse_numeric_date (const Token *t,
                    int         *year,
                    int         *month,
                    int         *day)
{
  const char *s = t->s;
  gint64 y, m, d;

  if (t->len != 10)
    return FALSE;
  if ((s[4] == '-' || s[4] == '/' || s[4] == '.') && s[7] == s[4])
    {
      y = ferry_listing_parse_digits (s, 4);
      m = ferry_listing_parse_digits (s + 5, 2);
      d = ferry_listing_parse_digits (s + 8, 2);
    }
  else if ((s[2] == '-' || s[2] == '/' || s[2] == '.') && s[5] == s[2])
    {
      gint64 a = ferry_listing_parse_digits (s, 2);
      gint64 b = ferry_listing_parse_digits (s + 3, 2);

      y = ferry_listing_parse_digits (s + 6, 4);
      if (s[2] == '/' && a <= 12)
        m = a, d = b;
      else
        d = a, m = b;
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

/* A day of the month, "31", "31." or "31," (German and VShell). */
static int
parse_day_token (const Token *t)
{
  Token d = *t;

  if (d.len > 1 && (d.s[d.len - 1] == '.' || d.s[d.len - 1] == ','))
    d.len--;
  return parse_day (&d);
}

/* "3月", "10월", "18日", "2003年" in UTF-8 or a legacy CJK encoding:
 * digits and a one- to three-byte suffix that starts with a non-ASCII
 * byte.  With
 * @suffix_optional plain digits pass too. */
static gint64
parse_cjk_number (const Token *t,
                  gboolean     suffix_optional)
{
  gsize digits = 0;

  while (digits < t->len && g_ascii_isdigit (t->s[digits]))
    digits++;
  if (digits == 0 || digits > 4)
    return -1;
  if (digits == t->len)
    return suffix_optional ? ferry_listing_parse_digits (t->s, digits) : -1;
  /* Two or three bytes for a UTF-8, EUC-KR, GBK or Shift_JIS character;
   * one lone high byte from servers that cut one of those short. */
  if (t->len - digits > 3)
    return -1;
  /* Shift_JIS trail bytes may be ASCII ("年" is 0x94 0x4E). */
  if ((guchar) t->s[digits] < 0x80)
    return -1;
  return ferry_listing_parse_digits (t->s, digits);
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

/* The tokens of a line, read as far as the parser asks. */
typedef struct
{
  Token       tok[MAX_TOKENS];
  guint       n;
  const char *p;
  const char *end;
} Tokens;

static const Token *
get_token (Tokens *t,
           guint   i)
{
  while (t->n <= i)
    {
      const char *p = t->p;

      if (t->n >= MAX_TOKENS)
        return NULL;
      while (p < t->end && (*p == ' ' || *p == '\t'))
        p++;
      if (p >= t->end)
        return NULL;
      t->tok[t->n].s = p;
      while (p < t->end && *p != ' ' && *p != '\t')
        p++;
      t->tok[t->n].len = p - t->tok[t->n].s;
      t->n++;
      t->p = p;
    }
  return &t->tok[i];
}

static gboolean
year_or_time (const Token *t,
              DateFields  *d)
{
  if ((d->year = parse_year (t)) != 0)
    return TRUE;
  if (parse_clock (t, FALSE, &d->hour, &d->minute, &d->seconds))
    {
      d->has_time = TRUE;
      return TRUE;
    }
  return FALSE;
}

static gboolean
is_clock (const Token *t)
{
  int h, m;
  double s;

  return t != NULL && parse_clock (t, TRUE, &h, &m, &s);
}

/* Tries to read a date starting at token @i; fills @d and its token
 * count. */
static gboolean
match_date (Tokens     *tokens,
            guint       i,
            DateFields *d)
{
  const Token *t0 = get_token (tokens, i);
  const Token *t1, *t2;
  gint64 a, b;

  memset (d, 0, sizeof *d);
  if (t0 == NULL)
    return FALSE;
  t1 = get_token (tokens, i + 1);

  if (g_ascii_isdigit (t0->s[0]))
    {
      /* "2024-01-31 12:00[:00[.f]]" or a date alone */
      if (parse_numeric_date (t0, &d->year, &d->month, &d->day))
        {
          d->n_tokens = 1;
          if (t1 != NULL && parse_clock (t1, TRUE, &d->hour, &d->minute, &d->seconds))
            {
              d->has_time = TRUE;
              d->has_seconds = t1->len > 5;
              d->n_tokens = 2;
            }
          return TRUE;
        }

      /* "09-26 13:45", "09-26 2000" */
      if (t0->len == 5 && t0->s[2] == '-' && t1 != NULL)
        {
          a = ferry_listing_parse_digits (t0->s, 2);
          b = ferry_listing_parse_digits (t0->s + 3, 2);
          if (a >= 1 && a <= 12 && b >= 1 && b <= 31 && year_or_time (t1, d))
            {
              d->month = (int) a;
              d->day = (int) b;
              d->n_tokens = 2;
              return TRUE;
            }
          return FALSE;
        }

      /* "01-jun-99", "1-Jun-1999" [HH:MM] */
      {
        const char *dash1 = memchr (t0->s, '-', MIN (t0->len, 3));
        const char *dash2 = dash1 ? memchr (dash1 + 1, '-', t0->s + t0->len - dash1 - 1) : NULL;

        if (dash2 != NULL)
          {
            a = ferry_listing_parse_digits (t0->s, dash1 - t0->s);
            d->month = ferry_listing_month_from_name (dash1 + 1, dash2 - dash1 - 1);
            b = ferry_listing_parse_digits (dash2 + 1, t0->s + t0->len - dash2 - 1);
            if (a < 1 || a > 31 || d->month == 0 || b < 0 ||
                (t0->s + t0->len - dash2 - 1 != 2 && t0->s + t0->len - dash2 - 1 != 4))
              return FALSE;
            d->day = (int) a;
            d->year = ferry_listing_full_year ((int) b);
            d->n_tokens = 1;
            if (t1 != NULL && parse_clock (t1, FALSE, &d->hour, &d->minute, &d->seconds))
              {
                d->has_time = TRUE;
                d->n_tokens = 2;
              }
            return TRUE;
          }
      }

      if (t1 == NULL || (t2 = get_token (tokens, i + 2)) == NULL)
        return FALSE;

      /* "14 Mar 10:00", "26. Juli, 20:10", "2.   Okt.  2003" */
      if ((d->day = parse_day_token (t0)) != 0 &&
          (d->month = ferry_listing_month_from_name (t1->s, t1->len)) != 0)
        {
          d->n_tokens = 3;
          return year_or_time (t2, d);
        }

      /* CJK, year first: "2005년 1월 6일", "2003 3月 20" */
      if ((a = parse_cjk_number (t0, TRUE)) >= 1900 && t0->len >= 4 &&
          (b = parse_cjk_number (t1, FALSE)) >= 1 && b <= 12)
        {
          gint64 day = parse_cjk_number (t2, TRUE);

          if (day < 1 || day > 31 || is_clock (get_token (tokens, i + 3)))
            return FALSE;
          d->year = (int) a;
          d->month = (int) b;
          d->day = (int) day;
          d->n_tokens = 3;
          return TRUE;
        }

      /* CJK, month first: "1月 31 12:00", "4月 18日 2003年" */
      if ((a = parse_cjk_number (t0, FALSE)) >= 1 && a <= 12)
        {
          gint64 day = parse_cjk_number (t1, TRUE);
          gint64 year = parse_cjk_number (t2, FALSE);

          if (day < 1 || day > 31)
            return FALSE;
          d->month = (int) a;
          d->day = (int) day;
          d->n_tokens = 3;
          if (year >= 1900)
            {
              d->year = (int) year;
              return TRUE;
            }
          return year_or_time (t2, d);
        }

      /* Bare numbers: "3 29 03:26" */
      if (t0->len <= 2 && (a = ferry_listing_parse_digits (t0->s, t0->len)) >= 1 && a <= 12 &&
          (d->day = parse_day (t1)) != 0)
        {
          d->month = (int) a;
          d->n_tokens = 3;
          return year_or_time (t2, d);
        }
      return FALSE;
    }

  /* "Mar 14 10:00", "Mar 14  2020", "Oct 08, 2002 09:47" */
  if ((d->month = ferry_listing_month_from_name (t0->s, t0->len)) == 0 || t1 == NULL)
    return FALSE;
  if ((d->day = parse_day_token (t1)) == 0 || (t2 = get_token (tokens, i + 2)) == NULL)
    return FALSE;
  d->n_tokens = 3;
  if (t1->s[t1->len - 1] == ',' && (d->year = parse_year (t2)) != 0)
    {
      const Token *t3 = get_token (tokens, i + 3);

      if (t3 != NULL && parse_clock (t3, FALSE, &d->hour, &d->minute, &d->seconds))
        {
          d->has_time = TRUE;
          d->n_tokens = 4;
        }
      return TRUE;
    }
  return year_or_time (t2, d);
}

/* The nine permission letters, each in its place: r, w, then x or the
 * set-id / sticky / mandatory-lock letters that may stand there. */
static gboolean
perms_are_valid (const char *p)
{
  static const char *const allowed[9] = {
    "r-", "w-", "xsS-", "r-", "w-", "xsSlL-", "r-", "w-", "xtT-",
  };

  for (int i = 0; i < 9; i++)
    if (p[i] == '\0' || strchr (allowed[i], p[i]) == NULL)
      return FALSE;
  return TRUE;
}

/* "1234", or with a unit as some servers print sizes: "33.5k", "2M". */
static gint64
parse_size (const Token *t)
{
  gint64 whole = 0, frac = 0, scale = 1, unit;
  gsize i = 0, digits = 0;

  while (i < t->len && g_ascii_isdigit (t->s[i]))
    {
      if (++digits > 18)
        return -1;
      whole = whole * 10 + (t->s[i++] - '0');
    }
  if (digits == 0)
    return -1;
  if (i == t->len)
    return whole;

  if (t->s[i] == '.')
    {
      for (i++; i < t->len && g_ascii_isdigit (t->s[i]) && scale < 1000; i++)
        frac = frac * 10 + (t->s[i] - '0'), scale *= 10;
    }
  if (i + 1 != t->len)
    return -1;
  switch (g_ascii_tolower (t->s[i]))
    {
    case 'k': unit = 1024; break;
    case 'm': unit = 1024 * 1024; break;
    case 'g': unit = G_GINT64_CONSTANT (1024) * 1024 * 1024; break;
    default: return -1;
    }
  if (whole > G_MAXINT64 / unit / 2)
    return -1;
  return whole * unit + frac * unit / scale;
}

/* ls -s / ls -i: "  4 -rw-r--r-- …", "1234567 8 drwx…".  Returns where
 * the type letter is, or @line. */
static const char *
skip_number_columns (const char *line,
                     const char *end)
{
  const char *p = line;

  for (int col = 0; col < 2; col++)
    {
      const char *q = p;

      while (q < end && *q == ' ')
        q++;
      if (q >= end || !g_ascii_isdigit (*q))
        break;
      while (q < end && (g_ascii_isdigit (*q) || *q == '.' || *q == 'K' || *q == 'k' || *q == 'M' || *q == 'G'))
        q++;
      if (q >= end || *q != ' ')
        break;
      while (q < end && *q == ' ')
        q++;
      p = q;
    }
  return p;
}

/* The columns before the size: a link count glued to the owner
 * ("1ftp") is a broken line, not an owner. */
static gboolean
columns_are_valid (const Tokens *tokens)
{
  const Token *t = &tokens->tok[0];
  gsize digits = 0;

  while (digits < t->len && g_ascii_isdigit (t->s[digits]))
    digits++;
  return digits == 0 || digits == t->len;
}

/* "drwxr-xr-x 3 owner group 512 name": no date at all.  Only this exact
 * shape (links, owner, group, size, one-word name), so that a line whose
 * date is broken ("Jam  4 00:03") is not taken for a name. */
static FerryListEntry *
dateless_line (FerryEntryDraft *draft,
               Tokens          *tokens,
               FerryListingNow *now)
{
  gint64 size;

  if (get_token (tokens, 4) == NULL || get_token (tokens, 5) != NULL ||
      !is_digits (&tokens->tok[0]) || g_ascii_isdigit (tokens->tok[1].s[0]) ||
      (size = parse_size (&tokens->tok[3])) < 0 || g_ascii_isdigit (tokens->tok[4].s[0]))
    {
      ferry_entry_draft_clear (draft);
      return NULL;
    }
  draft->size = size;
  draft->owner = tokens->tok[1];
  draft->group = tokens->tok[2];
  draft->name = tokens->tok[4];
  return ferry_listing_finish (draft, now);
}

FerryListEntry *
ferry_listing_parse_unix_line (const char            *line,
                               gsize                  len,
                               FerryListingNow       *now)
{
  FerryEntryDraft draft;
  Tokens tokens;
  DateFields date;
  const char *p, *end, *name;
  guint date_at = 0, size_at, fields, first;
  gboolean found = FALSE;
  gboolean device = FALSE;
  gboolean netware = FALSE;
  gsize glued = 0;
  gint64 size = -1;
  FerryEntryType type;
  const Token *last;

  end = line + len;
  if (len > 0 && (g_ascii_isdigit (line[0]) || line[0] == ' '))
    {
      line = skip_number_columns (line, end);
      len = end - line;
    }
  if (len == 0)
    return NULL;

  switch (line[0])
    {
    case '-': type = FERRY_ENTRY_FILE; break;
    case 'd': type = FERRY_ENTRY_DIR; break;
    case 'l': type = FERRY_ENTRY_LINK; break;
    case 'c': case 'b': device = TRUE; type = FERRY_ENTRY_OTHER; break;
    case 'p': case 's': case 'D': case 'n': type = FERRY_ENTRY_OTHER; break;
    default: return NULL;   /* also "total 42" */
    }

  ferry_entry_draft_init (&draft);
  draft.type = type;

  /* NetWare: "d [RWCEAFMS] owner  512 Jan 16 18:53    name". */
  if (len > 4 && line[1] == ' ' && line[2] == '[' && (type == FERRY_ENTRY_FILE || type == FERRY_ENTRY_DIR))
    {
      const char *close = memchr (line + 3, ']', len - 3);

      if (close == NULL || close - line > 32)
        return NULL;
      draft.perms.s = line + 3;
      draft.perms.len = close - draft.perms.s;
      netware = TRUE;
      p = close + 1;
    }
  else
    {
      if (len < 11)
        return NULL;
      if (len > 14 && memcmp (line + 10, "FTP ", 4) == 0)
        {
          /* Connect:Enterprise (Sterling): ten attribute letters and
           * "FTP", then the mailbox columns ("A"/"B", user, batch). */
          draft.perms.s = line + 1;
          draft.perms.len = 12;
          p = line + 13;
        }
      else
        {
          if (!perms_are_valid (line + 1))
            return NULL;
          draft.perms.s = line + 1;
          draft.perms.len = 9;

          /* An ACL/xattr/SELinux marker may follow the nine permission bits. */
          p = line + 10;
          if (*p != ' ' && *p != '\t')
            {
              if (*p != '+' && *p != '@' && *p != '.')
                return NULL;
              p++;
            }
        }
    }

  /* The first date with a size column before it. */
  tokens.n = 0;
  tokens.p = p;
  tokens.end = end;
  for (guint i = 1; i < MAX_TOKENS && get_token (&tokens, i) != NULL; i++)
    {
      const Token *before = &tokens.tok[i - 1];

      if (!g_ascii_isdigit (before->s[0]))
        continue;
      if ((size = parse_size (before)) < 0 &&
          !(device && memchr (before->s, ',', before->len) != NULL))
        continue;
      if (match_date (&tokens, i, &date))
        {
          found = TRUE;
          date_at = i;
          break;
        }
    }
  if (!found && !device)
    {
      /* A size too wide for its column runs into the group:
       * "longgroup123456 Feb 12 17:20". */
      for (guint i = 2; i < tokens.n; i++)
        {
          const Token *before = &tokens.tok[i - 1];
          gsize digits = 0;

          while (digits < before->len && g_ascii_isdigit (before->s[before->len - 1 - digits]))
            digits++;
          if (digits == 0 || digits == before->len || g_ascii_isdigit (before->s[0]) ||
              !match_date (&tokens, i, &date))
            continue;
          glued = digits;
          size = ferry_listing_parse_digits (before->s + before->len - digits, digits);
          found = size >= 0;
          date_at = i;
          break;
        }
    }
  if (!found)
    return dateless_line (&draft, &tokens, now);

  /* The size column, or "major, minor" / "major,minor" for devices. */
  size_at = date_at - 1;
  if (device)
    {
      size = -1;
      if (size_at >= 1 && tokens.tok[size_at - 1].len > 1 &&
          tokens.tok[size_at - 1].s[tokens.tok[size_at - 1].len - 1] == ',')
        size_at--;
    }
  draft.size = size;

  /* Columns before the size: [links] owner [group...]; a glued size
   * leaves its group in the size's token. */
  fields = glued ? size_at + 1 : size_at;
  if (fields > 0 && !columns_are_valid (&tokens))
    {
      ferry_entry_draft_clear (&draft);
      return NULL;
    }
  first = fields > 0 && is_digits (&tokens.tok[0]) ? 1 : 0;
  if (fields > first)
    draft.owner = tokens.tok[first];
  if (glued && fields == first + 1)
    draft.owner.len -= glued;
  else if (fields > first + 1)
    {
      draft.group.s = tokens.tok[first + 1].s;
      draft.group.len = tokens.tok[fields - 1].s + tokens.tok[fields - 1].len - glued - draft.group.s;
    }

  last = &tokens.tok[date_at + date.n_tokens - 1];
  name = last->s + last->len;

  /* full-iso puts the UTC offset after the seconds. */
  if (date.has_seconds && end - name >= 6 && name[0] == ' ' &&
      (end - name == 6 || name[6] == ' '))
    {
      Token zone = { name + 1, 5 };

      if (parse_utc_offset (&zone, &date.offset))
        name += 6;
    }

  ferry_listing_set_time (&draft, now, date.year, date.month, date.day, date.has_time,
                          date.hour, date.minute, date.has_seconds, date.seconds);
  if (draft.mtime != NULL && date.offset != 0)
    {
      GDateTime *shifted = g_date_time_add_seconds (draft.mtime, -date.offset);

      g_date_time_unref (draft.mtime);
      draft.mtime = shifted;
    }

  /* Exactly one space separates the date from the name, so names that
   * begin with spaces keep them. */
  if (name < end && (*name == ' ' || *name == '\t'))
    name++;
  /* NetWare pads the name column instead, and so do servers that print
   * a dotted date alone ("2004.07.15   name"). */
  if (netware || (date.n_tokens == 1 && !date.has_time && date.year != 0))
    name = ferry_listing_skip_blanks (name, end);
  draft.name.s = name;
  draft.name.len = end - name;

  if (type == FERRY_ENTRY_LINK)
    {
      for (const char *q = name; q + 4 <= end; q++)
        if (q[0] == ' ' && q[1] == '-' && q[2] == '>' && q[3] == ' ')
          {
            draft.name.len = q - name;
            draft.target.s = q + 4;
            draft.target.len = end - q - 4;
            break;
          }
    }

  return ferry_listing_finish (&draft, now);
}
