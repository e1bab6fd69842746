/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ferry-file-transfer.h"
#include "ferry-interaction.h"
#include "ferry-site.h"
#include "ferry-transfer-item.h"
#include "ferry-worker.h"

G_BEGIN_DECLS

/* FerryOverwrite as a GType, for the "overwrite-policy" property. */
#define FERRY_TYPE_OVERWRITE (ferry_overwrite_get_type ())
GType ferry_overwrite_get_type (void) G_GNUC_CONST;

/* FerryOverwriteChoice (what the user answered to "ask-overwrite") is
 * declared in ferry-interaction.h, included by ferry-worker.h. */

/*
 * FerryTransferQueue: a GListModel of FerryTransferItem, in the order they
 * were added, fed to 1..10 FerryWorkers (one connection each) that stay
 * connected: each worker gets its next item the moment it finishes one.
 * Folders are walked by the same workers (remote: MLSD/LIST; local: GIO),
 * their children appended when the folder is listed (downloads) or created
 * on the server (uploads).  Main thread only.
 *
 * Properties: concurrency (1..10, default 2), overwrite-policy (default
 * ASK), max-retries (3), retry-delay (ms before the first retry, doubled
 * each time, capped at 60 s; default 1000), max-depth (64), paused.
 *
 * Signals:
 *   progress       (guint64 done, guint64 total, double rate,
 *                   guint files_done, guint files_total)   at most 10/s
 *   item-finished  (FerryTransferItem *item)     DONE/FAILED/SKIPPED/CANCELLED
 *   finished       ()                            nothing left to do (idle)
 *   ask-overwrite  (FerryTransferItem *item, GFileInfo *existing)
 *                  overwrite-policy is ASK and the target exists; @existing
 *                  holds what is known of it (name, and for downloads size
 *                  and modification time).  Answer with
 *                  ferry_transfer_queue_answer_overwrite, now or later.
 *   log-line       (int FerryLogKind, guint code, const char *text)
 *                  every worker's log plus the queue's own notes
 *   accept-certificate (GTlsCertificate *cert, GTlsCertificateFlags errors,
 *                  const char *host, gboolean changed)
 *                  FTPS: a worker met a certificate that does not verify
 *                  (see FerryWorker::accept-certificate).  Asked once for
 *                  all the queue's workers; they wait for
 *                  ferry_transfer_queue_answer_certificate().  Without a
 *                  handler the certificate is refused.
 *   ask-account    (const char *user, const char *prompt)
 *                  a worker's server wants an account (ACCT: 332 at login,
 *                  532 on a transfer; see FerryWorker::ask-account).
 *                  Asked once for all the queue's workers; they wait for
 *                  ferry_transfer_queue_answer_account().  Without a
 *                  handler none is given (the server's 332/532 fails the
 *                  connection or the item).
 *
 * Added properties: speed-limit-down, speed-limit-up (bytes/s shared by
 * all workers of the direction, 0 = unlimited, may change while running),
 * preserve-mtime (default TRUE: downloads get the server's time, uploads
 * send MFMT when offered).
 *
 * Retries: a download retried after a transient error resumes its own
 * .part file only (never an existing target, which is never taken as
 * "already complete" on a retry).  A folder that appears inside the
 * source of an upload after the upload began, named like a folder the
 * queue created on the server (the server's folder maps into its own
 * source), is not entered.
 */
#define FERRY_TYPE_TRANSFER_QUEUE (ferry_transfer_queue_get_type ())
G_DECLARE_FINAL_TYPE (FerryTransferQueue, ferry_transfer_queue, FERRY, TRANSFER_QUEUE, GObject)

#define FERRY_TRANSFER_QUEUE_MAX_CONCURRENCY 10

FerryTransferQueue *ferry_transfer_queue_new                 (const FerrySite *site);
const FerrySite    *ferry_transfer_queue_get_site            (FerryTransferQueue *self);

guint               ferry_transfer_queue_get_concurrency     (FerryTransferQueue *self);
void                ferry_transfer_queue_set_concurrency     (FerryTransferQueue *self, guint n);
FerryOverwrite      ferry_transfer_queue_get_overwrite_policy (FerryTransferQueue *self);
void                ferry_transfer_queue_set_overwrite_policy (FerryTransferQueue *self, FerryOverwrite policy);
guint               ferry_transfer_queue_get_max_retries     (FerryTransferQueue *self);
void                ferry_transfer_queue_set_max_retries     (FerryTransferQueue *self, guint n);
guint               ferry_transfer_queue_get_retry_delay     (FerryTransferQueue *self);
void                ferry_transfer_queue_set_retry_delay     (FerryTransferQueue *self, guint ms);
guint               ferry_transfer_queue_get_max_depth       (FerryTransferQueue *self);
void                ferry_transfer_queue_set_max_depth       (FerryTransferQueue *self, guint depth);
gboolean            ferry_transfer_queue_get_paused          (FerryTransferQueue *self);
/* Pausing stops running transfers (kept for resume) and starts nothing new. */
void                ferry_transfer_queue_set_paused          (FerryTransferQueue *self, gboolean paused);

/* Where the queue and its workers ask the user: certificates and the
 * account (asked once for all the queue's workers: the interaction
 * shares the answers) and "the target exists" (each conflict, until an
 * answer comes with "apply to all").  Set it before adding transfers.
 * Without one, the deprecated accept-certificate, ask-account and
 * ask-overwrite signals above are emitted instead. */
void                ferry_transfer_queue_set_interaction     (FerryTransferQueue *self,
                                                              FerryInteraction   *interaction);
FerryInteraction   *ferry_transfer_queue_get_interaction     (FerryTransferQueue *self);

/* Queue a remote file or folder for download to @local_path (for a
 * folder: the local folder that receives its contents, created if
 * needed).  Relative remote paths are relative to the login folder.
 * Returns the batch id given to every item this produces. */
guint    ferry_transfer_queue_add_download   (FerryTransferQueue *self,
                                              const char         *remote_path,
                                              const char         *local_path,
                                              gboolean            is_dir,
                                              gint64              size);
guint    ferry_transfer_queue_add_upload     (FerryTransferQueue *self,
                                              const char         *local_path,
                                              const char         *remote_path,
                                              gboolean            is_dir);

void     ferry_transfer_queue_pause_item     (FerryTransferQueue *self, FerryTransferItem *item);
void     ferry_transfer_queue_resume_item    (FerryTransferQueue *self, FerryTransferItem *item);
void     ferry_transfer_queue_cancel_item    (FerryTransferQueue *self, FerryTransferItem *item);
/* Cancels everything not finished yet (Ctrl+C, closing the window). */
void     ferry_transfer_queue_cancel_all     (FerryTransferQueue *self);
/* FAILED items go back to QUEUED with their attempts reset. */
void     ferry_transfer_queue_retry_failed   (FerryTransferQueue *self);
/* The same for one FAILED item (anything else is left as it is). */
void     ferry_transfer_queue_retry_item     (FerryTransferQueue *self, FerryTransferItem *item);
/* Drops DONE, SKIPPED and CANCELLED items from the model. */
void     ferry_transfer_queue_remove_finished (FerryTransferQueue *self);

void     ferry_transfer_queue_answer_overwrite (FerryTransferQueue   *self,
                                                FerryTransferItem    *item,
                                                FerryOverwriteChoice  choice,
                                                gboolean              apply_to_all);

/* TRUE when nothing is queued, running, waiting for a retry or an answer. */
gboolean ferry_transfer_queue_is_idle        (FerryTransferQueue *self);

void     ferry_transfer_queue_get_totals     (FerryTransferQueue *self, FerryTransferTotals *totals);

guint64  ferry_transfer_queue_get_speed_limit_down (FerryTransferQueue *self);
void     ferry_transfer_queue_set_speed_limit_down (FerryTransferQueue *self, guint64 bytes_per_second);
guint64  ferry_transfer_queue_get_speed_limit_up   (FerryTransferQueue *self);
void     ferry_transfer_queue_set_speed_limit_up   (FerryTransferQueue *self, guint64 bytes_per_second);
gboolean ferry_transfer_queue_get_preserve_mtime   (FerryTransferQueue *self);
void     ferry_transfer_queue_set_preserve_mtime   (FerryTransferQueue *self, gboolean preserve);

/* Answers the pending accept-certificate, for every worker waiting on the
 * same certificate (REJECT, ACCEPT_ONCE: for this queue's life, or
 * ACCEPT_ALWAYS: stored as trusted). */
void     ferry_transfer_queue_answer_certificate (FerryTransferQueue     *self,
                                                  FerryCertificateAnswer  answer);

/* Answers the pending ask-account for every worker waiting on it: the
 * account (given to the queue's later workers too, once each), or NULL
 * to give none (later questions are then refused without asking). */
void     ferry_transfer_queue_answer_account     (FerryTransferQueue     *self,
                                                  const char             *account);

/* Persistence (FerryTransferStore): QUEUED, PAUSED and FAILED items
 * (RUNNING ones as QUEUED) and the site without its password.  save
 * writes before it returns (for the last save at exit); save_async
 * pictures the queue now and writes it in a thread (removes the file
 * when nothing is left to save), and a later picture is never
 * overwritten by an earlier one. */
gboolean   ferry_transfer_queue_save         (FerryTransferQueue  *self,
                                              const char          *path,
                                              GError             **error);
void       ferry_transfer_queue_save_async   (FerryTransferQueue  *self,
                                              const char          *path,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean   ferry_transfer_queue_save_finish  (FerryTransferQueue  *self,
                                              GAsyncResult        *result,
                                              GError             **error);
/* Appends the items saved in @path to @self. */
gboolean   ferry_transfer_queue_load         (FerryTransferQueue  *self,
                                              const char          *path,
                                              GError             **error);
/* The site a saved queue belongs to (no password: get it from the keyring). */
FerrySite *ferry_transfer_queue_load_site    (const char          *path,
                                              GError             **error);

G_END_DECLS
