/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "ferry-keyring.h"
#include "ferry-transfer-row.h"
#include "ferry-window-private.h"

/*
 * The queue between sessions and the questions it asks:
 *  - the queue is saved (debounced, and when the window closes) to
 *    $FERRY_QUEUE_FILE or ~/.local/share/ferry/queue.ini, never with a
 *    password;
 *  - at start-up a saved queue is shown paused under an info bar: Resume
 *    connects to its site (password from the keyring, else asked for)
 *    and carries on,
 *    Discard forgets it;
 *  - ask-overwrite goes to the window's FerryInteraction (a dialog, one
 *    at a time, "Apply to all" for the rest of the queue);
 *  - the queue's knobs follow GSettings.
 */

#define SAVE_DELAY_MS 1000

/* --- saving ------------------------------------------------------------ */

static gboolean
has_pending (GListModel *items)
{
  guint n = g_list_model_get_n_items (items);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FerryTransferItem) item = g_list_model_get_item (items, i);
      FerryTransferState state = ferry_transfer_item_get_state (item);

      if (!ferry_transfer_state_is_final (state) || state == FERRY_TRANSFER_FAILED)
        return TRUE;
    }
  return FALSE;
}

void
ferry_window_queue_save_now (FerryWindow *self)
{
  g_autoptr(GError) error = NULL;

  g_clear_handle_id (&self->save_id, g_source_remove);
  /* The last session's queue stays as it is until it is resumed or
   * discarded: another connection must not overwrite it. */
  if (self->queue == NULL || self->queue_file == NULL || self->restore_site != NULL)
    return;
  if (!has_pending (G_LIST_MODEL (self->queue)))
    {
      if (g_unlink (self->queue_file) != 0 && errno != ENOENT)
        g_warning ("Could not remove %s: %s", self->queue_file, g_strerror (errno));
      return;
    }
  if (!ferry_transfer_queue_save (self->queue, self->queue_file, &error))
    g_warning ("Could not save the transfer queue: %s", error->message);
}

static void
queue_saved_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!ferry_transfer_queue_save_finish (NULL, result, &error))
    g_warning ("Could not save the transfer queue: %s", error->message);
}

static gboolean
save_timeout_cb (gpointer user_data)
{
  FerryWindow *self = user_data;

  self->save_id = 0;
  if (self->queue == NULL || self->queue_file == NULL || self->restore_site != NULL)
    return G_SOURCE_REMOVE;
  /* Written (or, with nothing pending, removed) in a thread; a later
   * save always wins over an earlier one still being written. */
  ferry_transfer_queue_save_async (self->queue, self->queue_file, NULL, queue_saved_cb, NULL);
  return G_SOURCE_REMOVE;
}

void
ferry_window_queue_schedule_save (FerryWindow *self)
{
  if (self->save_id == 0 && self->queue != NULL)
    self->save_id = g_timeout_add (SAVE_DELAY_MS, save_timeout_cb, self);
}

/* --- the last session -------------------------------------------------- */

static gboolean
same_site (const FerrySite *a,
           const FerrySite *b)
{
  const char *user_a = a->user && *a->user ? a->user : "anonymous";
  const char *user_b = b->user && *b->user ? b->user : "anonymous";

  return a->protocol == b->protocol &&
         g_ascii_strcasecmp (a->host, b->host) == 0 &&
         ferry_site_get_port (a) == ferry_site_get_port (b) &&
         g_strcmp0 (user_a, user_b) == 0;
}

static char *
site_text (const FerrySite *site)
{
  const char *user = site->user && *site->user ? site->user : "anonymous";

  return g_strdup_printf ("%s@%s", user, site->host);
}

static void
clear_restore (FerryWindow *self)
{
  g_clear_pointer (&self->restore_site, ferry_site_free);
  g_clear_object (&self->restore_queue);
  self->restore_on_connect = FALSE;
  ferry_transfer_list_show_restore (self->transfer_list, 0, NULL);
}

/* The saved items join this connection's queue. */
static void
adopt_saved_queue (FerryWindow *self)
{
  g_autoptr(GError) error = NULL;
  gboolean resume = self->restore_on_connect;
  guint n;

  if (!ferry_transfer_queue_load (self->queue, self->queue_file, &error))
    {
      g_autofree char *msg = g_strdup_printf (_("Could not load the saved transfers: %s"), error->message);
      ferry_window_toast (self, msg);
    }
  clear_restore (self);
  if (!resume)
    return;
  n = g_list_model_get_n_items (G_LIST_MODEL (self->queue));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FerryTransferItem) item = g_list_model_get_item (G_LIST_MODEL (self->queue), i);
      if (ferry_transfer_item_get_state (item) == FERRY_TRANSFER_PAUSED)
        ferry_transfer_queue_resume_item (self->queue, item);
    }
  ferry_transfer_queue_retry_failed (self->queue);
}

static void
password_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      FerryWindow      *self)
{
  GtkWidget *entry = adw_message_dialog_get_extra_child (dialog);
  g_autoptr(FerrySite) site = NULL;

  if (!g_str_equal (response, "connect") || self->restore_site == NULL)
    return;
  site = ferry_site_copy (self->restore_site);
  g_free (site->password);
  site->password = g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry)));
  self->restore_on_connect = TRUE;
  ferry_window_connect_site (self, site);
}

static void
ask_password (FerryWindow *self)
{
  g_autofree char *who = site_text (self->restore_site);
  g_autofree char *body = g_strdup_printf (_("The saved transfers need a connection to %s. "
                                             "Passwords are not saved with them."), who);
  AdwMessageDialog *dialog;
  GtkWidget *entry;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Password Needed"), body));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "connect", _("C_onnect"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "connect", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "connect");
  adw_message_dialog_set_close_response (dialog, "cancel");
  /* A plain entry that hides its text: GTK 4.8's GtkPasswordEntry can
   * leave a caps-lock handler behind on the keyboard device when a
   * window with one went away before (seen in tests/ui as an invalid
   * cast when this dialog closed). */
  entry = gtk_entry_new ();
  gtk_entry_set_visibility (GTK_ENTRY (entry), FALSE);
  gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_PASSWORD);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Password"), -1);
  adw_message_dialog_set_extra_child (dialog, entry);
  g_signal_connect_object (dialog, "response", G_CALLBACK (password_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
keyring_lookup_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(FerryWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *password = ferry_keyring_lookup_finish (result, &error);
  g_autoptr(FerrySite) site = NULL;

  /* Discarded, or the window went, meanwhile. */
  if (self->restore_site == NULL || gtk_widget_in_destruction (GTK_WIDGET (self)))
    return;
  if (password == NULL)
    {
      /* Nothing stored, or no keyring: the user knows it. */
      if (error != NULL)
        g_debug ("Keyring lookup failed: %s", error->message);
      ask_password (self);
      return;
    }
  site = ferry_site_copy (self->restore_site);
  g_free (site->password);
  site->password = g_steal_pointer (&password);
  ferry_window_connect_site (self, site);
}

static void
restore_cb (FerryTransferList *list,
            gboolean           resume,
            FerryWindow       *self)
{
  const char *user;

  if (self->restore_site == NULL)
    return;
  if (!resume)
    {
      if (self->queue_file != NULL)
        g_unlink (self->queue_file);
      clear_restore (self);
      ferry_transfer_list_set_queue (self->transfer_list, self->queue);
      ferry_window_queue_schedule_save (self);
      return;
    }

  self->restore_on_connect = TRUE;
  if (self->queue != NULL && self->site != NULL && same_site (self->site, self->restore_site))
    {
      adopt_saved_queue (self);
      ferry_transfer_list_set_queue (self->transfer_list, self->queue);
      ferry_window_queue_schedule_save (self);
      return;
    }
  /* A connection to that site, with its password: the one typed for the
   * current connection when it is the same account, else ask. */
  user = self->restore_site->user;
  if (self->site != NULL && same_site (self->site, self->restore_site) && self->site->password != NULL)
    {
      g_autoptr(FerrySite) site = ferry_site_copy (self->restore_site);
      g_free (site->password);
      site->password = g_strdup (self->site->password);
      ferry_window_connect_site (self, site);
    }
  else if (user == NULL || *user == '\0' || g_str_equal (user, "anonymous") || user[0] == '\0')
    ferry_window_connect_site (self, self->restore_site);
  else
    ferry_keyring_lookup_async (self->restore_site, NULL, keyring_lookup_cb, g_object_ref (self));
}

static void
load_last_session (FerryWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FerrySite) site = NULL;
  g_autoptr(FerryTransferQueue) queue = NULL;
  g_autofree char *who = NULL;
  guint n;

  if (!g_file_test (self->queue_file, G_FILE_TEST_IS_REGULAR))
    return;
  site = ferry_transfer_queue_load_site (self->queue_file, &error);
  if (site == NULL)
    {
      g_warning ("Ignoring the saved transfer queue %s: %s", self->queue_file, error->message);
      return;
    }
  queue = ferry_transfer_queue_new (site);
  /* Shown, not run: there is no password yet, and the user decides. */
  ferry_transfer_queue_set_paused (queue, TRUE);
  if (!ferry_transfer_queue_load (queue, self->queue_file, &error))
    {
      g_warning ("Ignoring the saved transfer queue %s: %s", self->queue_file, error->message);
      return;
    }
  n = g_list_model_get_n_items (G_LIST_MODEL (queue));
  if (n == 0)
    return;
  self->restore_site = g_steal_pointer (&site);
  self->restore_queue = g_steal_pointer (&queue);
  who = site_text (self->restore_site);
  ferry_transfer_list_set_queue (self->transfer_list, self->restore_queue);
  ferry_transfer_list_show_restore (self->transfer_list, n, who);
  gtk_stack_set_visible_child_name (self->bottom_stack, "transfers");
}

/* --- settings ---------------------------------------------------------- */

static gboolean
kib_to_bytes (GValue   *value,
              GVariant *variant,
              gpointer  user_data)
{
  guint64 bytes = (guint64) g_variant_get_uint32 (variant) * 1024;

  /* Whatever integer type the property turns out to be. */
  if (G_VALUE_HOLDS_UINT64 (value))
    g_value_set_uint64 (value, bytes);
  else if (G_VALUE_HOLDS_INT64 (value))
    g_value_set_int64 (value, (gint64) bytes);
  else if (G_VALUE_HOLDS_UINT (value))
    g_value_set_uint (value, (guint) MIN (bytes, G_MAXUINT));
  else if (G_VALUE_HOLDS_DOUBLE (value))
    g_value_set_double (value, (double) bytes);
  else
    return FALSE;
  return TRUE;
}

/* The speed limit and the modification times belong to the engine; bind
 * them when the queue has them. */
static void
bind_optional (FerryWindow *self)
{
  GObjectClass *klass = G_OBJECT_GET_CLASS (self->queue);
  static const struct { const char *key; const char *property; } limits[] = {
    { "speed-limit-down", "speed-limit-down" },
    { "speed-limit-up", "speed-limit-up" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (limits); i++)
    if (g_object_class_find_property (klass, limits[i].property) != NULL)
      g_settings_bind_with_mapping (self->settings, limits[i].key, self->queue, limits[i].property,
                                    G_SETTINGS_BIND_GET, kib_to_bytes, NULL, NULL, NULL);
  if (g_object_class_find_property (klass, "preserve-mtime") != NULL)
    g_settings_bind (self->settings, "preserve-mtime", self->queue, "preserve-mtime", G_SETTINGS_BIND_GET);
}

static void
queue_changed_cb (FerryWindow *self)
{
  ferry_window_queue_schedule_save (self);
}

void
ferry_window_queue_attach (FerryWindow *self)
{
  /* GET only: the queue never writes the user's settings. */
  g_settings_bind (self->settings, "transfer-concurrency", self->queue, "concurrency", G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "overwrite-policy", self->queue, "overwrite-policy", G_SETTINGS_BIND_GET);
  bind_optional (self);

  g_signal_connect_swapped (self->queue, "items-changed", G_CALLBACK (queue_changed_cb), self);
  g_signal_connect_swapped (self->queue, "finished", G_CALLBACK (queue_changed_cb), self);
  g_signal_connect_swapped (self->queue, "notify::paused", G_CALLBACK (queue_changed_cb), self);

  /* Its questions (overwrite; certificate and account, answered once
   * for browsing and transfers) go to the window's interaction through
   * the connection, which cancels them when it goes. */

  if (self->restore_site != NULL && same_site (self->restore_site, self->site))
    adopt_saved_queue (self);
}

void
ferry_window_queue_init (FerryWindow *self)
{
  const char *override = g_getenv ("FERRY_QUEUE_FILE");

  g_signal_connect_object (self->transfer_list, "restore", G_CALLBACK (restore_cb), self, 0);
  self->queue_file = override && *override ? g_strdup (override)
                                           : g_build_filename (g_get_user_data_dir (), "ferry", "queue.ini", NULL);
  load_last_session (self);
}

void
ferry_window_queue_dispose (FerryWindow *self)
{
  g_clear_handle_id (&self->save_id, g_source_remove);
  g_clear_pointer (&self->restore_site, ferry_site_free);
  g_clear_object (&self->restore_queue);
  g_clear_pointer (&self->queue_file, g_free);
}
