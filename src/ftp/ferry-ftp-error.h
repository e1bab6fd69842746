/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define FERRY_FTP_ERROR (ferry_ftp_error_quark ())

/*
 * One error domain for the whole engine.  Codes below 100 are local
 * conditions; codes 100..599 are the server's own reply code, so that
 * every error that came from a reply carries it (error->code) and the
 * message starts with the server's text.
 */
typedef enum
{
  FERRY_FTP_ERROR_FAILED = 1,        /* anything not listed below */
  FERRY_FTP_ERROR_PROTOCOL,          /* malformed or unexpected reply */
  FERRY_FTP_ERROR_TOO_LARGE,         /* reply line or reply over the bounds */
  FERRY_FTP_ERROR_CLOSED,            /* peer closed the connection */
  FERRY_FTP_ERROR_TIMED_OUT,
  FERRY_FTP_ERROR_BAD_ARGUMENT,      /* CR/LF/NUL in a command argument */
  FERRY_FTP_ERROR_UNSAFE_NAME,       /* server-supplied name refused */
  FERRY_FTP_ERROR_SIZE_MISMATCH,     /* transfer ended short or long */
  FERRY_FTP_ERROR_NOT_CONNECTED,
  FERRY_FTP_ERROR_FOREIGN_ADDRESS,   /* PASV/EPSV/active peer not the server */
  FERRY_FTP_ERROR_TLS,               /* TLS negotiation or certificate */
  FERRY_FTP_ERROR_EXISTS,            /* local target exists, policy forbids */
  FERRY_FTP_ERROR_LOCAL,             /* local file system error (disk full…) */
  FERRY_FTP_ERROR_OUT_OF_STEP,       /* a reply that cannot answer the command sent:
                                      * the connection was closed, a new one is in step */
} FerryFtpError;

GQuark       ferry_ftp_error_quark           (void);

/* TRUE when @error is a transient condition worth a retry: 4xx replies,
 * timeouts, closed connections. */
gboolean     ferry_ftp_error_is_transient    (const GError *error);

/* Human explanation of a reply code (translatable), e.g. 550 → "File
 * unavailable". Returns a static string, never NULL. */
const char  *ferry_ftp_reply_code_explain    (guint code);

G_END_DECLS
