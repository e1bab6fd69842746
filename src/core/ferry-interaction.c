/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ferry-interaction.h"
#include "ferry-tls.h"

/*
 * The sync wrappers (worker threads) put each question on the
 * interaction's context and wait on one condition variable.  A question
 * being asked is a Pending, keyed by what it is about, so that a second
 * thread asking the same thing waits for the same answer instead of
 * opening a second dialog; when every thread waiting on it has given up
 * (cancelled), the question itself is cancelled.
 */

typedef struct
{
  GMainContext *context;

  GMutex        lock;
  GCond         cond;
  /* Under @lock: */
  GHashTable   *pending;    /* key → Pending being asked */
  GHashTable   *accepted;   /* "host:port fingerprint" accepted */
  char         *account;    /* the last account given */
} FerryInteractionPrivate;

G_DEFINE_TYPE_WITH_PRIVATE (FerryInteraction, ferry_interaction, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (FerryCertificateAnswer, ferry_certificate_answer,
  G_DEFINE_ENUM_VALUE (FERRY_CERTIFICATE_REJECT, "reject"),
  G_DEFINE_ENUM_VALUE (FERRY_CERTIFICATE_ACCEPT_ONCE, "accept-once"),
  G_DEFINE_ENUM_VALUE (FERRY_CERTIFICATE_ACCEPT_ALWAYS, "accept-always"))

G_DEFINE_ENUM_TYPE (FerryOverwriteChoice, ferry_overwrite_choice,
  G_DEFINE_ENUM_VALUE (FERRY_OVERWRITE_CHOICE_OVERWRITE, "overwrite"),
  G_DEFINE_ENUM_VALUE (FERRY_OVERWRITE_CHOICE_NEWER, "newer"),
  G_DEFINE_ENUM_VALUE (FERRY_OVERWRITE_CHOICE_RESUME, "resume"),
  G_DEFINE_ENUM_VALUE (FERRY_OVERWRITE_CHOICE_RENAME, "rename"),
  G_DEFINE_ENUM_VALUE (FERRY_OVERWRITE_CHOICE_SKIP, "skip"))

/* ---------------------------------------------------------------------- */
/* Defaults: answer at once, "no"                                           */

static void
default_accept_certificate_async (FerryInteraction     *self,
                                  GTlsCertificate      *cert,
                                  GTlsCertificateFlags  errors,
                                  const char           *host,
                                  gboolean              changed,
                                  GCancellable         *cancellable,
                                  GAsyncReadyCallback   callback,
                                  gpointer              user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, default_accept_certificate_async);
  g_task_return_int (task, FERRY_CERTIFICATE_REJECT);
}

static FerryCertificateAnswer
default_accept_certificate_finish (FerryInteraction  *self,
                                   GAsyncResult      *result,
                                   GError           **error)
{
  gssize answer = g_task_propagate_int (G_TASK (result), error);

  return answer < 0 ? FERRY_CERTIFICATE_REJECT : (FerryCertificateAnswer) answer;
}

static void
default_ask_account_async (FerryInteraction    *self,
                           const char          *user,
                           const char          *host,
                           const char          *prompt,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, default_ask_account_async);
  g_task_return_pointer (task, NULL, g_free);
}

static char *
default_ask_account_finish (FerryInteraction  *self,
                            GAsyncResult      *result,
                            GError           **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
default_ask_overwrite_async (FerryInteraction    *self,
                             FerryTransferItem   *item,
                             GFileInfo           *existing,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, default_ask_overwrite_async);
  ferry_interaction_return_overwrite (task, FERRY_OVERWRITE_CHOICE_SKIP, FALSE);
}

/* "Apply to all" travels beside the choice (the task's int). */
#define APPLY_TO_ALL_KEY "ferry-interaction-apply-to-all"

void
ferry_interaction_return_overwrite (GTask                *task,
                                    FerryOverwriteChoice  choice,
                                    gboolean              apply_to_all)
{
  g_return_if_fail (G_IS_TASK (task));

  g_object_set_data (G_OBJECT (task), APPLY_TO_ALL_KEY, GINT_TO_POINTER (!!apply_to_all));
  g_task_return_int (task, choice);
}

static FerryOverwriteChoice
default_ask_overwrite_finish (FerryInteraction  *self,
                              GAsyncResult      *result,
                              gboolean          *apply_to_all,
                              GError           **error)
{
  gssize choice = g_task_propagate_int (G_TASK (result), error);

  *apply_to_all = choice >= 0 && GPOINTER_TO_INT (g_object_get_data (G_OBJECT (result), APPLY_TO_ALL_KEY));
  return choice < 0 ? FERRY_OVERWRITE_CHOICE_SKIP : (FerryOverwriteChoice) choice;
}

/* ---------------------------------------------------------------------- */
/* GObject                                                                  */

static void
ferry_interaction_finalize (GObject *object)
{
  FerryInteraction *self = FERRY_INTERACTION (object);
  FerryInteractionPrivate *priv = ferry_interaction_get_instance_private (self);

  g_main_context_unref (priv->context);
  g_hash_table_unref (priv->pending);
  g_hash_table_unref (priv->accepted);
  g_free (priv->account);
  g_mutex_clear (&priv->lock);
  g_cond_clear (&priv->cond);

  G_OBJECT_CLASS (ferry_interaction_parent_class)->finalize (object);
}

static void
ferry_interaction_class_init (FerryInteractionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ferry_interaction_finalize;

  klass->accept_certificate_async = default_accept_certificate_async;
  klass->accept_certificate_finish = default_accept_certificate_finish;
  klass->ask_account_async = default_ask_account_async;
  klass->ask_account_finish = default_ask_account_finish;
  klass->ask_overwrite_async = default_ask_overwrite_async;
  klass->ask_overwrite_finish = default_ask_overwrite_finish;
}

static void
ferry_interaction_init (FerryInteraction *self)
{
  FerryInteractionPrivate *priv = ferry_interaction_get_instance_private (self);

  priv->context = g_main_context_ref_thread_default ();
  g_mutex_init (&priv->lock);
  g_cond_init (&priv->cond);
  /* Pendings are freed by their last waiter, never by the table. */
  priv->pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  priv->accepted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

FerryInteraction *
ferry_interaction_new (void)
{
  return g_object_new (FERRY_TYPE_INTERACTION, NULL);
}

GMainContext *
ferry_interaction_get_context (FerryInteraction *self)
{
  FerryInteractionPrivate *priv;

  g_return_val_if_fail (FERRY_IS_INTERACTION (self), NULL);
  priv = ferry_interaction_get_instance_private (self);
  return priv->context;
}

/* ---------------------------------------------------------------------- */
/* The virtual methods                                                      */

void
ferry_interaction_accept_certificate_async (FerryInteraction     *self,
                                            GTlsCertificate      *cert,
                                            GTlsCertificateFlags  errors,
                                            const char           *host,
                                            gboolean              changed,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data)
{
  g_return_if_fail (FERRY_IS_INTERACTION (self));
  g_return_if_fail (G_IS_TLS_CERTIFICATE (cert));

  FERRY_INTERACTION_GET_CLASS (self)->accept_certificate_async (self, cert, errors, host, changed,
                                                                cancellable, callback, user_data);
}

FerryCertificateAnswer
ferry_interaction_accept_certificate_finish (FerryInteraction  *self,
                                             GAsyncResult      *result,
                                             GError           **error)
{
  g_return_val_if_fail (FERRY_IS_INTERACTION (self), FERRY_CERTIFICATE_REJECT);

  return FERRY_INTERACTION_GET_CLASS (self)->accept_certificate_finish (self, result, error);
}

void
ferry_interaction_ask_account_async (FerryInteraction    *self,
                                     const char          *user,
                                     const char          *host,
                                     const char          *prompt,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (FERRY_IS_INTERACTION (self));

  FERRY_INTERACTION_GET_CLASS (self)->ask_account_async (self, user, host, prompt,
                                                         cancellable, callback, user_data);
}

char *
ferry_interaction_ask_account_finish (FerryInteraction  *self,
                                      GAsyncResult      *result,
                                      GError           **error)
{
  g_return_val_if_fail (FERRY_IS_INTERACTION (self), NULL);

  return FERRY_INTERACTION_GET_CLASS (self)->ask_account_finish (self, result, error);
}

void
ferry_interaction_ask_overwrite_async (FerryInteraction    *self,
                                       FerryTransferItem   *item,
                                       GFileInfo           *existing,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_return_if_fail (FERRY_IS_INTERACTION (self));
  g_return_if_fail (FERRY_IS_TRANSFER_ITEM (item));

  FERRY_INTERACTION_GET_CLASS (self)->ask_overwrite_async (self, item, existing,
                                                           cancellable, callback, user_data);
}

FerryOverwriteChoice
ferry_interaction_ask_overwrite_finish (FerryInteraction  *self,
                                        GAsyncResult      *result,
                                        gboolean          *apply_to_all,
                                        GError           **error)
{
  gboolean all = FALSE;
  FerryOverwriteChoice choice;

  g_return_val_if_fail (FERRY_IS_INTERACTION (self), FERRY_OVERWRITE_CHOICE_SKIP);

  choice = FERRY_INTERACTION_GET_CLASS (self)->ask_overwrite_finish (self, result, &all, error);
  if (apply_to_all != NULL)
    *apply_to_all = all;
  return choice;
}

/* ---------------------------------------------------------------------- */
/* Sync wrappers for worker threads                                         */

typedef enum
{
  ASK_CERTIFICATE,
  ASK_ACCOUNT,
} AskKind;

typedef struct
{
  FerryInteraction     *interaction;   /* strong while asking */
  AskKind               kind;
  char                 *key;
  GCancellable         *cancellable;   /* the question's own */
  guint                 waiting;       /* threads waiting (under the lock) */
  guint                 refs;          /* waiting + the question itself */
  gboolean              done;

  /* The question. */
  GTlsCertificate      *cert;
  GTlsCertificateFlags  errors;
  char                 *host;
  gboolean              changed;
  char                 *user;
  char                 *prompt;

  /* The answer, under the lock once @done. */
  FerryCertificateAnswer certificate;
  char                 *account;
  GError               *error;
} Pending;

/* Under the lock. */
static void
pending_unref_locked (Pending *p)
{
  if (--p->refs > 0)
    return;
  g_clear_object (&p->cancellable);
  g_clear_object (&p->cert);
  g_free (p->key);
  g_free (p->host);
  g_free (p->user);
  g_free (p->prompt);
  g_free (p->account);
  g_clear_error (&p->error);
  g_free (p);
}

/* Interaction's context: the question has its answer. */
static void
pending_done (Pending *p,
              gboolean accepted,
              char    *account,     /* (transfer full) */
              GError  *error)       /* (transfer full) */
{
  FerryInteraction *self = p->interaction;
  FerryInteractionPrivate *priv = ferry_interaction_get_instance_private (self);

  g_mutex_lock (&priv->lock);
  p->done = TRUE;
  p->account = account;
  p->error = error;
  if (p->kind == ASK_CERTIFICATE && accepted)
    g_hash_table_add (priv->accepted, g_strdup (p->key));
  if (p->kind == ASK_ACCOUNT && account != NULL)
    {
      g_free (priv->account);
      priv->account = g_strdup (account);
    }
  /* The key is free for a new question (the table does not own @p). */
  if (g_hash_table_lookup (priv->pending, p->key) == p)
    g_hash_table_remove (priv->pending, p->key);
  g_cond_broadcast (&priv->cond);
  p->interaction = NULL;
  pending_unref_locked (p);
  g_mutex_unlock (&priv->lock);
  g_object_unref (self);
}

static void
certificate_done_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      data)
{
  Pending *p = data;
  GError *error = NULL;

  p->certificate = ferry_interaction_accept_certificate_finish (FERRY_INTERACTION (source), result, &error);
  if (error != NULL)
    p->certificate = FERRY_CERTIFICATE_REJECT;
  pending_done (p, p->certificate != FERRY_CERTIFICATE_REJECT, NULL, error);
}

static void
account_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  Pending *p = data;
  GError *error = NULL;
  char *account = ferry_interaction_ask_account_finish (FERRY_INTERACTION (source), result, &error);

  pending_done (p, FALSE, account, error);
}

/* Interaction's context. */
static gboolean
ask_cb (gpointer data)
{
  Pending *p = data;

  /* Everyone gave up before the question got here (a worker disposed
   * while its owner was busy): nobody to show it for. */
  if (g_cancellable_is_cancelled (p->cancellable))
    {
      pending_done (p, FALSE, NULL, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                         _("Operation was cancelled")));
      return G_SOURCE_REMOVE;
    }
  if (p->kind == ASK_CERTIFICATE)
    ferry_interaction_accept_certificate_async (p->interaction, p->cert, p->errors, p->host, p->changed,
                                                p->cancellable, certificate_done_cb, p);
  else
    ferry_interaction_ask_account_async (p->interaction, p->user, p->host, p->prompt,
                                         p->cancellable, account_done_cb, p);
  return G_SOURCE_REMOVE;
}

static void
waiter_cancelled_cb (GCancellable     *cancellable,
                     FerryInteraction *self)
{
  FerryInteractionPrivate *priv = ferry_interaction_get_instance_private (self);

  g_mutex_lock (&priv->lock);
  g_cond_broadcast (&priv->cond);
  g_mutex_unlock (&priv->lock);
}

/* Worker thread, lock held: a new question under @key, or the one being
 * asked already.  Returns it with a ref for the caller. */
static Pending *
pending_join_locked (FerryInteraction *self,
                     AskKind           kind,
                     const char       *key,
                     gboolean         *is_new)
{
  FerryInteractionPrivate *priv = ferry_interaction_get_instance_private (self);
  Pending *p = g_hash_table_lookup (priv->pending, key);

  *is_new = p == NULL;
  if (p == NULL)
    {
      p = g_new0 (Pending, 1);
      p->interaction = g_object_ref (self);
      p->kind = kind;
      p->key = g_strdup (key);
      p->cancellable = g_cancellable_new ();
      p->refs = 1;   /* the question's: dropped by pending_done */
      g_hash_table_insert (priv->pending, g_strdup (key), p);
    }
  p->refs++;
  p->waiting++;
  return p;
}

/* Worker thread, without the lock: sends a new question off, waits for
 * the answer or @cancellable.  Returns with the lock held, the caller's
 * ref still on @p; TRUE when the answer came. */
static gboolean
pending_wait (FerryInteraction *self,
              Pending          *p,
              gboolean          is_new,
              GCancellable     *cancellable)
{
  FerryInteractionPrivate *priv = ferry_interaction_get_instance_private (self);
  gulong handler = 0;
  gboolean answered;
  gboolean abandon = FALSE;

  if (cancellable != NULL)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (waiter_cancelled_cb), self, NULL);
  if (is_new)
    g_main_context_invoke (priv->context, ask_cb, p);

  g_mutex_lock (&priv->lock);
  while (!p->done && !g_cancellable_is_cancelled (cancellable))
    g_cond_wait (&priv->cond, &priv->lock);
  answered = p->done;
  p->waiting--;
  /* Nobody waits any more: the dialog (or prompt) has no reason to stay. */
  abandon = !answered && p->waiting == 0;

  /* g_cancellable_disconnect() waits for a running handler, which takes
   * the lock: let it go meanwhile. */
  /* A new question about the same thing is asked anew, not joined to
   * this one, which is being cancelled. */
  if (abandon && g_hash_table_lookup (priv->pending, p->key) == p)
    g_hash_table_remove (priv->pending, p->key);
  g_mutex_unlock (&priv->lock);
  if (handler != 0)
    g_cancellable_disconnect (cancellable, handler);
  if (abandon)
    g_cancellable_cancel (p->cancellable);
  g_mutex_lock (&priv->lock);
  return answered;
}

static void
set_cancelled (GError **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Operation was cancelled"));
}

FerryCertificateAnswer
ferry_interaction_invoke_accept_certificate (FerryInteraction     *self,
                                             GTlsCertificate      *cert,
                                             GTlsCertificateFlags  errors,
                                             const char           *host,
                                             guint16               port,
                                             gboolean              changed,
                                             GCancellable         *cancellable,
                                             GError              **error)
{
  FerryInteractionPrivate *priv;
  g_autofree char *fingerprint = NULL;
  g_autofree char *key = NULL;
  FerryCertificateAnswer answer = FERRY_CERTIFICATE_REJECT;
  gboolean is_new;
  Pending *p;

  g_return_val_if_fail (FERRY_IS_INTERACTION (self), FERRY_CERTIFICATE_REJECT);
  g_return_val_if_fail (G_IS_TLS_CERTIFICATE (cert), FERRY_CERTIFICATE_REJECT);
  priv = ferry_interaction_get_instance_private (self);
  g_return_val_if_fail (!g_main_context_is_owner (priv->context), FERRY_CERTIFICATE_REJECT);

  fingerprint = ferry_tls_certificate_fingerprint (cert);
  key = g_strdup_printf ("certificate %s:%u %s", host, port, fingerprint);

  g_mutex_lock (&priv->lock);
  if (g_hash_table_contains (priv->accepted, key))
    {
      g_mutex_unlock (&priv->lock);
      return FERRY_CERTIFICATE_ACCEPT_ONCE;
    }
  p = pending_join_locked (self, ASK_CERTIFICATE, key, &is_new);
  if (is_new)
    {
      p->cert = g_object_ref (cert);
      p->errors = errors;
      p->host = g_strdup (host);
      p->changed = changed;
    }
  g_mutex_unlock (&priv->lock);

  if (!pending_wait (self, p, is_new, cancellable))
    set_cancelled (error);
  else if (p->error != NULL)
    g_propagate_error (error, g_error_copy (p->error));
  else
    answer = p->certificate;
  pending_unref_locked (p);
  g_mutex_unlock (&priv->lock);
  return answer;
}

char *
ferry_interaction_invoke_ask_account (FerryInteraction  *self,
                                      const char        *user,
                                      const char        *host,
                                      const char        *prompt,
                                      gboolean           may_reuse,
                                      GCancellable      *cancellable,
                                      GError           **error)
{
  FerryInteractionPrivate *priv;
  char *account = NULL;
  gboolean is_new;
  Pending *p;

  g_return_val_if_fail (FERRY_IS_INTERACTION (self), NULL);
  priv = ferry_interaction_get_instance_private (self);
  g_return_val_if_fail (!g_main_context_is_owner (priv->context), NULL);

  g_mutex_lock (&priv->lock);
  if (may_reuse && priv->account != NULL)
    {
      account = g_strdup (priv->account);
      g_mutex_unlock (&priv->lock);
      return account;
    }
  p = pending_join_locked (self, ASK_ACCOUNT, "account", &is_new);
  if (is_new)
    {
      p->user = g_strdup (user);
      p->host = g_strdup (host);
      p->prompt = g_strdup (prompt);
    }
  g_mutex_unlock (&priv->lock);

  if (!pending_wait (self, p, is_new, cancellable))
    set_cancelled (error);
  else if (p->error != NULL)
    g_propagate_error (error, g_error_copy (p->error));
  else
    account = g_strdup (p->account);
  pending_unref_locked (p);
  g_mutex_unlock (&priv->lock);
  return account;
}
