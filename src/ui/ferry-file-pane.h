/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ferry-file-item.h"

G_BEGIN_DECLS

typedef enum
{
  FERRY_FILE_PANE_LOCAL,
  FERRY_FILE_PANE_REMOTE,
} FerryFilePaneKind;

/*
 * One side of the window: a path bar over a sortable, multi-select
 * GtkColumnView of FerryFileItem.  A local pane reads the file system
 * itself; a remote pane asks its owner with ::load-request and is fed
 * with ferry_file_pane_set_remote_listing().
 *
 * Signals:
 *   load-request   (const char *path)        remote only: please list @path
 *   item-activated (FerryFileItem *item)     a file (not a folder) was activated
 *   remote-dropped (GStrv lines)             local only: rows dragged from a remote
 *                                            pane, each "F /path" or "D /path"
 *   files-dropped  (GPtrArray *items)        remote only: local files dropped, as
 *                                            FerryFileItems (their types looked up
 *                                            off the main thread; links followed)
 *   file-action    (const char *action)      "transfer", "rename", "delete",
 *                                            "new-folder" or "properties" on the
 *                                            selected rows (pane.* actions, menu)
 */
#define FERRY_TYPE_FILE_PANE (ferry_file_pane_get_type ())
G_DECLARE_FINAL_TYPE (FerryFilePane, ferry_file_pane, FERRY, FILE_PANE, GtkWidget)

GtkWidget         *ferry_file_pane_new                (FerryFilePaneKind kind);
FerryFilePaneKind  ferry_file_pane_get_kind           (FerryFilePane *self);

const char        *ferry_file_pane_get_path           (FerryFilePane *self);
/* Local: starts reading @path.  Remote: emits ::load-request. */
void               ferry_file_pane_set_path           (FerryFilePane *self,
                                                       const char    *path);
void               ferry_file_pane_go_up              (FerryFilePane *self);
void               ferry_file_pane_reload             (FerryFilePane *self);
/* TRUE while a local folder is read or a remote listing is awaited. */
gboolean           ferry_file_pane_get_loading        (FerryFilePane *self);

/* Remote panes: @entries (FerryListEntry) of folder @path. */
void               ferry_file_pane_set_remote_listing (FerryFilePane *self,
                                                       const char    *path,
                                                       GPtrArray     *entries);
/* Remote panes: @entries (FerryListEntry, borrowed, not changed later)
 * are a part of the listing of @path under way, in order; @first: the
 * first part of a new listing.  The first rows show while the rest
 * arrives; ferry_file_pane_set_remote_listing() or
 * ferry_file_pane_load_failed() ends it.  FALSE: no more parts wanted. */
gboolean           ferry_file_pane_add_remote_batch   (FerryFilePane *self,
                                                       const char    *path,
                                                       GPtrArray     *entries,
                                                       gboolean       first);
/* Remote panes: empty the list and show a placeholder instead (NULL
 * @title: back to the list). */
void               ferry_file_pane_set_placeholder    (FerryFilePane *self,
                                                       const char    *icon_name,
                                                       const char    *title,
                                                       const char    *description);
/* Ends a remote load that failed: keeps the old rows, but never the
 * first rows of the failed listing. */
void               ferry_file_pane_load_failed        (FerryFilePane *self);

void               ferry_file_pane_set_show_hidden    (FerryFilePane *self,
                                                       gboolean       show_hidden);

/* The rows in view order (after filter and sort). */
GListModel        *ferry_file_pane_get_model          (FerryFilePane *self);
GtkSelectionModel *ferry_file_pane_get_selection_model (FerryFilePane *self);
/* Selected FerryFileItems (owned refs), in view order. */
GPtrArray         *ferry_file_pane_get_selected_items (FerryFilePane *self);
/* Selects the row named @name only; FALSE when there is none. */
gboolean           ferry_file_pane_select_name        (FerryFilePane *self,
                                                       const char    *name);
/* The item with full path @path, or NULL. */
FerryFileItem     *ferry_file_pane_lookup             (FerryFilePane *self,
                                                       const char    *path);
GtkWidget         *ferry_file_pane_get_column_view    (FerryFilePane *self);
void               ferry_file_pane_focus_path_entry   (FerryFilePane *self);
void               ferry_file_pane_focus_list         (FerryFilePane *self);
/* The context menu (right-click, Menu key, Shift+F10). */
void               ferry_file_pane_popup_menu         (FerryFilePane *self);
GtkPopover        *ferry_file_pane_get_context_menu   (FerryFilePane *self);

G_END_DECLS
