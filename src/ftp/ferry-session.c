/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "ferry-address.h"
#include "ferry-data-connection.h"
#include "ferry-listing.h"
#include "ferry-session-private.h"

G_DEFINE_FINAL_TYPE (FerrySession, ferry_session, G_TYPE_OBJECT)

void
ferry_session_drop (FerrySession *self)
{
  g_clear_pointer (&self->reader, ferry_line_reader_free);
  if (self->stream != NULL)
    g_io_stream_close (self->stream, NULL, NULL);
  g_clear_object (&self->stream);
  g_clear_object (&self->connection);
  if (self->parser != NULL)
    ferry_reply_parser_reset (self->parser);
  if (self->sequence != NULL)
    ferry_reply_sequence_reset (self->sequence);
}

static void
ferry_session_finalize (GObject *object)
{
  FerrySession *self = FERRY_SESSION (object);

  ferry_session_drop (self);
  ferry_session_tls_finalize (self);
  ferry_session_commands_finalize (self);
  g_clear_object (&self->client);
  g_clear_pointer (&self->parser, ferry_reply_parser_free);
  g_clear_pointer (&self->sequence, ferry_reply_sequence_free);
  g_clear_pointer (&self->features, g_hash_table_unref);
  g_clear_pointer (&self->site, ferry_site_free);
  if (self->log_destroy != NULL)
    self->log_destroy (self->log_data);

  G_OBJECT_CLASS (ferry_session_parent_class)->finalize (object);
}

static void
ferry_session_class_init (FerrySessionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ferry_session_finalize;
}

static void
ferry_session_init (FerrySession *self)
{
  self->parser = ferry_reply_parser_new ();
  self->sequence = ferry_reply_sequence_new ();
  self->features = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->timeout = FERRY_SESSION_DEFAULT_TIMEOUT;
}

FerrySession *
ferry_session_new (void)
{
  return g_object_new (FERRY_TYPE_SESSION, NULL);
}

void
ferry_session_set_log_func (FerrySession   *self,
                            FerryLogFunc    func,
                            gpointer        user_data,
                            GDestroyNotify  destroy)
{
  g_return_if_fail (FERRY_IS_SESSION (self));

  if (self->log_destroy != NULL)
    self->log_destroy (self->log_data);
  self->log_func = func;
  self->log_data = user_data;
  self->log_destroy = destroy;
}

void
ferry_session_log (FerrySession *self,
                   FerryLogKind  kind,
                   guint         code,
                   const char   *text)
{
  g_autofree char *valid = NULL;

  if (self->log_func == NULL)
    return;
  /* Server text may be in any encoding; the log wants UTF-8. */
  valid = g_utf8_make_valid (text, -1);
  self->log_func (kind, code, valid, self->log_data);
}

void G_GNUC_PRINTF (3, 4)
ferry_session_logf (FerrySession *self,
                    FerryLogKind  kind,
                    const char   *format,
                    ...)
{
  g_autofree char *text = NULL;
  va_list args;

  if (self->log_func == NULL)
    return;
  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  ferry_session_log (self, kind, 0, text);
}

gboolean
ferry_session_is_open (FerrySession *self)
{
  g_return_val_if_fail (FERRY_IS_SESSION (self), FALSE);
  return self->stream != NULL;
}

const FerrySite *
ferry_session_get_site (FerrySession *self)
{
  g_return_val_if_fail (FERRY_IS_SESSION (self), NULL);
  return self->site;
}

gboolean
ferry_session_has_feature (FerrySession *self,
                           const char   *feature)
{
  g_autofree char *key = NULL;
  const char *space;

  g_return_val_if_fail (FERRY_IS_SESSION (self), FALSE);
  g_return_val_if_fail (feature != NULL, FALSE);

  space = strchr (feature, ' ');
  key = g_ascii_strup (feature, space ? space - feature : -1);
  return g_hash_table_contains (self->features, key);
}

gboolean
ferry_session_check_open (FerrySession  *self,
                          GError       **error)
{
  if (self->stream != NULL)
    return TRUE;
  g_set_error_literal (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_NOT_CONNECTED,
                       "Not connected");
  return FALSE;
}

/* Any failure on the control connection leaves it in an unknown state
 * (half a reply read, a command half sent): it is closed, and the error
 * says why in this engine's terms. */
void
ferry_session_control_failed (FerrySession  *self,
                              GError       **error)
{
  ferry_data_connection_map_error (error);
  if (error != NULL && *error != NULL &&
      !g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    ferry_session_log (self, FERRY_LOG_ERROR, 0, (*error)->message);
  ferry_session_drop (self);
}

gboolean
ferry_session_argument_is_safe (const char  *text,
                                GError     **error)
{
  if (strpbrk (text, "\r\n") == NULL)
    return TRUE;
  g_set_error_literal (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_BAD_ARGUMENT,
                       "Refusing to send a command that contains a line break");
  return FALSE;
}

static FerryReply *read_one_reply (FerrySession  *self,
                                   GCancellable  *cancellable,
                                   GError       **error);

/* A reply waiting before we send a command answers nothing we asked (a
 * second 226, ABOR's late 226): it is read now, without blocking, and
 * logged, so that the command's own reply is the next one.  A reply that
 * has begun is read to its end (bounded by the timeout). */
static gboolean
drain_stray_replies (FerrySession  *self,
                     GCancellable  *cancellable,
                     GError       **error)
{
  for (;;)
    {
      g_autoptr(FerryReply) reply = NULL;

      if (!ferry_reply_parser_is_partial (self->parser) &&
          !ferry_line_reader_has_buffered (self->reader))
        {
          if (!ferry_line_reader_fill_nonblocking (self->reader, error))
            {
              ferry_session_control_failed (self, error);
              return FALSE;
            }
          if (!ferry_line_reader_has_buffered (self->reader))
            return TRUE;
        }

      reply = read_one_reply (self, cancellable, error);
      if (reply == NULL)
        return FALSE;
      ferry_session_logf (self, FERRY_LOG_ERROR,
                          "Unexpected reply %03u: no command was waiting for it (after %s); ignored",
                          reply->code, ferry_reply_sequence_get_verb (self->sequence));
      if (reply->code == 421)
        {
          ferry_reply_set_error (reply, error);
          ferry_session_drop (self);
          return FALSE;
        }
    }
}

gboolean
ferry_session_send_command (FerrySession  *self,
                            const char    *command,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_autofree char *line = NULL;
  gsize len;

  if (!ferry_session_argument_is_safe (command, error) || !ferry_session_check_open (self, error))
    return FALSE;
  if (!drain_stray_replies (self, cancellable, error))
    return FALSE;
  ferry_reply_sequence_begin (self->sequence, command);

  /* Never let a password reach the log. */
  if (g_ascii_strncasecmp (command, "PASS", 4) == 0 &&
      (command[4] == ' ' || command[4] == '\0'))
    ferry_session_log (self, FERRY_LOG_COMMAND, 0, "PASS ****");
  else if (g_ascii_strncasecmp (command, "ACCT ", 5) == 0)
    ferry_session_log (self, FERRY_LOG_COMMAND, 0, "ACCT ****");
  else
    ferry_session_log (self, FERRY_LOG_COMMAND, 0, command);

  line = g_strconcat (command, "\r\n", NULL);
  len = strlen (line);
  if (!g_output_stream_write_all (g_io_stream_get_output_stream (self->stream),
                                  line, len, NULL, cancellable, error))
    {
      ferry_session_control_failed (self, error);
      return FALSE;
    }
  return TRUE;
}

static void
log_reply (FerrySession     *self,
           const FerryReply *reply)
{
  g_auto(GStrv) lines = NULL;

  if (self->log_func == NULL)
    return;
  lines = g_strsplit (reply->text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    ferry_session_log (self, FERRY_LOG_REPLY, reply->code, lines[i]);
}

/* Reads and logs one reply, whatever it answers. */
static FerryReply *
read_one_reply (FerrySession  *self,
                GCancellable  *cancellable,
                GError       **error)
{
  for (;;)
    {
      FerryReply *reply = NULL;
      const char *line;
      gsize len;

      if (!ferry_line_reader_read_line (self->reader, &line, &len, cancellable, error) ||
          !ferry_reply_parser_feed (self->parser, line, len, &reply, error))
        {
          ferry_session_control_failed (self, error);
          return NULL;
        }
      if (reply != NULL)
        {
          log_reply (self, reply);
          return reply;
        }
    }
}

/* Reads one reply, 1xx included: one that the command sent may get
 * (ferry-reply-sequence.c).  Any other is an earlier command's, late, or
 * the server's confusion; taking it would put every later reply one
 * command behind, so the connection is closed (OUT_OF_STEP) and the
 * caller's next job starts on a new one. */
FerryReply *
ferry_session_read_reply (FerrySession  *self,
                          GCancellable  *cancellable,
                          GError       **error)
{
  if (!ferry_session_check_open (self, error))
    return NULL;

  {
    FerryReply *reply = read_one_reply (self, cancellable, error);
    gboolean pending = ferry_reply_sequence_is_pending (self->sequence);

    if (reply == NULL)
      return NULL;
    if (ferry_reply_sequence_feed (self->sequence, reply->code) == FERRY_REPLY_OUT_OF_STEP)
      {
        if (pending)
          g_set_error (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_OUT_OF_STEP,
                       "Reply %03u cannot answer %s: the server's replies are out of step "
                       "with the commands; closing the connection",
                       reply->code, ferry_reply_sequence_get_verb (self->sequence));
        else
          g_set_error (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_OUT_OF_STEP,
                       "Reply %03u came when no command was waiting; closing the connection",
                       reply->code);
        ferry_reply_free (reply);
        ferry_session_control_failed (self, error);
        return NULL;
      }
    if (reply->code == 421)
      {
        /* "Service not available, closing control connection" may come
         * at any time; the server is gone after it. */
        ferry_reply_set_error (reply, error);
        ferry_reply_free (reply);
        ferry_session_drop (self);
        return NULL;
      }
    return reply;
  }
}

/* Reads replies until one that is not preliminary. */
FerryReply *
ferry_session_read_final_reply (FerrySession  *self,
                                GCancellable  *cancellable,
                                GError       **error)
{
  for (;;)
    {
      FerryReply *reply = ferry_session_read_reply (self, cancellable, error);

      if (reply == NULL || ferry_reply_get_class (reply) != FERRY_REPLY_PRELIMINARY)
        return reply;
      ferry_reply_free (reply);
    }
}

FerryReply *
ferry_session_command (FerrySession  *self,
                       const char    *command,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_return_val_if_fail (FERRY_IS_SESSION (self), NULL);
  g_return_val_if_fail (command != NULL, NULL);

  if (!ferry_session_send_command (self, command, cancellable, error))
    return NULL;
  return ferry_session_read_final_reply (self, cancellable, error);
}

/* Sends @command and wants a reply of class @want; anything else becomes
 * an error carrying the server's code and text. */
FerryReply *
ferry_session_command_expect (FerrySession     *self,
                              const char       *command,
                              FerryReplyClass   want,
                              GCancellable     *cancellable,
                              GError          **error)
{
  g_autoptr(FerryReply) reply = ferry_session_command (self, command, cancellable, error);

  if (reply == NULL)
    return NULL;
  if (ferry_reply_get_class (reply) != want)
    {
      ferry_reply_set_error (reply, error);
      return NULL;
    }
  return g_steal_pointer (&reply);
}

gboolean
ferry_session_command_ok (FerrySession  *self,
                          const char    *command,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autoptr(FerryReply) reply = ferry_session_command_expect (self, command, FERRY_REPLY_COMPLETION,
                                                cancellable, error);
  return reply != NULL;
}

gboolean
ferry_session_command_with_path_ok (FerrySession  *self,
                                    const char    *verb,
                                    const char    *path,
                                    GCancellable  *cancellable,
                                    GError       **error)
{
  g_autofree char *command = g_strdup_printf ("%s %s", verb, path);
  return ferry_session_command_ok (self, command, cancellable, error);
}

/* ---- data connections ------------------------------------------------- */

static GInetAddress *
control_address (FerrySession *self,
                 gboolean      remote)
{
  g_autoptr(GSocketAddress) address = NULL;

  address = remote ? g_socket_connection_get_remote_address (self->connection, NULL)
                   : g_socket_connection_get_local_address (self->connection, NULL);
  if (address == NULL || !G_IS_INET_SOCKET_ADDRESS (address))
    return NULL;
  return g_object_ref (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address)));
}

static FerryDataConnection *
open_passive (FerrySession  *self,
              GInetAddress  *server_ip,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GSocketAddress) target = NULL;
  guint16 port = 0;
  FerryDataConnection *data;

  if (!self->epsv_refused)
    {
      g_autoptr(FerryReply) reply = ferry_session_command (self, "EPSV", cancellable, error);

      if (reply == NULL)
        return NULL;
      if (reply->code == 229)
        {
          if (!ferry_address_parse_epsv (reply->message, &port, error))
            return NULL;
        }
      else if (ferry_reply_get_class (reply) == FERRY_REPLY_PERMANENT)
        {
          ferry_session_log (self, FERRY_LOG_INFO, 0,
                       "The server refuses EPSV; using PASV from now on");
          self->epsv_refused = TRUE;
        }
      else
        {
          ferry_reply_set_error (reply, error);
          return NULL;
        }
    }

  if (port == 0)
    {
      g_autoptr(FerryReply) reply = NULL;
      g_autofree char *named = NULL;
      g_autofree char *real = NULL;

      if (g_inet_address_get_family (server_ip) != G_SOCKET_FAMILY_IPV4)
        {
          g_set_error_literal (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_PROTOCOL,
                               "The server refuses EPSV, and PASV cannot work over IPv6");
          return NULL;
        }
      reply = ferry_session_command_expect (self, "PASV", FERRY_REPLY_COMPLETION, cancellable, error);
      if (reply == NULL)
        return NULL;
      if (!ferry_address_parse_pasv (reply->message, &named, &port, error))
        return NULL;

      /* Only ever connect to the server we are talking to: a PASV reply
       * naming another host is either NAT confusion or an FTP bounce. */
      real = g_inet_address_to_string (server_ip);
      if (g_strcmp0 (named, real) != 0)
        ferry_session_logf (self, FERRY_LOG_INFO,
                      "The server named %s for the data connection; using %s instead",
                      named, real);
    }

  target = g_inet_socket_address_new (server_ip, port);
  data = ferry_data_connection_connect (self->client, G_INET_SOCKET_ADDRESS (target),
                                        self->timeout, cancellable, error);
  if (data == NULL)
    g_prefix_error (error, "Data connection: ");
  return data;
}

static FerryDataConnection *
open_active (FerrySession  *self,
             GInetAddress  *server_ip,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(GInetAddress) local = control_address (self, FALSE);
  g_autoptr(FerryDataConnection) data = NULL;
  g_autofree char *port_command = NULL;
  gboolean ipv4;
  guint16 port = 0;

  if (local == NULL)
    {
      g_set_error_literal (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_FAILED,
                           "Cannot find the local address for an active data connection");
      return NULL;
    }
  data = ferry_data_connection_listen (local, server_ip, self->timeout, &port, error);
  if (data == NULL)
    return NULL;

  ipv4 = g_inet_address_get_family (local) == G_SOCKET_FAMILY_IPV4;
  if (!ipv4 || (!self->eprt_refused && ferry_session_has_feature (self, "EPRT")))
    {
      g_autofree char *arg = ferry_address_format_eprt (local, port);
      g_autofree char *command = g_strdup_printf ("EPRT %s", arg);
      g_autoptr(FerryReply) reply = ferry_session_command (self, command, cancellable, error);

      if (reply == NULL)
        return NULL;
      if (ferry_reply_get_class (reply) == FERRY_REPLY_COMPLETION)
        return g_steal_pointer (&data);
      if (!ipv4 || ferry_reply_get_class (reply) != FERRY_REPLY_PERMANENT)
        {
          ferry_reply_set_error (reply, error);
          return NULL;
        }
      self->eprt_refused = TRUE;
    }

  {
    g_autofree char *arg = ferry_address_format_port (local, port);
    port_command = g_strdup_printf ("PORT %s", arg);
  }
  if (!ferry_session_command_ok (self, port_command, cancellable, error))
    return NULL;
  return g_steal_pointer (&data);
}

/* Sets up a data connection, sends REST (when @offset > 0) and @command,
 * reads its 1xx and, in active mode, accepts the server's connection.
 * *final_out gets a final reply when the server skipped the 1xx. */
static FerryDataConnection *
transfer_begin (FerrySession   *self,
                const char     *command,
                guint64         offset,
                FerryReply    **final_out,
                GCancellable   *cancellable,
                GError        **error);

static void transfer_abort (FerrySession *self, FerryDataConnection *data);

static FerryDataConnection *
transfer_begin (FerrySession   *self,
                const char     *command,
                guint64         offset,
                FerryReply    **final_out,
                GCancellable   *cancellable,
                GError        **error)
{
  g_autoptr(GInetAddress) server_ip = NULL;
  g_autoptr(FerryDataConnection) data = NULL;
  g_autoptr(FerryReply) reply = NULL;

  *final_out = NULL;
  if (!ferry_session_argument_is_safe (command, error) || !ferry_session_check_open (self, error))
    return NULL;

  server_ip = control_address (self, TRUE);
  if (server_ip == NULL)
    {
      g_set_error_literal (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_FAILED,
                           "Cannot find the server's address");
      return NULL;
    }

  data = self->site->active ? open_active (self, server_ip, cancellable, error)
                            : open_passive (self, server_ip, cancellable, error);
  if (data == NULL)
    return NULL;

  /* REST right before the transfer command: other commands in between
   * may reset the restart marker on some servers. */
  if (offset > 0)
    {
      g_autofree char *rest = g_strdup_printf ("REST %" G_GUINT64_FORMAT, offset);
      g_autoptr(FerryReply) rest_reply = ferry_session_command_expect (self, rest, FERRY_REPLY_INTERMEDIATE,
                                                         cancellable, error);
      if (rest_reply == NULL)
        return NULL;
    }

  if (!ferry_session_send_command (self, command, cancellable, error))
    return NULL;

  reply = ferry_session_read_reply (self, cancellable, error);
  if (reply == NULL)
    {
      /* Cancelled while the server may already be starting: resync. */
      if (ferry_session_is_open (self))
        transfer_abort (self, g_steal_pointer (&data));
      return NULL;
    }
  switch (ferry_reply_get_class (reply))
    {
    case FERRY_REPLY_PRELIMINARY:
      break;
    case FERRY_REPLY_COMPLETION:
      /* Some servers answer an empty listing with a bare 226.  Over TLS
       * the server never started its handshake: nothing to read. */
      *final_out = g_steal_pointer (&reply);
      if (self->site->active || ferry_session_is_tls (self))
        {
          g_clear_pointer (&data, ferry_data_connection_free);
          return NULL;
        }
      return g_steal_pointer (&data);
    default:
      ferry_reply_set_error (reply, error);
      return NULL;
    }

  /* The data connection's TLS handshake: after the 1xx, never before
   * (servers start their side only once they have the command). */
  if (!ferry_data_connection_accept (data, self->log_func, self->log_data, cancellable, error) ||
      !ferry_session_data_start_tls (self, data, cancellable, error))
    {
      transfer_abort (self, g_steal_pointer (&data));
      return NULL;
    }
  return g_steal_pointer (&data);
}

/* After the data connection is closed: the transfer's own final reply. */
static gboolean
transfer_finish (FerrySession  *self,
                 FerryReply    *final,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr(FerryReply) reply = final;

  if (reply == NULL)
    reply = ferry_session_read_final_reply (self, cancellable, error);
  if (reply == NULL)
    return FALSE;
  if (ferry_reply_get_class (reply) != FERRY_REPLY_COMPLETION)
    {
      ferry_reply_set_error (reply, error);
      return FALSE;
    }
  return TRUE;
}

/* How long the server gets to answer ABOR (seconds, at most the site's
 * timeout).  A server that let the data phase time out has usually gone
 * silent on the control connection too: waiting a second full timeout
 * for it doubled "150 then silence", and a cancel (which reads these
 * replies without the cancellable: it is why we are here) could block
 * for the whole timeout.  No answer in time: the control connection is
 * closed and the next job reconnects. */
#define ABOR_TIMEOUT_SECONDS 2

/* Stops a transfer that we gave up on (cancelled, local error, stalled)
 * and brings the control connection back in step: close the data
 * connection, ABOR, and read what the server says, which is one reply
 * (226/225) on some servers, two (426 then 226) on others, and may start
 * with the transfer's 1xx or its 226 if it raced us.  All of it within
 * min(timeout, ABOR_TIMEOUT_SECONDS) (plus the grace for a second reply),
 * else the control connection is dropped. */
static void
transfer_abort (FerrySession        *self,
                FerryDataConnection *data)
{
  gboolean saw_transient = FALSE;
  guint bound = MIN (self->timeout, ABOR_TIMEOUT_SECONDS);
  gint64 deadline;
  GSocket *socket;

  ferry_data_connection_abort (data);
  if (!ferry_session_is_open (self))
    return;
  /* Our caller's cancellable may be the reason we are here. */
  if (!ferry_session_send_command (self, "ABOR", NULL, NULL))
    return;

  /* A reply that starts in time but never ends is bounded too. */
  socket = g_socket_connection_get_socket (self->connection);
  g_socket_set_timeout (socket, MAX (bound, 1));
  deadline = g_get_monotonic_time () + (gint64) bound * G_USEC_PER_SEC;

  for (guint i = 0; i < 6; i++)
    {
      g_autoptr(FerryReply) reply = NULL;
      gint64 left = deadline - g_get_monotonic_time ();
      FerryReplyClass klass;

      if (left <= 0 || !ferry_session_control_wait_readable (self, left))
        {
          ferry_session_logf (self, FERRY_LOG_ERROR,
                              "No answer to ABOR within %u s: closing the control connection",
                              bound);
          ferry_session_drop (self);
          return;
        }
      reply = ferry_session_read_reply (self, NULL, NULL);
      if (reply == NULL)
        return;
      klass = ferry_reply_get_class (reply);
      if (klass == FERRY_REPLY_PRELIMINARY)
        continue;
      if (klass == FERRY_REPLY_TRANSIENT)
        {
          saw_transient = TRUE;
          continue;
        }
      if (saw_transient)
        break;

      /* One more reply may follow (the transfer's 226 then ABOR's 225):
       * wait for it briefly, without failing when it never comes.  It
       * answers ABOR too. */
      if (ferry_session_control_wait_readable (self, FERRY_SESSION_ABOR_GRACE_USEC))
        {
          ferry_reply_sequence_begin (self->sequence, "ABOR");
          saw_transient = TRUE;
          deadline = MAX (deadline, g_get_monotonic_time () + FERRY_SESSION_ABOR_GRACE_USEC);
          continue;
        }
      break;
    }
  if (ferry_session_is_open (self))
    g_socket_set_timeout (socket, self->timeout);
}

gboolean
ferry_session_download (FerrySession       *self,
                        const char         *remote_path,
                        GOutputStream      *out,
                        guint64             offset,
                        gint64              expected_size,
                        FerryProgressFunc   progress,
                        gpointer            progress_data,
                        guint64            *bytes_out,
                        GCancellable       *cancellable,
                        GError            **error)
{
  g_autoptr(FerryDataConnection) data = NULL;
  g_autofree char *command = NULL;
  FerryReply *final = NULL;
  guint64 done = 0;

  g_return_val_if_fail (FERRY_IS_SESSION (self), FALSE);
  g_return_val_if_fail (remote_path != NULL, FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);

  if (bytes_out != NULL)
    *bytes_out = 0;
  if (!ferry_session_argument_is_safe (remote_path, error) || !ferry_session_check_open (self, error))
    return FALSE;
  if (self->ascii)
    return ferry_session_download_ascii (self, remote_path, out, offset, progress, progress_data,
                                         bytes_out, cancellable, error);

  if (expected_size < 0 && ferry_session_has_feature (self, "SIZE"))
    {
      /* Only for progress and the final check: a server that cannot tell
       * will say so again, more usefully, in its answer to RETR. */
      expected_size = ferry_session_size (self, remote_path, cancellable, NULL);
      if (!ferry_session_is_open (self))
        return ferry_session_check_open (self, error);
    }

  command = g_strdup_printf ("RETR %s", remote_path);
  data = transfer_begin (self, command, offset, &final, cancellable, error);
  if (data == NULL && final == NULL)
    return FALSE;

  if (progress != NULL)
    progress (offset, expected_size, progress_data);

  if (data != NULL)
    {
      if (!ferry_data_connection_download (data, out, offset, expected_size,
                                           progress, progress_data, &done,
                                           cancellable, error))
        {
          if (bytes_out != NULL)
            *bytes_out = done;
          g_clear_pointer (&final, ferry_reply_free);
          transfer_abort (self, g_steal_pointer (&data));
          return FALSE;
        }
      g_clear_pointer (&data, ferry_data_connection_free);
    }

  if (bytes_out != NULL)
    *bytes_out = done;
  if (!transfer_finish (self, final, cancellable, error))
    return FALSE;

  if (expected_size >= 0 && offset + done != (guint64) expected_size)
    {
      g_set_error (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_SIZE_MISMATCH,
                   "Received %" G_GUINT64_FORMAT " bytes, but the file has %" G_GINT64_FORMAT,
                   offset + done, expected_size);
      return FALSE;
    }
  return TRUE;
}

gboolean
ferry_session_upload (FerrySession       *self,
                      GInputStream       *in,
                      const char         *remote_path,
                      guint64             offset,
                      gint64              total,
                      FerryProgressFunc   progress,
                      gpointer            progress_data,
                      GCancellable       *cancellable,
                      GError            **error)
{
  g_autoptr(FerryDataConnection) data = NULL;
  g_autofree char *command = NULL;
  FerryReply *final = NULL;
  guint64 done = 0;

  g_return_val_if_fail (FERRY_IS_SESSION (self), FALSE);
  g_return_val_if_fail (remote_path != NULL, FALSE);
  g_return_val_if_fail (G_IS_INPUT_STREAM (in), FALSE);

  if (self->ascii)
    return ferry_session_upload_verb (self, "STOR", in, remote_path, offset, total,
                                      progress, progress_data, cancellable, error);
  command = g_strdup_printf ("STOR %s", remote_path);
  data = ferry_session_transfer_begin (self, command, offset, &final, cancellable, error);
  if (data == NULL)
    {
      if (final != NULL)
        {
          /* Completed before we sent a byte: nothing was stored. */
          g_set_error (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_PROTOCOL,
                       "The server ended the upload before it started: %s", final->message);
          ferry_reply_free (final);
        }
      return FALSE;
    }
  g_clear_pointer (&final, ferry_reply_free);

  if (progress != NULL)
    progress (offset, total, progress_data);

  if (!ferry_data_connection_upload (data, in, offset, total, progress, progress_data,
                                     &done, cancellable, error) ||
      !ferry_data_connection_finish_upload (data, cancellable, error))
    {
      transfer_abort (self, g_steal_pointer (&data));
      return FALSE;
    }
  g_clear_pointer (&data, ferry_data_connection_free);

  return transfer_finish (self, NULL, cancellable, error);
}

/* The steps above for transfer commands in other files (NLST, APPE,
 * STOU, TYPE A); a 532 ("need account for storing files") gets one ACCT
 * and one more try. */
FerryDataConnection *
ferry_session_transfer_begin (FerrySession   *self,
                              const char     *command,
                              guint64         offset,
                              FerryReply    **final_out,
                              GCancellable   *cancellable,
                              GError        **error)
{
  GError *local_error = NULL;
  FerryDataConnection *data = transfer_begin (self, command, offset, final_out,
                                              cancellable, &local_error);

  if (data == NULL && g_error_matches (local_error, FERRY_FTP_ERROR, 532) &&
      self->account_func != NULL && !self->account_sent)
    {
      g_autoptr(FerryReply) asking = ferry_reply_new (532, local_error->message, local_error->message);
      g_autoptr(FerryReply) reply = NULL;

      g_clear_error (&local_error);
      reply = ferry_session_send_account (self, asking, cancellable, error);
      if (reply == NULL)
        return NULL;
      if (ferry_reply_get_class (reply) != FERRY_REPLY_COMPLETION)
        {
          ferry_reply_set_error (reply, error);
          return NULL;
        }
      return transfer_begin (self, command, offset, final_out, cancellable, error);
    }
  if (local_error != NULL)
    g_propagate_error (error, local_error);
  return data;
}

gboolean
ferry_session_transfer_finish (FerrySession  *self,
                               FerryReply    *final,
                               GCancellable  *cancellable,
                               GError       **error)
{
  return transfer_finish (self, final, cancellable, error);
}

void
ferry_session_transfer_abort (FerrySession        *self,
                              FerryDataConnection *data)
{
  transfer_abort (self, data);
}
