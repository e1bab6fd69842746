/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdarg.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "ferry-path.h"
#include "ferry-transfer-queue.h"
#include "ferry-transfer-queue-private.h"
#include "ferry-transfer-worker-slot.h"

/*
 * The queue is the model and the front: it holds the items in order
 * (a GListModel), the settings, the signals and what the user does to
 * items.  Which item runs where is FerryTransferScheduler's, the
 * connections are FerryTransferSlots, folders are walked by
 * FerryTransferWalker and the queue is saved by FerryTransferStore (see
 * ferry-transfer-queue-private.h).  Totals are not counted: every item
 * keeps its tree's figures up to date (FerryTransferItem), and the queue's
 * are those of an invisible root above every item added.  Main thread.
 */

G_DEFINE_ENUM_TYPE (FerryOverwrite, ferry_overwrite,
  G_DEFINE_ENUM_VALUE (FERRY_OVERWRITE_ASK, "ask"),
  G_DEFINE_ENUM_VALUE (FERRY_OVERWRITE_NEVER, "never"),
  G_DEFINE_ENUM_VALUE (FERRY_OVERWRITE_ALWAYS, "always"),
  G_DEFINE_ENUM_VALUE (FERRY_OVERWRITE_NEWER, "newer"),
  G_DEFINE_ENUM_VALUE (FERRY_OVERWRITE_RESUME, "resume"))


static void ferry_transfer_queue_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FerryTransferQueue, ferry_transfer_queue, G_TYPE_OBJECT,
  G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, ferry_transfer_queue_list_model_init))

enum {
  PROP_0,
  PROP_CONCURRENCY,
  PROP_OVERWRITE_POLICY,
  PROP_MAX_RETRIES,
  PROP_RETRY_DELAY,
  PROP_MAX_DEPTH,
  PROP_PAUSED,
  PROP_SPEED_LIMIT_DOWN,
  PROP_SPEED_LIMIT_UP,
  PROP_PRESERVE_MTIME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];
guint ferry_transfer_queue_signals[QUEUE_N_SIGNALS];

/* ---------------------------------------------------------------------- */
/* Items                                                                    */

FerryTransferItem *
ferry_transfer_queue_item_new (FerryTransferDirection  direction,
                               const char             *local_path,
                               const char             *remote_path,
                               gboolean                is_dir,
                               gint64                  size,
                               guint                   batch,
                               guint                   depth)
{
  FerryTransferItem *item = ferry_transfer_item_new (direction, local_path, remote_path, is_dir, size);

  ferry_transfer_item_set_batch_id (item, batch);
  ferry_transfer_item_set_depth (item, depth);
  return item;
}

void
ferry_transfer_queue_append (FerryTransferQueue *self,
                             FerryTransferItem  *parent,
                             GPtrArray          *items)
{
  guint position = self->items->len;

  if (items->len == 0)
    return;
  for (guint i = 0; i < items->len; i++)
    {
      FerryTransferItem *item = g_ptr_array_index (items, i);

      ferry_transfer_item_set_parent (item, parent != NULL ? parent : self->root);
      g_ptr_array_add (self->items, g_object_ref (item));
    }
  self->busy = TRUE;
  ferry_transfer_queue_schedule_progress (self);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, items->len);
}

void
ferry_transfer_queue_note (FerryTransferQueue *self,
                           FerryLogKind        kind,
                           const char         *format,
                           ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  g_signal_emit (self, ferry_transfer_queue_signals[QUEUE_SIGNAL_LOG_LINE], 0,
                 (int) kind, 0u, text);
}

/* A walked folder is done when the last item in its tree is. */
static void
complete_parent (FerryTransferQueue *self,
                 FerryTransferItem  *item)
{
  FerryTransferItem *parent = ferry_transfer_item_get_parent (item);

  if (parent == NULL || parent == self->root)
    return;
  if (ferry_transfer_item_get_state (parent) == FERRY_TRANSFER_RUNNING &&
      ferry_transfer_item_get_walked (parent) && ferry_transfer_item_get_open (parent) == 1)
    ferry_transfer_queue_finish_item (self, parent, FERRY_TRANSFER_DONE, NULL);
}

void
ferry_transfer_queue_finish_item (FerryTransferQueue *self,
                                  FerryTransferItem  *item,
                                  FerryTransferState  state,
                                  const char         *message)
{
  g_autoptr(FerryTransferItem) hold = g_object_ref (item);

  g_assert (ferry_transfer_state_is_final (state));
  ferry_transfer_item_set_asking (item, FALSE);
  if (state == FERRY_TRANSFER_DONE && !ferry_transfer_item_get_is_dir (item))
    {
      gint64 size = ferry_transfer_item_get_size (item);
      guint64 done = ferry_transfer_item_get_bytes_done (item);

      if (size < 0)
        ferry_transfer_item_set_size (item, (gint64) done);
      ferry_transfer_item_set_progress (item, size < 0 ? done : (guint64) size, 0);
    }
  else
    ferry_transfer_item_set_progress (item, ferry_transfer_item_get_bytes_done (item), 0);

  ferry_transfer_item_set_state (item, state, message);
  ferry_transfer_queue_schedule_progress (self);
  g_signal_emit (self, ferry_transfer_queue_signals[QUEUE_SIGNAL_ITEM_FINISHED], 0, item);
  complete_parent (self, item);
}

void
ferry_transfer_queue_walk_done (FerryTransferQueue *self,
                                FerryTransferItem  *folder,
                                const GError       *error)
{
  FerryTransferWork *work = ferry_transfer_item_get_work (folder);

  if (ferry_transfer_state_is_final (ferry_transfer_item_get_state (folder)))
    ;
  else if (work->intent == FERRY_TRANSFER_INTENT_CANCEL)
    ferry_transfer_queue_finish_item (self, folder, FERRY_TRANSFER_CANCELLED, NULL);
  else if (error != NULL)
    {
      ferry_transfer_queue_note (self, FERRY_LOG_ERROR, "%s", error->message);
      ferry_transfer_queue_finish_item (self, folder,
                                        g_error_matches (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_EXISTS)
                                        ? FERRY_TRANSFER_SKIPPED : FERRY_TRANSFER_FAILED,
                                        error->message);
    }
  else
    {
      /* RUNNING until the last file below it is final. */
      ferry_transfer_item_set_walked (folder, TRUE);
      if (ferry_transfer_item_get_open (folder) == 1)
        ferry_transfer_queue_finish_item (self, folder, FERRY_TRANSFER_DONE, NULL);
    }
  work->intent = FERRY_TRANSFER_INTENT_NONE;
  ferry_transfer_scheduler_run (self->scheduler);
}

/* Makes @item eligible again (scanning restarts from the top). */
void
ferry_transfer_queue_requeue (FerryTransferQueue *self,
                              FerryTransferItem  *item,
                              gint64              not_before)
{
  FerryTransferWork *work = ferry_transfer_item_get_work (item);

  work->not_before = not_before;
  work->step = FERRY_TRANSFER_STEP_NONE;
  ferry_transfer_item_set_asking (item, FALSE);
  ferry_transfer_item_set_state (item, FERRY_TRANSFER_QUEUED,
                                 ferry_transfer_item_get_error_message (item));
  ferry_transfer_scheduler_rescan (self->scheduler);
  self->busy = TRUE;
}

/* ---------------------------------------------------------------------- */
/* Slots                                                                    */

void
ferry_transfer_queue_set_slot_factory (FerryTransferQueue       *self,
                                       FerryTransferSlotFactory  factory,
                                       gpointer                  data)
{
  self->slot_factory = factory;
  self->slot_factory_data = data;
}

static FerryTransferSlot *
worker_slot_factory (const FerrySite *site,
                     gpointer         data)
{
  FerryTransferQueue *self = data;

  return ferry_transfer_worker_slot_new (site, self->interaction);
}

FerryTransferSlot *
ferry_transfer_queue_new_slot (FerryTransferQueue *self)
{
  return self->slot_factory (self->site, self->slot_factory_data);
}

FerryInteraction *
ferry_transfer_queue_get_interaction (FerryTransferQueue *self)
{
  g_return_val_if_fail (FERRY_IS_TRANSFER_QUEUE (self), NULL);
  return self->own_interaction ? NULL : self->interaction;
}

void
ferry_transfer_queue_set_interaction (FerryTransferQueue *self,
                                      FerryInteraction   *interaction)
{
  g_return_if_fail (FERRY_IS_TRANSFER_QUEUE (self));
  g_return_if_fail (interaction == NULL || FERRY_IS_INTERACTION (interaction));

  /* Slots made from now on ask there; the connections already up keep
   * what they were given (set it before adding transfers). */
  if (interaction == NULL)
    {
      g_clear_object (&self->interaction);
      self->interaction = ferry_transfer_queue_interaction_new (self);
      self->own_interaction = TRUE;
      return;
    }
  g_set_object (&self->interaction, interaction);
  self->own_interaction = FALSE;
}

void
ferry_transfer_queue_answer_certificate (FerryTransferQueue     *self,
                                         FerryCertificateAnswer  answer)
{
  g_return_if_fail (FERRY_IS_TRANSFER_QUEUE (self));
  if (self->own_interaction)
    ferry_transfer_queue_interaction_answer_certificate (FERRY_TRANSFER_QUEUE_INTERACTION (self->interaction),
                                                         answer);
}

void
ferry_transfer_queue_answer_account (FerryTransferQueue *self,
                                     const char         *account)
{
  g_return_if_fail (FERRY_IS_TRANSFER_QUEUE (self));
  if (self->own_interaction)
    ferry_transfer_queue_interaction_answer_account (FERRY_TRANSFER_QUEUE_INTERACTION (self->interaction),
                                                     account);
}

/* ---------------------------------------------------------------------- */
/* Progress                                                                 */

static gboolean
progress_cb (gpointer data)
{
  FerryTransferQueue *self = data;
  FerryTransferTotals t;
  gboolean idle = ferry_transfer_scheduler_is_idle (self->scheduler);

  ferry_transfer_scheduler_update_rates (self->scheduler);
  ferry_transfer_queue_get_totals (self, &t);
  if (idle)
    t.rate = 0;
  g_signal_emit (self, ferry_transfer_queue_signals[QUEUE_SIGNAL_PROGRESS], 0,
                 t.bytes_done, t.bytes_total, t.rate, t.files_done, t.files_total);
  if (idle)
    {
      self->progress_source = 0;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

/* Ticks every FERRY_QUEUE_PROGRESS_MS while anything runs: the rates are
 * estimated at the ticks. */
void
ferry_transfer_queue_schedule_progress (FerryTransferQueue *self)
{
  if (self->progress_source == 0)
    self->progress_source = g_timeout_add (FERRY_QUEUE_PROGRESS_MS, progress_cb, self);
}

void
ferry_transfer_queue_check_idle (FerryTransferQueue *self)
{
  if (!self->busy || !ferry_transfer_scheduler_is_idle (self->scheduler))
    return;
  self->busy = FALSE;
  g_clear_handle_id (&self->progress_source, g_source_remove);
  progress_cb (self);
  g_clear_handle_id (&self->progress_source, g_source_remove);
  g_signal_emit (self, ferry_transfer_queue_signals[QUEUE_SIGNAL_FINISHED], 0);
}

gboolean
ferry_transfer_queue_is_idle (FerryTransferQueue *self)
{
  g_return_val_if_fail (FERRY_IS_TRANSFER_QUEUE (self), TRUE);
  return ferry_transfer_scheduler_is_idle (self->scheduler);
}

void
ferry_transfer_queue_get_totals (FerryTransferQueue  *self,
                                 FerryTransferTotals *totals)
{
  g_return_if_fail (FERRY_IS_TRANSFER_QUEUE (self));
  g_return_if_fail (totals != NULL);
  ferry_transfer_item_get_totals (self->root, totals);
}

/* ---------------------------------------------------------------------- */
/* Adding                                                                   */

FerryTransferQueue *
ferry_transfer_queue_new (const FerrySite *site)
{
  FerryTransferQueue *self;

  g_return_val_if_fail (site != NULL, NULL);

  self = g_object_new (FERRY_TYPE_TRANSFER_QUEUE, NULL);
  self->site = ferry_site_copy (site);
  return self;
}

const FerrySite *
ferry_transfer_queue_get_site (FerryTransferQueue *self)
{
  g_return_val_if_fail (FERRY_IS_TRANSFER_QUEUE (self), NULL);
  return self->site;
}

static guint
add_item (FerryTransferQueue     *self,
          FerryTransferDirection  direction,
          const char             *local_path,
          const char             *remote_path,
          gboolean                is_dir,
          gint64                  size)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  guint batch = ++self->next_batch;

  ferry_transfer_walker_batch_started (self->walker, batch);
  g_ptr_array_add (items, ferry_transfer_queue_item_new (direction, local_path, remote_path,
                                                         is_dir, size, batch, 0));
  ferry_transfer_queue_append (self, NULL, items);
  ferry_transfer_scheduler_run (self->scheduler);
  return batch;
}

guint
ferry_transfer_queue_add_download (FerryTransferQueue *self,
                                   const char         *remote_path,
                                   const char         *local_path,
                                   gboolean            is_dir,
                                   gint64              size)
{
  g_return_val_if_fail (FERRY_IS_TRANSFER_QUEUE (self), 0);
  g_return_val_if_fail (remote_path != NULL && local_path != NULL, 0);

  return add_item (self, FERRY_TRANSFER_DOWNLOAD, local_path, remote_path, is_dir, size);
}

guint
ferry_transfer_queue_add_upload (FerryTransferQueue *self,
                                 const char         *local_path,
                                 const char         *remote_path,
                                 gboolean            is_dir)
{
  g_return_val_if_fail (FERRY_IS_TRANSFER_QUEUE (self), 0);
  g_return_val_if_fail (remote_path != NULL && local_path != NULL, 0);

  /* The size comes with the upload's first progress: no stat here. */
  return add_item (self, FERRY_TRANSFER_UPLOAD, local_path, remote_path, is_dir, -1);
}

/* ---------------------------------------------------------------------- */
/* What the user does to items                                              */

void
ferry_transfer_queue_pause_item (FerryTransferQueue *self,
                                 FerryTransferItem  *item)
{
  g_return_if_fail (FERRY_IS_TRANSFER_QUEUE (self));
  g_return_if_fail (FERRY_IS_TRANSFER_ITEM (item));

  if (ferry_transfer_item_get_work (item)->slot != NULL)
    {
      ferry_transfer_scheduler_stop_item (self->scheduler, item, FERRY_TRANSFER_INTENT_PAUSE);
      return;
    }
  if (ferry_transfer_item_get_state (item) == FERRY_TRANSFER_QUEUED &&
      !ferry_transfer_item_is_busy (item))
    {
      ferry_transfer_item_set_asking (item, FALSE);
      ferry_transfer_item_set_state (item, FERRY_TRANSFER_PAUSED, NULL);
      ferry_transfer_scheduler_run (self->scheduler);
    }
}

void
ferry_transfer_queue_resume_item (FerryTransferQueue *self,
                                  FerryTransferItem  *item)
{
  g_return_if_fail (FERRY_IS_TRANSFER_QUEUE (self));
  g_return_if_fail (FERRY_IS_TRANSFER_ITEM (item));

  if (ferry_transfer_item_get_state (item) != FERRY_TRANSFER_PAUSED)
    return;
  ferry_transfer_queue_requeue (self, item, 0);
  ferry_transfer_scheduler_run (self->scheduler);
}

static gboolean
is_below (FerryTransferItem *item,
          FerryTransferItem *folder)
{
  for (FerryTransferItem *p = ferry_transfer_item_get_parent (item); p != NULL;
       p = ferry_transfer_item_get_parent (p))
    if (p == folder)
      return TRUE;
  return FALSE;
}

static void
cancel_one (FerryTransferQueue *self,
            FerryTransferItem  *item)
{
  if (ferry_transfer_state_is_final (ferry_transfer_item_get_state (item)))
    return;
  if (!ferry_transfer_scheduler_stop_item (self->scheduler, item, FERRY_TRANSFER_INTENT_CANCEL))
    ferry_transfer_queue_finish_item (self, item, FERRY_TRANSFER_CANCELLED, NULL);
}

void
ferry_transfer_queue_cancel_item (FerryTransferQueue *self,
                                  FerryTransferItem  *item)
{
  g_autoptr(FerryTransferItem) hold = NULL;
  gboolean walked;

  g_return_if_fail (FERRY_IS_TRANSFER_QUEUE (self));
  g_return_if_fail (FERRY_IS_TRANSFER_ITEM (item));

  hold = g_object_ref (item);
  walked = ferry_transfer_item_get_walked (item);
  cancel_one (self, item);
  /* A walked folder stands for its tree: what is left of it goes too
   * (the folder first, so that its last child does not complete it). */
  if (walked)
    for (guint i = 0; i < self->items->len; i++)
      {
        FerryTransferItem *other = g_ptr_array_index (self->items, i);

        if (is_below (other, item))
          cancel_one (self, other);
      }
  ferry_transfer_scheduler_run (self->scheduler);
}

void
ferry_transfer_queue_cancel_all (FerryTransferQueue *self)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_if_fail (FERRY_IS_TRANSFER_QUEUE (self));

  for (guint i = 0; i < self->items->len; i++)
    {
      FerryTransferItem *item = g_ptr_array_index (self->items, i);

      if (!ferry_transfer_state_is_final (ferry_transfer_item_get_state (item)))
        g_ptr_array_add (items, g_object_ref (item));
    }
  for (guint i = 0; i < items->len; i++)
    cancel_one (self, g_ptr_array_index (items, i));
  ferry_transfer_scheduler_run (self->scheduler);
}

static void
retry_item (FerryTransferQueue *self,
            FerryTransferItem  *item)
{
  if (ferry_transfer_item_is_busy (item))
    return;
  ferry_transfer_item_set_attempts (item, 0);
  ferry_transfer_item_set_state (item, FERRY_TRANSFER_FAILED, NULL);
  ferry_transfer_scheduler_retry_later (self->scheduler, item, 0, NULL);
}

void
ferry_transfer_queue_retry_failed (FerryTransferQueue *self)
{
  g_return_if_fail (FERRY_IS_TRANSFER_QUEUE (self));

  ferry_transfer_scheduler_revive (self->scheduler);
  for (guint i = 0; i < self->items->len; i++)
    {
      FerryTransferItem *item = g_ptr_array_index (self->items, i);

      if (ferry_transfer_item_get_state (item) == FERRY_TRANSFER_FAILED)
        retry_item (self, item);
    }
  ferry_transfer_scheduler_run (self->scheduler);
}

void
ferry_transfer_queue_retry_item (FerryTransferQueue *self,
                                 FerryTransferItem  *item)
{
  g_return_if_fail (FERRY_IS_TRANSFER_QUEUE (self));
  g_return_if_fail (FERRY_IS_TRANSFER_ITEM (item));

  if (ferry_transfer_item_get_state (item) != FERRY_TRANSFER_FAILED)
    return;
  ferry_transfer_scheduler_revive (self->scheduler);
  retry_item (self, item);
  ferry_transfer_scheduler_run (self->scheduler);
}

void
ferry_transfer_queue_remove_finished (FerryTransferQueue *self)
{
  g_autoptr(GPtrArray) kept = NULL;
  guint old_len;

  g_return_if_fail (FERRY_IS_TRANSFER_QUEUE (self));

  old_len = self->items->len;
  kept = g_ptr_array_new_full (old_len, g_object_unref);
  for (guint i = 0; i < old_len; i++)
    {
      FerryTransferItem *item = g_ptr_array_index (self->items, i);
      FerryTransferState state = ferry_transfer_item_get_state (item);

      if (!ferry_transfer_item_is_busy (item) &&
          (state == FERRY_TRANSFER_DONE || state == FERRY_TRANSFER_SKIPPED ||
           state == FERRY_TRANSFER_CANCELLED))
        ferry_transfer_item_set_removed (item);
      else
        g_ptr_array_add (kept, g_object_ref (item));
    }
  if (kept->len == old_len)
    return;

  g_ptr_array_unref (self->items);
  self->items = g_steal_pointer (&kept);
  ferry_transfer_scheduler_rescan (self->scheduler);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_len, self->items->len);
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
  FerryTransferWork *work;

  g_return_if_fail (FERRY_IS_TRANSFER_QUEUE (self));
  g_return_if_fail (FERRY_IS_TRANSFER_ITEM (item));
  work = ferry_transfer_item_get_work (item);

  if (apply_to_all)
    {
      self->have_all_choice = TRUE;
      self->all_choice = choice;
      /* Everything else already waiting for an answer gets this one too. */
      for (guint i = 0; i < self->items->len; i++)
        {
          FerryTransferItem *other = g_ptr_array_index (self->items, i);
          if (other != item && ferry_transfer_item_get_asking (other))
            ferry_transfer_queue_answer_overwrite (self, other, choice, FALSE);
        }
    }

  ferry_transfer_item_set_asking (item, FALSE);
  switch (choice)
    {
    case FERRY_OVERWRITE_CHOICE_SKIP:
      ferry_transfer_queue_finish_item (self, item, FERRY_TRANSFER_SKIPPED,
                                        _("Skipped: the target exists"));
      ferry_transfer_scheduler_run (self->scheduler);
      return;

    case FERRY_OVERWRITE_CHOICE_RENAME:
      if (ferry_transfer_item_get_direction (item) == FERRY_TRANSFER_DOWNLOAD)
        {
          /* A few stats, after the user's click: not worth a thread. */
          g_autofree char *renamed = renamed_local (ferry_transfer_item_get_local_path (item));
          if (renamed == NULL)
            {
              ferry_transfer_queue_finish_item (self, item, FERRY_TRANSFER_FAILED,
                                                _("No free name to rename to"));
              ferry_transfer_scheduler_run (self->scheduler);
              return;
            }
          ferry_transfer_item_set_local_path (item, renamed);
          work->continue_part = FALSE;   /* the new name's .part is not ours */
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
      work->has_policy = TRUE;
      work->policy = FERRY_OVERWRITE_NEVER;
      break;

    case FERRY_OVERWRITE_CHOICE_OVERWRITE:
      work->has_policy = TRUE;
      work->policy = FERRY_OVERWRITE_ALWAYS;
      break;

    case FERRY_OVERWRITE_CHOICE_NEWER:
      work->has_policy = TRUE;
      work->policy = FERRY_OVERWRITE_NEWER;
      break;

    case FERRY_OVERWRITE_CHOICE_RESUME:
    default:
      work->has_policy = TRUE;
      work->policy = FERRY_OVERWRITE_RESUME;
      break;
    }

  /* The answer does not count as a failed attempt. */
  if (ferry_transfer_item_get_attempts (item) > 0)
    ferry_transfer_item_set_attempts (item, ferry_transfer_item_get_attempts (item) - 1);
  ferry_transfer_queue_requeue (self, item, 0);
  ferry_transfer_scheduler_run (self->scheduler);
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
  return FERRY_TRANSFER_QUEUE (model)->items->len;
}

static gpointer
ferry_transfer_queue_get_item (GListModel *model,
                               guint       position)
{
  FerryTransferQueue *self = FERRY_TRANSFER_QUEUE (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
ferry_transfer_queue_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = ferry_transfer_queue_get_item_type;
  iface->get_n_items = ferry_transfer_queue_get_n_items;
  iface->get_item = ferry_transfer_queue_get_item;
}

/* ---------------------------------------------------------------------- */
/* Settings                                                                 */

#define ACCESSORS(type, name, field, notify_prop, clamp_expr)                  \
  type                                                                         \
  ferry_transfer_queue_get_##name (FerryTransferQueue *self)                   \
  {                                                                            \
    g_return_val_if_fail (FERRY_IS_TRANSFER_QUEUE (self), 0);                  \
    return self->field;                                                        \
  }                                                                            \
  void                                                                         \
  ferry_transfer_queue_set_##name (FerryTransferQueue *self, type value)       \
  {                                                                            \
    g_return_if_fail (FERRY_IS_TRANSFER_QUEUE (self));                         \
    value = (clamp_expr);                                                      \
    if (self->field == value)                                                  \
      return;                                                                  \
    self->field = value;                                                       \
    g_object_notify_by_pspec (G_OBJECT (self), properties[notify_prop]);       \
    ferry_transfer_scheduler_run (self->scheduler);                            \
  }

ACCESSORS (guint, concurrency, concurrency, PROP_CONCURRENCY,
           CLAMP (value, 1, FERRY_TRANSFER_QUEUE_MAX_CONCURRENCY))
ACCESSORS (FerryOverwrite, overwrite_policy, policy, PROP_OVERWRITE_POLICY, value)
ACCESSORS (guint, max_retries, max_retries, PROP_MAX_RETRIES, MIN (value, 100))
ACCESSORS (guint, retry_delay, retry_delay_ms, PROP_RETRY_DELAY,
           CLAMP (value, 1, FERRY_SCHEDULER_RETRY_CAP_MS))
ACCESSORS (guint, max_depth, max_depth, PROP_MAX_DEPTH, CLAMP (value, 1, 4096))
ACCESSORS (gboolean, preserve_mtime, preserve_mtime, PROP_PRESERVE_MTIME, !!value)

#undef ACCESSORS

/* The throttles exist for the queue's life: running transfers hold them
 * and see a new rate at their next chunk. */
guint64
ferry_transfer_queue_get_speed_limit_down (FerryTransferQueue *self)
{
  g_return_val_if_fail (FERRY_IS_TRANSFER_QUEUE (self), 0);
  return ferry_throttle_get_rate (self->throttle_down);
}

void
ferry_transfer_queue_set_speed_limit_down (FerryTransferQueue *self,
                                           guint64             bytes_per_second)
{
  g_return_if_fail (FERRY_IS_TRANSFER_QUEUE (self));
  if (ferry_throttle_get_rate (self->throttle_down) == bytes_per_second)
    return;
  ferry_throttle_set_rate (self->throttle_down, bytes_per_second);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPEED_LIMIT_DOWN]);
}

guint64
ferry_transfer_queue_get_speed_limit_up (FerryTransferQueue *self)
{
  g_return_val_if_fail (FERRY_IS_TRANSFER_QUEUE (self), 0);
  return ferry_throttle_get_rate (self->throttle_up);
}

void
ferry_transfer_queue_set_speed_limit_up (FerryTransferQueue *self,
                                         guint64             bytes_per_second)
{
  g_return_if_fail (FERRY_IS_TRANSFER_QUEUE (self));
  if (ferry_throttle_get_rate (self->throttle_up) == bytes_per_second)
    return;
  ferry_throttle_set_rate (self->throttle_up, bytes_per_second);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPEED_LIMIT_UP]);
}

gboolean
ferry_transfer_queue_get_paused (FerryTransferQueue *self)
{
  g_return_val_if_fail (FERRY_IS_TRANSFER_QUEUE (self), FALSE);
  return self->paused;
}

void
ferry_transfer_queue_set_paused (FerryTransferQueue *self,
                                 gboolean            paused)
{
  g_return_if_fail (FERRY_IS_TRANSFER_QUEUE (self));

  paused = !!paused;
  if (self->paused == paused)
    return;
  self->paused = paused;

  if (paused)
    ferry_transfer_scheduler_requeue_running (self->scheduler);
  else
    self->busy = TRUE;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
  ferry_transfer_scheduler_run (self->scheduler);
}

/* ---------------------------------------------------------------------- */
/* GObject                                                                  */

static void
ferry_transfer_queue_dispose (GObject *object)
{
  FerryTransferQueue *self = FERRY_TRANSFER_QUEUE (object);

  g_clear_handle_id (&self->progress_source, g_source_remove);
  /* Questions still on screen are answered by nobody now. */
  if (self->questions != NULL)
    g_cancellable_cancel (self->questions);
  /* Workers first: their dispose joins the threads, after which no
   * signal can reach items that are about to go. */
  if (self->scheduler != NULL)
    ferry_transfer_scheduler_shutdown (self->scheduler);
  if (self->walker != NULL)
    ferry_transfer_walker_shutdown (self->walker);

  G_OBJECT_CLASS (ferry_transfer_queue_parent_class)->dispose (object);
}

static void
ferry_transfer_queue_finalize (GObject *object)
{
  FerryTransferQueue *self = FERRY_TRANSFER_QUEUE (object);

  g_clear_object (&self->scheduler);
  g_clear_object (&self->walker);
  g_clear_object (&self->interaction);
  g_clear_object (&self->questions);
  g_clear_object (&self->store);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_object (&self->root);
  g_clear_pointer (&self->site, ferry_site_free);
  g_clear_pointer (&self->throttle_down, ferry_throttle_unref);
  g_clear_pointer (&self->throttle_up, ferry_throttle_unref);

  G_OBJECT_CLASS (ferry_transfer_queue_parent_class)->finalize (object);
}

static void
ferry_transfer_queue_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  FerryTransferQueue *self = FERRY_TRANSFER_QUEUE (object);

  switch (prop_id)
    {
    case PROP_CONCURRENCY:      g_value_set_uint (value, self->concurrency); break;
    case PROP_OVERWRITE_POLICY: g_value_set_enum (value, self->policy); break;
    case PROP_MAX_RETRIES:      g_value_set_uint (value, self->max_retries); break;
    case PROP_RETRY_DELAY:      g_value_set_uint (value, self->retry_delay_ms); break;
    case PROP_MAX_DEPTH:        g_value_set_uint (value, self->max_depth); break;
    case PROP_PAUSED:           g_value_set_boolean (value, self->paused); break;
    case PROP_SPEED_LIMIT_DOWN: g_value_set_uint64 (value, ferry_throttle_get_rate (self->throttle_down)); break;
    case PROP_SPEED_LIMIT_UP:   g_value_set_uint64 (value, ferry_throttle_get_rate (self->throttle_up)); break;
    case PROP_PRESERVE_MTIME:   g_value_set_boolean (value, self->preserve_mtime); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_transfer_queue_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  FerryTransferQueue *self = FERRY_TRANSFER_QUEUE (object);

  switch (prop_id)
    {
    case PROP_CONCURRENCY:
      ferry_transfer_queue_set_concurrency (self, g_value_get_uint (value));
      break;
    case PROP_OVERWRITE_POLICY:
      ferry_transfer_queue_set_overwrite_policy (self, g_value_get_enum (value));
      break;
    case PROP_MAX_RETRIES:
      ferry_transfer_queue_set_max_retries (self, g_value_get_uint (value));
      break;
    case PROP_RETRY_DELAY:
      ferry_transfer_queue_set_retry_delay (self, g_value_get_uint (value));
      break;
    case PROP_MAX_DEPTH:
      ferry_transfer_queue_set_max_depth (self, g_value_get_uint (value));
      break;
    case PROP_PAUSED:
      ferry_transfer_queue_set_paused (self, g_value_get_boolean (value));
      break;
    case PROP_SPEED_LIMIT_DOWN:
      ferry_transfer_queue_set_speed_limit_down (self, g_value_get_uint64 (value));
      break;
    case PROP_SPEED_LIMIT_UP:
      ferry_transfer_queue_set_speed_limit_up (self, g_value_get_uint64 (value));
      break;
    case PROP_PRESERVE_MTIME:
      ferry_transfer_queue_set_preserve_mtime (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_transfer_queue_class_init (FerryTransferQueueClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = ferry_transfer_queue_dispose;
  object_class->finalize = ferry_transfer_queue_finalize;
  object_class->get_property = ferry_transfer_queue_get_property;
  object_class->set_property = ferry_transfer_queue_set_property;

  properties[PROP_CONCURRENCY] =
    g_param_spec_uint ("concurrency", NULL, NULL, 1, FERRY_TRANSFER_QUEUE_MAX_CONCURRENCY, 2, flags);
  properties[PROP_OVERWRITE_POLICY] =
    g_param_spec_enum ("overwrite-policy", NULL, NULL, FERRY_TYPE_OVERWRITE,
                       FERRY_OVERWRITE_ASK, flags);
  properties[PROP_MAX_RETRIES] =
    g_param_spec_uint ("max-retries", NULL, NULL, 0, 100, 3, flags);
  properties[PROP_RETRY_DELAY] =
    g_param_spec_uint ("retry-delay", NULL, NULL, 1, FERRY_SCHEDULER_RETRY_CAP_MS, 1000, flags);
  properties[PROP_MAX_DEPTH] =
    g_param_spec_uint ("max-depth", NULL, NULL, 1, 4096, 64, flags);
  properties[PROP_PAUSED] =
    g_param_spec_boolean ("paused", NULL, NULL, FALSE, flags);
  properties[PROP_SPEED_LIMIT_DOWN] =
    g_param_spec_uint64 ("speed-limit-down", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_SPEED_LIMIT_UP] =
    g_param_spec_uint64 ("speed-limit-up", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_PRESERVE_MTIME] =
    g_param_spec_boolean ("preserve-mtime", NULL, NULL, TRUE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  ferry_transfer_queue_signals[QUEUE_SIGNAL_PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 5,
                  G_TYPE_UINT64, G_TYPE_UINT64, G_TYPE_DOUBLE, G_TYPE_UINT, G_TYPE_UINT);
  ferry_transfer_queue_signals[QUEUE_SIGNAL_ITEM_FINISHED] =
    g_signal_new ("item-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, FERRY_TYPE_TRANSFER_ITEM);
  ferry_transfer_queue_signals[QUEUE_SIGNAL_FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  ferry_transfer_queue_signals[QUEUE_SIGNAL_ASK_OVERWRITE] =
    g_signal_new ("ask-overwrite", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                  FERRY_TYPE_TRANSFER_ITEM, G_TYPE_FILE_INFO);
  ferry_transfer_queue_signals[QUEUE_SIGNAL_LOG_LINE] =
    g_signal_new ("log-line", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                  G_TYPE_INT, G_TYPE_UINT, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
  ferry_transfer_queue_signals[QUEUE_SIGNAL_ACCEPT_CERTIFICATE] =
    g_signal_new ("accept-certificate", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 4,
                  G_TYPE_TLS_CERTIFICATE, G_TYPE_TLS_CERTIFICATE_FLAGS,
                  G_TYPE_STRING, G_TYPE_BOOLEAN);
  ferry_transfer_queue_signals[QUEUE_SIGNAL_ASK_ACCOUNT] =
    g_signal_new ("ask-account", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
}

static void
ferry_transfer_queue_init (FerryTransferQueue *self)
{
  self->concurrency = 2;
  self->policy = FERRY_OVERWRITE_ASK;
  self->max_retries = 3;
  self->retry_delay_ms = 1000;
  self->max_depth = 64;
  self->preserve_mtime = TRUE;
  self->throttle_down = ferry_throttle_new (0);
  self->throttle_up = ferry_throttle_new (0);
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  /* Never in the model: it only sums (its own figures do not count). */
  self->root = ferry_transfer_item_new (FERRY_TRANSFER_DOWNLOAD, "", "", TRUE, -1);
  ferry_transfer_item_set_removed (self->root);
  self->scheduler = ferry_transfer_scheduler_new (self);
  self->walker = ferry_transfer_walker_new (self);
  self->store = ferry_transfer_store_new ();
  self->slot_factory = worker_slot_factory;
  self->slot_factory_data = self;
  self->questions = g_cancellable_new ();
  self->interaction = ferry_transfer_queue_interaction_new (self);
  self->own_interaction = TRUE;
}
