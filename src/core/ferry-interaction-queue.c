/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ferry-interaction-queue.h"

typedef struct
{
  GWeakRef           queue;
  FerryTransferItem *item;
} Asked;

static Asked *
asked_new (FerryTransferQueue *queue,
           FerryTransferItem  *item)
{
  Asked *asked = g_new0 (Asked, 1);

  g_weak_ref_init (&asked->queue, queue);
  asked->item = item != NULL ? g_object_ref (item) : NULL;
  return asked;
}

static void
asked_free (Asked *asked)
{
  g_weak_ref_clear (&asked->queue);
  g_clear_object (&asked->item);
  g_free (asked);
}

static void
overwrite_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      data)
{
  Asked *asked = data;
  g_autoptr(FerryTransferQueue) queue = g_weak_ref_get (&asked->queue);
  g_autoptr(GError) error = NULL;
  gboolean all = FALSE;
  FerryOverwriteChoice choice;

  choice = ferry_interaction_ask_overwrite_finish (FERRY_INTERACTION (source), result, &all, &error);
  /* Not asking any more: answered meanwhile by an "apply to all". */
  if (error == NULL && queue != NULL && ferry_transfer_item_get_asking (asked->item))
    ferry_transfer_queue_answer_overwrite (queue, asked->item, choice, all);
  asked_free (asked);
}

static void
certificate_done_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      data)
{
  Asked *asked = data;
  g_autoptr(FerryTransferQueue) queue = g_weak_ref_get (&asked->queue);
  FerryCertificateAnswer answer;

  answer = ferry_interaction_accept_certificate_finish (FERRY_INTERACTION (source), result, NULL);
  if (queue != NULL)
    ferry_transfer_queue_answer_certificate (queue, answer);
  asked_free (asked);
}

static void
account_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  Asked *asked = data;
  g_autoptr(FerryTransferQueue) queue = g_weak_ref_get (&asked->queue);
  g_autofree char *account = NULL;

  account = ferry_interaction_ask_account_finish (FERRY_INTERACTION (source), result, NULL);
  if (queue != NULL)
    ferry_transfer_queue_answer_account (queue, account);
  asked_free (asked);
}

typedef struct
{
  FerryInteraction *interaction;
  GCancellable     *cancellable;
} Glue;

static void
glue_free (gpointer data,
           GClosure *closure)
{
  Glue *glue = data;

  g_object_unref (glue->interaction);
  g_clear_object (&glue->cancellable);
  g_free (glue);
}

static void
ask_overwrite_cb (FerryTransferQueue *queue,
                  FerryTransferItem  *item,
                  GFileInfo          *existing,
                  Glue               *glue)
{
  ferry_interaction_ask_overwrite_async (glue->interaction, item, existing, glue->cancellable,
                                         overwrite_done_cb, asked_new (queue, item));
}

static void
accept_certificate_cb (FerryTransferQueue   *queue,
                       GTlsCertificate      *cert,
                       GTlsCertificateFlags  errors,
                       const char           *host,
                       gboolean              changed,
                       Glue                 *glue)
{
  ferry_interaction_accept_certificate_async (glue->interaction, cert, errors, host, changed,
                                              glue->cancellable, certificate_done_cb,
                                              asked_new (queue, NULL));
}

static void
ask_account_cb (FerryTransferQueue *queue,
                const char         *user,
                const char         *prompt,
                Glue               *glue)
{
  ferry_interaction_ask_account_async (glue->interaction, user, ferry_transfer_queue_get_site (queue)->host,
                                       prompt, glue->cancellable, account_done_cb,
                                       asked_new (queue, NULL));
}

static void
connect_glue (FerryTransferQueue *queue,
              const char         *signal,
              GCallback           callback,
              FerryInteraction   *interaction,
              GCancellable       *cancellable)
{
  Glue *glue = g_new0 (Glue, 1);

  glue->interaction = g_object_ref (interaction);
  glue->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  g_signal_connect_data (queue, signal, callback, glue, glue_free, 0);
}

void
ferry_interaction_answer_queue (FerryInteraction   *interaction,
                                FerryTransferQueue *queue,
                                GCancellable       *cancellable)
{
  g_return_if_fail (FERRY_IS_INTERACTION (interaction));
  g_return_if_fail (FERRY_IS_TRANSFER_QUEUE (queue));

  connect_glue (queue, "ask-overwrite", G_CALLBACK (ask_overwrite_cb), interaction, cancellable);
  connect_glue (queue, "accept-certificate", G_CALLBACK (accept_certificate_cb), interaction, cancellable);
  connect_glue (queue, "ask-account", G_CALLBACK (ask_account_cb), interaction, cancellable);
}
