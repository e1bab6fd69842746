/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "ferry-log-view.h"
#include "ferry-transfer-list.h"
#include "ferry-transfer-row.h"
#include "ui-fixture.h"

/* Iterates the main loop until @cond holds; fails the test on timeout. */
void
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

void
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

GBytes *
random_bytes (gsize len)
{
  guint8 *data = g_malloc (len);

  for (gsize i = 0; i < len; i++)
    data[i] = (guint8) g_random_int ();
  return g_bytes_new_take (data, len);
}

void
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

void
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

  /* Each window saves its queue here, and finds none at start. */
  f->state_dir = g_dir_make_tmp ("ferry-ui-state-XXXXXX", &error);
  g_assert_no_error (error);
  f->queue_file = g_build_filename (f->state_dir, "queue.ini", NULL);
  g_setenv ("FERRY_QUEUE_FILE", f->queue_file, TRUE);

  f->window = ferry_window_new (NULL);
  ferry_window_set_local_dir (f->window, f->local_dir);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1000, 700);
  gtk_window_present (GTK_WINDOW (f->window));
}

gboolean
window_gone (Fixture *f)
{
  return f->window == NULL;
}

void
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

  cmd = g_strdup_printf ("rm -rf '%s' '%s' '%s'", f->local_dir, f->remote_dir, f->state_dir);
  g_assert_cmpint (system (cmd), ==, 0);
  g_clear_pointer (&f->state_dir, g_free);
  g_clear_pointer (&f->queue_file, g_free);
  g_clear_pointer (&f->local_dir, g_free);
  g_clear_pointer (&f->remote_dir, g_free);
  g_clear_pointer (&f->remote_bytes, g_bytes_unref);
}

gboolean
local_listed (Fixture *f)
{
  FerryFilePane *pane = ferry_window_get_local_pane (f->window);

  return !ferry_file_pane_get_loading (pane) &&
         g_strcmp0 (ferry_file_pane_get_path (pane), f->local_dir) == 0 &&
         g_list_model_get_n_items (ferry_file_pane_get_model (pane)) == 2;
}

gboolean
remote_listed (Fixture *f)
{
  FerryFilePane *pane = ferry_window_get_remote_pane (f->window);

  return ferry_window_get_connected (f->window) &&
         g_list_model_get_n_items (ferry_file_pane_get_model (pane)) == 2;
}

void
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

GtkWidget *
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

guint
count_in_log (Fixture    *f,
              const char *needle)
{
  g_autofree char *log = ferry_log_view_dup_text (ferry_window_get_log_view (f->window));
  guint n = 0;

  for (const char *p = strstr (log, needle); p; p = strstr (p + 1, needle))
    n++;
  return n;
}

void
connect_and_list (Fixture *f)
{
  wait_for (f, local_listed, "the local folder");
  fill_connect_bar (f, "secret");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.connect", NULL));
  wait_for (f, remote_listed, "the remote listing");
}

/* Lets queued work (stale listings, refreshes) arrive. */
void
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
void
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

GtkWindow *
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

gboolean
message_dialog_shown (Fixture *f)
{
  return find_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

gboolean
no_message_dialog (Fixture *f)
{
  return !message_dialog_shown (f);
}

GtkWidget *
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
void
respond (Fixture          *f,
         AdwMessageDialog *dialog,
         const char       *label)
{
  GtkWidget *button = find_labelled_button (GTK_WIDGET (dialog), label);

  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  wait_for (f, no_message_dialog, "the dialog to close");
}

AdwMessageDialog *
wait_message_dialog (Fixture *f)
{
  wait_for (f, message_dialog_shown, "a message dialog");
  return ADW_MESSAGE_DIALOG (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
}

void
select_only (FerryFilePane *pane,
             const char    *name)
{
  gtk_selection_model_unselect_all (ferry_file_pane_get_selection_model (pane));
  g_assert_true (ferry_file_pane_select_name (pane, name));
}

/* Adds the row named @name to the selection. */
void
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

void
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

GtkWidget *
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

char *
ui_test_init (int    *argc,
              char ***argv)
{
  char *data_home = g_dir_make_tmp ("ferry-ui-data-XXXXXX", NULL);

  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  /* Local deletes go to the trash, and the queue is saved: ours, not the
   * user's. */
  g_assert_nonnull (data_home);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  gtk_test_init (argc, argv, NULL);
  adw_init ();
  return data_home;
}

void
ui_test_cleanup (char *data_home)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", data_home);

  g_assert_cmpint (system (cmd), ==, 0);
  g_free (data_home);
}

/* --- the transfer list ------------------------------------------------- */

FerryTransferItem *
last_transfer (Fixture *f)
{
  GListModel *model = ferry_transfer_list_get_items (ferry_window_get_transfer_list (f->window));
  guint n = g_list_model_get_n_items (model);
  g_autoptr(FerryTransferItem) t = n ? g_list_model_get_item (model, n - 1) : NULL;

  return t;   /* the model keeps it alive */
}

gboolean
transfer_finished (Fixture *f)
{
  FerryTransferItem *t = last_transfer (f);

  return t != NULL && ferry_transfer_state_is_final (ferry_transfer_item_get_state (t));
}

gboolean
all_transfers_finished (Fixture *f)
{
  GListModel *model = ferry_transfer_list_get_items (ferry_window_get_transfer_list (f->window));
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FerryTransferItem) t = g_list_model_get_item (model, i);
      if (!ferry_transfer_state_is_final (ferry_transfer_item_get_state (t)))
        return FALSE;
    }
  return n > 0;
}

guint
n_transfers (Fixture *f)
{
  return g_list_model_get_n_items (ferry_transfer_list_get_items (ferry_window_get_transfer_list (f->window)));
}

FerryTransferRow *
find_row (GtkWidget         *widget,
          FerryTransferItem *item)
{
  if (FERRY_IS_TRANSFER_ROW (widget) &&
      ferry_transfer_row_get_item (FERRY_TRANSFER_ROW (widget)) == item)
    return FERRY_TRANSFER_ROW (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    {
      FerryTransferRow *row = find_row (child, item);
      if (row != NULL)
        return row;
    }
  return NULL;
}

/* The row of @item once the list view has made it. */
FerryTransferRow *
wait_row (Fixture           *f,
          FerryTransferItem *item)
{
  FerryTransferRow *row = NULL;

  show_transfers (f);
  for (int i = 0; i < 400 && (row = find_row (GTK_WIDGET (f->window), item)) == NULL; i++)
    settle (5);
  g_assert_nonnull (row);
  return row;
}

void
show_transfers (Fixture *f)
{
  GObject *stack = gtk_widget_get_template_child (GTK_WIDGET (f->window), FERRY_TYPE_WINDOW, "bottom_stack");

  gtk_stack_set_visible_child_name (GTK_STACK (stack), "transfers");
}
