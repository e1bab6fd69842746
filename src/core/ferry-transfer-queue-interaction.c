/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ferry-transfer-queue-interaction.h"
#include "ferry-transfer-queue-private.h"

/*
 * Deprecated: the interaction of a queue nobody gave one.  Its workers
 * ask here like any interaction's (so a question shared by every worker
 * is asked once: the invoke wrappers make the others wait for the same
 * answer), and it asks with the queue's accept-certificate and
 * ask-account signals, answered by ferry_transfer_queue_answer_*().
 * What was refused stays refused for the queue's life: a rejected
 * certificate and "no account" are not asked again.
 */

struct _FerryTransferQueueInteraction
{
  FerryInteraction  parent_instance;

  GWeakRef          queue;
  GPtrArray        *certificates;   /* GTask waiting (task data: the certificate) */
  GPtrArray        *accounts;       /* GTask waiting */
  GTlsCertificate  *rejected;
  gboolean          account_refused;
};

G_DEFINE_FINAL_TYPE (FerryTransferQueueInteraction, ferry_transfer_queue_interaction,
                     FERRY_TYPE_INTERACTION)

/* Main context: a waiting question's cancellable fired. */
static gboolean
cancelled_idle (gpointer data)
{
  GTask *task = data;
  FerryTransferQueueInteraction *self = g_task_get_source_object (task);

  if (g_ptr_array_remove (self->certificates, task) || g_ptr_array_remove (self->accounts, task))
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s",
                             _("Operation was cancelled"));
  return G_SOURCE_REMOVE;
}

static void
cancelled_cb (GCancellable *cancellable,
              GTask        *task)
{
  FerryInteraction *self = g_task_get_source_object (task);

  g_main_context_invoke_full (ferry_interaction_get_context (self), G_PRIORITY_DEFAULT,
                              cancelled_idle, g_object_ref (task), g_object_unref);
}

static void
wait_for_answer (GPtrArray *waiting,
                 GTask     *task)
{
  GCancellable *cancellable = g_task_get_cancellable (task);

  g_ptr_array_add (waiting, g_object_ref (task));
  if (cancellable != NULL)
    g_cancellable_connect (cancellable, G_CALLBACK (cancelled_cb), g_object_ref (task), g_object_unref);
}

static void
emit_certificate (FerryTransferQueueInteraction *self,
                  FerryTransferQueue            *queue,
                  GTask                         *task)
{
  GTlsCertificate *cert = g_task_get_task_data (task);

  g_signal_emit (queue, ferry_transfer_queue_signals[QUEUE_SIGNAL_ACCEPT_CERTIFICATE], 0,
                 cert, G_TLS_CERTIFICATE_UNKNOWN_CA, queue->site->host, FALSE);
}

static void
accept_certificate_async (FerryInteraction     *interaction,
                          GTlsCertificate      *cert,
                          GTlsCertificateFlags  errors,
                          const char           *host,
                          gboolean              changed,
                          GCancellable         *cancellable,
                          GAsyncReadyCallback   callback,
                          gpointer              user_data)
{
  FerryTransferQueueInteraction *self = FERRY_TRANSFER_QUEUE_INTERACTION (interaction);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(FerryTransferQueue) queue = g_weak_ref_get (&self->queue);

  g_task_set_task_data (task, g_object_ref (cert), g_object_unref);
  /* Without a handler the certificate is refused. */
  if (queue == NULL ||
      (self->rejected != NULL && g_tls_certificate_is_same (cert, self->rejected)) ||
      !g_signal_has_handler_pending (queue, ferry_transfer_queue_signals[QUEUE_SIGNAL_ACCEPT_CERTIFICATE],
                                     0, FALSE))
    {
      g_task_return_int (task, FERRY_CERTIFICATE_REJECT);
      return;
    }
  wait_for_answer (self->certificates, task);
  /* Another certificate being asked about: this one is asked next. */
  if (self->certificates->len == 1)
    g_signal_emit (queue, ferry_transfer_queue_signals[QUEUE_SIGNAL_ACCEPT_CERTIFICATE], 0,
                   cert, errors, host, changed);
}

static void
ask_account_async (FerryInteraction    *interaction,
                   const char          *user,
                   const char          *host,
                   const char          *prompt,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  FerryTransferQueueInteraction *self = FERRY_TRANSFER_QUEUE_INTERACTION (interaction);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(FerryTransferQueue) queue = g_weak_ref_get (&self->queue);

  /* Without a handler none is given (the server's 332/532 fails). */
  if (queue == NULL || self->account_refused ||
      !g_signal_has_handler_pending (queue, ferry_transfer_queue_signals[QUEUE_SIGNAL_ASK_ACCOUNT],
                                     0, FALSE))
    {
      g_task_return_pointer (task, NULL, g_free);
      return;
    }
  wait_for_answer (self->accounts, task);
  if (self->accounts->len == 1)
    g_signal_emit (queue, ferry_transfer_queue_signals[QUEUE_SIGNAL_ASK_ACCOUNT], 0, user, prompt);
}

void
ferry_transfer_queue_interaction_answer_certificate (FerryTransferQueueInteraction *self,
                                                     FerryCertificateAnswer         answer)
{
  g_autoptr(GTlsCertificate) asked = NULL;
  g_autoptr(FerryTransferQueue) queue = NULL;

  if (self->certificates->len == 0)
    return;
  asked = g_object_ref (g_task_get_task_data (g_ptr_array_index (self->certificates, 0)));
  if (answer == FERRY_CERTIFICATE_REJECT)
    g_set_object (&self->rejected, asked);

  /* Everyone waiting on the same certificate has the answer. */
  for (guint i = self->certificates->len; i > 0; i--)
    {
      GTask *task = g_ptr_array_index (self->certificates, i - 1);

      if (g_tls_certificate_is_same (g_task_get_task_data (task), asked))
        {
          g_autoptr(GTask) done = g_ptr_array_steal_index (self->certificates, i - 1);
          g_task_return_int (done, answer);
        }
    }
  queue = g_weak_ref_get (&self->queue);
  if (queue != NULL && self->certificates->len > 0)
    emit_certificate (self, queue, g_ptr_array_index (self->certificates, 0));
}

void
ferry_transfer_queue_interaction_answer_account (FerryTransferQueueInteraction *self,
                                                 const char                    *account)
{
  g_autoptr(GPtrArray) waiting = NULL;

  if (self->accounts->len == 0)
    return;
  self->account_refused = account == NULL;
  waiting = g_steal_pointer (&self->accounts);
  self->accounts = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < waiting->len; i++)
    g_task_return_pointer (g_ptr_array_index (waiting, i), g_strdup (account), g_free);
}

static void
ferry_transfer_queue_interaction_finalize (GObject *object)
{
  FerryTransferQueueInteraction *self = FERRY_TRANSFER_QUEUE_INTERACTION (object);

  g_weak_ref_clear (&self->queue);
  g_ptr_array_unref (self->certificates);
  g_ptr_array_unref (self->accounts);
  g_clear_object (&self->rejected);
  G_OBJECT_CLASS (ferry_transfer_queue_interaction_parent_class)->finalize (object);
}

static void
ferry_transfer_queue_interaction_class_init (FerryTransferQueueInteractionClass *klass)
{
  FerryInteractionClass *interaction_class = FERRY_INTERACTION_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = ferry_transfer_queue_interaction_finalize;
  /* The finish methods are the base class's (g_task_propagate_*). */
  interaction_class->accept_certificate_async = accept_certificate_async;
  interaction_class->ask_account_async = ask_account_async;
}

static void
ferry_transfer_queue_interaction_init (FerryTransferQueueInteraction *self)
{
  self->certificates = g_ptr_array_new_with_free_func (g_object_unref);
  self->accounts = g_ptr_array_new_with_free_func (g_object_unref);
}

FerryInteraction *
ferry_transfer_queue_interaction_new (FerryTransferQueue *queue)
{
  FerryTransferQueueInteraction *self = g_object_new (FERRY_TYPE_TRANSFER_QUEUE_INTERACTION, NULL);

  g_weak_ref_init (&self->queue, queue);
  return FERRY_INTERACTION (self);
}
