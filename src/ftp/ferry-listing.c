/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ferry-listing-private.h"

void
ferry_listing_now_init (FerryListingNow *now,
                        GDateTime       *datetime)
{
  g_autoptr(GDateTime) utc = NULL;

  if (datetime != NULL)
    utc = g_date_time_to_utc (datetime);
  else
    utc = g_date_time_new_now_utc ();

  memset (now, 0, sizeof *now);
  now->unix_time = g_date_time_to_unix (utc);
  now->year = g_date_time_get_year (utc);
}

void
ferry_listing_now_clear (FerryListingNow *now)
{
  for (guint i = 0; i < FERRY_LISTING_TIME_CACHE; i++)
    g_clear_pointer (&now->values[i], g_date_time_unref);
  if (now->rejected_name != NULL)
    g_string_free (g_steal_pointer (&now->rejected_name), TRUE);
}

GDateTime *
ferry_listing_time_from_unix (FerryListingNow *now,
                              gint64           t)
{
  guint slot;

  if (now == NULL)
    return g_date_time_new_from_unix_utc (t);

  /* Direct-mapped on the minute so that a directory's files written in
   * the same few minutes land in different slots. */
  slot = (guint) (((guint64) t / 60) % FERRY_LISTING_TIME_CACHE);
  if (now->values[slot] == NULL || now->keys[slot] != t)
    {
      GDateTime *dt = g_date_time_new_from_unix_utc (t);

      if (dt == NULL)
        return NULL;
      g_clear_pointer (&now->values[slot], g_date_time_unref);
      now->values[slot] = dt;
      now->keys[slot] = t;
    }
  return g_date_time_ref (now->values[slot]);
}

gboolean
ferry_listing_name_is_valid (const char *name,
                             gsize       len)
{
  return ferry_entry_name_is_valid (name, len);
}

FerryListingDropReason
ferry_listing_name_problem (const char *name,
                            gsize       len)
{
  if (ferry_entry_name_is_valid (name, len))
    return FERRY_LISTING_DROP_NONE;
  if (name == NULL || len == 0)
    return FERRY_LISTING_DROP_NAME_EMPTY;
  if (name[0] == '.' && (len == 1 || (len == 2 && name[1] == '.')))
    return FERRY_LISTING_DROP_DOT;
  if (memchr (name, '/', len) != NULL)
    return FERRY_LISTING_DROP_NAME_SLASH;
  return FERRY_LISTING_DROP_NAME_CONTROL;
}

gboolean
ferry_listing_accept_name (FerryListingNow *now,
                           const char      *name,
                           gsize            len)
{
  FerryListingDropReason problem;

  if (G_LIKELY (ferry_entry_name_is_valid (name, len)))
    return TRUE;
  problem = ferry_listing_name_problem (name, len);
  if (now != NULL && now->rejected == FERRY_LISTING_DROP_NONE)
    {
      now->rejected = problem;
      if (now->rejected_name == NULL)
        now->rejected_name = g_string_new (NULL);
      g_string_truncate (now->rejected_name, 0);
      g_string_append_len (now->rejected_name, name != NULL ? name : "",
                           MIN (len, FERRY_LISTING_MAX_DROP_LINE));
    }
  return FALSE;
}

FerryListEntry *
ferry_listing_finish (FerryEntryDraft *draft,
                      FerryListingNow *now)
{
  if (!ferry_listing_accept_name (now, draft->name.s, draft->name.len))
    {
      ferry_entry_draft_clear (draft);
      return NULL;
    }
  return ferry_entry_draft_finish (draft);
}

gint64
ferry_listing_days_from_civil (int year,
                               int month,
                               int day)
{
  /* Howard Hinnant's days_from_civil: exact for any Gregorian date. */
  gint64 y = (gint64) year - (month <= 2);
  gint64 era = (y >= 0 ? y : y - 399) / 400;
  gint64 yoe = y - era * 400;
  gint64 doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  gint64 doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

  return era * 146097 + doe - 719468;
}

int
ferry_listing_days_in_month (int year,
                             int month)
{
  static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

  if (month < 1 || month > 12)
    return 0;
  if (month == 2 && g_date_is_leap_year ((GDateYear) year))
    return 29;
  return days[month - 1];
}

GDateTime *
ferry_listing_make_time (FerryListingNow *now,
                         int    year,
                         int    month,
                         int    day,
                         int    hour,
                         int    minute,
                         double seconds)
{
  gint64 t;

  if (year < 1 || year > 9999 ||
      day < 1 || day > ferry_listing_days_in_month (year, month) ||
      hour < 0 || hour > 23 || minute < 0 || minute > 59 ||
      seconds < 0 || seconds >= 61)
    return NULL;

  /* A leap second (":60") is clamped: GDateTime cannot hold it. */
  if (seconds >= 60)
    seconds = 59.999;

  t = ferry_listing_days_from_civil (year, month, day) * 86400 +
      hour * 3600 + minute * 60 + (gint64) seconds;

  if (seconds == (gint64) seconds)
    return ferry_listing_time_from_unix (now, t);

  {
    g_autoptr(GDateTime) whole = g_date_time_new_from_unix_utc (t);
    return g_date_time_add (whole, (GTimeSpan) ((seconds - (gint64) seconds) * G_TIME_SPAN_SECOND));
  }
}

/* Month names as ls prints them in the locales servers run in; keys
 * are the name's bytes, ASCII lower-cased, packed into an integer. */
static const struct
{
  const char *name;
  int         month;
} month_names[] = {
  /* English, with the full names that fit */
  { "jan", 1 }, { "feb", 2 }, { "mar", 3 }, { "apr", 4 }, { "may", 5 }, { "jun", 6 },
  { "jul", 7 }, { "aug", 8 }, { "sep", 9 }, { "oct", 10 }, { "nov", 11 }, { "dec", 12 },
  { "sept", 9 }, { "june", 6 }, { "july", 7 }, { "january", 1 }, { "february", 2 },
  { "march", 3 }, { "april", 4 }, { "august", 8 }, { "october", 10 }, { "november", 11 },
  { "december", 12 },
  /* German (also Austrian "Jän") */
  { "j\xc3\xa4n", 1 }, { "m\xc3\xa4r", 3 }, { "mrz", 3 }, { "mai", 5 }, { "okt", 10 },
  { "dez", 12 }, { "januar", 1 }, { "februar", 2 }, { "m\xc3\xa4rz", 3 }, { "juni", 6 },
  { "juli", 7 }, { "oktober", 10 }, { "dezember", 12 },
  /* French */
  { "janv", 1 }, { "f\xc3\xa9vr", 2 }, { "f\xc3\xa9v", 2 }, { "mars", 3 }, { "avr", 4 },
  { "juin", 6 }, { "juil", 7 }, { "ao\xc3\xbbt", 8 }, { "d\xc3\xa9\x63", 12 },
  { "janvier", 1 }, { "f\xc3\xa9vrier", 2 }, { "avril", 4 }, { "juillet", 7 },
  /* Spanish */
  { "ene", 1 }, { "abr", 4 }, { "ago", 8 }, { "set", 9 }, { "dic", 12 }, { "enero", 1 },
  { "febrero", 2 }, { "marzo", 3 }, { "abril", 4 }, { "mayo", 5 }, { "junio", 6 },
  { "julio", 7 }, { "agosto", 8 }, { "octubre", 10 },
  /* Italian */
  { "gen", 1 }, { "mag", 5 }, { "giu", 6 }, { "lug", 7 }, { "ott", 10 }, { "gennaio", 1 },
  { "aprile", 4 }, { "maggio", 5 }, { "giugno", 6 }, { "luglio", 7 }, { "ottobre", 10 },
  /* Dutch */
  { "mrt", 3 }, { "mei", 5 }, { "maart", 3 },
  /* Portuguese */
  { "fev", 2 }, { "out", 10 }, { "dez", 12 },
  /* Swedish, Norwegian, Danish */
  { "maj", 5 }, { "des", 12 },
  /* Polish */
  { "sty", 1 }, { "lut", 2 }, { "kwi", 4 }, { "cze", 6 }, { "lip", 7 }, { "sie", 8 },
  { "wrz", 9 }, { "pa\xc5\xba", 10 }, { "lis", 11 }, { "gru", 12 },
  /* Czech */
  { "led", 1 }, { "\xc3\xbano", 2 }, { "b\xc5\x99\x65", 3 }, { "dub", 4 },
  { "kv\xc4\x9b", 5 }, { "\xc4\x8dvn", 6 }, { "\xc4\x8dvc", 7 }, { "srp", 8 },
  { "z\xc3\xa1\xc5\x99", 9 }, { "\xc5\x99\xc3\xadj", 10 }, { "pro", 12 },
  /* Hungarian */
  { "febr", 2 }, { "m\xc3\xa1rc", 3 }, { "\xc3\xa1pr", 4 }, { "m\xc3\xa1j", 5 },
  { "j\xc3\xban", 6 }, { "j\xc3\xbal", 7 }, { "szept", 9 },
  /* Finnish */
  { "tammi", 1 }, { "helmi", 2 }, { "maalis", 3 }, { "huhti", 4 }, { "touko", 5 },
  { "kes\xc3\xa4", 6 }, { "hein\xc3\xa4", 7 }, { "elo", 8 }, { "syys", 9 }, { "loka", 10 },
  { "marras", 11 }, { "joulu", 12 },
  /* Russian (UTF-8; ls prints lower case) */
  { "\xd1\x8f\xd0\xbd\xd0\xb2", 1 }, { "\xd1\x84\xd0\xb5\xd0\xb2", 2 },
  { "\xd0\xbc\xd0\xb0\xd1\x80", 3 }, { "\xd0\xb0\xd0\xbf\xd1\x80", 4 },
  { "\xd0\xbc\xd0\xb0\xd0\xb9", 5 }, { "\xd0\xbc\xd0\xb0\xd1\x8f", 5 },
  { "\xd0\xb8\xd1\x8e\xd0\xbd", 6 }, { "\xd0\xb8\xd1\x8e\xd0\xbb", 7 },
  { "\xd0\xb0\xd0\xb2\xd0\xb3", 8 }, { "\xd1\x81\xd0\xb5\xd0\xbd", 9 },
  { "\xd1\x81\xd0\xb5\xd0\xbd\xd1\x82", 9 }, { "\xd0\xbe\xd0\xba\xd1\x82", 10 },
  { "\xd0\xbd\xd0\xbe\xd1\x8f", 11 }, { "\xd0\xb4\xd0\xb5\xd0\xba", 12 },
};

typedef struct
{
  guint64 key;
  int     month;
} MonthKey;

static MonthKey month_keys[G_N_ELEMENTS (month_names)];
static guint n_month_keys;

static guint64
month_key (const char *s,
           gsize       len)
{
  guint64 key = 0;

  for (gsize i = 0; i < len; i++)
    key = (key << 8) | (guint8) g_ascii_tolower (s[i]);
  return key;
}

static int
compare_month_keys (const void *a,
                    const void *b)
{
  guint64 x = ((const MonthKey *) a)->key, y = ((const MonthKey *) b)->key;

  return x < y ? -1 : x > y;
}

static void
init_month_keys (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      guint n = 0;

      for (guint i = 0; i < G_N_ELEMENTS (month_names); i++)
        {
          guint64 key = month_key (month_names[i].name, strlen (month_names[i].name));
          gboolean dup = FALSE;

          for (guint j = 0; j < n; j++)
            dup = dup || month_keys[j].key == key;
          if (dup)
            continue;
          month_keys[n].key = key;
          month_keys[n].month = month_names[i].month;
          n++;
        }
      qsort (month_keys, n, sizeof month_keys[0], compare_month_keys);
      n_month_keys = n;
      g_once_init_leave (&done, 1);
    }
}

int
ferry_listing_month_from_name (const char *s,
                               gsize       len)
{
  static const char names[] = "janfebmaraprmayjunjulaugsepoctnovdec";
  guint64 key;
  guint lo, hi;

  /* English first: nearly every server, and cheap. */
  if (len == 3)
    {
      char lower[3];

      for (int i = 0; i < 3; i++)
        lower[i] = g_ascii_tolower (s[i]);
      for (int m = 0; m < 12; m++)
        if (memcmp (names + m * 3, lower, 3) == 0)
          return m + 1;
    }

  /* "Okt.", "Juli,", "Jan.," */
  for (int i = 0; i < 2 && len > 1 && (s[len - 1] == '.' || s[len - 1] == ','); i++)
    len--;
  if (len < 3 || len > 8 || g_ascii_isdigit (s[0]))
    return 0;

  init_month_keys ();
  key = month_key (s, len);
  lo = 0;
  hi = n_month_keys;
  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (month_keys[mid].key == key)
        return month_keys[mid].month;
      if (month_keys[mid].key < key)
        lo = mid + 1;
      else
        hi = mid;
    }
  return 0;
}

gint64
ferry_listing_parse_digits (const char *s,
                            gsize       len)
{
  gint64 value = 0;

  if (len == 0 || len > 18)
    return -1;
  for (gsize i = 0; i < len; i++)
    {
      if (!g_ascii_isdigit (s[i]))
        return -1;
      value = value * 10 + (s[i] - '0');
    }
  return value;
}

char *
ferry_listing_format_mode (guint mode,
                           char  s[10])
{
  s[0] = mode & 0400 ? 'r' : '-';
  s[1] = mode & 0200 ? 'w' : '-';
  s[2] = mode & 04000 ? (mode & 0100 ? 's' : 'S') : (mode & 0100 ? 'x' : '-');
  s[3] = mode & 040 ? 'r' : '-';
  s[4] = mode & 020 ? 'w' : '-';
  s[5] = mode & 02000 ? (mode & 010 ? 's' : 'S') : (mode & 010 ? 'x' : '-');
  s[6] = mode & 04 ? 'r' : '-';
  s[7] = mode & 02 ? 'w' : '-';
  s[8] = mode & 01000 ? (mode & 01 ? 't' : 'T') : (mode & 01 ? 'x' : '-');
  s[9] = '\0';
  return s;
}

int
ferry_listing_full_year (int year)
{
  if (year >= 100 && year < 200)
    return 1900 + year;     /* "103" from servers that print tm_year */
  if (year >= 0 && year < 100)
    return year < 69 ? 2000 + year : 1900 + year;
  return year;
}

void
ferry_listing_set_time (FerryEntryDraft *draft,
                        FerryListingNow *now,
                        int              year,
                        int              month,
                        int              day,
                        gboolean         has_time,
                        int              hour,
                        int              minute,
                        gboolean         has_seconds,
                        double           seconds)
{
  GDateTime *dt = NULL;
  gboolean end_of_day = FALSE;

  if (!has_time)
    hour = minute = 0, seconds = 0;
  /* "24:00": midnight at the end of the day, 00:00 of the next one. */
  if (hour == 24 && minute == 0 && seconds == 0)
    {
      hour = 0;
      end_of_day = TRUE;
    }

  if (year == 0)
    {
      int y = now->year + 1;

      /* Starting one year ahead catches "Jan 1 00:30" listed on Dec 31
       * by a server east of us; the loop also walks back to the last
       * leap year for "Feb 29". */
      for (int tries = 0; tries < 10 && dt == NULL; tries++, y--)
        {
          gint64 t;

          if (day < 1 || day > ferry_listing_days_in_month (y, month) ||
              hour < 0 || hour > 23 || minute < 0 || minute > 59)
            continue;
          t = ferry_listing_days_from_civil (y, month, day) * 86400 +
              hour * 3600 + minute * 60 + (gint64) seconds;
          if (t > now->unix_time + 86400)
            continue;
          dt = ferry_listing_time_from_unix (now, t);
        }
    }
  else
    dt = ferry_listing_make_time (now, year, month, day, hour, minute, seconds);
  if (dt != NULL && end_of_day)
    {
      gint64 next = g_date_time_to_unix (dt) + 86400;

      g_date_time_unref (dt);
      dt = ferry_listing_time_from_unix (now, next);
    }

  g_clear_pointer (&draft->mtime, g_date_time_unref);
  draft->mtime = dt;
  if (dt == NULL)
    draft->precision = FERRY_TIME_NONE;
  else if (!has_time)
    draft->precision = FERRY_TIME_DAY;
  else if (has_seconds)
    draft->precision = FERRY_TIME_SECOND;
  else
    draft->precision = FERRY_TIME_MINUTE;
}

gboolean
ferry_listing_parse_hms (const FerrySpan *t,
                         int             *hour,
                         int             *minute,
                         int             *second,
                         gboolean        *has_seconds)
{
  gint64 h, m, s = 0;

  if (t->len != 5 && t->len != 8)
    return FALSE;
  if (t->s[2] != ':' || (t->len == 8 && t->s[5] != ':'))
    return FALSE;
  h = ferry_listing_parse_digits (t->s, 2);
  m = ferry_listing_parse_digits (t->s + 3, 2);
  if (t->len == 8)
    s = ferry_listing_parse_digits (t->s + 6, 2);
  if (h < 0 || h > 23 || m < 0 || m > 59 || s < 0 || s > 59)
    return FALSE;
  *hour = (int) h;
  *minute = (int) m;
  *second = (int) s;
  *has_seconds = t->len == 8;
  return TRUE;
}

guint
ferry_listing_split (const char *line,
                     gsize       len,
                     FerrySpan  *tokens,
                     guint       max,
                     gboolean   *more)
{
  const char *p = line, *end = line + len;
  guint n = 0;

  if (more != NULL)
    *more = FALSE;
  for (;;)
    {
      while (p < end && (*p == ' ' || *p == '\t'))
        p++;
      if (p >= end)
        break;
      if (n == max)
        {
          if (more != NULL)
            *more = TRUE;
          break;
        }
      tokens[n].s = p;
      while (p < end && *p != ' ' && *p != '\t')
        p++;
      tokens[n].len = p - tokens[n].s;
      n++;
    }
  return n;
}

gboolean
ferry_span_equal_ascii_case (const FerrySpan *span,
                             const char      *text)
{
  gsize len = strlen (text);

  return span->len == len && g_ascii_strncasecmp (span->s, text, len) == 0;
}

/* Headers that say which dialect follows (MVS, HP NonStop); cheap for
 * everything else, since every line of a listing passes here. */
FerryDialect
ferry_listing_header_dialect (const char *line,
                              gsize       len)
{
  FerrySpan tok[6];
  guint n;

  if (len < 8 || (line[0] != ' ' && line[0] != 'V' && line[0] != 'N' && line[0] != 'F'))
    return FERRY_DIALECT_ANY;
  n = ferry_listing_split (line, len, tok, G_N_ELEMENTS (tok), NULL);
  if (n < 3)
    return FERRY_DIALECT_ANY;
  if (ferry_span_equal_ascii_case (&tok[0], "Volume") && ferry_span_equal_ascii_case (&tok[1], "Unit"))
    return FERRY_DIALECT_MVS_DATASETS;
  if (ferry_span_equal_ascii_case (&tok[0], "Name") && ferry_span_equal_ascii_case (&tok[1], "VV.MM"))
    return FERRY_DIALECT_MVS_MEMBERS;
  if (ferry_span_equal_ascii_case (&tok[0], "Name") && ferry_span_equal_ascii_case (&tok[1], "Size") &&
      ferry_span_equal_ascii_case (&tok[2], "TTR"))
    return FERRY_DIALECT_MVS_LOADMODS;
  if (ferry_span_equal_ascii_case (&tok[0], "File") && ferry_span_equal_ascii_case (&tok[1], "Code") &&
      ferry_span_equal_ascii_case (&tok[2], "EOF"))
    return FERRY_DIALECT_TANDEM;
  return FERRY_DIALECT_ANY;
}

/* The dialects without a header, each strict enough to refuse the
 * others' lines; tried once ls -l (and the dialect the first byte
 * suggests) did not fit. */
static FerryListEntry *
parse_other_dialects (const char      *line,
                      gsize            len,
                      FerryListingNow *now)
{
  FerryListEntry *entry;

  if ((entry = ferry_listing_parse_vms_line (line, len, now)) != NULL ||
      (entry = ferry_listing_parse_as400_line (line, len, now)) != NULL ||
      (entry = ferry_listing_parse_tandem_line (line, len, now)) != NULL ||
      (entry = ferry_listing_parse_zvm_line (line, len, now)) != NULL ||
      (entry = ferry_listing_parse_mvs_dataset_line (line, len, now)) != NULL ||
      (entry = ferry_listing_parse_wfftp_line (line, len, now)) != NULL ||
      /* ISPF statistics are unlike anything else: no header needed */
      (entry = ferry_listing_parse_mvs_member_line (line, len, FERRY_DIALECT_MVS_MEMBERS, FALSE, now)) != NULL)
    return entry;
  return NULL;
}

/* Dialects whose lines start with a number, after ls -l (ls -s and ls -i
 * lines start with one too, and are far more common). */
static FerryListEntry *
parse_number_first (const char      *line,
                    gsize            len,
                    FerryListingNow *now)
{
  FerryListEntry *entry;

  if ((entry = ferry_listing_parse_numeric_line (line, len, now)) != NULL ||
      (entry = ferry_listing_parse_vshell_line (line, len, now)) != NULL ||
      (entry = ferry_listing_parse_vxworks_line (line, len, now)) != NULL ||
      (entry = ferry_listing_parse_os9_line (line, len, now)) != NULL)
    return entry;
  return NULL;
}

FerryListEntry *
ferry_listing_parse_line_any (const char      *line,
                              gsize            len,
                              FerryListingNow *now)
{
  FerryListEntry *entry;

  while (len > 0 && (line[len - 1] == '\r' || line[len - 1] == '\n'))
    len--;
  if (len == 0)
    return NULL;

  /* The first byte tells the common dialects apart: EPLF starts with
   * '+', DOS and IIS with the digits of a date, OS/2 with its
   * right-aligned size, ls -l with the type letter (ls -s and ls -i
   * with a number before it). */
  if (line[0] == '+')
    return ferry_listing_parse_eplf_line (line, len, now);
  if (g_ascii_isdigit (line[0]) || line[0] == ' ')
    {
      if ((g_ascii_isdigit (line[0]) &&
           (entry = ferry_listing_parse_dos_line (line, len, now)) != NULL) ||
          (entry = ferry_listing_parse_os2_line (line, len, now)) != NULL)
        return entry;
    }
  if ((entry = ferry_listing_parse_unix_line (line, len, now)) != NULL)
    return entry;
  if (g_ascii_isdigit (line[0]) && (entry = parse_number_first (line, len, now)) != NULL)
    return entry;
  return parse_other_dialects (line, len, now);
}

FerryListEntry *
ferry_listing_parse_list_line (const char *line,
                               gsize       len,
                               GDateTime  *now)
{
  FerryListingNow ref;
  FerryListEntry *entry;

  g_return_val_if_fail (line != NULL || len == 0, NULL);

  ferry_listing_now_init (&ref, now);
  entry = ferry_listing_parse_line_any (line, len, &ref);
  ferry_listing_now_clear (&ref);
  return entry;
}
