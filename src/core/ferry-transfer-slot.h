/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ferry-file-transfer.h"
#include "ferry-transfer-item.h"
#include "ferry-transfer-item-private.h"
#include "ferry-worker.h"

G_BEGIN_DECLS

/*
 * FerryTransferSlot: one connection of a FerryTransferQueue and the jobs
 * in flight on it.  The base class keeps the bookkeeping the scheduler
 * reads (logged in? given up? how many jobs?); a subclass runs the jobs:
 * FerryTransferWorkerSlot on a FerryWorker, or a fake in the unit tests.
 * Main thread only; a subclass reports through the
 * ferry_transfer_slot_*_done/emit helpers, on the main thread.
 *
 * Signals (all on the main thread):
 *   connect-finished (const GError *error)        NULL: logged in
 *   job-finished     (FerryTransferItem *item, const GError *error)
 *   progress         (FerryTransferItem *item, guint64 done, gint64 total)
 *   listing-ready    (FerryTransferItem *item, const char *path, GPtrArray *entries)
 *   log-line         (int FerryLogKind, guint code, const char *text)
 * Questions (certificate, account) do not pass here: a slot's connection
 * asks its FerryInteraction.
 */

typedef enum
{
  FERRY_SLOT_JOB_DOWNLOAD,
  FERRY_SLOT_JOB_UPLOAD,
  FERRY_SLOT_JOB_LIST,
  FERRY_SLOT_JOB_MKDIR,
  FERRY_SLOT_JOB_RAW,
} FerrySlotJobKind;

typedef struct
{
  FerrySlotJobKind      kind;
  const char           *remote_path;
  const char           *local_path;     /* DOWNLOAD, UPLOAD */
  const char           *command;        /* RAW */
  FerryOverwrite        policy;
  FerryTransferOptions  options;
} FerrySlotJob;

#define FERRY_TYPE_TRANSFER_SLOT (ferry_transfer_slot_get_type ())
G_DECLARE_DERIVABLE_TYPE (FerryTransferSlot, ferry_transfer_slot, FERRY, TRANSFER_SLOT, GObject)

struct _FerryTransferSlotClass
{
  GObjectClass parent_class;

  /* Logs in; ends with ferry_transfer_slot_connect_done(). */
  void (*connect)            (FerryTransferSlot  *self);
  /* Runs @job for @item; ends with ferry_transfer_slot_job_done(). */
  void (*start)              (FerryTransferSlot  *self,
                              FerryTransferItem  *item,
                              const FerrySlotJob *job);
  /* The job of @item ends soon with G_IO_ERROR_CANCELLED. */
  void (*cancel)             (FerryTransferSlot  *self,
                              FerryTransferItem  *item);
};

/* For the scheduler. */
void        ferry_transfer_slot_connect        (FerryTransferSlot  *self);
/* Connects again in @delay_ms (the back-off after a failed login). */
void        ferry_transfer_slot_connect_later  (FerryTransferSlot  *self,
                                                guint               delay_ms);
void        ferry_transfer_slot_start          (FerryTransferSlot  *self,
                                                FerryTransferItem  *item,
                                                const FerrySlotJob *job);
void        ferry_transfer_slot_cancel         (FerryTransferSlot  *self,
                                                FerryTransferItem  *item);
guint       ferry_transfer_slot_get_inflight   (FerryTransferSlot  *self);
gboolean    ferry_transfer_slot_get_connected  (FerryTransferSlot  *self);
/* Logging in is under way (or waits for its back-off). */
gboolean    ferry_transfer_slot_get_connecting (FerryTransferSlot  *self);
/* The login failed for good (wrong password): it never takes jobs. */
gboolean    ferry_transfer_slot_get_dead       (FerryTransferSlot  *self);
void        ferry_transfer_slot_set_dead       (FerryTransferSlot  *self);
/* Concurrency was lowered: it goes once its jobs are done. */
gboolean    ferry_transfer_slot_get_retiring   (FerryTransferSlot  *self);
void        ferry_transfer_slot_set_retiring   (FerryTransferSlot  *self);
/* Failed logins in a row (reset by a good one). */
guint       ferry_transfer_slot_get_connect_failures (FerryTransferSlot *self);
/* The login folder (PWD), once connected. */
const char *ferry_transfer_slot_get_home       (FerryTransferSlot  *self);
/* Connected, alive, not retiring, and fewer than @depth jobs. */
gboolean    ferry_transfer_slot_can_take       (FerryTransferSlot  *self,
                                                guint               depth);

/* For subclasses. */
void        ferry_transfer_slot_connect_done   (FerryTransferSlot  *self,
                                                const char         *home,
                                                const GError       *error);
void        ferry_transfer_slot_job_done       (FerryTransferSlot  *self,
                                                FerryTransferItem  *item,
                                                const GError       *error);
void        ferry_transfer_slot_emit_progress  (FerryTransferSlot  *self,
                                                FerryTransferItem  *item,
                                                guint64             done,
                                                gint64              total);
void        ferry_transfer_slot_emit_listing   (FerryTransferSlot  *self,
                                                FerryTransferItem  *item,
                                                const char         *path,
                                                GPtrArray          *entries);
void        ferry_transfer_slot_emit_log       (FerryTransferSlot  *self,
                                                int                 kind,
                                                guint               code,
                                                const char         *text);

G_END_DECLS
