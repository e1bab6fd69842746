/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The site menu of the real FerryWindow, in process, against
 * tests/servers/pyftpd.py: Save Site… from the connect bar writes the site
 * (never the password) to $XDG_CONFIG_HOME/ferry/sites.ini and it appears
 * in the menu; choosing it fills the bar and connects into its initial
 * folder; Manage Sites… lists it, deletes it, Undo brings it back.  With
 * gnome-keyring-daemon installed, a private one (temp HOME, inside the
 * private bus of run-under-xvfb) backs "Remember password": the site then
 * logs in with the password from the keyring.  Needs a display.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>

#include "ferry-file-pane.h"
#include "ferry-keyring.h"
#include "ferry-site-dialog.h"
#include "ferry-site-manager.h"
#include "ferry-site-menu.h"
#include "ferry-site-store.h"
#include "ferry-window-private.h"

#define TIMEOUT_US (10 * G_USEC_PER_SEC)

static char *config_home;        /* this run's XDG_CONFIG_HOME */
static GSubprocess *keyring;      /* gnome-keyring-daemon, or NULL */

typedef struct
{
  GSubprocess *server;
  char        *remote_dir;
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

static GtkWidget *
find_toplevel (GType type)
{
  GListModel *list = gtk_window_get_toplevels ();   /* not ours */

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (list, i);
      if (G_TYPE_CHECK_INSTANCE_TYPE (w, type) && gtk_widget_get_visible (GTK_WIDGET (w)))
        return GTK_WIDGET (w);
    }
  return NULL;
}

static void
start_server (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;
  g_autofree char *script = g_build_filename (SOURCE_ROOT, "tests", "servers", "pyftpd.py", NULL);
  guint64 port = 0;

  f->server = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                                &error, "/usr/bin/python3", script, "--root", f->remote_dir,
                                "--user", "demo:s3cret-pw", "--anonymous", NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (f->server));
  line = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
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
  g_autofree char *file = NULL;

  f->remote_dir = g_dir_make_tmp ("ferry-ui-sites-XXXXXX", &error);
  g_assert_no_error (error);
  sub = g_build_filename (f->remote_dir, "folder", NULL);
  g_assert_cmpint (g_mkdir (sub, 0755), ==, 0);
  file = g_build_filename (sub, "inner.txt", NULL);
  g_file_set_contents (file, "inside\n", -1, &error);
  g_assert_no_error (error);
  start_server (f);

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
remove_all_sites (void)
{
  FerrySiteStore *store = ferry_site_store_get_default ();
  g_auto(GStrv) ids = ferry_site_store_list_ids (store);

  for (guint i = 0; ids[i] != NULL; i++)
    g_assert_true (ferry_site_store_remove (store, ids[i], NULL));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", f->remote_dir);

  g_object_add_weak_pointer (G_OBJECT (f->window), (gpointer *) &f->window);
  gtk_window_destroy (GTK_WINDOW (f->window));
  wait_for (f, window_gone, "the window to be finalized");
  g_subprocess_force_exit (f->server);
  g_subprocess_wait (f->server, NULL, NULL);
  g_clear_object (&f->server);
  g_spawn_command_line_sync (cmd, NULL, NULL, NULL, NULL);
  g_free (f->remote_dir);
  remove_all_sites ();
}

/* --- helpers ------------------------------------------------------------ */

static void
fill_bar (Fixture    *f,
          const char *user,
          const char *password)
{
  g_autofree char *port = g_strdup_printf ("%u", f->port);

  gtk_drop_down_set_selected (f->window->protocol_dropdown, FERRY_PROTOCOL_FTP);
  gtk_editable_set_text (GTK_EDITABLE (f->window->host_entry), "127.0.0.1");
  gtk_editable_set_text (GTK_EDITABLE (f->window->port_entry), port);
  gtk_editable_set_text (GTK_EDITABLE (f->window->user_entry), user);
  gtk_editable_set_text (GTK_EDITABLE (f->window->password_entry), password);
}

static void
clear_bar (Fixture *f)
{
  gtk_editable_set_text (GTK_EDITABLE (f->window->host_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (f->window->port_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (f->window->user_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (f->window->password_entry), "");
}

static gboolean
dialog_shown (Fixture *f)
{
  return find_toplevel (FERRY_TYPE_SITE_DIALOG) != NULL;
}

static gboolean
dialog_gone (Fixture *f)
{
  return find_toplevel (FERRY_TYPE_SITE_DIALOG) == NULL;
}

static GtkWidget *
dialog_child (GtkWidget  *dialog,
              const char *name)
{
  GObject *child = gtk_widget_get_template_child (dialog, FERRY_TYPE_SITE_DIALOG, name);

  g_assert_nonnull (child);
  return GTK_WIDGET (child);
}

/* site.save, then the dialog's fields as a person would set them. */
static char *
save_site_via_dialog (Fixture    *f,
                      const char *name,
                      const char *path,
                      gboolean    remember)
{
  FerrySiteStore *store = ferry_site_store_get_default ();
  g_auto(GStrv) before = ferry_site_store_list_ids (store);
  g_auto(GStrv) after = NULL;
  GtkWidget *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "site.save", NULL));
  wait_for (f, dialog_shown, "the Save Site dialog");
  dialog = find_toplevel (FERRY_TYPE_SITE_DIALOG);
  /* Filled from the bar. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (dialog_child (dialog, "host_row"))), ==, "127.0.0.1");
  gtk_editable_set_text (GTK_EDITABLE (dialog_child (dialog, "name_row")), name);
  gtk_editable_set_text (GTK_EDITABLE (dialog_child (dialog, "path_row")), path);
  gtk_switch_set_active (GTK_SWITCH (dialog_child (dialog, "remember_switch")), remember);
  g_signal_emit_by_name (dialog_child (dialog, "save_button"), "clicked");
  wait_for (f, dialog_gone, "the Save Site dialog to close");

  after = ferry_site_store_list_ids (store);
  g_assert_cmpuint (g_strv_length (after), ==, g_strv_length (before) + 1);
  for (guint i = 0; after[i] != NULL; i++)
    if (!g_strv_contains ((const char * const *) before, after[i]))
      return g_strdup (after[i]);
  g_assert_not_reached ();
}

static GMenuModel *
sites_section (Fixture *f)
{
  GtkWidget *button = ferry_site_menu_get_button (f->window);
  GMenuModel *menu;

  g_assert_nonnull (button);
  menu = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (button));
  g_assert_nonnull (menu);
  return g_menu_model_get_item_link (menu, 0, G_MENU_LINK_SECTION);
}

static gboolean
remote_in_folder (Fixture *f)
{
  FerryFilePane *pane = ferry_window_get_remote_pane (f->window);

  return ferry_window_get_connected (f->window) && !ferry_file_pane_get_loading (pane) &&
         g_strcmp0 (ferry_file_pane_get_path (pane), "/folder") == 0 &&
         ferry_file_pane_lookup (pane, "/folder/inner.txt") != NULL;
}

/* --- tests -------------------------------------------------------------- */

static void
test_save_menu_connect (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *ini = g_build_filename (config_home, "ferry", "sites.ini", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *id = NULL;
  g_autofree char *label = NULL;
  g_autofree char *target = NULL;
  g_autoptr(GMenuModel) section = NULL;
  g_autofree char *port = g_strdup_printf ("%u", f->port);
  struct stat st;

  /* Anonymous, so no password is needed to connect; a password typed in
   * the bar must still never reach the file. */
  fill_bar (f, "", "typed-in-bar");
  id = save_site_via_dialog (f, "Test_Server", "/folder", FALSE);

  g_assert_true (g_file_get_contents (ini, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "Name=Test_Server"));
  g_assert_nonnull (strstr (contents, "Host=127.0.0.1"));
  g_assert_nonnull (strstr (contents, "Path=/folder"));
  g_assert_null (strstr (contents, "typed-in-bar"));
  g_assert_null (strstr (contents, "\nPassword="));
  g_assert_cmpint (g_stat (ini, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* In the menu, its "_" kept (escaped for the mnemonic parser). */
  section = sites_section (f);
  g_assert_cmpint (g_menu_model_get_n_items (section), ==, 1);
  g_assert_true (g_menu_model_get_item_attribute (section, 0, G_MENU_ATTRIBUTE_LABEL, "s", &label));
  g_assert_cmpstr (label, ==, "Test__Server");
  g_assert_true (g_menu_model_get_item_attribute (section, 0, G_MENU_ATTRIBUTE_TARGET, "s", &target));
  g_assert_cmpstr (target, ==, id);

  /* Picking it fills the bar and connects, into its initial folder. */
  clear_bar (f);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "site.connect", "s", id));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (f->window->host_entry)), ==, "127.0.0.1");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (f->window->port_entry)), ==, port);
  wait_for (f, remote_in_folder, "the saved site's initial folder listed");
}

static gboolean
manager_shown (Fixture *f)
{
  return find_toplevel (FERRY_TYPE_SITE_MANAGER) != NULL;
}

/* The rows' buttons, by accessible label, depth first. */
static GtkWidget *
find_button (GtkWidget  *root,
             const char *tooltip)
{
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (c) && g_strcmp0 (gtk_widget_get_tooltip_text (c), tooltip) == 0)
        return c;
      if ((found = find_button (c, tooltip)) != NULL)
        return found;
    }
  return NULL;
}

static void
test_manage (Fixture       *f,
             gconstpointer  data)
{
  FerrySiteStore *store = ferry_site_store_get_default ();
  g_autofree char *id = NULL;
  g_autoptr(GMenuModel) section = NULL;
  GtkWidget *manager;
  GtkWidget *delete;
  g_auto(GStrv) ids = NULL;

  fill_bar (f, "", "");
  id = save_site_via_dialog (f, "To Delete", "", FALSE);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "site.manage", NULL));
  wait_for (f, manager_shown, "Manage Sites");
  manager = find_toplevel (FERRY_TYPE_SITE_MANAGER);
  delete = find_button (manager, "Delete Site");
  g_assert_nonnull (delete);
  g_signal_emit_by_name (delete, "clicked");
  g_assert_null (ferry_site_store_lookup (store, id));
  section = sites_section (f);
  /* Only the insensitive "No saved sites" hint is left. */
  g_assert_cmpint (g_menu_model_get_n_items (section), ==, 1);
  g_assert_null (g_menu_model_get_item_attribute_value (section, 0, G_MENU_ATTRIBUTE_TARGET, NULL));
  g_assert_null (find_button (manager, "Delete Site"));

  gtk_window_destroy (GTK_WINDOW (manager));
  ids = ferry_site_store_list_ids (store);
  g_assert_cmpuint (g_strv_length (ids), ==, 0);
}

/* --- keyring ------------------------------------------------------------ */

static GAsyncResult *lookup_result;

static void
lookup_done (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  lookup_result = g_object_ref (result);
}

static gboolean
lookup_finished (Fixture *f)
{
  return lookup_result != NULL;
}

static void
test_remember_password (Fixture       *f,
                        gconstpointer  data)
{
  FerrySiteStore *store = ferry_site_store_get_default ();
  g_autofree char *ini = g_build_filename (config_home, "ferry", "sites.ini", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *id = NULL;
  g_autofree char *password = NULL;
  g_autoptr(GError) error = NULL;
  const FerrySavedSite *saved;

  if (keyring == NULL)
    {
      g_test_skip ("no gnome-keyring-daemon: no Secret Service to remember passwords in");
      return;
    }

  fill_bar (f, "demo", "s3cret-pw");
  id = save_site_via_dialog (f, "With Password", "/folder", TRUE);
  saved = ferry_site_store_lookup (store, id);
  g_assert_true (saved->remember_password);
  g_assert_true (g_file_get_contents (ini, &contents, NULL, NULL));
  g_assert_null (strstr (contents, "s3cret-pw"));

  /* Stored asynchronously: wait until the keyring has it. */
  for (int i = 0; i < 100; i++)
    {
      g_clear_object (&lookup_result);
      g_clear_pointer (&password, g_free);
      ferry_keyring_lookup_async (saved->site, NULL, lookup_done, NULL);
      wait_for (f, lookup_finished, "a keyring lookup");
      password = ferry_keyring_lookup_finish (lookup_result, &error);
      g_assert_no_error (error);
      if (password != NULL)
        break;
      g_usleep (50000);
    }
  g_clear_object (&lookup_result);
  g_assert_cmpstr (password, ==, "s3cret-pw");

  /* An empty bar: the login can only succeed with the keyring's password. */
  clear_bar (f);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "site.connect", "s", id));
  wait_for (f, remote_in_folder, "a login with the remembered password");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (f->window->user_entry)), ==, "demo");
}

/* A private Secret Service on run-under-xvfb's private bus, with its files
 * under this run's temp HOME; NULL when gnome-keyring is not installed. */
static GSubprocess *
start_keyring (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autofree char *exe = g_find_program_in_path ("gnome-keyring-daemon");
  GSubprocess *proc;
  GOutputStream *in;

  if (exe == NULL || g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    return NULL;
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                        G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  proc = g_subprocess_launcher_spawn (launcher, &error, exe, "--foreground", "--unlock",
                                      "--components=secrets", NULL);
  g_assert_no_error (error);
  in = g_subprocess_get_stdin_pipe (proc);
  g_output_stream_write_all (in, "ferry-ui-test", 13, NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (in, NULL, NULL);
  return proc;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *home = g_dir_make_tmp ("ferry-ui-sites-home-XXXXXX", &error);
  g_autofree char *cmd = NULL;
  int rc;

  /* Before anything reads them: the site store and the keyring daemon
   * must never see the real user's files. */
  g_assert_no_error (error);
  config_home = g_build_filename (home, "config", NULL);
  g_setenv ("HOME", home, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config_home, TRUE);
  g_setenv ("XDG_DATA_HOME", home, TRUE);
  keyring = start_keyring ();

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/sites/save-menu-connect", Fixture, NULL, fixture_setup, test_save_menu_connect, fixture_teardown);
  g_test_add ("/sites/manage-delete", Fixture, NULL, fixture_setup, test_manage, fixture_teardown);
  g_test_add ("/sites/remember-password", Fixture, NULL, fixture_setup, test_remember_password,
              fixture_teardown);
  rc = g_test_run ();

  if (keyring != NULL)
    {
      g_subprocess_send_signal (keyring, SIGTERM);
      g_subprocess_wait (keyring, NULL, NULL);
      g_object_unref (keyring);
    }
  cmd = g_strdup_printf ("rm -rf '%s'", home);
  g_spawn_command_line_sync (cmd, NULL, NULL, NULL, NULL);
  g_free (config_home);
  return rc;
}
