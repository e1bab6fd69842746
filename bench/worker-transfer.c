/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The GUI's transfer engine without GTK: one FerryWorker on a GMainLoop,
 * as the window uses it (progress and job-finished signals on the main
 * context), running one download or upload.  bench/transfer runs it next
 * to ferry-cli to show whether the worker costs anything.
 *
 *   worker-transfer get URL LOCAL      download, --overwrite=always
 *   worker-transfer put LOCAL URL      upload, --overwrite=always
 *
 * ftpes:// and ftps:// URLs work too: the certificate is accepted for this
 * run (ACCEPT_ONCE), as the window does after the user's "accept".
 *
 * Prints nothing on success; on failure the error on stderr and exit 1.
 * FERRY_BENCH_VERBOSE=1 reports the number of progress signals and
 * prints the session log with the milliseconds since start, as it reaches
 * the main context (to see where the time outside the data phase goes).
 */
#include <stdio.h>
#include <string.h>

#include <gio/gio.h>

#include "ferry-site.h"
#include "ferry-worker.h"

typedef struct
{
  gint64     start;
  GMainLoop *loop;
  guint      job;
  GError    *error;
  guint      n_progress;
  guint64    last_done;
} Run;

static void
progress_cb (FerryWorker *worker,
             guint        job,
             guint64      done,
             gint64       total,
             double       rate,
             Run         *run)
{
  if (job == run->job)
    {
      run->n_progress++;
      run->last_done = done;
    }
}

static void
log_line_cb (FerryWorker *worker,
             int          kind,
             guint        code,
             const char  *text,
             Run         *run)
{
  fprintf (stderr, "%8.1f ms  %s\n",
           (g_get_monotonic_time () - run->start) / 1000.0, text);
}

/* The bench's own self-signed certificate: accepted as a user would. */
static void
accept_certificate_cb (FerryWorker          *worker,
                       GTlsCertificate      *cert,
                       GTlsCertificateFlags  errors,
                       const char           *host,
                       gboolean              changed,
                       Run                  *run)
{
  ferry_worker_answer_certificate (worker, FERRY_CERTIFICATE_ACCEPT_ONCE);
}

static void
job_finished_cb (FerryWorker  *worker,
                 guint         job,
                 const GError *error,
                 Run          *run)
{
  if (job != run->job)
    return;
  if (error != NULL)
    run->error = g_error_copy (error);
  g_main_loop_quit (run->loop);
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FerrySite) site = NULL;
  g_autoptr(FerryWorker) worker = NULL;
  g_autofree char *remote_path = NULL;
  gboolean download;
  const char *url, *local;
  Run run = { 0 };

  if (argc != 4 || (strcmp (argv[1], "get") != 0 && strcmp (argv[1], "put") != 0))
    {
      fprintf (stderr, "usage: %s get URL LOCAL | put LOCAL URL\n", argv[0]);
      return 2;
    }
  download = strcmp (argv[1], "get") == 0;
  url = download ? argv[2] : argv[3];
  local = download ? argv[3] : argv[2];

  site = ferry_site_parse_url (url, &error);
  if (site == NULL)
    {
      fprintf (stderr, "worker-transfer: %s\n", error->message);
      return 2;
    }
  remote_path = g_steal_pointer (&site->path);

  run.loop = g_main_loop_new (NULL, FALSE);
  worker = ferry_worker_new (site);
  g_signal_connect (worker, "progress", G_CALLBACK (progress_cb), &run);
  g_signal_connect (worker, "job-finished", G_CALLBACK (job_finished_cb), &run);
  g_signal_connect (worker, "accept-certificate", G_CALLBACK (accept_certificate_cb), &run);
  run.start = g_get_monotonic_time ();
  if (g_getenv ("FERRY_BENCH_VERBOSE") != NULL)
    g_signal_connect (worker, "log-line", G_CALLBACK (log_line_cb), &run);

  /* No separate connect job: a transfer connects first, as in the GUI
   * after a dropped connection; the window connects before, which costs
   * the same login. */
  if (download)
    run.job = ferry_worker_download (worker, remote_path, local, FERRY_OVERWRITE_ALWAYS);
  else
    run.job = ferry_worker_upload (worker, local, remote_path, FERRY_OVERWRITE_ALWAYS);
  g_main_loop_run (run.loop);

  if (g_getenv ("FERRY_BENCH_VERBOSE") != NULL)
    fprintf (stderr, "worker-transfer: %u progress signals, last at %" G_GUINT64_FORMAT " bytes\n",
             run.n_progress, run.last_done);

  if (run.error != NULL)
    {
      fprintf (stderr, "worker-transfer: %s\n", run.error->message);
      g_error_free (run.error);
      g_main_loop_unref (run.loop);
      return 1;
    }

  /* Disconnect (QUIT) as ferry-cli does at exit, so both pay the same. */
  run.job = ferry_worker_disconnect (worker);
  g_main_loop_run (run.loop);
  g_clear_error (&run.error);
  g_main_loop_unref (run.loop);
  return 0;
}
