/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ferry-ftp-error.h"
#include "ferry-list-entry.h"
#include "ferry-reply.h"
#include "ferry-site.h"

G_BEGIN_DECLS

/*
 * FerrySession: one FTP control connection and its data connections.
 * Synchronous and cancellable; not thread-safe: it lives on one worker
 * thread (or in ferry-cli's main thread) for its whole life.
 */
#define FERRY_TYPE_SESSION (ferry_session_get_type ())
G_DECLARE_FINAL_TYPE (FerrySession, ferry_session, FERRY, SESSION, GObject)

typedef enum
{
  FERRY_LOG_COMMAND,    /* a command sent ("PASS ****" masked) */
  FERRY_LOG_REPLY,      /* a reply line received; code set */
  FERRY_LOG_INFO,       /* the client's own note ("Connecting to …") */
  FERRY_LOG_ERROR,      /* a local error */
} FerryLogKind;

/* Called on the session's thread, synchronously, for every line. */
typedef void (*FerryLogFunc)      (FerryLogKind  kind,
                                   guint         code,
                                   const char   *text,
                                   gpointer      user_data);

/* Called on the session's thread as data moves; @total is -1 when
 * unknown.  Cheap to call often: callers coalesce. */
typedef void (*FerryProgressFunc) (guint64       done,
                                   gint64        total,
                                   gpointer      user_data);

/* Called on the session's thread, synchronously, when a server's
 * certificate does not verify (@errors says why) for a control
 * connection to @host (the site's host name).  TRUE accepts it for this
 * connection; the session's data connections then accept only the very
 * same certificate.  Without a func, such a certificate is refused. */
typedef gboolean (*FerryCertificateFunc) (GTlsCertificate      *cert,
                                          GTlsCertificateFlags  errors,
                                          const char           *host,
                                          gpointer              user_data);

FerrySession *ferry_session_new             (void);

void          ferry_session_set_log_func    (FerrySession   *self,
                                             FerryLogFunc    func,
                                             gpointer        user_data,
                                             GDestroyNotify  destroy);

void          ferry_session_set_certificate_func (FerrySession         *self,
                                                  FerryCertificateFunc  func,
                                                  gpointer              user_data,
                                                  GDestroyNotify        destroy);

/* The server's certificate on an open FTPS session (NULL for plain FTP). */
GTlsCertificate *ferry_session_get_peer_certificate (FerrySession *self);

/* Connects, reads the greeting, negotiates TLS when the site asks for it,
 * logs in (USER/PASS, anonymous when no user), reads FEAT, sends OPTS
 * UTF8 ON when offered and TYPE I, and changes to site->path if set. */
gboolean      ferry_session_open            (FerrySession     *self,
                                             const FerrySite  *site,
                                             GCancellable     *cancellable,
                                             GError          **error);

gboolean      ferry_session_is_open         (FerrySession *self);
const FerrySite *ferry_session_get_site     (FerrySession *self);

/* TRUE when FEAT listed @feature (case-insensitive, first word). */
gboolean      ferry_session_has_feature     (FerrySession *self,
                                             const char   *feature);

/* Sends one command and reads its final reply (1xx are skipped for
 * commands that are not transfers).  Returns the reply whatever its code;
 * NULL only on I/O or protocol errors.  Refuses CR, LF and NUL. */
FerryReply   *ferry_session_command         (FerrySession  *self,
                                             const char    *command,
                                             GCancellable  *cancellable,
                                             GError       **error);

char         *ferry_session_pwd             (FerrySession *self, GCancellable *c, GError **error);
gboolean      ferry_session_cwd             (FerrySession *self, const char *path, GCancellable *c, GError **error);
gboolean      ferry_session_cdup            (FerrySession *self, GCancellable *c, GError **error);
gboolean      ferry_session_mkdir           (FerrySession *self, const char *path, GCancellable *c, GError **error);
gboolean      ferry_session_rmdir           (FerrySession *self, const char *path, GCancellable *c, GError **error);
gboolean      ferry_session_delete          (FerrySession *self, const char *path, GCancellable *c, GError **error);
gboolean      ferry_session_rename          (FerrySession *self, const char *from, const char *to, GCancellable *c, GError **error);

/* SIZE in bytes, or -1 with @error set. */
gint64        ferry_session_size            (FerrySession *self, const char *path, GCancellable *c, GError **error);
/* MDTM as UTC, or NULL with @error set. */
GDateTime    *ferry_session_mdtm            (FerrySession *self, const char *path, GCancellable *c, GError **error);

/* MLSD when offered, else LIST; NULL path = current directory.  Returns
 * a GPtrArray of FerryListEntry. */
GPtrArray    *ferry_session_list            (FerrySession  *self,
                                             const char    *path,
                                             GCancellable  *cancellable,
                                             GError       **error);

/* RETR @remote_path into @out, starting at @offset (REST when > 0).
 * @expected_size is the size to check the result against (-1: use SIZE
 * if the server offers it, otherwise only the 226).  Returns the number
 * of bytes written through @bytes_out. */
gboolean      ferry_session_download        (FerrySession       *self,
                                             const char         *remote_path,
                                             GOutputStream      *out,
                                             guint64             offset,
                                             gint64              expected_size,
                                             FerryProgressFunc   progress,
                                             gpointer            progress_data,
                                             guint64            *bytes_out,
                                             GCancellable       *cancellable,
                                             GError            **error);

/* STOR @in to @remote_path (or REST @offset + STOR when @offset > 0).
 * @total is for progress only (-1 unknown). */
gboolean      ferry_session_upload          (FerrySession       *self,
                                             GInputStream       *in,
                                             const char         *remote_path,
                                             guint64             offset,
                                             gint64              total,
                                             FerryProgressFunc   progress,
                                             gpointer            progress_data,
                                             GCancellable       *cancellable,
                                             GError            **error);

/* QUIT politely (bounded wait), then closes.  Never fails. */
void          ferry_session_close           (FerrySession *self);

G_END_DECLS
