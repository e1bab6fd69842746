/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * FTPS and the window's transfer queue, in process, against
 * pyftpd.py --tls with a self-signed certificate made by openssl for
 * this run:
 *  - accept-once-then-download: the browsing connection asks about the
 *    certificate, "Accept Once" is clicked; a download through the queue
 *    (its own workers, its own TLS connections meeting the same
 *    certificate) then asks nothing more and the file arrives intact;
 *  - queue-asks: a queue asking a FerryWindowInteraction with nothing
 *    accepted before asks once for both of its workers, and "Accept
 *    Once" lets both files arrive.
 *
 * Not a GTest program: g_test_init() makes glib-networking turn TLS
 * session IDs off (FTPS.md).  Plain TAP; a failed assertion aborts,
 * which the TAP reader reports as a failure.  Needs a display.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>

#include "ferry-window-interaction.h"
#include "ferry-transfer-list.h"
#include "ferry-transfer-queue.h"
#include "ui-fixture.h"

static void
run (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  int status = -1;

  g_spawn_sync (NULL, (char **) argv, NULL,
                G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL | G_SPAWN_STDOUT_TO_DEV_NULL,
                NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

/* key + certificate in one PEM, as pyftpd.py --tls wants it. */
static char *
make_certificate (const char *dir)
{
  g_autofree char *key = g_build_filename (dir, "key.pem", NULL);
  g_autofree char *crt = g_build_filename (dir, "cert.pem", NULL);
  g_autofree char *k = NULL, *c = NULL, *both = NULL;
  const char *req[] = { "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                        "-subj", "/CN=127.0.0.1", "-days", "2", "-keyout", key, "-out", crt, NULL };
  char *pem = g_build_filename (dir, "both.pem", NULL);

  run (req);
  g_assert_true (g_file_get_contents (key, &k, NULL, NULL));
  g_assert_true (g_file_get_contents (crt, &c, NULL, NULL));
  both = g_strconcat (k, c, NULL);
  g_assert_true (g_file_set_contents (pem, both, -1, NULL));
  return pem;
}

static void
tls_setup (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;
  g_autofree char *script = g_build_filename (SOURCE_ROOT, "tests", "servers", "pyftpd.py", NULL);
  g_autofree char *pem = NULL;
  guint64 port = 0;

  f->local_dir = g_dir_make_tmp ("ferry-ui-local-XXXXXX", &error);
  g_assert_no_error (error);
  f->remote_dir = g_dir_make_tmp ("ferry-ui-remote-XXXXXX", &error);
  g_assert_no_error (error);
  /* Not in the server's root: the certificate's key. */
  f->state_dir = g_dir_make_tmp ("ferry-ui-state-XXXXXX", &error);
  g_assert_no_error (error);
  f->queue_file = g_build_filename (f->state_dir, "queue.ini", NULL);
  g_setenv ("FERRY_QUEUE_FILE", f->queue_file, TRUE);

  f->remote_bytes = random_bytes (300 * 1024 + 7);
  write_file (f->remote_dir, "hello.bin", f->remote_bytes);
  write_file (f->remote_dir, "extra.bin", f->remote_bytes);

  pem = make_certificate (f->state_dir);
  f->server = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                                &error, "/usr/bin/python3", script, "--root", f->remote_dir,
                                "--user", "demo:secret", "--tls", pem, NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (f->server));
  line = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "PORT "));
  g_assert_true (g_ascii_string_to_unsigned (line + 5, 10, 1, 65535, &port, NULL));
  f->port = (guint16) port;

  f->window = ferry_window_new (NULL);
  ferry_window_set_local_dir (f->window, f->local_dir);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1000, 700);
  gtk_window_present (GTK_WINDOW (f->window));
}

static FerrySite *
tls_site (Fixture *f)
{
  FerrySite *site = ferry_site_new ();

  site->protocol = FERRY_PROTOCOL_FTPES;
  site->host = g_strdup ("127.0.0.1");
  site->port = f->port;
  site->user = g_strdup ("demo");
  site->password = g_strdup ("secret");
  return site;
}

static gboolean
dialog_mapped (Fixture *f)
{
  GtkWindow *dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);

  return dialog != NULL && gtk_widget_get_mapped (GTK_WIDGET (dialog));
}

/* The certificate dialog is up: click "Accept Once" once it is on screen
 * (closing one GTK is still realizing trips criticals in GTK itself). */
static void
accept_once (Fixture *f)
{
  AdwMessageDialog *dialog = wait_message_dialog (f);

  g_assert_true (adw_message_dialog_has_response (dialog, "once"));
  wait_for (f, dialog_mapped, "the certificate dialog on screen");
  settle (200);
  respond (f, dialog, "Accept _Once");
}

static gboolean
remote_has_hello (Fixture *f)
{
  FerryFilePane *pane = ferry_window_get_remote_pane (f->window);

  return ferry_window_get_connected (f->window) && !ferry_file_pane_get_loading (pane) &&
         ferry_file_pane_lookup (pane, "/hello.bin") != NULL;
}

/* Iterates until every item of @model is final; fails if any dialog
 * shows up meanwhile (the question was asked twice). */
static void
wait_finished_without_dialog (Fixture    *f,
                              GListModel *model)
{
  gint64 deadline = g_get_monotonic_time () + TIMEOUT_US;

  for (;;)
    {
      guint n = g_list_model_get_n_items (model);
      gboolean done = n > 0;

      for (guint i = 0; i < n && done; i++)
        {
          g_autoptr(FerryTransferItem) item = g_list_model_get_item (model, i);
          done = ferry_transfer_state_is_final (ferry_transfer_item_get_state (item));
        }
      if (done)
        return;
      if (message_dialog_shown (f))
        g_error ("a dialog was shown during the transfer");
      if (g_get_monotonic_time () > deadline)
        g_error ("timed out waiting for the transfers");
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static void
assert_all_done (GListModel *model)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(FerryTransferItem) item = g_list_model_get_item (model, i);

      if (ferry_transfer_item_get_state (item) != FERRY_TRANSFER_DONE)
        g_error ("%s: state %d (%s)", ferry_transfer_item_get_remote_path (item),
                 ferry_transfer_item_get_state (item),
                 ferry_transfer_item_get_error_message (item));
    }
}

static void
assert_arrived (Fixture    *f,
                const char *name)
{
  g_autofree char *local = g_build_filename (f->local_dir, name, NULL);
  g_autofree char *remote = g_build_filename (f->remote_dir, name, NULL);

  assert_same_file (local, remote);
}

static void
test_accept_once_then_download (Fixture *f)
{
  g_autoptr(FerrySite) site = tls_site (f);
  GListModel *items;

  ferry_window_connect_site (f->window, site);
  accept_once (f);
  wait_for (f, remote_has_hello, "the remote listing over TLS");

  /* Two files, so that both of the queue's workers connect. */
  select_only (ferry_window_get_remote_pane (f->window), "hello.bin");
  select_also (ferry_window_get_remote_pane (f->window), "extra.bin");
  ferry_window_download_selected (f->window);
  /* The connection's queue, made when it connected. */
  items = ferry_transfer_list_get_items (ferry_window_get_transfer_list (f->window));
  g_assert_nonnull (items);
  wait_finished_without_dialog (f, items);
  g_assert_cmpuint (g_list_model_get_n_items (items), ==, 2);
  /* The files would arrive anyway through a worker whose TLS session
   * was resumed (no certificate check then); what must not happen is a
   * worker refused for the certificate accepted a moment ago. */
  settle (300);
  g_assert_cmpuint (count_in_log (f, "is not trusted"), ==, 0);
  g_assert_cmpuint (count_in_log (f, "Transfer connection failed"), ==, 0);
  assert_all_done (items);
  assert_arrived (f, "hello.bin");
  assert_arrived (f, "extra.bin");
}

static void
test_queue_asks (Fixture *f)
{
  g_autoptr(FerrySite) site = tls_site (f);
  g_autoptr(FerryTransferQueue) queue = ferry_transfer_queue_new (site);
  g_autoptr(FerryInteraction) interaction = ferry_window_interaction_new (GTK_WINDOW (f->window));
  g_autofree char *hello = g_build_filename (f->local_dir, "hello.bin", NULL);
  g_autofree char *extra = g_build_filename (f->local_dir, "extra.bin", NULL);
  gsize size = g_bytes_get_size (f->remote_bytes);

  /* A queue of its own asking the window's dialogs. */
  ferry_transfer_queue_set_interaction (queue, interaction);
  ferry_transfer_queue_set_concurrency (queue, 2);
  ferry_transfer_queue_add_download (queue, "/hello.bin", hello, FALSE, (gint64) size);
  ferry_transfer_queue_add_download (queue, "/extra.bin", extra, FALSE, (gint64) size);

  /* New certificate (this fixture's), nothing accepted: asked once. */
  accept_once (f);
  wait_finished_without_dialog (f, G_LIST_MODEL (queue));
  assert_all_done (G_LIST_MODEL (queue));
  assert_arrived (f, "hello.bin");
  assert_arrived (f, "extra.bin");
}

static void
run_test (int          n,
          const char  *name,
          void       (*func) (Fixture *))
{
  Fixture f = { 0 };

  tls_setup (&f);
  func (&f);
  fixture_teardown (&f, NULL);
  printf ("ok %d - %s\n", n, name);
  fflush (stdout);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = g_dir_make_tmp ("ferry-ui-data-XXXXXX", NULL);
  g_autofree char *cmd = NULL;

  g_assert_nonnull (data_home);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  /* The trust store and the saved queue: ours, not the user's. */
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  gtk_init ();
  adw_init ();

  printf ("1..2\n");
  fflush (stdout);
  run_test (1, "/ftps-queue/accept-once-then-download", test_accept_once_then_download);
  run_test (2, "/ftps-queue/queue-asks-once", test_queue_asks);

  cmd = g_strdup_printf ("rm -rf '%s'", data_home);
  g_assert_cmpint (system (cmd), ==, 0);
  return 0;
}
