/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ferry-transfer-item.h"

G_BEGIN_DECLS

typedef struct _FerryTransferQueue FerryTransferQueue;

/*
 * FerryTransferWalker: a folder item's children, found in a GTask thread
 * and handed to the queue in batches (FERRY_WALKER_BATCH items a main-loop
 * turn), so that no tree size stalls the main loop.  Download: the remote
 * folder's listing (taken by its slot) becomes children, each local path
 * built only by ferry_path_local_child so that no server name can reach
 * outside the chosen folder, and the local folder is created.  Upload:
 * the local folder is enumerated without following symbolic links.
 * Ends with ferry_transfer_queue_walk_done().
 */
#define FERRY_TYPE_TRANSFER_WALKER (ferry_transfer_walker_get_type ())
G_DECLARE_FINAL_TYPE (FerryTransferWalker, ferry_transfer_walker, FERRY, TRANSFER_WALKER, GObject)

#define FERRY_WALKER_BATCH 1000

FerryTransferWalker *ferry_transfer_walker_new    (FerryTransferQueue  *queue);
/* A batch began now (uploads: folders made after this may be our own). */
void     ferry_transfer_walker_batch_started (FerryTransferWalker *self,
                                              guint                batch);
void     ferry_transfer_walker_walk_remote   (FerryTransferWalker *self,
                                              FerryTransferItem   *folder);
/* The remote folder of upload @folder was created by us. */
void     ferry_transfer_walker_made_dir      (FerryTransferWalker *self,
                                              FerryTransferItem   *folder);
void     ferry_transfer_walker_walk_local    (FerryTransferWalker *self,
                                              FerryTransferItem   *folder);
void     ferry_transfer_walker_cancel        (FerryTransferWalker *self,
                                              FerryTransferItem   *folder);
/* The queue goes: walks stop, nothing more reaches it. */
void     ferry_transfer_walker_shutdown      (FerryTransferWalker *self);

G_END_DECLS
