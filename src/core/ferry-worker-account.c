/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ferry-worker-account.h"

/*
 * ACCT: when a server answers 332 to USER/PASS (or 532 to a transfer),
 * the worker thread asks the main context with ask-account and waits for
 * ferry_worker_answer_account() or for the job to be cancelled, like the
 * certificate question.  The answer is kept for the worker's later
 * sessions, so a reconnect does not ask again.
 */

#define STATE_KEY "ferry-worker-account-state"

typedef struct
{
  gatomicrefcount    ref;
  GMainContext      *owner_context;
  GWeakRef           worker;

  GMutex             lock;
  GCond              cond;
  guint              asking;        /* request id waiting for an answer, 0 none */
  guint              next_request;
  gboolean           answered;
  char              *answer;        /* NULL: give up */
  char              *remembered;    /* the last account given */
} AccountState;

static guint ask_account_signal;

static AccountState *
state_ref (AccountState *state)
{
  g_atomic_ref_count_inc (&state->ref);
  return state;
}

static void
state_unref (AccountState *state)
{
  if (!g_atomic_ref_count_dec (&state->ref))
    return;
  g_main_context_unref (state->owner_context);
  g_weak_ref_clear (&state->worker);
  g_mutex_clear (&state->lock);
  g_cond_clear (&state->cond);
  g_free (state->answer);
  g_free (state->remembered);
  g_free (state);
}

void
ferry_worker_account_class_init (GObjectClass *klass)
{
  /**
   * FerryWorker::ask-account:
   * @user: the user name logging in
   * @prompt: the server's reply asking for it (332 or 532 text)
   *
   * Answer with ferry_worker_answer_account(), now or later; until then
   * the connection waits (cancelling the job ends the wait).  Without a
   * handler no account is given and the operation fails.
   */
  ask_account_signal =
    g_signal_new ("ask-account", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
}

void
ferry_worker_account_init (FerryWorker *self)
{
  AccountState *state = g_new0 (AccountState, 1);

  g_atomic_ref_count_init (&state->ref);
  state->owner_context = g_main_context_ref_thread_default ();
  g_weak_ref_init (&state->worker, self);
  g_mutex_init (&state->lock);
  g_cond_init (&state->cond);
  g_object_set_data_full (G_OBJECT (self), STATE_KEY, state, (GDestroyNotify) state_unref);
}

static void
answer (AccountState *state,
        guint         request,
        const char   *account)
{
  g_mutex_lock (&state->lock);
  if (state->asking == request && !state->answered)
    {
      state->answered = TRUE;
      g_free (state->answer);
      state->answer = g_strdup (account);
      g_cond_broadcast (&state->cond);
    }
  g_mutex_unlock (&state->lock);
}

typedef struct
{
  AccountState *state;
  guint         request;
  char         *user;
  char         *prompt;
} Request;

static void
request_free (Request *req)
{
  state_unref (req->state);
  g_free (req->user);
  g_free (req->prompt);
  g_free (req);
}

/* Main context. */
static gboolean
emit_cb (gpointer data)
{
  Request *req = data;
  g_autoptr(FerryWorker) worker = g_weak_ref_get (&req->state->worker);

  if (worker == NULL || !g_signal_has_handler_pending (worker, ask_account_signal, 0, FALSE))
    {
      answer (req->state, req->request, NULL);
      return G_SOURCE_REMOVE;
    }
  g_signal_emit (worker, ask_account_signal, 0, req->user, req->prompt);
  return G_SOURCE_REMOVE;
}

void
ferry_worker_answer_account (FerryWorker *self,
                             const char  *account)
{
  AccountState *state;
  guint request;

  g_return_if_fail (FERRY_IS_WORKER (self));

  state = g_object_get_data (G_OBJECT (self), STATE_KEY);
  g_mutex_lock (&state->lock);
  request = state->answered ? 0 : state->asking;
  g_mutex_unlock (&state->lock);
  if (request != 0)
    answer (state, request, account);
}

static void
cancelled_cb (GCancellable *cancellable,
              AccountState *state)
{
  g_mutex_lock (&state->lock);
  g_cond_broadcast (&state->cond);
  g_mutex_unlock (&state->lock);
}

typedef struct
{
  AccountState  *state;
  GCancellable  *cancellable;
  gboolean       tried_remembered;
} Attach;

static void
attach_free (Attach *att)
{
  state_unref (att->state);
  g_clear_object (&att->cancellable);
  g_free (att);
}

/* Worker thread, inside the login or the transfer command. */
static char *
account_cb (const char *user,
            const char *prompt,
            gpointer    user_data)
{
  Attach *att = user_data;
  AccountState *state = att->state;
  Request *req;
  gulong handler = 0;
  char *result;

  g_mutex_lock (&state->lock);
  /* A reconnect: the account the user gave before, once per session. */
  if (state->remembered != NULL && !att->tried_remembered)
    {
      att->tried_remembered = TRUE;
      result = g_strdup (state->remembered);
      g_mutex_unlock (&state->lock);
      return result;
    }
  state->asking = ++state->next_request;
  if (state->asking == 0)
    state->asking = ++state->next_request;
  state->answered = FALSE;
  g_clear_pointer (&state->answer, g_free);
  g_mutex_unlock (&state->lock);

  req = g_new0 (Request, 1);
  req->state = state_ref (state);
  req->request = state->asking;
  req->user = g_strdup (user);
  req->prompt = g_strdup (prompt);

  if (att->cancellable != NULL)
    handler = g_cancellable_connect (att->cancellable, G_CALLBACK (cancelled_cb), state, NULL);
  g_main_context_invoke_full (state->owner_context, G_PRIORITY_DEFAULT, emit_cb, req,
                              (GDestroyNotify) request_free);

  g_mutex_lock (&state->lock);
  while (!state->answered &&
         !(att->cancellable != NULL && g_cancellable_is_cancelled (att->cancellable)))
    g_cond_wait (&state->cond, &state->lock);
  result = state->answered ? g_steal_pointer (&state->answer) : NULL;
  if (result != NULL)
    {
      g_free (state->remembered);
      state->remembered = g_strdup (result);
      att->tried_remembered = TRUE;
    }
  state->answered = TRUE;
  state->asking = 0;
  g_mutex_unlock (&state->lock);

  if (handler != 0)
    g_cancellable_disconnect (att->cancellable, handler);
  return result;
}

void
ferry_worker_account_attach (FerryWorker  *self,
                             FerrySession *session,
                             GCancellable *cancellable)
{
  AccountState *state = g_object_get_data (G_OBJECT (self), STATE_KEY);
  Attach *att;

  if (state == NULL)
    return;
  att = g_new0 (Attach, 1);
  att->state = state_ref (state);
  att->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  ferry_session_set_account_func (session, account_cb, att, (GDestroyNotify) attach_free);
}
