/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "ferry-path.h"
#include "ferry-transfer-queue.h"
#include "ferry-transfer-queue-private.h"

/*
 * Scheduling: every worker ("slot") logs in once and then receives items
 * as fast as it finishes them, FERRY_QUEUE_PIPELINE jobs ahead, so a tree
 * of small files costs one login per connection and not one per file.
 * Folders are items too: the worker that takes a remote folder lists it
 * and its children are appended to the model (breadth first); an upload
 * folder is created with MKD before its local children are enumerated.
 * Everything here runs on the main thread; workers report through their
 * signals, which they emit on this thread.
 */

G_DEFINE_ENUM_TYPE (FerryOverwrite, ferry_overwrite,
  G_DEFINE_ENUM_VALUE (FERRY_OVERWRITE_ASK, "ask"),
  G_DEFINE_ENUM_VALUE (FERRY_OVERWRITE_NEVER, "never"),
  G_DEFINE_ENUM_VALUE (FERRY_OVERWRITE_ALWAYS, "always"),
  G_DEFINE_ENUM_VALUE (FERRY_OVERWRITE_NEWER, "newer"),
  G_DEFINE_ENUM_VALUE (FERRY_OVERWRITE_RESUME, "resume"))


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

static void check_idle (FerryTransferQueue *self);

/* ---------------------------------------------------------------------- */
/* Entries                                                                  */

void
ferry_transfer_queue_entry_free (QueueEntry *entry)
{
  g_clear_object (&entry->item);
  g_clear_pointer (&entry->listing, g_ptr_array_unref);
  g_clear_pointer (&entry->dropped, g_ptr_array_unref);
  g_free (entry->listing_path);
  g_free (entry->step_error);
  g_clear_pointer (&entry->ancestry, g_array_unref);
  g_free (entry);
}

QueueEntry *
ferry_transfer_queue_entry_new (FerryTransferQueue     *self,
                                FerryTransferDirection  direction,
                                const char             *local_path,
                                const char             *remote_path,
                                gboolean                is_dir,
                                gint64                  size,
                                guint                   batch,
                                guint                   depth)
{
  QueueEntry *entry = g_new0 (QueueEntry, 1);

  entry->item = ferry_transfer_item_new (direction, local_path, remote_path, is_dir, size);
  entry->listed_size = -1;
  entry->listed_mtime = -1;
  ferry_transfer_item_set_batch_id (entry->item, batch);
  ferry_transfer_item_set_depth (entry->item, depth);
  return entry;
}

void
ferry_transfer_queue_append (FerryTransferQueue *self,
                             GPtrArray          *entries)
{
  guint position = self->entries->len;
  guint added = 0;

  for (guint i = 0; i < entries->len; i++)
    {
      QueueEntry *entry = g_ptr_array_index (entries, i);

      g_ptr_array_add (self->entries, entry);
      g_hash_table_insert (self->by_item, entry->item, entry);
      added++;
    }
  /* The caller's array no longer owns them. */
  g_ptr_array_set_free_func (entries, NULL);
  g_ptr_array_set_size (entries, 0);

  if (added == 0)
    return;
  self->busy = TRUE;
  self->progress_dirty = TRUE;
  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, added);
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

void
ferry_transfer_queue_finish_entry (FerryTransferQueue *self,
                                   QueueEntry         *entry,
                                   FerryTransferState  state,
                                   const char         *message)
{
  g_autoptr(FerryTransferItem) item = g_object_ref (entry->item);

  g_assert (ferry_transfer_state_is_final (state));
  ferry_transfer_item_set_asking (entry->item, FALSE);
  if (state == FERRY_TRANSFER_DONE && !ferry_transfer_item_get_is_dir (item))
    {
      gint64 size = ferry_transfer_item_get_size (item);
      guint64 done = ferry_transfer_item_get_bytes_done (item);

      if (size < 0)
        ferry_transfer_item_set_size (item, (gint64) done);
      else
        ferry_transfer_item_set_progress (item, (guint64) size, 0);
    }
  else
    ferry_transfer_item_set_progress (item, ferry_transfer_item_get_bytes_done (item), 0);

  ferry_transfer_item_set_state (item, state, message);
  self->progress_dirty = TRUE;
  ferry_transfer_queue_schedule_progress (self);
  g_signal_emit (self, ferry_transfer_queue_signals[QUEUE_SIGNAL_ITEM_FINISHED], 0, item);
}

QueueEntry *
ferry_transfer_queue_lookup (FerryTransferQueue *self,
                FerryTransferItem  *item)
{
  return g_hash_table_lookup (self->by_item, item);
}

/* Makes @entry eligible again (scanning restarts from the top). */
void
ferry_transfer_queue_requeue (FerryTransferQueue *self,
         QueueEntry         *entry,
         gint64              not_before)
{
  entry->not_before = not_before;
  ferry_transfer_item_set_asking (entry->item, FALSE);
  entry->step = STEP_NONE;
  ferry_transfer_item_set_state (entry->item, FERRY_TRANSFER_QUEUED,
                                 ferry_transfer_item_get_error_message (entry->item));
  self->scan_from = 0;
  self->busy = TRUE;
}

static char *
resolve_remote (FerryTransferQueue *self,
                const char         *path)
{
  if (path != NULL && path[0] == '/')
    return g_strdup (path);
  if (path == NULL || path[0] == '\0' || g_str_equal (path, "."))
    return g_strdup (self->home ? self->home : "/");
  return ferry_path_remote_join (self->home ? self->home : "/", path);
}

/* ---------------------------------------------------------------------- */
/* Progress                                                                 */

static gboolean
progress_cb (gpointer data)
{
  FerryTransferQueue *self = data;
  FerryTransferTotals t;
  gint64 now = g_get_monotonic_time ();

  self->progress_source = 0;
  if (!self->progress_dirty)
    return G_SOURCE_REMOVE;
  self->progress_dirty = FALSE;

  ferry_transfer_queue_get_totals (self, &t);

  /* Smoothed over about a second: small files finish in bursts. */
  if (self->rate_time != 0 && now > self->rate_time && t.bytes_done >= self->rate_bytes)
    {
      double dt = (now - self->rate_time) / (double) G_USEC_PER_SEC;
      double inst = (t.bytes_done - self->rate_bytes) / dt;
      double alpha = MIN (1.0, dt);

      self->rate = self->rate * (1 - alpha) + inst * alpha;
    }
  self->rate_time = now;
  self->rate_bytes = t.bytes_done;
  if (ferry_transfer_queue_is_idle (self))
    self->rate = 0;

  g_signal_emit (self, ferry_transfer_queue_signals[QUEUE_SIGNAL_PROGRESS], 0,
                 t.bytes_done, t.bytes_total, self->rate,
                 t.files_done, t.files_total);
  return G_SOURCE_REMOVE;
}

void
ferry_transfer_queue_schedule_progress (FerryTransferQueue *self)
{
  if (self->progress_source != 0 || !self->progress_dirty)
    return;
  self->progress_source = g_timeout_add (FERRY_QUEUE_PROGRESS_MS, progress_cb, self);
}

/* ---------------------------------------------------------------------- */
/* Slots (one worker each)                                                  */

static void
slot_free (QueueSlot *slot)
{
  g_clear_handle_id (&slot->retry_source, g_source_remove);
  g_clear_object (&slot->pending_cert);
  if (slot->worker != NULL)
    {
      g_signal_handlers_disconnect_by_data (slot->worker, slot);
      /* Dispose cancels what runs, sends QUIT and joins the thread. */
      g_clear_object (&slot->worker);
    }
  g_clear_pointer (&slot->jobs, g_hash_table_unref);
  g_free (slot);
}

static QueueSlot *
slot_new (FerryTransferQueue *self)
{
  QueueSlot *slot = g_new0 (QueueSlot, 1);

  slot->queue = self;
  slot->worker = ferry_worker_new (self->site);
  slot->jobs = g_hash_table_new (NULL, NULL);
  ferry_transfer_queue_results_watch (self, slot);
  ferry_transfer_queue_certificate_watch (self, slot);
  ferry_transfer_queue_account_watch (self, slot);
  slot->connect_job = ferry_worker_connect (slot->worker);
  return slot;
}

guint
ferry_transfer_queue_retry_delay_ms (FerryTransferQueue *self,
                                     guint               attempt)
{
  guint64 delay = self->retry_delay_ms;

  for (guint i = 1; i < attempt && delay < FERRY_QUEUE_RETRY_CAP_MS; i++)
    delay *= 2;
  return (guint) MIN (delay, FERRY_QUEUE_RETRY_CAP_MS);
}

static gboolean
slot_reconnect_cb (gpointer data)
{
  QueueSlot *slot = data;

  slot->retry_source = 0;
  slot->connect_job = ferry_worker_connect (slot->worker);
  return G_SOURCE_REMOVE;
}

static gboolean
has_queued (FerryTransferQueue *self)
{
  for (guint i = self->scan_from; i < self->entries->len; i++)
    {
      QueueEntry *entry = g_ptr_array_index (self->entries, i);

      if (ferry_transfer_item_get_state (entry->item) == FERRY_TRANSFER_QUEUED)
        return TRUE;
    }
  return FALSE;
}

/* No worker could log in: fail what waits, with the server's reason. */
static void
fail_all_queued (FerryTransferQueue *self,
                 const char         *message)
{
  for (guint i = 0; i < self->entries->len; i++)
    {
      QueueEntry *entry = g_ptr_array_index (self->entries, i);

      if (ferry_transfer_item_get_state (entry->item) == FERRY_TRANSFER_QUEUED &&
          entry->job == 0)
        ferry_transfer_queue_finish_entry (self, entry, FERRY_TRANSFER_FAILED, message);
    }
}

void
ferry_transfer_queue_slot_connect_finished (FerryTransferQueue *self,
                                            QueueSlot          *slot,
                                            const GError       *error)
{
  slot->connect_job = 0;
  if (error == NULL)
    {
      slot->connected = TRUE;
      slot->connect_failures = 0;
      if (self->home == NULL && ferry_worker_get_cwd (slot->worker) != NULL)
        self->home = g_strdup (ferry_worker_get_cwd (slot->worker));
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  slot->connect_failures++;
  if (ferry_ftp_error_is_transient (error) && slot->connect_failures <= self->max_retries)
    {
      guint delay = ferry_transfer_queue_retry_delay_ms (self, slot->connect_failures);

      ferry_transfer_queue_note (self, FERRY_LOG_INFO,
                                 _("Cannot connect (%s); trying again in %u ms"),
                                 error->message, delay);
      slot->retry_source = g_timeout_add (delay, slot_reconnect_cb, slot);
      return;
    }

  slot->dead = TRUE;
  ferry_transfer_queue_note (self, FERRY_LOG_ERROR, _("Transfer connection failed: %s"),
                             error->message);

  /* Another connection may still be up: it carries on alone. */
  for (guint i = 0; i < self->slots->len; i++)
    {
      QueueSlot *other = g_ptr_array_index (self->slots, i);
      if (!other->dead)
        return;
    }
  g_free (self->fatal_error);
  self->fatal_error = g_strdup (error->message);
  fail_all_queued (self, error->message);
}

/* Brings the number of live slots to the concurrency setting, creating
 * them only when there is work for them. */
static void
adjust_slots (FerryTransferQueue *self)
{
  guint live = 0;

  for (guint i = 0; i < self->slots->len; i++)
    {
      QueueSlot *slot = g_ptr_array_index (self->slots, i);

      /* A dead slot keeps its place: replacing it would log in again
       * and again with the same wrong password. */
      if (slot->retiring)
        continue;
      live++;
      if (live > self->concurrency)
        slot->retiring = TRUE;
    }

  /* Retired slots go once their jobs are done. */
  for (guint i = self->slots->len; i > 0; i--)
    {
      QueueSlot *slot = g_ptr_array_index (self->slots, i - 1);

      if (slot->retiring && slot->inflight == 0 && slot->connect_job == 0)
        g_ptr_array_remove_index (self->slots, i - 1);
    }

  if (self->paused || self->fatal_error != NULL || !has_queued (self))
    return;
  while (live < self->concurrency)
    {
      g_ptr_array_add (self->slots, slot_new (self));
      live++;
    }
}

/* ---------------------------------------------------------------------- */
/* Dispatch                                                                 */

static FerryOverwrite
entry_policy (FerryTransferQueue *self,
              QueueEntry         *entry)
{
  if (entry->has_policy)
    return entry->policy;
  /* ASK is resolved after the transfer says the target exists. */
  return self->policy == FERRY_OVERWRITE_ASK ? FERRY_OVERWRITE_NEVER : self->policy;
}

/* Where a file item writes: its local file (download) or remote one. */
static FerryTargetSide
entry_target (FerryTransferQueue  *self,
              QueueEntry          *entry,
              char               **path)
{
  gboolean down = ferry_transfer_item_get_direction (entry->item) == FERRY_TRANSFER_DOWNLOAD;

  *path = down ? g_strdup (ferry_transfer_item_get_local_path (entry->item))
               : resolve_remote (self, ferry_transfer_item_get_remote_path (entry->item));
  return down ? FERRY_TARGET_LOCAL : FERRY_TARGET_REMOTE;
}

/* A file written by another item (or a name the disk may store as the
 * same file) waits for it: ferry-target-set.c. */
static gboolean
entry_target_busy (FerryTransferQueue *self,
                   QueueEntry         *entry)
{
  g_autofree char *path = NULL;
  FerryTargetSide side;

  if (ferry_transfer_item_get_is_dir (entry->item))
    return FALSE;
  side = entry_target (self, entry, &path);
  return ferry_target_set_is_busy (self->targets, side, path, entry);
}

static QueueEntry *
next_eligible (FerryTransferQueue *self,
               gint64              now,
               gint64             *next_wake)
{
  while (self->scan_from < self->entries->len)
    {
      QueueEntry *entry = g_ptr_array_index (self->entries, self->scan_from);

      if (ferry_transfer_item_get_state (entry->item) == FERRY_TRANSFER_QUEUED)
        break;
      self->scan_from++;
    }

  for (guint i = self->scan_from; i < self->entries->len; i++)
    {
      QueueEntry *entry = g_ptr_array_index (self->entries, i);

      if (ferry_transfer_item_get_state (entry->item) != FERRY_TRANSFER_QUEUED ||
          ferry_transfer_item_get_asking (entry->item) || entry->job != 0)
        continue;
      if (entry->not_before > now)
        {
          if (*next_wake == 0 || entry->not_before < *next_wake)
            *next_wake = entry->not_before;
          continue;
        }
      if (entry_target_busy (self, entry))
        continue;
      return entry;
    }
  return NULL;
}

static void
start_entry (FerryTransferQueue *self,
             QueueSlot          *slot,
             QueueEntry         *entry)
{
  FerryTransferItem *item = entry->item;
  g_autofree char *remote = resolve_remote (self, ferry_transfer_item_get_remote_path (item));
  const char *local = ferry_transfer_item_get_local_path (item);
  gboolean is_dir = ferry_transfer_item_get_is_dir (item);
  gboolean down = ferry_transfer_item_get_direction (item) == FERRY_TRANSFER_DOWNLOAD;

  ferry_transfer_item_set_remote_path (item, remote);

  if (is_dir && ferry_transfer_item_get_depth (item) > self->max_depth)
    {
      g_autofree char *message =
        g_strdup_printf (_("Folder nested deeper than %u levels; not entered"), self->max_depth);
      ferry_transfer_queue_note (self, FERRY_LOG_INFO, "%s: %s", remote, message);
      ferry_transfer_queue_finish_entry (self, entry, FERRY_TRANSFER_SKIPPED, message);
      return;
    }

  ferry_transfer_item_set_attempts (item, ferry_transfer_item_get_attempts (item) + 1);
  ferry_transfer_item_set_state (item, FERRY_TRANSFER_RUNNING, NULL);
  entry->intent = INTENT_NONE;

  if (is_dir && down)
    {
      entry->step = STEP_LIST;
      entry->job = ferry_worker_list (slot->worker, remote);
    }
  else if (is_dir)
    {
      entry->step = STEP_MKDIR;
      entry->job = ferry_worker_mkdir (slot->worker, remote);
    }
  else if (down)
    {
      FerryTransferOptions options;

      ferry_transfer_options_init (&options);
      options.throttle = self->throttle_down;
      options.preserve_mtime = self->preserve_mtime;
      /* The listing's facts spare a SIZE and an MDTM per file; a retry
       * asks the server again (the file may have changed). */
      entry->used_listed = ferry_transfer_item_get_attempts (item) == 1;
      if (entry->used_listed)
        {
          options.known_size = entry->listed_size;
          options.known_mtime = entry->listed_mtime;
        }
      options.continue_part = entry->continue_part;
      options.part_for_size = ferry_transfer_item_get_size (item);
      entry->step = STEP_TRANSFER;
      entry->job = ferry_worker_download_full (slot->worker, remote, local,
                                               entry_policy (self, entry), &options);
    }
  else
    {
      FerryTransferOptions options;

      ferry_transfer_options_init (&options);
      options.throttle = self->throttle_up;
      options.preserve_mtime = self->preserve_mtime;
      entry->step = STEP_TRANSFER;
      entry->job = ferry_worker_upload_full (slot->worker, local, remote,
                                             entry_policy (self, entry), &options);
    }

  if (!is_dir)
    {
      g_autofree char *path = NULL;
      FerryTargetSide side = entry_target (self, entry, &path);
      g_autofree char *note = NULL;

      ferry_target_set_claim (self->targets, side, path, entry, &note);
      if (note != NULL)
        ferry_transfer_queue_note (self, FERRY_LOG_INFO, "%s", note);
    }

  entry->slot = slot;
  slot->inflight++;
  g_hash_table_insert (slot->jobs, GUINT_TO_POINTER (entry->job), entry);
}

static gboolean
wake_cb (gpointer data)
{
  FerryTransferQueue *self = data;

  self->wake_source = 0;
  ferry_transfer_queue_pump (self);
  return G_SOURCE_REMOVE;
}

void
ferry_transfer_queue_pump (FerryTransferQueue *self)
{
  gint64 now = g_get_monotonic_time ();
  gint64 next_wake = 0;

  if (self->fatal_error != NULL && !self->paused)
    fail_all_queued (self, self->fatal_error);
  adjust_slots (self);

  if (!self->paused)
    {
      /* Every connection one job first, then one more each: filling
       * one connection's pipeline before the next left two files behind
       * one stalled transfer while another connection had nothing. */
      for (guint depth = 1; depth <= FERRY_QUEUE_PIPELINE; depth++)
        for (guint i = 0; i < self->slots->len; i++)
          {
            QueueSlot *slot = g_ptr_array_index (self->slots, i);
            QueueEntry *entry;

            if (!slot->connected || slot->dead || slot->retiring || slot->inflight >= depth)
              continue;
            entry = next_eligible (self, now, &next_wake);
            if (entry == NULL)
              break;
            start_entry (self, slot, entry);
          }
      if (next_wake == 0)
        next_eligible (self, now, &next_wake);
    }

  g_clear_handle_id (&self->wake_source, g_source_remove);
  if (next_wake != 0 && !self->paused)
    self->wake_source = g_timeout_add ((guint) MAX (1, (next_wake - now + 999) / 1000),
                                       wake_cb, self);

  ferry_transfer_queue_schedule_progress (self);
  check_idle (self);
}

void
ferry_transfer_queue_kick (FerryTransferQueue *self)
{
  ferry_transfer_queue_pump (self);
}

gboolean
ferry_transfer_queue_is_idle (FerryTransferQueue *self)
{
  g_return_val_if_fail (FERRY_IS_TRANSFER_QUEUE (self), TRUE);

  for (guint i = 0; i < self->slots->len; i++)
    {
      QueueSlot *slot = g_ptr_array_index (self->slots, i);
      if (slot->inflight > 0)
        return FALSE;
    }
  for (guint i = self->scan_from; i < self->entries->len; i++)
    {
      QueueEntry *entry = g_ptr_array_index (self->entries, i);
      FerryTransferState state = ferry_transfer_item_get_state (entry->item);

      if (state == FERRY_TRANSFER_RUNNING || entry->job != 0)
        return FALSE;
      if (state == FERRY_TRANSFER_QUEUED && !self->paused)
        return FALSE;
    }
  return TRUE;
}

static void
check_idle (FerryTransferQueue *self)
{
  if (!self->busy || !ferry_transfer_queue_is_idle (self))
    return;
  self->busy = FALSE;
  self->progress_dirty = TRUE;
  g_clear_handle_id (&self->progress_source, g_source_remove);
  progress_cb (self);
  g_signal_emit (self, ferry_transfer_queue_signals[QUEUE_SIGNAL_FINISHED], 0);
}

/* ---------------------------------------------------------------------- */
/* Public API                                                               */

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
add_entry (FerryTransferQueue     *self,
           FerryTransferDirection  direction,
           const char             *local_path,
           const char             *remote_path,
           gboolean                is_dir,
           gint64                  size)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) ferry_transfer_queue_entry_free);
  guint batch = ++self->next_batch;

  {
    gint64 *started = g_new (gint64, 1);

    *started = g_get_real_time () / G_USEC_PER_SEC;
    g_hash_table_insert (self->batch_started, GUINT_TO_POINTER (batch), started);
  }

  g_ptr_array_add (entries, ferry_transfer_queue_entry_new (self, direction, local_path,
                                                           remote_path, is_dir, size, batch, 0));
  ferry_transfer_queue_append (self, entries);
  ferry_transfer_queue_pump (self);
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

  return add_entry (self, FERRY_TRANSFER_DOWNLOAD, local_path, remote_path, is_dir, size);
}

guint
ferry_transfer_queue_add_upload (FerryTransferQueue *self,
                                 const char         *local_path,
                                 const char         *remote_path,
                                 gboolean            is_dir)
{
  GStatBuf st;
  gint64 size = -1;

  g_return_val_if_fail (FERRY_IS_TRANSFER_QUEUE (self), 0);
  g_return_val_if_fail (remote_path != NULL && local_path != NULL, 0);

  if (!is_dir && g_stat (local_path, &st) == 0)
    size = st.st_size;
  return add_entry (self, FERRY_TRANSFER_UPLOAD, local_path, remote_path, is_dir, size);
}

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
    ferry_transfer_queue_pump (self);                                                               \
  }

ACCESSORS (guint, concurrency, concurrency, PROP_CONCURRENCY,
           CLAMP (value, 1, FERRY_TRANSFER_QUEUE_MAX_CONCURRENCY))
ACCESSORS (FerryOverwrite, overwrite_policy, policy, PROP_OVERWRITE_POLICY, value)
ACCESSORS (guint, max_retries, max_retries, PROP_MAX_RETRIES, MIN (value, 100))
ACCESSORS (guint, retry_delay, retry_delay_ms, PROP_RETRY_DELAY,
           CLAMP (value, 1, FERRY_QUEUE_RETRY_CAP_MS))
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
    {
      /* Running transfers stop now and continue from where they were. */
      for (guint i = 0; i < self->entries->len; i++)
        {
          QueueEntry *entry = g_ptr_array_index (self->entries, i);

          if (entry->job != 0 && entry->slot != NULL && entry->intent == INTENT_NONE)
            {
              entry->intent = INTENT_REQUEUE;
              ferry_worker_cancel (entry->slot->worker, entry->job);
            }
        }
    }
  else
    self->busy = TRUE;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
  ferry_transfer_queue_pump (self);
}

/* ---------------------------------------------------------------------- */
/* GObject                                                                  */

static void
ferry_transfer_queue_dispose (GObject *object)
{
  FerryTransferQueue *self = FERRY_TRANSFER_QUEUE (object);

  g_clear_handle_id (&self->wake_source, g_source_remove);
  g_clear_handle_id (&self->progress_source, g_source_remove);
  /* Workers first: their dispose joins the threads, after which no
   * signal can reach entries that are about to go. */
  if (self->slots != NULL)
    g_ptr_array_set_size (self->slots, 0);

  G_OBJECT_CLASS (ferry_transfer_queue_parent_class)->dispose (object);
}

static void
ferry_transfer_queue_finalize (GObject *object)
{
  FerryTransferQueue *self = FERRY_TRANSFER_QUEUE (object);

  g_clear_pointer (&self->slots, g_ptr_array_unref);
  g_clear_pointer (&self->by_item, g_hash_table_unref);
  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_clear_object (&self->targets);
  g_clear_pointer (&self->visited, g_hash_table_unref);
  g_clear_pointer (&self->site, ferry_site_free);
  g_clear_pointer (&self->throttle_down, ferry_throttle_unref);
  g_clear_pointer (&self->throttle_up, ferry_throttle_unref);
  g_clear_pointer (&self->made_dirs, g_hash_table_unref);
  g_clear_pointer (&self->batch_started, g_hash_table_unref);
  g_clear_pointer (&self->walked_dirs, g_hash_table_unref);
  g_clear_object (&self->cert_asked);
  g_clear_object (&self->cert_accepted);
  g_clear_object (&self->cert_rejected);
  g_clear_pointer (&self->account, g_free);
  g_free (self->home);
  g_free (self->fatal_error);

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
    g_param_spec_uint ("retry-delay", NULL, NULL, 1, FERRY_QUEUE_RETRY_CAP_MS, 1000, flags);
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
  ferry_transfer_queue_account_class_init (object_class);
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
  self->batch_started = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  self->made_dirs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->walked_dirs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) ferry_transfer_queue_entry_free);
  self->targets = ferry_target_set_new ();
  self->by_item = g_hash_table_new (NULL, NULL);
  self->slots = g_ptr_array_new_with_free_func ((GDestroyNotify) slot_free);
  self->visited = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}
