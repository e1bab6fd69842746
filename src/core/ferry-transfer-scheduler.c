/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <sys/stat.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "ferry-path.h"
#include "ferry-target-set.h"
#include "ferry-transfer-queue-private.h"
#include "ferry-transfer-scheduler.h"

/*
 * Every slot logs in once and then receives items as fast as it finishes
 * them, FERRY_SCHEDULER_PIPELINE jobs ahead, so a tree of small files
 * costs one login per connection and not one per file.  Folders are items
 * too: a remote folder's listing and an uploaded folder's MKD are jobs;
 * the walker then finds the children off the main thread.
 */

struct _FerryTransferScheduler
{
  GObject             parent_instance;

  FerryTransferQueue *queue;           /* borrowed: the queue owns us */
  GPtrArray          *slots;           /* FerryTransferSlot */
  GHashTable         *running;         /* FerryTransferItem (ref): a job on a slot */
  FerryTargetSet     *targets;         /* files being written, one item each */
  GHashTable         *rated;           /* folders whose rate is being estimated (ref) */
  guint               scan_from;       /* items before this are not QUEUED */
  guint               wake_source;     /* retry back-off timer */
  gint64              last_rate_tick;
  char               *home;
  char               *fatal_error;     /* no slot can log in */
};

G_DEFINE_FINAL_TYPE (FerryTransferScheduler, ferry_transfer_scheduler, G_TYPE_OBJECT)

static void slot_connect_finished_cb (FerryTransferSlot *slot, const GError *error,
                                      FerryTransferScheduler *self);
static void slot_job_finished_cb     (FerryTransferSlot *slot, FerryTransferItem *item,
                                      const GError *error, FerryTransferScheduler *self);

/* ---------------------------------------------------------------------- */
/* Slots                                                                    */

static void
slot_progress_cb (FerryTransferSlot      *slot,
                  FerryTransferItem      *item,
                  guint64                 done,
                  gint64                  total,
                  FerryTransferScheduler *self)
{
  if (total >= 0)
    ferry_transfer_item_set_size (item, total);
  ferry_transfer_item_set_progress (item, done, ferry_transfer_item_get_rate (item));
  ferry_transfer_queue_schedule_progress (self->queue);
}

static void
slot_listing_cb (FerryTransferSlot      *slot,
                 FerryTransferItem      *item,
                 const char             *path,
                 GPtrArray              *entries,
                 FerryTransferScheduler *self)
{
  FerryTransferWork *work = ferry_transfer_item_get_work (item);

  if (work->step != FERRY_TRANSFER_STEP_LIST)
    return;
  g_clear_pointer (&work->listing, g_ptr_array_unref);
  work->listing = g_ptr_array_ref (entries);
  g_free (work->listing_path);
  work->listing_path = g_strdup (path);
}

static void
slot_log_cb (FerryTransferSlot      *slot,
             int                     kind,
             guint                   code,
             const char             *text,
             FerryTransferScheduler *self)
{
  g_signal_emit (self->queue, ferry_transfer_queue_signals[QUEUE_SIGNAL_LOG_LINE], 0,
                 kind, code, text);
}

static FerryTransferSlot *
slot_new (FerryTransferScheduler *self)
{
  FerryTransferSlot *slot = ferry_transfer_queue_new_slot (self->queue);

  g_signal_connect (slot, "connect-finished", G_CALLBACK (slot_connect_finished_cb), self);
  g_signal_connect (slot, "job-finished", G_CALLBACK (slot_job_finished_cb), self);
  g_signal_connect (slot, "progress", G_CALLBACK (slot_progress_cb), self);
  g_signal_connect (slot, "listing-ready", G_CALLBACK (slot_listing_cb), self);
  g_signal_connect (slot, "log-line", G_CALLBACK (slot_log_cb), self);
  ferry_transfer_slot_connect (slot);
  return slot;
}

static void
slot_free (gpointer data)
{
  FerryTransferSlot *slot = data;

  g_signal_handlers_disconnect_matched (slot, G_SIGNAL_MATCH_FUNC, 0, 0, NULL,
                                        slot_connect_finished_cb, NULL);
  g_signal_handlers_disconnect_matched (slot, G_SIGNAL_MATCH_FUNC, 0, 0, NULL,
                                        slot_job_finished_cb, NULL);
  g_object_run_dispose (G_OBJECT (slot));
  g_object_unref (slot);
}

guint
ferry_transfer_scheduler_retry_delay_ms (FerryTransferScheduler *self,
                                         guint                   attempt)
{
  guint64 delay = self->queue->retry_delay_ms;

  for (guint i = 1; i < attempt && delay < FERRY_SCHEDULER_RETRY_CAP_MS; i++)
    delay *= 2;
  return (guint) MIN (delay, FERRY_SCHEDULER_RETRY_CAP_MS);
}

/* No slot could log in: fail what waits, with the server's reason. */
static void
fail_all_queued (FerryTransferScheduler *self,
                 const char             *message)
{
  GPtrArray *items = self->queue->items;

  if (ferry_transfer_item_get_n_queued (self->queue->root) == 0)
    return;
  for (guint i = 0; i < items->len; i++)
    {
      FerryTransferItem *item = g_ptr_array_index (items, i);

      if (ferry_transfer_item_get_state (item) == FERRY_TRANSFER_QUEUED &&
          !ferry_transfer_item_is_busy (item))
        ferry_transfer_queue_finish_item (self->queue, item, FERRY_TRANSFER_FAILED, message);
    }
}

static void
slot_connect_finished_cb (FerryTransferSlot      *slot,
                          const GError           *error,
                          FerryTransferScheduler *self)
{
  FerryTransferQueue *queue = self->queue;
  guint failures;

  if (error == NULL)
    {
      if (self->home == NULL && ferry_transfer_slot_get_home (slot) != NULL)
        self->home = g_strdup (ferry_transfer_slot_get_home (slot));
      ferry_transfer_scheduler_run (self);
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  failures = ferry_transfer_slot_get_connect_failures (slot);
  if (ferry_ftp_error_is_transient (error) && failures <= queue->max_retries)
    {
      guint delay = ferry_transfer_scheduler_retry_delay_ms (self, failures);

      ferry_transfer_queue_note (queue, FERRY_LOG_INFO,
                                 _("Cannot connect (%s); trying again in %u ms"),
                                 error->message, delay);
      ferry_transfer_slot_connect_later (slot, delay);
      return;
    }

  ferry_transfer_slot_set_dead (slot);
  ferry_transfer_queue_note (queue, FERRY_LOG_ERROR, _("Transfer connection failed: %s"),
                             error->message);

  /* Another connection may still be up: it carries on alone. */
  for (guint i = 0; i < self->slots->len; i++)
    if (!ferry_transfer_slot_get_dead (g_ptr_array_index (self->slots, i)))
      {
        ferry_transfer_scheduler_run (self);
        return;
      }
  g_free (self->fatal_error);
  self->fatal_error = g_strdup (error->message);
  fail_all_queued (self, error->message);
  ferry_transfer_scheduler_run (self);
}

/* Brings the number of live slots to the concurrency setting, creating
 * them only when there is work for them. */
static void
adjust_slots (FerryTransferScheduler *self)
{
  FerryTransferQueue *queue = self->queue;
  guint live = 0;

  for (guint i = 0; i < self->slots->len; i++)
    {
      FerryTransferSlot *slot = g_ptr_array_index (self->slots, i);

      /* A dead slot keeps its place: replacing it would log in again
       * and again with the same wrong password. */
      if (ferry_transfer_slot_get_retiring (slot))
        continue;
      live++;
      if (live > queue->concurrency)
        ferry_transfer_slot_set_retiring (slot);
    }

  /* Retired slots go once their jobs are done. */
  for (guint i = self->slots->len; i > 0; i--)
    {
      FerryTransferSlot *slot = g_ptr_array_index (self->slots, i - 1);

      if (ferry_transfer_slot_get_retiring (slot) && ferry_transfer_slot_get_inflight (slot) == 0 &&
          !ferry_transfer_slot_get_connecting (slot))
        g_ptr_array_remove_index (self->slots, i - 1);
    }

  if (queue->paused || self->fatal_error != NULL ||
      ferry_transfer_item_get_n_queued (queue->root) == 0)
    return;
  while (live < queue->concurrency)
    {
      g_ptr_array_add (self->slots, slot_new (self));
      live++;
    }
}

/* ---------------------------------------------------------------------- */
/* Dispatch                                                                 */

static char *
resolve_remote (FerryTransferScheduler *self,
                const char             *path)
{
  const char *home = self->home ? self->home : "/";

  if (path != NULL && path[0] == '/')
    return g_strdup (path);
  if (path == NULL || path[0] == '\0' || g_str_equal (path, "."))
    return g_strdup (home);
  return ferry_path_remote_join (home, path);
}

static FerryOverwrite
item_policy (FerryTransferScheduler *self,
             FerryTransferWork      *work)
{
  if (work->has_policy)
    return work->policy;
  /* ASK is resolved after the transfer says the target exists. */
  return self->queue->policy == FERRY_OVERWRITE_ASK ? FERRY_OVERWRITE_NEVER : self->queue->policy;
}

/* Where a file item writes: its local file (download) or remote one. */
static FerryTargetSide
item_target (FerryTransferScheduler  *self,
             FerryTransferItem       *item,
             char                   **path)
{
  gboolean down = ferry_transfer_item_get_direction (item) == FERRY_TRANSFER_DOWNLOAD;

  *path = down ? g_strdup (ferry_transfer_item_get_local_path (item))
               : resolve_remote (self, ferry_transfer_item_get_remote_path (item));
  return down ? FERRY_TARGET_LOCAL : FERRY_TARGET_REMOTE;
}

/* A file written by another item (or a name the disk may store as the
 * same file) waits for it: ferry-target-set.c. */
static gboolean
item_target_busy (FerryTransferScheduler *self,
                  FerryTransferItem      *item)
{
  g_autofree char *path = NULL;
  FerryTargetSide side;

  if (ferry_transfer_item_get_is_dir (item))
    return FALSE;
  side = item_target (self, item, &path);
  return ferry_target_set_is_busy (self->targets, side, path, item);
}

static FerryTransferItem *
next_eligible (FerryTransferScheduler *self,
               gint64                  now,
               gint64                 *next_wake)
{
  GPtrArray *items = self->queue->items;

  while (self->scan_from < items->len &&
         ferry_transfer_item_get_state (g_ptr_array_index (items, self->scan_from)) != FERRY_TRANSFER_QUEUED)
    self->scan_from++;

  for (guint i = self->scan_from; i < items->len; i++)
    {
      FerryTransferItem *item = g_ptr_array_index (items, i);
      FerryTransferWork *work = ferry_transfer_item_get_work (item);

      if (ferry_transfer_item_get_state (item) != FERRY_TRANSFER_QUEUED ||
          ferry_transfer_item_get_asking (item) || ferry_transfer_item_is_busy (item))
        continue;
      if (work->not_before > now)
        {
          if (*next_wake == 0 || work->not_before < *next_wake)
            *next_wake = work->not_before;
          continue;
        }
      if (item_target_busy (self, item))
        continue;
      return item;
    }
  return NULL;
}

static void
start_job (FerryTransferScheduler *self,
           FerryTransferSlot      *slot,
           FerryTransferItem      *item,
           const FerrySlotJob     *job)
{
  FerryTransferWork *work = ferry_transfer_item_get_work (item);

  /* The estimator counts this item from the last tick on. */
  work->rate_time = self->last_rate_tick;
  work->rate_bytes = ferry_transfer_item_get_bytes_done (item);
  g_hash_table_add (self->running, g_object_ref (item));
  ferry_transfer_slot_start (slot, item, job);
}

static void
start_item (FerryTransferScheduler *self,
            FerryTransferSlot      *slot,
            FerryTransferItem      *item)
{
  FerryTransferQueue *queue = self->queue;
  FerryTransferWork *work = ferry_transfer_item_get_work (item);
  g_autofree char *remote = resolve_remote (self, ferry_transfer_item_get_remote_path (item));
  const char *local = ferry_transfer_item_get_local_path (item);
  gboolean is_dir = ferry_transfer_item_get_is_dir (item);
  gboolean down = ferry_transfer_item_get_direction (item) == FERRY_TRANSFER_DOWNLOAD;
  FerrySlotJob job = { 0 };

  ferry_transfer_item_set_remote_path (item, remote);

  if (is_dir && ferry_transfer_item_get_depth (item) > queue->max_depth)
    {
      g_autofree char *message =
        g_strdup_printf (_("Folder nested deeper than %u levels; not entered"), queue->max_depth);
      ferry_transfer_queue_note (queue, FERRY_LOG_INFO, "%s: %s", remote, message);
      ferry_transfer_queue_finish_item (queue, item, FERRY_TRANSFER_SKIPPED, message);
      return;
    }

  ferry_transfer_item_set_attempts (item, ferry_transfer_item_get_attempts (item) + 1);
  ferry_transfer_item_set_state (item, FERRY_TRANSFER_RUNNING, NULL);
  work->intent = FERRY_TRANSFER_INTENT_NONE;

  job.remote_path = remote;
  job.local_path = local;
  job.policy = item_policy (self, work);
  ferry_transfer_options_init (&job.options);
  job.options.preserve_mtime = queue->preserve_mtime;
  if (is_dir && down)
    {
      work->step = FERRY_TRANSFER_STEP_LIST;
      job.kind = FERRY_SLOT_JOB_LIST;
    }
  else if (is_dir)
    {
      work->step = FERRY_TRANSFER_STEP_MKDIR;
      job.kind = FERRY_SLOT_JOB_MKDIR;
    }
  else if (down)
    {
      job.kind = FERRY_SLOT_JOB_DOWNLOAD;
      job.options.throttle = queue->throttle_down;
      /* The listing's facts spare a SIZE and an MDTM per file; a retry
       * asks the server again (the file may have changed). */
      work->used_listed = ferry_transfer_item_get_attempts (item) == 1;
      if (work->used_listed)
        {
          job.options.known_size = work->listed_size;
          job.options.known_mtime = work->listed_mtime;
        }
      job.options.continue_part = work->continue_part;
      job.options.part_for_size = ferry_transfer_item_get_size (item);
      work->step = FERRY_TRANSFER_STEP_TRANSFER;
    }
  else
    {
      job.kind = FERRY_SLOT_JOB_UPLOAD;
      job.options.throttle = queue->throttle_up;
      work->step = FERRY_TRANSFER_STEP_TRANSFER;
    }
  if (work->step == FERRY_TRANSFER_STEP_TRANSFER)
    {
      g_autofree char *path = NULL;
      FerryTargetSide side = item_target (self, item, &path);
      g_autofree char *note = NULL;

      ferry_target_set_claim (self->targets, side, path, item, &note);
      if (note != NULL)
        ferry_transfer_queue_note (queue, FERRY_LOG_INFO, "%s", note);
    }
  start_job (self, slot, item, &job);
}

static gboolean
wake_cb (gpointer data)
{
  FerryTransferScheduler *self = data;

  self->wake_source = 0;
  ferry_transfer_scheduler_run (self);
  return G_SOURCE_REMOVE;
}

void
ferry_transfer_scheduler_run (FerryTransferScheduler *self)
{
  FerryTransferQueue *queue = self->queue;
  gint64 now = g_get_monotonic_time ();
  gint64 next_wake = 0;

  if (self->fatal_error != NULL && !queue->paused)
    fail_all_queued (self, self->fatal_error);
  adjust_slots (self);

  if (!queue->paused)
    {
      /* Every connection one job first, then one more each: filling
       * one connection's pipeline before the next left two files behind
       * one stalled transfer while another connection had nothing. */
      for (guint depth = 1; depth <= FERRY_SCHEDULER_PIPELINE; depth++)
        for (guint i = 0; i < self->slots->len; i++)
          {
            FerryTransferSlot *slot = g_ptr_array_index (self->slots, i);
            FerryTransferItem *item;

            if (!ferry_transfer_slot_can_take (slot, depth))
              continue;
            item = next_eligible (self, now, &next_wake);
            if (item == NULL)
              break;
            start_item (self, slot, item);
          }
      if (next_wake == 0)
        next_eligible (self, now, &next_wake);
    }

  g_clear_handle_id (&self->wake_source, g_source_remove);
  if (next_wake != 0 && !queue->paused)
    self->wake_source = g_timeout_add ((guint) MAX (1, (next_wake - now + 999) / 1000),
                                       wake_cb, self);
  ferry_transfer_queue_check_idle (queue);
}

void
ferry_transfer_scheduler_rescan (FerryTransferScheduler *self)
{
  self->scan_from = 0;
}

gboolean
ferry_transfer_scheduler_stop_item (FerryTransferScheduler *self,
                                    FerryTransferItem      *item,
                                    int                     intent)
{
  FerryTransferWork *work = ferry_transfer_item_get_work (item);

  if (!ferry_transfer_item_is_busy (item))
    return FALSE;
  work->intent = intent;
  if (work->slot != NULL)
    ferry_transfer_slot_cancel (work->slot, item);
  else if (work->step == FERRY_TRANSFER_STEP_WALK && intent == FERRY_TRANSFER_INTENT_CANCEL)
    ferry_transfer_walker_cancel (self->queue->walker, item);
  return TRUE;
}

void
ferry_transfer_scheduler_requeue_running (FerryTransferScheduler *self)
{
  GHashTableIter iter;
  gpointer item;

  /* Running transfers stop now and continue from where they were. */
  g_hash_table_iter_init (&iter, self->running);
  while (g_hash_table_iter_next (&iter, &item, NULL))
    {
      FerryTransferWork *work = ferry_transfer_item_get_work (item);

      if (work->slot != NULL && work->intent == FERRY_TRANSFER_INTENT_NONE)
        {
          work->intent = FERRY_TRANSFER_INTENT_REQUEUE;
          ferry_transfer_slot_cancel (work->slot, item);
        }
    }
}

gboolean
ferry_transfer_scheduler_is_idle (FerryTransferScheduler *self)
{
  FerryTransferItem *root = self->queue->root;

  if (g_hash_table_size (self->running) > 0 || ferry_transfer_item_get_n_running (root) > 0)
    return FALSE;
  return self->queue->paused || ferry_transfer_item_get_n_queued (root) == 0;
}

void
ferry_transfer_scheduler_revive (FerryTransferScheduler *self)
{
  g_clear_pointer (&self->fatal_error, g_free);
  for (guint i = self->slots->len; i > 0; i--)
    if (ferry_transfer_slot_get_dead (g_ptr_array_index (self->slots, i - 1)))
      g_ptr_array_remove_index (self->slots, i - 1);
}

const char *
ferry_transfer_scheduler_get_home (FerryTransferScheduler *self)
{
  return self->home;
}

void
ferry_transfer_scheduler_set_home (FerryTransferScheduler *self,
                                   const char             *home)
{
  if (self->home == NULL)
    self->home = g_strdup (home);
}

GPtrArray *
ferry_transfer_scheduler_get_slots (FerryTransferScheduler *self)
{
  return self->slots;
}

static void
add_rated (FerryTransferScheduler *self,
           FerryTransferItem      *item)
{
  if (!g_hash_table_contains (self->rated, item))
    g_hash_table_add (self->rated, g_object_ref (item));
}

void
ferry_transfer_scheduler_update_rates (FerryTransferScheduler *self)
{
  gint64 now = g_get_monotonic_time ();
  GHashTableIter iter;
  gpointer key;

  /* One estimator for every figure shown in the same frame: a file,
   * the folders above it and the queue read the same bytes at the same
   * instant. */
  g_hash_table_iter_init (&iter, self->running);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    for (FerryTransferItem *p = ferry_transfer_item_get_parent (key); p != NULL;
         p = ferry_transfer_item_get_parent (p))
      if (p != self->queue->root)
        add_rated (self, p);

  g_hash_table_iter_init (&iter, self->running);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    ferry_transfer_item_update_rate (key, now);
  g_hash_table_iter_init (&iter, self->rated);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      ferry_transfer_item_update_rate (key, now);
      /* A folder with nothing running left drops out once its rate is 0. */
      if (ferry_transfer_item_get_rate (key) < 1 && ferry_transfer_item_get_n_running (key) == 0)
        {
          ferry_transfer_item_get_work (key)->rate_time = 0;
          g_hash_table_iter_remove (&iter);
        }
    }
  ferry_transfer_item_update_rate (self->queue->root, now);
  self->last_rate_tick = now;
}

/* ---------------------------------------------------------------------- */
/* What the local file says (in a thread)                                  */

typedef struct
{
  char     *local;
  gboolean  target_missing;   /* ENOENT */
  gboolean  target_exists;
  gint64    target_size;
  gint64    target_mtime;
  gint64    part_size;        /* -1: no regular .part */
} LocalFacts;

typedef void (*FactsFunc) (FerryTransferScheduler *self,
                           FerryTransferItem      *item,
                           const GError           *error,
                           const LocalFacts       *facts);

typedef struct
{
  FerryTransferScheduler *self;
  FerryTransferItem      *item;
  GError                 *error;
  FactsFunc               func;
  LocalFacts              facts;
} Probe;

static void
probe_free (Probe *probe)
{
  g_clear_object (&probe->self);
  g_clear_object (&probe->item);
  g_clear_error (&probe->error);
  g_free (probe->facts.local);
  g_free (probe);
}

static void
probe_thread (GTask        *task,
              gpointer      source,
              gpointer      data,
              GCancellable *cancellable)
{
  LocalFacts *facts = &((Probe *) data)->facts;
  g_autofree char *part = ferry_file_transfer_part_path (facts->local);
  GStatBuf st;

  if (g_lstat (facts->local, &st) == 0)
    {
      facts->target_exists = TRUE;
      facts->target_size = st.st_size;
      facts->target_mtime = st.st_mtime;
    }
  else
    facts->target_missing = errno == ENOENT;
  facts->part_size = g_lstat (part, &st) == 0 && S_ISREG (st.st_mode) ? st.st_size : -1;
  g_task_return_boolean (task, TRUE);
}

static void
probe_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  Probe *probe = g_task_get_task_data (G_TASK (result));
  FerryTransferWork *work = ferry_transfer_item_get_work (probe->item);

  work->step = FERRY_TRANSFER_STEP_NONE;
  /* Gone from the queue meanwhile, or cancelled while we looked. */
  if (probe->self->queue == NULL)
    return;
  if (work->intent == FERRY_TRANSFER_INTENT_CANCEL)
    {
      work->intent = FERRY_TRANSFER_INTENT_NONE;
      if (!ferry_transfer_state_is_final (ferry_transfer_item_get_state (probe->item)))
        ferry_transfer_queue_finish_item (probe->self->queue, probe->item,
                                          FERRY_TRANSFER_CANCELLED, NULL);
      ferry_transfer_scheduler_run (probe->self);
      return;
    }
  probe->func (probe->self, probe->item, probe->error, &probe->facts);
  ferry_transfer_scheduler_run (probe->self);
}

/* Calls @func with what is on disk for a download (at once, with no
 * facts, for anything else). */
static void
with_local_facts (FerryTransferScheduler *self,
                  FerryTransferItem      *item,
                  const GError           *error,
                  FactsFunc               func)
{
  g_autoptr(GTask) task = NULL;
  Probe *probe;

  if (ferry_transfer_item_get_direction (item) != FERRY_TRANSFER_DOWNLOAD ||
      ferry_transfer_item_get_is_dir (item))
    {
      func (self, item, error, NULL);
      return;
    }
  probe = g_new0 (Probe, 1);
  probe->self = g_object_ref (self);
  probe->item = g_object_ref (item);
  probe->error = error ? g_error_copy (error) : NULL;
  probe->func = func;
  probe->facts.local = g_strdup (ferry_transfer_item_get_local_path (item));
  ferry_transfer_item_get_work (item)->step = FERRY_TRANSFER_STEP_PROBE;
  task = g_task_new (NULL, NULL, probe_done_cb, NULL);
  g_task_set_task_data (task, probe, (GDestroyNotify) probe_free);
  g_task_run_in_thread (task, probe_thread);
}

/* May a new attempt at @item continue what the last one left?  A
 * download continues its .part when it is ours: the last attempt wrote
 * to it, or there is no target (the .part was made for it); the policy
 * still decides about a target.  An upload resumes once the last attempt
 * got past the existence check (it sent bytes). */
static void
choose_resume (FerryTransferItem *item,
               const LocalFacts  *facts)
{
  FerryTransferWork *work = ferry_transfer_item_get_work (item);
  FerryOverwrite current = work->has_policy ? work->policy : FERRY_OVERWRITE_NEVER;

  if (ferry_transfer_item_get_is_dir (item) || current == FERRY_OVERWRITE_RESUME)
    return;
  if (ferry_transfer_item_get_direction (item) == FERRY_TRANSFER_DOWNLOAD)
    {
      if (ferry_transfer_item_get_bytes_done (item) > 0 || (facts != NULL && facts->target_missing))
        work->continue_part = TRUE;
    }
  else if (ferry_transfer_item_get_bytes_done (item) > 0)
    {
      work->has_policy = TRUE;
      work->policy = FERRY_OVERWRITE_RESUME;
    }
}

typedef struct
{
  gint64  not_before;
  char   *reason;
} RetryLater;

static void
retry_with_facts (FerryTransferScheduler *self,
                  FerryTransferItem      *item,
                  const GError           *error,
                  const LocalFacts       *facts)
{
  FerryTransferWork *work = ferry_transfer_item_get_work (item);
  const char *reason = error ? error->message : NULL;

  choose_resume (item, facts);
  ferry_transfer_item_set_state (item, FERRY_TRANSFER_QUEUED, reason);
  ferry_transfer_queue_requeue (self->queue, item, work->not_before);
}

void
ferry_transfer_scheduler_retry_later (FerryTransferScheduler *self,
                                      FerryTransferItem      *item,
                                      gint64                  not_before,
                                      const char             *reason)
{
  g_autoptr(GError) error = reason ? g_error_new_literal (FERRY_FTP_ERROR, 0, reason) : NULL;

  /* QUEUED at once (the probe keeps it from starting before it knows). */
  ferry_transfer_item_get_work (item)->not_before = not_before;
  ferry_transfer_item_set_state (item, FERRY_TRANSFER_QUEUED, reason);
  with_local_facts (self, item, error, retry_with_facts);
}

/* ---------------------------------------------------------------------- */
/* Results                                                                  */

typedef struct
{
  GWeakRef           queue;
  FerryTransferItem *item;
} OverwriteAsked;

static void
overwrite_answered_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      data)
{
  OverwriteAsked *asked = data;
  g_autoptr(FerryTransferQueue) queue = g_weak_ref_get (&asked->queue);
  g_autoptr(GError) error = NULL;
  gboolean all = FALSE;
  FerryOverwriteChoice choice;

  choice = ferry_interaction_ask_overwrite_finish (FERRY_INTERACTION (source), result, &all, &error);
  /* Not asking any more: answered meanwhile by an "apply to all". */
  if (error == NULL && queue != NULL && ferry_transfer_item_get_asking (asked->item))
    ferry_transfer_queue_answer_overwrite (queue, asked->item, choice, all);
  g_weak_ref_clear (&asked->queue);
  g_object_unref (asked->item);
  g_free (asked);
}

static void
ask_overwrite (FerryTransferScheduler *self,
               FerryTransferItem      *item,
               const LocalFacts       *facts)
{
  g_autoptr(GFileInfo) info = g_file_info_new ();
  g_autofree char *name = NULL;

  if (ferry_transfer_item_get_direction (item) == FERRY_TRANSFER_DOWNLOAD)
    {
      name = g_path_get_basename (ferry_transfer_item_get_local_path (item));
      if (facts != NULL && facts->target_exists)
        {
          g_autoptr(GDateTime) mtime = g_date_time_new_from_unix_utc (facts->target_mtime);

          g_file_info_set_size (info, facts->target_size);
          if (mtime != NULL)
            g_file_info_set_modification_date_time (info, mtime);
        }
    }
  else
    name = ferry_path_remote_basename (ferry_transfer_item_get_remote_path (item));
  g_file_info_set_name (info, name);

  ferry_transfer_item_set_asking (item, TRUE);
  ferry_transfer_item_set_state (item, FERRY_TRANSFER_QUEUED, NULL);
  if (!self->queue->own_interaction)
    {
      OverwriteAsked *asked = g_new0 (OverwriteAsked, 1);

      g_weak_ref_init (&asked->queue, self->queue);
      asked->item = g_object_ref (item);
      ferry_interaction_ask_overwrite_async (self->queue->interaction, item, info,
                                             self->queue->questions, overwrite_answered_cb, asked);
      return;
    }
  g_signal_emit (self->queue, ferry_transfer_queue_signals[QUEUE_SIGNAL_ASK_OVERWRITE], 0,
                 item, info);
}

static void
requeue_after (FerryTransferScheduler *self,
               FerryTransferItem      *item,
               const GError           *error,
               const LocalFacts       *facts,
               guint                   delay_ms)
{
  choose_resume (item, facts);
  ferry_transfer_item_set_state (item, FERRY_TRANSFER_QUEUED, error->message);
  ferry_transfer_queue_requeue (self->queue, item,
                                g_get_monotonic_time () + (gint64) delay_ms * 1000);
}

static void
item_failed (FerryTransferScheduler *self,
             FerryTransferItem      *item,
             const GError           *error,
             const LocalFacts       *facts)
{
  FerryTransferQueue *queue = self->queue;
  FerryTransferWork *work = ferry_transfer_item_get_work (item);
  const char *path = ferry_transfer_item_get_direction (item) == FERRY_TRANSFER_DOWNLOAD
                     ? ferry_transfer_item_get_remote_path (item)
                     : ferry_transfer_item_get_local_path (item);
  guint attempts = ferry_transfer_item_get_attempts (item);
  gint64 size = ferry_transfer_item_get_size (item);

  if (g_error_matches (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_EXISTS) &&
      work->step == FERRY_TRANSFER_STEP_TRANSFER)
    {
      if (!work->has_policy && queue->policy == FERRY_OVERWRITE_ASK)
        {
          if (queue->have_all_choice)
            ferry_transfer_queue_answer_overwrite (queue, item, queue->all_choice, FALSE);
          else
            ask_overwrite (self, item, facts);
          return;
        }
      /* "never" and "newer" decided: the existing file stays. */
      ferry_transfer_queue_finish_item (queue, item, FERRY_TRANSFER_SKIPPED, error->message);
      return;
    }

  if (g_error_matches (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_SIZE_MISMATCH) &&
      attempts <= queue->max_retries && facts != NULL && size > 0 &&
      facts->part_size >= 0 && facts->part_size < size)
    {
      /* Fewer bytes than the file has, and a 226 anyway: a data
       * connection that closed early.  Continue the .part with REST. */
      guint delay = ferry_transfer_scheduler_retry_delay_ms (self, attempts);

      ferry_transfer_queue_note (queue, FERRY_LOG_INFO,
                                 _("%s: %s; resuming, retry %u of %u in %u ms"),
                                 path, error->message, attempts, queue->max_retries, delay);
      requeue_after (self, item, error, facts, delay);
      return;
    }

  if (g_error_matches (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_SIZE_MISMATCH) &&
      work->used_listed && work->listed_size >= 0 && attempts <= queue->max_retries)
    {
      /* The listing may be stale: once more, asking the server (SIZE). */
      ferry_transfer_queue_note (queue, FERRY_LOG_INFO, _("%s: %s; retrying without the listed size"),
                                 path, error->message);
      work->listed_size = -1;
      work->listed_mtime = -1;
      ferry_transfer_item_set_state (item, FERRY_TRANSFER_QUEUED, error->message);
      ferry_transfer_queue_requeue (queue, item, 0);
      return;
    }

  if (work->is_link && error->domain == FERRY_FTP_ERROR && error->code == 550)
    {
      g_autofree char *message =
        g_strdup_printf (_("Symbolic link not followed (%s)"), error->message);
      ferry_transfer_queue_note (queue, FERRY_LOG_INFO, "%s: %s", path, message);
      ferry_transfer_queue_finish_item (queue, item, FERRY_TRANSFER_SKIPPED, message);
      return;
    }

  if (ferry_ftp_error_is_transient (error) && attempts <= queue->max_retries)
    {
      guint delay = ferry_transfer_scheduler_retry_delay_ms (self, attempts);

      ferry_transfer_queue_note (queue, FERRY_LOG_INFO,
                                 _("%s: %s; retry %u of %u in %u ms"),
                                 path, error->message, attempts, queue->max_retries, delay);
      requeue_after (self, item, error, facts, delay);
      return;
    }

  ferry_transfer_queue_note (queue, FERRY_LOG_ERROR, "%s: %s", path, error->message);
  ferry_transfer_queue_finish_item (queue, item, FERRY_TRANSFER_FAILED, error->message);
}

static void
item_stopped (FerryTransferScheduler *self,
              FerryTransferItem      *item,
              const GError           *error,
              const LocalFacts       *facts)
{
  FerryTransferWork *work = ferry_transfer_item_get_work (item);
  FerryTransferIntent intent = work->intent;

  work->intent = FERRY_TRANSFER_INTENT_NONE;
  g_clear_pointer (&work->listing, g_ptr_array_unref);
  g_clear_pointer (&work->dropped, g_ptr_array_unref);
  if (intent == FERRY_TRANSFER_INTENT_PAUSE)
    {
      choose_resume (item, facts);
      work->step = FERRY_TRANSFER_STEP_NONE;
      ferry_transfer_item_set_state (item, FERRY_TRANSFER_PAUSED, NULL);
    }
  else if (intent == FERRY_TRANSFER_INTENT_REQUEUE)
    {
      choose_resume (item, facts);
      ferry_transfer_queue_requeue (self->queue, item, 0);
    }
  else
    ferry_transfer_queue_finish_item (self->queue, item, FERRY_TRANSFER_CANCELLED, NULL);
}

/* A transfer job's end, once the local file was looked at. */
static void
transfer_ended (FerryTransferScheduler *self,
                FerryTransferItem      *item,
                const GError           *error,
                const LocalFacts       *facts)
{
  ferry_transfer_item_get_work (item)->step = FERRY_TRANSFER_STEP_TRANSFER;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    item_stopped (self, item, error, facts);
  else
    item_failed (self, item, error, facts);
}

static void
slot_job_finished_cb (FerryTransferSlot      *slot,
                      FerryTransferItem      *item,
                      const GError           *error,
                      FerryTransferScheduler *self)
{
  FerryTransferQueue *queue = self->queue;
  FerryTransferWork *work = ferry_transfer_item_get_work (item);
  FerryTransferStep step = work->step;
  g_autoptr(FerryTransferItem) hold = g_object_ref (item);

  g_hash_table_remove (self->running, item);
  if (step == FERRY_TRANSFER_STEP_TRANSFER)
    ferry_target_set_release (self->targets, item, error == NULL);

  if (error != NULL && step == FERRY_TRANSFER_STEP_TRANSFER)
    {
      with_local_facts (self, item, error, transfer_ended);
      ferry_transfer_scheduler_run (self);
      return;
    }
  if (error != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      item_stopped (self, item, error, NULL);
      ferry_transfer_scheduler_run (self);
      return;
    }

  switch (step)
    {
    case FERRY_TRANSFER_STEP_TRANSFER:
      ferry_transfer_queue_finish_item (queue, item, FERRY_TRANSFER_DONE, NULL);
      break;

    case FERRY_TRANSFER_STEP_LIST:
      if (error != NULL)
        item_failed (self, item, error, NULL);
      else
        ferry_transfer_walker_walk_remote (queue->walker, item);
      break;

    case FERRY_TRANSFER_STEP_MKDIR:
      if (error != NULL && error->domain == FERRY_FTP_ERROR && error->code >= 500 &&
          error->code < 600)
        {
          /* Usually "exists": find out with CWD before giving up, on
           * the same slot. */
          g_autofree char *command =
            g_strdup_printf ("CWD %s", ferry_transfer_item_get_remote_path (item));
          FerrySlotJob job = { .kind = FERRY_SLOT_JOB_RAW, .command = command };

          g_free (work->step_error);
          work->step_error = g_strdup (error->message);
          work->step = FERRY_TRANSFER_STEP_CHECK_DIR;
          start_job (self, slot, item, &job);
          break;
        }
      G_GNUC_FALLTHROUGH;
    case FERRY_TRANSFER_STEP_CHECK_DIR:
      if (error != NULL && step == FERRY_TRANSFER_STEP_CHECK_DIR &&
          !ferry_ftp_error_is_transient (error))
        {
          ferry_transfer_queue_note (queue, FERRY_LOG_ERROR, "%s: %s",
                                     ferry_transfer_item_get_remote_path (item), work->step_error);
          ferry_transfer_queue_finish_item (queue, item, FERRY_TRANSFER_FAILED, work->step_error);
          break;
        }
      if (error != NULL)
        {
          item_failed (self, item, error, NULL);
          break;
        }
      if (step == FERRY_TRANSFER_STEP_MKDIR)
        ferry_transfer_walker_made_dir (queue->walker, item);
      ferry_transfer_walker_walk_local (queue->walker, item);
      break;

    case FERRY_TRANSFER_STEP_NONE:
    case FERRY_TRANSFER_STEP_WALK:
    case FERRY_TRANSFER_STEP_PROBE:
    default:
      g_warn_if_reached ();
      break;
    }

  ferry_transfer_scheduler_run (self);
}

/* ---------------------------------------------------------------------- */
/* GObject                                                                  */

void
ferry_transfer_scheduler_shutdown (FerryTransferScheduler *self)
{
  g_clear_handle_id (&self->wake_source, g_source_remove);
  /* Slots first: their dispose joins the threads, after which no signal
   * can reach items that are about to go. */
  if (self->slots != NULL)
    g_ptr_array_set_size (self->slots, 0);
  if (self->running != NULL)
    g_hash_table_remove_all (self->running);
  if (self->rated != NULL)
    g_hash_table_remove_all (self->rated);
  self->queue = NULL;
}

static void
ferry_transfer_scheduler_dispose (GObject *object)
{
  ferry_transfer_scheduler_shutdown (FERRY_TRANSFER_SCHEDULER (object));
  G_OBJECT_CLASS (ferry_transfer_scheduler_parent_class)->dispose (object);
}

static void
ferry_transfer_scheduler_finalize (GObject *object)
{
  FerryTransferScheduler *self = FERRY_TRANSFER_SCHEDULER (object);

  g_clear_pointer (&self->slots, g_ptr_array_unref);
  g_clear_pointer (&self->running, g_hash_table_unref);
  g_clear_object (&self->targets);
  g_clear_pointer (&self->rated, g_hash_table_unref);
  g_free (self->home);
  g_free (self->fatal_error);

  G_OBJECT_CLASS (ferry_transfer_scheduler_parent_class)->finalize (object);
}

static void
ferry_transfer_scheduler_class_init (FerryTransferSchedulerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ferry_transfer_scheduler_dispose;
  object_class->finalize = ferry_transfer_scheduler_finalize;
}

static void
ferry_transfer_scheduler_init (FerryTransferScheduler *self)
{
  self->slots = g_ptr_array_new_with_free_func (slot_free);
  self->running = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
  self->targets = ferry_target_set_new ();
  self->rated = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
}

FerryTransferScheduler *
ferry_transfer_scheduler_new (FerryTransferQueue *queue)
{
  FerryTransferScheduler *self = g_object_new (FERRY_TYPE_TRANSFER_SCHEDULER, NULL);

  self->queue = queue;
  return self;
}
