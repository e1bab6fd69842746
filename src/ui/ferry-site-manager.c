/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ferry-keyring.h"
#include "ferry-site-dialog.h"
#include "ferry-site-manager.h"

struct _FerrySiteManager
{
  AdwPreferencesWindow  parent_instance;

  /* owned */
  FerrySiteStore       *store;
  GPtrArray            *rows;     /* AdwActionRow* in the group */

  /* borrowed (children) */
  AdwPreferencesPage   *page;
  AdwPreferencesGroup  *group;
  AdwStatusPage        *empty;
};

G_DEFINE_FINAL_TYPE (FerrySiteManager, ferry_site_manager, ADW_TYPE_PREFERENCES_WINDOW)

static const char *scheme_names[] = { "ftp", "ftpes", "ftps" };

char *
ferry_site_manager_describe (const FerrySite *site)
{
  GString *s = g_string_new (scheme_names[site->protocol]);
  gboolean v6 = site->host != NULL && strchr (site->host, ':') != NULL;

  g_string_append (s, "://");
  if (site->user != NULL && *site->user != '\0')
    g_string_append_printf (s, "%s@", site->user);
  g_string_append_printf (s, v6 ? "[%s]" : "%s", site->host ? site->host : "");
  if (site->port != 0)
    g_string_append_printf (s, ":%u", site->port);
  if (site->path != NULL && *site->path != '\0')
    g_string_append_printf (s, "%s%s", site->path[0] == '/' ? "" : "/", site->path);
  if (site->active)
    g_string_append (s, _(" (active mode)"));
  return g_string_free (s, FALSE);
}

static void
edit_clicked_cb (GtkButton        *button,
                 FerrySiteManager *self)
{
  const char *id = g_object_get_data (G_OBJECT (button), "site-id");

  gtk_window_present (GTK_WINDOW (ferry_site_dialog_new (GTK_WINDOW (self), self->store, id, NULL)));
}

typedef struct
{
  FerrySiteStore *store;
  FerrySavedSite *saved;
  gboolean        undone;
} Deleted;

static void
deleted_free (gpointer data)
{
  Deleted *d = data;

  g_object_unref (d->store);
  ferry_saved_site_free (d->saved);
  g_free (d);
}

static void
undo_clicked_cb (AdwToast *toast G_GNUC_UNUSED,
                 Deleted  *d)
{
  d->undone = TRUE;
  g_free (ferry_site_store_put (d->store, d->saved, NULL));
}

/* The keyring item goes only when the deletion is final, so that Undo
 * brings the site back with its password. */
static void
toast_dismissed_cb (AdwToast *toast G_GNUC_UNUSED,
                    Deleted  *d)
{
  if (!d->undone && d->saved->remember_password)
    ferry_keyring_clear_async (d->saved->site, NULL, NULL, NULL);
}

static void
delete_clicked_cb (GtkButton        *button,
                   FerrySiteManager *self)
{
  const char *id = g_object_get_data (G_OBJECT (button), "site-id");
  const FerrySavedSite *saved = ferry_site_store_lookup (self->store, id);
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  Deleted *d;
  AdwToast *toast;

  if (saved == NULL)
    return;
  d = g_new0 (Deleted, 1);
  d->store = g_object_ref (self->store);
  d->saved = ferry_saved_site_copy (saved);
  if (!ferry_site_store_remove (self->store, id, &error))
    {
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (error->message));
      deleted_free (d);
      return;
    }
  title = g_strdup_printf (_("“%s” deleted"), d->saved->name);
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  g_signal_connect (toast, "button-clicked", G_CALLBACK (undo_clicked_cb), d);
  g_signal_connect_data (toast, "dismissed", G_CALLBACK (toast_dismissed_cb), d,
                         (GClosureNotify) (void (*) (void)) deleted_free, 0);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), toast);
}

static GtkWidget *
row_button (const char       *icon,
            const char       *tooltip,
            const char       *id,
            GCallback         cb,
            FerrySiteManager *self)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  gtk_widget_add_css_class (button, "flat");
  g_object_set_data_full (G_OBJECT (button), "site-id", g_strdup (id), g_free);
  g_signal_connect (button, "clicked", cb, self);
  return button;
}

static void
rebuild (FerrySiteManager *self)
{
  g_auto(GStrv) ids = ferry_site_store_list_ids (self->store);

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->group, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);

  for (guint i = 0; ids[i] != NULL; i++)
    {
      const FerrySavedSite *saved = ferry_site_store_lookup (self->store, ids[i]);
      g_autofree char *url = ferry_site_manager_describe (saved->site);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), saved->name);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), url);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 row_button ("document-edit-symbolic", _("Edit Site"), ids[i],
                                             G_CALLBACK (edit_clicked_cb), self));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 row_button ("user-trash-symbolic", _("Delete Site"), ids[i],
                                             G_CALLBACK (delete_clicked_cb), self));
      adw_preferences_group_add (self->group, row);
      g_ptr_array_add (self->rows, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->group), self->rows->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->empty), self->rows->len == 0);
}

static void
add_clicked_cb (FerrySiteManager *self)
{
  gtk_window_present (GTK_WINDOW (ferry_site_dialog_new (GTK_WINDOW (self), self->store, NULL, NULL)));
}

static void
ferry_site_manager_dispose (GObject *object)
{
  FerrySiteManager *self = FERRY_SITE_MANAGER (object);

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  G_OBJECT_CLASS (ferry_site_manager_parent_class)->dispose (object);
}

static void
ferry_site_manager_class_init (FerrySiteManagerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = ferry_site_manager_dispose;
}

static void
ferry_site_manager_init (FerrySiteManager *self)
{
  GtkWidget *add;
  AdwPreferencesGroup *empty_group;

  self->rows = g_ptr_array_new ();
  gtk_window_set_title (GTK_WINDOW (self), _("Sites"));
  gtk_window_set_default_size (GTK_WINDOW (self), 520, 460);
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  adw_preferences_window_set_search_enabled (ADW_PREFERENCES_WINDOW (self), FALSE);

  self->page = ADW_PREFERENCES_PAGE (adw_preferences_page_new ());
  self->group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->group, _("Saved Sites"));
  add = gtk_button_new_from_icon_name ("list-add-symbolic");
  gtk_widget_set_tooltip_text (add, _("Add Site"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (add), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Add Site"), -1);
  gtk_widget_add_css_class (add, "flat");
  g_signal_connect_swapped (add, "clicked", G_CALLBACK (add_clicked_cb), self);
  adw_preferences_group_set_header_suffix (self->group, add);
  adw_preferences_page_add (self->page, self->group);

  /* No sites yet: say how to get one instead of showing an empty list. */
  self->empty = ADW_STATUS_PAGE (adw_status_page_new ());
  adw_status_page_set_icon_name (self->empty, "network-server-symbolic");
  adw_status_page_set_title (self->empty, _("No Saved Sites"));
  adw_status_page_set_description (self->empty,
                                   _("Fill in the connect bar and choose Save Site… in the site menu"));
  empty_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_add (empty_group, GTK_WIDGET (self->empty));
  adw_preferences_page_add (self->page, empty_group);

  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), self->page);
}

FerrySiteManager *
ferry_site_manager_new (GtkWindow      *parent,
                        FerrySiteStore *store)
{
  FerrySiteManager *self = g_object_new (FERRY_TYPE_SITE_MANAGER, "transient-for", parent, NULL);

  self->store = g_object_ref (store);
  g_signal_connect_swapped (store, "changed", G_CALLBACK (rebuild), self);
  rebuild (self);
  return self;
}
