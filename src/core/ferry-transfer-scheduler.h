/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ferry-transfer-item.h"

G_BEGIN_DECLS

typedef struct _FerryTransferQueue FerryTransferQueue;

/*
 * FerryTransferScheduler: gives a FerryTransferQueue's items to its slots
 * (one connection each), every connection one job before any gets a
 * second, FERRY_SCHEDULER_PIPELINE deep; turns job results into the next
 * step (a folder's walk, a retry after its back-off, a question, a final
 * state).  Main thread only; the files it looks at (does the target
 * exist? how long is the .part?) are looked at in a GTask thread.
 */
#define FERRY_TYPE_TRANSFER_SCHEDULER (ferry_transfer_scheduler_get_type ())
G_DECLARE_FINAL_TYPE (FerryTransferScheduler, ferry_transfer_scheduler, FERRY, TRANSFER_SCHEDULER, GObject)

/* Jobs handed to one connection ahead of its current one, so that it
 * never waits for the main loop between two small files. */
#define FERRY_SCHEDULER_PIPELINE      2
#define FERRY_SCHEDULER_RETRY_CAP_MS  (60 * 1000)

FerryTransferScheduler *ferry_transfer_scheduler_new       (FerryTransferQueue     *queue);
/* Starts what can start on the slots there are; arms the back-off timer. */
void        ferry_transfer_scheduler_run         (FerryTransferScheduler *self);
/* Items before the first QUEUED one are skipped: something went back. */
void        ferry_transfer_scheduler_rescan      (FerryTransferScheduler *self);
/* Stops @item's job (@intent says what it becomes); FALSE when none runs. */
gboolean    ferry_transfer_scheduler_stop_item   (FerryTransferScheduler *self,
                                                  FerryTransferItem      *item,
                                                  int                     intent);
/* Every running job: back to QUEUED when it stopped. */
void        ferry_transfer_scheduler_requeue_running (FerryTransferScheduler *self);
/* No job in flight, nothing that a slot runs or will run. */
gboolean    ferry_transfer_scheduler_is_idle     (FerryTransferScheduler *self);
/* A login that failed for good may work now (password fixed, server up). */
void        ferry_transfer_scheduler_revive      (FerryTransferScheduler *self);
/* The back-off before retry @attempt. */
guint       ferry_transfer_scheduler_retry_delay_ms (FerryTransferScheduler *self,
                                                     guint                   attempt);
/* Login folder (relative remote paths start there), once known. */
const char *ferry_transfer_scheduler_get_home    (FerryTransferScheduler *self);
void        ferry_transfer_scheduler_set_home    (FerryTransferScheduler *self,
                                                  const char             *home);
GPtrArray  *ferry_transfer_scheduler_get_slots   (FerryTransferScheduler *self);
/* A retry or resume of @item: whether the next attempt continues what the
 * last left (looks at the local file in a thread), then requeued from
 * @not_before.  @reason: kept as the item's message. */
void        ferry_transfer_scheduler_retry_later (FerryTransferScheduler *self,
                                                  FerryTransferItem      *item,
                                                  gint64                  not_before,
                                                  const char             *reason);
/* The rate estimator's tick: running items, their folders, the root. */
void        ferry_transfer_scheduler_update_rates (FerryTransferScheduler *self);
/* Drops every slot (their dispose joins the worker threads). */
void        ferry_transfer_scheduler_shutdown    (FerryTransferScheduler *self);

G_END_DECLS
