/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ferry-interaction.h"
#include "ferry-site.h"
#include "ferry-transfer-queue.h"
#include "ferry-worker.h"

G_BEGIN_DECLS

/*
 * FerryConnection: one site as the user works with it, used alike by the
 * window and by ferry-cli.  It owns:
 *   - the browsing worker (one FTP connection: listings, mkdir, rename,
 *     delete, chmod), created with the connection;
 *   - its transfer queue (own workers, same site), made on first use;
 *   - the interaction both ask (the caller's, or the default one).
 * Main thread only; the _async operations complete on the thread-default
 * main context of the thread that created the connection.  Dispose
 * cancels everything still running.
 *
 * Properties: site (FerrySite, boxed, construct-only), interaction
 * (construct-only), state (FerryWorkerState of the browsing worker,
 * read-only, notified on the main thread), cwd (read-only).
 */
#define FERRY_TYPE_CONNECTION (ferry_connection_get_type ())
G_DECLARE_FINAL_TYPE (FerryConnection, ferry_connection, FERRY, CONNECTION, GObject)

/* @interaction NULL: ferry_interaction_new() (refuses and skips). */
FerryConnection    *ferry_connection_new             (const FerrySite  *site,
                                                      FerryInteraction *interaction);
const FerrySite    *ferry_connection_get_site        (FerryConnection *self);
FerryInteraction   *ferry_connection_get_interaction (FerryConnection *self);
FerryWorker        *ferry_connection_get_worker      (FerryConnection *self);
/* Made on first call; its questions go to the interaction. */
FerryTransferQueue *ferry_connection_get_queue       (FerryConnection *self);
FerryWorkerState    ferry_connection_get_state       (FerryConnection *self);
const char         *ferry_connection_get_cwd         (FerryConnection *self);

/* Every _finish below but list's returns FALSE with @error set on failure. */
void       ferry_connection_connect_async  (FerryConnection *self, GCancellable *cancellable,
                                            GAsyncReadyCallback callback, gpointer user_data);
gboolean   ferry_connection_connect_finish (FerryConnection *self, GAsyncResult *result, GError **error);

/* @path NULL: the current folder.  Entries are FerryListEntry; the path
 * the server listed comes back in *@path_out. */
void       ferry_connection_list_async     (FerryConnection *self, const char *path, GCancellable *cancellable,
                                            GAsyncReadyCallback callback, gpointer user_data);
GPtrArray *ferry_connection_list_finish    (FerryConnection *self, GAsyncResult *result,
                                            char **path_out, GError **error);
/* The same, and the entries while they arrive (see ferry_worker_list_stream_async);
 * finished with ferry_connection_list_finish(). */
void       ferry_connection_list_stream_async (FerryConnection *self, const char *path,
                                               FerryWorkerBatchFunc batch_func, gpointer batch_data,
                                               GCancellable *cancellable,
                                               GAsyncReadyCallback callback, gpointer user_data);

void       ferry_connection_mkdir_async    (FerryConnection *self, const char *path, GCancellable *cancellable,
                                            GAsyncReadyCallback callback, gpointer user_data);
gboolean   ferry_connection_mkdir_finish   (FerryConnection *self, GAsyncResult *result, GError **error);

void       ferry_connection_rename_async   (FerryConnection *self, const char *from, const char *to,
                                            GCancellable *cancellable,
                                            GAsyncReadyCallback callback, gpointer user_data);
gboolean   ferry_connection_rename_finish  (FerryConnection *self, GAsyncResult *result, GError **error);

/* SITE CHMOD: @mode as the three octal digits. */
void       ferry_connection_chmod_async    (FerryConnection *self, const char *path, guint mode,
                                            GCancellable *cancellable,
                                            GAsyncReadyCallback callback, gpointer user_data);
gboolean   ferry_connection_chmod_finish   (FerryConnection *self, GAsyncResult *result, GError **error);

/* Deletes the files @files (DELE) and the folders @folders with all they
 * hold (depth first: each folder listed, its files deleted, its folders
 * emptied, then RMD; links are deleted, never followed).  Stops at the
 * first error.  Either array may be NULL.  *@n_deleted (may be NULL):
 * how many files and folders went, also on failure. */
void       ferry_connection_delete_async   (FerryConnection    *self,
                                            const char * const *files,
                                            const char * const *folders,
                                            GCancellable       *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer            user_data);
gboolean   ferry_connection_delete_finish  (FerryConnection *self, GAsyncResult *result,
                                            guint *n_deleted, GError **error);

G_END_DECLS
