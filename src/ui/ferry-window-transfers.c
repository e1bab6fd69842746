/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ferry-account-dialog.h"
#include "ferry-certificate-dialog.h"
#include "ferry-path.h"
#include "ferry-window-private.h"

/*
 * The window's transfer side: a few FerryWorkers of their own (so that
 * browsing stays live while files move), the FerryTransfer rows they
 * feed, and every way a transfer starts (buttons, shortcuts, double-click,
 * drag and drop).
 */

#define REFRESH_DELAY_MS 250

/* --- slots ------------------------------------------------------------- */

static void
slot_free (gpointer data)
{
  FerryTransferSlot *slot = data;

  g_hash_table_unref (slot->jobs);
  /* Disposing the worker cancels, says QUIT and joins its thread. */
  g_clear_object (&slot->worker);
  g_free (slot);
}

static FerryTransferSlot *
slot_for_worker (FerryWindow *self,
                 FerryWorker *worker)
{
  for (guint i = 0; self->slots && i < self->slots->len; i++)
    {
      FerryTransferSlot *slot = g_ptr_array_index (self->slots, i);
      if (slot->worker == worker)
        return slot;
    }
  return NULL;
}

/* New jobs go to the connection with the fewest unfinished ones. */
static FerryTransferSlot *
least_busy_slot (FerryWindow *self)
{
  FerryTransferSlot *best = NULL;

  for (guint i = 0; self->slots && i < self->slots->len; i++)
    {
      FerryTransferSlot *slot = g_ptr_array_index (self->slots, i);
      if (best == NULL || g_hash_table_size (slot->jobs) < g_hash_table_size (best->jobs))
        best = slot;
    }
  return best;
}

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

/* Many files finishing in a row cause one reload, not one each. */
static void
queue_refresh (FerryWindow   *self,
               FerryTransfer *transfer)
{
  const char *dest = ferry_transfer_get_destination (transfer);

  if (ferry_transfer_get_direction (transfer) == FERRY_TRANSFER_DOWNLOAD)
    {
      g_autofree char *dir = g_path_get_dirname (dest);
      if (g_strcmp0 (dir, ferry_file_pane_get_path (self->local_pane)) == 0 && self->refresh_local_id == 0)
        self->refresh_local_id = g_timeout_add (REFRESH_DELAY_MS, refresh_local_cb, self);
    }
  else
    {
      g_autofree char *dir = ferry_path_remote_parent (dest);
      if (g_strcmp0 (dir, ferry_file_pane_get_path (self->remote_pane)) == 0 && self->refresh_remote_id == 0)
        self->refresh_remote_id = g_timeout_add (REFRESH_DELAY_MS, refresh_remote_cb, self);
    }
}

static void
transfer_log_line_cb (FerryWorker  *worker,
                      FerryLogKind  kind,
                      guint         code,
                      const char   *text,
                      FerryWindow  *self)
{
  ferry_log_view_append (self->log_view, kind, code, text);
}

static void
transfer_progress_cb (FerryWorker *worker,
                      guint        job,
                      guint64      done,
                      gint64       total,
                      double       rate,
                      FerryWindow *self)
{
  FerryTransferSlot *slot = slot_for_worker (self, worker);
  FerryTransfer *transfer = slot ? g_hash_table_lookup (slot->jobs, GUINT_TO_POINTER (job)) : NULL;

  if (transfer != NULL)
    ferry_transfer_update (transfer, done, total, rate);
}

static void
transfer_job_finished_cb (FerryWorker  *worker,
                          guint         job,
                          const GError *error,
                          FerryWindow  *self)
{
  FerryTransferSlot *slot = slot_for_worker (self, worker);
  g_autoptr(FerryTransfer) transfer = NULL;

  if (slot == NULL || !g_hash_table_steal_extended (slot->jobs, GUINT_TO_POINTER (job),
                                                    NULL, (gpointer *) &transfer))
    return;

  ferry_transfer_finish (transfer, error);
  if (error == NULL)
    queue_refresh (self, transfer);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *why = ferry_window_error_text (error);
      g_autofree char *msg = g_strdup_printf (_("“%s” failed: %s"), ferry_transfer_get_name (transfer), why);
      ferry_log_view_append (self->log_view, FERRY_LOG_ERROR, 0, msg);
      ferry_window_toast (self, msg);
    }
}

void
ferry_window_transfers_start (FerryWindow *self)
{
  guint n = g_settings_get_uint (self->settings, "transfer-concurrency");

  ferry_window_transfers_stop (self);
  n = CLAMP (n, 1, 10);
  for (guint i = 0; i < n; i++)
    {
      FerryTransferSlot *slot = g_new0 (FerryTransferSlot, 1);

      slot->worker = ferry_worker_new (self->site);
      slot->jobs = g_hash_table_new_full (NULL, NULL, NULL, g_object_unref);
      g_signal_connect (slot->worker, "log-line", G_CALLBACK (transfer_log_line_cb), self);
      g_signal_connect (slot->worker, "progress", G_CALLBACK (transfer_progress_cb), self);
      g_signal_connect (slot->worker, "job-finished", G_CALLBACK (transfer_job_finished_cb), self);
      ferry_certificate_dialog_watch (slot->worker, GTK_WINDOW (self));
      ferry_account_dialog_watch (slot->worker, GTK_WINDOW (self));
      g_ptr_array_add (self->slots, slot);
    }
}

void
ferry_window_transfers_stop (FerryWindow *self)
{
  if (self->slots == NULL)
    return;
  for (guint i = 0; i < self->slots->len; i++)
    {
      FerryTransferSlot *slot = g_ptr_array_index (self->slots, i);
      GHashTableIter iter;
      gpointer value;

      /* The rows end as cancelled now; the workers' own job-finished
       * would come after we stopped listening. */
      g_signal_handlers_disconnect_by_data (slot->worker, self);
      g_hash_table_iter_init (&iter, slot->jobs);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        {
          g_autoptr(GError) cancelled = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "");
          ferry_transfer_finish (value, cancelled);
        }
      ferry_worker_cancel (slot->worker, 0);
    }
  g_ptr_array_set_size (self->slots, 0);
}

void
ferry_window_transfers_dispose (FerryWindow *self)
{
  ferry_window_transfers_stop (self);
  g_clear_pointer (&self->slots, g_ptr_array_unref);
  g_clear_handle_id (&self->refresh_local_id, g_source_remove);
  g_clear_handle_id (&self->refresh_remote_id, g_source_remove);
}

/* --- starting transfers ------------------------------------------------ */

static FerryOverwrite
policy_from_settings (FerryWindow *self)
{
  switch (g_settings_get_enum (self->settings, "overwrite-policy"))
    {
    case 1:  return FERRY_OVERWRITE_NEVER;
    case 2:  return FERRY_OVERWRITE_ALWAYS;
    case 3:  return FERRY_OVERWRITE_NEWER;
    case 4:  return FERRY_OVERWRITE_RESUME;
    default: return FERRY_OVERWRITE_ASK;
    }
}

#define POLICY_KEY "ferry-overwrite-policy"

/* Runs @transfer (new, or finished and restarted) on the least busy
 * transfer connection. */
static void
run_transfer (FerryWindow    *self,
              FerryTransfer  *transfer,
              FerryOverwrite  policy)
{
  FerryTransferSlot *slot = least_busy_slot (self);
  const char *source = ferry_transfer_get_source (transfer);
  const char *destination = ferry_transfer_get_destination (transfer);
  guint job;

  if (ferry_transfer_get_direction (transfer) == FERRY_TRANSFER_DOWNLOAD)
    job = ferry_worker_download (slot->worker, source, destination, policy);
  else
    job = ferry_worker_upload (slot->worker, source, destination, policy);
  /* A retry runs with the choice the user made the first time. */
  g_object_set_data (G_OBJECT (transfer), POLICY_KEY, GINT_TO_POINTER (policy));
  ferry_transfer_set_job (transfer, slot->worker, job);
  g_hash_table_insert (slot->jobs, GUINT_TO_POINTER (job), g_object_ref (transfer));
}

static void
enqueue (FerryWindow            *self,
         FerryTransferDirection  direction,
         const char             *name,
         const char             *source,
         const char             *destination,
         gint64                  size,
         FerryOverwrite          policy)
{
  g_autoptr(FerryTransfer) transfer = NULL;

  if (least_busy_slot (self) == NULL)
    {
      ferry_window_toast (self, _("Connect to a server first"));
      return;
    }

  transfer = ferry_transfer_new (direction, name, source, destination, size);
  run_transfer (self, transfer, policy);
  ferry_transfer_list_add (self->transfer_list, transfer);
}

static void
retry_transfer_cb (FerryTransferList *list,
                   FerryTransfer     *transfer,
                   FerryWindow       *self)
{
  FerryOverwrite policy = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (transfer), POLICY_KEY));

  if (!ferry_transfer_is_finished (transfer) ||
      ferry_transfer_get_state (transfer) == FERRY_TRANSFER_DONE)
    return;
  if (least_busy_slot (self) == NULL)
    {
      ferry_window_toast (self, _("Connect to a server first"));
      return;
    }
  ferry_transfer_restart (transfer);
  run_transfer (self, transfer, policy);
}

typedef struct
{
  FerryTransferDirection  direction;
  char                   *name;
  char                   *source;
  char                   *destination;
  gint64                  size;
} PendingTransfer;

static void
pending_free (gpointer data)
{
  PendingTransfer *pending = data;

  g_free (pending->name);
  g_free (pending->source);
  g_free (pending->destination);
  g_free (pending);
}

/*
 * The files of one user action (a selection, a drop).  Their conflicts
 * are asked about one dialog at a time; "Apply to all" answers the rest
 * of the batch with the same choice.
 */
#define CHOICE_ASK  0
#define CHOICE_SKIP (-1)

typedef struct
{
  gatomicrefcount  ref;
  FerryWindow     *self;          /* owned ref */
  GQueue           conflicts;     /* PendingTransfer* not asked about yet */
  int              choice;        /* CHOICE_*, or a FerryOverwrite for all */
  GtkWidget       *apply_all;     /* the open dialog's check box, weak */
  gboolean         asking;
} Batch;

static Batch *
batch_new (FerryWindow *self)
{
  Batch *batch = g_new0 (Batch, 1);

  g_atomic_ref_count_init (&batch->ref);
  batch->self = g_object_ref (self);
  g_queue_init (&batch->conflicts);
  return batch;
}

static Batch *
batch_ref (Batch *batch)
{
  g_atomic_ref_count_inc (&batch->ref);
  return batch;
}

static void
batch_unref (Batch *batch)
{
  if (!g_atomic_ref_count_dec (&batch->ref))
    return;
  g_queue_clear_full (&batch->conflicts, pending_free);
  g_clear_weak_pointer (&batch->apply_all);
  g_object_unref (batch->self);
  g_free (batch);
}

static void
batch_apply (Batch           *batch,
             PendingTransfer *pending,
             int              choice)
{
  if (choice != CHOICE_SKIP && choice != CHOICE_ASK && batch->self->slots != NULL)
    enqueue (batch->self, pending->direction, pending->name, pending->source,
             pending->destination, pending->size, (FerryOverwrite) choice);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Batch, batch_unref)

static void ask_next (Batch *batch);

static void
overwrite_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       Batch            *batch)
{
  PendingTransfer *pending = g_object_get_data (G_OBJECT (dialog), "ferry-pending");
  int choice;

  if (g_str_equal (response, "replace"))
    choice = FERRY_OVERWRITE_ALWAYS;
  else if (g_str_equal (response, "resume"))
    choice = FERRY_OVERWRITE_RESUME;
  else
    choice = CHOICE_SKIP;

  if (batch->apply_all != NULL && gtk_check_button_get_active (GTK_CHECK_BUTTON (batch->apply_all)))
    batch->choice = choice;
  g_clear_weak_pointer (&batch->apply_all);
  batch_apply (batch, pending, choice);
  batch->asking = FALSE;
  ask_next (batch);
  batch_unref (batch);
}

static void
ask_next (Batch *batch)
{
  FerryWindow *self = batch->self;
  PendingTransfer *pending;
  AdwMessageDialog *dialog;
  GtkWidget *check;
  g_autofree char *heading = NULL;

  /* Answered for all: the rest goes without asking. */
  while (batch->choice != CHOICE_ASK && (pending = g_queue_pop_head (&batch->conflicts)) != NULL)
    {
      batch_apply (batch, pending, batch->choice);
      pending_free (pending);
    }
  if (batch->asking || (pending = g_queue_pop_head (&batch->conflicts)) == NULL)
    return;

  heading = g_strdup_printf (_("Replace “%s”?"), pending->name);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading,
                                                       pending->direction == FERRY_TRANSFER_DOWNLOAD
                                                       ? _("A file with this name already exists in the local folder.")
                                                       : _("A file with this name already exists on the server.")));
  adw_message_dialog_add_responses (dialog,
                                    "skip", _("_Skip"),
                                    "resume", _("Re_sume"),
                                    "replace", _("_Replace"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "replace", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "skip");
  adw_message_dialog_set_close_response (dialog, "skip");

  check = gtk_check_button_new_with_mnemonic (_("_Apply to all conflicts of this transfer"));
  gtk_widget_set_halign (check, GTK_ALIGN_CENTER);
  /* Only worth showing when there is more to answer; more conflicts of
   * the batch may still arrive while the dialog is open. */
  gtk_widget_set_visible (check, !g_queue_is_empty (&batch->conflicts));
  adw_message_dialog_set_extra_child (dialog, check);
  g_set_weak_pointer (&batch->apply_all, check);

  g_object_set_data_full (G_OBJECT (dialog), "ferry-pending", pending, pending_free);
  batch->asking = TRUE;
  g_signal_connect (dialog, "response", G_CALLBACK (overwrite_response_cb), batch_ref (batch));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
start_transfer (FerryWindow            *self,
                Batch                  *batch,
                FerryTransferDirection  direction,
                const char             *name,
                const char             *source,
                const char             *destination,
                gint64                  size)
{
  FerryOverwrite policy = policy_from_settings (self);
  PendingTransfer *pending;
  gboolean exists;

  if (policy != FERRY_OVERWRITE_ASK)
    {
      enqueue (self, direction, name, source, destination, size, policy);
      return;
    }

  /* Asking needs to know; what the panes show is what we know without a
   * round trip.  The worker still refuses to overwrite (ASK = NEVER). */
  if (direction == FERRY_TRANSFER_DOWNLOAD)
    exists = g_file_test (destination, G_FILE_TEST_EXISTS);
  else
    exists = ferry_file_pane_lookup (self->remote_pane, destination) != NULL;

  if (!exists)
    {
      enqueue (self, direction, name, source, destination, size, FERRY_OVERWRITE_NEVER);
      return;
    }

  pending = g_new0 (PendingTransfer, 1);
  pending->direction = direction;
  pending->name = g_strdup (name);
  pending->source = g_strdup (source);
  pending->destination = g_strdup (destination);
  pending->size = size;
  g_queue_push_tail (&batch->conflicts, pending);
  if (batch->apply_all != NULL)
    gtk_widget_set_visible (batch->apply_all, TRUE);
  ask_next (batch);
}

static void
folders_toast (FerryWindow *self,
               guint        n_folders)
{
  if (n_folders > 0)
    ferry_window_toast (self, _("Folders are not transferred yet"));
}

static void
download_remote (FerryWindow *self,
                 Batch       *batch,
                 const char  *remote_path,
                 const char  *name,
                 gint64       size)
{
  const char *local_dir = ferry_file_pane_get_path (self->local_pane);
  g_autoptr(GError) error = NULL;
  g_autofree char *local_path = NULL;
  g_autofree char *display = g_utf8_make_valid (name, -1);

  if (local_dir == NULL)
    return;
  /* The server chose this name: it must not climb out of the folder. */
  local_path = ferry_path_local_child (local_dir, name, &error);
  if (local_path == NULL)
    {
      g_autofree char *msg = g_strdup_printf (_("“%s” cannot be saved here: %s"), display, error->message);
      ferry_log_view_append (self->log_view, FERRY_LOG_ERROR, 0, msg);
      ferry_window_toast (self, msg);
      return;
    }
  start_transfer (self, batch, FERRY_TRANSFER_DOWNLOAD, display, remote_path, local_path, size);
}

static void
upload_local (FerryWindow *self,
              Batch       *batch,
              const char  *local_path,
              gint64       size)
{
  const char *remote_dir = ferry_file_pane_get_path (self->remote_pane);
  g_autofree char *name = g_path_get_basename (local_path);
  g_autofree char *display = g_filename_display_name (name);
  g_autofree char *remote_path = NULL;

  if (remote_dir == NULL)
    {
      ferry_window_toast (self, _("Connect to a server first"));
      return;
    }
  remote_path = ferry_path_remote_join (remote_dir, name);
  start_transfer (self, batch, FERRY_TRANSFER_UPLOAD, display, local_path, remote_path, size);
}

void
ferry_window_download_selected (FerryWindow *self)
{
  g_autoptr(Batch) batch = batch_new (self);
  g_autoptr(GPtrArray) items = NULL;
  guint folders = 0;

  g_return_if_fail (FERRY_IS_WINDOW (self));
  if (!self->connected)
    return;

  items = ferry_file_pane_get_selected_items (self->remote_pane);
  for (guint i = 0; i < items->len; i++)
    {
      FerryFileItem *item = g_ptr_array_index (items, i);
      if (ferry_file_item_get_entry_type (item) == FERRY_ENTRY_DIR)
        folders++;
      else if (ferry_file_item_get_entry_type (item) != FERRY_ENTRY_OTHER)
        download_remote (self, batch, ferry_file_item_get_path (item),
                         ferry_file_item_get_name (item), ferry_file_item_get_size (item));
    }
  folders_toast (self, folders);
}

void
ferry_window_upload_selected (FerryWindow *self)
{
  g_autoptr(Batch) batch = batch_new (self);
  g_autoptr(GPtrArray) items = NULL;
  guint folders = 0;

  g_return_if_fail (FERRY_IS_WINDOW (self));
  if (!self->connected)
    return;

  items = ferry_file_pane_get_selected_items (self->local_pane);
  for (guint i = 0; i < items->len; i++)
    {
      FerryFileItem *item = g_ptr_array_index (items, i);
      if (ferry_file_item_get_is_dir (item))
        folders++;
      else if (ferry_file_item_get_entry_type (item) != FERRY_ENTRY_OTHER)
        upload_local (self, batch, ferry_file_item_get_path (item), ferry_file_item_get_size (item));
    }
  folders_toast (self, folders);
}

/* --- pane signals ------------------------------------------------------ */

static void
item_activated_cb (FerryFilePane *pane,
                   FerryFileItem *item,
                   FerryWindow   *self)
{
  g_autoptr(Batch) batch = batch_new (self);
  if (!self->connected || ferry_file_item_get_entry_type (item) == FERRY_ENTRY_OTHER)
    return;
  if (pane == self->remote_pane)
    download_remote (self, batch, ferry_file_item_get_path (item),
                     ferry_file_item_get_name (item), ferry_file_item_get_size (item));
  else
    upload_local (self, batch, ferry_file_item_get_path (item), ferry_file_item_get_size (item));
}

static void
remote_dropped_cb (FerryFilePane *pane,
                   GStrv          lines,
                   FerryWindow   *self)
{
  g_autoptr(Batch) batch = batch_new (self);
  guint folders = 0;

  if (!self->connected)
    return;
  for (guint i = 0; lines[i]; i++)
    {
      const char *path = lines[i] + 2;
      FerryFileItem *item = ferry_file_pane_lookup (self->remote_pane, path);
      g_autofree char *name = NULL;

      if (lines[i][0] == 'D')
        {
          folders++;
          continue;
        }
      name = ferry_path_remote_basename (path);
      download_remote (self, batch, path, name, item ? ferry_file_item_get_size (item) : -1);
    }
  folders_toast (self, folders);
}

static void
files_dropped_cb (FerryFilePane *pane,
                  GdkFileList   *files,
                  FerryWindow   *self)
{
  g_autoptr(Batch) batch = batch_new (self);
  g_autoptr(GSList) list = gdk_file_list_get_files (files);
  guint folders = 0;

  if (!self->connected)
    return;
  for (GSList *l = list; l; l = l->next)
    {
      g_autofree char *path = g_file_get_path (l->data);
      g_autoptr(GFileInfo) info = NULL;

      if (path == NULL)
        continue;
      info = g_file_query_info (l->data, G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                G_FILE_QUERY_INFO_NONE, NULL, NULL);
      if (info == NULL)
        continue;
      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        folders++;
      else if (g_file_info_get_file_type (info) == G_FILE_TYPE_REGULAR)
        upload_local (self, batch, path, g_file_info_get_size (info));
    }
  folders_toast (self, folders);
}

static void
cancel_transfer_cb (FerryTransferList *list,
                    FerryTransfer     *transfer,
                    FerryWindow       *self)
{
  FerryTransferSlot *slot = slot_for_worker (self, ferry_transfer_get_worker (transfer));

  if (slot != NULL && ferry_transfer_get_job (transfer) != 0)
    ferry_worker_cancel (slot->worker, ferry_transfer_get_job (transfer));
}

void
ferry_window_transfers_init (FerryWindow *self)
{
  self->slots = g_ptr_array_new_with_free_func (slot_free);

  g_signal_connect_object (self->local_pane, "item-activated", G_CALLBACK (item_activated_cb), self, 0);
  g_signal_connect_object (self->remote_pane, "item-activated", G_CALLBACK (item_activated_cb), self, 0);
  g_signal_connect_object (self->local_pane, "remote-dropped", G_CALLBACK (remote_dropped_cb), self, 0);
  g_signal_connect_object (self->remote_pane, "files-dropped", G_CALLBACK (files_dropped_cb), self, 0);
  g_signal_connect_object (self->transfer_list, "cancel", G_CALLBACK (cancel_transfer_cb), self, 0);
  g_signal_connect_object (self->transfer_list, "retry", G_CALLBACK (retry_transfer_cb), self, 0);
}
