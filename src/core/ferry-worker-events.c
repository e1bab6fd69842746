/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ferry-worker.h"
#include "ferry-worker-private.h"
#include "ferry-worker-internal.h"

/* The worker thread never emits a signal: it appends events to a locked
 * FIFO drained on the owner context, and coalesces progress (see the
 * threading model in ferry-worker.c). */

/* ---------------------------------------------------------------------- */
/* Events and links                                                         */

void
ferry_worker_event_free (FerryWorkerEvent *ev)
{
  g_free (ev->text);
  g_clear_pointer (&ev->entries, g_ptr_array_unref);
  g_clear_pointer (&ev->dropped, g_ptr_array_unref);
  g_clear_error (&ev->error);
  g_free (ev);
}

FerryWorkerEvent *
ferry_worker_event_new (EventKind kind,
                        guint     job)
{
  FerryWorkerEvent *ev = g_new0 (FerryWorkerEvent, 1);

  ev->kind = kind;
  ev->job = job;
  return ev;
}

WorkerLink *
ferry_worker_link_ref (WorkerLink *link)
{
  g_atomic_ref_count_inc (&link->ref);
  return link;
}

void
ferry_worker_link_unref (gpointer data)
{
  WorkerLink *link = data;

  if (!g_atomic_ref_count_dec (&link->ref))
    return;
  g_weak_ref_clear (&link->worker);
  g_free (link);
}

/* ---------------------------------------------------------------------- */
/* Main context side: draining events                                       */

static void
set_main_state (FerryWorker      *self,
                FerryWorkerState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_signal_emit (self, ferry_worker_signals[STATE_CHANGED], 0, state);
  g_object_notify_by_pspec (G_OBJECT (self), ferry_worker_properties[PROP_STATE]);
}

static void
set_main_cwd (FerryWorker *self,
              const char  *cwd)
{
  if (g_strcmp0 (self->cwd, cwd) == 0)
    return;
  g_free (self->cwd);
  self->cwd = g_strdup (cwd);
  g_object_notify_by_pspec (G_OBJECT (self), ferry_worker_properties[PROP_CWD]);
}

static void
emit_event (FerryWorker      *self,
            FerryWorkerEvent *ev)
{
  GTask *task;

  ASSERT_OWNER_CONTEXT (self);

  switch (ev->kind)
    {
    case EVENT_LOG:
      g_signal_emit (self, ferry_worker_signals[LOG_LINE], 0, (int) ev->log_kind, ev->code, ev->text);
      if (ev->log_kind == FERRY_LOG_REPLY)
        g_signal_emit (self, ferry_worker_signals[REPLY], 0, ev->code, ev->text);
      break;

    case EVENT_STATE:
      set_main_state (self, ev->state);
      break;

    case EVENT_CWD:
      set_main_cwd (self, ev->text);
      break;

    case EVENT_LISTING:
      set_main_cwd (self, ev->text);
      task = ferry_worker_lookup_task (self, ev->job);
      if (task != NULL)
        {
          /* Kept for _list_finish; the path travels as the array's "path". */
          g_object_set_data_full (G_OBJECT (task), "ferry-listing", g_ptr_array_ref (ev->entries),
                                  (GDestroyNotify) g_ptr_array_unref);
          g_object_set_data_full (G_OBJECT (task), "ferry-listing-path", g_strdup (ev->text), g_free);
        }
      else
        {
          if (ev->dropped != NULL)
            g_signal_emit (self, ferry_worker_signals[LISTING_DROPPED], 0, ev->job, ev->dropped);
          g_signal_emit (self, ferry_worker_signals[LISTING_READY], 0, ev->job, ev->text, ev->entries);
        }
      break;

    case EVENT_LISTING_BATCH:
      task = ferry_worker_lookup_task (self, ev->job);
      if (task == NULL)
        g_signal_emit (self, ferry_worker_signals[LISTING_BATCH], 0, ev->job, ev->text, ev->entries);
      else if (!g_cancellable_is_cancelled (g_task_get_cancellable (task)))
        {
          FerryWorkerBatchFunc func = g_object_get_data (G_OBJECT (task), "ferry-batch-func");

          if (func != NULL && !func (ev->text, ev->entries, g_object_get_data (G_OBJECT (task), "ferry-batch-data")))
            {
              FerryJob *job;

              /* Copies nobody wants cost memory: the worker stops. */
              g_object_set_data (G_OBJECT (task), "ferry-batch-func", NULL);
              g_mutex_lock (&self->lock);
              job = g_hash_table_lookup (self->jobs, GUINT_TO_POINTER (ev->job));
              if (job != NULL)
                g_atomic_int_set (&job->no_batches, TRUE);
              g_mutex_unlock (&self->lock);
            }
        }
      break;

    case EVENT_PROGRESS:
      g_signal_emit (self, ferry_worker_signals[PROGRESS], 0, ev->job, ev->done, ev->total, ev->rate);
      break;

    case EVENT_FINISHED:
      if (!ferry_worker_complete_task (self, ev->job, ev->error))
        g_signal_emit (self, ferry_worker_signals[JOB_FINISHED], 0, ev->job, ev->error);
      break;

    default:
      g_assert_not_reached ();
    }
}

static gboolean
dispatch_events_cb (gpointer data)
{
  WorkerLink *link = data;
  g_autoptr(FerryWorker) self = g_weak_ref_get (&link->worker);

  if (self == NULL)
    return G_SOURCE_REMOVE;

  /* Bounded so that a chatty server cannot starve the main loop. */
  for (guint i = 0; i < EVENT_BATCH; i++)
    {
      FerryWorkerEvent *ev;

      g_mutex_lock (&self->lock);
      ev = g_queue_pop_head (&self->events);
      if (ev == NULL)
        {
          g_clear_pointer (&self->events_source, g_source_unref);
          g_mutex_unlock (&self->lock);
          return G_SOURCE_REMOVE;
        }
      g_mutex_unlock (&self->lock);

      /* Emitted unlocked: handlers may call back into the worker. */
      emit_event (self, ev);
      ferry_worker_event_free (ev);
    }

  return G_SOURCE_CONTINUE;
}

static gboolean
dispatch_progress_cb (gpointer data)
{
  WorkerLink *link = data;
  g_autoptr(FerryWorker) self = g_weak_ref_get (&link->worker);
  gboolean have = FALSE;
  guint job = 0;
  guint64 done = 0;
  gint64 total = -1;
  double rate = 0;

  if (self == NULL)
    return G_SOURCE_REMOVE;

  ASSERT_OWNER_CONTEXT (self);

  g_mutex_lock (&self->lock);
  if (self->progress_dirty && self->progress_job != 0)
    {
      have = TRUE;
      job = self->progress_job;
      done = self->progress_done;
      total = self->progress_total;
      rate = self->progress_rate;
      self->progress_last_emit = g_get_monotonic_time ();
    }
  self->progress_dirty = FALSE;
  g_clear_pointer (&self->progress_source, g_source_unref);
  g_mutex_unlock (&self->lock);

  if (have)
    g_signal_emit (self, ferry_worker_signals[PROGRESS], 0, job, done, total, rate);

  return G_SOURCE_REMOVE;
}

/* ---------------------------------------------------------------------- */
/* Worker thread side: producing events                                     */

void
ferry_worker_queue_event (FerryWorker      *self,
                          FerryWorkerEvent *ev)
{
  g_mutex_lock (&self->lock);
  if (self->disposing)
    {
      /* Nobody is listening any more. */
      g_mutex_unlock (&self->lock);
      ferry_worker_event_free (ev);
      return;
    }

  g_queue_push_tail (&self->events, ev);
  if (self->events_source == NULL)
    {
      GSource *source = g_idle_source_new ();

      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_static_name (source, "[ferry] worker events");
      g_source_set_callback (source, dispatch_events_cb, ferry_worker_link_ref (self->link), ferry_worker_link_unref);
      g_source_attach (source, self->owner_context);
      self->events_source = source;
    }
  g_mutex_unlock (&self->lock);
}

void
ferry_worker_set_state (FerryWorker      *self,
                        FerryWorkerState  state)
{
  FerryWorkerEvent *ev;

  if (self->wstate == state)
    return;
  self->wstate = state;
  ev = ferry_worker_event_new (EVENT_STATE, 0);
  ev->state = state;
  ferry_worker_queue_event (self, ev);
}

void
ferry_worker_session_log_cb (FerryLogKind  kind,
                             guint         code,
                             const char   *text,
                             gpointer      user_data)
{
  FerryWorker *self = user_data;
  FerryWorkerEvent *ev = ferry_worker_event_new (EVENT_LOG, self->current ? self->current->id : 0);

  ev->log_kind = kind;
  ev->code = code;
  ev->text = g_strdup (text);
  ferry_worker_queue_event (self, ev);
}

void
ferry_worker_log_info (FerryWorker *self,
                       const char  *text)
{
  ferry_worker_session_log_cb (FERRY_LOG_INFO, 0, text, self);
}

/* Bytes per second over the last RATE_WINDOW_US, from samples taken at
 * most every progress interval. */
static double
rate_update (FerryWorker *self,
             gint64       now,
             guint64      done)
{
  const RateSample *oldest = NULL;
  guint last;
  double dt;

  if (self->n_samples == 0)
    {
      self->samples[0].time = now;
      self->samples[0].done = done;
      self->first_sample = 0;
      self->n_samples = 1;
      return 0;
    }

  last = (self->first_sample + self->n_samples - 1) % RATE_SAMPLES;
  if (now - self->samples[last].time >= FERRY_WORKER_PROGRESS_INTERVAL_MS * 1000)
    {
      guint slot = (last + 1) % RATE_SAMPLES;

      if (self->n_samples == RATE_SAMPLES)
        self->first_sample = (self->first_sample + 1) % RATE_SAMPLES;
      else
        self->n_samples++;
      self->samples[slot].time = now;
      self->samples[slot].done = done;
    }

  for (guint i = 0; i < self->n_samples; i++)
    {
      const RateSample *s = &self->samples[(self->first_sample + i) % RATE_SAMPLES];

      if (now - s->time <= RATE_WINDOW_US)
        {
          oldest = s;
          break;
        }
    }
  if (oldest == NULL)
    oldest = &self->samples[last];

  dt = (double) (now - oldest->time) / G_USEC_PER_SEC;
  if (dt <= 0 || done < oldest->done)
    return self->current ? self->current->rate : 0;
  return (double) (done - oldest->done) / dt;
}

void
ferry_worker_session_progress_cb (guint64   done,
                                  gint64    total,
                                  gpointer  user_data)
{
  FerryWorker *self = user_data;
  FerryJob *job = self->current;
  gint64 now = g_get_monotonic_time ();

  g_return_if_fail (job != NULL);

  job->rate = rate_update (self, now, done);
  job->progress_seen = TRUE;
  job->done = done;
  job->total = total;

  g_mutex_lock (&self->lock);
  if (!self->disposing)
    {
      self->progress_job = job->id;
      self->progress_done = done;
      self->progress_total = total;
      self->progress_rate = job->rate;
      self->progress_dirty = TRUE;

      if (self->progress_source == NULL)
        {
          gint64 wait_us = self->progress_last_emit
                           + FERRY_WORKER_PROGRESS_INTERVAL_MS * 1000 - now;
          GSource *source = g_timeout_source_new (CLAMP (wait_us / 1000, 0,
                                                         FERRY_WORKER_PROGRESS_INTERVAL_MS));

          g_source_set_static_name (source, "[ferry] worker progress");
          g_source_set_callback (source, dispatch_progress_cb, ferry_worker_link_ref (self->link), ferry_worker_link_unref);
          g_source_attach (source, self->owner_context);
          self->progress_source = source;
        }
    }
  g_mutex_unlock (&self->lock);
}

void
ferry_worker_finish_job (FerryWorker  *self,
                         FerryJob     *job,
                         GError       *error)   /* (transfer full) */
{
  FerryWorkerEvent *ev;

  /* A pending coalesced progress must not land after job-finished: take
   * it back and send the final values through the ordered FIFO instead. */
  g_mutex_lock (&self->lock);
  if (self->progress_job == job->id)
    {
      self->progress_job = 0;
      self->progress_dirty = FALSE;
    }
  g_mutex_unlock (&self->lock);

  if (job->progress_seen)
    {
      ev = ferry_worker_event_new (EVENT_PROGRESS, job->id);
      ev->done = job->done;
      ev->total = job->total;
      ev->rate = job->rate;
      ferry_worker_queue_event (self, ev);
    }

  ev = ferry_worker_event_new (EVENT_FINISHED, job->id);
  ev->error = error;
  ferry_worker_queue_event (self, ev);

  g_mutex_lock (&self->lock);
  g_hash_table_remove (self->jobs, GUINT_TO_POINTER (job->id));
  g_mutex_unlock (&self->lock);
}

