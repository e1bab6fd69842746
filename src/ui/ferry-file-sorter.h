/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ferry-file-list.h"

G_BEGIN_DECLS

/*
 * The sorter of one column of a file pane.  It compares correctly, but
 * panes do not sort with it on the main thread: they read which column
 * the GtkColumnView's sorter has first and in which direction
 * (ferry_file_sorter_get_primary; GTK 4.8 has no API for it) and hand that
 * to their FerryFileList, which sorts in a thread.
 */
#define FERRY_TYPE_FILE_SORTER (ferry_file_sorter_get_type ())
G_DECLARE_FINAL_TYPE (FerryFileSorter, ferry_file_sorter, FERRY, FILE_SORTER, GtkSorter)

GtkSorter *ferry_file_sorter_new         (FerryFileSortColumn  column);

/* Of @column_view_sorter (a GtkColumnView's sorter over FerryFileSorters):
 * the column that sorts first and whether it is descending; FALSE when
 * none sorts. */
gboolean   ferry_file_sorter_get_primary (GtkSorter           *column_view_sorter,
                                          FerryFileSortColumn *column,
                                          gboolean            *descending);

G_END_DECLS
