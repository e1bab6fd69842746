/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Internal to FerryWorker (ferry-worker.c calls these three). */

#include "ferry-worker.h"

G_BEGIN_DECLS

/* Registers the accept-certificate signal. */
void  ferry_worker_certificate_class_init (GObjectClass *klass);
/* Main thread, in ferry_worker_new(): remembers the owner context. */
void  ferry_worker_certificate_init       (FerryWorker  *self);
/* Worker thread, for each new session: unverifiable certificates are
 * checked against the trust store, then asked on the owner context;
 * @cancellable (the job's) stops the wait. */
void  ferry_worker_certificate_attach     (FerryWorker  *self,
                                           FerrySession *session,
                                           GCancellable *cancellable);

G_END_DECLS
