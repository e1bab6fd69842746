/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ferry-data-connection.h"
#include "ferry-session-private.h"

static gboolean
read_greeting (FerrySession  *self,
               GCancellable  *cancellable,
               GError       **error)
{
  for (;;)
    {
      g_autoptr(FerryReply) reply = ferry_session_read_reply (self, cancellable, error);

      if (reply == NULL)
        return FALSE;
      /* 120: "ready in nnn minutes" — a 220 follows. */
      if (reply->code == 120 || ferry_reply_get_class (reply) == FERRY_REPLY_PRELIMINARY)
        continue;
      if (ferry_reply_get_class (reply) == FERRY_REPLY_COMPLETION)
        return TRUE;
      ferry_reply_set_error (reply, error);
      ferry_session_drop (self);
      return FALSE;
    }
}

static gboolean
login (FerrySession  *self,
       GCancellable  *cancellable,
       GError       **error)
{
  gboolean anonymous = self->site->user == NULL || self->site->user[0] == '\0';
  const char *user = anonymous ? "anonymous" : self->site->user;
  const char *password = self->site->password;
  g_autofree char *user_command = NULL;
  g_autofree char *pass_command = NULL;
  g_autoptr(FerryReply) reply = NULL;

  if (password == NULL && anonymous)
    password = "anonymous@";
  if (!ferry_session_argument_is_safe (user, error) ||
      (password != NULL && !ferry_session_argument_is_safe (password, error)))
    return FALSE;

  user_command = g_strdup_printf ("USER %s", user);
  reply = ferry_session_command (self, user_command, cancellable, error);
  if (reply == NULL)
    return FALSE;
  if (reply->code == 230 || reply->code == 202)
    return TRUE;
  if (reply->code == 331)
    {
      g_clear_pointer (&reply, ferry_reply_free);
      pass_command = password != NULL && password[0] != '\0'
                     ? g_strdup_printf ("PASS %s", password)
                     : g_strdup ("PASS");
      reply = ferry_session_command (self, pass_command, cancellable, error);
      if (reply == NULL)
        return FALSE;
      if (reply->code == 230 || reply->code == 202)
        return TRUE;
    }
  if (reply->code == 332)
    {
      /* "Need account for login": ask for one (ferry-session-commands.c). */
      g_autoptr(FerryReply) asking = g_steal_pointer (&reply);

      reply = ferry_session_send_account (self, asking, cancellable, error);
      if (reply == NULL)
        return FALSE;
      if (reply->code == 230 || reply->code == 202)
        return TRUE;
    }
  ferry_reply_set_error (reply, error);
  return FALSE;
}

gboolean
ferry_session_login (FerrySession  *self,
                     GCancellable  *cancellable,
                     GError       **error)
{
  return login (self, cancellable, error);
}

/* FALSE only when the connection failed; a server without FEAT simply
 * has no features. */
static gboolean
read_features (FerrySession  *self,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autoptr(FerryReply) reply = NULL;
  g_auto(GStrv) lines = NULL;

  g_hash_table_remove_all (self->features);
  reply = ferry_session_command (self, "FEAT", cancellable, error);
  if (reply == NULL)
    return FALSE;
  if (reply->code != 211)
    return TRUE;

  /* "211-Features:" / " MLSD" / " REST STREAM" / "211 End": the features
   * are the lines between the first and the last. */
  lines = g_strsplit (reply->text, "\n", -1);
  for (guint i = 1; lines[i] != NULL && lines[i + 1] != NULL; i++)
    {
      const char *line = lines[i];
      const char *end;

      while (*line == ' ')
        line++;
      if (*line == '\0')
        continue;
      end = line;
      while (*end != '\0' && *end != ' ')
        end++;
      g_hash_table_replace (self->features,
                            g_ascii_strup (line, end - line),
                            g_strdup (*end == ' ' ? end + 1 : ""));
    }
  return TRUE;
}

/* Explicit FTPS (RFC 4217): AUTH TLS, then the handshake.  A server that
 * refuses is an error: the user asked for encryption, and the password
 * must never go out in the clear instead. */
static gboolean
auth_tls (FerrySession  *self,
          GCancellable  *cancellable,
          GError       **error)
{
  g_autoptr(FerryReply) reply = ferry_session_command (self, "AUTH TLS", cancellable, error);

  if (reply == NULL)
    return FALSE;
  if (ferry_reply_get_class (reply) != FERRY_REPLY_COMPLETION)
    {
      g_set_error (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_TLS,
                   "The server refuses TLS (AUTH TLS: %u %s); "
                   "not continuing without encryption",
                   reply->code, reply->message);
      return FALSE;
    }
  return ferry_session_start_tls (self, cancellable, error);
}

/* PBSZ 0 and PROT P: data connections protected too.  A server that will
 * not is an error rather than a silent clear-text transfer. */
static gboolean
protect_data (FerrySession  *self,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!ferry_session_command_ok (self, "PBSZ 0", cancellable, &local_error) ||
      !ferry_session_command_ok (self, "PROT P", cancellable, &local_error))
    {
      if (!ferry_session_is_open (self) ||
          g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_TLS,
                     "The server will not protect data connections: %s",
                     local_error->message);
      return FALSE;
    }
  return TRUE;
}

/* What a new connection starts from. */
static void
reset_for_site (FerrySession    *self,
                const FerrySite *site)
{
  ferry_session_drop (self);
  g_clear_pointer (&self->site, ferry_site_free);
  self->site = ferry_site_copy (site);
  self->timeout = site->timeout > 0 ? site->timeout : FERRY_SESSION_DEFAULT_TIMEOUT;
  self->epsv_refused = FALSE;
  self->eprt_refused = FALSE;
  self->ascii = FALSE;          /* a new login is in TYPE I */
  self->account_sent = FALSE;
  g_hash_table_remove_all (self->features);

  g_clear_object (&self->client);
  self->client = g_socket_client_new ();
  g_socket_client_set_timeout (self->client, self->timeout);
  /* A proxy would send our traffic somewhere else than the user asked. */
  g_socket_client_set_enable_proxy (self->client, FALSE);
}

/* Everything after the connect, on self->connection. */
static gboolean
start_on_connection (FerrySession     *self,
                     const FerrySite  *site,
                     GCancellable     *cancellable,
                     GError          **error)
{
  /* Also bounds every read: a silent server ends in TIMED_OUT, not a hang. */
  g_socket_set_timeout (g_socket_connection_get_socket (self->connection), self->timeout);
  g_socket_set_keepalive (g_socket_connection_get_socket (self->connection), TRUE);

  self->stream = g_object_ref (G_IO_STREAM (self->connection));
  self->reader = ferry_line_reader_new (g_io_stream_get_input_stream (self->stream),
                                        FERRY_REPLY_MAX_LINE + 2);
  ferry_reply_parser_reset (self->parser);
  /* The first reply is the greeting. */
  ferry_reply_sequence_begin (self->sequence, NULL);

  /* Implicit FTPS: TLS from the first byte, the greeting included. */
  if (site->protocol == FERRY_PROTOCOL_FTPS &&
      !ferry_session_start_tls (self, cancellable, error))
    goto fail;

  if (!read_greeting (self, cancellable, error))
    goto fail;

  if (site->protocol == FERRY_PROTOCOL_FTPES &&
      !auth_tls (self, cancellable, error))
    goto fail;

  if (!login (self, cancellable, error))
    goto fail;

  if (site->protocol != FERRY_PROTOCOL_FTP &&
      !protect_data (self, cancellable, error))
    goto fail;

  if (!read_features (self, cancellable, error))
    goto fail;

  if (ferry_session_has_feature (self, "UTF8"))
    {
      g_autoptr(FerryReply) reply = ferry_session_command (self, "OPTS UTF8 ON", cancellable, error);
      if (reply == NULL)
        goto fail;
    }

  if (!ferry_session_command_ok (self, "TYPE I", cancellable, error))
    goto fail;

  if (site->path != NULL && site->path[0] != '\0' &&
      !ferry_session_cwd (self, site->path, cancellable, error))
    goto fail;

  return TRUE;

fail:
  ferry_session_drop (self);
  return FALSE;
}

gboolean
ferry_session_open (FerrySession     *self,
                    const FerrySite  *site,
                    GCancellable     *cancellable,
                    GError          **error)
{
  g_autoptr(GSocketConnectable) address = NULL;
  guint16 port;

  g_return_val_if_fail (FERRY_IS_SESSION (self), FALSE);
  g_return_val_if_fail (site != NULL && site->host != NULL, FALSE);

  reset_for_site (self, site);
  port = ferry_site_get_port (site);
  ferry_session_logf (self, FERRY_LOG_INFO, "Connecting to %s port %u", site->host, port);
  address = g_network_address_new (site->host, port);
  self->connection = g_socket_client_connect (self->client, address, cancellable, error);
  if (self->connection == NULL)
    {
      ferry_session_control_failed (self, error);
      return FALSE;
    }
  return start_on_connection (self, site, cancellable, error);
}

gboolean
ferry_session_open_connection (FerrySession       *self,
                               const FerrySite    *site,
                               GSocketConnection  *connection,
                               GCancellable       *cancellable,
                               GError            **error)
{
  g_return_val_if_fail (FERRY_IS_SESSION (self), FALSE);
  g_return_val_if_fail (site != NULL && G_IS_SOCKET_CONNECTION (connection), FALSE);

  reset_for_site (self, site);
  self->connection = g_object_ref (connection);
  return start_on_connection (self, site, cancellable, error);
}

void
ferry_session_close (FerrySession *self)
{
  g_return_if_fail (FERRY_IS_SESSION (self));

  if (self->stream != NULL)
    {
      g_autoptr(FerryReply) reply = NULL;

      /* A polite QUIT, but a server that does not answer must not hold
       * up the caller for the full timeout. */
      g_socket_set_timeout (g_socket_connection_get_socket (self->connection),
                            FERRY_SESSION_QUIT_TIMEOUT);
      reply = ferry_session_command (self, "QUIT", NULL, NULL);
    }
  ferry_session_drop (self);
}

void
ferry_session_close_nowait (FerrySession *self)
{
  g_return_if_fail (FERRY_IS_SESSION (self));

  /* The QUIT still goes out, so the server ends the session as asked
   * rather than at a dropped connection.  It is not lost to a reset:
   * every earlier reply was read, so until the 221 arrives our close
   * sends a FIN; once it has, the server has read the QUIT already. */
  if (self->stream != NULL)
    {
      g_socket_set_timeout (g_socket_connection_get_socket (self->connection),
                            FERRY_SESSION_QUIT_TIMEOUT);
      ferry_session_send_command (self, "QUIT", NULL, NULL);
    }
  ferry_session_drop (self);
}
