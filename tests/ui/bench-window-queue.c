/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A benchmark, not a test (built here for the fixture; run it with
 * tests/ui/run-under-xvfb): the window downloads a folder of 2,000 files
 * (win.download) and uploads a folder of 5,000 (win.upload, as Ctrl+U)
 * from/to the fixture's pyftpdlib server, while a 5 ms GLib timeout
 * records how late it fires (the longest main-loop stall, and how many
 * over 50 ms); ferry-cli mirror does the same transfers against the same
 * server for comparison.  Prints one JSON line per row.
 *
 *   tests/ui/run-under-xvfb _build/x/tests/ui/bench-window-queue [DOWN_FILES UP_FILES]
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <glib/gstdio.h>

#include "ferry-transfer-list.h"
#include "ui-fixture.h"

#define PROBE_MS 5

typedef struct
{
  gint64 last;
  gint64 worst;
  guint  over_50;
  gint64 last_cpu;
  gint64 worst_cpu;    /* main-thread CPU between two ticks: work, not waiting for a CPU */
  gint64 worst_cpu_at; /* when that gap ended (monotonic us) */
  guint  frames;
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
    {
      p->worst_cpu = cpu - p->last_cpu;
      p->worst_cpu_at = now;
    }
  p->last_cpu = cpu;
  if (late > p->worst)
    p->worst = late;
  if (late > 50 * 1000)
    p->over_50++;
  p->last = now;
  return G_SOURCE_CONTINUE;
}

static gboolean
tick_cb (GtkWidget *widget, GdkFrameClock *clock, gpointer data)
{
  ((Probe *) data)->frames++;
  return G_SOURCE_CONTINUE;
}

static void
make_flat (const char *dir,
           guint       n)
{
  char data[4096];

  g_mkdir_with_parents (dir, 0755);
  for (guint i = 0; i < sizeof data; i++)
    data[i] = (char) g_random_int ();
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("f%06u.bin", i);
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_assert_true (g_file_set_contents (path, data, sizeof data, NULL));
    }
}

static guint
count_files (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (d != NULL && g_dir_read_name (d) != NULL)
    n++;
  return n;
}

static void
wait_reloaded (Fixture       *f,
               FerryFilePane *pane)
{
  gint64 end = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  ferry_file_pane_reload (pane);
  while (g_list_model_get_n_items (ferry_file_pane_get_model (pane)) < 3 ||
         ferry_file_pane_get_loading (pane))
    {
      g_assert_true (g_get_monotonic_time () < end);
      g_main_context_iteration (NULL, TRUE);
    }
}

/* Runs the window's transfer of @name (in @pane) and measures it. */
static void
window_transfer (Fixture       *f,
                 FerryFilePane *pane,
                 const char    *name,
                 const char    *action,
                 const char    *what,
                 const char    *target,
                 guint          files)
{
  FerryTransferList *list = ferry_window_get_transfer_list (f->window);
  Probe p = { 0 };
  guint probe, tick;
  gint64 start;
  g_autofree char *summary = NULL;

  select_only (pane, name);
  p.last = g_get_monotonic_time ();
  probe = g_timeout_add (PROBE_MS, probe_cb, &p);
  tick = gtk_widget_add_tick_callback (GTK_WIDGET (f->window), tick_cb, &p, NULL);
  start = g_get_monotonic_time ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), action, NULL));
  for (;;)
    {
      FerryTransferQueue *queue = ferry_transfer_list_get_queue (list);

      if (queue != NULL && g_list_model_get_n_items (G_LIST_MODEL (queue)) > 0 &&
          ferry_transfer_queue_is_idle (queue))
        break;
      g_main_context_iteration (NULL, TRUE);
    }
  summary = g_strdup (ferry_transfer_list_get_summary (list));
  printf ("{\"row\": \"window %s\", \"files\": %u, \"seconds\": %.3f, \"worst_stall_ms\": %.1f, "
          "\"stalls_over_50ms\": %u, \"worst_busy_ms\": %.1f, \"worst_busy_at_s\": %.3f, \"frames\": %u, \"summary\": \"%s\"}\n",
          what, files, (g_get_monotonic_time () - start) / 1e6, p.worst / 1000.0, p.over_50,
          p.worst_cpu / 1000.0, (p.worst_cpu_at - start) / 1e6, p.frames, summary);
  fflush (stdout);
  g_source_remove (probe);
  gtk_widget_remove_tick_callback (GTK_WIDGET (f->window), tick);
  g_assert_cmpuint (count_files (target), ==, files);
}

static void
cli_transfer (Fixture    *f,
              const char *what,
              const char *from,
              const char *to,
              gboolean    reverse,
              guint       files)
{
  const char *cli = g_getenv ("FERRY_CLI");
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  gint64 start = g_get_monotonic_time ();

  if (cli == NULL)
    return;
  proc = reverse
         ? g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error, cli, "mirror", "-R", "-P", "2",
                             from, to, NULL)
         : g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error, cli, "mirror", "-P", "2",
                             from, to, NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (proc, NULL, &error));
  printf ("{\"row\": \"ferry-cli %s\", \"files\": %u, \"seconds\": %.3f}\n",
          what, files, (g_get_monotonic_time () - start) / 1e6);
  fflush (stdout);
}

int
main (int   argc,
      char *argv[])
{
  char *data_home = ui_test_init (&argc, &argv);
  guint down = argc > 1 ? (guint) atoi (argv[1]) : 2000;
  guint up = argc > 2 ? (guint) atoi (argv[2]) : 5000;
  Fixture fixture = { 0 }, *f = &fixture;
  g_autofree char *down_remote = NULL;
  g_autofree char *down_local = NULL;
  g_autofree char *up_local = NULL;
  g_autofree char *up_remote = NULL;
  g_autofree char *url = NULL;

  fixture_setup (f, NULL);
  down_remote = g_build_filename (f->remote_dir, "down", NULL);
  down_local = g_build_filename (f->local_dir, "down", NULL);
  up_local = g_build_filename (f->local_dir, "up", NULL);
  up_remote = g_build_filename (f->remote_dir, "up", NULL);
  /* The fixture's "listed" conditions count its own two entries: the
   * trees are made after, and both panes read again. */
  connect_and_list (f);
  make_flat (down_remote, down);
  make_flat (up_local, up);
  wait_reloaded (f, ferry_window_get_remote_pane (f->window));
  wait_reloaded (f, ferry_window_get_local_pane (f->window));

  window_transfer (f, ferry_window_get_remote_pane (f->window), "down", "win.download",
                   "download", down_local, down);
  window_transfer (f, ferry_window_get_local_pane (f->window), "up", "win.upload",
                   "upload", up_remote, up);

  url = g_strdup_printf ("ftp://demo:secret@127.0.0.1:%u/", f->port);
  {
    g_autofree char *from = g_strconcat (url, "down", NULL);
    g_autofree char *to = g_build_filename (f->local_dir, "down-cli", NULL);
    cli_transfer (f, "download", from, to, FALSE, down);
  }
  {
    g_autofree char *to = g_strconcat (url, "up-cli", NULL);
    cli_transfer (f, "upload", up_local, to, TRUE, up);
  }

  fixture_teardown (f, NULL);
  ui_test_cleanup (data_home);
  return 0;
}
