/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ferry-throttle.h"
#include "ferry-transfer-item-private.h"
#include "ferry-transfer-queue.h"
#include "ferry-transfer-queue-interaction.h"
#include "ferry-transfer-scheduler.h"
#include "ferry-transfer-slot.h"
#include "ferry-transfer-store.h"
#include "ferry-transfer-walker.h"

G_BEGIN_DECLS

/*
 * The queue's objects (docs/ARCHITECTURE.md has the map):
 *   FerryTransferQueue      the model (items in order), settings, signals,
 *                           what the user does to items, the totals
 *   FerryTransferScheduler  which item goes to which slot next, job
 *                           results, retries and their back-off
 *   FerryTransferSlot       one connection and its jobs in flight
 *   FerryTransferWalker     a folder's children, found off the main thread
 *   FerryTransferStore      the queue on disk, written off the main thread
 * They share this struct; each keeps its own state in its own object.
 */

#define FERRY_QUEUE_PROGRESS_MS   100

typedef FerryTransferSlot *(*FerryTransferSlotFactory) (const FerrySite *site,
                                                        gpointer         data);

struct _FerryTransferQueue
{
  GObject                 parent_instance;

  FerrySite              *site;

  /* Settings. */
  guint                   concurrency;
  FerryOverwrite          policy;
  guint                   max_retries;
  guint                   retry_delay_ms;
  guint                   max_depth;
  gboolean                paused;
  gboolean                preserve_mtime;
  FerryThrottle          *throttle_down;   /* shared by every worker */
  FerryThrottle          *throttle_up;

  /* Apply-to-all answer to ask-overwrite, when given. */
  gboolean                have_all_choice;
  FerryOverwriteChoice    all_choice;

  GPtrArray              *items;           /* FerryTransferItem, in model order */
  FerryTransferItem      *root;            /* parent of every depth-0 item: the totals */
  guint                   next_batch;

  FerryTransferScheduler *scheduler;
  FerryTransferWalker    *walker;
  FerryTransferStore     *store;
  FerryTransferSlotFactory slot_factory;
  gpointer                slot_factory_data;
  FerryInteraction       *interaction;     /* where the workers and the queue ask */
  gboolean                own_interaction; /* ... the deprecated signals' (not set by anyone) */
  GCancellable           *questions;       /* cancels what the interaction is asked */

  guint                   progress_source;
  gboolean                busy;            /* "finished" is owed when idle again */
};

/* The queue's signals, emitted by its objects. */
enum
{
  QUEUE_SIGNAL_PROGRESS,
  QUEUE_SIGNAL_ITEM_FINISHED,
  QUEUE_SIGNAL_FINISHED,
  QUEUE_SIGNAL_ASK_OVERWRITE,
  QUEUE_SIGNAL_LOG_LINE,
  QUEUE_SIGNAL_ACCEPT_CERTIFICATE,
  QUEUE_SIGNAL_ASK_ACCOUNT,
  QUEUE_N_SIGNALS
};
extern guint ferry_transfer_queue_signals[QUEUE_N_SIGNALS];

/* Makes the queue's slots with @factory instead of on FerryWorkers (the
 * unit tests' fake connections). */
void        ferry_transfer_queue_set_slot_factory (FerryTransferQueue       *self,
                                                   FerryTransferSlotFactory  factory,
                                                   gpointer                  data);
/* A new slot for the scheduler, from the factory. */
FerryTransferSlot *ferry_transfer_queue_new_slot (FerryTransferQueue       *self);

/* A new item of batch @batch at @depth (not in the model yet). */
FerryTransferItem *ferry_transfer_queue_item_new (FerryTransferDirection  direction,
                                                  const char             *local_path,
                                                  const char             *remote_path,
                                                  gboolean                is_dir,
                                                  gint64                  size,
                                                  guint                   batch,
                                                  guint                   depth);
/* Appends @items (FerryTransferItem, refs taken) below @parent (NULL: the
 * root) with one items-changed. */
void        ferry_transfer_queue_append      (FerryTransferQueue *self,
                                              FerryTransferItem  *parent,
                                              GPtrArray          *items);
void        ferry_transfer_queue_note        (FerryTransferQueue *self,
                                              FerryLogKind        kind,
                                              const char         *format,
                                              ...) G_GNUC_PRINTF (3, 4);
/* Moves @item to a final state, emits item-finished, and completes the
 * folders above it whose trees are now final. */
void        ferry_transfer_queue_finish_item (FerryTransferQueue *self,
                                              FerryTransferItem  *item,
                                              FerryTransferState  state,
                                              const char         *message);
/* A folder's children are all in the queue (@error: walking it failed). */
void        ferry_transfer_queue_walk_done   (FerryTransferQueue *self,
                                              FerryTransferItem  *folder,
                                              const GError       *error);
/* Back to QUEUED, eligible from @not_before (monotonic µs, 0 = now). */
void        ferry_transfer_queue_requeue     (FerryTransferQueue *self,
                                              FerryTransferItem  *item,
                                              gint64              not_before);
/* A "progress" signal soon (at most every FERRY_QUEUE_PROGRESS_MS). */
void        ferry_transfer_queue_schedule_progress (FerryTransferQueue *self);
/* After the scheduler ran: arms the progress timer, emits "finished"
 * when idle. */
void        ferry_transfer_queue_check_idle  (FerryTransferQueue *self);


G_END_DECLS
