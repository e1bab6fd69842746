/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ferry-transfer-item-private.h"
#include "ferry-transfer-worker-slot.h"
#include "ferry-worker.h"

struct _FerryTransferWorkerSlot
{
  FerryTransferSlot  parent_instance;

  FerryWorker       *worker;
  guint              connect_job;
  GHashTable        *items;        /* job id → FerryTransferItem (borrowed: the base holds it) */
  GHashTable        *jobs;         /* FerryTransferItem → job id */
};

G_DEFINE_FINAL_TYPE (FerryTransferWorkerSlot, ferry_transfer_worker_slot, FERRY_TYPE_TRANSFER_SLOT)

static void
job_finished_cb (FerryWorker             *worker,
                 guint                    job,
                 const GError            *error,
                 FerryTransferWorkerSlot *self)
{
  FerryTransferItem *item;

  if (job == self->connect_job)
    {
      self->connect_job = 0;
      ferry_transfer_slot_connect_done (FERRY_TRANSFER_SLOT (self),
                                        error == NULL ? ferry_worker_get_cwd (worker) : NULL,
                                        error);
      return;
    }
  item = g_hash_table_lookup (self->items, GUINT_TO_POINTER (job));
  if (item == NULL)
    return;
  g_hash_table_remove (self->items, GUINT_TO_POINTER (job));
  g_hash_table_remove (self->jobs, item);
  ferry_transfer_slot_job_done (FERRY_TRANSFER_SLOT (self), item, error);
}

static void
progress_cb (FerryWorker             *worker,
             guint                    job,
             guint64                  done,
             gint64                   total,
             double                   rate,
             FerryTransferWorkerSlot *self)
{
  FerryTransferItem *item = g_hash_table_lookup (self->items, GUINT_TO_POINTER (job));

  /* The worker's own rate is not used: the queue has one estimator. */
  if (item != NULL)
    ferry_transfer_slot_emit_progress (FERRY_TRANSFER_SLOT (self), item, done, total);
}

static void
listing_cb (FerryWorker             *worker,
            guint                    job,
            const char              *path,
            GPtrArray               *entries,
            FerryTransferWorkerSlot *self)
{
  FerryTransferItem *item = g_hash_table_lookup (self->items, GUINT_TO_POINTER (job));

  if (item != NULL)
    ferry_transfer_slot_emit_listing (FERRY_TRANSFER_SLOT (self), item, path, entries);
}

/* The listing's lines that gave no entry, just before its listing-ready:
 * kept with the folder for the walk, which shows them as skipped. */
static void
listing_dropped_cb (FerryWorker             *worker,
                    guint                    job,
                    GPtrArray               *dropped,
                    FerryTransferWorkerSlot *self)
{
  FerryTransferItem *item = g_hash_table_lookup (self->items, GUINT_TO_POINTER (job));
  FerryTransferWork *work = item != NULL ? ferry_transfer_item_get_work (item) : NULL;

  if (work == NULL || work->step != FERRY_TRANSFER_STEP_LIST)
    return;
  g_clear_pointer (&work->dropped, g_ptr_array_unref);
  work->dropped = g_ptr_array_ref (dropped);
}

static void
log_cb (FerryWorker             *worker,
        int                      kind,
        guint                    code,
        const char              *text,
        FerryTransferWorkerSlot *self)
{
  ferry_transfer_slot_emit_log (FERRY_TRANSFER_SLOT (self), kind, code, text);
}

static void
worker_slot_connect (FerryTransferSlot *slot)
{
  FerryTransferWorkerSlot *self = FERRY_TRANSFER_WORKER_SLOT (slot);

  self->connect_job = ferry_worker_connect (self->worker);
}

static void
worker_slot_start (FerryTransferSlot  *slot,
                   FerryTransferItem  *item,
                   const FerrySlotJob *job)
{
  FerryTransferWorkerSlot *self = FERRY_TRANSFER_WORKER_SLOT (slot);
  guint id = 0;

  switch (job->kind)
    {
    case FERRY_SLOT_JOB_DOWNLOAD:
      id = ferry_worker_download_full (self->worker, job->remote_path, job->local_path,
                                       job->policy, &job->options);
      break;
    case FERRY_SLOT_JOB_UPLOAD:
      id = ferry_worker_upload_full (self->worker, job->local_path, job->remote_path,
                                     job->policy, &job->options);
      break;
    case FERRY_SLOT_JOB_LIST:
      id = ferry_worker_list (self->worker, job->remote_path);
      break;
    case FERRY_SLOT_JOB_MKDIR:
      id = ferry_worker_mkdir (self->worker, job->remote_path);
      break;
    case FERRY_SLOT_JOB_RAW:
    default:
      id = ferry_worker_raw (self->worker, job->command);
      break;
    }
  g_hash_table_insert (self->items, GUINT_TO_POINTER (id), item);
  g_hash_table_insert (self->jobs, item, GUINT_TO_POINTER (id));
}

static void
worker_slot_cancel (FerryTransferSlot *slot,
                    FerryTransferItem *item)
{
  FerryTransferWorkerSlot *self = FERRY_TRANSFER_WORKER_SLOT (slot);
  guint id = GPOINTER_TO_UINT (g_hash_table_lookup (self->jobs, item));

  if (id != 0)
    ferry_worker_cancel (self->worker, id);
}

static void
ferry_transfer_worker_slot_dispose (GObject *object)
{
  FerryTransferWorkerSlot *self = FERRY_TRANSFER_WORKER_SLOT (object);

  if (self->worker != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->worker, self);
      /* Dispose cancels what runs, sends QUIT and joins the thread. */
      g_clear_object (&self->worker);
    }
  g_clear_pointer (&self->items, g_hash_table_unref);
  g_clear_pointer (&self->jobs, g_hash_table_unref);

  G_OBJECT_CLASS (ferry_transfer_worker_slot_parent_class)->dispose (object);
}

static void
ferry_transfer_worker_slot_class_init (FerryTransferWorkerSlotClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  FerryTransferSlotClass *slot_class = FERRY_TRANSFER_SLOT_CLASS (klass);

  object_class->dispose = ferry_transfer_worker_slot_dispose;
  slot_class->connect = worker_slot_connect;
  slot_class->start = worker_slot_start;
  slot_class->cancel = worker_slot_cancel;
}

static void
ferry_transfer_worker_slot_init (FerryTransferWorkerSlot *self)
{
  self->items = g_hash_table_new (NULL, NULL);
  self->jobs = g_hash_table_new (NULL, NULL);
}

FerryTransferSlot *
ferry_transfer_worker_slot_new (const FerrySite  *site,
                                FerryInteraction *interaction)
{
  FerryTransferWorkerSlot *self = g_object_new (FERRY_TYPE_TRANSFER_WORKER_SLOT, NULL);

  self->worker = ferry_worker_new (site);
  ferry_worker_set_interaction (self->worker, interaction);
  g_signal_connect (self->worker, "job-finished", G_CALLBACK (job_finished_cb), self);
  g_signal_connect (self->worker, "progress", G_CALLBACK (progress_cb), self);
  g_signal_connect (self->worker, "listing-ready", G_CALLBACK (listing_cb), self);
  g_signal_connect (self->worker, "listing-dropped", G_CALLBACK (listing_dropped_cb), self);
  g_signal_connect (self->worker, "log-line", G_CALLBACK (log_cb), self);
  return FERRY_TRANSFER_SLOT (self);
}
