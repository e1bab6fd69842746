/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ferry-transfer.h"

G_BEGIN_DECLS

/* One row of the "Transfers" view; follows its FerryTransfer's changes.
 * Emits "cancel" when its cancel button is pressed, "retry" when the
 * retry button of a failed or cancelled row is. */
#define FERRY_TYPE_TRANSFER_ROW (ferry_transfer_row_get_type ())
G_DECLARE_FINAL_TYPE (FerryTransferRow, ferry_transfer_row, FERRY, TRANSFER_ROW, GtkWidget)

GtkWidget     *ferry_transfer_row_new          (void);
void           ferry_transfer_row_set_transfer (FerryTransferRow *self,
                                                FerryTransfer    *transfer);
FerryTransfer *ferry_transfer_row_get_transfer (FerryTransferRow *self);
/* The state text as shown ("Done", "Failed: …"), for tests. */
const char    *ferry_transfer_row_get_state_text (FerryTransferRow *self);

/* Shared with the overall line of FerryTransferList. */
const char    *ferry_transfer_state_to_string  (FerryTransferState state);

G_END_DECLS
