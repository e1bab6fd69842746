/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "scripted-interaction.h"

G_DEFINE_FINAL_TYPE (ScriptedInteraction, scripted_interaction, FERRY_TYPE_INTERACTION)

static gboolean
return_cancelled_idle (gpointer data)
{
  GTask *task = data;
  ScriptedInteraction *self = g_task_get_source_object (task);

  self->cancelled++;
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");
  return G_SOURCE_REMOVE;
}

/* Any thread: back to the interaction's context. */
static void
cancelled_cb (GCancellable *cancellable,
              GTask        *task)
{
  FerryInteraction *self = g_task_get_source_object (task);

  g_main_context_invoke_full (ferry_interaction_get_context (self), G_PRIORITY_DEFAULT,
                              return_cancelled_idle, g_object_ref (task), g_object_unref);
}

static gboolean
answer_idle (gpointer data)
{
  GTask *task = data;
  ScriptedInteraction *self = g_task_get_source_object (task);

  if (g_task_get_source_tag (task) == (gpointer) ferry_interaction_ask_account_async)
    g_task_return_pointer (task, g_strdup (self->account), g_free);
  else
    g_task_return_int (task, self->certificate);
  return G_SOURCE_REMOVE;
}

static void
answer (ScriptedInteraction *self,
        GTask               *task)
{
  GCancellable *cancellable = g_task_get_cancellable (task);

  if (self->hold)
    {
      g_assert_nonnull (cancellable);
      g_cancellable_connect (cancellable, G_CALLBACK (cancelled_cb), g_object_ref (task), g_object_unref);
      return;
    }
  if (self->delay_ms > 0)
    g_timeout_add_full (G_PRIORITY_DEFAULT, self->delay_ms, answer_idle, g_object_ref (task), g_object_unref);
  else
    answer_idle (task);
}

static void
scripted_accept_certificate_async (FerryInteraction     *interaction,
                                   GTlsCertificate      *cert,
                                   GTlsCertificateFlags  errors,
                                   const char           *host,
                                   gboolean              changed,
                                   GCancellable         *cancellable,
                                   GAsyncReadyCallback   callback,
                                   gpointer              user_data)
{
  ScriptedInteraction *self = SCRIPTED_INTERACTION (interaction);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, ferry_interaction_accept_certificate_async);
  self->certificate_asked++;
  g_free (self->host);
  self->host = g_strdup (host);
  answer (self, task);
}

static void
scripted_ask_account_async (FerryInteraction    *interaction,
                            const char          *user,
                            const char          *host,
                            const char          *prompt,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  ScriptedInteraction *self = SCRIPTED_INTERACTION (interaction);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, ferry_interaction_ask_account_async);
  self->account_asked++;
  g_free (self->user);
  self->user = g_strdup (user);
  g_free (self->prompt);
  self->prompt = g_strdup (prompt);
  answer (self, task);
}

static void
scripted_interaction_finalize (GObject *object)
{
  ScriptedInteraction *self = SCRIPTED_INTERACTION (object);

  g_free (self->account);
  g_free (self->host);
  g_free (self->user);
  g_free (self->prompt);
  G_OBJECT_CLASS (scripted_interaction_parent_class)->finalize (object);
}

static void
scripted_interaction_class_init (ScriptedInteractionClass *klass)
{
  FerryInteractionClass *interaction_class = FERRY_INTERACTION_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = scripted_interaction_finalize;
  interaction_class->accept_certificate_async = scripted_accept_certificate_async;
  interaction_class->ask_account_async = scripted_ask_account_async;
}

static void
scripted_interaction_init (ScriptedInteraction *self)
{
}

ScriptedInteraction *
scripted_interaction_new (void)
{
  return g_object_new (SCRIPTED_TYPE_INTERACTION, NULL);
}
