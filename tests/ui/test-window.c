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
#include "ferry-list-entry.h"
#include "ferry-log-view.h"
#include "ferry-properties-dialog.h"
#include "ferry-transfer-list.h"
#include "ferry-transfer-row.h"
#include "ferry-window.h"
#include "ui-fixture.h"


/* --- conditions -------------------------------------------------------- */

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

static GPtrArray *
fake_entries (guint n)
{
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify) ferry_list_entry_free);

  for (guint i = 0; i < n; i++)
    {
      FerryListEntry *e = ferry_list_entry_new ();

      e->name = g_strdup_printf ("f%05u", i);
      e->size = i;
      g_ptr_array_add (entries, e);
    }
  return entries;
}

static gboolean
remote_has_first_part (Fixture *f)
{
  return g_list_model_get_n_items (ferry_file_pane_get_model (ferry_window_get_remote_pane (f->window))) == 1000;
}

static gboolean
remote_is_empty (Fixture *f)
{
  return g_list_model_get_n_items (ferry_file_pane_get_model (ferry_window_get_remote_pane (f->window))) == 0;
}

static gboolean
remote_has_all_rows (Fixture *f)
{
  FerryFilePane *remote = ferry_window_get_remote_pane (f->window);

  return !ferry_file_pane_get_loading (remote) &&
         g_list_model_get_n_items (ferry_file_pane_get_model (remote)) == 3000;
}

/* The first parts of a listing show as rows while it is still loading;
 * the whole listing replaces them; a listing that fails after its first
 * rows leaves no half-filled pane. */
static void
test_streamed_listing (Fixture       *f,
                       gconstpointer  data)
{
  FerryFilePane *remote = ferry_window_get_remote_pane (f->window);
  g_autoptr(GPtrArray) all = fake_entries (3000);
  g_autoptr(GPtrArray) part = fake_entries (1000);

  ferry_file_pane_add_remote_batch (remote, "/big", part, TRUE);
  wait_for (f, remote_has_first_part, "the first rows");
  g_assert_true (ferry_file_pane_get_loading (remote));
  g_assert_cmpstr (ferry_file_pane_get_path (remote), ==, "/big");

  ferry_file_pane_set_remote_listing (remote, "/big", all);
  wait_for (f, remote_has_all_rows, "all rows");

  /* Again, and this time the listing fails. */
  ferry_file_pane_set_path (remote, "/other");
  ferry_file_pane_add_remote_batch (remote, "/other", part, TRUE);
  while (ferry_file_pane_get_path (remote) == NULL ||
         g_strcmp0 (ferry_file_pane_get_path (remote), "/other") != 0)
    g_main_context_iteration (NULL, TRUE);
  ferry_file_pane_load_failed (remote);
  g_assert_false (ferry_file_pane_get_loading (remote));
  g_assert_null (ferry_file_pane_get_path (remote));
  wait_for (f, remote_is_empty, "the rows gone");
}

static void
test_connect_download_upload (Fixture       *f,
                              gconstpointer  data)
{
  FerryFilePane *local = ferry_window_get_local_pane (f->window);
  FerryFilePane *remote = ferry_window_get_remote_pane (f->window);
  FerryTransferItem *transfer;
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
  g_assert_cmpint (ferry_transfer_item_get_state (transfer), ==, FERRY_TRANSFER_DONE);
  g_assert_cmpuint (ferry_transfer_item_get_bytes_done (transfer), ==, g_bytes_get_size (f->remote_bytes));

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

static gboolean
properties_shown (Fixture *f)
{
  return find_toplevel (FERRY_TYPE_PROPERTIES_DIALOG) != NULL;
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

int
main (int   argc,
      char *argv[])
{
  char *data_home = ui_test_init (&argc, &argv);
  int status;

  g_test_add ("/ui/window/panes", Fixture, NULL, fixture_setup, test_panes, fixture_teardown);
  g_test_add ("/ui/window/streamed-listing", Fixture, NULL, fixture_setup, test_streamed_listing, fixture_teardown);
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
  g_test_add ("/ui/window/wrong-password", Fixture, NULL,
              fixture_setup, test_wrong_password, fixture_teardown);
  status = g_test_run ();
  ui_test_cleanup (data_home);
  return status;
}
