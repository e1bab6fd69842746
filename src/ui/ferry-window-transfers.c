/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ferry-path.h"
#include "ferry-transfer-row.h"
#include "ferry-window-private.h"

/*
 * The window's transfer side: one FerryTransferQueue per connection (its
 * own 1..10 workers, so that browsing stays live while files move) and
 * every way a transfer starts: buttons, shortcuts, double-click, drag and
 * drop.  Files and folders alike; the queue walks folders itself.
 */

#define REFRESH_DELAY_MS 250

static gboolean
refresh_local_cb (gpointer user_data)
{
  FerryWindow *self = user_data;

  self->refresh_local_id = 0;
  ferry_file_pane_reload (self->local_pane);
  return G_SOURCE_REMOVE;
}

static gboolean
refresh_remote_cb (gpointer user_data)
{
  FerryWindow *self = user_data;

  self->refresh_remote_id = 0;
  if (self->connected)
    ferry_file_pane_reload (self->remote_pane);
  return G_SOURCE_REMOVE;
}

/* Many files finishing in a row cause one reload, not one each.  A file
 * deep inside a folder transfer changes the pane's folder too (the
 * folder's date), so any target below the shown folder counts. */
static void
queue_refresh (FerryWindow       *self,
               FerryTransferItem *item)
{
  if (ferry_transfer_item_get_direction (item) == FERRY_TRANSFER_DOWNLOAD)
    {
      const char *shown = ferry_file_pane_get_path (self->local_pane);
      g_autofree char *dir = g_path_get_dirname (ferry_transfer_item_get_local_path (item));

      if (shown != NULL && (g_strcmp0 (dir, shown) == 0 || ferry_transfer_item_get_depth (item) == 0) &&
          self->refresh_local_id == 0)
        self->refresh_local_id = g_timeout_add (REFRESH_DELAY_MS, refresh_local_cb, self);
    }
  else
    {
      const char *shown = ferry_file_pane_get_path (self->remote_pane);
      g_autofree char *dir = ferry_path_remote_parent (ferry_transfer_item_get_remote_path (item));

      if (shown != NULL && (g_strcmp0 (dir, shown) == 0 || ferry_transfer_item_get_depth (item) == 0) &&
          self->refresh_remote_id == 0)
        self->refresh_remote_id = g_timeout_add (REFRESH_DELAY_MS, refresh_remote_cb, self);
    }
}

static void
queue_log_line_cb (FerryTransferQueue *queue,
                   int                 kind,
                   guint               code,
                   const char         *text,
                   FerryWindow        *self)
{
  ferry_log_view_append (self->log_view, (FerryLogKind) kind, code, text);
}

static void
item_finished_cb (FerryTransferQueue *queue,
                  FerryTransferItem  *item,
                  FerryWindow        *self)
{
  FerryTransferState state = ferry_transfer_item_get_state (item);

  if (state == FERRY_TRANSFER_DONE)
    queue_refresh (self, item);
  else if (state == FERRY_TRANSFER_FAILED)
    {
      g_autofree char *name = ferry_transfer_item_dup_display_name (item);
      const char *why = ferry_transfer_item_get_error_message (item);
      g_autofree char *msg = g_strdup_printf (_("“%s” failed: %s"), name, why ? why : "");

      ferry_log_view_append (self->log_view, FERRY_LOG_ERROR, 0, msg);
      ferry_window_toast (self, msg);
    }
  ferry_window_queue_schedule_save (self);
}

void
ferry_window_transfers_start (FerryWindow *self)
{
  ferry_window_transfers_stop (self);

  /* The connection's queue; its questions go to the window's interaction. */
  self->queue = g_object_ref (ferry_connection_get_queue (self->connection));
  g_signal_connect (self->queue, "log-line", G_CALLBACK (queue_log_line_cb), self);
  g_signal_connect (self->queue, "item-finished", G_CALLBACK (item_finished_cb), self);
  ferry_window_queue_attach (self);
  ferry_transfer_list_set_queue (self->transfer_list, self->queue);
  g_binding_group_set_source (self->queue_bindings, self->queue);
}

void
ferry_window_transfers_save (FerryWindow *self)
{
  ferry_window_queue_save_now (self);
}

void
ferry_window_transfers_stop (FerryWindow *self)
{
  g_autoptr(GListStore) snapshot = NULL;
  g_autoptr(FerryTransferQueue) queue = NULL;
  guint n;

  if (self->queue == NULL)
    return;
  queue = g_steal_pointer (&self->queue);
  g_binding_group_set_source (self->queue_bindings, NULL);
  g_signal_handlers_disconnect_by_data (queue, self);
  g_clear_handle_id (&self->save_id, g_source_remove);

  /* Disconnecting stops everything; failed items stay saved for later. */
  ferry_transfer_queue_cancel_all (queue);
  snapshot = g_list_store_new (FERRY_TYPE_TRANSFER_ITEM);
  n = g_list_model_get_n_items (G_LIST_MODEL (queue));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FerryTransferItem) item = g_list_model_get_item (G_LIST_MODEL (queue), i);

      /* Running ones learn of their cancellation from a worker that is
       * about to go away with the queue: say it for them. */
      if (!ferry_transfer_state_is_final (ferry_transfer_item_get_state (item)))
        ferry_transfer_item_set_state (item, FERRY_TRANSFER_CANCELLED, NULL);
      g_list_store_append (snapshot, item);
    }
  if (self->queue_file != NULL && self->restore_site == NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!ferry_transfer_queue_save (queue, self->queue_file, &error))
        g_warning ("Could not save the transfer queue: %s", error->message);
    }
  /* The rows stay (read-only) until the next connection. */
  ferry_transfer_list_set_snapshot (self->transfer_list, G_LIST_MODEL (snapshot));
  /* Disposing the queue disposes its workers: QUIT and join. */
}

void
ferry_window_transfers_dispose (FerryWindow *self)
{
  if (self->queue != NULL)
    {
      g_binding_group_set_source (self->queue_bindings, NULL);
      g_signal_handlers_disconnect_by_data (self->queue, self);
      ferry_transfer_list_set_queue (self->transfer_list, NULL);
      g_clear_object (&self->queue);
    }
  ferry_window_queue_dispose (self);
  g_clear_handle_id (&self->refresh_local_id, g_source_remove);
  g_clear_handle_id (&self->refresh_remote_id, g_source_remove);
}

/* --- starting transfers ------------------------------------------------ */

static gboolean
have_queue (FerryWindow *self)
{
  if (self->queue != NULL)
    return TRUE;
  ferry_window_toast (self, _("Connect to a server first"));
  return FALSE;
}

static void
download_remote (FerryWindow *self,
                 const char  *remote_path,
                 const char  *name,
                 gboolean     is_dir,
                 gint64       size)
{
  const char *local_dir = ferry_file_pane_get_path (self->local_pane);
  g_autoptr(GError) error = NULL;
  g_autofree char *local_path = NULL;

  if (local_dir == NULL || !have_queue (self))
    return;
  /* The server chose this name: it must not climb out of the folder. */
  local_path = ferry_path_local_child (local_dir, name, &error);
  if (local_path == NULL)
    {
      g_autofree char *display = g_utf8_make_valid (name, -1);
      g_autofree char *msg = g_strdup_printf (_("“%s” cannot be saved here: %s"), display, error->message);
      ferry_log_view_append (self->log_view, FERRY_LOG_ERROR, 0, msg);
      ferry_window_toast (self, msg);
      return;
    }
  ferry_transfer_queue_add_download (self->queue, remote_path, local_path, is_dir, size);
  ferry_window_queue_schedule_save (self);
}

static void
upload_local (FerryWindow *self,
              const char  *local_path,
              gboolean     is_dir)
{
  const char *remote_dir = ferry_file_pane_get_path (self->remote_pane);
  g_autofree char *name = g_path_get_basename (local_path);
  g_autofree char *remote_path = NULL;

  if (remote_dir == NULL || !have_queue (self))
    {
      if (remote_dir == NULL)
        ferry_window_toast (self, _("Connect to a server first"));
      return;
    }
  remote_path = ferry_path_remote_join (remote_dir, name);
  ferry_transfer_queue_add_upload (self->queue, local_path, remote_path, is_dir);
  ferry_window_queue_schedule_save (self);
}

static void
transfer_item (FerryWindow   *self,
               FerryFilePane *pane,
               FerryFileItem *item)
{
  FerryEntryType type = ferry_file_item_get_entry_type (item);

  if (type == FERRY_ENTRY_OTHER)
    return;
  if (pane == self->remote_pane)
    download_remote (self, ferry_file_item_get_path (item), ferry_file_item_get_name (item),
                     type == FERRY_ENTRY_DIR, ferry_file_item_get_size (item));
  else
    /* A link to a folder is uploaded as the folder it shows. */
    upload_local (self, ferry_file_item_get_path (item),
                  ferry_file_item_get_is_dir (item) ||
                  (type == FERRY_ENTRY_LINK && g_file_test (ferry_file_item_get_path (item), G_FILE_TEST_IS_DIR)));
}

void
ferry_window_download_selected (FerryWindow *self)
{
  g_autoptr(GPtrArray) items = NULL;

  g_return_if_fail (FERRY_IS_WINDOW (self));
  if (!self->connected)
    return;

  items = ferry_file_pane_get_selected_items (self->remote_pane);
  for (guint i = 0; i < items->len; i++)
    transfer_item (self, self->remote_pane, g_ptr_array_index (items, i));
}

void
ferry_window_upload_selected (FerryWindow *self)
{
  g_autoptr(GPtrArray) items = NULL;

  g_return_if_fail (FERRY_IS_WINDOW (self));
  if (!self->connected)
    return;

  items = ferry_file_pane_get_selected_items (self->local_pane);
  for (guint i = 0; i < items->len; i++)
    transfer_item (self, self->local_pane, g_ptr_array_index (items, i));
}

/* --- pane signals ------------------------------------------------------ */

static void
item_activated_cb (FerryFilePane *pane,
                   FerryFileItem *item,
                   FerryWindow   *self)
{
  /* Activating a folder opens it (the pane does that); files transfer. */
  if (!self->connected || ferry_file_item_get_is_dir (item))
    return;
  transfer_item (self, pane, item);
}

static void
remote_dropped_cb (FerryFilePane *pane,
                   GStrv          lines,
                   FerryWindow   *self)
{
  if (!self->connected)
    return;
  for (guint i = 0; lines[i]; i++)
    {
      const char *path = lines[i] + 2;
      FerryFileItem *item = ferry_file_pane_lookup (self->remote_pane, path);
      g_autofree char *name = ferry_path_remote_basename (path);

      download_remote (self, path, name, lines[i][0] == 'D', item ? ferry_file_item_get_size (item) : -1);
    }
}

static void
files_dropped_cb (FerryFilePane *pane,
                  GPtrArray     *items,
                  FerryWindow   *self)
{
  if (!self->connected)
    return;
  for (guint i = 0; i < items->len; i++)
    {
      FerryFileItem *item = g_ptr_array_index (items, i);
      FerryEntryType type = ferry_file_item_get_entry_type (item);

      if (type == FERRY_ENTRY_DIR || type == FERRY_ENTRY_FILE)
        upload_local (self, ferry_file_item_get_path (item), type == FERRY_ENTRY_DIR);
    }
}

void
ferry_window_transfers_init (FerryWindow *self)
{
  g_signal_connect_object (self->local_pane, "item-activated", G_CALLBACK (item_activated_cb), self, 0);
  g_signal_connect_object (self->remote_pane, "item-activated", G_CALLBACK (item_activated_cb), self, 0);
  g_signal_connect_object (self->local_pane, "remote-dropped", G_CALLBACK (remote_dropped_cb), self, 0);
  g_signal_connect_object (self->remote_pane, "files-dropped", G_CALLBACK (files_dropped_cb), self, 0);
  ferry_window_queue_init (self);
}
