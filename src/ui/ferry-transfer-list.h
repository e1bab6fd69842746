/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ferry-transfer.h"

G_BEGIN_DECLS

/* The "Transfers" view: an overall progress line over a list of
 * FerryTransfer rows.  Emits "cancel" and "retry" (FerryTransfer) from a
 * row's buttons. */
#define FERRY_TYPE_TRANSFER_LIST (ferry_transfer_list_get_type ())
G_DECLARE_FINAL_TYPE (FerryTransferList, ferry_transfer_list, FERRY, TRANSFER_LIST, GtkWidget)

GtkWidget  *ferry_transfer_list_new             (void);
void        ferry_transfer_list_add             (FerryTransferList *self,
                                                 FerryTransfer     *transfer);
/* GListStore of FerryTransfer, in the order they were added. */
GListModel *ferry_transfer_list_get_model       (FerryTransferList *self);
void        ferry_transfer_list_clear_finished  (FerryTransferList *self);
/* The overall line as shown, for tests. */
const char *ferry_transfer_list_get_summary     (FerryTransferList *self);

G_END_DECLS
