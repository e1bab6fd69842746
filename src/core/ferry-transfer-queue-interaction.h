/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ferry-interaction.h"

G_BEGIN_DECLS

typedef struct _FerryTransferQueue FerryTransferQueue;

/* FerryTransferQueueInteraction (deprecated, see the .c): the questions of
 * a queue without an interaction, asked with its signals. */
#define FERRY_TYPE_TRANSFER_QUEUE_INTERACTION (ferry_transfer_queue_interaction_get_type ())
G_DECLARE_FINAL_TYPE (FerryTransferQueueInteraction, ferry_transfer_queue_interaction, FERRY,
                      TRANSFER_QUEUE_INTERACTION, FerryInteraction)

FerryInteraction *ferry_transfer_queue_interaction_new (FerryTransferQueue *queue);
void ferry_transfer_queue_interaction_answer_certificate (FerryTransferQueueInteraction *self,
                                                          FerryCertificateAnswer         answer);
void ferry_transfer_queue_interaction_answer_account     (FerryTransferQueueInteraction *self,
                                                          const char                    *account);

G_END_DECLS
