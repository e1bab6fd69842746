/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Listing parser throughput: builds an N-line Unix LIST (and MLSD) listing
 * in memory and prints lines per second.  Build and run with
 * bench/parse-listing.sh [BUILD_DIR] [LINES].
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "ferry-listing.h"

static double
cpu_seconds (gboolean system)
{
  struct rusage usage;
  struct timeval *tv = system ? &usage.ru_stime : &usage.ru_utime;

  getrusage (RUSAGE_SELF, &usage);
  return tv->tv_sec + tv->tv_usec / 1e6;
}

static void
run (const char *what,
     GString    *data,
     guint       lines,
     gboolean    mlsd,
     GDateTime  *now)
{
  double user0 = cpu_seconds (FALSE), sys0 = cpu_seconds (TRUE);
  gint64 start = g_get_monotonic_time ();
  g_autoptr(GPtrArray) entries = ferry_listing_parse (data->str, data->len, mlsd, now);
  gint64 parsed = g_get_monotonic_time ();
  double user = cpu_seconds (FALSE) - user0, sys = cpu_seconds (TRUE) - sys0;
  double secs;

  g_clear_pointer (&entries, g_ptr_array_unref);
  secs = (parsed - start) / (double) G_USEC_PER_SEC;
  /* User and system CPU apart: on a loaded machine the wall clock
   * says little, and the first round's system time is the kernel
   * handing the heap fresh pages. */
  printf ("%-5s %u lines, %.1f MiB: %.3f s parse (cpu %.3f user + %.3f sys), %.0f lines/s, %.0f ns/line (free %.3f s)\n",
          what, lines, data->len / 1048576.0, secs, user, sys, lines / secs, secs * 1e9 / lines,
          (g_get_monotonic_time () - parsed) / (double) G_USEC_PER_SEC);
}

int
main (int argc, char **argv)
{
  guint lines = argc > 1 ? (guint) strtoul (argv[1], NULL, 10) : 1000000;
  g_autoptr(GString) list = g_string_new (NULL);
  g_autoptr(GString) mlsd = g_string_new (NULL);
  g_autoptr(GDateTime) now = g_date_time_new_utc (2024, 3, 15, 12, 0, 0);
  static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

  for (guint i = 0; i < lines; i++)
    {
      if (i % 3 == 0)
        g_string_append_printf (list, "-rw-r--r--    1 ftp      ftp      %10u %s %2u %02u:%02u some file %u.dat\r\n",
                                i * 7, months[i % 12], i % 28 + 1, i % 24, i % 60, i);
      else if (i % 3 == 1)
        g_string_append_printf (list, "drwxr-xr-x    2 1000     1000           4096 %s %2u  %u dir_%u\r\n",
                                months[i % 12], i % 28 + 1, 1990 + i % 34, i);
      else
        g_string_append_printf (list, "lrwxrwxrwx    1 root     root             11 %s %2u %02u:%02u link%u -> ../target/%u\r\n",
                                months[i % 12], i % 28 + 1, i % 24, i % 60, i, i);

      g_string_append_printf (mlsd, "type=file;size=%u;modify=2024%02u%02u%02u%02u%02u;UNIX.mode=0644;UNIX.uid=1000;UNIX.gid=1000;unique=%xu; file %u\r\n",
                              i, i % 12 + 1, i % 28 + 1, i % 24, i % 60, i % 60, i, i);
    }

  /* Twice each: the first run also pays for the kernel handing out
   * fresh pages to the heap. */
  for (int round = 0; round < 2; round++)
    {
      run ("LIST", list, lines, FALSE, now);
      run ("MLSD", mlsd, lines, TRUE, now);
    }
  return 0;
}
