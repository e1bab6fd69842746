/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ferry-application.h"
#include "ferry-site.h"
#include "ferry-stall-probe.h"
#include "ferry-window.h"

struct _FerryApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (FerryApplication, ferry_application, ADW_TYPE_APPLICATION)

static FerryWindow *
new_window (FerryApplication *self)
{
  FerryWindow *window = ferry_window_new (GTK_APPLICATION (self));

  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static void
ferry_application_activate (GApplication *application)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (application));

  if (window != NULL)
    gtk_window_present (window);
  else
    new_window (FERRY_APPLICATION (application));
}

static int
ferry_application_command_line (GApplication            *application,
                                GApplicationCommandLine *command_line)
{
  FerryApplication *self = FERRY_APPLICATION (application);
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);
  g_autofree char *local_dir = NULL;
  g_autofree const char **urls = NULL;
  g_autoptr(FerrySite) site = NULL;
  FerryWindow *window;

  g_variant_dict_lookup (options, "local-dir", "^ay", &local_dir);
  g_variant_dict_lookup (options, G_OPTION_REMAINING, "^a&ay", &urls);

  if (urls != NULL && urls[0] != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (urls[1] != NULL)
        {
          g_application_command_line_printerr (command_line, _("Give at most one address\n"));
          return 2;
        }
      site = ferry_site_parse_url (urls[0], &error);
      if (site == NULL)
        {
          g_application_command_line_printerr (command_line, _("Not a valid address: %s\n"), error->message);
          return 2;
        }
    }

  window = new_window (self);
  if (local_dir != NULL)
    {
      g_autoptr(GFile) dir = g_application_command_line_create_file_for_arg (command_line, local_dir);
      g_autofree char *path = g_file_get_path (dir);
      ferry_window_set_local_dir (window, path);
    }
  if (site != NULL)
    ferry_window_connect_site (window, site);
  return 0;
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  GtkApplication *app = user_data;
  const char *developers[] = { "The Ferry developers", NULL };

  adw_show_about_window (gtk_application_get_active_window (app),
                         "application-name", _("Ferry"),
                         "application-icon", APP_ID,
                         "version", PACKAGE_VERSION,
                         "developers", developers,
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "comments", _("Move files to and from FTP servers"),
                         /* Translators: put your names here, one per line */
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GtkApplication *app = user_data;
  GList *windows = gtk_application_get_windows (app);

  /* Closing windows lets each one say QUIT to its servers. */
  while (windows != NULL)
    {
      GList *next = windows->next;
      gtk_window_close (windows->data);
      windows = next;
    }
}

static void
ferry_application_startup (GApplication *application)
{
  static const GActionEntry actions[] = {
    { "about", about_action, NULL, NULL, NULL, { 0 } },
    { "quit", quit_action, NULL, NULL, NULL, { 0 } },
  };
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *close_accels[] = { "<Control>w", NULL };

  G_APPLICATION_CLASS (ferry_application_parent_class)->startup (application);
  /* FERRY_DEBUG_STALLS=N: log main-loop gaps longer than N ms. */
  ferry_stall_probe_start (0);

  g_action_map_add_action_entries (G_ACTION_MAP (application), actions, G_N_ELEMENTS (actions), application);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "window.close", close_accels);
}

static void
ferry_application_class_init (FerryApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->activate = ferry_application_activate;
  app_class->command_line = ferry_application_command_line;
  app_class->startup = ferry_application_startup;
}

static void
ferry_application_init (FerryApplication *self)
{
  static const GOptionEntry entries[] = {
    { "local-dir", 'l', 0, G_OPTION_ARG_FILENAME, NULL,
      N_("Start the local pane in DIR"), N_("DIR") },
    /* No arg_description: the parameter string below already names the
     * address, and GOption would print it a second time. */
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, NULL, NULL, NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self),
                                                     _("[ftp://user:password@host:port/path]"));
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("A two-pane FTP client."));
}

FerryApplication *
ferry_application_new (void)
{
  return g_object_new (FERRY_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE | G_APPLICATION_NON_UNIQUE,
                       "resource-base-path", "/io/github/ferryftp/Ferry",
                       NULL);
}
