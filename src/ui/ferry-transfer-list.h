/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ferry-transfer-queue.h"

G_BEGIN_DECLS

/*
 * The "Transfers" view: a FerryTransferQueue's items, one row each
 * (through a filter for "Only failed"), an overall progress line from the
 * queue's totals, and a toolbar: Pause All, Only Failed, Remove Finished.
 * Row buttons act on the queue directly.  Without a queue it can still
 * show a snapshot of items (after a disconnect), read-only.
 *
 * An info bar offers the transfers saved by the last session: it emits
 * "restore" (gboolean resume) when Resume or Discard is pressed.
 */
#define FERRY_TYPE_TRANSFER_LIST (ferry_transfer_list_get_type ())
G_DECLARE_FINAL_TYPE (FerryTransferList, ferry_transfer_list, FERRY, TRANSFER_LIST, GtkWidget)

GtkWidget          *ferry_transfer_list_new            (void);
/* Shows @queue's items (NULL: nothing). */
void                ferry_transfer_list_set_queue      (FerryTransferList  *self,
                                                        FerryTransferQueue *queue);
FerryTransferQueue *ferry_transfer_list_get_queue      (FerryTransferList  *self);
/* Shows @items (FerryTransferItem) without a queue to act on. */
void                ferry_transfer_list_set_snapshot   (FerryTransferList  *self,
                                                        GListModel         *items);
/* Every item (unfiltered), in queue order. */
GListModel         *ferry_transfer_list_get_items      (FerryTransferList  *self);
/* The rows as shown (after the "Only failed" filter). */
GListModel         *ferry_transfer_list_get_model      (FerryTransferList  *self);
void                ferry_transfer_list_set_only_failed (FerryTransferList *self,
                                                         gboolean           only_failed);
/* The overall line as shown, for tests. */
const char         *ferry_transfer_list_get_summary    (FerryTransferList  *self);
/* The info bar about the last session's @n transfers (0 hides it). */
void                ferry_transfer_list_show_restore   (FerryTransferList  *self,
                                                        guint               n,
                                                        const char         *site_text);

G_END_DECLS
