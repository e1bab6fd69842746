/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ferry-worker-internal.h"

/*
 * Deprecated: the interaction of a worker nobody gave one.  It asks with
 * the worker's accept-certificate and ask-account signals and completes
 * when ferry_worker_answer_certificate() / _answer_account() is called,
 * as the worker did before FerryInteraction.  Goes away once the transfer
 * queue gives its workers an interaction.
 */

struct _FerryLegacyInteraction
{
  FerryInteraction  parent_instance;
  GWeakRef          worker;
  GTask            *certificate;   /* the question waiting, if any */
  GTask            *account;
};

G_DEFINE_FINAL_TYPE (FerryLegacyInteraction, ferry_legacy_interaction, FERRY_TYPE_INTERACTION)

/* Main context: the question's cancellable fired (maybe on a worker
 * thread, which is why this is an idle): the question is over. */
static gboolean
task_cancelled_idle (gpointer data)
{
  GTask *task = data;
  FerryLegacyInteraction *self = g_task_get_source_object (task);
  GTask **slot = self->certificate == task ? &self->certificate
               : self->account == task ? &self->account : NULL;

  if (slot != NULL)
    {
      g_clear_object (slot);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s", _("Operation was cancelled"));
    }
  return G_SOURCE_REMOVE;
}

static void
task_cancelled_cb (GCancellable *cancellable,
                   GTask        *task)
{
  FerryInteraction *self = g_task_get_source_object (task);

  g_main_context_invoke_full (ferry_interaction_get_context (self), G_PRIORITY_DEFAULT,
                              task_cancelled_idle, g_object_ref (task), g_object_unref);
}

/* Keeps @task in @slot until answered or cancelled.  FALSE when nobody
 * listens to @signal_id (the caller answers "no"). */
static gboolean
hold (FerryLegacyInteraction *self,
      GTask                  *task,
      GTask                 **slot,
      guint                   signal_id,
      FerryWorker           **worker_out)
{
  FerryWorker *worker = g_weak_ref_get (&self->worker);
  GCancellable *cancellable = g_task_get_cancellable (task);

  if (worker == NULL || !g_signal_has_handler_pending (worker, signal_id, 0, FALSE))
    {
      g_clear_object (&worker);
      return FALSE;
    }
  /* One question of a kind at a time per worker (one session): an older
   * one still up is over. */
  if (*slot != NULL)
    {
      g_autoptr(GTask) old = g_steal_pointer (slot);

      g_task_return_new_error (old, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s", _("Operation was cancelled"));
    }
  *slot = g_object_ref (task);
  if (cancellable != NULL)
    g_cancellable_connect (cancellable, G_CALLBACK (task_cancelled_cb),
                           g_object_ref (task), g_object_unref);
  *worker_out = worker;
  return TRUE;
}

static void
legacy_accept_certificate_async (FerryInteraction     *interaction,
                                 GTlsCertificate      *cert,
                                 GTlsCertificateFlags  errors,
                                 const char           *host,
                                 gboolean              changed,
                                 GCancellable         *cancellable,
                                 GAsyncReadyCallback   callback,
                                 gpointer              user_data)
{
  FerryLegacyInteraction *self = FERRY_LEGACY_INTERACTION (interaction);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(FerryWorker) worker = NULL;

  if (!hold (self, task, &self->certificate, ferry_worker_signals[ACCEPT_CERTIFICATE], &worker))
    {
      g_task_return_int (task, FERRY_CERTIFICATE_REJECT);
      return;
    }
  g_signal_emit (worker, ferry_worker_signals[ACCEPT_CERTIFICATE], 0, cert, errors, host, changed);
}

static void
legacy_ask_account_async (FerryInteraction    *interaction,
                          const char          *user,
                          const char          *host,
                          const char          *prompt,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  FerryLegacyInteraction *self = FERRY_LEGACY_INTERACTION (interaction);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(FerryWorker) worker = NULL;

  if (!hold (self, task, &self->account, ferry_worker_signals[ASK_ACCOUNT], &worker))
    {
      g_task_return_pointer (task, NULL, g_free);
      return;
    }
  g_signal_emit (worker, ferry_worker_signals[ASK_ACCOUNT], 0, user, prompt);
}

static void
ferry_legacy_interaction_finalize (GObject *object)
{
  FerryLegacyInteraction *self = FERRY_LEGACY_INTERACTION (object);

  g_weak_ref_clear (&self->worker);
  G_OBJECT_CLASS (ferry_legacy_interaction_parent_class)->finalize (object);
}

static void
ferry_legacy_interaction_class_init (FerryLegacyInteractionClass *klass)
{
  FerryInteractionClass *interaction_class = FERRY_INTERACTION_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = ferry_legacy_interaction_finalize;
  /* The finish methods are the base class's (g_task_propagate_*). */
  interaction_class->accept_certificate_async = legacy_accept_certificate_async;
  interaction_class->ask_account_async = legacy_ask_account_async;
}

static void
ferry_legacy_interaction_init (FerryLegacyInteraction *self)
{
}

FerryInteraction *
ferry_legacy_interaction_new (FerryWorker *worker)
{
  FerryLegacyInteraction *self = g_object_new (FERRY_TYPE_LEGACY_INTERACTION, NULL);

  g_weak_ref_init (&self->worker, worker);
  return FERRY_INTERACTION (self);
}

/* Main thread. */
static FerryLegacyInteraction *
legacy_of (FerryWorker *self)
{
  /* Only the main thread changes the field: no lock to read it here. */
  if (FERRY_IS_LEGACY_INTERACTION (self->interaction))
    return FERRY_LEGACY_INTERACTION (self->interaction);
  return NULL;
}

void
ferry_worker_answer_certificate (FerryWorker            *self,
                                 FerryCertificateAnswer  answer)
{
  FerryLegacyInteraction *legacy;
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (FERRY_IS_WORKER (self));

  legacy = legacy_of (self);
  if (legacy == NULL || (task = g_steal_pointer (&legacy->certificate)) == NULL)
    return;
  g_task_return_int (task, answer);
}

void
ferry_worker_answer_account (FerryWorker *self,
                             const char  *account)
{
  FerryLegacyInteraction *legacy;
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (FERRY_IS_WORKER (self));

  legacy = legacy_of (self);
  if (legacy == NULL || (task = g_steal_pointer (&legacy->account)) == NULL)
    return;
  g_task_return_pointer (task, g_strdup (account), g_free);
}
