/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "ferry-listing.h"
#include "ferry-path.h"
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

/* ---- account (332 / 532) ----------------------------------------------- */

void
ferry_session_set_account_func (FerrySession     *self,
                                FerryAccountFunc  func,
                                gpointer          user_data,
                                GDestroyNotify    destroy)
{
  g_return_if_fail (FERRY_IS_SESSION (self));

  if (self->account_destroy != NULL)
    self->account_destroy (self->account_data);
  self->account_func = func;
  self->account_data = user_data;
  self->account_destroy = destroy;
}

void
ferry_session_commands_finalize (FerrySession *self)
{
  ferry_session_set_account_func (self, NULL, NULL, NULL);
}

FerryReply *
ferry_session_send_account (FerrySession      *self,
                            const FerryReply  *asking,
                            GCancellable      *cancellable,
                            GError           **error)
{
  g_autofree char *account = NULL;
  g_autofree char *command = NULL;
  FerryReply *reply;
  const char *user = self->site != NULL && self->site->user != NULL && self->site->user[0] != '\0'
                     ? self->site->user : "anonymous";

  if (self->account_func != NULL)
    account = self->account_func (user, asking->text, self->account_data);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  if (account == NULL)
    {
      g_set_error (error, FERRY_FTP_ERROR, asking->code,
                   "%u The server requires an account (ACCT) and none was given: %s",
                   asking->code, asking->message);
      return NULL;
    }
  if (!ferry_session_argument_is_safe (account, error))
    return NULL;

  /* Logged as "ACCT ****" by ferry_session_send_command. */
  command = g_strdup_printf ("ACCT %s", account);
  reply = ferry_session_command (self, command, cancellable, error);
  if (reply != NULL && ferry_reply_get_class (reply) == FERRY_REPLY_COMPLETION)
    self->account_sent = TRUE;
  return reply;
}

/* ---- simple commands ----------------------------------------------------- */

gboolean
ferry_session_set_type (FerrySession       *self,
                        FerryTransferType   type,
                        GCancellable       *c,
                        GError            **error)
{
  g_return_val_if_fail (FERRY_IS_SESSION (self), FALSE);

  if (!ferry_session_command_ok (self, type == FERRY_TRANSFER_ASCII ? "TYPE A" : "TYPE I", c, error))
    return FALSE;
  self->ascii = type == FERRY_TRANSFER_ASCII;
  return TRUE;
}

FerryTransferType
ferry_session_get_transfer_type (FerrySession *self)
{
  g_return_val_if_fail (FERRY_IS_SESSION (self), FERRY_TRANSFER_BINARY);
  return self->ascii ? FERRY_TRANSFER_ASCII : FERRY_TRANSFER_BINARY;
}

gboolean
ferry_session_noop (FerrySession *self, GCancellable *c, GError **error)
{
  g_return_val_if_fail (FERRY_IS_SESSION (self), FALSE);
  return ferry_session_command_ok (self, "NOOP", c, error);
}

/* A command whose answer is its text: the reply on @want codes' class. */
static char *
command_text (FerrySession  *self,
              const char    *verb,
              const char    *argument,
              GCancellable  *c,
              GError       **error)
{
  g_autofree char *command = NULL;
  g_autoptr(FerryReply) reply = NULL;

  if (argument != NULL && argument[0] != '\0')
    command = g_strdup_printf ("%s %s", verb, argument);
  else
    command = g_strdup (verb);
  reply = ferry_session_command_expect (self, command, FERRY_REPLY_COMPLETION, c, error);
  if (reply == NULL)
    return NULL;
  return g_strdup (reply->text);
}

char *
ferry_session_syst (FerrySession *self, GCancellable *c, GError **error)
{
  g_autoptr(FerryReply) reply = NULL;

  g_return_val_if_fail (FERRY_IS_SESSION (self), NULL);
  reply = ferry_session_command_expect (self, "SYST", FERRY_REPLY_COMPLETION, c, error);
  if (reply == NULL)
    return NULL;
  return g_strdup (g_strstrip (reply->message));
}

char *
ferry_session_stat (FerrySession *self, const char *path, GCancellable *c, GError **error)
{
  g_return_val_if_fail (FERRY_IS_SESSION (self), NULL);
  return command_text (self, "STAT", path, c, error);
}

char *
ferry_session_help (FerrySession *self, const char *topic, GCancellable *c, GError **error)
{
  g_return_val_if_fail (FERRY_IS_SESSION (self), NULL);
  return command_text (self, "HELP", topic, c, error);
}

char *
ferry_session_site (FerrySession *self, const char *params, GCancellable *c, GError **error)
{
  g_return_val_if_fail (FERRY_IS_SESSION (self) && params != NULL, NULL);
  return command_text (self, "SITE", params, c, error);
}

gboolean
ferry_session_allo (FerrySession *self, guint64 size, GCancellable *c, GError **error)
{
  g_autofree char *command = NULL;
  g_autoptr(FerryReply) reply = NULL;

  g_return_val_if_fail (FERRY_IS_SESSION (self), FALSE);

  command = g_strdup_printf ("ALLO %" G_GUINT64_FORMAT, size);
  reply = ferry_session_command (self, command, c, error);
  if (reply == NULL)
    return FALSE;
  /* 202 "superfluous" is the usual answer: nothing to reserve. */
  if (ferry_reply_get_class (reply) == FERRY_REPLY_COMPLETION)
    return TRUE;
  ferry_reply_set_error (reply, error);
  return FALSE;
}

FerryListEntry *
ferry_session_mlst (FerrySession *self, const char *path, GCancellable *c, GError **error)
{
  g_autofree char *command = NULL;
  g_autoptr(FerryReply) reply = NULL;
  g_auto(GStrv) lines = NULL;

  g_return_val_if_fail (FERRY_IS_SESSION (self) && path != NULL, NULL);

  command = g_strdup_printf ("MLST %s", path);
  reply = ferry_session_command_expect (self, command, FERRY_REPLY_COMPLETION, c, error);
  if (reply == NULL)
    return NULL;

  /* "250-Listing /a/b" / " type=file;size=3; /a/b" / "250 End": the
   * facts are on the line that starts with a space (RFC 3659 7.2); the
   * pathname there is the server's full one, so the entry is named with
   * its last part, as in a listing of its folder. */
  lines = g_strsplit (reply->text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      const char *sep;
      g_autofree char *facts = NULL;
      g_autofree char *base = NULL;
      g_autofree char *rebuilt = NULL;
      FerryListEntry *entry;

      if (line[0] != ' ')
        continue;
      line++;
      sep = strstr (line, "; ");
      if (sep == NULL)
        continue;
      facts = g_strndup (line, sep + 1 - line);
      base = ferry_path_remote_basename (sep + 2);
      if (base == NULL || base[0] == '\0')
        base = g_strdup (".");
      rebuilt = g_strdup_printf ("%s %s", facts, base);
      entry = ferry_listing_parse_mlsd_line (rebuilt, strlen (rebuilt));
      if (entry != NULL)
        return entry;
    }
  g_set_error (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_PROTOCOL,
               "Cannot read the facts of “%s” from the server's MLST reply", path);
  return NULL;
}

gboolean
ferry_session_mfmt (FerrySession *self, const char *path, GDateTime *mtime,
                    GCancellable *c, GError **error)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autofree char *stamp = NULL;
  g_autofree char *command = NULL;

  g_return_val_if_fail (FERRY_IS_SESSION (self) && path != NULL && mtime != NULL, FALSE);

  utc = g_date_time_to_utc (mtime);
  stamp = g_date_time_format (utc, "%Y%m%d%H%M%S");
  command = g_strdup_printf ("MFMT %s %s", stamp, path);
  return ferry_session_command_ok (self, command, c, error);
}

/* RFC 959: REIN ends the login (and resets TYPE, MODE, STRU) but keeps
 * the connection; the server answers 220 (maybe after a 120).  We log in
 * again at once: a session is always logged in, and back in TYPE I. */
gboolean
ferry_session_rein (FerrySession *self, GCancellable *c, GError **error)
{
  g_return_val_if_fail (FERRY_IS_SESSION (self), FALSE);

  if (!ferry_session_send_command (self, "REIN", c, error))
    return FALSE;
  for (;;)
    {
      g_autoptr(FerryReply) reply = ferry_session_read_reply (self, c, error);

      if (reply == NULL)
        return FALSE;
      if (reply->code == 120 || ferry_reply_get_class (reply) == FERRY_REPLY_PRELIMINARY)
        continue;
      if (ferry_reply_get_class (reply) != FERRY_REPLY_COMPLETION)
        {
          ferry_reply_set_error (reply, error);
          return FALSE;
        }
      break;
    }
  self->ascii = FALSE;
  self->account_sent = FALSE;
  if (!ferry_session_login (self, c, error))
    return FALSE;
  /* Back to what ferry_session_open set up.  MODE S and STRU F are the
   * defaults a server comes back to; a server that does not know them
   * (some answer 502) is fine. */
  if (!ferry_session_command_ok (self, "TYPE I", c, error))
    return FALSE;
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(FerryReply) reply = ferry_session_command (self, i == 0 ? "MODE S" : "STRU F", c, error);
      if (reply == NULL)
        return FALSE;
    }
  if (ferry_session_has_feature (self, "UTF8"))
    {
      g_autoptr(FerryReply) reply = ferry_session_command (self, "OPTS UTF8 ON", c, error);
      if (reply == NULL)
        return FALSE;
    }
  return TRUE;
}
