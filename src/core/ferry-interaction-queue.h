/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ferry-interaction.h"
#include "ferry-transfer-queue.h"

G_BEGIN_DECLS

/*
 * Deprecated glue, until FerryTransferQueue asks a FerryInteraction
 * itself (queue-arch): the queue's ask-overwrite, accept-certificate and
 * ask-account signals are answered by @interaction.  @cancellable (may be
 * NULL) ends the questions still open, e.g. when the window replaces the
 * queue.  Main thread.
 */
void ferry_interaction_answer_queue (FerryInteraction   *interaction,
                                     FerryTransferQueue *queue,
                                     GCancellable       *cancellable);

G_END_DECLS
