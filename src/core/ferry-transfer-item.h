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
  FERRY_TRANSFER_PAUSED,
  FERRY_TRANSFER_DONE,
  FERRY_TRANSFER_FAILED,
  FERRY_TRANSFER_CANCELLED,
  FERRY_TRANSFER_SKIPPED,
} FerryTransferState;

#define FERRY_TYPE_TRANSFER_DIRECTION (ferry_transfer_direction_get_type ())
GType ferry_transfer_direction_get_type (void) G_GNUC_CONST;
#define FERRY_TYPE_TRANSFER_STATE (ferry_transfer_state_get_type ())
GType ferry_transfer_state_get_type (void) G_GNUC_CONST;

/*
 * FerryTransferItem: one file or folder in a FerryTransferQueue.
 *
 * Properties (all read-only to users of the queue; the queue changes them
 * on the main thread only, so "notify" is always emitted there):
 *   direction, local-path, remote-path, is-dir, size (-1 unknown),
 *   bytes-done, rate (bytes/s), state, error-message, attempts,
 *   batch-id (the id shared by everything one add call produced),
 *   depth (0 for what was added, +1 per folder level),
 *   asking (QUEUED, waiting for the user's answer to "the target exists").
 *
 * Signal:
 *   totals-changed ()  what ferry_transfer_item_get_totals() returns changed
 *                      (a file's own figures, or anything in a folder's tree)
 *
 * Paths are file-system bytes (local) and server bytes (remote): not
 * necessarily UTF-8; use g_filename_display_name for showing them.
 */
/* What a file, a folder's tree or a whole queue holds: skipped and
 * cancelled files are not in files_total; a failed folder counts as a
 * failed file.  rate: bytes/s over about a second, one estimator for the
 * file rows, the folder rows and the queue (see FerryTransferQueue). */
typedef struct
{
  guint64  bytes_done;
  guint64  bytes_total;
  double   rate;
  guint    files_done;
  guint    files_total;
  guint    files_failed;
  guint    files_skipped;
  guint    dirs_done;
  guint    items_open;     /* files and folders not final yet */
} FerryTransferTotals;

#define FERRY_TYPE_TRANSFER_ITEM (ferry_transfer_item_get_type ())
G_DECLARE_FINAL_TYPE (FerryTransferItem, ferry_transfer_item, FERRY, TRANSFER_ITEM, GObject)

FerryTransferItem      *ferry_transfer_item_new               (FerryTransferDirection direction,
                                                               const char            *local_path,
                                                               const char            *remote_path,
                                                               gboolean               is_dir,
                                                               gint64                 size);

FerryTransferDirection  ferry_transfer_item_get_direction     (FerryTransferItem *self);
const char             *ferry_transfer_item_get_local_path    (FerryTransferItem *self);
const char             *ferry_transfer_item_get_remote_path   (FerryTransferItem *self);
gboolean                ferry_transfer_item_get_is_dir        (FerryTransferItem *self);
gint64                  ferry_transfer_item_get_size          (FerryTransferItem *self);
guint64                 ferry_transfer_item_get_bytes_done    (FerryTransferItem *self);
double                  ferry_transfer_item_get_rate          (FerryTransferItem *self);
FerryTransferState      ferry_transfer_item_get_state         (FerryTransferItem *self);
const char             *ferry_transfer_item_get_error_message (FerryTransferItem *self);
guint                   ferry_transfer_item_get_attempts      (FerryTransferItem *self);
guint                   ferry_transfer_item_get_batch_id      (FerryTransferItem *self);
guint                   ferry_transfer_item_get_depth         (FerryTransferItem *self);
gboolean                ferry_transfer_item_get_asking        (FerryTransferItem *self);
/* A file: its own figures; a folder: its whole tree, as far as known. */
void                    ferry_transfer_item_get_totals        (FerryTransferItem   *self,
                                                               FerryTransferTotals *totals);
/* A folder whose own job (listing, MKD) is done and whose tree is not:
 * RUNNING until the last file in it is final. */
gboolean                ferry_transfer_item_get_walked        (FerryTransferItem *self);

/* TRUE for DONE, FAILED, CANCELLED and SKIPPED. */
gboolean                ferry_transfer_state_is_final         (FerryTransferState state);

/* Setters for the queue (main thread only); each notifies on change. */
void ferry_transfer_item_set_local_path    (FerryTransferItem *self, const char *path);
void ferry_transfer_item_set_remote_path   (FerryTransferItem *self, const char *path);
void ferry_transfer_item_set_size          (FerryTransferItem *self, gint64 size);
void ferry_transfer_item_set_progress      (FerryTransferItem *self, guint64 bytes_done, double rate);
void ferry_transfer_item_set_state         (FerryTransferItem *self, FerryTransferState state,
                                            const char *error_message);
void ferry_transfer_item_set_attempts      (FerryTransferItem *self, guint attempts);
void ferry_transfer_item_set_batch_id      (FerryTransferItem *self, guint batch_id);
void ferry_transfer_item_set_depth         (FerryTransferItem *self, guint depth);
void ferry_transfer_item_set_asking        (FerryTransferItem *self, gboolean asking);

G_END_DECLS
