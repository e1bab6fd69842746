/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The real FerryWindow, in process, against tests/servers/pyftpd.py on
 * loopback: panes and their accessible names, a local folder listed,
 * win.connect from the connect bar, a remote listing, a download and an
 * upload through the transfer workers, the log, a refused login, and no
 * leaked window.  Needs a display (tests/ui/run-under-xvfb).
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "ferry-file-pane.h"
#include "ferry-ftp-error.h"
#include "ferry-log-view.h"
#include "ferry-properties-dialog.h"
#include "ferry-transfer-list.h"
#include "ferry-transfer-row.h"
#include "ferry-window.h"

#define TIMEOUT_US (10 * G_USEC_PER_SEC)

typedef struct
{
  GSubprocess *server;
  char        *local_dir;
  char        *remote_dir;
  guint16      port;
  FerryWindow *window;
  GBytes      *remote_bytes;
} Fixture;

typedef gboolean (*Condition) (Fixture *f);

/* Iterates the main loop until @cond holds; fails the test on timeout. */
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
write_file (const char *dir,
            const char *name,
            GBytes     *bytes)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  g_file_set_contents (path, data, (gssize) len, &error);
  g_assert_no_error (error);
}

static GBytes *
random_bytes (gsize len)
{
  guint8 *data = g_malloc (len);

  for (gsize i = 0; i < len; i++)
    data[i] = (guint8) g_random_int ();
  return g_bytes_new_take (data, len);
}

static void
start_server (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;
  g_autofree char *script = g_build_filename (SOURCE_ROOT, "tests", "servers", "pyftpd.py", NULL);
  guint64 port = 0;

  /* stdin is a pipe we never write: the server exits when we do. */
  f->server = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                                &error, "/usr/bin/python3", script,
                                "--root", f->remote_dir, "--user", "demo:secret", NULL);
  g_assert_no_error (error);

  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (f->server));
  line = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "PORT "));
  g_assert_true (g_ascii_string_to_unsigned (line + 5, 10, 1, 65535, &port, NULL));
  f->port = (guint16) port;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sub = NULL;
  g_autoptr(GBytes) local_bytes = g_bytes_new_static ("local file\n", 11);

  f->local_dir = g_dir_make_tmp ("ferry-ui-local-XXXXXX", &error);
  g_assert_no_error (error);
  f->remote_dir = g_dir_make_tmp ("ferry-ui-remote-XXXXXX", &error);
  g_assert_no_error (error);

  write_file (f->local_dir, "notes.txt", local_bytes);
  sub = g_build_filename (f->local_dir, "Projects", NULL);
  g_assert_cmpint (g_mkdir (sub, 0700), ==, 0);

  f->remote_bytes = random_bytes (300 * 1024 + 7);
  write_file (f->remote_dir, "hello.bin", f->remote_bytes);
  g_clear_pointer (&sub, g_free);
  sub = g_build_filename (f->remote_dir, "folder", NULL);
  g_assert_cmpint (g_mkdir (sub, 0700), ==, 0);
  write_file (sub, "inner.txt", local_bytes);

  start_server (f);

  f->window = ferry_window_new (NULL);
  ferry_window_set_local_dir (f->window, f->local_dir);
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
  g_autofree char *cmd = NULL;

  /* Destroying the window stops its workers (QUIT, join); a reference
   * leaked anywhere keeps the weak pointer set and fails here. */
  g_object_add_weak_pointer (G_OBJECT (f->window), (gpointer *) &f->window);
  gtk_window_destroy (GTK_WINDOW (f->window));
  wait_for (f, window_gone, "the window to be finalized");

  g_subprocess_send_signal (f->server, SIGTERM);
  g_subprocess_wait (f->server, NULL, NULL);
  g_clear_object (&f->server);

  cmd = g_strdup_printf ("rm -rf '%s' '%s'", f->local_dir, f->remote_dir);
  g_assert_cmpint (system (cmd), ==, 0);
  g_clear_pointer (&f->local_dir, g_free);
  g_clear_pointer (&f->remote_dir, g_free);
  g_clear_pointer (&f->remote_bytes, g_bytes_unref);
}

/* --- conditions -------------------------------------------------------- */

static gboolean
local_listed (Fixture *f)
{
  FerryFilePane *pane = ferry_window_get_local_pane (f->window);

  return !ferry_file_pane_get_loading (pane) &&
         g_strcmp0 (ferry_file_pane_get_path (pane), f->local_dir) == 0 &&
         g_list_model_get_n_items (ferry_file_pane_get_model (pane)) == 2;
}

static gboolean
remote_listed (Fixture *f)
{
  FerryFilePane *pane = ferry_window_get_remote_pane (f->window);

  return ferry_window_get_connected (f->window) &&
         g_list_model_get_n_items (ferry_file_pane_get_model (pane)) == 2;
}

static FerryTransfer *
last_transfer (Fixture *f)
{
  GListModel *model = ferry_transfer_list_get_model (ferry_window_get_transfer_list (f->window));
  guint n = g_list_model_get_n_items (model);
  g_autoptr(FerryTransfer) t = n ? g_list_model_get_item (model, n - 1) : NULL;

  return t;   /* the model keeps it alive */
}

static gboolean
transfer_finished (Fixture *f)
{
  FerryTransfer *t = last_transfer (f);

  return t != NULL && ferry_transfer_is_finished (t);
}

static gboolean
remote_has_upload (Fixture *f)
{
  return ferry_file_pane_lookup (ferry_window_get_remote_pane (f->window), "/notes.txt") != NULL;
}

static gboolean
connect_failed (Fixture *f)
{
  g_autofree char *log = ferry_log_view_dup_text (ferry_window_get_log_view (f->window));

  return strstr (log, "Could not connect") != NULL;
}

static FerryTransferRow *
find_row (GtkWidget     *widget,
          FerryTransfer *transfer)
{
  if (FERRY_IS_TRANSFER_ROW (widget) &&
      ferry_transfer_row_get_transfer (FERRY_TRANSFER_ROW (widget)) == transfer)
    return FERRY_TRANSFER_ROW (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    {
      FerryTransferRow *row = find_row (child, transfer);
      if (row != NULL)
        return row;
    }
  return NULL;
}

static void
fill_connect_bar (Fixture    *f,
                  const char *password)
{
  g_autofree char *port = g_strdup_printf ("%u", f->port);
  struct { const char *child; const char *text; } fields[] = {
    { "host_entry", "127.0.0.1" },
    { "port_entry", port },
    { "user_entry", "demo" },
    { "password_entry", password },
  };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      GObject *entry = gtk_widget_get_template_child (GTK_WIDGET (f->window), FERRY_TYPE_WINDOW,
                                                      fields[i].child);
      g_assert_nonnull (entry);
      gtk_editable_set_text (GTK_EDITABLE (entry), fields[i].text);
    }
}

static GtkWidget *
find_action_button (GtkWidget  *widget,
                    const char *action)
{
  if (GTK_IS_BUTTON (widget) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_action_button (child, action);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static guint
count_in_log (Fixture    *f,
              const char *needle)
{
  g_autofree char *log = ferry_log_view_dup_text (ferry_window_get_log_view (f->window));
  guint n = 0;

  for (const char *p = strstr (log, needle); p; p = strstr (p + 1, needle))
    n++;
  return n;
}

static void
connect_and_list (Fixture *f)
{
  wait_for (f, local_listed, "the local folder");
  fill_connect_bar (f, "secret");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.connect", NULL));
  wait_for (f, remote_listed, "the remote listing");
}

/* Lets queued work (stale listings, refreshes) arrive. */
static void
settle (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

/* The whole Xvfb screen (popovers are surfaces of their own) into a
 * PNG, for a person to look at. */
static void
save_screenshot (const char *path)
{
  const char *argv[] = { "import", "-window", "root", path, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_path_get_dirname (path);
  int status = -1;

  /* The output folder is gitignored, so a fresh clone lacks it. */
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

/* --- tests ------------------------------------------------------------- */

static void
test_panes (Fixture       *f,
            gconstpointer  data)
{
  FerryFilePane *local = ferry_window_get_local_pane (f->window);
  FerryFilePane *remote = ferry_window_get_remote_pane (f->window);
  g_autoptr(FerryFileItem) first = NULL;

  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (ferry_file_pane_get_column_view (local)),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Local files");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (ferry_file_pane_get_column_view (remote)),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Remote files");

  wait_for (f, local_listed, "the local folder");
  /* Folders first, whatever the name says. */
  first = g_list_model_get_item (ferry_file_pane_get_model (local), 0);
  g_assert_cmpstr (ferry_file_item_get_name (first), ==, "Projects");
  g_assert_true (ferry_file_item_get_is_dir (first));

  /* Not connected: no remote rows, transfers do nothing. */
  g_assert_false (ferry_window_get_connected (f->window));
  g_assert_cmpuint (g_list_model_get_n_items (ferry_file_pane_get_model (remote)), ==, 0);
}

static void
test_connect_download_upload (Fixture       *f,
                              gconstpointer  data)
{
  FerryFilePane *local = ferry_window_get_local_pane (f->window);
  FerryFilePane *remote = ferry_window_get_remote_pane (f->window);
  FerryTransfer *transfer;
  FerryTransferRow *row;
  g_autofree char *local_copy = g_build_filename (f->local_dir, "hello.bin", NULL);
  g_autofree char *remote_copy = g_build_filename (f->remote_dir, "notes.txt", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *log = NULL;
  gsize len = 0;
  g_autoptr(GError) error = NULL;

  wait_for (f, local_listed, "the local folder");
  fill_connect_bar (f, "secret");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.connect", NULL));
  wait_for (f, remote_listed, "the remote listing");
  g_assert_cmpstr (ferry_file_pane_get_path (remote), ==, "/");

  /* Download the selected file through the transfer worker. */
  g_assert_true (ferry_file_pane_select_name (remote, "hello.bin"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.download", NULL));
  wait_for (f, transfer_finished, "the download");
  transfer = last_transfer (f);
  g_assert_cmpint (ferry_transfer_get_state (transfer), ==, FERRY_TRANSFER_DONE);
  g_assert_cmpuint (ferry_transfer_get_done (transfer), ==, g_bytes_get_size (f->remote_bytes));

  g_file_get_contents (local_copy, &contents, &len, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (contents, len, g_bytes_get_data (f->remote_bytes, NULL), g_bytes_get_size (f->remote_bytes));

  /* The row on screen says so too. */
  for (int i = 0; i < 50 && (row = find_row (GTK_WIDGET (f->window), transfer)) == NULL; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_nonnull (row);
  g_assert_cmpstr (ferry_transfer_row_get_state_text (row), ==, "Done");

  log = ferry_log_view_dup_text (ferry_window_get_log_view (f->window));
  g_assert_nonnull (strstr (log, "→ USER demo"));
  g_assert_nonnull (strstr (log, "→ PASS ****"));
  g_assert_null (strstr (log, "secret"));
  g_assert_nonnull (strstr (log, "← 230"));
  g_assert_nonnull (strstr (log, "226"));

  /* And back: upload the local file; the remote pane refreshes itself. */
  gtk_selection_model_unselect_all (ferry_file_pane_get_selection_model (local));
  g_assert_true (ferry_file_pane_select_name (local, "notes.txt"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.upload", NULL));
  wait_for (f, remote_has_upload, "the uploaded file in the remote pane");
  g_clear_pointer (&contents, g_free);
  g_file_get_contents (remote_copy, &contents, &len, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (contents, ==, "local file\n");
}

static void
test_wrong_password (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *log = NULL;

  fill_connect_bar (f, "wrong");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.connect", NULL));
  wait_for (f, connect_failed, "the refused login");
  g_assert_false (ferry_window_get_connected (f->window));
  log = ferry_log_view_dup_text (ferry_window_get_log_view (f->window));
  g_assert_nonnull (strstr (log, "← 530"));
}

static void
test_accessible_names (Fixture       *f,
                       gconstpointer  data)
{
  const char *actions[] = { "win.upload", "win.download" };
  GObject *connect = gtk_widget_get_template_child (GTK_WIDGET (f->window), FERRY_TYPE_WINDOW,
                                                    "connect_button");

  /* A mnemonic label names these buttons already; an accessible label
   * on top made AT-SPI read "Upload Upload". */
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      GtkWidget *button = find_action_button (GTK_WIDGET (f->window), actions[i]);
      g_assert_nonnull (button);
      g_assert_false (gtk_test_accessible_has_property (GTK_ACCESSIBLE (button),
                                                        GTK_ACCESSIBLE_PROPERTY_LABEL));
    }
  g_assert_nonnull (connect);
  g_assert_false (gtk_test_accessible_has_property (GTK_ACCESSIBLE (connect),
                                                    GTK_ACCESSIBLE_PROPERTY_LABEL));
}

static gboolean
remote_in_folder (Fixture *f)
{
  FerryFilePane *pane = ferry_window_get_remote_pane (f->window);

  return !ferry_file_pane_get_loading (pane) &&
         g_strcmp0 (ferry_file_pane_get_path (pane), "/folder") == 0 &&
         ferry_file_pane_lookup (pane, "/folder/inner.txt") != NULL;
}

static void
test_quick_navigation (Fixture       *f,
                       gconstpointer  data)
{
  FerryFilePane *remote = ferry_window_get_remote_pane (f->window);

  connect_and_list (f);
  /* The connect's PWD is enough for the first listing. */
  g_assert_cmpuint (count_in_log (f, "→ PWD"), ==, 1);

  /* Requests faster than the server answers: none is cancelled (that
   * cost the connection), the last one wins. */
  ferry_file_pane_set_path (remote, "/folder");
  ferry_file_pane_set_path (remote, "/");
  ferry_file_pane_set_path (remote, "/folder");
  wait_for (f, remote_in_folder, "the last requested folder");
  settle (300);
  g_assert_true (ferry_window_get_connected (f->window));
  g_assert_true (remote_in_folder (f));
  g_assert_cmpuint (count_in_log (f, "Connection lost"), ==, 0);
  g_assert_cmpuint (count_in_log (f, "Could not"), ==, 0);
}

/* --- file operations -------------------------------------------------- */

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* not ours */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);
      if (G_TYPE_CHECK_INSTANCE_TYPE (w, type) && gtk_widget_get_visible (GTK_WIDGET (w)))
        return w;
    }
  return NULL;
}

static gboolean
message_dialog_shown (Fixture *f)
{
  return find_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

static gboolean
properties_shown (Fixture *f)
{
  return find_toplevel (FERRY_TYPE_PROPERTIES_DIALOG) != NULL;
}

static gboolean
no_message_dialog (Fixture *f)
{
  return !message_dialog_shown (f);
}

static GtkWidget *
find_labelled_button (GtkWidget  *widget,
                      const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_labelled_button (child, label);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Clicks the dialog's button labelled @label, as a person would, and
 * waits for the dialog to go away. */
static void
respond (Fixture          *f,
         AdwMessageDialog *dialog,
         const char       *label)
{
  GtkWidget *button = find_labelled_button (GTK_WIDGET (dialog), label);

  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  wait_for (f, no_message_dialog, "the dialog to close");
}

static AdwMessageDialog *
wait_message_dialog (Fixture *f)
{
  wait_for (f, message_dialog_shown, "a message dialog");
  return ADW_MESSAGE_DIALOG (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
}

/* Answers the name dialog that @action opens with @name. */
static void
name_via_dialog (Fixture       *f,
                 FerryFilePane *pane,
                 const char    *action,
                 const char    *name)
{
  AdwMessageDialog *dialog;
  GtkWidget *entry;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (pane), action, NULL));
  dialog = wait_message_dialog (f);
  entry = adw_message_dialog_get_extra_child (dialog);
  g_assert_true (GTK_IS_ENTRY (entry));
  gtk_editable_set_text (GTK_EDITABLE (entry), name);
  respond (f, dialog, g_str_equal (action, "pane.rename") ? "_Rename" : "C_reate");
}

static void
select_only (FerryFilePane *pane,
             const char    *name)
{
  gtk_selection_model_unselect_all (ferry_file_pane_get_selection_model (pane));
  g_assert_true (ferry_file_pane_select_name (pane, name));
}

/* Adds the row named @name to the selection. */
static void
select_also (FerryFilePane *pane,
             const char    *name)
{
  GListModel *model = ferry_file_pane_get_model (pane);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(FerryFileItem) item = g_list_model_get_item (model, i);
      if (g_strcmp0 (ferry_file_item_get_name (item), name) == 0)
        {
          gtk_selection_model_select_item (ferry_file_pane_get_selection_model (pane), i, FALSE);
          return;
        }
    }
  g_assert_not_reached ();
}

static const char *wanted_path;

static gboolean
remote_has_wanted (Fixture *f)
{
  FerryFilePane *pane = ferry_window_get_remote_pane (f->window);
  return !ferry_file_pane_get_loading (pane) && ferry_file_pane_lookup (pane, wanted_path) != NULL;
}

static gboolean
remote_lacks_wanted (Fixture *f)
{
  FerryFilePane *pane = ferry_window_get_remote_pane (f->window);
  return !ferry_file_pane_get_loading (pane) && ferry_file_pane_lookup (pane, wanted_path) == NULL;
}

static gboolean
local_has_wanted (Fixture *f)
{
  FerryFilePane *pane = ferry_window_get_local_pane (f->window);
  return !ferry_file_pane_get_loading (pane) && ferry_file_pane_lookup (pane, wanted_path) != NULL;
}

static gboolean
local_lacks_wanted (Fixture *f)
{
  FerryFilePane *pane = ferry_window_get_local_pane (f->window);
  /* The trash, or (where there is none) "Delete Permanently?" */
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));

  if (dialog != NULL && g_strcmp0 (adw_message_dialog_get_heading (dialog), "Delete Permanently?") == 0)
    g_signal_emit_by_name (find_labelled_button (GTK_WIDGET (dialog), "_Delete Permanently"), "clicked");
  return !ferry_file_pane_get_loading (pane) && ferry_file_pane_lookup (pane, wanted_path) == NULL;
}

static gboolean
properties_gone (Fixture *f)
{
  return !properties_shown (f);
}

static FerryPropertiesDialog *
open_properties (Fixture       *f,
                 FerryFilePane *pane,
                 const char    *name)
{
  select_only (pane, name);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (pane), "pane.properties", NULL));
  wait_for (f, properties_shown, "the properties dialog");
  return FERRY_PROPERTIES_DIALOG (find_toplevel (FERRY_TYPE_PROPERTIES_DIALOG));
}

static FerryPropertiesDialog *error_dialog;

static gboolean
properties_error_shown (Fixture *f)
{
  return ferry_properties_dialog_get_error (error_dialog) != NULL;
}

static void
test_remote_file_ops (Fixture       *f,
                      gconstpointer  data)
{
  FerryFilePane *remote = ferry_window_get_remote_pane (f->window);
  g_autofree char *renamed = g_build_filename (f->remote_dir, "renamed.bin", NULL);
  g_autofree char *made = g_build_filename (f->remote_dir, "made", NULL);
  g_autofree char *folder = g_build_filename (f->remote_dir, "folder", NULL);
  g_autofree char *deep = g_build_filename (f->remote_dir, "folder", "sub", NULL);
  g_autoptr(GBytes) bytes = g_bytes_new_static ("x", 1);
  AdwMessageDialog *dialog;
  FerryPropertiesDialog *props;
  struct stat st;

  connect_and_list (f);

  /* Rename (F2) through the dialog. */
  select_only (remote, "hello.bin");
  name_via_dialog (f, remote, "pane.rename", "renamed.bin");
  wanted_path = "/renamed.bin";
  wait_for (f, remote_has_wanted, "the renamed file");
  g_assert_true (g_file_test (renamed, G_FILE_TEST_IS_REGULAR));

  /* New folder. */
  name_via_dialog (f, remote, "pane.new-folder", "made");
  wanted_path = "/made";
  wait_for (f, remote_has_wanted, "the new folder");
  g_assert_true (g_file_test (made, G_FILE_TEST_IS_DIR));

  /* Delete two folders, one of them nested two deep: confirmation, then
   * depth-first removal. */
  g_assert_cmpint (g_mkdir (deep, 0700), ==, 0);
  write_file (deep, "deep.txt", bytes);
  select_only (remote, "folder");
  select_also (remote, "made");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (remote), "pane.delete", NULL));
  dialog = wait_message_dialog (f);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "folder/"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "made/"));
  if (g_getenv ("FERRY_UI_OUT") != NULL)
    {
      g_autofree char *shot = g_build_filename (g_getenv ("FERRY_UI_OUT"), "delete-dialog.png", NULL);
      settle (300);
      save_screenshot (shot);
    }
  respond (f, dialog, "_Delete");
  wanted_path = "/folder";
  wait_for (f, remote_lacks_wanted, "the deleted folder");
  g_assert_false (g_file_test (folder, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (made, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (renamed, G_FILE_TEST_EXISTS));

  /* Properties: SITE CHMOD. */
  props = open_properties (f, remote, "renamed.bin");
  ferry_properties_dialog_set_mode (props, 0640);
  ferry_properties_dialog_apply (props);
  wait_for (f, properties_gone, "the dialog to close after SITE CHMOD");
  g_assert_cmpint (g_stat (renamed, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0640);
  g_assert_cmpuint (count_in_log (f, "→ SITE CHMOD 640 /renamed.bin"), ==, 1);

  /* A refused SITE CHMOD: the server's reason stays in the dialog. */
  props = open_properties (f, remote, "renamed.bin");
  g_assert_cmpint (g_unlink (renamed), ==, 0);
  error_dialog = props;
  ferry_properties_dialog_apply (props);
  wait_for (f, properties_error_shown, "the refused SITE CHMOD");
  g_assert_nonnull (strstr (ferry_properties_dialog_get_error (props), "550"));
  g_assert_nonnull (strstr (ferry_properties_dialog_get_error (props), "("));
  gtk_window_destroy (GTK_WINDOW (props));
  g_assert_true (ferry_window_get_connected (f->window));
}

static void
test_local_file_ops (Fixture       *f,
                     gconstpointer  data)
{
  FerryFilePane *local = ferry_window_get_local_pane (f->window);
  g_autofree char *memo = g_build_filename (f->local_dir, "memo.txt", NULL);
  g_autofree char *made = g_build_filename (f->local_dir, "Made", NULL);
  g_autofree char *notes = g_build_filename (f->local_dir, "notes.txt", NULL);
  FerryPropertiesDialog *props;
  AdwMessageDialog *dialog;
  struct stat st;

  wait_for (f, local_listed, "the local folder");

  name_via_dialog (f, local, "pane.new-folder", "Made");
  wanted_path = made;
  wait_for (f, local_has_wanted, "the new local folder");
  g_assert_true (g_file_test (made, G_FILE_TEST_IS_DIR));

  select_only (local, "notes.txt");
  name_via_dialog (f, local, "pane.rename", "memo.txt");
  wanted_path = memo;
  wait_for (f, local_has_wanted, "the renamed local file");
  g_assert_false (g_file_test (notes, G_FILE_TEST_EXISTS));

  props = open_properties (f, local, "memo.txt");
  ferry_properties_dialog_set_mode (props, 0604);
  ferry_properties_dialog_apply (props);
  wait_for (f, properties_gone, "the local chmod");
  g_assert_cmpint (g_stat (memo, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0604);

  select_only (local, "memo.txt");
  select_also (local, "Made");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (local), "pane.delete", NULL));
  dialog = wait_message_dialog (f);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "memo.txt"));
  respond (f, dialog, "_Delete");
  wanted_path = memo;
  wait_for (f, local_lacks_wanted, "the deleted local file");
  wanted_path = made;
  wait_for (f, local_lacks_wanted, "the deleted local folder");
  g_assert_false (g_file_test (memo, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (made, G_FILE_TEST_EXISTS));
}

static gboolean
menu_shown (Fixture *f)
{
  GtkPopover *menu = ferry_file_pane_get_context_menu (ferry_window_get_remote_pane (f->window));
  return gtk_widget_get_mapped (GTK_WIDGET (menu));
}

static void
test_context_menu (Fixture       *f,
                   gconstpointer  data)
{
  FerryFilePane *remote = ferry_window_get_remote_pane (f->window);
  const char *out_dir = g_getenv ("FERRY_UI_OUT");

  connect_and_list (f);
  select_only (remote, "hello.bin");
  /* As a person would: the selection drawn before the key press. */
  settle (200);
  /* Shift+F10 / the Menu key. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (remote), "pane.show-menu", NULL));
  wait_for (f, menu_shown, "the context menu");
  if (out_dir != NULL)
    {
      g_autofree char *path = g_build_filename (out_dir, "context-menu.png", NULL);
      settle (300);
      save_screenshot (path);
    }
  gtk_popover_popdown (ferry_file_pane_get_context_menu (remote));

  if (out_dir != NULL)
    {
      g_autofree char *path = g_build_filename (out_dir, "properties.png", NULL);
      FerryPropertiesDialog *props = open_properties (f, remote, "hello.bin");

      settle (300);
      save_screenshot (path);
      gtk_window_destroy (GTK_WINDOW (props));
    }
}

/* --- command line and reply codes ------------------------------------- */

static const char *wanted_text;

static gboolean
log_has_wanted (Fixture *f)
{
  return count_in_log (f, wanted_text) > 0;
}

static int
log_line_with (Fixture    *f,
               const char *needle)
{
  g_autofree char *log = ferry_log_view_dup_text (ferry_window_get_log_view (f->window));
  g_auto(GStrv) lines = g_strsplit (log, "\n", -1);

  for (int i = 0; lines[i]; i++)
    if (strstr (lines[i], needle) != NULL)
      return i;
  return -1;
}

static void
type_command (Fixture    *f,
              const char *command)
{
  GtkEntry *entry = ferry_log_view_get_command_entry (ferry_window_get_log_view (f->window));

  gtk_editable_set_text (GTK_EDITABLE (entry), command);
  g_signal_emit_by_name (entry, "activate");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
}

static void
test_command_line (Fixture       *f,
                   gconstpointer  data)
{
  FerryLogView *log = ferry_window_get_log_view (f->window);
  GtkEntry *entry = ferry_log_view_get_command_entry (log);
  g_autofree char *rawdir = g_build_filename (f->remote_dir, "rawdir", NULL);
  g_autofree char *tip = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *all = NULL;
  AdwMessageDialog *dialog;
  int line;

  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, "Command");
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (entry)));
  connect_and_list (f);
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (entry)));

  /* Read-only: sent at once, the reply in the log, explained on hover. */
  type_command (f, "SYST");
  g_assert_false (message_dialog_shown (f));
  wanted_text = "← 215";
  wait_for (f, log_has_wanted, "the SYST reply");
  line = log_line_with (f, "← 215");
  tip = ferry_log_view_dup_line_tooltip (log, line);
  expected = g_strdup_printf ("215: %s", ferry_ftp_reply_code_explain (215));
  g_assert_cmpstr (tip, ==, expected);
  g_clear_pointer (&tip, g_free);
  g_clear_pointer (&expected, g_free);
  g_assert_null (ferry_log_view_dup_line_tooltip (log, log_line_with (f, "→ SYST")));

  type_command (f, "SIZE no-such-file");
  wanted_text = "← 550";
  wait_for (f, log_has_wanted, "the refused SIZE");
  tip = ferry_log_view_dup_line_tooltip (log, log_line_with (f, "← 550"));
  expected = g_strdup_printf ("550: %s", ferry_ftp_reply_code_explain (550));
  g_assert_cmpstr (tip, ==, expected);
  /* The 5xx line also says it in words, and so does the error. */
  g_assert_cmpuint (count_in_log (f, ferry_ftp_reply_code_explain (550)), >=, 2);

  /* Changing things: asked first. */
  type_command (f, "MKD rawdir");
  dialog = wait_message_dialog (f);
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (dialog), "MKD rawdir"));
  respond (f, dialog, "_Send");
  wanted_text = "← 257 \"/rawdir\"";
  wait_for (f, log_has_wanted, "the MKD reply");
  g_assert_true (g_file_test (rawdir, G_FILE_TEST_IS_DIR));
  wanted_path = "/rawdir";
  wait_for (f, remote_has_wanted, "the remote pane to show the new folder");

  /* Cancelled: nothing sent. */
  type_command (f, "RMD rawdir");
  dialog = wait_message_dialog (f);
  respond (f, dialog, "_Cancel");
  settle (200);
  g_assert_cmpuint (count_in_log (f, "→ RMD"), ==, 0);
  g_assert_true (g_file_test (rawdir, G_FILE_TEST_IS_DIR));

  /* A password typed here is masked in the dialog and in the log. */
  type_command (f, "PASS hunter2");
  dialog = wait_message_dialog (f);
  g_assert_null (strstr (adw_message_dialog_get_heading (dialog), "hunter2"));
  respond (f, dialog, "_Send");
  wanted_text = "← 503";
  wait_for (f, log_has_wanted, "the reply to a second PASS");
  all = ferry_log_view_dup_text (log);
  g_assert_null (strstr (all, "hunter2"));
  g_assert_true (ferry_window_get_connected (f->window));

  if (g_getenv ("FERRY_UI_OUT") != NULL)
    {
      g_autofree char *path = g_build_filename (g_getenv ("FERRY_UI_OUT"), "log-command.png", NULL);

      gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-log", NULL);
      gtk_editable_set_text (GTK_EDITABLE (entry), "HELP SITE");
      settle (300);
      save_screenshot (path);
    }
}

static guint
count_logins (Fixture *f)
{
  return count_in_log (f, "← 230");
}

static gboolean
logged_in_twice (Fixture *f)
{
  return count_logins (f) >= 2;
}

/* The server hangs up (QUIT typed in the command line): the refresh
 * after it makes the worker reconnect by itself, and the window never
 * shows "Disconnected" meanwhile. */
static void
test_reconnect_quietly (Fixture       *f,
                        gconstpointer  data)
{
  FerryFilePane *remote = ferry_window_get_remote_pane (f->window);
  AdwMessageDialog *dialog;

  connect_and_list (f);
  g_assert_cmpuint (count_logins (f), ==, 1);
  type_command (f, "QUIT");
  dialog = wait_message_dialog (f);
  respond (f, dialog, "_Send");
  while (!logged_in_twice (f))
    {
      /* Never a moment without the listing. */
      g_assert_true (ferry_window_get_connected (f->window));
      g_main_context_iteration (NULL, FALSE);
    }
  wait_for (f, remote_listed, "the listing after the reconnect");
  settle (200);
  g_assert_true (ferry_window_get_connected (f->window));
  g_assert_cmpstr (ferry_file_pane_get_path (remote), ==, "/");
}

static void
test_active_mode (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.ferryftp.Ferry");

  /* The main menu's check item. */
  g_assert_false (g_settings_get_boolean (settings, "active-mode"));
  g_action_group_activate_action (G_ACTION_GROUP (f->window), "active-mode", NULL);
  g_assert_true (g_settings_get_boolean (settings, "active-mode"));

  connect_and_list (f);
  g_assert_cmpuint (count_in_log (f, "→ EPRT") + count_in_log (f, "→ PORT"), >, 0);
  g_assert_cmpuint (count_in_log (f, "→ EPSV") + count_in_log (f, "→ PASV"), ==, 0);
  /* The memory backend lives as long as the process: later tests want
   * the default. */
  g_settings_reset (settings, "active-mode");
}

/* --- retry and overwrite ---------------------------------------------- */

static gboolean
all_transfers_finished (Fixture *f)
{
  GListModel *model = ferry_transfer_list_get_model (ferry_window_get_transfer_list (f->window));
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FerryTransfer) t = g_list_model_get_item (model, i);
      if (!ferry_transfer_is_finished (t))
        return FALSE;
    }
  return n > 0;
}

static guint
n_transfers (Fixture *f)
{
  return g_list_model_get_n_items (ferry_transfer_list_get_model (ferry_window_get_transfer_list (f->window)));
}

static void
assert_same_file (const char *a,
                  const char *b)
{
  g_autofree char *ca = NULL;
  g_autofree char *cb = NULL;
  gsize la = 0, lb = 0;

  g_assert_true (g_file_get_contents (a, &ca, &la, NULL));
  g_assert_true (g_file_get_contents (b, &cb, &lb, NULL));
  g_assert_cmpmem (ca, la, cb, lb);
}

static void
test_overwrite_apply_all (Fixture       *f,
                          gconstpointer  data)
{
  FerryFilePane *remote = ferry_window_get_remote_pane (f->window);
  g_autoptr(GBytes) old = g_bytes_new_static ("old\n", 4);
  g_autoptr(GBytes) extra = random_bytes (4096);
  g_autofree char *local_hello = g_build_filename (f->local_dir, "hello.bin", NULL);
  g_autofree char *local_extra = g_build_filename (f->local_dir, "extra.bin", NULL);
  g_autofree char *remote_hello = g_build_filename (f->remote_dir, "hello.bin", NULL);
  g_autofree char *remote_extra = g_build_filename (f->remote_dir, "extra.bin", NULL);
  AdwMessageDialog *dialog;
  GtkWidget *check;

  connect_and_list (f);
  write_file (f->remote_dir, "extra.bin", extra);
  write_file (f->local_dir, "hello.bin", old);
  write_file (f->local_dir, "extra.bin", old);
  ferry_file_pane_reload (remote);
  wanted_path = "/extra.bin";
  wait_for (f, remote_has_wanted, "the second remote file");

  select_only (remote, "hello.bin");
  select_also (remote, "extra.bin");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.download", NULL));
  dialog = wait_message_dialog (f);
  check = adw_message_dialog_get_extra_child (dialog);
  g_assert_true (GTK_IS_CHECK_BUTTON (check));
  g_assert_true (gtk_widget_get_visible (check));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  respond (f, dialog, "_Replace");

  /* One answer for both files: no second dialog. */
  wait_for (f, all_transfers_finished, "both downloads");
  g_assert_false (message_dialog_shown (f));
  g_assert_cmpuint (n_transfers (f), ==, 2);
  assert_same_file (local_hello, remote_hello);
  assert_same_file (local_extra, remote_extra);
}

static GtkWidget *
find_tooltip_button (GtkWidget  *widget,
                     const char *tooltip)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_widget_get_tooltip_text (widget), tooltip) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_tooltip_button (child, tooltip);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_retry (Fixture       *f,
            gconstpointer  data)
{
  FerryFilePane *remote = ferry_window_get_remote_pane (f->window);
  g_autofree char *remote_hello = g_build_filename (f->remote_dir, "hello.bin", NULL);
  g_autofree char *local_hello = g_build_filename (f->local_dir, "hello.bin", NULL);
  FerryTransfer *transfer;
  FerryTransferRow *row = NULL;
  GtkWidget *retry;

  connect_and_list (f);
  select_only (remote, "hello.bin");
  /* Gone behind the pane's back: the download fails. */
  g_assert_cmpint (g_unlink (remote_hello), ==, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.download", NULL));
  wait_for (f, transfer_finished, "the failing download");
  transfer = last_transfer (f);
  g_assert_cmpint (ferry_transfer_get_state (transfer), ==, FERRY_TRANSFER_FAILED);

  gtk_stack_set_visible_child_name (GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (f->window),
                                                                              FERRY_TYPE_WINDOW,
                                                                              "bottom_stack")),
                                    "transfers");
  for (int i = 0; i < 200 && (row = find_row (GTK_WIDGET (f->window), transfer)) == NULL; i++)
    settle (5);
  g_assert_nonnull (row);
  retry = find_tooltip_button (GTK_WIDGET (row), "Retry this transfer");
  g_assert_nonnull (retry);
  settle (50);
  g_assert_true (gtk_widget_get_visible (retry));

  /* Back on the server: the same row runs again and succeeds. */
  write_file (f->remote_dir, "hello.bin", f->remote_bytes);
  g_signal_emit_by_name (retry, "clicked");
  g_assert_false (ferry_transfer_is_finished (transfer));
  wait_for (f, transfer_finished, "the retried download");
  g_assert_cmpint (ferry_transfer_get_state (transfer), ==, FERRY_TRANSFER_DONE);
  g_assert_cmpuint (n_transfers (f), ==, 1);
  assert_same_file (local_hello, remote_hello);
  settle (50);
  g_assert_false (gtk_widget_get_visible (retry));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = g_dir_make_tmp ("ferry-ui-data-XXXXXX", NULL);
  g_autofree char *cmd = NULL;
  int status;

  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  /* Local deletes go to the trash: ours, not the user's. */
  g_assert_nonnull (data_home);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/ui/window/panes", Fixture, NULL, fixture_setup, test_panes, fixture_teardown);
  g_test_add ("/ui/window/connect-download-upload", Fixture, NULL,
              fixture_setup, test_connect_download_upload, fixture_teardown);
  g_test_add ("/ui/window/accessible-names", Fixture, NULL,
              fixture_setup, test_accessible_names, fixture_teardown);
  g_test_add ("/ui/window/quick-navigation", Fixture, NULL,
              fixture_setup, test_quick_navigation, fixture_teardown);
  g_test_add ("/ui/window/remote-file-ops", Fixture, NULL,
              fixture_setup, test_remote_file_ops, fixture_teardown);
  g_test_add ("/ui/window/local-file-ops", Fixture, NULL,
              fixture_setup, test_local_file_ops, fixture_teardown);
  g_test_add ("/ui/window/context-menu", Fixture, NULL,
              fixture_setup, test_context_menu, fixture_teardown);
  g_test_add ("/ui/window/command-line", Fixture, NULL,
              fixture_setup, test_command_line, fixture_teardown);
  g_test_add ("/ui/window/reconnect-quietly", Fixture, NULL,
              fixture_setup, test_reconnect_quietly, fixture_teardown);
  g_test_add ("/ui/window/active-mode", Fixture, NULL,
              fixture_setup, test_active_mode, fixture_teardown);
  g_test_add ("/ui/window/overwrite-apply-all", Fixture, NULL,
              fixture_setup, test_overwrite_apply_all, fixture_teardown);
  g_test_add ("/ui/window/retry", Fixture, NULL,
              fixture_setup, test_retry, fixture_teardown);
  g_test_add ("/ui/window/wrong-password", Fixture, NULL,
              fixture_setup, test_wrong_password, fixture_teardown);
  status = g_test_run ();
  cmd = g_strdup_printf ("rm -rf '%s'", data_home);
  g_assert_cmpint (system (cmd), ==, 0);
  return status;
}
