/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ferry-preferences-window.h"
#include "ferry-transfer-queue.h"

/*
 * Preferences: an AdwPreferencesWindow whose widgets are bound straight
 * to GSettings; the windows follow the keys (the transfer queue binds
 * concurrency, overwrite policy, speed limits and modification times).
 */

/* In the order of the combo row; nicks of the schema's OverwritePolicy. */
static const char *policy_nicks[] = { "ask", "never", "always", "newer", "resume" };

static gboolean
policy_get_mapping (GValue   *value,
                    GVariant *variant,
                    gpointer  user_data)
{
  const char *nick = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (policy_nicks); i++)
    if (g_str_equal (nick, policy_nicks[i]))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  return FALSE;
}

static GVariant *
policy_set_mapping (const GValue       *value,
                    const GVariantType *expected_type,
                    gpointer            user_data)
{
  guint i = g_value_get_uint (value);

  if (i >= G_N_ELEMENTS (policy_nicks))
    return NULL;
  return g_variant_new_string (policy_nicks[i]);
}

static GtkWidget *
spin_row (GSettings  *settings,
          const char *key,
          const char *title,
          const char *subtitle,
          double      min,
          double      max,
          double      step)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin = gtk_spin_button_new_with_range (min, max, step);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
  gtk_widget_set_name (spin, key);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  g_settings_bind (settings, key, spin, "value", G_SETTINGS_BIND_DEFAULT);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
  return row;
}

static GtkWidget *
switch_row (GSettings  *settings,
            const char *key,
            const char *title,
            const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *sw = gtk_switch_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (sw, GTK_ALIGN_CENTER);
  gtk_widget_set_name (sw, key);
  gtk_accessible_update_property (GTK_ACCESSIBLE (sw), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  g_settings_bind (settings, key, sw, "active", G_SETTINGS_BIND_DEFAULT);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), sw);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), sw);
  return row;
}

GtkWidget *
ferry_preferences_window_new (GtkWindow *parent)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  GtkWidget *window = adw_preferences_window_new ();
  GtkWidget *page = adw_preferences_page_new ();
  GtkWidget *transfers = adw_preferences_group_new ();
  GtkWidget *limits = adw_preferences_group_new ();
  GtkWidget *browsing = adw_preferences_group_new ();
  GtkWidget *policy = adw_combo_row_new ();
  GtkWidget *mtime;
  g_autoptr(GtkStringList) policies = gtk_string_list_new (NULL);

  gtk_window_set_transient_for (GTK_WINDOW (window), parent);
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_title (GTK_WINDOW (window), _("Preferences"));
  gtk_window_set_default_size (GTK_WINDOW (window), 560, 640);
  adw_preferences_window_set_search_enabled (ADW_PREFERENCES_WINDOW (window), FALSE);
  /* The bindings live as long as the window: it keeps the settings. */
  g_object_set_data_full (G_OBJECT (window), "ferry-settings", g_object_ref (settings), g_object_unref);

  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (page), _("General"));
  adw_preferences_page_set_icon_name (ADW_PREFERENCES_PAGE (page), "preferences-system-symbolic");

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (transfers), _("Transfers"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (transfers),
                             spin_row (settings, "transfer-concurrency", _("Transfer Connections"),
                                       _("Files transferred at the same time, each on its own connection; browsing keeps its own"),
                                       1, 10, 1));

  gtk_string_list_append (policies, _("Ask"));
  gtk_string_list_append (policies, _("Skip"));
  gtk_string_list_append (policies, _("Overwrite"));
  gtk_string_list_append (policies, _("Overwrite if Newer"));
  gtk_string_list_append (policies, _("Resume"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (policy), _("When the Target Exists"));
  adw_combo_row_set_model (ADW_COMBO_ROW (policy), G_LIST_MODEL (policies));
  gtk_widget_set_name (policy, "overwrite-policy");
  g_settings_bind_with_mapping (settings, "overwrite-policy", policy, "selected", G_SETTINGS_BIND_DEFAULT,
                                policy_get_mapping, policy_set_mapping, NULL, NULL);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (transfers), policy);
  mtime = switch_row (settings, "preserve-mtime", _("Keep Modification Times"),
                     _("Transferred files get the date of their source"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (transfers), mtime);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (limits), _("Speed Limits"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (limits),
                                         _("In KiB/s for all transfers together; 0 means no limit."));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (limits),
                             spin_row (settings, "speed-limit-down", _("Download Limit"), NULL, 0, 10485760, 64));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (limits),
                             spin_row (settings, "speed-limit-up", _("Upload Limit"), NULL, 0, 10485760, 64));

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (browsing), _("Browsing"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (browsing),
                             switch_row (settings, "show-hidden", _("Show Hidden Files"),
                                         _("Files whose name starts with a dot, in both panes")));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (browsing),
                             switch_row (settings, "active-mode", _("Active Mode (EPRT/PORT)"),
                                         _("Only for servers whose passive mode fails; from the next connection")));

  /* Keys the transfer engine does not know yet stay visible but say so,
   * rather than pretend to work. */
  {
    GObjectClass *queue_class = g_type_class_ref (FERRY_TYPE_TRANSFER_QUEUE);

    if (g_object_class_find_property (queue_class, "speed-limit-down") == NULL)
      {
        gtk_widget_set_sensitive (limits, FALSE);
        adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (limits),
                                               _("Not supported by this version of Ferry yet."));
      }
    if (g_object_class_find_property (queue_class, "preserve-mtime") == NULL)
      {
        gtk_widget_set_sensitive (mtime, FALSE);
        adw_action_row_set_subtitle (ADW_ACTION_ROW (mtime), _("Not supported by this version of Ferry yet."));
      }
    g_type_class_unref (queue_class);
  }

  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (transfers));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (limits));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (browsing));
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (window), ADW_PREFERENCES_PAGE (page));
  return window;
}
