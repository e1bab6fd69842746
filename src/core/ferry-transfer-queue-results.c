/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <sys/stat.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "ferry-path.h"
#include "ferry-transfer-queue.h"
#include "ferry-transfer-queue-private.h"

/* ---------------------------------------------------------------------- */
/* Results                                                                  */

static void
ask_overwrite (FerryTransferQueue *self,
               QueueEntry         *entry)
{
  FerryTransferItem *item = entry->item;
  g_autoptr(GFileInfo) info = g_file_info_new ();
  gboolean down = ferry_transfer_item_get_direction (item) == FERRY_TRANSFER_DOWNLOAD;

  if (down)
    {
      const char *local = ferry_transfer_item_get_local_path (item);
      g_autofree char *name = g_path_get_basename (local);
      GStatBuf st;

      g_file_info_set_name (info, name);
      if (g_lstat (local, &st) == 0)
        {
          g_autoptr(GDateTime) mtime = g_date_time_new_from_unix_utc (st.st_mtime);

          g_file_info_set_size (info, st.st_size);
          if (mtime != NULL)
            g_file_info_set_modification_date_time (info, mtime);
        }
    }
  else
    {
      g_autofree char *name = ferry_path_remote_basename (ferry_transfer_item_get_remote_path (item));
      g_file_info_set_name (info, name);
    }

  ferry_transfer_item_set_asking (entry->item, TRUE);
  ferry_transfer_item_set_state (item, FERRY_TRANSFER_QUEUED, NULL);
  g_signal_emit (self, ferry_transfer_queue_signals[QUEUE_SIGNAL_ASK_OVERWRITE], 0, item, info);
}

static gboolean
is_cancelled (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* May a new attempt at @entry continue what the last one left?  A
 * download continues its .part when it is ours: the last attempt wrote
 * to it, or there is no target (the .part was made for it); the policy
 * still decides about a target.  An upload resumes once the last attempt
 * got past the existence check (it sent bytes). */
void
ferry_transfer_queue_choose_resume (QueueEntry *entry)
{
  FerryTransferItem *item = entry->item;
  FerryOverwrite current = entry->has_policy ? entry->policy : FERRY_OVERWRITE_NEVER;
  gboolean down = ferry_transfer_item_get_direction (item) == FERRY_TRANSFER_DOWNLOAD;

  if (ferry_transfer_item_get_is_dir (item) || current == FERRY_OVERWRITE_RESUME)
    return;
  if (down)
    {
      GStatBuf st;

      if (ferry_transfer_item_get_bytes_done (item) > 0 ||
          (g_lstat (ferry_transfer_item_get_local_path (item), &st) != 0 && errno == ENOENT))
        entry->continue_part = TRUE;
    }
  else if (ferry_transfer_item_get_bytes_done (item) > 0)
    {
      entry->has_policy = TRUE;
      entry->policy = FERRY_OVERWRITE_RESUME;
    }
}

/* A download whose .part holds fewer bytes than the file should have. */
static gboolean
download_came_short (QueueEntry *entry)
{
  FerryTransferItem *item = entry->item;
  g_autofree char *part = NULL;
  gint64 size = ferry_transfer_item_get_size (item);
  GStatBuf st;

  if (ferry_transfer_item_get_direction (item) != FERRY_TRANSFER_DOWNLOAD || size <= 0)
    return FALSE;
  part = ferry_file_transfer_part_path (ferry_transfer_item_get_local_path (item));
  return g_lstat (part, &st) == 0 && S_ISREG (st.st_mode) && st.st_size < size;
}

static void
entry_failed (FerryTransferQueue *self,
              QueueEntry         *entry,
              const GError       *error)
{
  FerryTransferItem *item = entry->item;
  const char *path = ferry_transfer_item_get_direction (item) == FERRY_TRANSFER_DOWNLOAD
                     ? ferry_transfer_item_get_remote_path (item)
                     : ferry_transfer_item_get_local_path (item);
  guint attempts = ferry_transfer_item_get_attempts (item);

  if (g_error_matches (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_EXISTS) &&
      entry->step == STEP_TRANSFER)
    {
      if (!entry->has_policy && self->policy == FERRY_OVERWRITE_ASK)
        {
          if (self->have_all_choice)
            {
              ferry_transfer_queue_answer_overwrite (self, item, self->all_choice, FALSE);
              return;
            }
          ask_overwrite (self, entry);
          return;
        }
      /* "never" and "newer" decided: the existing file stays. */
      ferry_transfer_queue_finish_entry (self, entry, FERRY_TRANSFER_SKIPPED, error->message);
      return;
    }

  if (g_error_matches (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_SIZE_MISMATCH) &&
      attempts <= self->max_retries && download_came_short (entry))
    {
      /* Fewer bytes than the file has, and a 226 anyway: a data
       * connection that closed early.  Continue the .part with REST. */
      guint delay = ferry_transfer_queue_retry_delay_ms (self, attempts);

      ferry_transfer_queue_note (self, FERRY_LOG_INFO,
                                 _("%s: %s; resuming, retry %u of %u in %u ms"),
                                 path, error->message, attempts, self->max_retries, delay);
      ferry_transfer_queue_choose_resume (entry);
      ferry_transfer_item_set_state (item, FERRY_TRANSFER_QUEUED, error->message);
      ferry_transfer_queue_requeue (self, entry, g_get_monotonic_time () + (gint64) delay * 1000);
      return;
    }

  if (g_error_matches (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_SIZE_MISMATCH) &&
      entry->used_listed && entry->listed_size >= 0 && attempts <= self->max_retries)
    {
      /* The listing may be stale: once more, asking the server (SIZE). */
      ferry_transfer_queue_note (self, FERRY_LOG_INFO, _("%s: %s; retrying without the listed size"),
                                 path, error->message);
      entry->listed_size = -1;
      entry->listed_mtime = -1;
      ferry_transfer_item_set_state (item, FERRY_TRANSFER_QUEUED, error->message);
      ferry_transfer_queue_requeue (self, entry, 0);
      return;
    }

  if (entry->is_link && error->domain == FERRY_FTP_ERROR && error->code == 550)
    {
      g_autofree char *message =
        g_strdup_printf (_("Symbolic link not followed (%s)"), error->message);
      ferry_transfer_queue_note (self, FERRY_LOG_INFO, "%s: %s", path, message);
      ferry_transfer_queue_finish_entry (self, entry, FERRY_TRANSFER_SKIPPED, message);
      return;
    }

  if (ferry_ftp_error_is_transient (error) && attempts <= self->max_retries)
    {
      guint delay = ferry_transfer_queue_retry_delay_ms (self, attempts);

      ferry_transfer_queue_note (self, FERRY_LOG_INFO,
                                 _("%s: %s; retry %u of %u in %u ms"),
                                 path, error->message, attempts, self->max_retries, delay);
      ferry_transfer_queue_choose_resume (entry);
      ferry_transfer_item_set_state (item, FERRY_TRANSFER_QUEUED, error->message);
      ferry_transfer_queue_requeue (self, entry, g_get_monotonic_time () + (gint64) delay * 1000);
      return;
    }

  ferry_transfer_queue_note (self, FERRY_LOG_ERROR, "%s: %s", path, error->message);
  ferry_transfer_queue_finish_entry (self, entry, FERRY_TRANSFER_FAILED, error->message);
}

static void
entry_job_done (FerryTransferQueue *self,
                QueueSlot          *slot,
                QueueEntry         *entry,
                const GError       *error)
{
  FerryTransferItem *item = entry->item;
  g_autoptr(GError) walk_error = NULL;
  QueueStep step = entry->step;

  entry->job = 0;
  entry->slot = NULL;
  if (step == STEP_TRANSFER)
    ferry_target_set_release (self->targets, entry, error == NULL);

  if (error != NULL && is_cancelled (error))
    {
      QueueIntent intent = entry->intent;

      entry->intent = INTENT_NONE;
      g_clear_pointer (&entry->listing, g_ptr_array_unref);
      g_clear_pointer (&entry->dropped, g_ptr_array_unref);
      if (intent == INTENT_PAUSE)
        {
          ferry_transfer_queue_choose_resume (entry);
          entry->step = STEP_NONE;
          ferry_transfer_item_set_state (item, FERRY_TRANSFER_PAUSED, NULL);
        }
      else if (intent == INTENT_REQUEUE)
        {
          ferry_transfer_queue_choose_resume (entry);
          ferry_transfer_queue_requeue (self, entry, 0);
        }
      else
        ferry_transfer_queue_finish_entry (self, entry, FERRY_TRANSFER_CANCELLED, NULL);
      return;
    }

  if (step == STEP_MKDIR && error == NULL)
    {
      /* Created by us: remembered so that the local walk can tell our
       * own output from the source (see walk_local). */
      g_autofree char *base = ferry_path_remote_basename (ferry_transfer_item_get_remote_path (item));

      g_hash_table_add (self->made_dirs,
                        g_strdup_printf ("%u/%s", ferry_transfer_item_get_batch_id (item), base));
    }

  switch (step)
    {
    case STEP_TRANSFER:
      if (error == NULL)
        ferry_transfer_queue_finish_entry (self, entry, FERRY_TRANSFER_DONE, NULL);
      else
        entry_failed (self, entry, error);
      break;

    case STEP_LIST:
      if (error != NULL)
        {
          entry_failed (self, entry, error);
          break;
        }
      if (!ferry_transfer_queue_walk_remote (self, entry, &walk_error))
        {
          ferry_transfer_queue_note (self, FERRY_LOG_ERROR, "%s", walk_error->message);
          ferry_transfer_queue_finish_entry (self, entry,
                                            g_error_matches (walk_error, FERRY_FTP_ERROR,
                                                             FERRY_FTP_ERROR_EXISTS)
                                            ? FERRY_TRANSFER_SKIPPED : FERRY_TRANSFER_FAILED,
                                            walk_error->message);
        }
      else
        ferry_transfer_queue_finish_entry (self, entry, FERRY_TRANSFER_DONE, NULL);
      g_clear_pointer (&entry->listing, g_ptr_array_unref);
      g_clear_pointer (&entry->dropped, g_ptr_array_unref);
      break;

    case STEP_MKDIR:
      if (error != NULL && error->domain == FERRY_FTP_ERROR && error->code >= 500 &&
          error->code < 600)
        {
          /* Usually "exists": find out with CWD before giving up. */
          g_autofree char *command =
            g_strdup_printf ("CWD %s", ferry_transfer_item_get_remote_path (item));

          g_free (entry->step_error);
          entry->step_error = g_strdup (error->message);
          entry->step = STEP_CHECK_DIR;
          entry->job = ferry_worker_raw (slot->worker, command);
          entry->slot = slot;
          slot->inflight++;
          g_hash_table_insert (slot->jobs, GUINT_TO_POINTER (entry->job), entry);
          return;
        }
      G_GNUC_FALLTHROUGH;
    case STEP_CHECK_DIR:
      if (error != NULL && step == STEP_CHECK_DIR && !ferry_ftp_error_is_transient (error))
        {
          ferry_transfer_queue_note (self, FERRY_LOG_ERROR, "%s: %s",
                                     ferry_transfer_item_get_remote_path (item), entry->step_error);
          ferry_transfer_queue_finish_entry (self, entry, FERRY_TRANSFER_FAILED, entry->step_error);
          break;
        }
      if (error != NULL)
        {
          entry_failed (self, entry, error);
          break;
        }
      if (!ferry_transfer_queue_walk_local (self, entry, &walk_error))
        {
          ferry_transfer_queue_note (self, FERRY_LOG_ERROR, "%s", walk_error->message);
          ferry_transfer_queue_finish_entry (self, entry, FERRY_TRANSFER_FAILED,
                                            walk_error->message);
        }
      else
        ferry_transfer_queue_finish_entry (self, entry, FERRY_TRANSFER_DONE, NULL);
      break;

    case STEP_NONE:
    default:
      g_warn_if_reached ();
      break;
    }
}

static void
slot_job_finished_cb (FerryWorker  *worker,
                      guint         job,
                      const GError *error,
                      QueueSlot    *slot)
{
  FerryTransferQueue *self = slot->queue;
  QueueEntry *entry;

  if (job == slot->connect_job)
    ferry_transfer_queue_slot_connect_finished (self, slot, error);
  else if ((entry = g_hash_table_lookup (slot->jobs, GUINT_TO_POINTER (job))) != NULL)
    {
      g_hash_table_remove (slot->jobs, GUINT_TO_POINTER (job));
      slot->inflight--;
      entry_job_done (self, slot, entry, error);
    }

  ferry_transfer_queue_pump (self);
}

static void
slot_progress_cb (FerryWorker *worker,
                  guint        job,
                  guint64      done,
                  gint64       total,
                  double       rate,
                  QueueSlot   *slot)
{
  QueueEntry *entry = g_hash_table_lookup (slot->jobs, GUINT_TO_POINTER (job));

  if (entry == NULL)
    return;
  if (total >= 0)
    ferry_transfer_item_set_size (entry->item, total);
  ferry_transfer_item_set_progress (entry->item, done, rate);
  slot->queue->progress_dirty = TRUE;
  ferry_transfer_queue_schedule_progress (slot->queue);
}

static void
slot_listing_cb (FerryWorker *worker,
                 guint        job,
                 const char  *path,
                 GPtrArray   *entries,
                 QueueSlot   *slot)
{
  QueueEntry *entry = g_hash_table_lookup (slot->jobs, GUINT_TO_POINTER (job));

  if (entry == NULL || entry->step != STEP_LIST)
    return;
  g_clear_pointer (&entry->listing, g_ptr_array_unref);
  entry->listing = g_ptr_array_ref (entries);
  g_free (entry->listing_path);
  entry->listing_path = g_strdup (path);
}

static void
slot_listing_dropped_cb (FerryWorker *worker,
                         guint        job,
                         GPtrArray   *dropped,
                         QueueSlot   *slot)
{
  QueueEntry *entry = g_hash_table_lookup (slot->jobs, GUINT_TO_POINTER (job));

  if (entry == NULL || entry->step != STEP_LIST)
    return;
  g_clear_pointer (&entry->dropped, g_ptr_array_unref);
  entry->dropped = g_ptr_array_ref (dropped);
}

static void
slot_log_cb (FerryWorker *worker,
             int          kind,
             guint        code,
             const char  *text,
             QueueSlot   *slot)
{
  g_signal_emit (slot->queue, ferry_transfer_queue_signals[QUEUE_SIGNAL_LOG_LINE], 0, kind, code, text);
}

void
ferry_transfer_queue_results_watch (FerryTransferQueue *self,
                                    QueueSlot          *slot)
{
  g_signal_connect (slot->worker, "job-finished", G_CALLBACK (slot_job_finished_cb), slot);
  g_signal_connect (slot->worker, "progress", G_CALLBACK (slot_progress_cb), slot);
  g_signal_connect (slot->worker, "listing-ready", G_CALLBACK (slot_listing_cb), slot);
  g_signal_connect (slot->worker, "listing-dropped", G_CALLBACK (slot_listing_dropped_cb), slot);
  g_signal_connect (slot->worker, "log-line", G_CALLBACK (slot_log_cb), slot);
}
