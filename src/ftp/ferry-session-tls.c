/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ferry-session-private.h"
#include "ferry-tls.h"

/*
 * FTPS (RFC 4217) for FerrySession: the control connection's TLS, the
 * caller's say on certificates that do not verify, and TLS on the data
 * connections, which resume the control connection's session (see
 * /work/shared/FTPS.md for what GIO needs for that).
 */

void
ferry_session_set_certificate_func (FerrySession         *self,
                                    FerryCertificateFunc  func,
                                    gpointer              user_data,
                                    GDestroyNotify        destroy)
{
  g_return_if_fail (FERRY_IS_SESSION (self));

  if (self->cert_destroy != NULL)
    self->cert_destroy (self->cert_data);
  self->cert_func = func;
  self->cert_data = user_data;
  self->cert_destroy = destroy;
}

void
ferry_session_tls_finalize (FerrySession *self)
{
  if (self->cert_destroy != NULL)
    self->cert_destroy (self->cert_data);
  self->cert_destroy = NULL;
  self->cert_func = NULL;
  g_clear_object (&self->refused_cert);
}

gboolean
ferry_session_is_tls (FerrySession *self)
{
  return self->stream != NULL && G_IS_TLS_CONNECTION (self->stream);
}

GTlsCertificate *
ferry_session_get_peer_certificate (FerrySession *self)
{
  g_return_val_if_fail (FERRY_IS_SESSION (self), NULL);

  if (!ferry_session_is_tls (self))
    return NULL;
  return g_tls_connection_get_peer_certificate (G_TLS_CONNECTION (self->stream));
}

static gboolean
control_accept_certificate_cb (GTlsConnection       *tls,
                               GTlsCertificate      *cert,
                               GTlsCertificateFlags  errors,
                               gpointer              user_data)
{
  FerrySession *self = user_data;
  g_autofree char *fingerprint = ferry_tls_certificate_fingerprint (cert);
  g_autofree char *problems = ferry_tls_errors_to_string (errors);

  ferry_session_logf (self, FERRY_LOG_INFO,
                      "The server's certificate does not verify (%s); SHA-256 fingerprint %s",
                      problems, fingerprint);
  if (self->cert_func != NULL &&
      self->cert_func (cert, errors, self->site->host, self->cert_data))
    {
      ferry_session_log (self, FERRY_LOG_INFO, 0, "Certificate accepted");
      return TRUE;
    }

  g_set_object (&self->refused_cert, cert);
  self->refused_errors = errors;
  return FALSE;
}

gboolean
ferry_session_start_tls (FerrySession  *self,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_autoptr(GSocketConnectable) identity = NULL;
  g_autoptr(GIOStream) tls = NULL;
  g_autoptr(GError) local_error = NULL;
  gulong handler;
  gboolean ok;

  /* Bytes already read past AUTH TLS's reply would be plaintext that a
   * man in the middle slipped in ahead of the handshake (CVE-2011-0411
   * style): refuse rather than mix them into the protected stream. */
  if (ferry_line_reader_has_buffered (self->reader))
    {
      g_set_error_literal (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_TLS,
                           "The server sent data before the TLS handshake");
      ferry_session_drop (self);
      return FALSE;
    }

  identity = g_network_address_new (self->site->host, ferry_site_get_port (self->site));
  /* The GSocketConnection itself, not a wrapper: data connections copy
   * its session state, which only works on the real connection. */
  tls = g_tls_client_connection_new (G_IO_STREAM (self->connection), identity, error);
  if (tls == NULL)
    {
      ferry_session_drop (self);
      return FALSE;
    }

  g_clear_object (&self->refused_cert);
  handler = g_signal_connect (tls, "accept-certificate",
                              G_CALLBACK (control_accept_certificate_cb), self);
  ferry_session_log (self, FERRY_LOG_INFO, 0, "TLS handshake");
  ok = g_tls_connection_handshake (G_TLS_CONNECTION (tls), cancellable, &local_error);
  g_signal_handler_disconnect (tls, handler);

  if (!ok)
    {
      if (self->refused_cert != NULL)
        {
          g_autofree char *fingerprint = ferry_tls_certificate_fingerprint (self->refused_cert);
          g_autofree char *problems = ferry_tls_errors_to_string (self->refused_errors);

          g_set_error (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_TLS,
                       "The certificate of %s is not trusted (%s); "
                       "its SHA-256 fingerprint is %s",
                       self->site->host, problems, fingerprint);
        }
      else if (local_error->domain != G_TLS_ERROR)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_TLS,
                     "TLS handshake failed: %s", local_error->message);
      ferry_session_control_failed (self, error);
      return FALSE;
    }

  {
    GTlsProtocolVersion version = g_tls_connection_get_protocol_version (G_TLS_CONNECTION (tls));
    g_autofree char *cipher = g_tls_connection_get_ciphersuite_name (G_TLS_CONNECTION (tls));

    ferry_session_logf (self, FERRY_LOG_INFO, "TLS established (%s, %s)",
                        version == G_TLS_PROTOCOL_VERSION_TLS_1_3 ? "TLS 1.3" :
                        version == G_TLS_PROTOCOL_VERSION_TLS_1_2 ? "TLS 1.2" : "older TLS",
                        cipher != NULL ? cipher : "unknown cipher");
  }

  /* From now on commands and replies go through TLS. */
  ferry_line_reader_free (self->reader);
  g_clear_object (&self->stream);
  self->stream = g_steal_pointer (&tls);
  self->reader = ferry_line_reader_new (g_io_stream_get_input_stream (self->stream),
                                        FERRY_REPLY_MAX_LINE + 2);
  return TRUE;
}

gboolean
ferry_session_data_start_tls (FerrySession         *self,
                              FerryDataConnection  *data,
                              GCancellable         *cancellable,
                              GError              **error)
{
  if (!ferry_session_is_tls (self))
    return TRUE;
  return ferry_data_connection_start_tls (data, G_TLS_CONNECTION (self->stream),
                                          cancellable, error);
}

gboolean
ferry_session_control_wait_readable (FerrySession *self,
                                     gint64        usec)
{
  GInputStream *in;

  if (ferry_line_reader_has_buffered (self->reader))
    return TRUE;
  /* TLS may hold a decrypted record that the socket no longer shows. */
  in = g_io_stream_get_input_stream (self->stream);
  if (G_IS_POLLABLE_INPUT_STREAM (in) &&
      g_pollable_input_stream_can_poll (G_POLLABLE_INPUT_STREAM (in)) &&
      g_pollable_input_stream_is_readable (G_POLLABLE_INPUT_STREAM (in)))
    return TRUE;
  return g_socket_condition_timed_wait (g_socket_connection_get_socket (self->connection),
                                        G_IO_IN, usec, NULL, NULL);
}
