/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ferry-file-item.h"

G_BEGIN_DECLS

typedef enum
{
  FERRY_FILE_SORT_NAME,
  FERRY_FILE_SORT_SIZE,
  FERRY_FILE_SORT_MODIFIED,
  FERRY_FILE_SORT_PERMISSIONS,
} FerryFileSortColumn;

/*
 * The rows of a pane as a GListModel of FerryFileItem: the folder's items,
 * hidden ones filtered out unless shown, sorted by one column with folders
 * first.  Filtering and sorting run in a GTask thread over a snapshot and
 * the result is swapped in with one ::items-changed, so the main loop never
 * sorts (GTK 4.8 has no public sort keys: a GtkSortListModel with custom
 * sorters compares on the main thread, up to seconds for 100,000 rows).
 * Items are immutable, so the thread reads them without locks.
 *
 * Signals:
 *   view-changed (gboolean resorted)   a new view was swapped in; @resorted
 *                                      when only the order or filter changed
 */
#define FERRY_TYPE_FILE_LIST (ferry_file_list_get_type ())
G_DECLARE_FINAL_TYPE (FerryFileList, ferry_file_list, FERRY, FILE_LIST, GObject)

FerryFileList *ferry_file_list_new             (void);
/* @items (FerryFileItem, freeing its elements): transfer full, not changed
 * afterwards.  Shown once sorted. */
void           ferry_file_list_set_items       (FerryFileList       *self,
                                                GPtrArray           *items);
void           ferry_file_list_set_sort        (FerryFileList       *self,
                                                FerryFileSortColumn  column,
                                                gboolean             descending);
void           ferry_file_list_set_show_hidden (FerryFileList       *self,
                                                gboolean             show_hidden);
/* TRUE while a new view is being made. */
gboolean       ferry_file_list_get_busy        (FerryFileList       *self);
/* All items of the shown view, hidden ones too (borrowed). */
GPtrArray     *ferry_file_list_get_all         (FerryFileList       *self);

/* The order of one column, ascending, without folders first (for the
 * column sorters and the thread). */
int            ferry_file_list_compare         (FerryFileItem       *a,
                                                FerryFileItem       *b,
                                                FerryFileSortColumn  column);

G_END_DECLS
