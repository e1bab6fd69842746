/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * FTPS in the real FerryWindow, in process: pyftpd.py --tls with a
 * self-signed certificate made by openssl for this run; connecting over
 * ftpes:// shows the certificate dialog (its fingerprint is the one
 * openssl reports), "Accept Once" is answered as a click would, and the
 * remote listing arrives over TLS.  "Reject" leaves the window
 * disconnected.  A screenshot of the dialog goes to $FERRY_UI_OUT.
 *
 * Not a GTest program (see main()).  Needs a display.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "ferry-file-pane.h"
#include "ferry-window.h"

#define TIMEOUT_US (15 * G_USEC_PER_SEC)

typedef struct
{
  char        *dir;          /* temp: cert + remote root */
  char        *pem;
  char        *fingerprint;  /* "AB:CD:…", from openssl */
  GSubprocess *server;
  guint16      port;
  FerryWindow *window;
} Fixture;

typedef gboolean (*Condition) (Fixture *f);

static void
wait_for (Fixture    *f,
          Condition   cond,
          const char *what)
{
  gint64 deadline = g_get_monotonic_time () + TIMEOUT_US;

  while (!cond (f))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("timed out waiting for %s", what);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static void
settle (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static void
run (const char * const *argv,
     char              **out)
{
  g_autoptr(GError) error = NULL;
  int status = -1;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL |
                (out ? 0 : G_SPAWN_STDOUT_TO_DEV_NULL),
                NULL, NULL, out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

static void
make_certificate (Fixture *f)
{
  g_autofree char *key = g_build_filename (f->dir, "key.pem", NULL);
  g_autofree char *crt = g_build_filename (f->dir, "cert.pem", NULL);
  g_autofree char *k = NULL, *c = NULL, *both = NULL, *out = NULL;
  const char *req[] = { "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                        "-subj", "/CN=127.0.0.1", "-days", "2", "-keyout", key, "-out", crt, NULL };
  const char *fp[] = { "openssl", "x509", "-in", crt, "-noout", "-fingerprint", "-sha256", NULL };
  char *eq;

  run (req, NULL);
  g_assert_true (g_file_get_contents (key, &k, NULL, NULL));
  g_assert_true (g_file_get_contents (crt, &c, NULL, NULL));
  both = g_strconcat (k, c, NULL);
  f->pem = g_build_filename (f->dir, "both.pem", NULL);
  g_assert_true (g_file_set_contents (f->pem, both, -1, NULL));
  run (fp, &out);
  eq = strchr (g_strstrip (out), '=');
  g_assert_nonnull (eq);
  f->fingerprint = g_ascii_strup (eq + 1, -1);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;
  g_autofree char *script = g_build_filename (SOURCE_ROOT, "tests", "servers", "pyftpd.py", NULL);
  g_autofree char *root = NULL;
  g_autofree char *file = NULL;
  guint64 port = 0;

  f->dir = g_dir_make_tmp ("ferry-ui-ftps-XXXXXX", &error);
  g_assert_no_error (error);
  make_certificate (f);
  root = g_build_filename (f->dir, "remote", NULL);
  g_assert_cmpint (g_mkdir (root, 0755), ==, 0);
  file = g_build_filename (root, "over-tls.txt", NULL);
  g_assert_true (g_file_set_contents (file, "secret\n", -1, NULL));

  f->server = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                                &error, "/usr/bin/python3", script, "--root", root,
                                "--user", "demo:secret", "--tls", f->pem, NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (f->server));
  line = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (line, "PORT "));
  g_assert_true (g_ascii_string_to_unsigned (line + 5, 10, 1, 65535, &port, NULL));
  f->port = (guint16) port;

  f->window = ferry_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1000, 700);
  gtk_window_present (GTK_WINDOW (f->window));
}

static gboolean
window_gone (Fixture *f)
{
  return f->window == NULL;
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", f->dir);

  g_object_add_weak_pointer (G_OBJECT (f->window), (gpointer *) &f->window);
  gtk_window_destroy (GTK_WINDOW (f->window));
  wait_for (f, window_gone, "the window to be finalized");
  g_subprocess_force_exit (f->server);
  g_subprocess_wait (f->server, NULL, NULL);
  g_clear_object (&f->server);
  g_spawn_command_line_sync (cmd, NULL, NULL, NULL, NULL);
  g_free (f->dir);
  g_free (f->pem);
  g_free (f->fingerprint);
}

static AdwMessageDialog *
find_dialog (void)
{
  GListModel *list = gtk_window_get_toplevels ();   /* not ours */

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (list, i);
      if (ADW_IS_MESSAGE_DIALOG (w) && gtk_widget_get_visible (GTK_WIDGET (w)))
        return ADW_MESSAGE_DIALOG (w);
    }
  return NULL;
}

static gboolean
dialog_shown (Fixture *f)
{
  return find_dialog () != NULL;
}

static gboolean
listed_over_tls (Fixture *f)
{
  FerryFilePane *pane = ferry_window_get_remote_pane (f->window);

  return ferry_window_get_connected (f->window) && !ferry_file_pane_get_loading (pane) &&
         ferry_file_pane_lookup (pane, "/over-tls.txt") != NULL;
}

/* All label texts under @w, joined: what the dialog tells the user. */
static void
collect_text (GtkWidget *w,
              GString   *into)
{
  if (GTK_IS_LABEL (w))
    g_string_append_printf (into, "%s\n", gtk_label_get_text (GTK_LABEL (w)));
  for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL; c = gtk_widget_get_next_sibling (c))
    collect_text (c, into);
}

static void
save_screenshot (const char *name)
{
  const char *dir = g_getenv ("FERRY_UI_OUT");
  g_autofree char *path = NULL;
  const char *argv[] = { "import", "-window", "root", NULL, NULL };
  int status = -1;

  if (dir == NULL)
    return;
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  path = g_build_filename (dir, name, NULL);
  argv[3] = path;
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                NULL, NULL, NULL, NULL, &status, NULL);
  g_printerr ("# screenshot: %s\n", path);
}

/* The response button labelled @label (with its mnemonic), under @w. */
static GtkWidget *
find_button (GtkWidget  *w,
             const char *label)
{
  if (GTK_IS_BUTTON (w) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (w)), label) == 0)
    return w;
  for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_button (c, label);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
dialog_mapped (Fixture *f)
{
  return find_dialog () != NULL && gtk_widget_get_mapped (GTK_WIDGET (find_dialog ()));
}

/* As a person would: the button, which answers and closes the dialog. */
static void
click (AdwMessageDialog *dialog,
       const char       *label)
{
  GtkWidget *button = find_button (GTK_WIDGET (dialog), label);

  g_assert_nonnull (button);
  /* Nobody clicks a dialog before it is on screen; closing one that GTK
   * is still realizing trips criticals in GTK itself. */
  wait_for (NULL, dialog_mapped, "the certificate dialog on screen");
  settle (200);
  g_signal_emit_by_name (button, "clicked");
}

static gboolean
dialog_gone (Fixture *f)
{
  return find_dialog () == NULL;
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

static void
test_accept_once (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(FerrySite) site = tls_site (f);
  g_autoptr(GString) text = g_string_new (NULL);
  AdwMessageDialog *dialog;

  ferry_window_connect_site (f->window, site);
  wait_for (f, dialog_shown, "the certificate dialog");
  dialog = find_dialog ();
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (f->window));
  g_assert_false (ferry_window_get_connected (f->window));

  collect_text (GTK_WIDGET (dialog), text);
  g_assert_nonnull (strstr (text->str, "127.0.0.1"));
  {
    /* Shown as two lines of 16 bytes. */
    g_autofree char *shown = g_strdup (text->str);
    g_auto(GStrv) lines = g_strsplit (shown, "\n", -1);
    g_autofree char *joined = g_strjoinv ("", lines);

    g_assert_nonnull (strstr (joined, f->fingerprint));
  }
  g_assert_nonnull (strstr (text->str, "CN=127.0.0.1"));
  g_assert_true (adw_message_dialog_has_response (dialog, "once"));
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "reject");

  settle (400);   /* let it map and draw before the screenshot */
  save_screenshot ("certificate-dialog.png");

  click (dialog, "Accept _Once");
  wait_for (f, dialog_gone, "the certificate dialog to close");
  wait_for (f, listed_over_tls, "the remote listing over TLS");
}

static gboolean
gave_up (Fixture *f)
{
  FerryFilePane *pane = ferry_window_get_remote_pane (f->window);

  return !ferry_window_get_connected (f->window) && !ferry_file_pane_get_loading (pane) &&
         ferry_file_pane_lookup (pane, "/over-tls.txt") == NULL;
}

static void
test_reject (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(FerrySite) site = tls_site (f);
  AdwMessageDialog *dialog;

  /* Runs first: "Accept Once" is remembered per host and fingerprint for
   * the whole process (each fixture makes a new certificate anyway). */
  ferry_window_connect_site (f->window, site);
  wait_for (f, dialog_shown, "the certificate dialog");
  dialog = find_dialog ();
  click (dialog, "_Reject");
  wait_for (f, dialog_gone, "the certificate dialog to close");
  settle (1500);
  /* Refused: not connected, not listed, and not asked again. */
  g_assert_true (gave_up (f));
  g_assert_null (find_dialog ());
}

/* No GTest: g_test_init() makes glib-networking turn TLS session IDs off,
 * and the data connection's copy of the control session then trips a
 * critical in glib-networking (FTPS.md).  Plain TAP instead; a failed
 * assertion aborts, which the TAP reader reports as a failure. */
static void
run_test (int         n,
          const char *name,
          void      (*func) (Fixture *, gconstpointer))
{
  Fixture f = { 0 };

  fixture_setup (&f, NULL);
  func (&f, NULL);
  fixture_teardown (&f, NULL);
  printf ("ok %d - %s\n", n, name);
  fflush (stdout);
}

int
main (int   argc,
      char *argv[])
{
  gtk_init ();
  adw_init ();

  printf ("1..2\n");
  fflush (stdout);
  run_test (1, "/ftps-window/reject", test_reject);
  run_test (2, "/ftps-window/accept-once", test_accept_once);
  return 0;
}
