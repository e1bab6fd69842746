/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

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
  if (len == 0)
    return FALSE;
  if (name[0] == '.' && (len == 1 || (len == 2 && name[1] == '.')))
    return FALSE;

  for (gsize i = 0; i < len; i++)
    {
      char c = name[i];

      if (c == '/' || c == '\0' || c == '\r' || c == '\n')
        return FALSE;
    }
  return TRUE;
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

int
ferry_listing_month_from_name (const char *s,
                               gsize       len)
{
  static const char names[] = "janfebmaraprmayjunjulaugsepoctnovdec";
  char lower[3];

  if (len != 3)
    return 0;
  for (int i = 0; i < 3; i++)
    lower[i] = g_ascii_tolower (s[i]);
  for (int m = 0; m < 12; m++)
    if (memcmp (names + m * 3, lower, 3) == 0)
      return m + 1;
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
ferry_listing_format_mode (guint mode)
{
  char *s = g_malloc (10);

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

static FerryListEntry *
parse_list_line_internal (const char      *line,
                          gsize            len,
                          FerryListingNow *now)
{
  while (len > 0 && (line[len - 1] == '\r' || line[len - 1] == '\n'))
    len--;
  if (len == 0)
    return NULL;

  /* The first byte tells the dialects apart: EPLF starts with '+', DOS
   * and IIS with the digits of a date, OS/2 with its right-aligned size,
   * everything else is read as ls -l (and NetWare's variant of it). */
  if (line[0] == '+')
    return ferry_listing_parse_eplf_line (line, len);
  if (g_ascii_isdigit (line[0]))
    {
      FerryListEntry *entry = ferry_listing_parse_dos_line (line, len, now);

      return entry ? entry : ferry_listing_parse_os2_line (line, len, now);
    }
  if (line[0] == ' ')
    return ferry_listing_parse_os2_line (line, len, now);
  return ferry_listing_parse_unix_line (line, len, now);
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
  entry = parse_list_line_internal (line, len, &ref);
  ferry_listing_now_clear (&ref);
  return entry;
}

/* A few servers answer MLSD with ls -l lines; facts always have a '='
 * before the first space. */
static gboolean
looks_like_facts (const char *line,
                  gsize       len)
{
  /* " name" is an entry without facts, which RFC 3659 allows. */
  if (len > 0 && line[0] == ' ')
    return TRUE;
  for (gsize i = 0; i < len && line[i] != ' '; i++)
    if (line[i] == '=')
      return TRUE;
  return FALSE;
}

GPtrArray *
ferry_listing_parse (const char *data,
                     gsize       len,
                     gboolean    mlsd,
                     GDateTime  *now)
{
  GPtrArray *entries;
  FerryListingNow ref;
  const char *p = data;
  const char *end = data + len;
  guint n_lines = 0;

  g_return_val_if_fail (data != NULL || len == 0,
                        g_ptr_array_new_with_free_func ((GDestroyNotify) ferry_list_entry_free));

  /* Counting first spares the array its regrowth copies. */
  for (const char *q = data; q < end && (q = memchr (q, '\n', end - q)) != NULL; q++)
    n_lines++;
  entries = g_ptr_array_new_full (n_lines + 1, (GDestroyNotify) ferry_list_entry_free);

  ferry_listing_now_init (&ref, now);

  while (p < end)
    {
      const char *nl = memchr (p, '\n', end - p);
      const char *line_end = nl ? nl : end;
      gsize line_len = line_end - p;
      FerryListEntry *entry;

      if (line_len > 0 && p[line_len - 1] == '\r')
        line_len--;

      if (line_len > 0)
        {
          if (mlsd && looks_like_facts (p, line_len))
            entry = ferry_listing_parse_mlsd_line_cached (p, line_len, &ref);
          else
            entry = parse_list_line_internal (p, line_len, &ref);
          if (entry != NULL)
            g_ptr_array_add (entries, entry);
        }

      p = nl ? nl + 1 : end;
    }

  ferry_listing_now_clear (&ref);
  return entries;
}
