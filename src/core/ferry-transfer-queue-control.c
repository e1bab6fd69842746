/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "ferry-path.h"
#include "ferry-transfer-queue-private.h"

/* What the user (or the UI) does to items: pause, resume, cancel, retry,
 * clean up, and the answer to "the target exists"; plus the totals and
 * the GListModel view of the entries. */

void
ferry_transfer_queue_pause_item (FerryTransferQueue *self,
                                 FerryTransferItem  *item)
{
  QueueEntry *entry;

  g_return_if_fail (FERRY_IS_TRANSFER_QUEUE (self));
  entry = ferry_transfer_queue_lookup (self, item);
  g_return_if_fail (entry != NULL);

  if (entry->job != 0 && entry->slot != NULL)
    {
      entry->intent = INTENT_PAUSE;
      ferry_worker_cancel (entry->slot->worker, entry->job);
      return;
    }
  if (ferry_transfer_item_get_state (item) == FERRY_TRANSFER_QUEUED)
    {
      ferry_transfer_item_set_asking (entry->item, FALSE);
      ferry_transfer_item_set_state (item, FERRY_TRANSFER_PAUSED, NULL);
      ferry_transfer_queue_kick (self);
    }
}

void
ferry_transfer_queue_resume_item (FerryTransferQueue *self,
                                  FerryTransferItem  *item)
{
  QueueEntry *entry;

  g_return_if_fail (FERRY_IS_TRANSFER_QUEUE (self));
  entry = ferry_transfer_queue_lookup (self, item);
  g_return_if_fail (entry != NULL);

  if (ferry_transfer_item_get_state (item) != FERRY_TRANSFER_PAUSED)
    return;
  ferry_transfer_queue_requeue (self, entry, 0);
  ferry_transfer_queue_kick (self);
}

void
ferry_transfer_queue_cancel_item (FerryTransferQueue *self,
                                  FerryTransferItem  *item)
{
  QueueEntry *entry;
  FerryTransferState state;

  g_return_if_fail (FERRY_IS_TRANSFER_QUEUE (self));
  entry = ferry_transfer_queue_lookup (self, item);
  g_return_if_fail (entry != NULL);

  if (entry->job != 0 && entry->slot != NULL)
    {
      entry->intent = INTENT_CANCEL;
      ferry_worker_cancel (entry->slot->worker, entry->job);
      return;
    }
  state = ferry_transfer_item_get_state (item);
  if (!ferry_transfer_state_is_final (state))
    {
      ferry_transfer_queue_finish_entry (self, entry, FERRY_TRANSFER_CANCELLED, NULL);
      ferry_transfer_queue_kick (self);
    }
}

void
ferry_transfer_queue_cancel_all (FerryTransferQueue *self)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_if_fail (FERRY_IS_TRANSFER_QUEUE (self));

  for (guint i = 0; i < self->entries->len; i++)
    {
      QueueEntry *entry = g_ptr_array_index (self->entries, i);

      if (!ferry_transfer_state_is_final (ferry_transfer_item_get_state (entry->item)))
        g_ptr_array_add (items, g_object_ref (entry->item));
    }
  for (guint i = 0; i < items->len; i++)
    {
      QueueEntry *entry = ferry_transfer_queue_lookup (self, g_ptr_array_index (items, i));

      if (entry == NULL)
        continue;
      if (entry->job != 0 && entry->slot != NULL)
        {
          entry->intent = INTENT_CANCEL;
          ferry_worker_cancel (entry->slot->worker, entry->job);
        }
      else
        ferry_transfer_queue_finish_entry (self, entry, FERRY_TRANSFER_CANCELLED, NULL);
    }
  ferry_transfer_queue_kick (self);
}

/* A login that failed for good may work now (password fixed, server up). */
static void
revive_slots (FerryTransferQueue *self)
{
  g_clear_pointer (&self->fatal_error, g_free);
  for (guint i = self->slots->len; i > 0; i--)
    {
      QueueSlot *slot = g_ptr_array_index (self->slots, i - 1);
      if (slot->dead)
        g_ptr_array_remove_index (self->slots, i - 1);
    }
}

static void
retry_entry (FerryTransferQueue *self,
             QueueEntry         *entry)
{
  ferry_transfer_item_set_attempts (entry->item, 0);
  ferry_transfer_queue_choose_resume (entry);
  ferry_transfer_queue_requeue (self, entry, 0);
  ferry_transfer_item_set_state (entry->item, FERRY_TRANSFER_QUEUED, NULL);
}

void
ferry_transfer_queue_retry_failed (FerryTransferQueue *self)
{
  g_return_if_fail (FERRY_IS_TRANSFER_QUEUE (self));

  revive_slots (self);
  for (guint i = 0; i < self->entries->len; i++)
    {
      QueueEntry *entry = g_ptr_array_index (self->entries, i);

      if (ferry_transfer_item_get_state (entry->item) == FERRY_TRANSFER_FAILED)
        retry_entry (self, entry);
    }
  ferry_transfer_queue_kick (self);
}

void
ferry_transfer_queue_retry_item (FerryTransferQueue *self,
                                 FerryTransferItem  *item)
{
  QueueEntry *entry;

  g_return_if_fail (FERRY_IS_TRANSFER_QUEUE (self));
  entry = ferry_transfer_queue_lookup (self, item);
  g_return_if_fail (entry != NULL);

  if (ferry_transfer_item_get_state (item) != FERRY_TRANSFER_FAILED)
    return;
  revive_slots (self);
  retry_entry (self, entry);
  ferry_transfer_queue_kick (self);
}

void
ferry_transfer_queue_remove_finished (FerryTransferQueue *self)
{
  g_autoptr(GPtrArray) kept = NULL;
  guint old_len;

  g_return_if_fail (FERRY_IS_TRANSFER_QUEUE (self));

  old_len = self->entries->len;
  kept = g_ptr_array_new_full (old_len, (GDestroyNotify) ferry_transfer_queue_entry_free);
  for (guint i = 0; i < old_len; i++)
    {
      QueueEntry *entry = g_ptr_array_index (self->entries, i);
      FerryTransferState state = ferry_transfer_item_get_state (entry->item);

      if (entry->job == 0 && (state == FERRY_TRANSFER_DONE || state == FERRY_TRANSFER_SKIPPED ||
                              state == FERRY_TRANSFER_CANCELLED))
        {
          g_hash_table_remove (self->by_item, entry->item);
          ferry_transfer_queue_entry_free (entry);
        }
      else
        g_ptr_array_add (kept, entry);
    }
  if (kept->len == old_len)
    {
      g_ptr_array_set_free_func (kept, NULL);
      return;
    }

  g_ptr_array_set_free_func (self->entries, NULL);
  g_ptr_array_unref (self->entries);
  self->entries = g_steal_pointer (&kept);
  self->scan_from = 0;
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_len, self->entries->len);
}

/* "name.ext" → "name (1).ext", the first that does not exist. */
static char *
renamed_local (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  const char *dot = strrchr (base, '.');
  g_autofree char *stem = dot && dot != base ? g_strndup (base, dot - base) : g_strdup (base);
  const char *ext = dot && dot != base ? dot : "";

  for (guint n = 1; n < 10000; n++)
    {
      g_autofree char *name = g_strdup_printf ("%s (%u)%s", stem, n, ext);
      g_autofree char *candidate = g_build_filename (dir, name, NULL);
      g_autofree char *part = ferry_file_transfer_part_path (candidate);

      if (!g_file_test (candidate, G_FILE_TEST_EXISTS) &&
          !g_file_test (part, G_FILE_TEST_EXISTS))
        return g_steal_pointer (&candidate);
    }
  return NULL;
}

void
ferry_transfer_queue_answer_overwrite (FerryTransferQueue   *self,
                                       FerryTransferItem    *item,
                                       FerryOverwriteChoice  choice,
                                       gboolean              apply_to_all)
{
  QueueEntry *entry;

  g_return_if_fail (FERRY_IS_TRANSFER_QUEUE (self));
  entry = ferry_transfer_queue_lookup (self, item);
  g_return_if_fail (entry != NULL);

  if (apply_to_all)
    {
      self->have_all_choice = TRUE;
      self->all_choice = choice;
      /* Everything else already waiting for an answer gets this one too. */
      for (guint i = 0; i < self->entries->len; i++)
        {
          QueueEntry *other = g_ptr_array_index (self->entries, i);
          if (other != entry && ferry_transfer_item_get_asking (other->item))
            ferry_transfer_queue_answer_overwrite (self, other->item, choice, FALSE);
        }
    }

  ferry_transfer_item_set_asking (entry->item, FALSE);
  switch (choice)
    {
    case FERRY_OVERWRITE_CHOICE_SKIP:
      ferry_transfer_queue_finish_entry (self, entry, FERRY_TRANSFER_SKIPPED,
                                         _("Skipped: the target exists"));
      ferry_transfer_queue_kick (self);
      return;

    case FERRY_OVERWRITE_CHOICE_RENAME:
      if (ferry_transfer_item_get_direction (item) == FERRY_TRANSFER_DOWNLOAD)
        {
          g_autofree char *renamed = renamed_local (ferry_transfer_item_get_local_path (item));
          if (renamed == NULL)
            {
              ferry_transfer_queue_finish_entry (self, entry, FERRY_TRANSFER_FAILED,
                                                 _("No free name to rename to"));
              ferry_transfer_queue_kick (self);
              return;
            }
          ferry_transfer_item_set_local_path (item, renamed);
          entry->continue_part = FALSE;   /* the new name's .part is not ours */
        }
      else
        {
          /* The server cannot be asked cheaply which names are free: the
           * first candidate, and "never" so an existing one is not hit. */
          const char *remote = ferry_transfer_item_get_remote_path (item);
          g_autofree char *parent = ferry_path_remote_parent (remote);
          g_autofree char *base = ferry_path_remote_basename (remote);
          const char *dot = strrchr (base, '.');
          g_autofree char *stem = dot && dot != base ? g_strndup (base, dot - base) : g_strdup (base);
          g_autofree char *name = g_strdup_printf ("%s (1)%s", stem, dot && dot != base ? dot : "");
          g_autofree char *renamed = ferry_path_remote_join (parent, name);

          ferry_transfer_item_set_remote_path (item, renamed);
        }
      entry->has_policy = TRUE;
      entry->policy = FERRY_OVERWRITE_NEVER;
      break;

    case FERRY_OVERWRITE_CHOICE_OVERWRITE:
      entry->has_policy = TRUE;
      entry->policy = FERRY_OVERWRITE_ALWAYS;
      break;

    case FERRY_OVERWRITE_CHOICE_NEWER:
      entry->has_policy = TRUE;
      entry->policy = FERRY_OVERWRITE_NEWER;
      break;

    case FERRY_OVERWRITE_CHOICE_RESUME:
    default:
      entry->has_policy = TRUE;
      entry->policy = FERRY_OVERWRITE_RESUME;
      break;
    }

  /* The answer does not count as a failed attempt. */
  if (ferry_transfer_item_get_attempts (item) > 0)
    ferry_transfer_item_set_attempts (item, ferry_transfer_item_get_attempts (item) - 1);
  ferry_transfer_queue_requeue (self, entry, 0);
  ferry_transfer_queue_kick (self);
}

void
ferry_transfer_queue_get_totals (FerryTransferQueue  *self,
                                 FerryTransferTotals *totals)
{
  g_return_if_fail (FERRY_IS_TRANSFER_QUEUE (self));
  g_return_if_fail (totals != NULL);

  memset (totals, 0, sizeof *totals);
  for (guint i = 0; i < self->entries->len; i++)
    {
      QueueEntry *entry = g_ptr_array_index (self->entries, i);
      FerryTransferItem *item = entry->item;
      FerryTransferState state = ferry_transfer_item_get_state (item);
      gint64 size = ferry_transfer_item_get_size (item);

      if (ferry_transfer_item_get_is_dir (item))
        {
          if (state == FERRY_TRANSFER_DONE)
            totals->dirs_done++;
          continue;
        }
      if (state == FERRY_TRANSFER_SKIPPED)
        {
          totals->files_skipped++;
          continue;
        }
      if (state == FERRY_TRANSFER_CANCELLED)
        continue;
      totals->files_total++;
      if (state == FERRY_TRANSFER_DONE)
        totals->files_done++;
      if (state == FERRY_TRANSFER_FAILED)
        totals->files_failed++;
      if (size > 0)
        totals->bytes_total += (guint64) size;
      totals->bytes_done += ferry_transfer_item_get_bytes_done (item);
    }
  for (guint i = 0; i < self->entries->len; i++)
    {
      QueueEntry *entry = g_ptr_array_index (self->entries, i);

      if (ferry_transfer_item_get_is_dir (entry->item) &&
          ferry_transfer_item_get_state (entry->item) == FERRY_TRANSFER_FAILED)
        totals->files_failed++;
    }
  totals->rate = self->rate;
}

/* ---------------------------------------------------------------------- */
/* GListModel                                                               */

static GType
ferry_transfer_queue_get_item_type (GListModel *model)
{
  return FERRY_TYPE_TRANSFER_ITEM;
}

static guint
ferry_transfer_queue_get_n_items (GListModel *model)
{
  return FERRY_TRANSFER_QUEUE (model)->entries->len;
}

static gpointer
ferry_transfer_queue_get_item (GListModel *model,
                               guint       position)
{
  FerryTransferQueue *self = FERRY_TRANSFER_QUEUE (model);
  QueueEntry *entry;

  if (position >= self->entries->len)
    return NULL;
  entry = g_ptr_array_index (self->entries, position);
  return g_object_ref (entry->item);
}

void
ferry_transfer_queue_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = ferry_transfer_queue_get_item_type;
  iface->get_n_items = ferry_transfer_queue_get_n_items;
  iface->get_item = ferry_transfer_queue_get_item;
}
