/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ferry-site.h"
#include "ferry-interaction.h"
#include "ferry-transfer-slot.h"

G_BEGIN_DECLS

/* FerryTransferWorkerSlot: a FerryTransferSlot whose jobs run on a
 * FerryWorker of its own (one thread, one connection to @site).  The
 * worker asks its questions on @interaction, shared by every worker given
 * the same one (asked once for all). */
#define FERRY_TYPE_TRANSFER_WORKER_SLOT (ferry_transfer_worker_slot_get_type ())
G_DECLARE_FINAL_TYPE (FerryTransferWorkerSlot, ferry_transfer_worker_slot, FERRY, TRANSFER_WORKER_SLOT,
                      FerryTransferSlot)

FerryTransferSlot *ferry_transfer_worker_slot_new (const FerrySite  *site,
                                                   FerryInteraction *interaction);

G_END_DECLS
