/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  FERRY_TRANSFER_DOWNLOAD,
  FERRY_TRANSFER_UPLOAD,
} FerryTransferDirection;

typedef enum
{
  FERRY_TRANSFER_QUEUED,
  FERRY_TRANSFER_RUNNING,
  FERRY_TRANSFER_DONE,
  FERRY_TRANSFER_FAILED,
  FERRY_TRANSFER_CANCELLED,
} FerryTransferState;

/*
 * One file transfer as the UI sees it: a row of the "Transfers" view,
 * updated from a FerryWorker's progress and job-finished signals.  GTK-free
 * but only ever touched on the main thread.
 */
#define FERRY_TYPE_TRANSFER (ferry_transfer_get_type ())
G_DECLARE_FINAL_TYPE (FerryTransfer, ferry_transfer, FERRY, TRANSFER, GObject)

FerryTransfer          *ferry_transfer_new            (FerryTransferDirection  direction,
                                                       const char             *name,
                                                       const char             *source,
                                                       const char             *destination,
                                                       gint64                  total);

FerryTransferDirection  ferry_transfer_get_direction  (FerryTransfer *self);
const char             *ferry_transfer_get_name       (FerryTransfer *self);
const char             *ferry_transfer_get_source     (FerryTransfer *self);
const char             *ferry_transfer_get_destination (FerryTransfer *self);
FerryTransferState      ferry_transfer_get_state      (FerryTransfer *self);
guint64                 ferry_transfer_get_done       (FerryTransfer *self);
gint64                  ferry_transfer_get_total      (FerryTransfer *self);
double                  ferry_transfer_get_rate       (FerryTransfer *self);
/* 0..1; 0 while the total is unknown. */
double                  ferry_transfer_get_fraction   (FerryTransfer *self);
/* Seconds left, -1 when unknown. */
gint64                  ferry_transfer_get_eta        (FerryTransfer *self);
const char             *ferry_transfer_get_error      (FerryTransfer *self);
gboolean                ferry_transfer_is_finished    (FerryTransfer *self);

/* Which worker job runs it; the owner of the workers sets these. */
guint                   ferry_transfer_get_job        (FerryTransfer *self);
gpointer                ferry_transfer_get_worker     (FerryTransfer *self);
void                    ferry_transfer_set_job        (FerryTransfer *self,
                                                       gpointer       worker,
                                                       guint          job);

void                    ferry_transfer_update         (FerryTransfer *self,
                                                       guint64        done,
                                                       gint64         total,
                                                       double         rate);
/* Back to QUEUED with nothing done, for a retry of a finished transfer. */
void                    ferry_transfer_restart        (FerryTransfer *self);
/* @error NULL = done; G_IO_ERROR_CANCELLED = cancelled; else failed. */
void                    ferry_transfer_finish         (FerryTransfer *self,
                                                       const GError  *error);

G_END_DECLS
