/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ferry-keyring.h"
#include "ferry-site-dialog.h"
#include "ferry-site-manager.h"
#include "ferry-site-menu.h"
#include "ferry-window-private.h"

typedef struct
{
  FerryWindow    *window;        /* owner: this struct is its object data */
  FerrySiteStore *store;
  GMenu          *sites;         /* the first section: one item per site */
  GtkWidget      *button;
  GCancellable   *cancellable;   /* keyring lookups; cancelled with the window */
} SiteMenu;

#define SITE_MENU_KEY "ferry-site-menu"

static void
site_menu_free (gpointer data)
{
  SiteMenu *m = data;

  g_cancellable_cancel (m->cancellable);
  g_object_unref (m->cancellable);
  g_signal_handlers_disconnect_by_data (m->store, m);
  g_object_unref (m->store);
  g_object_unref (m->sites);
  g_free (m);
}

/* Menu labels take mnemonics: a site called "my_server" keeps its "_". */
static char *
escape_underlines (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, "_", -1);

  return g_strjoinv ("__", parts);
}

static void
rebuild (SiteMenu *m)
{
  g_auto(GStrv) ids = ferry_site_store_list_ids (m->store);

  g_menu_remove_all (m->sites);
  for (guint i = 0; ids[i] != NULL; i++)
    {
      const FerrySavedSite *saved = ferry_site_store_lookup (m->store, ids[i]);
      g_autofree char *label = escape_underlines (saved->name);
      g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

      g_menu_item_set_action_and_target_value (item, "site.connect", g_variant_new_string (ids[i]));
      g_menu_append_item (m->sites, item);
    }
  if (ids[0] == NULL)
    /* An item without an action is shown insensitive: a hint, not a site. */
    g_menu_append (m->sites, _("No saved sites"), "site.none");
}

/* --- connect ------------------------------------------------------------ */

static gboolean
needs_password (const FerrySite *site)
{
  return site->user != NULL && *site->user != '\0' &&
         g_ascii_strcasecmp (site->user, "anonymous") != 0 &&
         g_ascii_strcasecmp (site->user, "ftp") != 0;
}

/* Fills the bar without connecting and asks for the password there. */
static void
ask_password (SiteMenu        *m,
              const FerrySite *site,
              const char      *why)
{
  FerryWindow *window = m->window;
  g_autofree char *port = site->port ? g_strdup_printf ("%u", site->port) : g_strdup ("");
  g_autofree char *msg = NULL;

  gtk_drop_down_set_selected (window->protocol_dropdown, site->protocol);
  gtk_editable_set_text (GTK_EDITABLE (window->host_entry), site->host);
  gtk_editable_set_text (GTK_EDITABLE (window->port_entry), port);
  gtk_editable_set_text (GTK_EDITABLE (window->user_entry), site->user);
  gtk_editable_set_text (GTK_EDITABLE (window->password_entry), "");
  gtk_widget_grab_focus (GTK_WIDGET (window->password_entry));
  msg = why != NULL
        ? g_strdup_printf (_("Enter the password for %s (%s), then press Connect"), site->user, why)
        : g_strdup_printf (_("Enter the password for %s, then press Connect"), site->user);
  ferry_window_toast (window, msg);
}

typedef struct
{
  SiteMenu  *menu;      /* valid while the cancellable is not cancelled */
  FerrySite *site;
} Lookup;

static void
looked_up_cb (GObject      *source G_GNUC_UNUSED,
              GAsyncResult *result,
              gpointer      data)
{
  Lookup *l = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *password = ferry_keyring_lookup_finish (result, &error);

  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      if (password != NULL)
        {
          l->site->password = g_steal_pointer (&password);
          ferry_window_connect_site (l->menu->window, l->site);
        }
      else
        ask_password (l->menu, l->site,
                      error != NULL ? error->message : _("none is stored in the keyring"));
    }
  ferry_site_free (l->site);
  g_free (l);
}

static void
connect_activated (GSimpleAction *action G_GNUC_UNUSED,
                   GVariant      *parameter,
                   gpointer       data)
{
  SiteMenu *m = data;
  const FerrySavedSite *saved = ferry_site_store_lookup (m->store, g_variant_get_string (parameter, NULL));
  g_autoptr(FerrySite) site = NULL;

  if (saved == NULL)
    return;
  site = ferry_site_copy (saved->site);
  if (!needs_password (site))
    ferry_window_connect_site (m->window, site);
  else if (saved->remember_password)
    {
      Lookup *l = g_new0 (Lookup, 1);

      l->menu = m;
      l->site = g_steal_pointer (&site);
      ferry_keyring_lookup_async (l->site, m->cancellable, looked_up_cb, l);
    }
  else
    ask_password (m, site, NULL);
}

/* --- save / manage ------------------------------------------------------ */

/* The connect bar as a site, leniently: whatever is there is offered for
 * editing in the dialog, which validates it. */
static FerrySite *
site_from_bar (FerryWindow *window)
{
  const char *host = gtk_editable_get_text (GTK_EDITABLE (window->host_entry));
  const char *port = gtk_editable_get_text (GTK_EDITABLE (window->port_entry));
  g_autofree char *stripped = g_strstrip (g_strdup (host));
  FerrySite *site = NULL;
  guint64 port_num = 0;

  if (strstr (stripped, "://") != NULL)
    site = ferry_site_parse_url (stripped, NULL);
  if (site == NULL)
    {
      site = ferry_site_new ();
      site->protocol = (FerryProtocol) gtk_drop_down_get_selected (window->protocol_dropdown);
      site->host = g_steal_pointer (&stripped);
      if (g_ascii_string_to_unsigned (port, 10, 1, 65535, &port_num, NULL))
        site->port = (guint16) port_num;
      site->user = g_strdup (gtk_editable_get_text (GTK_EDITABLE (window->user_entry)));
      site->password = g_strdup (gtk_editable_get_text (GTK_EDITABLE (window->password_entry)));
    }
  /* The connection's own initial folder, when it is the bar's site. */
  if (site->path == NULL && window->site != NULL && window->site->path != NULL &&
      g_strcmp0 (window->site->host, site->host) == 0)
    site->path = g_strdup (window->site->path);
  site->active = g_settings_get_boolean (window->settings, "active-mode");
  return site;
}

static void
save_activated (GSimpleAction *action G_GNUC_UNUSED,
                GVariant      *parameter G_GNUC_UNUSED,
                gpointer       data)
{
  SiteMenu *m = data;
  g_autoptr(FerrySite) site = site_from_bar (m->window);

  gtk_window_present (GTK_WINDOW (ferry_site_dialog_new (GTK_WINDOW (m->window), m->store, NULL, site)));
}

static void
manage_activated (GSimpleAction *action G_GNUC_UNUSED,
                  GVariant      *parameter G_GNUC_UNUSED,
                  gpointer       data)
{
  SiteMenu *m = data;

  gtk_window_present (GTK_WINDOW (ferry_site_manager_new (GTK_WINDOW (m->window), m->store)));
}

/* --- attach ------------------------------------------------------------- */

void
ferry_site_menu_attach (FerryWindow    *window,
                        FerrySiteStore *store)
{
  const GActionEntry entries[] = {
    { "connect", connect_activated, "s", NULL, NULL, { 0 } },
    { "save", save_activated, NULL, NULL, NULL, { 0 } },
    { "manage", manage_activated, NULL, NULL, NULL, { 0 } },
  };
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) actions = g_menu_new ();
  GtkWidget *bar = gtk_widget_get_parent (GTK_WIDGET (window->protocol_dropdown));
  SiteMenu *m = g_new0 (SiteMenu, 1);

  g_return_if_fail (FERRY_IS_WINDOW (window) && FERRY_IS_SITE_STORE (store));

  m->window = window;
  m->store = g_object_ref (store);
  m->sites = g_menu_new ();
  m->cancellable = g_cancellable_new ();
  g_object_set_data_full (G_OBJECT (window), SITE_MENU_KEY, m, site_menu_free);

  g_action_map_add_action_entries (G_ACTION_MAP (group), entries, G_N_ELEMENTS (entries), m);
  gtk_widget_insert_action_group (GTK_WIDGET (window), "site", G_ACTION_GROUP (group));

  g_menu_append_section (menu, NULL, G_MENU_MODEL (m->sites));
  g_menu_append (actions, _("_Save Site…"), "site.save");
  g_menu_append (actions, _("_Manage Sites…"), "site.manage");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (actions));
  rebuild (m);
  g_signal_connect_swapped (store, "changed", G_CALLBACK (rebuild), m);

  m->button = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (m->button), "user-bookmarks-symbolic");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (m->button), G_MENU_MODEL (menu));
  gtk_widget_set_tooltip_text (m->button, _("Sites"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (m->button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Sites"), -1);
  gtk_box_prepend (GTK_BOX (bar), m->button);
}

GtkWidget *
ferry_site_menu_get_button (FerryWindow *window)
{
  SiteMenu *m = g_object_get_data (G_OBJECT (window), SITE_MENU_KEY);

  return m != NULL ? m->button : NULL;
}
