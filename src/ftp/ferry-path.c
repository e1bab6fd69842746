/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "ferry-ftp-error.h"
#include "ferry-path.h"

/* NAME_MAX on Linux; spelled out so the rule is the same everywhere. */
#define FERRY_PATH_NAME_MAX 255

gboolean
ferry_path_name_is_safe (const char *name)
{
  gsize len;

  if (name == NULL || name[0] == '\0')
    return FALSE;
  if (strcmp (name, ".") == 0 || strcmp (name, "..") == 0)
    return FALSE;

  len = 0;
  for (const guchar *p = (const guchar *) name; *p != '\0'; p++, len++)
    {
      if (*p == '/' || *p == '\\' || *p < 0x20 || *p == 0x7f)
        return FALSE;
    }

  return len <= FERRY_PATH_NAME_MAX;
}

char *
ferry_path_local_child (const char  *dir,
                        const char  *name,
                        GError     **error)
{
  g_return_val_if_fail (dir != NULL, NULL);

  if (!ferry_path_name_is_safe (name))
    {
      g_autofree char *shown = NULL;

      /* Escaped so a name built to fool the reader (CR, escape codes)
       * shows up as what it is. */
      if (name != NULL && strlen (name) > FERRY_PATH_NAME_MAX)
        {
          g_autofree char *head = g_strndup (name, 64);
          g_autofree char *esc = g_strescape (head, NULL);
          shown = g_strconcat (esc, "…", NULL);
        }
      else
        shown = g_strescape (name ? name : "", NULL);

      g_set_error (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_UNSAFE_NAME,
                   _("Refusing unsafe file name from the server: “%s”"), shown);
      return NULL;
    }

  return g_build_filename (dir, name, NULL);
}

char *
ferry_path_remote_join (const char *dir,
                        const char *name)
{
  gsize dlen;

  g_return_val_if_fail (name != NULL, NULL);

  if (dir == NULL || dir[0] == '\0')
    return g_strdup (name);

  while (name[0] == '/')
    name++;

  dlen = strlen (dir);
  while (dlen > 1 && dir[dlen - 1] == '/')
    dlen--;

  if (dlen == 1 && dir[0] == '/')
    return g_strconcat ("/", name, NULL);

  return g_strdup_printf ("%.*s/%s", (int) dlen, dir, name);
}

/* Length of @path without trailing slashes, keeping a lone "/". */
static gsize
trimmed_length (const char *path)
{
  gsize len = strlen (path);

  while (len > 1 && path[len - 1] == '/')
    len--;
  return len;
}

char *
ferry_path_remote_parent (const char *path)
{
  gsize len;

  g_return_val_if_fail (path != NULL, NULL);

  len = trimmed_length (path);
  if (len == 0)
    return g_strdup ("/");
  if (len == 1 && path[0] == '/')
    return g_strdup ("/");

  while (len > 0 && path[len - 1] != '/')
    len--;
  /* "name" (relative, no slash) → "." would be wrong for FTP where the
   * working directory is implied; "" keeps it relative. */
  if (len == 0)
    return g_strdup ("");
  while (len > 1 && path[len - 1] == '/')
    len--;

  return g_strndup (path, len);
}

char *
ferry_path_remote_basename (const char *path)
{
  gsize len;
  gsize start;

  g_return_val_if_fail (path != NULL, NULL);

  len = trimmed_length (path);
  if (len == 1 && path[0] == '/')
    return g_strdup ("/");

  start = len;
  while (start > 0 && path[start - 1] != '/')
    start--;

  return g_strndup (path + start, len - start);
}
