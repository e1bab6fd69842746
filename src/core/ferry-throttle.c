/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "ferry-throttle.h"

/* Longest single sleep: a rate change or a cancel is noticed this fast. */
#define SLICE_US  (50 * 1000)

struct _FerryThrottle
{
  gatomicrefcount ref;
  GMutex          lock;
  guint64         rate;       /* bytes per second; 0 = unlimited */
  double          tokens;     /* may go negative: the debt of the last chunk */
  gint64          last;       /* monotonic µs of the last refill */
};

G_DEFINE_BOXED_TYPE (FerryThrottle, ferry_throttle, ferry_throttle_ref, ferry_throttle_unref)

FerryThrottle *
ferry_throttle_new (guint64 bytes_per_second)
{
  FerryThrottle *self = g_new0 (FerryThrottle, 1);

  g_atomic_ref_count_init (&self->ref);
  g_mutex_init (&self->lock);
  self->rate = bytes_per_second;
  self->last = g_get_monotonic_time ();
  return self;
}

FerryThrottle *
ferry_throttle_ref (FerryThrottle *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref);
  return self;
}

void
ferry_throttle_unref (FerryThrottle *self)
{
  g_return_if_fail (self != NULL);
  if (!g_atomic_ref_count_dec (&self->ref))
    return;
  g_mutex_clear (&self->lock);
  g_free (self);
}

/* A quarter of a second of burst: small enough that a 1 MB/s limit is
 * visible over a few seconds, big enough to carry a whole 64 KiB chunk. */
static double
burst_of (guint64 rate)
{
  return MAX ((double) rate / 4, 64.0 * 1024);
}

static void
refill_locked (FerryThrottle *self,
               gint64         now)
{
  if (self->rate == 0)
    {
      self->tokens = 0;
    }
  else if (now > self->last)
    {
      self->tokens += (now - self->last) * (double) self->rate / G_USEC_PER_SEC;
      self->tokens = MIN (self->tokens, burst_of (self->rate));
    }
  self->last = now;
}

void
ferry_throttle_set_rate (FerryThrottle *self,
                         guint64        bytes_per_second)
{
  g_return_if_fail (self != NULL);
  g_mutex_lock (&self->lock);
  refill_locked (self, g_get_monotonic_time ());
  self->rate = bytes_per_second;
  /* The old debt is not carried over to a new, maybe much lower, rate. */
  self->tokens = MAX (self->tokens, 0);
  g_mutex_unlock (&self->lock);
}

guint64
ferry_throttle_get_rate (FerryThrottle *self)
{
  guint64 rate;

  g_return_val_if_fail (self != NULL, 0);
  g_mutex_lock (&self->lock);
  rate = self->rate;
  g_mutex_unlock (&self->lock);
  return rate;
}

gboolean
ferry_throttle_consume (FerryThrottle *self,
                        guint64        bytes,
                        GCancellable  *cancellable)
{
  g_return_val_if_fail (self != NULL, TRUE);

  /* Wait until the bucket is out of debt, then take the chunk (which may
   * put it into debt again): every consumer, whichever thread, waits its
   * turn on the same bucket, so N connections share one rate. */
  for (;;)
    {
      gint64 wait_us;

      if (g_cancellable_is_cancelled (cancellable))
        return FALSE;

      g_mutex_lock (&self->lock);
      refill_locked (self, g_get_monotonic_time ());
      if (self->rate == 0 || self->tokens >= 0)
        {
          if (self->rate != 0)
            self->tokens -= (double) bytes;
          g_mutex_unlock (&self->lock);
          return TRUE;
        }
      wait_us = (gint64) (-self->tokens * G_USEC_PER_SEC / (double) self->rate) + 1;
      g_mutex_unlock (&self->lock);

      g_usleep (CLAMP (wait_us, 1000, SLICE_US));
    }
}

gboolean
ferry_throttle_parse_rate (const char *text,
                           guint64    *bytes_per_second)
{
  char *end = NULL;
  double value;
  double unit = 1;

  g_return_val_if_fail (bytes_per_second != NULL, FALSE);
  if (text == NULL || *text == '\0')
    return FALSE;
  value = g_ascii_strtod (text, &end);
  if (end == text || !isfinite (value) || value < 0)
    return FALSE;
  switch (g_ascii_tolower (*end))
    {
    case '\0': break;
    case 'k': unit = 1024; end++; break;
    case 'm': unit = 1024.0 * 1024; end++; break;
    case 'g': unit = 1024.0 * 1024 * 1024; end++; break;
    default: return FALSE;
    }
  /* "500KB", "2MiB", "1M/s" read the same. */
  if (g_ascii_strcasecmp (end, "") != 0 && g_ascii_strcasecmp (end, "b") != 0 &&
      g_ascii_strcasecmp (end, "ib") != 0 && g_ascii_strcasecmp (end, "/s") != 0 &&
      g_ascii_strcasecmp (end, "b/s") != 0)
    return FALSE;
  if (value * unit > (double) G_MAXINT64)
    return FALSE;
  *bytes_per_second = (guint64) (value * unit);
  return TRUE;
}
