/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ferry-ftp-error.h"
#include "ferry-list-entry.h"
#include "ferry-listing.h"
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
 * a GPtrArray of FerryListEntry (built on ferry_session_list_stream). */
GPtrArray    *ferry_session_list            (FerrySession  *self,
                                             const char    *path,
                                             GCancellable  *cancellable,
                                             GError       **error);
/* The same, and *@dropped (when not NULL) gets the lines the parser did
 * not keep: a GPtrArray of FerryListingDrop (ferry-listing.h), set also
 * on failure. */
GPtrArray    *ferry_session_list_full       (FerrySession  *self,
                                             const char    *path,
                                             GPtrArray    **dropped,
                                             GCancellable  *cancellable,
                                             GError       **error);

/* Entries of a listing, handed out while it arrives: @batch is the
 * callee's (transfer full; GPtrArray of FerryListEntry with its free
 * func), never empty. */
typedef void (*FerryListBatchFunc) (GPtrArray *batch,
                                    gpointer   user_data);

/* Listings are parsed as they arrive: memory grows with the entries
 * kept, never with the listing's bytes.  A listing with more entries
 * than this is refused (FERRY_FTP_ERROR_TOO_LARGE) as endless or
 * hostile. */
#define FERRY_SESSION_DEFAULT_MAX_ENTRIES  ((guint64) 5 * 1000 * 1000)
#define FERRY_SESSION_LIST_BATCH           4096

/* The entry limit for this session's listings; 0 restores the default. */
void          ferry_session_set_max_entries (FerrySession *self,
                                             guint64       max_entries);
guint64       ferry_session_get_max_entries (FerrySession *self);

/* MLSD when offered, else LIST, parsed line by line as the data
 * connection delivers it.  @batch_func gets the entries in order, on the
 * calling thread, in batches: the first as soon as the first data holds
 * an entry (so a window can show the first screenful at once), then
 * every FERRY_SESSION_LIST_BATCH entries or so, and the rest at the end.
 * @drop_func (may be NULL; see ferry-listing.h) is told about each line
 * not kept.  *@n_entries_out (may be NULL) counts the entries handed out.
 * FALSE with @error when the listing failed, also after some batches:
 * what was handed out is then an incomplete listing; more entries than
 * the limit abort the transfer with FERRY_FTP_ERROR_TOO_LARGE. */
gboolean      ferry_session_list_stream     (FerrySession          *self,
                                             const char            *path,
                                             FerryListBatchFunc     batch_func,
                                             FerryListingDropFunc   drop_func,
                                             gpointer               user_data,
                                             guint64               *n_entries_out,
                                             GCancellable          *cancellable,
                                             GError               **error);

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

/* QUIT, then closes at once, without reading the 221: for a caller that
 * is done after a completed transfer and needs nothing from the reply.
 * The server may answer only after closing an uploaded file (vsftpd on
 * ext4: 0.15-0.4 s per GiB).  Never fails. */
void          ferry_session_close_nowait    (FerrySession *self);

/* ---- more of RFC 959 and RFC 3659 (ferry-session-commands.c,
 * ferry-session-transfers.c) ------------------------------------------ */

/* TYPE I (the default after login) or TYPE A.  In ASCII, downloads turn
 * CRLF into LF and uploads LF into CRLF (a CRLF already there is kept);
 * sizes are not checked and REST is refused (offsets differ by side). */
typedef enum
{
  FERRY_TRANSFER_BINARY,
  FERRY_TRANSFER_ASCII,
} FerryTransferType;

/* Called on the session's thread when the server asks for an account
 * (332 after USER/PASS, 532 on a transfer).  @prompt is the server's
 * reply text.  Returns a newly allocated account for ACCT, or NULL to
 * give up (the operation then fails with the server's code). */
typedef char *(*FerryAccountFunc) (const char *user,
                                   const char *prompt,
                                   gpointer    user_data);

void          ferry_session_set_account_func (FerrySession     *self,
                                              FerryAccountFunc  func,
                                              gpointer          user_data,
                                              GDestroyNotify    destroy);

gboolean      ferry_session_set_type        (FerrySession *self, FerryTransferType type, GCancellable *c, GError **error);
FerryTransferType ferry_session_get_transfer_type (FerrySession *self);
/* NOOP: keeps an idle control connection alive, proves it still works. */
gboolean      ferry_session_noop            (FerrySession *self, GCancellable *c, GError **error);
/* SYST's answer ("UNIX Type: L8"). */
char         *ferry_session_syst            (FerrySession *self, GCancellable *c, GError **error);
/* STAT over the control connection (@path NULL: the server's status);
 * the reply's text, every line.  211/212/213 expected. */
char         *ferry_session_stat            (FerrySession *self, const char *path, GCancellable *c, GError **error);
/* HELP [@topic]: the reply's text (214/211). */
char         *ferry_session_help            (FerrySession *self, const char *topic, GCancellable *c, GError **error);
/* SITE @params: the reply's text on 2xx, else an error with its code. */
char         *ferry_session_site            (FerrySession *self, const char *params, GCancellable *c, GError **error);
/* ALLO @size before a STOR.  TRUE on 200 and on 202 (not needed). */
gboolean      ferry_session_allo            (FerrySession *self, guint64 size, GCancellable *c, GError **error);
/* MLST @path: one entry from the 250 reply's fact line (name = basename). */
FerryListEntry *ferry_session_mlst          (FerrySession *self, const char *path, GCancellable *c, GError **error);
/* MFMT: sets the remote file's modification time (UTC). */
gboolean      ferry_session_mfmt            (FerrySession *self, const char *path, GDateTime *mtime, GCancellable *c, GError **error);
/* REIN, then logs in again with the site's user (and account). */
gboolean      ferry_session_rein            (FerrySession *self, GCancellable *c, GError **error);

/* NLST: the names only (as sent; servers may prefix @path).  A
 * NULL-terminated array. */
char        **ferry_session_nlst            (FerrySession  *self,
                                             const char    *path,
                                             GCancellable  *cancellable,
                                             GError       **error);

/* A listing command as given ("LIST -a /x", "NLST", "MLSD dir"): the raw
 * bytes of its data connection, for ferry-cli raw and the log view. */
GBytes       *ferry_session_list_raw        (FerrySession  *self,
                                             const char    *command,
                                             GCancellable  *cancellable,
                                             GError       **error);

/* APPE: appends @in to @remote_path (created when missing). */
gboolean      ferry_session_append          (FerrySession       *self,
                                             GInputStream       *in,
                                             const char         *remote_path,
                                             gint64              total,
                                             FerryProgressFunc   progress,
                                             gpointer            progress_data,
                                             GCancellable       *cancellable,
                                             GError            **error);

/* STOU: the server picks a unique name (@hint NULL: plain STOU; some
 * servers take a base name).  Returns the name the server reported
 * ("FILE: name", "150 … name" or the like), or "" when it named none. */
char         *ferry_session_upload_unique   (FerrySession       *self,
                                             GInputStream       *in,
                                             const char         *hint,
                                             gint64              total,
                                             FerryProgressFunc   progress,
                                             gpointer            progress_data,
                                             GCancellable       *cancellable,
                                             GError            **error);

G_END_DECLS
