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
#include "ferry-reply-sequence.h"
#include "ferry-session.h"

G_BEGIN_DECLS

/* Bounds that a hostile or broken server cannot push us past. */
#define FERRY_SESSION_DEFAULT_TIMEOUT  30
#define FERRY_SESSION_MAX_LISTING      (64 * 1024 * 1024)   /* raw listings (NLST, raw) */
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
  /* The command the next reply answers (none between commands). */
  FerryReplySequence *sequence;

  GHashTable         *features;       /* upper-case name → parameters */
  gboolean            epsv_refused;
  gboolean            eprt_refused;

  /* ferry-session-commands.c: TYPE A and ACCT */
  gboolean            ascii;          /* TYPE A: transfers convert line ends */
  gboolean            account_sent;   /* a 532 after our ACCT is final */
  FerryAccountFunc    account_func;
  gpointer            account_data;
  GDestroyNotify      account_destroy;

  FerryLogFunc        log_func;
  gpointer            log_data;
  GDestroyNotify      log_destroy;

  FerryCertificateFunc cert_func;
  gpointer            cert_data;
  GDestroyNotify      cert_destroy;
  /* The last certificate refused during a handshake, for the error. */
  GTlsCertificate    *refused_cert;
  GTlsCertificateFlags refused_errors;

  /* ferry-session-transfers.c: listings; 0 = FERRY_SESSION_DEFAULT_MAX_ENTRIES */
  guint64             max_entries;
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

/* ferry-session.c: the steps of a transfer, for transfer commands that
 * live in other files (NLST, APPE, STOU, TYPE A). */
FerryDataConnection *ferry_session_transfer_begin (FerrySession   *self,
                                                   const char     *command,
                                                   guint64         offset,
                                                   FerryReply    **final_out,
                                                   GCancellable   *cancellable,
                                                   GError        **error);
gboolean      ferry_session_transfer_finish      (FerrySession  *self,
                                                  FerryReply    *final,
                                                  GCancellable  *cancellable,
                                                  GError       **error);
void          ferry_session_transfer_abort       (FerrySession        *self,
                                                  FerryDataConnection *data);

/* ferry-session-open.c: ferry_session_open's steps after the connect,
 * on a connection made elsewhere (the unit tests' socket pair). */
gboolean      ferry_session_open_connection      (FerrySession       *self,
                                                  const FerrySite    *site,
                                                  GSocketConnection  *connection,
                                                  GCancellable       *cancellable,
                                                  GError            **error);

/* ferry-session-open.c: USER/PASS (and ACCT) with the site's account. */
gboolean      ferry_session_login                (FerrySession  *self,
                                                  GCancellable  *cancellable,
                                                  GError       **error);

/* ferry-session-commands.c */
/* After a 332 or 532 (@asking): asks the account func and sends ACCT.
 * NULL with @error set to @asking's code when there is no func or it
 * gives no account, or on I/O errors; else ACCT's reply. */
FerryReply   *ferry_session_send_account         (FerrySession      *self,
                                                  const FerryReply  *asking,
                                                  GCancellable      *cancellable,
                                                  GError           **error);
void          ferry_session_commands_finalize    (FerrySession *self);

/* ferry-session-transfers.c: TYPE A transfers (ferry_session_download and
 * _upload hand over to these when the session is in ASCII). */
gboolean      ferry_session_download_ascii       (FerrySession       *self,
                                                  const char         *remote_path,
                                                  GOutputStream      *out,
                                                  guint64             offset,
                                                  FerryProgressFunc   progress,
                                                  gpointer            progress_data,
                                                  guint64            *bytes_out,
                                                  GCancellable       *cancellable,
                                                  GError            **error);
gboolean      ferry_session_upload_verb          (FerrySession       *self,
                                                  const char         *verb,
                                                  GInputStream       *in,
                                                  const char         *remote_path,
                                                  guint64             offset,
                                                  gint64              total,
                                                  FerryProgressFunc   progress,
                                                  gpointer            progress_data,
                                                  GCancellable       *cancellable,
                                                  GError            **error);

G_END_DECLS
