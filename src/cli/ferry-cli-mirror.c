/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ferry-cli mirror: a whole folder tree, either way, over N connections
 * fed from one FerryTransferQueue (the same engine as the window).
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib-unix.h>
#include <gio/gio.h>

#include "ferry-cli-common.h"
#include "ferry-cli-interaction.h"
#include "ferry-cli-mirror.h"
#include "ferry-cli-tls.h"
#include "ferry-transfer-queue.h"

typedef struct
{
  GMainLoop          *loop;
  FerryTransferQueue *queue;
  gboolean            verbose;
  gboolean            show_progress;
  gboolean            drawn;
  gboolean            cancelled;
  gboolean            can_ask;
} Mirror;

static void
clear_progress (Mirror *m)
{
  if (m->drawn)
    fputs ("\r\033[K", stderr);
  m->drawn = FALSE;
}

static void
log_line_cb (FerryTransferQueue *queue,
             int                 kind,
             guint               code,
             const char         *text,
             Mirror             *m)
{
  g_autofree char *safe = NULL;

  /* Failures are reported once per item by item_finished_cb. */
  if (!m->verbose)
    return;
  safe = ferry_cli_escape_for_terminal (text, FALSE);
  clear_progress (m);
  fprintf (stderr, "%s %s\n", ferry_cli_log_prefix (kind), safe);
}

static void
progress_cb (FerryTransferQueue *queue,
             guint64             done,
             guint64             total,
             double              rate,
             guint               files_done,
             guint               files_total,
             Mirror             *m)
{
  g_autofree char *done_text = NULL;
  g_autofree char *total_text = NULL;
  g_autofree char *rate_text = NULL;

  if (!m->show_progress)
    return;
  done_text = g_format_size (done);
  total_text = g_format_size (total);
  rate_text = g_format_size ((guint64) rate);
  fprintf (stderr, "\r\033[K%u/%u files  %s / %s  %s/s", files_done, files_total,
           done_text, total_text, rate_text);
  m->drawn = TRUE;
}

static void
item_finished_cb (FerryTransferQueue *queue,
                  FerryTransferItem  *item,
                  Mirror             *m)
{
  FerryTransferState state = ferry_transfer_item_get_state (item);
  const char *path = ferry_transfer_item_get_direction (item) == FERRY_TRANSFER_DOWNLOAD
                     ? ferry_transfer_item_get_remote_path (item)
                     : ferry_transfer_item_get_local_path (item);
  g_autofree char *safe_path = ferry_cli_escape_for_terminal (path, FALSE);
  g_autofree char *safe_message =
    ferry_cli_escape_for_terminal (ferry_transfer_item_get_error_message (item), FALSE);

  if (state == FERRY_TRANSFER_FAILED)
    {
      clear_progress (m);
      fprintf (stderr, "ferry-cli: %s: %s\n", safe_path, safe_message);
    }
}

/* Every skipped item with its reason, -v or not, folders and refused
 * names included (those never pass through item-finished): a mirror that
 * left something out says what.  Returns how many. */
static guint
report_skipped (FerryTransferQueue *queue)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (queue));
  guint skipped = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FerryTransferItem) item = g_list_model_get_item (G_LIST_MODEL (queue), i);
      const char *path;
      g_autofree char *safe_path = NULL;
      g_autofree char *safe_message = NULL;

      if (ferry_transfer_item_get_state (item) != FERRY_TRANSFER_SKIPPED)
        continue;
      path = ferry_transfer_item_get_direction (item) == FERRY_TRANSFER_DOWNLOAD
             ? ferry_transfer_item_get_remote_path (item)
             : ferry_transfer_item_get_local_path (item);
      safe_path = ferry_cli_escape_for_terminal (path, FALSE);
      safe_message = ferry_cli_escape_for_terminal (ferry_transfer_item_get_error_message (item),
                                                    FALSE);
      fprintf (stderr, "ferry-cli: skipped %s: %s\n", safe_path, safe_message);
      skipped++;
    }
  return skipped;
}

static void
finished_cb (FerryTransferQueue *queue,
             Mirror             *m)
{
  g_main_loop_quit (m->loop);
}

static gboolean
interrupt_cb (gpointer data)
{
  Mirror *m = data;

  if (m->cancelled)
    _exit (FERRY_CLI_EXIT_CANCELLED);
  m->cancelled = TRUE;
  clear_progress (m);
  fprintf (stderr, "ferry-cli: cancelling (partial downloads stay as .part for a resume)\n");
  ferry_transfer_queue_cancel_all (m->queue);
  return G_SOURCE_CONTINUE;
}

int
ferry_cli_mirror_main (int    argc,
                       char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FerrySite) site = NULL;
  g_autoptr(FerryTransferQueue) queue = NULL;
  g_autoptr(FerryInteraction) interaction = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *overwrite = NULL;
  g_autofree char *remote_path = NULL;
  g_autofree char *account = NULL;
  g_auto(GStrv) args = NULL;
  FerryOverwrite policy = FERRY_OVERWRITE_ASK;
  FerryTransferTotals t;
  gboolean reverse = FALSE;
  gboolean active = FALSE;
  gboolean quiet = FALSE;
  gboolean no_mtime = FALSE;
  int parallel = 2;
  int timeout = 0;
  int retries = 3;
  int retry_delay = 1000;
  const char *url;
  const char *local;
  gint64 started;
  double secs;
  guint skipped;
  guint sigint, sigterm;
  Mirror m = { 0 };
  const GOptionEntry entries[] = {
    { "reverse", 'R', 0, G_OPTION_ARG_NONE, &reverse,
      "Upload: mirror LOCALDIR to URL", NULL },
    { "parallel", 'P', 0, G_OPTION_ARG_INT, &parallel,
      "Transfer connections, 1 to 10 (default 2)", "N" },
    { "overwrite", 'o', 0, G_OPTION_ARG_STRING, &overwrite,
      "When a target exists: ask (default; \"never\" without a terminal), always, never, newer, resume",
      "POLICY" },
    { "active", 'a', 0, G_OPTION_ARG_NONE, &active,
      "Active mode: the server connects to us (EPRT/PORT)", NULL },
    { "timeout", 't', 0, G_OPTION_ARG_INT, &timeout,
      "Seconds to wait for the server (default 30)", "N" },
    { "retries", 0, 0, G_OPTION_ARG_INT, &retries,
      "Retries of an item after a transient error (default 3)", "N" },
    { "retry-delay", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT, &retry_delay,
      "Milliseconds before the first retry (default 1000)", "MS" },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &m.verbose,
      "Show every command and reply on stderr", NULL },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet,
      "No progress display", NULL },
    { "no-preserve-mtime", 0, 0, G_OPTION_ARG_NONE, &no_mtime,
      "Do not copy modification times (MDTM / MFMT)", NULL },
    { "account", 0, 0, G_OPTION_ARG_STRING, &account,
      "Account for servers that ask for one (ACCT)", "ACCOUNT" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &args, NULL,
      "URL LOCALDIR | --reverse LOCALDIR URL" },
    { NULL }
  };

  /* The usage line shows the G_OPTION_REMAINING description already. */
  context = g_option_context_new ("— mirror a folder tree");
  g_option_context_set_summary (context,
    "Downloads the folder at URL into LOCALDIR (or, with --reverse, uploads\n"
    "LOCALDIR to URL), recursively, over N connections that stay open.\n"
    "Downloads go to NAME.part and are renamed when complete; an interrupted\n"
    "mirror resumes them when run again with --overwrite=resume.\n"
    "Every entry left out (an existing target, a name refused as unsafe or\n"
    "too long, a listing line that gives no entry) is named on stderr with\n"
    "its reason and counted as skipped.\n"
    "\n"
    "Exit status: 0 all done, 1 something failed, 2 usage, 3 finished with\n"
    "skipped entries (nothing failed), 130 interrupted.");
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_add_main_entries (context, ferry_cli_limit_option_entries (), NULL);
  g_option_context_add_main_entries (context, ferry_cli_tls_option_entries (), NULL);
  if (!ferry_cli_parse_options (context, &argc, &argv))
    return FERRY_CLI_EXIT_USAGE;
  if (args == NULL || g_strv_length (args) != 2)
    {
      fprintf (stderr, "ferry-cli: usage: ferry-cli mirror [-P N] [--overwrite=POLICY] URL LOCALDIR\n"
                       "       ferry-cli mirror --reverse [-P N] LOCALDIR URL\n");
      return FERRY_CLI_EXIT_USAGE;
    }
  if (parallel < 1 || parallel > FERRY_TRANSFER_QUEUE_MAX_CONCURRENCY)
    {
      fprintf (stderr, "ferry-cli: -P must be between 1 and %d\n",
               FERRY_TRANSFER_QUEUE_MAX_CONCURRENCY);
      return FERRY_CLI_EXIT_USAGE;
    }
  if (overwrite != NULL && !ferry_cli_parse_overwrite (overwrite, TRUE, &policy))
    {
      fprintf (stderr, "ferry-cli: --overwrite must be ask, always, never, newer or resume\n");
      return FERRY_CLI_EXIT_USAGE;
    }
  if (timeout < 0 || retries < 0 || retry_delay < 1)
    {
      fprintf (stderr, "ferry-cli: --timeout, --retries and --retry-delay must be positive\n");
      return FERRY_CLI_EXIT_USAGE;
    }

  url = reverse ? args[1] : args[0];
  local = reverse ? args[0] : args[1];
  site = ferry_site_parse_url (url, &error);
  if (site == NULL)
    {
      g_autofree char *safe = ferry_cli_escape_for_terminal (error->message, FALSE);
      fprintf (stderr, "ferry-cli: %s\n", safe);
      return FERRY_CLI_EXIT_USAGE;
    }
  /* The queue's workers stay in the login folder; the URL's path is
   * what gets mirrored. */
  remote_path = g_steal_pointer (&site->path);
  site->active = active;
  site->timeout = (guint) timeout;

  if (reverse && !g_file_test (local, G_FILE_TEST_IS_DIR))
    {
      fprintf (stderr, "ferry-cli: “%s” is not a folder\n", local);
      return FERRY_CLI_EXIT_USAGE;
    }

  m.can_ask = isatty (STDIN_FILENO);
  if (policy == FERRY_OVERWRITE_ASK && !m.can_ask)
    policy = FERRY_OVERWRITE_NEVER;
  m.show_progress = !quiet && isatty (STDERR_FILENO);

  loop = g_main_loop_new (NULL, FALSE);
  queue = ferry_transfer_queue_new (site);
  m.loop = loop;
  m.queue = queue;
  /* Questions: --insecure/--trust-fingerprint, --account, the terminal. */
  interaction = ferry_cli_interaction_new (account, TRUE, m.can_ask,
                                           (void (*) (gpointer)) clear_progress, &m);
  ferry_transfer_queue_set_interaction (queue, interaction);
  ferry_transfer_queue_set_concurrency (queue, (guint) parallel);
  ferry_transfer_queue_set_overwrite_policy (queue, policy);
  ferry_transfer_queue_set_max_retries (queue, (guint) retries);
  ferry_transfer_queue_set_retry_delay (queue, (guint) retry_delay);
  ferry_transfer_queue_set_speed_limit_down (queue, ferry_cli_limit_rate ());
  ferry_transfer_queue_set_speed_limit_up (queue, ferry_cli_limit_rate ());
  ferry_transfer_queue_set_preserve_mtime (queue, !no_mtime);
  g_signal_connect (queue, "log-line", G_CALLBACK (log_line_cb), &m);
  g_signal_connect (queue, "progress", G_CALLBACK (progress_cb), &m);
  g_signal_connect (queue, "item-finished", G_CALLBACK (item_finished_cb), &m);
  g_signal_connect (queue, "finished", G_CALLBACK (finished_cb), &m);

  sigint = g_unix_signal_add (SIGINT, interrupt_cb, &m);
  sigterm = g_unix_signal_add (SIGTERM, interrupt_cb, &m);

  started = g_get_monotonic_time ();
  if (reverse)
    ferry_transfer_queue_add_upload (queue, local, remote_path ? remote_path : "", TRUE);
  else
    ferry_transfer_queue_add_download (queue, remote_path ? remote_path : "", local, TRUE, -1);

  if (!ferry_transfer_queue_is_idle (queue))
    g_main_loop_run (loop);
  secs = (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC;

  g_source_remove (sigint);
  g_source_remove (sigterm);
  clear_progress (&m);

  ferry_transfer_queue_get_totals (queue, &t);
  skipped = report_skipped (queue);
  printf ("mirror: %u files, %u folders, %" G_GUINT64_FORMAT " bytes in %.2f s (%.2f MB/s), %u failed",
          t.files_done, t.dirs_done, t.bytes_done, secs,
          secs > 0 ? t.bytes_done / secs / 1e6 : 0.0, t.files_failed);
  if (skipped > 0)
    printf (", %u skipped", skipped);
  printf ("\n");
  fflush (stdout);

  g_signal_handlers_disconnect_by_data (queue, &m);
  /* Disposing the queue sends QUIT on every connection and joins them. */
  g_clear_object (&queue);

  if (m.cancelled)
    return FERRY_CLI_EXIT_CANCELLED;
  if (t.files_failed > 0)
    return EXIT_FAILURE;
  return skipped > 0 ? FERRY_CLI_EXIT_SKIPPED : EXIT_SUCCESS;
}
