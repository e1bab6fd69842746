/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Internal to FerryWorker (ferry-worker.c calls these three), as
 * ferry-worker-certificate.h is for the certificate question. */

#include "ferry-worker.h"

G_BEGIN_DECLS

/* Registers the ask-account signal. */
void  ferry_worker_account_class_init (GObjectClass *klass);
/* Main thread, in ferry_worker_new(): remembers the owner context. */
void  ferry_worker_account_init       (FerryWorker  *self);
/* Worker thread, for each new session: a 332/532 asks the owner context
 * with ask-account and waits for ferry_worker_answer_account() (or for
 * @cancellable).  The account given is reused by later sessions of this
 * worker (reconnects) without asking again. */
void  ferry_worker_account_attach     (FerryWorker  *self,
                                       FerrySession *session,
                                       GCancellable *cancellable);

G_END_DECLS
