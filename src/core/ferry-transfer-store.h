/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * FerryTransferStore: a FerryTransferQueue on disk (a GKeyFile, see
 * ferry-transfer-store.c).  The queue is pictured on the main thread and
 * written in a GTask thread (ferry_transfer_queue_save_async); writes are
 * serialised and an older picture never replaces a newer one, so saves
 * may be asked for as often as the queue changes.  The queue's save,
 * save_async and load functions are its front.
 */
#define FERRY_TYPE_TRANSFER_STORE (ferry_transfer_store_get_type ())
G_DECLARE_FINAL_TYPE (FerryTransferStore, ferry_transfer_store, FERRY, TRANSFER_STORE, GObject)

FerryTransferStore *ferry_transfer_store_new (void);

G_END_DECLS
