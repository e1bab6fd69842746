/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/*
 * Internal to FerryWorker: "ask the main thread a question and wait for
 * the answer", shared by the certificate and the account questions.
 *
 * The worker thread, inside a session callback, emits a signal on the
 * context that created the worker and blocks until the answer comes (from
 * any thread, usually a dialog's response) or the job's cancellable
 * fires.  One question at a time; each has an id so that a late answer to
 * a question already given up is dropped.  The question's lock also
 * guards whatever the caller keeps next to it (remembered answers).
 */

#include "ferry-worker.h"

G_BEGIN_DECLS

typedef struct _FerryWorkerQuestion FerryWorkerQuestion;

/* Main context: emits the question's signal on the (alive) worker. */
typedef void (*FerryWorkerQuestionEmit) (FerryWorker *worker,
                                         gpointer     data);

/* Main thread, in ferry_worker_new(): the owner context is the thread's
 * default.  @signal_id is the signal that asks; without a handler for it
 * (or once the worker is gone) @no_answer is the answer.  Answers are
 * freed with @answer_free (may be NULL). */
FerryWorkerQuestion *ferry_worker_question_new   (FerryWorker    *worker,
                                                  guint           signal_id,
                                                  gpointer        no_answer,
                                                  GDestroyNotify  answer_free);
FerryWorkerQuestion *ferry_worker_question_ref   (FerryWorkerQuestion *question);
void                 ferry_worker_question_unref (FerryWorkerQuestion *question);

void  ferry_worker_question_lock   (FerryWorkerQuestion *question);
void  ferry_worker_question_unlock (FerryWorkerQuestion *question);

/* With the lock held: the id of the question waiting for an answer, 0
 * when none is. */
guint ferry_worker_question_pending_locked (FerryWorkerQuestion *question);

/* Any thread, without the lock: answers question @request (takes
 * @answer; freed when @request is no longer the one waiting). */
void  ferry_worker_question_answer (FerryWorkerQuestion *question,
                                    guint                request,
                                    gpointer             answer);

/* Worker thread, with the lock held: a new question; returns its id. */
guint ferry_worker_question_begin_locked (FerryWorkerQuestion *question);

/* Worker thread, without the lock, after begin: emits on the owner context
 * (@emit with @data, freed with @data_free) and waits for the answer or
 * for @cancellable.  Returns WITH THE LOCK HELD (so the caller can keep
 * the answer next to it atomically), the question over (a late answer is
 * dropped): TRUE and the answer in *@answer_out when one came. */
gboolean ferry_worker_question_wait (FerryWorkerQuestion      *question,
                                     guint                     request,
                                     FerryWorkerQuestionEmit   emit,
                                     gpointer                  data,
                                     GDestroyNotify            data_free,
                                     GCancellable             *cancellable,
                                     gpointer                 *answer_out);

G_END_DECLS
