/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ferry-worker-question.h"

struct _FerryWorkerQuestion
{
  gatomicrefcount    ref;
  GMainContext      *owner_context;
  GWeakRef           worker;
  guint              signal_id;
  gpointer           no_answer;
  GDestroyNotify     answer_free;

  GMutex             lock;
  GCond              cond;
  guint              asking;        /* request id waiting for an answer, 0 none */
  guint              next_request;
  gboolean           answered;
  gpointer           answer;
};

FerryWorkerQuestion *
ferry_worker_question_new (FerryWorker    *worker,
                           guint           signal_id,
                           gpointer        no_answer,
                           GDestroyNotify  answer_free)
{
  FerryWorkerQuestion *q = g_new0 (FerryWorkerQuestion, 1);

  g_atomic_ref_count_init (&q->ref);
  q->owner_context = g_main_context_ref_thread_default ();
  g_weak_ref_init (&q->worker, worker);
  q->signal_id = signal_id;
  q->no_answer = no_answer;
  q->answer_free = answer_free;
  g_mutex_init (&q->lock);
  g_cond_init (&q->cond);
  return q;
}

FerryWorkerQuestion *
ferry_worker_question_ref (FerryWorkerQuestion *q)
{
  g_atomic_ref_count_inc (&q->ref);
  return q;
}

static void
free_answer (FerryWorkerQuestion *q,
             gpointer             answer)
{
  if (answer != NULL && q->answer_free != NULL)
    q->answer_free (answer);
}

void
ferry_worker_question_unref (FerryWorkerQuestion *q)
{
  if (!g_atomic_ref_count_dec (&q->ref))
    return;
  g_main_context_unref (q->owner_context);
  g_weak_ref_clear (&q->worker);
  g_mutex_clear (&q->lock);
  g_cond_clear (&q->cond);
  free_answer (q, q->answer);
  g_free (q);
}

void
ferry_worker_question_lock (FerryWorkerQuestion *q)
{
  g_mutex_lock (&q->lock);
}

void
ferry_worker_question_unlock (FerryWorkerQuestion *q)
{
  g_mutex_unlock (&q->lock);
}

guint
ferry_worker_question_pending_locked (FerryWorkerQuestion *q)
{
  return q->answered ? 0 : q->asking;
}

void
ferry_worker_question_answer (FerryWorkerQuestion *q,
                              guint                request,
                              gpointer             answer)
{
  g_mutex_lock (&q->lock);
  if (q->asking == request && !q->answered)
    {
      q->answered = TRUE;
      free_answer (q, q->answer);
      q->answer = g_steal_pointer (&answer);
      g_cond_broadcast (&q->cond);
    }
  g_mutex_unlock (&q->lock);
  free_answer (q, answer);
}

guint
ferry_worker_question_begin_locked (FerryWorkerQuestion *q)
{
  q->asking = ++q->next_request;
  if (q->asking == 0)
    q->asking = ++q->next_request;
  q->answered = FALSE;
  free_answer (q, g_steal_pointer (&q->answer));
  return q->asking;
}

typedef struct
{
  FerryWorkerQuestion     *question;
  guint                    request;
  FerryWorkerQuestionEmit  emit;
  gpointer                 data;
  GDestroyNotify           data_free;
} Request;

static void
request_free (Request *req)
{
  ferry_worker_question_unref (req->question);
  if (req->data_free != NULL)
    req->data_free (req->data);
  g_free (req);
}

/* Main context. */
static gboolean
emit_cb (gpointer user_data)
{
  Request *req = user_data;
  FerryWorkerQuestion *q = req->question;
  g_autoptr(FerryWorker) worker = g_weak_ref_get (&q->worker);

  /* Nobody to ask: the answer is no. */
  if (worker == NULL || !g_signal_has_handler_pending (worker, q->signal_id, 0, FALSE))
    {
      ferry_worker_question_answer (q, req->request, q->no_answer);
      return G_SOURCE_REMOVE;
    }
  req->emit (worker, req->data);
  return G_SOURCE_REMOVE;
}

static void
cancelled_cb (GCancellable        *cancellable,
              FerryWorkerQuestion *q)
{
  g_mutex_lock (&q->lock);
  g_cond_broadcast (&q->cond);
  g_mutex_unlock (&q->lock);
}

gboolean
ferry_worker_question_wait (FerryWorkerQuestion      *q,
                            guint                     request,
                            FerryWorkerQuestionEmit   emit,
                            gpointer                  data,
                            GDestroyNotify            data_free,
                            GCancellable             *cancellable,
                            gpointer                 *answer_out)
{
  Request *req = g_new0 (Request, 1);
  gulong handler = 0;
  gboolean answered;

  req->question = ferry_worker_question_ref (q);
  req->request = request;
  req->emit = emit;
  req->data = data;
  req->data_free = data_free;

  if (cancellable != NULL)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (cancelled_cb), q, NULL);
  g_main_context_invoke_full (q->owner_context, G_PRIORITY_DEFAULT, emit_cb, req,
                              (GDestroyNotify) request_free);

  g_mutex_lock (&q->lock);
  while (!q->answered && !(cancellable != NULL && g_cancellable_is_cancelled (cancellable)))
    g_cond_wait (&q->cond, &q->lock);
  answered = q->answered;
  *answer_out = answered ? g_steal_pointer (&q->answer) : NULL;
  /* A late answer to this request is dropped. */
  q->answered = TRUE;
  q->asking = 0;

  /* g_cancellable_disconnect() waits for a running handler, which takes
   * the lock: let it go meanwhile. */
  if (handler != 0)
    {
      g_mutex_unlock (&q->lock);
      g_cancellable_disconnect (cancellable, handler);
      g_mutex_lock (&q->lock);
    }
  return answered;
}
