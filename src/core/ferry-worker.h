/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ferry-session.h"
#include "ferry-file-transfer.h"
#include "ferry-interaction.h"

G_BEGIN_DECLS

/*
 * FerryWorker: one thread owning one FerrySession.  Created and used on
 * the main thread; every request returns a job id at once and is run in
 * order on the worker thread; every signal is emitted on the main context
 * the worker was created on, never on the worker thread.
 *
 * Signals:
 *   log-line      (FerryLogKind kind, guint code, const char *text)
 *   reply         (guint code, const char *text)
 *   state-changed (FerryWorkerState state)
 *   listing-ready (guint job, const char *path, GPtrArray *entries)   entries: FerryListEntry
 *   listing-batch (guint job, const char *path, GPtrArray *entries)   FerryListEntry: a part of
 *                 the listing while it arrives, in order, before its listing-ready; at most
 *                 every FERRY_WORKER_LIST_BATCH_MS or FERRY_WORKER_LIST_BATCH entries, the
 *                 first at once.  Together they are the listing; a failed one stops short.
 *   listing-dropped (guint job, GPtrArray *dropped)   FerryListingDrop: the listing's lines
 *                 that gave no entry, just before its listing-ready (none: not emitted)
 *   progress      (guint job, guint64 done, gint64 total, double bytes_per_second)
 *                 coalesced: at most ~10 per second per job, plus one final
 *   job-finished  (guint job, const GError *error)                    error NULL on success
 *
 * Questions (a certificate that does not verify, an account for ACCT) go
 * to the worker's FerryInteraction (ferry_worker_set_interaction); the
 * worker thread waits for the answer, the job's cancellable ends the
 * wait.  A certificate stored as trusted passes without a question; an
 * ACCEPT_ALWAYS answer is stored by the worker.
 *
 * Deprecated, until the transfer queue uses an interaction: a worker
 * without one asks with these signals instead:
 *   accept-certificate (GTlsCertificate *cert, GTlsCertificateFlags errors,
 *                 const char *host, gboolean changed)
 *                 answered by ferry_worker_answer_certificate();
 *                 without a handler the certificate is refused.
 *   ask-account   (const char *user, const char *prompt)
 *                 answered by ferry_worker_answer_account(); without a
 *                 handler none is given and the job fails with 332/532.
 */
#define FERRY_TYPE_WORKER (ferry_worker_get_type ())
G_DECLARE_FINAL_TYPE (FerryWorker, ferry_worker, FERRY, WORKER, GObject)

typedef enum
{
  FERRY_WORKER_DISCONNECTED,
  FERRY_WORKER_CONNECTING,
  FERRY_WORKER_IDLE,          /* connected, nothing running */
  FERRY_WORKER_BUSY,          /* connected, running a job */
} FerryWorkerState;

#define FERRY_TYPE_WORKER_STATE (ferry_worker_state_get_type ())
GType             ferry_worker_state_get_type (void) G_GNUC_CONST;

FerryWorker      *ferry_worker_new          (const FerrySite *site);
const FerrySite  *ferry_worker_get_site     (FerryWorker *self);
FerryWorkerState  ferry_worker_get_state    (FerryWorker *self);
/* The remote working directory after the last successful connect/list. */
const char       *ferry_worker_get_cwd      (FerryWorker *self);

/*
 * Asynchronous jobs (GIO style, nautilus-file-operations-like): each
 * runs in order on the worker thread like the job-id ones below and
 * completes its GTask on the owner context; cancelling @cancellable
 * cancels the job (it then fails with G_IO_ERROR_CANCELLED).  Their
 * results come only through the callback (no listing-ready, no
 * job-finished); log-line, progress and state-changed are emitted as
 * for every job.  The task holds the worker until it completes.
 * ferry_worker_job_finish() finishes all of them but list.
 */
void       ferry_worker_connect_async    (FerryWorker *self, GCancellable *cancellable,
                                          GAsyncReadyCallback callback, gpointer user_data);
void       ferry_worker_disconnect_async (FerryWorker *self, GCancellable *cancellable,
                                          GAsyncReadyCallback callback, gpointer user_data);
/* @path NULL: the current directory. */
void       ferry_worker_list_async       (FerryWorker *self, const char *path, GCancellable *cancellable,
                                          GAsyncReadyCallback callback, gpointer user_data);

/* Parts of a listing while it arrives, on the owner context (see
 * ::listing-batch; @entries is borrowed); never after the task completed
 * or once its cancellable is cancelled.  Returns FALSE when it wants no
 * more: the worker then stops making them. */
typedef gboolean (*FerryWorkerBatchFunc) (const char *path,
                                          GPtrArray  *entries,
                                          gpointer    user_data);
#define FERRY_WORKER_LIST_BATCH_MS  50
#define FERRY_WORKER_LIST_BATCH     5000
/* ferry_worker_list_async() that also hands out the entries while they
 * arrive; @batch_data must live until @callback ran. */
void       ferry_worker_list_stream_async (FerryWorker *self, const char *path,
                                           FerryWorkerBatchFunc batch_func, gpointer batch_data,
                                           GCancellable *cancellable,
                                           GAsyncReadyCallback callback, gpointer user_data);
/* The entries (FerryListEntry), and in *@path_out the absolute path the
 * server said it listed (free it). */
GPtrArray *ferry_worker_list_finish      (FerryWorker *self, GAsyncResult *result,
                                          char **path_out, GError **error);
void       ferry_worker_mkdir_async      (FerryWorker *self, const char *remote_path, GCancellable *cancellable,
                                          GAsyncReadyCallback callback, gpointer user_data);
void       ferry_worker_delete_async     (FerryWorker *self, const char *remote_path, gboolean is_dir,
                                          GCancellable *cancellable,
                                          GAsyncReadyCallback callback, gpointer user_data);
void       ferry_worker_rename_async     (FerryWorker *self, const char *from, const char *to,
                                          GCancellable *cancellable,
                                          GAsyncReadyCallback callback, gpointer user_data);
void       ferry_worker_raw_async        (FerryWorker *self, const char *command, GCancellable *cancellable,
                                          GAsyncReadyCallback callback, gpointer user_data);
/* @options may be NULL (copied, throttle ref'd). */
void       ferry_worker_download_async   (FerryWorker *self, const char *remote_path, const char *local_path,
                                          FerryOverwrite policy, const FerryTransferOptions *options,
                                          GCancellable *cancellable,
                                          GAsyncReadyCallback callback, gpointer user_data);
void       ferry_worker_upload_async     (FerryWorker *self, const char *local_path, const char *remote_path,
                                          FerryOverwrite policy, const FerryTransferOptions *options,
                                          GCancellable *cancellable,
                                          GAsyncReadyCallback callback, gpointer user_data);
gboolean   ferry_worker_job_finish       (FerryWorker *self, GAsyncResult *result, GError **error);

/* The job-id API (the transfer queue's, until it moves to the one
 * above).  Each returns a job id (> 0).  Jobs that need a connection
 * connect first when the worker is disconnected (and after a dropped
 * connection, once). */
guint  ferry_worker_connect     (FerryWorker *self);
guint  ferry_worker_disconnect  (FerryWorker *self);
guint  ferry_worker_list        (FerryWorker *self, const char *path);    /* NULL = cwd */
guint  ferry_worker_download    (FerryWorker *self, const char *remote_path, const char *local_path, FerryOverwrite policy);
guint  ferry_worker_upload      (FerryWorker *self, const char *local_path, const char *remote_path, FerryOverwrite policy);
guint  ferry_worker_mkdir       (FerryWorker *self, const char *remote_path);
/* As download/upload, with a speed limit, mtime handling and what the
 * listing already told (see FerryTransferOptions; copied, throttle ref'd). */
guint  ferry_worker_download_full (FerryWorker *self, const char *remote_path, const char *local_path,
                                   FerryOverwrite policy, const FerryTransferOptions *options);
guint  ferry_worker_upload_full   (FerryWorker *self, const char *local_path, const char *remote_path,
                                   FerryOverwrite policy, const FerryTransferOptions *options);
guint  ferry_worker_delete      (FerryWorker *self, const char *remote_path, gboolean is_dir);
guint  ferry_worker_rename      (FerryWorker *self, const char *from, const char *to);
guint  ferry_worker_raw         (FerryWorker *self, const char *command);

/* Who answers the worker's questions (main thread, before the first
 * job; the interaction's context must be the worker's owner context).
 * NULL: the deprecated signals below. */
void              ferry_worker_set_interaction (FerryWorker      *self,
                                                FerryInteraction *interaction);
FerryInteraction *ferry_worker_get_interaction (FerryWorker      *self);

/* Deprecated (see above): answers the pending accept-certificate (no-op when none is pending). */
void   ferry_worker_answer_certificate (FerryWorker            *self,
                                        FerryCertificateAnswer  answer);

/* Answers the pending ask-account: the account, or NULL to give up
 * (no-op when none is pending).  The account is reused on reconnects. */
void   ferry_worker_answer_account     (FerryWorker            *self,
                                        const char             *account);

/* Cancels job @job (running or queued); 0 cancels all.  The job still
 * ends with job-finished carrying G_IO_ERROR_CANCELLED. */
void   ferry_worker_cancel      (FerryWorker *self, guint job);

G_END_DECLS
