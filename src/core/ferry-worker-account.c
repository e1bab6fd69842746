/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ferry-worker-account.h"
#include "ferry-worker-question.h"

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
  gatomicrefcount      ref;
  FerryWorkerQuestion *question;
  char                *remembered;    /* the last account given (question's lock) */
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
  ferry_worker_question_unref (state->question);
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
  /* No handler: no account (NULL), and the operation fails. */
  state->question = ferry_worker_question_new (self, ask_account_signal, NULL, g_free);
  g_object_set_data_full (G_OBJECT (self), STATE_KEY, state, (GDestroyNotify) state_unref);
}

typedef struct
{
  char *user;
  char *prompt;
} Request;

static void
request_free (Request *req)
{
  g_free (req->user);
  g_free (req->prompt);
  g_free (req);
}

/* Main context. */
static void
emit_cb (FerryWorker *worker,
         gpointer     data)
{
  Request *req = data;

  g_signal_emit (worker, ask_account_signal, 0, req->user, req->prompt);
}

void
ferry_worker_answer_account (FerryWorker *self,
                             const char  *account)
{
  AccountState *state;
  guint request;

  g_return_if_fail (FERRY_IS_WORKER (self));

  state = g_object_get_data (G_OBJECT (self), STATE_KEY);
  ferry_worker_question_lock (state->question);
  request = ferry_worker_question_pending_locked (state->question);
  ferry_worker_question_unlock (state->question);
  if (request != 0)
    ferry_worker_question_answer (state->question, request, g_strdup (account));
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
  FerryWorkerQuestion *question = state->question;
  Request *req;
  guint request;
  gpointer answer = NULL;
  char *result;

  ferry_worker_question_lock (question);
  /* A reconnect: the account the user gave before, once per session. */
  if (state->remembered != NULL && !att->tried_remembered)
    {
      att->tried_remembered = TRUE;
      result = g_strdup (state->remembered);
      ferry_worker_question_unlock (question);
      return result;
    }
  request = ferry_worker_question_begin_locked (question);
  ferry_worker_question_unlock (question);

  req = g_new0 (Request, 1);
  req->user = g_strdup (user);
  req->prompt = g_strdup (prompt);

  ferry_worker_question_wait (question, request, emit_cb, req, (GDestroyNotify) request_free,
                              att->cancellable, &answer);
  result = answer;
  if (result != NULL)
    {
      g_free (state->remembered);
      state->remembered = g_strdup (result);
      att->tried_remembered = TRUE;
    }
  ferry_worker_question_unlock (question);
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
