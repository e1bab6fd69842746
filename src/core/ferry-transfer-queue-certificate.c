/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ferry-transfer-queue.h"
#include "ferry-transfer-queue-private.h"

/* ---------------------------------------------------------------------- */
/* Certificates: one question for all the workers                          */

static void
slot_accept_certificate_cb (FerryWorker          *worker,
                            GTlsCertificate      *cert,
                            GTlsCertificateFlags  errors,
                            const char           *host,
                            gboolean              changed,
                            QueueSlot            *slot)
{
  FerryTransferQueue *self = slot->queue;

  /* Every worker of the queue meets the same certificate: answer the
   * others as the first was answered. */
  if (self->cert_accepted != NULL && g_tls_certificate_is_same (cert, self->cert_accepted))
    {
      ferry_worker_answer_certificate (worker, FERRY_CERTIFICATE_ACCEPT_ONCE);
      return;
    }
  if (self->cert_rejected != NULL && g_tls_certificate_is_same (cert, self->cert_rejected))
    {
      ferry_worker_answer_certificate (worker, FERRY_CERTIFICATE_REJECT);
      return;
    }
  if (!g_signal_has_handler_pending (self, ferry_transfer_queue_signals[QUEUE_SIGNAL_ACCEPT_CERTIFICATE], 0, FALSE))
    {
      ferry_worker_answer_certificate (worker, FERRY_CERTIFICATE_REJECT);
      return;
    }

  g_set_object (&slot->pending_cert, cert);
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

  g_return_if_fail (FERRY_IS_TRANSFER_QUEUE (self));
  if (self->cert_asked == NULL)
    return;
  asked = g_steal_pointer (&self->cert_asked);
  if (answer == FERRY_CERTIFICATE_REJECT)
    g_set_object (&self->cert_rejected, asked);
  else
    g_set_object (&self->cert_accepted, asked);

  for (guint i = 0; i < self->slots->len; i++)
    {
      QueueSlot *slot = g_ptr_array_index (self->slots, i);

      if (slot->pending_cert == NULL)
        continue;
      if (g_tls_certificate_is_same (slot->pending_cert, asked))
        {
          g_clear_object (&slot->pending_cert);
          ferry_worker_answer_certificate (slot->worker, answer);
        }
    }

  /* Another certificate waits (a server farm with different ones): ask
   * about it too, by refusing nothing silently. */
  for (guint i = 0; i < self->slots->len; i++)
    {
      QueueSlot *slot = g_ptr_array_index (self->slots, i);

      if (slot->pending_cert != NULL)
        {
          g_autoptr(GTlsCertificate) cert = g_steal_pointer (&slot->pending_cert);
          g_autofree char *host = g_strdup (self->site->host);

          slot_accept_certificate_cb (slot->worker, cert,
                                      G_TLS_CERTIFICATE_UNKNOWN_CA, host, FALSE, slot);
          break;
        }
    }
}

void
ferry_transfer_queue_certificate_watch (FerryTransferQueue *self,
                                        QueueSlot          *slot)
{
  g_signal_connect (slot->worker, "accept-certificate",
                    G_CALLBACK (slot_accept_certificate_cb), slot);
}
