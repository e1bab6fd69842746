/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ferry-list-entry.h"

G_BEGIN_DECLS

/*
 * One row of a file pane: a local file (from a GFileInfo) or a remote
 * entry (from a FerryListEntry).  Immutable once made, and made off the
 * main thread: the constructors are thread-safe and compute the sort key
 * of the name there, so that sorting 100,000 rows only compares bytes.
 * What only a shown row needs (its icon, a local GFile) is made on first
 * use, on the main thread.  About 200 bytes an entry.
 */
#define FERRY_TYPE_FILE_ITEM (ferry_file_item_get_type ())
G_DECLARE_FINAL_TYPE (FerryFileItem, ferry_file_item, FERRY, FILE_ITEM, GObject)

/* @parent_path: the folder, in file system encoding. */
FerryFileItem  *ferry_file_item_new_local   (const char *parent_path, GFileInfo *info);
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
/* Seconds since the epoch (UTC), or G_MININT64 when unknown. */
gint64          ferry_file_item_get_mtime_unix    (FerryFileItem *self);
/* UTC (a new reference) or NULL. */
GDateTime      *ferry_file_item_dup_mtime         (FerryFileItem *self);
/* Main thread: looked up on first use, shared by all files of one extension. */
GIcon          *ferry_file_item_get_icon          (FerryFileItem *self);
/* "rwxr-xr-x" style or NULL. */
const char     *ferry_file_item_get_permissions   (FerryFileItem *self);
/* Main thread: the local GFile (made on first use), or NULL for a remote item. */
GFile          *ferry_file_item_get_file          (FerryFileItem *self);
/* The name's collation key (g_utf8_collate_key_for_filename of the
 * case-folded display name): strcmp() of two keys orders two names. */
const char     *ferry_file_item_get_sort_key      (FerryFileItem *self);

G_END_DECLS
