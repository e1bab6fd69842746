/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ferry-transfer-item.h"

G_BEGIN_DECLS

/* One row of the "Transfers" view; follows its FerryTransferItem's
 * changes (a folder's: its whole tree's), redrawn at most once a frame.
 * Emits "pause", "resume", "cancel" and "retry" (the item) from
 * its buttons. */
#define FERRY_TYPE_TRANSFER_ROW (ferry_transfer_row_get_type ())
G_DECLARE_FINAL_TYPE (FerryTransferRow, ferry_transfer_row, FERRY, TRANSFER_ROW, GtkWidget)

GtkWidget         *ferry_transfer_row_new            (void);
void               ferry_transfer_row_set_item       (FerryTransferRow  *self,
                                                      FerryTransferItem *item);
FerryTransferItem *ferry_transfer_row_get_item       (FerryTransferRow  *self);
/* Re-reads the item (and its tree, for a folder) now. */
void               ferry_transfer_row_update         (FerryTransferRow  *self);
/* The state text as shown ("Done", "Failed: …", "3 of 12 files"), for tests. */
const char        *ferry_transfer_row_get_state_text (FerryTransferRow  *self);

const char        *ferry_transfer_state_to_string    (FerryTransferState state);
/* The name a row shows: the source's base name, made displayable. */
char              *ferry_transfer_item_dup_display_name (FerryTransferItem *item);

G_END_DECLS
