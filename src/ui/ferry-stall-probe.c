/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "ferry-stall-probe.h"

#define TICK_MS 5

/* Main thread only. */
static struct
{
  guint        source;
  guint        threshold_ms;
  gint64       last_tick;
  gint64       last_cpu;     /* the main thread's CPU time then */
  const char  *current;      /* what runs now, or NULL */
  const char  *seen;         /* the last activity set since the previous tick */
  gint64       began;        /* when @current began */
  guint        longest_ms;
  guint        longest_busy_ms;
  const char  *longest_activity;
  const char  *longest_busy_activity;
  guint        count;
} probe;

/* The main thread's CPU time (µs): tells a gap it spent working from one
 * where the machine gave it no CPU. */
static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static gboolean
tick_cb (gpointer data)
{
  gint64 now = g_get_monotonic_time ();
  gint64 gap_ms = (now - probe.last_tick) / 1000 - TICK_MS;
  gint64 cpu = thread_cpu_us ();
  gint64 busy_ms = (cpu - probe.last_cpu) / 1000;

  if (gap_ms > (gint64) probe.threshold_ms)
    {
      const char *activity = probe.seen ? probe.seen : probe.current;

      probe.count++;
      if ((guint) gap_ms > probe.longest_ms)
        {
          probe.longest_ms = (guint) gap_ms;
          probe.longest_activity = activity;
        }
      if ((guint) busy_ms > probe.longest_busy_ms)
        {
          probe.longest_busy_ms = (guint) busy_ms;
          probe.longest_busy_activity = activity;
        }
      /* stderr: the TAP tests keep stdout for their own lines. */
      fprintf (stderr, "ferry-stall: %" G_GINT64_FORMAT " ms (main thread busy %" G_GINT64_FORMAT
               " ms) during \"%s\"\n", gap_ms, busy_ms, activity ? activity : "idle");
    }
  probe.seen = NULL;
  probe.last_tick = g_get_monotonic_time ();
  probe.last_cpu = thread_cpu_us ();
  return G_SOURCE_CONTINUE;
}

void
ferry_stall_probe_start (guint threshold_ms)
{
  const char *env = g_getenv ("FERRY_DEBUG_STALLS");

  if (probe.source != 0)
    return;
  if (threshold_ms == 0 && env != NULL)
    threshold_ms = (guint) strtoul (env, NULL, 10);
  if (threshold_ms == 0)
    return;
  probe.threshold_ms = threshold_ms;
  probe.last_tick = g_get_monotonic_time ();
  probe.last_cpu = thread_cpu_us ();
  probe.source = g_timeout_add_full (G_PRIORITY_HIGH, TICK_MS, tick_cb, NULL, NULL);
  g_source_set_name_by_id (probe.source, "[ferry] stall probe");
}

gboolean
ferry_stall_probe_is_running (void)
{
  return probe.source != 0;
}

void
ferry_stall_probe_begin (const char *activity)
{
  probe.current = activity;
  probe.seen = activity;
  probe.began = g_get_monotonic_time ();
}

void
ferry_stall_probe_end (void)
{
  gint64 took_ms = (g_get_monotonic_time () - probe.began) / 1000;

  /* The activity's own time, apart from what else shared its gap. */
  if (probe.source != 0 && probe.current != NULL && took_ms > (gint64) probe.threshold_ms)
    fprintf (stderr, "ferry-stall: \"%s\" took %" G_GINT64_FORMAT " ms\n", probe.current, took_ms);
  probe.current = NULL;
}

guint
ferry_stall_probe_get_longest (const char **activity)
{
  if (activity != NULL)
    *activity = probe.longest_activity;
  return probe.longest_ms;
}

guint
ferry_stall_probe_get_longest_busy (const char **activity)
{
  if (activity != NULL)
    *activity = probe.longest_busy_activity;
  return probe.longest_busy_ms;
}

guint
ferry_stall_probe_get_count (void)
{
  return probe.count;
}

void
ferry_stall_probe_reset (void)
{
  probe.longest_ms = 0;
  probe.longest_activity = NULL;
  probe.longest_busy_ms = 0;
  probe.longest_busy_activity = NULL;
  probe.count = 0;
  probe.last_tick = g_get_monotonic_time ();
  probe.last_cpu = thread_cpu_us ();
}
