/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/*
 * What the files of FerrySession share: ferry-session.c (the object, the
 * control connection's commands and replies, data transfers),
 * ferry-session-open.c (connect, TLS, login, close) and
 * ferry-session-commands.c (simple commands).  Not installed, not for
 * other objects.
 */

#include "ferry-data-connection.h"
#include "ferry-ftp-error.h"
#include "ferry-line-reader.h"
#include "ferry-session.h"

G_BEGIN_DECLS

/* Bounds that a hostile or broken server cannot push us past. */
#define FERRY_SESSION_DEFAULT_TIMEOUT  30
#define FERRY_SESSION_MAX_LISTING      (64 * 1024 * 1024)
#define FERRY_SESSION_QUIT_TIMEOUT     3
/* After an ABOR some servers answer twice (426 + 226), some once. */
#define FERRY_SESSION_ABOR_GRACE_USEC  (500 * 1000)

struct _FerrySession
{
  GObject             parent_instance;

  FerrySite          *site;
  guint               timeout;        /* seconds, for control and data */

  GSocketClient      *client;
  GSocketConnection  *connection;     /* the control TCP connection */
  /* What commands and replies go through: the connection itself for plain
   * FTP; a GTlsClientConnection wrapping @connection for FTPS. */
  GIOStream          *stream;
  FerryLineReader    *reader;
  FerryReplyParser   *parser;

  GHashTable         *features;       /* upper-case name → parameters */
  gboolean            epsv_refused;
  gboolean            eprt_refused;

  FerryLogFunc        log_func;
  gpointer            log_data;
  GDestroyNotify      log_destroy;

  FerryCertificateFunc cert_func;
  gpointer            cert_data;
  GDestroyNotify      cert_destroy;
  /* The last certificate refused during a handshake, for the error. */
  GTlsCertificate    *refused_cert;
  GTlsCertificateFlags refused_errors;
};

/* Closes the control connection without a word to the server. */
void          ferry_session_drop                 (FerrySession *self);

void          ferry_session_log                  (FerrySession *self,
                                                  FerryLogKind  kind,
                                                  guint         code,
                                                  const char   *text);
void          ferry_session_logf                 (FerrySession *self,
                                                  FerryLogKind  kind,
                                                  const char   *format,
                                                  ...) G_GNUC_PRINTF (3, 4);

/* FALSE with NOT_CONNECTED when there is no control connection. */
gboolean      ferry_session_check_open           (FerrySession  *self,
                                                  GError       **error);
/* Maps @error, logs it and drops the control connection. */
void          ferry_session_control_failed       (FerrySession  *self,
                                                  GError       **error);
/* Refuses CR and LF in anything that goes into a command. */
gboolean      ferry_session_argument_is_safe     (const char  *text,
                                                  GError     **error);

gboolean      ferry_session_send_command         (FerrySession  *self,
                                                  const char    *command,
                                                  GCancellable  *cancellable,
                                                  GError       **error);
/* One reply, 1xx included. */
FerryReply   *ferry_session_read_reply           (FerrySession  *self,
                                                  GCancellable  *cancellable,
                                                  GError       **error);
/* Replies until one that is not preliminary. */
FerryReply   *ferry_session_read_final_reply     (FerrySession  *self,
                                                  GCancellable  *cancellable,
                                                  GError       **error);
/* Sends @command and wants a reply of class @want; anything else becomes
 * an error carrying the server's code and text. */
FerryReply   *ferry_session_command_expect       (FerrySession     *self,
                                                  const char       *command,
                                                  FerryReplyClass   want,
                                                  GCancellable     *cancellable,
                                                  GError          **error);
gboolean      ferry_session_command_ok           (FerrySession  *self,
                                                  const char    *command,
                                                  GCancellable  *cancellable,
                                                  GError       **error);
/* "VERB path" wanting a 2xx. */
gboolean      ferry_session_command_with_path_ok (FerrySession  *self,
                                                  const char    *verb,
                                                  const char    *path,
                                                  GCancellable  *cancellable,
                                                  GError       **error);

/* ferry-session-tls.c */

/* Wraps the control connection in TLS and handshakes (implicit FTPS at
 * once, explicit after AUTH TLS's 234). */
gboolean      ferry_session_start_tls            (FerrySession  *self,
                                                  GCancellable  *cancellable,
                                                  GError       **error);
/* TRUE when the control connection is TLS: data connections must be too. */
gboolean      ferry_session_is_tls               (FerrySession *self);
/* After a transfer command's 1xx: TLS on @data resuming the control
 * connection's session.  Does nothing for plain FTP. */
gboolean      ferry_session_data_start_tls       (FerrySession         *self,
                                                  FerryDataConnection  *data,
                                                  GCancellable         *cancellable,
                                                  GError              **error);
/* TRUE when a reply may be waiting on the control connection within
 * @usec, counting what TLS has already decrypted. */
gboolean      ferry_session_control_wait_readable (FerrySession *self,
                                                   gint64        usec);
void          ferry_session_tls_finalize         (FerrySession *self);

G_END_DECLS
