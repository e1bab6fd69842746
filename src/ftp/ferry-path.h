/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* TRUE when a server-supplied @name may become one local path component:
 * not empty, not "." or "..", no '/', '\\', NUL or control characters,
 * and not over NAME_MAX bytes. */
gboolean  ferry_path_name_is_safe   (const char *name);

/* The only way a local path is built from a server-supplied name:
 * returns "@dir/@name" or NULL with FERRY_FTP_ERROR_UNSAFE_NAME. */
char     *ferry_path_local_child    (const char  *dir,
                                     const char  *name,
                                     GError     **error);

/* Joins a remote directory and a name with exactly one '/'. */
char     *ferry_path_remote_join    (const char *dir,
                                     const char *name);

/* The parent of a remote path ("/a/b" → "/a", "/a" → "/", "/" → "/"). */
char     *ferry_path_remote_parent  (const char *path);

/* The last component of a remote path ("/a/b.txt" → "b.txt"). */
char     *ferry_path_remote_basename (const char *path);

G_END_DECLS
