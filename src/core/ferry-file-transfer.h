/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ferry-session.h"

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

/* Downloads @remote_path to @local_path.  Bytes go to "@local_path.part"
 * first (resumed with REST when it exists and @policy allows), the size is
 * checked against SIZE and the 226, then it is renamed into place.  A
 * failed download leaves the .part file for a later resume and never
 * touches an existing @local_path. */
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

G_END_DECLS
