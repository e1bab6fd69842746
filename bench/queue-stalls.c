/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The transfer queue's main-loop cost, without a window: runs one folder
 * download or upload through FerryTransferQueue (the engine the window
 * uses) with a 5 ms GLib timeout that records how late it fires, and
 * prints the wall time, the longest stall and the stalls over 50 ms.
 * With --list-model, a GtkListView-like consumer is simulated: every
 * items-changed and every item notify is counted (no GTK).
 *
 *   queue-stalls URL download REMOTE_DIR LOCAL_DIR [concurrency]
 *   queue-stalls URL upload LOCAL_DIR REMOTE_DIR [concurrency]
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "ferry-site.h"
#include "ferry-transfer-queue.h"

#define PROBE_MS 5

typedef struct
{
  GMainLoop *loop;
  gint64     last;
  gint64     worst;
  guint      over_50;
  guint      progress;
  gint64     last_cpu;
  gint64     worst_cpu;   /* main-thread CPU between two ticks: work, not waiting for a CPU */
} Probe;

static gboolean
probe_cb (gpointer data)
{
  Probe *p = data;
  gint64 now = g_get_monotonic_time ();
  gint64 late = now - p->last - PROBE_MS * 1000;
  struct timespec ts;
  gint64 cpu;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  cpu = (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
  if (p->last_cpu != 0 && cpu - p->last_cpu > p->worst_cpu)
    p->worst_cpu = cpu - p->last_cpu;
  p->last_cpu = cpu;
  if (late > p->worst)
    p->worst = late;
  if (late > 50 * 1000)
    p->over_50++;
  p->last = now;
  return G_SOURCE_CONTINUE;
}

static void
finished_cb (FerryTransferQueue *queue,
             Probe              *p)
{
  g_main_loop_quit (p->loop);
}

static void
progress_cb (FerryTransferQueue *queue,
             guint64 done, guint64 total, double rate, guint files_done, guint files_total,
             Probe *p)
{
  p->progress++;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryTransferQueue) queue = NULL;
  FerrySite *site;
  Probe p = { 0 };
  FerryTransferTotals t;
  gboolean upload;
  gint64 start;

  if (argc < 5)
    {
      fprintf (stderr, "usage: %s URL download|upload FROM TO [concurrency]\n", argv[0]);
      return 2;
    }
  site = ferry_site_parse_url (argv[1], &error);
  if (site == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return 2;
    }
  upload = g_str_equal (argv[2], "upload");
  queue = ferry_transfer_queue_new (site);
  ferry_transfer_queue_set_concurrency (queue, argc > 5 ? (guint) atoi (argv[5]) : 2);
  ferry_transfer_queue_set_overwrite_policy (queue, FERRY_OVERWRITE_ALWAYS);
  p.loop = g_main_loop_new (NULL, FALSE);
  g_signal_connect (queue, "finished", G_CALLBACK (finished_cb), &p);
  g_signal_connect (queue, "progress", G_CALLBACK (progress_cb), &p);

  p.last = g_get_monotonic_time ();
  g_timeout_add (PROBE_MS, probe_cb, &p);
  start = g_get_monotonic_time ();
  if (upload)
    ferry_transfer_queue_add_upload (queue, argv[3], argv[4], TRUE);
  else
    ferry_transfer_queue_add_download (queue, argv[3], argv[4], TRUE, -1);
  /* The add itself counts as main-loop time too. */
  probe_cb (&p);
  g_main_loop_run (p.loop);

  ferry_transfer_queue_get_totals (queue, &t);
  printf ("{\"seconds\": %.3f, \"worst_stall_ms\": %.1f, \"stalls_over_50ms\": %u, \"worst_busy_ms\": %.1f, "
          "\"files_done\": %u, \"files_total\": %u, \"files_failed\": %u, \"progress_signals\": %u}\n",
          (g_get_monotonic_time () - start) / 1e6, p.worst / 1000.0, p.over_50, p.worst_cpu / 1000.0,
          t.files_done, t.files_total, t.files_failed, p.progress);
  g_main_loop_unref (p.loop);
  ferry_site_free (site);
  return t.files_failed == 0 && t.files_done == t.files_total ? 0 : 1;
}
