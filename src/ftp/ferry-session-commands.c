/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "ferry-session-private.h"

/* "257 "/a ""quoted"" dir" created": the path is between the first quote
 * and the next single quote; doubled quotes stand for one. */
static char *
parse_257_path (const FerryReply  *reply,
                GError           **error)
{
  const char *p = strchr (reply->message, '"');
  g_autoptr(GString) path = g_string_new (NULL);

  if (p == NULL)
    goto bad;
  for (p++; *p != '\0'; p++)
    {
      if (*p == '"')
        {
          if (p[1] != '"')
            return g_string_free (g_steal_pointer (&path), FALSE);
          p++;
        }
      g_string_append_c (path, *p);
    }

bad:
  g_set_error (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_PROTOCOL,
               "Cannot read the directory from the server's reply “%s”", reply->message);
  return NULL;
}

char *
ferry_session_pwd (FerrySession  *self,
                   GCancellable  *c,
                   GError       **error)
{
  g_autoptr(FerryReply) reply = NULL;

  g_return_val_if_fail (FERRY_IS_SESSION (self), NULL);

  reply = ferry_session_command_expect (self, "PWD", FERRY_REPLY_COMPLETION, c, error);
  if (reply == NULL)
    return NULL;
  return parse_257_path (reply, error);
}

gboolean
ferry_session_cwd (FerrySession *self, const char *path, GCancellable *c, GError **error)
{
  g_return_val_if_fail (FERRY_IS_SESSION (self) && path != NULL, FALSE);
  return ferry_session_command_with_path_ok (self, "CWD", path, c, error);
}

gboolean
ferry_session_cdup (FerrySession *self, GCancellable *c, GError **error)
{
  g_return_val_if_fail (FERRY_IS_SESSION (self), FALSE);
  return ferry_session_command_ok (self, "CDUP", c, error);
}

gboolean
ferry_session_mkdir (FerrySession *self, const char *path, GCancellable *c, GError **error)
{
  g_return_val_if_fail (FERRY_IS_SESSION (self) && path != NULL, FALSE);
  return ferry_session_command_with_path_ok (self, "MKD", path, c, error);
}

gboolean
ferry_session_rmdir (FerrySession *self, const char *path, GCancellable *c, GError **error)
{
  g_return_val_if_fail (FERRY_IS_SESSION (self) && path != NULL, FALSE);
  return ferry_session_command_with_path_ok (self, "RMD", path, c, error);
}

gboolean
ferry_session_delete (FerrySession *self, const char *path, GCancellable *c, GError **error)
{
  g_return_val_if_fail (FERRY_IS_SESSION (self) && path != NULL, FALSE);
  return ferry_session_command_with_path_ok (self, "DELE", path, c, error);
}

gboolean
ferry_session_rename (FerrySession *self, const char *from, const char *to,
                      GCancellable *c, GError **error)
{
  g_autofree char *rnfr = NULL;
  g_autoptr(FerryReply) reply = NULL;

  g_return_val_if_fail (FERRY_IS_SESSION (self) && from != NULL && to != NULL, FALSE);

  /* Check both before sending either: a refused RNTO must not leave the
   * server waiting for one. */
  if (!ferry_session_argument_is_safe (from, error) || !ferry_session_argument_is_safe (to, error))
    return FALSE;
  rnfr = g_strdup_printf ("RNFR %s", from);
  reply = ferry_session_command_expect (self, rnfr, FERRY_REPLY_INTERMEDIATE, c, error);
  if (reply == NULL)
    return FALSE;
  return ferry_session_command_with_path_ok (self, "RNTO", to, c, error);
}

gint64
ferry_session_size (FerrySession *self, const char *path, GCancellable *c, GError **error)
{
  g_autofree char *command = NULL;
  g_autoptr(FerryReply) reply = NULL;
  guint64 size;
  char *end = NULL;

  g_return_val_if_fail (FERRY_IS_SESSION (self) && path != NULL, -1);

  command = g_strdup_printf ("SIZE %s", path);
  reply = ferry_session_command_expect (self, command, FERRY_REPLY_COMPLETION, c, error);
  if (reply == NULL)
    return -1;
  size = g_ascii_strtoull (g_strstrip (reply->message), &end, 10);
  if (reply->code != 213 || end == reply->message || *end != '\0' || size > G_MAXINT64)
    {
      g_set_error (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_PROTOCOL,
                   "Cannot read a size from the server's reply “%s”", reply->message);
      return -1;
    }
  return (gint64) size;
}

GDateTime *
ferry_session_mdtm (FerrySession *self, const char *path, GCancellable *c, GError **error)
{
  g_autofree char *command = NULL;
  g_autoptr(FerryReply) reply = NULL;
  int y, mo, d, h, mi, s;
  const char *m;

  g_return_val_if_fail (FERRY_IS_SESSION (self) && path != NULL, NULL);

  command = g_strdup_printf ("MDTM %s", path);
  reply = ferry_session_command_expect (self, command, FERRY_REPLY_COMPLETION, c, error);
  if (reply == NULL)
    return NULL;

  /* "213 YYYYMMDDHHMMSS[.sss]" in UTC (RFC 3659). */
  m = reply->message;
  while (*m == ' ')
    m++;
  if (reply->code == 213 && strlen (m) >= 14 &&
      sscanf (m, "%4d%2d%2d%2d%2d%2d", &y, &mo, &d, &h, &mi, &s) == 6)
    {
      GDateTime *dt = g_date_time_new_utc (y, mo, d, h, mi, s);
      if (dt != NULL)
        return dt;
    }
  g_set_error (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_PROTOCOL,
               "Cannot read a time from the server's reply “%s”", reply->message);
  return NULL;
}
