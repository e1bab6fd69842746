/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ferry-session.h"
#include "ferry-throttle.h"

G_BEGIN_DECLS

/*
 * File-level transfers on top of FerrySession, shared by FerryWorker and
 * ferry-cli so that both move bytes the same way.  Synchronous.
 */

typedef enum
{
  FERRY_OVERWRITE_ASK,      /* callers that can ask resolve it before; here = NEVER */
  FERRY_OVERWRITE_NEVER,    /* fail with FERRY_FTP_ERROR_EXISTS */
  FERRY_OVERWRITE_ALWAYS,
  FERRY_OVERWRITE_NEWER,    /* only when the source is newer */
  FERRY_OVERWRITE_RESUME,   /* continue a shorter target */
} FerryOverwrite;

/* Where a download of @local_path is written until it is whole:
 * "@local_path.part".  The one place that names it. */
char    *ferry_file_transfer_part_path (const char *local_path);

/* Downloads @remote_path to @local_path.  Bytes go to "@local_path.part"
 * first (resumed with REST when it exists and @policy allows), the size is
 * checked against SIZE and the 226, then it is renamed into place.  A
 * failed download leaves the .part file for a later resume and never
 * touches an existing @local_path.  The .part is locked (flock) from its
 * open to the rename: a second writer, in this process or another, fails
 * at once instead of writing into it. */
gboolean ferry_file_transfer_download (FerrySession       *session,
                                       const char         *remote_path,
                                       const char         *local_path,
                                       FerryOverwrite      policy,
                                       FerryProgressFunc   progress,
                                       gpointer            progress_data,
                                       GCancellable       *cancellable,
                                       GError            **error);

/* Uploads @local_path to @remote_path; checks the result with SIZE when
 * the server offers it. */
gboolean ferry_file_transfer_upload   (FerrySession       *session,
                                       const char         *local_path,
                                       const char         *remote_path,
                                       FerryOverwrite      policy,
                                       FerryProgressFunc   progress,
                                       gpointer            progress_data,
                                       GCancellable       *cancellable,
                                       GError            **error);

/* What a caller can add to a transfer (ferry_file_transfer_*_full). */
typedef struct
{
  FerryThrottle *throttle;        /* NULL: no speed limit (shared, borrowed) */
  gboolean       preserve_mtime;  /* download: MDTM → local time; upload: MFMT */
  /* Download: what the listing said, so that SIZE and MDTM are not asked
   * again per file (-1: unknown, asked as before).  The byte count and
   * the 226 are still checked against @known_size. */
  gint64         known_size;
  gint64         known_mtime;     /* seconds since the epoch, exact (MLSD) */
  /* Download: this is a retry of the same download, so "@local_path.part"
   * is ours: continue it where it ends (REST), whatever the policy.  The
   * policy still decides about an existing target (NEVER/ASK refuse it,
   * NEWER compares) and how the .part replaces it; unlike RESUME, the
   * target is never taken as "already complete" nor copied. */
  gboolean       continue_part;
  /* With continue_part: the remote size the .part was begun for (-1
   * unknown).  When the server now gives another size, the file changed
   * and the .part starts over rather than mixing two versions. */
  gint64         part_for_size;
} FerryTransferOptions;

/* Defaults: no throttle, preserve_mtime TRUE, nothing known. */
void     ferry_transfer_options_init       (FerryTransferOptions *options);

gboolean ferry_file_transfer_download_full (FerrySession               *session,
                                            const char                 *remote_path,
                                            const char                 *local_path,
                                            FerryOverwrite              policy,
                                            const FerryTransferOptions *options,
                                            FerryProgressFunc           progress,
                                            gpointer                    progress_data,
                                            GCancellable               *cancellable,
                                            GError                    **error);

gboolean ferry_file_transfer_upload_full   (FerrySession               *session,
                                            const char                 *local_path,
                                            const char                 *remote_path,
                                            FerryOverwrite              policy,
                                            const FerryTransferOptions *options,
                                            FerryProgressFunc           progress,
                                            gpointer                    progress_data,
                                            GCancellable               *cancellable,
                                            GError                    **error);

G_END_DECLS
