/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ferry-list-entry.h"

G_BEGIN_DECLS

/*
 * One row of a file pane: a local file (from a GFileInfo) or a remote
 * entry (from a FerryListEntry).  Immutable once made.
 */
#define FERRY_TYPE_FILE_ITEM (ferry_file_item_get_type ())
G_DECLARE_FINAL_TYPE (FerryFileItem, ferry_file_item, FERRY, FILE_ITEM, GObject)

FerryFileItem  *ferry_file_item_new_local   (GFile *parent, GFileInfo *info);
FerryFileItem  *ferry_file_item_new_remote  (const char *dir, const FerryListEntry *entry);

/* The name as it came: file system bytes or the server's bytes. */
const char     *ferry_file_item_get_name          (FerryFileItem *self);
/* Valid UTF-8, for the screen. */
const char     *ferry_file_item_get_display_name  (FerryFileItem *self);
/* Full local path or full remote path. */
const char     *ferry_file_item_get_path          (FerryFileItem *self);
gboolean        ferry_file_item_get_is_dir        (FerryFileItem *self);
FerryEntryType  ferry_file_item_get_entry_type    (FerryFileItem *self);
gint64          ferry_file_item_get_size          (FerryFileItem *self);
/* UTC or NULL. */
GDateTime      *ferry_file_item_get_mtime         (FerryFileItem *self);
GIcon          *ferry_file_item_get_icon          (FerryFileItem *self);
/* "rwxr-xr-x" style or NULL. */
const char     *ferry_file_item_get_permissions   (FerryFileItem *self);
/* The local GFile, or NULL for a remote item. */
GFile          *ferry_file_item_get_file          (FerryFileItem *self);

G_END_DECLS
