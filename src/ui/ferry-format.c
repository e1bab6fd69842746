/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ferry-format.h"

char *
ferry_format_size (gint64 bytes)
{
  if (bytes < 0)
    return g_strdup ("—");
  return g_format_size ((guint64) bytes);
}

char *
ferry_format_rate (double bytes_per_second)
{
  g_autofree char *size = NULL;

  if (bytes_per_second <= 0)
    return g_strdup ("");
  size = g_format_size ((guint64) bytes_per_second);
  /* Translators: a transfer speed, e.g. "12.3 MB/s" */
  return g_strdup_printf (_("%s/s"), size);
}

char *
ferry_format_eta (gint64 seconds)
{
  if (seconds < 0)
    return g_strdup ("");
  if (seconds < 60)
    /* Translators: time left, seconds */
    return g_strdup_printf (_("%d s left"), (int) seconds);
  if (seconds < 3600)
    /* Translators: time left, minutes and seconds */
    return g_strdup_printf (_("%d:%02d left"), (int) (seconds / 60), (int) (seconds % 60));
  /* Translators: time left, hours and minutes */
  return g_strdup_printf (_("%d h %02d min left"), (int) (seconds / 3600), (int) (seconds % 3600 / 60));
}

/* The local year now, asked again at most once a minute: every row bound
 * in a file list formats a date, and needs no new GDateTime for "now" to
 * do it.  Main thread (the window's formatting). */
static int
current_year (GTimeZone *zone)
{
  static int year;
  static gint64 checked_at = G_MININT64;
  gint64 now_us = g_get_monotonic_time ();

  if (now_us - checked_at >= 60 * G_USEC_PER_SEC)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now (zone);

      year = g_date_time_get_year (now);
      checked_at = now_us;
    }
  return year;
}

char *
ferry_format_datetime (GDateTime *utc)
{
  g_autoptr(GDateTime) local = NULL;

  /* g_time_zone_new_local reads /etc/localtime each time: once a run. */
  static gsize zone_once;
  static GTimeZone *zone;

  if (utc == NULL)
    return g_strdup ("");
  if (g_once_init_enter (&zone_once))
    {
      zone = g_time_zone_new_local ();
      g_once_init_leave (&zone_once, 1);
    }
  local = g_date_time_to_timezone (utc, zone);
  /* Same year: no need to repeat it; older files show the year instead of
   * the time, like a file manager. */
  if (g_date_time_get_year (local) == current_year (zone))
    return g_date_time_format (local, "%b %e %H:%M");
  return g_date_time_format (local, "%b %e %Y");
}
