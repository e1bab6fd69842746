/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ferry-transfer-queue.h"
#include "ferry-transfer-queue-private.h"

/*
 * ACCT for the queue's workers: like the certificate question, every
 * worker of the queue logs in to the same account, so the first one to
 * be asked (332 at login, 532 on STOR) makes the queue emit ask-account
 * once; the others wait for the same answer, and workers that connect
 * later get the account given without a question.  A worker asking
 * again after it had the account (the server did not take it) asks the
 * user again.
 */

static guint ask_account_signal;

void
ferry_transfer_queue_account_class_init (GObjectClass *klass)
{
  ask_account_signal =
    g_signal_new ("ask-account", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
}

static void
slot_ask_account_cb (FerryWorker *worker,
                     const char  *user,
                     const char  *prompt,
                     QueueSlot   *slot)
{
  FerryTransferQueue *self = slot->queue;

  if (self->account != NULL && !slot->account_given)
    {
      slot->account_given = TRUE;
      ferry_worker_answer_account (worker, self->account);
      return;
    }
  if (self->account_refused ||
      !g_signal_has_handler_pending (self, ask_account_signal, 0, FALSE))
    {
      ferry_worker_answer_account (worker, NULL);
      return;
    }

  slot->account_pending = TRUE;
  if (self->account_asked)
    return;   /* asked already: this one waits for the same answer */
  /* Either nobody gave one yet, or the one given was not taken. */
  g_clear_pointer (&self->account, g_free);
  self->account_asked = TRUE;
  g_signal_emit (self, ask_account_signal, 0, user, prompt);
}

void
ferry_transfer_queue_account_watch (FerryTransferQueue *self,
                                    QueueSlot          *slot)
{
  g_signal_connect (slot->worker, "ask-account", G_CALLBACK (slot_ask_account_cb), slot);
}

void
ferry_transfer_queue_answer_account (FerryTransferQueue *self,
                                     const char         *account)
{
  g_return_if_fail (FERRY_IS_TRANSFER_QUEUE (self));

  if (!self->account_asked)
    return;
  self->account_asked = FALSE;
  g_free (self->account);
  self->account = g_strdup (account);
  self->account_refused = account == NULL;

  for (guint i = 0; i < self->slots->len; i++)
    {
      QueueSlot *slot = g_ptr_array_index (self->slots, i);

      if (!slot->account_pending)
        continue;
      slot->account_pending = FALSE;
      slot->account_given = account != NULL;
      ferry_worker_answer_account (slot->worker, account);
    }
}
