/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ferry-transfer-queue.h"
#include "ferry-transfer-queue-private.h"

/* ---------------------------------------------------------------------- */
/* Certificates: one question for all the workers                          */

static void
slot_accept_certificate_cb (FerryTransferSlot    *slot,
                            GTlsCertificate      *cert,
                            GTlsCertificateFlags  errors,
                            const char           *host,
                            gboolean              changed,
                            FerryTransferQueue   *self)
{

  /* Every worker of the queue meets the same certificate: answer the
   * others as the first was answered. */
  if (self->cert_accepted != NULL && g_tls_certificate_is_same (cert, self->cert_accepted))
    {
      ferry_transfer_slot_answer_certificate (slot, FERRY_CERTIFICATE_ACCEPT_ONCE);
      return;
    }
  if (self->cert_rejected != NULL && g_tls_certificate_is_same (cert, self->cert_rejected))
    {
      ferry_transfer_slot_answer_certificate (slot, FERRY_CERTIFICATE_REJECT);
      return;
    }
  if (!g_signal_has_handler_pending (self, ferry_transfer_queue_signals[QUEUE_SIGNAL_ACCEPT_CERTIFICATE], 0, FALSE))
    {
      ferry_transfer_slot_answer_certificate (slot, FERRY_CERTIFICATE_REJECT);
      return;
    }

  ferry_transfer_slot_set_pending_cert (slot, cert);
  if (self->cert_asked != NULL)
    return;   /* asked already: this one waits for the same answer */
  self->cert_asked = g_object_ref (cert);
  g_signal_emit (self, ferry_transfer_queue_signals[QUEUE_SIGNAL_ACCEPT_CERTIFICATE], 0, cert, errors, host, changed);
}

void
ferry_transfer_queue_answer_certificate (FerryTransferQueue     *self,
                                         FerryCertificateAnswer  answer)
{
  g_autoptr(GTlsCertificate) asked = NULL;
  GPtrArray *slots;

  g_return_if_fail (FERRY_IS_TRANSFER_QUEUE (self));
  if (self->cert_asked == NULL)
    return;
  asked = g_steal_pointer (&self->cert_asked);
  slots = ferry_transfer_scheduler_get_slots (self->scheduler);
  if (answer == FERRY_CERTIFICATE_REJECT)
    g_set_object (&self->cert_rejected, asked);
  else
    g_set_object (&self->cert_accepted, asked);

  for (guint i = 0; i < slots->len; i++)
    {
      FerryTransferSlot *slot = g_ptr_array_index (slots, i);
      GTlsCertificate *pending = ferry_transfer_slot_get_pending_cert (slot);

      if (pending != NULL && g_tls_certificate_is_same (pending, asked))
        {
          ferry_transfer_slot_set_pending_cert (slot, NULL);
          ferry_transfer_slot_answer_certificate (slot, answer);
        }
    }

  /* Another certificate waits (a server farm with different ones): ask
   * about it too, by refusing nothing silently. */
  for (guint i = 0; i < slots->len; i++)
    {
      FerryTransferSlot *slot = g_ptr_array_index (slots, i);

      if (ferry_transfer_slot_get_pending_cert (slot) != NULL)
        {
          g_autoptr(GTlsCertificate) cert = g_object_ref (ferry_transfer_slot_get_pending_cert (slot));
          g_autofree char *host = g_strdup (self->site->host);

          ferry_transfer_slot_set_pending_cert (slot, NULL);
          slot_accept_certificate_cb (slot, cert, G_TLS_CERTIFICATE_UNKNOWN_CA, host, FALSE, self);
          break;
        }
    }
}

void
ferry_transfer_queue_certificate_watch (FerryTransferQueue *self,
                                        FerryTransferSlot  *slot)
{
  g_signal_connect (slot, "accept-certificate", G_CALLBACK (slot_accept_certificate_cb), self);
}
