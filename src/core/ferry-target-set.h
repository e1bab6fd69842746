/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/*
 * Which transfer writes which file, so that a file is written by at most
 * one at a time.  A listing that names an entry twice, or two names that
 * a file system may store as one ("File.txt" and "file.txt" on exFAT, NTFS,
 * SMB or a case-insensitive server; two Unicode forms of "é"; "a." and
 * "a" on Windows shares), would otherwise have two connections write into
 * one .part (or one remote file) at once.  Such names share a key here:
 * the second transfer waits for the first and then meets its file through
 * the overwrite rule, like any existing file.  Whether the names really
 * were one file is found out on the real target folder, from the file the
 * first one wrote, and told in a note for the log.  Main thread only.
 */
typedef enum
{
  FERRY_TARGET_LOCAL,    /* a download's local file */
  FERRY_TARGET_REMOTE,   /* an upload's remote file */
} FerryTargetSide;

#define FERRY_TYPE_TARGET_SET (ferry_target_set_get_type ())
G_DECLARE_FINAL_TYPE (FerryTargetSet, ferry_target_set, FERRY, TARGET_SET, GObject)

FerryTargetSet *ferry_target_set_new      (void);

/* TRUE when another owner writes @path, or a name that may be stored as
 * the same file: @owner must wait.  Remembers that someone waits, so that
 * the owner's file is looked at when it is released. */
gboolean        ferry_target_set_is_busy  (FerryTargetSet  *self,
                                           FerryTargetSide  side,
                                           const char      *path,
                                           gconstpointer    owner);

/* @owner (not busy, see above) writes @path from now on.  *note gets a
 * translated line for the log when @path had to wait for another name:
 * which one, and whether the target folder stores both as one file. */
void            ferry_target_set_claim    (FerryTargetSet  *self,
                                           FerryTargetSide  side,
                                           const char      *path,
                                           gconstpointer    owner,
                                           char           **note);

/* @owner is done with its path (@written: the file is complete there).
 * Nothing happens when it holds none. */
void            ferry_target_set_release  (FerryTargetSet  *self,
                                           gconstpointer    owner,
                                           gboolean         written);

G_END_DECLS
