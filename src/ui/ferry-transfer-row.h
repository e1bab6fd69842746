/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ferry-transfer-item.h"

G_BEGIN_DECLS

/* What one add call (a file or a whole folder tree) has come to so far;
 * FerryTransferList keeps one per batch id for the folder rows. */
typedef struct
{
  guint   files_total;
  guint   files_final;     /* done, failed, skipped or cancelled */
  guint   files_failed;
  guint   files_running;
  guint64 bytes_done;
  guint64 bytes_total;
  double  rate;
} FerryTransferBatch;

typedef const FerryTransferBatch *(*FerryTransferBatchLookup) (gpointer data, guint batch_id);

/* One row of the "Transfers" view; follows its FerryTransferItem's
 * changes.  Emits "pause", "resume", "cancel" and "retry" (the item) from
 * its buttons. */
#define FERRY_TYPE_TRANSFER_ROW (ferry_transfer_row_get_type ())
G_DECLARE_FINAL_TYPE (FerryTransferRow, ferry_transfer_row, FERRY, TRANSFER_ROW, GtkWidget)

GtkWidget         *ferry_transfer_row_new            (void);
void               ferry_transfer_row_set_item       (FerryTransferRow  *self,
                                                      FerryTransferItem *item);
FerryTransferItem *ferry_transfer_row_get_item       (FerryTransferRow  *self);
/* Where a folder row finds its batch's counts (the list). */
void               ferry_transfer_row_set_batch_lookup (FerryTransferRow         *self,
                                                        FerryTransferBatchLookup  lookup,
                                                        gpointer                  data);
/* Re-reads the item (and its batch, for a folder). */
void               ferry_transfer_row_update         (FerryTransferRow  *self);
/* The state text as shown ("Done", "Failed: …", "3 of 12 files"), for tests. */
const char        *ferry_transfer_row_get_state_text (FerryTransferRow  *self);

const char        *ferry_transfer_state_to_string    (FerryTransferState state);
/* The name a row shows: the source's base name, made displayable. */
char              *ferry_transfer_item_dup_display_name (FerryTransferItem *item);

G_END_DECLS
