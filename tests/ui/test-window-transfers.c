/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The window's transfer queue, in process, against tests/servers/pyftpd.py
 * on loopback: folders both ways, the concurrency setting, "Only failed",
 * pause and resume, the overwrite question with "Apply to all", retry,
 * the queue saved at close and offered by the next window, the
 * preferences window, and the account dialog for a 532 on STOR (against
 * tests/fault/fault-server.py).  Needs a display (tests/ui/run-under-xvfb).
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "ferry-log-view.h"
#include "ferry-transfer-list.h"
#include "ferry-transfer-row.h"
#include "ferry-window.h"
#include "ui-fixture.h"

static const char *wanted_path;

static gboolean
remote_has_wanted (Fixture *f)
{
  FerryFilePane *pane = ferry_window_get_remote_pane (f->window);
  return !ferry_file_pane_get_loading (pane) && ferry_file_pane_lookup (pane, wanted_path) != NULL;
}

static FerryTransferList *
transfer_list (Fixture *f)
{
  return ferry_window_get_transfer_list (f->window);
}

static FerryTransferQueue *
queue (Fixture *f)
{
  FerryTransferQueue *q = ferry_transfer_list_get_queue (transfer_list (f));

  g_assert_nonnull (q);
  return q;
}

static void
shot (const char *name)
{
  const char *out = g_getenv ("FERRY_UI_OUT");
  g_autofree char *path = NULL;

  if (out == NULL)
    return;
  settle (300);
  path = g_build_filename (out, name, NULL);
  save_screenshot (path);
}

static void
make_dirs (const char *root,
           const char *rel)
{
  g_autofree char *path = g_build_filename (root, rel, NULL);

  g_assert_cmpint (g_mkdir_with_parents (path, 0700), ==, 0);
}

/* Every regular file below @a is in @b with the same bytes; returns how
 * many there were. */
static guint
assert_same_tree (const char *a,
                  const char *b)
{
  g_autoptr(GDir) dir = g_dir_open (a, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *pa = g_build_filename (a, name, NULL);
      g_autofree char *pb = g_build_filename (b, name, NULL);

      if (g_file_test (pa, G_FILE_TEST_IS_DIR))
        {
          g_assert_true (g_file_test (pb, G_FILE_TEST_IS_DIR));
          n += assert_same_tree (pa, pb);
        }
      else
        {
          assert_same_file (pa, pb);
          n++;
        }
    }
  return n;
}

static FerryTransferItem *
first_transfer (Fixture *f)
{
  g_autoptr(FerryTransferItem) t = g_list_model_get_item (ferry_transfer_list_get_items (transfer_list (f)), 0);

  g_assert_nonnull (t);
  return t;   /* the model keeps it alive */
}

/* --- folders ----------------------------------------------------------- */

static void
test_folder_download (Fixture       *f,
                      gconstpointer  data)
{
  FerryFilePane *remote = ferry_window_get_remote_pane (f->window);
  g_autoptr(GBytes) big = random_bytes (200 * 1024 + 3);
  g_autoptr(GBytes) small = g_bytes_new_static ("deep\n", 5);
  g_autofree char *remote_folder = g_build_filename (f->remote_dir, "folder", NULL);
  g_autofree char *local_folder = g_build_filename (f->local_dir, "folder", NULL);
  g_autofree char *deep_dir = g_build_filename (remote_folder, "sub", "deeper", NULL);
  g_autofree char *empty_local = g_build_filename (local_folder, "empty", NULL);
  FerryTransferRow *row;

  make_dirs (f->remote_dir, "folder/sub/deeper");
  make_dirs (f->remote_dir, "folder/empty");
  write_file (remote_folder, "big.bin", big);
  write_file (deep_dir, "deep.txt", small);
  {
    g_autofree char *sub = g_build_filename (remote_folder, "sub", NULL);
    write_file (sub, "middle.bin", big);
  }

  connect_and_list (f);
  select_only (remote, "folder");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.download", NULL));
  wait_for (f, all_transfers_finished, "the folder download");

  /* inner.txt (from the fixture), big.bin, sub/middle.bin, sub/deeper/deep.txt */
  g_assert_cmpuint (assert_same_tree (remote_folder, local_folder), ==, 4);
  g_assert_true (g_file_test (empty_local, G_FILE_TEST_IS_DIR));

  /* The folder's row stands for the whole tree. */
  row = wait_row (f, first_transfer (f));
  settle (200);
  g_assert_true (ferry_transfer_item_get_is_dir (first_transfer (f)));
  g_assert_cmpstr (ferry_transfer_row_get_state_text (row), ==, "Done · 4 files");
  g_assert_nonnull (strstr (ferry_transfer_list_get_summary (transfer_list (f)), "4 of 4 files"));
  shot ("transfers-folder.png");
}

static void
test_folder_upload (Fixture       *f,
                    gconstpointer  data)
{
  FerryFilePane *local = ferry_window_get_local_pane (f->window);
  g_autoptr(GBytes) big = random_bytes (150 * 1024 + 1);
  g_autofree char *local_folder = g_build_filename (f->local_dir, "Projects", NULL);
  g_autofree char *remote_folder = g_build_filename (f->remote_dir, "Projects", NULL);
  g_autofree char *nested = g_build_filename (local_folder, "a", "b", NULL);

  make_dirs (f->local_dir, "Projects/a/b");
  write_file (local_folder, "top.bin", big);
  write_file (nested, "leaf.bin", big);

  connect_and_list (f);
  select_only (local, "Projects");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.upload", NULL));
  wait_for (f, all_transfers_finished, "the folder upload");
  g_assert_cmpuint (assert_same_tree (local_folder, remote_folder), ==, 2);
  wanted_path = "/Projects";
  wait_for (f, remote_has_wanted, "the uploaded folder in the remote pane");
}

/* --- settings ---------------------------------------------------------- */

static void
test_concurrency_setting (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  connect_and_list (f);
  g_assert_cmpuint (ferry_transfer_queue_get_concurrency (queue (f)), ==, 2);
  g_settings_set_uint (settings, "transfer-concurrency", 7);
  g_assert_cmpuint (ferry_transfer_queue_get_concurrency (queue (f)), ==, 7);
  g_settings_set_string (settings, "overwrite-policy", "newer");
  g_assert_cmpint (ferry_transfer_queue_get_overwrite_policy (queue (f)), ==, FERRY_OVERWRITE_NEWER);

  /* A new connection's queue starts with the setting too. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.connect", NULL));
  wait_for (f, remote_listed, "the listing again");
  g_assert_cmpuint (ferry_transfer_queue_get_concurrency (queue (f)), ==, 7);
  g_settings_reset (settings, "transfer-concurrency");
  g_settings_reset (settings, "overwrite-policy");
  g_assert_cmpuint (ferry_transfer_queue_get_concurrency (queue (f)), ==, 2);
}

static GtkWidget *
find_named (GtkWidget  *widget,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
preferences_shown (Fixture *f)
{
  return find_toplevel (ADW_TYPE_PREFERENCES_WINDOW) != NULL;
}

static void
test_preferences (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  GtkWindow *prefs;
  GtkWidget *spin, *combo, *sw, *limit;

  connect_and_list (f);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.preferences", NULL));
  wait_for (f, preferences_shown, "the preferences window");
  prefs = find_toplevel (ADW_TYPE_PREFERENCES_WINDOW);
  g_assert_true (gtk_window_get_transient_for (prefs) == GTK_WINDOW (f->window));

  spin = find_named (GTK_WIDGET (prefs), "transfer-concurrency");
  combo = find_named (GTK_WIDGET (prefs), "overwrite-policy");
  sw = find_named (GTK_WIDGET (prefs), "show-hidden");
  limit = find_named (GTK_WIDGET (prefs), "speed-limit-down");
  g_assert_true (GTK_IS_SPIN_BUTTON (spin));
  g_assert_true (ADW_IS_COMBO_ROW (combo));
  g_assert_true (GTK_IS_SWITCH (sw));
  g_assert_true (GTK_IS_SPIN_BUTTON (limit));
  g_assert_nonnull (find_named (GTK_WIDGET (prefs), "preserve-mtime"));
  g_assert_nonnull (find_named (GTK_WIDGET (prefs), "active-mode"));
  g_assert_nonnull (find_named (GTK_WIDGET (prefs), "speed-limit-up"));
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (spin)), ==, 2);
  shot ("preferences.png");

  /* The widgets write the settings, and the queue follows them. */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 4);
  g_assert_cmpuint (g_settings_get_uint (settings, "transfer-concurrency"), ==, 4);
  g_assert_cmpuint (ferry_transfer_queue_get_concurrency (queue (f)), ==, 4);
  adw_combo_row_set_selected (ADW_COMBO_ROW (combo), 2);
  g_assert_cmpstr (g_settings_get_string (settings, "overwrite-policy"), ==, "always");
  g_assert_cmpint (ferry_transfer_queue_get_overwrite_policy (queue (f)), ==, FERRY_OVERWRITE_ALWAYS);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (limit), 512);
  g_assert_cmpuint (g_settings_get_uint (settings, "speed-limit-down"), ==, 512);
  gtk_switch_set_active (GTK_SWITCH (sw), TRUE);
  g_assert_true (g_settings_get_boolean (settings, "show-hidden"));

  /* And the other way round. */
  g_settings_set_uint (settings, "transfer-concurrency", 9);
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (spin)), ==, 9);

  gtk_window_destroy (prefs);
  g_settings_reset (settings, "transfer-concurrency");
  g_settings_reset (settings, "overwrite-policy");
  g_settings_reset (settings, "speed-limit-down");
  g_settings_reset (settings, "show-hidden");
}

/* --- the list ---------------------------------------------------------- */

static void
test_only_failed (Fixture       *f,
                  gconstpointer  data)
{
  FerryFilePane *remote = ferry_window_get_remote_pane (f->window);
  g_autoptr(GBytes) extra = random_bytes (1000);
  g_autofree char *remote_extra = g_build_filename (f->remote_dir, "extra.bin", NULL);
  GListModel *shown;
  g_autoptr(FerryTransferItem) failed = NULL;

  connect_and_list (f);
  write_file (f->remote_dir, "extra.bin", extra);
  wanted_path = "/extra.bin";
  ferry_file_pane_reload (remote);
  wait_for (f, remote_has_wanted, "the second remote file");

  /* Gone behind the pane's back: that download fails (550, no retry). */
  g_assert_cmpint (g_unlink (remote_extra), ==, 0);
  select_only (remote, "hello.bin");
  select_also (remote, "extra.bin");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.download", NULL));
  wait_for (f, all_transfers_finished, "both downloads");

  shown = ferry_transfer_list_get_model (transfer_list (f));
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 2);
  ferry_transfer_list_set_only_failed (transfer_list (f), TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 1);
  failed = g_list_model_get_item (shown, 0);
  g_assert_cmpint (ferry_transfer_item_get_state (failed), ==, FERRY_TRANSFER_FAILED);
  g_assert_cmpstr (ferry_transfer_item_get_remote_path (failed), ==, "/extra.bin");
  g_assert_nonnull (strstr (ferry_transfer_list_get_summary (transfer_list (f)), "1 failed"));
  ferry_transfer_list_set_only_failed (transfer_list (f), FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 2);
}

static gboolean
last_done (Fixture *f)
{
  FerryTransferItem *t = last_transfer (f);
  return t != NULL && ferry_transfer_item_get_state (t) == FERRY_TRANSFER_DONE;
}

static void
test_pause_resume (Fixture       *f,
                   gconstpointer  data)
{
  FerryFilePane *remote = ferry_window_get_remote_pane (f->window);
  g_autofree char *local_hello = g_build_filename (f->local_dir, "hello.bin", NULL);
  g_autofree char *remote_hello = g_build_filename (f->remote_dir, "hello.bin", NULL);
  GtkWidget *pause_all;
  FerryTransferItem *item;
  FerryTransferRow *row;
  GtkWidget *button;

  connect_and_list (f);
  pause_all = (GtkWidget *) gtk_widget_get_template_child (GTK_WIDGET (transfer_list (f)), FERRY_TYPE_TRANSFER_LIST,
                                             "pause_all_button");
  g_assert_nonnull (pause_all);

  /* #14: the restore bar's buttons are named by their mnemonic labels
   * only, not also by the raw "_Discard" (AT-SPI read "_Discard Discard"). */
  for (guint i = 0; i < 2; i++)
    {
      const char *id = i == 0 ? "restore_discard_button" : "restore_resume_button";
      GtkAccessible *restore = GTK_ACCESSIBLE (gtk_widget_get_template_child (GTK_WIDGET (transfer_list (f)),
                                                                              FERRY_TYPE_TRANSFER_LIST, id));

      g_assert_false (gtk_test_accessible_has_property (restore, GTK_ACCESSIBLE_PROPERTY_LABEL));
    }

  /* win.pause-all (a property action over the window's view of the
   * current queue) and the button say the same thing. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.pause-all", NULL));
  g_assert_true (ferry_transfer_queue_get_paused (queue (f)));
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (pause_all)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.pause-all", NULL));
  g_assert_false (ferry_transfer_queue_get_paused (queue (f)));

  /* Pause All first: the download waits. */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (pause_all), TRUE);
  g_assert_true (ferry_transfer_queue_get_paused (queue (f)));
  select_only (remote, "hello.bin");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.download", NULL));
  item = last_transfer (f);
  g_assert_nonnull (item);
  settle (300);
  g_assert_cmpint (ferry_transfer_item_get_state (item), ==, FERRY_TRANSFER_QUEUED);
  g_assert_false (g_file_test (local_hello, G_FILE_TEST_EXISTS));

  /* The row's pause button pauses the item itself ... */
  row = wait_row (f, item);
  button = find_tooltip_button (GTK_WIDGET (row), "Pause this transfer");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  g_assert_cmpint (ferry_transfer_item_get_state (item), ==, FERRY_TRANSFER_PAUSED);
  g_assert_cmpstr (ferry_transfer_row_get_state_text (row), ==, "Paused");

  /* ... which stays paused when the queue resumes ... */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (pause_all), FALSE);
  g_assert_false (ferry_transfer_queue_get_paused (queue (f)));
  settle (300);
  g_assert_cmpint (ferry_transfer_item_get_state (item), ==, FERRY_TRANSFER_PAUSED);

  /* ... until its own resume button. */
  button = find_tooltip_button (GTK_WIDGET (row), "Resume this transfer");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  wait_for (f, last_done, "the resumed download");
  assert_same_file (local_hello, remote_hello);
}

/* --- overwrite and retry ----------------------------------------------- */

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

  gtk_stack_set_visible_child_name (GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (f->window),
                                                                              FERRY_TYPE_WINDOW,
                                                                              "bottom_stack")),
                                    "transfers");
  select_only (remote, "hello.bin");
  select_also (remote, "extra.bin");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.download", NULL));
  dialog = wait_message_dialog (f);
  /* The row behind the question says what it waits for. */
  {
    GListModel *model = ferry_transfer_list_get_items (ferry_window_get_transfer_list (f->window));
    guint n_asking = 0;

    for (guint i = 0; i < g_list_model_get_n_items (model); i++)
      {
        g_autoptr(FerryTransferItem) t = g_list_model_get_item (model, i);

        if (!ferry_transfer_item_get_asking (t))
          continue;
        n_asking++;
        g_assert_cmpstr (ferry_transfer_row_get_state_text (wait_row (f, t)), ==,
                         "Exists: waiting for your answer");
      }
    g_assert_cmpuint (n_asking, >=, 1);
  }
  check = adw_message_dialog_get_extra_child (dialog);
  g_assert_true (GTK_IS_CHECK_BUTTON (check));
  g_assert_true (gtk_widget_get_visible (check));
  g_assert_true (g_str_equal (adw_message_dialog_get_heading (dialog), "Replace “hello.bin”?") ||
                 g_str_equal (adw_message_dialog_get_heading (dialog), "Replace “extra.bin”?"));
  for (guint i = 0; i < 5; i++)
    g_assert_true (adw_message_dialog_has_response (dialog, (const char *[]) {
                     "overwrite", "newer", "resume", "rename", "skip" }[i]));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  shot ("overwrite-dialog.png");
  respond (f, dialog, "_Overwrite");

  /* One answer for both files: no second dialog. */
  wait_for (f, all_transfers_finished, "both downloads");
  g_assert_false (message_dialog_shown (f));
  g_assert_cmpuint (n_transfers (f), ==, 2);
  assert_same_file (local_hello, remote_hello);
  assert_same_file (local_extra, remote_extra);
}

static void
test_retry (Fixture       *f,
            gconstpointer  data)
{
  FerryFilePane *remote = ferry_window_get_remote_pane (f->window);
  g_autofree char *remote_hello = g_build_filename (f->remote_dir, "hello.bin", NULL);
  g_autofree char *local_hello = g_build_filename (f->local_dir, "hello.bin", NULL);
  FerryTransferItem *transfer;
  FerryTransferRow *row = NULL;
  GtkWidget *retry;

  connect_and_list (f);
  select_only (remote, "hello.bin");
  /* Gone behind the pane's back: the download fails. */
  g_assert_cmpint (g_unlink (remote_hello), ==, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.download", NULL));
  wait_for (f, transfer_finished, "the failing download");
  transfer = last_transfer (f);
  g_assert_cmpint (ferry_transfer_item_get_state (transfer), ==, FERRY_TRANSFER_FAILED);

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
  g_assert_false (ferry_transfer_state_is_final (ferry_transfer_item_get_state (transfer)));
  wait_for (f, transfer_finished, "the retried download");
  g_assert_cmpint (ferry_transfer_item_get_state (transfer), ==, FERRY_TRANSFER_DONE);
  g_assert_cmpuint (n_transfers (f), ==, 1);
  assert_same_file (local_hello, remote_hello);
  settle (50);
  g_assert_false (gtk_widget_get_visible (retry));
}


/* --- persistence ------------------------------------------------------- */

static gboolean
first_window_gone (Fixture *f)
{
  return f->window == NULL;
}

static gboolean
restored_shown (Fixture *f)
{
  return n_transfers (f) == 1;
}

static void
test_persistence (Fixture       *f,
                  gconstpointer  data)
{
  FerryFilePane *remote = ferry_window_get_remote_pane (f->window);
  g_autofree char *local_hello = g_build_filename (f->local_dir, "hello.bin", NULL);
  g_autofree char *remote_hello = g_build_filename (f->remote_dir, "hello.bin", NULL);
  g_autofree char *saved = NULL;
  FerryTransferItem *item;
  GtkWidget *revealer;
  AdwMessageDialog *dialog;
  GtkWidget *entry;

  connect_and_list (f);
  /* Queued, not run: what is pending when Ferry quits. */
  ferry_transfer_queue_set_paused (queue (f), TRUE);
  select_only (remote, "hello.bin");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.download", NULL));
  g_assert_cmpuint (n_transfers (f), ==, 1);

  g_object_add_weak_pointer (G_OBJECT (f->window), (gpointer *) &f->window);
  gtk_window_close (GTK_WINDOW (f->window));
  wait_for (f, first_window_gone, "the first window to go");
  g_assert_true (g_file_get_contents (f->queue_file, &saved, NULL, NULL));
  g_assert_nonnull (strstr (saved, "hello.bin"));
  g_assert_nonnull (strstr (saved, "demo@127.0.0.1"));
  g_assert_null (strstr (saved, "secret"));

  /* The next window shows it, paused, with the info bar. */
  f->window = ferry_window_new (NULL);
  ferry_window_set_local_dir (f->window, f->local_dir);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1000, 700);
  gtk_window_present (GTK_WINDOW (f->window));
  wait_for (f, restored_shown, "the saved transfer");
  item = last_transfer (f);
  g_assert_cmpstr (ferry_transfer_item_get_remote_path (item), ==, "/hello.bin");
  g_assert_cmpstr (ferry_transfer_item_get_local_path (item), ==, local_hello);
  g_assert_false (ferry_transfer_state_is_final (ferry_transfer_item_get_state (item)));
  revealer = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (transfer_list (f)),
                                                        FERRY_TYPE_TRANSFER_LIST, "restore_revealer"));
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)));
  settle (300);
  g_assert_false (g_file_test (local_hello, G_FILE_TEST_EXISTS));
  shot ("transfers-restored.png");

  /* Resume: the password is not saved, so it is asked for. */
  g_signal_emit_by_name (find_labelled_button (revealer, "_Resume"), "clicked");
  dialog = wait_message_dialog (f);
  entry = adw_message_dialog_get_extra_child (dialog);
  g_assert_true (GTK_IS_ENTRY (entry));
  g_assert_false (gtk_entry_get_visibility (GTK_ENTRY (entry)));
  gtk_editable_set_text (GTK_EDITABLE (entry), "secret");
  respond (f, dialog, "C_onnect");
  wait_for (f, last_done, "the resumed download");
  assert_same_file (local_hello, remote_hello);
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)));
  g_assert_true (ferry_window_get_connected (f->window));

  /* Nothing left: the saved queue goes away. */
  settle (1500);
  g_assert_false (g_file_test (f->queue_file, G_FILE_TEST_EXISTS));
}

static gboolean
list_empty (Fixture *f)
{
  return n_transfers (f) == 0;
}

static void
test_persistence_discard (Fixture       *f,
                          gconstpointer  data)
{
  FerryFilePane *remote = ferry_window_get_remote_pane (f->window);
  GtkWidget *revealer;

  connect_and_list (f);
  ferry_transfer_queue_set_paused (queue (f), TRUE);
  select_only (remote, "hello.bin");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.download", NULL));
  g_object_add_weak_pointer (G_OBJECT (f->window), (gpointer *) &f->window);
  gtk_window_close (GTK_WINDOW (f->window));
  wait_for (f, first_window_gone, "the first window to go");
  g_assert_true (g_file_test (f->queue_file, G_FILE_TEST_EXISTS));

  f->window = ferry_window_new (NULL);
  ferry_window_set_local_dir (f->window, f->local_dir);
  gtk_window_present (GTK_WINDOW (f->window));
  wait_for (f, restored_shown, "the saved transfer");
  revealer = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (transfer_list (f)),
                                                        FERRY_TYPE_TRANSFER_LIST, "restore_revealer"));
  g_signal_emit_by_name (find_labelled_button (revealer, "_Discard"), "clicked");
  wait_for (f, list_empty, "the list to empty");
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)));
  g_assert_false (g_file_test (f->queue_file, G_FILE_TEST_EXISTS));
}

/* ACCT during a transfer: the fault server takes the login but answers
 * 532 to STOR until ACCT; the queue's question becomes the account
 * dialog, and the account typed there lets the upload through. */
static gboolean
remote_has_ok (Fixture *f)
{
  FerryFilePane *pane = ferry_window_get_remote_pane (f->window);

  return ferry_window_get_connected (f->window) && !ferry_file_pane_get_loading (pane) &&
         ferry_file_pane_lookup (pane, "/ok.txt") != NULL;
}

static void
test_upload_account (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) fault = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(FerrySite) site = ferry_site_new ();
  g_autofree char *script = g_build_filename (SOURCE_ROOT, "tests", "fault", "fault-server.py", NULL);
  g_autofree char *report = g_build_filename (f->state_dir, "fault.jsonl", NULL);
  g_autofree char *line = NULL;
  g_autofree char *events = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *entry;
  guint64 port = 0;

  fault = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                            "/usr/bin/python3", script, "--scenario", "store-needs-account",
                            "--report", report, NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (fault));
  line = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (line != NULL && g_str_has_prefix (line, "PORT "));
  g_assert_true (g_ascii_string_to_unsigned (line + 5, 10, 1, 65535, &port, NULL));

  wait_for (f, local_listed, "the local folder");
  site->host = g_strdup ("127.0.0.1");
  site->port = (guint16) port;
  site->user = g_strdup ("demo");
  site->password = g_strdup ("secret");
  ferry_window_connect_site (f->window, site);
  wait_for (f, remote_has_ok, "the fault server's listing");

  select_only (ferry_window_get_local_pane (f->window), "notes.txt");
  ferry_window_upload_selected (f->window);
  dialog = wait_message_dialog (f);
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (dialog), "Account"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "532"));
  entry = adw_message_dialog_get_extra_child (dialog);
  gtk_editable_set_text (GTK_EDITABLE (entry), "secret");
  settle (200);
  respond (f, dialog, "_Send Account");
  wait_for (f, transfer_finished, "the upload");
  g_assert_cmpint (ferry_transfer_item_get_state (last_transfer (f)), ==, FERRY_TRANSFER_DONE);

  g_assert_true (g_file_get_contents (report, &events, NULL, NULL));
  g_assert_nonnull (strstr (events, "\"ACCT secret\""));
  g_assert_nonnull (strstr (events, "\"event\": \"stored\", \"name\": \"/notes.txt\", \"size\": 11"));
  g_subprocess_force_exit (fault);
  g_subprocess_wait (fault, NULL, NULL);
}

int
main (int   argc,
      char *argv[])
{
  char *data_home = ui_test_init (&argc, &argv);
  int status;

  g_test_add ("/ui/transfers/folder-download", Fixture, NULL,
              fixture_setup, test_folder_download, fixture_teardown);
  g_test_add ("/ui/transfers/folder-upload", Fixture, NULL,
              fixture_setup, test_folder_upload, fixture_teardown);
  g_test_add ("/ui/transfers/concurrency-setting", Fixture, NULL,
              fixture_setup, test_concurrency_setting, fixture_teardown);
  g_test_add ("/ui/transfers/preferences", Fixture, NULL,
              fixture_setup, test_preferences, fixture_teardown);
  g_test_add ("/ui/transfers/only-failed", Fixture, NULL,
              fixture_setup, test_only_failed, fixture_teardown);
  g_test_add ("/ui/transfers/pause-resume", Fixture, NULL,
              fixture_setup, test_pause_resume, fixture_teardown);
  g_test_add ("/ui/transfers/overwrite-apply-all", Fixture, NULL,
              fixture_setup, test_overwrite_apply_all, fixture_teardown);
  g_test_add ("/ui/transfers/retry", Fixture, NULL,
              fixture_setup, test_retry, fixture_teardown);
  g_test_add ("/ui/transfers/persistence", Fixture, NULL,
              fixture_setup, test_persistence, fixture_teardown);
  g_test_add ("/ui/transfers/persistence-discard", Fixture, NULL,
              fixture_setup, test_persistence_discard, fixture_teardown);
  g_test_add ("/ui/transfers/upload-account", Fixture, NULL,
              fixture_setup, test_upload_account, fixture_teardown);
  status = g_test_run ();
  ui_test_cleanup (data_home);
  return status;
}
