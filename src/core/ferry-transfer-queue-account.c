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
slot_ask_account_cb (FerryTransferSlot  *slot,
                     const char         *user,
                     const char         *prompt,
                     FerryTransferQueue *self)
{
  if (self->account != NULL && !ferry_transfer_slot_get_account_given (slot))
    {
      ferry_transfer_slot_set_account_given (slot, TRUE);
      ferry_transfer_slot_answer_account (slot, self->account);
      return;
    }
  if (self->account_refused ||
      !g_signal_has_handler_pending (self, ask_account_signal, 0, FALSE))
    {
      ferry_transfer_slot_answer_account (slot, NULL);
      return;
    }

  ferry_transfer_slot_set_account_pending (slot, TRUE);
  if (self->account_asked)
    return;   /* asked already: this one waits for the same answer */
  /* Either nobody gave one yet, or the one given was not taken. */
  g_clear_pointer (&self->account, g_free);
  self->account_asked = TRUE;
  g_signal_emit (self, ask_account_signal, 0, user, prompt);
}

void
ferry_transfer_queue_account_watch (FerryTransferQueue *self,
                                    FerryTransferSlot  *slot)
{
  g_signal_connect (slot, "ask-account", G_CALLBACK (slot_ask_account_cb), self);
}

void
ferry_transfer_queue_answer_account (FerryTransferQueue *self,
                                     const char         *account)
{
  GPtrArray *slots;

  g_return_if_fail (FERRY_IS_TRANSFER_QUEUE (self));

  if (!self->account_asked)
    return;
  self->account_asked = FALSE;
  g_free (self->account);
  self->account = g_strdup (account);
  self->account_refused = account == NULL;

  slots = ferry_transfer_scheduler_get_slots (self->scheduler);
  for (guint i = 0; i < slots->len; i++)
    {
      FerryTransferSlot *slot = g_ptr_array_index (slots, i);

      if (!ferry_transfer_slot_get_account_pending (slot))
        continue;
      ferry_transfer_slot_set_account_pending (slot, FALSE);
      ferry_transfer_slot_set_account_given (slot, account != NULL);
      ferry_transfer_slot_answer_account (slot, account);
    }
}
