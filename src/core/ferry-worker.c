/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ferry-worker.h"
#include "ferry-worker-private.h"
#include "ferry-worker-account.h"
#include "ferry-worker-certificate.h"

/*
 * Threading model (gnome-calendar style):
 *
 *  - The owner (main) thread creates the worker, allocates job ids and
 *    pushes jobs into an async queue.  It reads only the "main" fields.
 *  - The worker thread pops jobs, owns the FerrySession and the "worker"
 *    fields.  It never emits a signal: it appends events to a locked FIFO
 *    and schedules (at most) one idle source on the owner's context that
 *    drains the FIFO, so signals keep the order in which things happened.
 *  - Progress is coalesced nautilus style: the worker thread stores the
 *    latest values under the lock and schedules at most one timeout source
 *    that fires no sooner than FERRY_WORKER_PROGRESS_INTERVAL_MS after the
 *    previous progress signal.
 *  - Sources do not hold a strong ref on the worker (that would keep it
 *    alive after its owner dropped it, with the thread still running); they
 *    hold a small link with a GWeakRef made on the main thread, and
 *    dispose destroys them.
 */

#define RATE_WINDOW_US   (2 * G_USEC_PER_SEC)
#define RATE_SAMPLES     32
#define EVENT_BATCH      256

typedef enum
{
  JOB_CONNECT,
  JOB_DISCONNECT,
  JOB_LIST,
  JOB_DOWNLOAD,
  JOB_UPLOAD,
  JOB_MKDIR,
  JOB_DELETE,
  JOB_RENAME,
  JOB_RAW,
  JOB_QUIT,
} JobKind;

typedef struct
{
  gatomicrefcount  ref;
  guint            id;
  JobKind          kind;
  char            *arg1;
  char            *arg2;
  gboolean         is_dir;
  FerryOverwrite   policy;
  FerryTransferOptions options; /* download/upload; throttle owned */
  GCancellable    *cancellable;
  gboolean         started;     /* under the worker's lock */

  /* Worker thread only. */
  gboolean         progress_seen;
  guint64          done;
  gint64           total;
  double           rate;
} FerryJob;

typedef enum
{
  EVENT_LOG,
  EVENT_STATE,
  EVENT_CWD,
  EVENT_LISTING,
  EVENT_PROGRESS,
  EVENT_FINISHED,
} EventKind;

typedef struct
{
  EventKind         kind;
  guint             job;
  FerryLogKind      log_kind;
  guint             code;
  FerryWorkerState  state;
  char             *text;      /* log text, cwd or listed path */
  GPtrArray        *entries;
  GError           *error;
  guint64           done;
  gint64            total;
  double            rate;
} FerryWorkerEvent;

/* What a main-context source holds instead of a strong ref. */
typedef struct
{
  gatomicrefcount  ref;
  GWeakRef         worker;
} WorkerLink;

typedef struct
{
  gint64   time;
  guint64  done;
} RateSample;

struct _FerryWorker
{
  GObject           parent_instance;

  /* Immutable after ferry_worker_new (); read by both threads. */
  GMainContext     *owner_context;
  FerrySite        *site;
  GThread          *thread;
  GAsyncQueue      *queue;          /* FerryJob */
  WorkerLink       *link;
  GCancellable     *shutdown;       /* cancelled by dispose: keep-alive, QUIT */
  gint              keepalive_ms;   /* atomic */

  /* Main thread only. */
  guint             next_job_id;
  FerryWorkerState  state;          /* as last signalled */
  char             *cwd;            /* as last signalled */

  /* Shared, under @lock. */
  GMutex            lock;
  gboolean          disposing;
  GHashTable       *jobs;           /* id → FerryJob, queued or running */
  GQueue            events;         /* FerryWorkerEvent */
  GSource          *events_source;
  GSource          *progress_source;
  gint64            progress_last_emit;
  guint             progress_job;   /* 0: nothing to report */
  gboolean          progress_dirty;
  guint64           progress_done;
  gint64            progress_total;
  double            progress_rate;

  /* Worker thread only. */
  FerrySession     *session;
  FerryWorkerState  wstate;
  char             *session_cwd;    /* what the last PWD said; NULL: unknown */
  FerryJob         *current;
  RateSample        samples[RATE_SAMPLES];
  guint             n_samples;
  guint             first_sample;
};

G_DEFINE_FINAL_TYPE (FerryWorker, ferry_worker, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (FerryWorkerState, ferry_worker_state,
  G_DEFINE_ENUM_VALUE (FERRY_WORKER_DISCONNECTED, "disconnected"),
  G_DEFINE_ENUM_VALUE (FERRY_WORKER_CONNECTING, "connecting"),
  G_DEFINE_ENUM_VALUE (FERRY_WORKER_IDLE, "idle"),
  G_DEFINE_ENUM_VALUE (FERRY_WORKER_BUSY, "busy"))

enum {
  PROP_0,
  PROP_STATE,
  PROP_CWD,
  N_PROPS
};

enum {
  LOG_LINE,
  REPLY,
  STATE_CHANGED,
  LISTING_READY,
  PROGRESS,
  JOB_FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

#define ASSERT_OWNER_CONTEXT(self) \
  g_assert (g_main_context_is_owner ((self)->owner_context))

/* ---------------------------------------------------------------------- */
/* Jobs, events, links                                                      */

static FerryJob *
job_new (JobKind kind)
{
  FerryJob *job = g_new0 (FerryJob, 1);

  g_atomic_ref_count_init (&job->ref);
  job->kind = kind;
  job->total = -1;
  job->cancellable = g_cancellable_new ();
  ferry_transfer_options_init (&job->options);
  return job;
}

static FerryJob *
job_ref (FerryJob *job)
{
  g_atomic_ref_count_inc (&job->ref);
  return job;
}

static void
job_unref (FerryJob *job)
{
  if (!g_atomic_ref_count_dec (&job->ref))
    return;
  g_free (job->arg1);
  g_free (job->arg2);
  g_clear_pointer (&job->options.throttle, ferry_throttle_unref);
  g_clear_object (&job->cancellable);
  g_free (job);
}

static void
event_free (FerryWorkerEvent *ev)
{
  g_free (ev->text);
  g_clear_pointer (&ev->entries, g_ptr_array_unref);
  g_clear_error (&ev->error);
  g_free (ev);
}

static FerryWorkerEvent *
event_new (EventKind kind,
           guint     job)
{
  FerryWorkerEvent *ev = g_new0 (FerryWorkerEvent, 1);

  ev->kind = kind;
  ev->job = job;
  return ev;
}

static WorkerLink *
link_ref (WorkerLink *link)
{
  g_atomic_ref_count_inc (&link->ref);
  return link;
}

static void
link_unref (gpointer data)
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
  g_signal_emit (self, signals[STATE_CHANGED], 0, state);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_main_cwd (FerryWorker *self,
              const char  *cwd)
{
  if (g_strcmp0 (self->cwd, cwd) == 0)
    return;
  g_free (self->cwd);
  self->cwd = g_strdup (cwd);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CWD]);
}

static void
emit_event (FerryWorker      *self,
            FerryWorkerEvent *ev)
{
  ASSERT_OWNER_CONTEXT (self);

  switch (ev->kind)
    {
    case EVENT_LOG:
      g_signal_emit (self, signals[LOG_LINE], 0, (int) ev->log_kind, ev->code, ev->text);
      if (ev->log_kind == FERRY_LOG_REPLY)
        g_signal_emit (self, signals[REPLY], 0, ev->code, ev->text);
      break;

    case EVENT_STATE:
      set_main_state (self, ev->state);
      break;

    case EVENT_CWD:
      set_main_cwd (self, ev->text);
      break;

    case EVENT_LISTING:
      set_main_cwd (self, ev->text);
      g_signal_emit (self, signals[LISTING_READY], 0, ev->job, ev->text, ev->entries);
      break;

    case EVENT_PROGRESS:
      g_signal_emit (self, signals[PROGRESS], 0, ev->job, ev->done, ev->total, ev->rate);
      break;

    case EVENT_FINISHED:
      g_signal_emit (self, signals[JOB_FINISHED], 0, ev->job, ev->error);
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
      event_free (ev);
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
    g_signal_emit (self, signals[PROGRESS], 0, job, done, total, rate);

  return G_SOURCE_REMOVE;
}

/* ---------------------------------------------------------------------- */
/* Worker thread side: producing events                                     */

static void
queue_event (FerryWorker      *self,
             FerryWorkerEvent *ev)
{
  g_mutex_lock (&self->lock);
  if (self->disposing)
    {
      /* Nobody is listening any more. */
      g_mutex_unlock (&self->lock);
      event_free (ev);
      return;
    }

  g_queue_push_tail (&self->events, ev);
  if (self->events_source == NULL)
    {
      GSource *source = g_idle_source_new ();

      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_static_name (source, "[ferry] worker events");
      g_source_set_callback (source, dispatch_events_cb, link_ref (self->link), link_unref);
      g_source_attach (source, self->owner_context);
      self->events_source = source;
    }
  g_mutex_unlock (&self->lock);
}

static void
set_state (FerryWorker      *self,
           FerryWorkerState  state)
{
  FerryWorkerEvent *ev;

  if (self->wstate == state)
    return;
  self->wstate = state;
  ev = event_new (EVENT_STATE, 0);
  ev->state = state;
  queue_event (self, ev);
}

static void
session_log_cb (FerryLogKind  kind,
                guint         code,
                const char   *text,
                gpointer      user_data)
{
  FerryWorker *self = user_data;
  FerryWorkerEvent *ev = event_new (EVENT_LOG, self->current ? self->current->id : 0);

  ev->log_kind = kind;
  ev->code = code;
  ev->text = g_strdup (text);
  queue_event (self, ev);
}

static void
log_info (FerryWorker *self,
          const char  *text)
{
  session_log_cb (FERRY_LOG_INFO, 0, text, self);
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

static void
session_progress_cb (guint64   done,
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
          g_source_set_callback (source, dispatch_progress_cb, link_ref (self->link), link_unref);
          g_source_attach (source, self->owner_context);
          self->progress_source = source;
        }
    }
  g_mutex_unlock (&self->lock);
}

static void
finish_job (FerryWorker  *self,
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
      ev = event_new (EVENT_PROGRESS, job->id);
      ev->done = job->done;
      ev->total = job->total;
      ev->rate = job->rate;
      queue_event (self, ev);
    }

  ev = event_new (EVENT_FINISHED, job->id);
  ev->error = error;
  queue_event (self, ev);

  g_mutex_lock (&self->lock);
  g_hash_table_remove (self->jobs, GUINT_TO_POINTER (job->id));
  g_mutex_unlock (&self->lock);
}

/* ---------------------------------------------------------------------- */
/* Worker thread: the session                                               */

static void
drop_session (FerryWorker *self)
{
  if (self->session == NULL)
    return;
  ferry_session_close (self->session);
  g_clear_object (&self->session);
  g_clear_pointer (&self->session_cwd, g_free);
}

static void
set_worker_cwd (FerryWorker *self,
                guint        job,
                const char  *cwd)
{
  FerryWorkerEvent *ev = event_new (EVENT_CWD, job);

  ev->text = g_strdup (cwd);
  queue_event (self, ev);
}

static gboolean
ensure_open (FerryWorker   *self,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autofree char *pwd = NULL;

  if (self->session != NULL && ferry_session_is_open (self->session))
    return TRUE;

  drop_session (self);
  set_state (self, FERRY_WORKER_CONNECTING);

  /* A fresh session per connection: nothing of a dead one carries over. */
  self->session = ferry_session_new ();
  ferry_session_set_log_func (self->session, session_log_cb, self, NULL);
  ferry_worker_certificate_attach (self, self->session, cancellable);
  ferry_worker_account_attach (self, self->session, cancellable);
  if (!ferry_session_open (self->session, self->site, cancellable, error))
    {
      drop_session (self);
      set_state (self, FERRY_WORKER_DISCONNECTED);
      return FALSE;
    }

  /* Not fatal: a server without PWD still works with absolute paths. */
  pwd = ferry_session_pwd (self->session, cancellable, NULL);
  if (pwd != NULL)
    set_worker_cwd (self, self->current ? self->current->id : 0, pwd);
  g_free (self->session_cwd);
  self->session_cwd = g_steal_pointer (&pwd);

  set_state (self, FERRY_WORKER_IDLE);
  return TRUE;
}

static gboolean
run_list (FerryWorker   *self,
          FerryJob      *job,
          GError       **error)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *pwd = NULL;
  FerryWorkerEvent *ev;

  /* CWD then PWD: the server resolves "..", relative paths and links,
   * and the listing is labelled with the absolute path it really is. */
  if (job->arg1 != NULL)
    {
      g_clear_pointer (&self->session_cwd, g_free);
      if (!ferry_session_cwd (self->session, job->arg1, job->cancellable, error))
        return FALSE;
    }

  /* Listing where we are: the PWD of the connect (or of the last list)
   * still holds, nothing else changes directory. */
  if (job->arg1 == NULL && self->session_cwd != NULL)
    pwd = g_strdup (self->session_cwd);
  else
    {
      pwd = ferry_session_pwd (self->session, job->cancellable, NULL);
      g_clear_pointer (&self->session_cwd, g_free);
      self->session_cwd = g_strdup (pwd);
    }
  if (pwd == NULL)
    {
      if (job->arg1 != NULL && job->arg1[0] == '/')
        pwd = g_strdup (job->arg1);
      else
        pwd = g_strdup (self->site->path ? self->site->path : "/");
    }

  entries = ferry_session_list (self->session, NULL, job->cancellable, error);
  if (entries == NULL)
    return FALSE;

  ev = event_new (EVENT_LISTING, job->id);
  ev->text = g_steal_pointer (&pwd);
  ev->entries = g_steal_pointer (&entries);
  queue_event (self, ev);
  return TRUE;
}

static gboolean
run_raw (FerryWorker   *self,
         FerryJob      *job,
         GError       **error)
{
  g_autoptr(FerryReply) reply = NULL;

  /* A raw command may be a CWD: the directory is unknown from now on. */
  g_clear_pointer (&self->session_cwd, g_free);

  /* The reply lines reach log-line and reply through the log func. */
  reply = ferry_session_command (self->session, job->arg1, job->cancellable, error);
  if (reply == NULL)
    return FALSE;
  if (ferry_reply_get_class (reply) >= FERRY_REPLY_TRANSIENT)
    {
      ferry_reply_set_error (reply, error);
      return FALSE;
    }
  return TRUE;
}

static gboolean
run_operation (FerryWorker   *self,
               FerryJob      *job,
               GError       **error)
{
  switch (job->kind)
    {
    case JOB_CONNECT:
      return TRUE;

    case JOB_LIST:
      return run_list (self, job, error);

    case JOB_DOWNLOAD:
      return ferry_file_transfer_download_full (self->session, job->arg1, job->arg2, job->policy,
                                                &job->options, session_progress_cb, self,
                                                job->cancellable, error);

    case JOB_UPLOAD:
      return ferry_file_transfer_upload_full (self->session, job->arg1, job->arg2, job->policy,
                                              &job->options, session_progress_cb, self,
                                              job->cancellable, error);

    case JOB_MKDIR:
      return ferry_session_mkdir (self->session, job->arg1, job->cancellable, error);

    case JOB_DELETE:
      if (job->is_dir)
        return ferry_session_rmdir (self->session, job->arg1, job->cancellable, error);
      return ferry_session_delete (self->session, job->arg1, job->cancellable, error);

    case JOB_RENAME:
      return ferry_session_rename (self->session, job->arg1, job->arg2, job->cancellable, error);

    case JOB_RAW:
      return run_raw (self, job, error);

    case JOB_DISCONNECT:
    case JOB_QUIT:
    default:
      g_assert_not_reached ();
    }
}

static gboolean
is_connection_lost (const GError *error)
{
  return g_error_matches (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_CLOSED) ||
         g_error_matches (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_NOT_CONNECTED) ||
         g_error_matches (error, FERRY_FTP_ERROR, 421) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE);
}

/* Whether running @job again can do no harm: a partial upload already
 * changed the remote file, anything else is repeated safely (downloads
 * only ever write the .part file). */
static gboolean
is_retryable (const FerryJob *job)
{
  return !(job->kind == JOB_UPLOAD && job->done > 0);
}

static void
run_job (FerryWorker *self,
         FerryJob    *job)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = FALSE;

  if (g_cancellable_set_error_if_cancelled (job->cancellable, &error))
    {
      finish_job (self, job, g_steal_pointer (&error));
      return;
    }

  self->current = job;
  self->n_samples = 0;

  if (job->kind == JOB_DISCONNECT)
    {
      drop_session (self);
      set_state (self, FERRY_WORKER_DISCONNECTED);
      self->current = NULL;
      finish_job (self, job, NULL);
      return;
    }

  for (guint attempt = 0; attempt < 2; attempt++)
    {
      g_clear_error (&error);

      if (!ensure_open (self, job->cancellable, &error))
        break;

      if (job->kind != JOB_CONNECT)
        set_state (self, FERRY_WORKER_BUSY);

      ok = run_operation (self, job, &error);
      if (ok || attempt > 0 ||
          g_cancellable_is_cancelled (job->cancellable) ||
          !is_connection_lost (error) || !is_retryable (job))
        break;

      /* The server dropped us (idle timeout, restart): once, transparently. */
      log_info (self, _("Connection lost; reconnecting"));
      drop_session (self);
      job->progress_seen = FALSE;
      job->done = 0;
      self->n_samples = 0;
    }

  if (self->session != NULL && ferry_session_is_open (self->session))
    set_state (self, FERRY_WORKER_IDLE);
  else
    {
      drop_session (self);
      set_state (self, FERRY_WORKER_DISCONNECTED);
    }

  /* Whatever the engine made of an interrupted read, the caller asked
   * for a cancellation and is told so. */
  if (!ok && g_cancellable_is_cancelled (job->cancellable) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_clear_error (&error);
      g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                           _("Operation was cancelled"));
    }

  self->current = NULL;
  finish_job (self, job, ok ? NULL : g_steal_pointer (&error));
}

/* FALSE when the owner cancelled @job while it was queued: it has been
 * reported already. */
static gboolean
claim_job (FerryWorker *self,
           FerryJob    *job)
{
  gboolean ours;

  g_mutex_lock (&self->lock);
  ours = g_hash_table_contains (self->jobs, GUINT_TO_POINTER (job->id));
  job->started = ours;
  g_mutex_unlock (&self->lock);
  return ours;
}

static void
keep_alive (FerryWorker *self)
{
  g_autoptr(FerryReply) reply = NULL;
  g_autoptr(GError) error = NULL;

  if (self->session == NULL)
    return;

  reply = ferry_session_command (self->session, "NOOP", self->shutdown, &error);
  if (reply == NULL || reply->code == 421 || !ferry_session_is_open (self->session))
    {
      drop_session (self);
      set_state (self, FERRY_WORKER_DISCONNECTED);
    }
}

static gpointer
worker_thread_main (gpointer data)
{
  FerryWorker *self = data;

  for (;;)
    {
      FerryJob *job;
      gint interval_ms = g_atomic_int_get (&self->keepalive_ms);

      if (self->session != NULL)
        job = g_async_queue_timeout_pop (self->queue, (guint64) interval_ms * 1000);
      else
        job = g_async_queue_pop (self->queue);

      if (job == NULL)
        {
          keep_alive (self);
          continue;
        }

      if (job->kind == JOB_QUIT)
        {
          job_unref (job);
          break;
        }

      if (claim_job (self, job))
        run_job (self, job);
      job_unref (job);
    }

  /* ferry_session_close sends QUIT with a bounded wait. */
  drop_session (self);
  return NULL;
}

/* ---------------------------------------------------------------------- */
/* GObject                                                                  */

static void
ferry_worker_dispose (GObject *object)
{
  FerryWorker *self = FERRY_WORKER (object);

  if (self->thread != NULL)
    {
      g_mutex_lock (&self->lock);
      self->disposing = TRUE;
      g_queue_clear_full (&self->events, (GDestroyNotify) event_free);
      if (self->events_source != NULL)
        g_source_destroy (self->events_source);
      g_clear_pointer (&self->events_source, g_source_unref);
      if (self->progress_source != NULL)
        g_source_destroy (self->progress_source);
      g_clear_pointer (&self->progress_source, g_source_unref);
      g_mutex_unlock (&self->lock);

      ferry_worker_cancel (self, 0);
      g_cancellable_cancel (self->shutdown);
      g_async_queue_push (self->queue, job_new (JOB_QUIT));
      g_thread_join (g_steal_pointer (&self->thread));
    }

  G_OBJECT_CLASS (ferry_worker_parent_class)->dispose (object);
}

static void
ferry_worker_finalize (GObject *object)
{
  FerryWorker *self = FERRY_WORKER (object);

  g_clear_pointer (&self->queue, g_async_queue_unref);
  g_clear_pointer (&self->jobs, g_hash_table_unref);
  g_clear_pointer (&self->link, link_unref);
  g_clear_pointer (&self->site, ferry_site_free);
  g_clear_pointer (&self->cwd, g_free);
  g_clear_pointer (&self->session_cwd, g_free);
  g_clear_pointer (&self->owner_context, g_main_context_unref);
  g_clear_object (&self->shutdown);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (ferry_worker_parent_class)->finalize (object);
}

static void
ferry_worker_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  FerryWorker *self = FERRY_WORKER (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_CWD:
      g_value_set_string (value, self->cwd);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_worker_class_init (FerryWorkerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ferry_worker_dispose;
  object_class->finalize = ferry_worker_finalize;
  object_class->get_property = ferry_worker_get_property;
  ferry_worker_certificate_class_init (object_class);
  ferry_worker_account_class_init (object_class);

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       FERRY_TYPE_WORKER_STATE, FERRY_WORKER_DISCONNECTED,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CWD] =
    g_param_spec_string ("cwd", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* (FerryLogKind kind, guint code, const char *text); kind as int
   * because FerryLogKind has no GType. */
  signals[LOG_LINE] =
    g_signal_new ("log-line", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                  G_TYPE_INT, G_TYPE_UINT, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);

  signals[REPLY] =
    g_signal_new ("reply", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                  G_TYPE_UINT, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);

  signals[STATE_CHANGED] =
    g_signal_new ("state-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, FERRY_TYPE_WORKER_STATE);

  /* (guint job, const char *path, GPtrArray *entries of FerryListEntry);
   * handlers that keep the array take a ref. */
  signals[LISTING_READY] =
    g_signal_new ("listing-ready", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                  G_TYPE_UINT, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE,
                  G_TYPE_PTR_ARRAY | G_SIGNAL_TYPE_STATIC_SCOPE);

  signals[PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 4,
                  G_TYPE_UINT, G_TYPE_UINT64, G_TYPE_INT64, G_TYPE_DOUBLE);

  /* (guint job, const GError *error), error NULL on success. */
  signals[JOB_FINISHED] =
    g_signal_new ("job-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                  G_TYPE_UINT, G_TYPE_ERROR | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
ferry_worker_init (FerryWorker *self)
{
  g_mutex_init (&self->lock);
  g_queue_init (&self->events);
  self->jobs = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) job_unref);
  self->queue = g_async_queue_new_full ((GDestroyNotify) job_unref);
  self->shutdown = g_cancellable_new ();
  self->keepalive_ms = FERRY_WORKER_KEEPALIVE_DEFAULT_MS;
  self->next_job_id = 1;
  self->state = FERRY_WORKER_DISCONNECTED;
  self->wstate = FERRY_WORKER_DISCONNECTED;
  self->progress_last_emit = G_MININT64 / 2;
}

/* ---------------------------------------------------------------------- */
/* Public API (owner thread)                                                */

FerryWorker *
ferry_worker_new (const FerrySite *site)
{
  FerryWorker *self;

  g_return_val_if_fail (site != NULL, NULL);

  self = g_object_new (FERRY_TYPE_WORKER, NULL);
  self->owner_context = g_main_context_ref_thread_default ();
  ferry_worker_certificate_init (self);
  ferry_worker_account_init (self);
  self->site = ferry_site_copy (site);

  /* The weak ref is made here, while the object is surely alive, and
   * only ever read afterwards (from sources on the owner context). */
  self->link = g_new0 (WorkerLink, 1);
  g_atomic_ref_count_init (&self->link->ref);
  g_weak_ref_init (&self->link->worker, self);

  /* The thread borrows @self: dispose joins it before anything is freed. */
  self->thread = g_thread_new ("ferry-worker", worker_thread_main, self);
  return self;
}

void
ferry_worker_set_keepalive_interval (FerryWorker *self,
                                     guint        interval_ms)
{
  g_return_if_fail (FERRY_IS_WORKER (self));

  g_atomic_int_set (&self->keepalive_ms,
                    interval_ms ? (gint) MIN (interval_ms, G_MAXINT)
                                : FERRY_WORKER_KEEPALIVE_DEFAULT_MS);
}

const FerrySite *
ferry_worker_get_site (FerryWorker *self)
{
  g_return_val_if_fail (FERRY_IS_WORKER (self), NULL);
  return self->site;
}

FerryWorkerState
ferry_worker_get_state (FerryWorker *self)
{
  g_return_val_if_fail (FERRY_IS_WORKER (self), FERRY_WORKER_DISCONNECTED);
  return self->state;
}

const char *
ferry_worker_get_cwd (FerryWorker *self)
{
  g_return_val_if_fail (FERRY_IS_WORKER (self), NULL);
  /* The owner's copy, updated in step with the signals: no lock needed
   * and never freed under the caller by the worker thread. */
  return self->cwd;
}

/* Queues a new job; arguments are copied. */
static guint
submit_full (FerryWorker                *self,
             JobKind                     kind,
             const char                 *arg1,
             const char                 *arg2,
             gboolean                    is_dir,
             FerryOverwrite              policy,
             const FerryTransferOptions *options)
{
  FerryJob *job = job_new (kind);
  guint id;

  job->arg1 = g_strdup (arg1);
  job->arg2 = g_strdup (arg2);
  job->is_dir = !!is_dir;
  job->policy = policy;
  if (options != NULL)
    {
      job->options = *options;
      if (options->throttle != NULL)
        job->options.throttle = ferry_throttle_ref (options->throttle);
    }
  job->id = id = self->next_job_id++;
  if (self->next_job_id == 0)
    self->next_job_id = 1;

  g_mutex_lock (&self->lock);
  g_hash_table_insert (self->jobs, GUINT_TO_POINTER (id), job_ref (job));
  g_mutex_unlock (&self->lock);

  /* @job may be gone as soon as it is pushed: return the copy of its id. */
  g_async_queue_push (self->queue, job);
  return id;
}

static guint
submit (FerryWorker    *self,
        JobKind         kind,
        const char     *arg1,
        const char     *arg2,
        gboolean        is_dir,
        FerryOverwrite  policy)
{
  return submit_full (self, kind, arg1, arg2, is_dir, policy, NULL);
}

guint
ferry_worker_connect (FerryWorker *self)
{
  g_return_val_if_fail (FERRY_IS_WORKER (self), 0);
  return submit (self, JOB_CONNECT, NULL, NULL, FALSE, 0);
}

guint
ferry_worker_disconnect (FerryWorker *self)
{
  g_return_val_if_fail (FERRY_IS_WORKER (self), 0);
  return submit (self, JOB_DISCONNECT, NULL, NULL, FALSE, 0);
}

guint
ferry_worker_list (FerryWorker *self,
                   const char  *path)
{
  g_return_val_if_fail (FERRY_IS_WORKER (self), 0);
  return submit (self, JOB_LIST, path, NULL, FALSE, 0);
}

guint
ferry_worker_download (FerryWorker    *self,
                       const char     *remote_path,
                       const char     *local_path,
                       FerryOverwrite  policy)
{
  g_return_val_if_fail (FERRY_IS_WORKER (self), 0);
  g_return_val_if_fail (remote_path != NULL && local_path != NULL, 0);
  return submit (self, JOB_DOWNLOAD, remote_path, local_path, FALSE, policy);
}

guint
ferry_worker_upload (FerryWorker    *self,
                     const char     *local_path,
                     const char     *remote_path,
                     FerryOverwrite  policy)
{
  g_return_val_if_fail (FERRY_IS_WORKER (self), 0);
  g_return_val_if_fail (local_path != NULL && remote_path != NULL, 0);
  return submit (self, JOB_UPLOAD, local_path, remote_path, FALSE, policy);
}

guint
ferry_worker_download_full (FerryWorker                *self,
                            const char                 *remote_path,
                            const char                 *local_path,
                            FerryOverwrite              policy,
                            const FerryTransferOptions *options)
{
  g_return_val_if_fail (FERRY_IS_WORKER (self), 0);
  g_return_val_if_fail (remote_path != NULL && local_path != NULL, 0);
  return submit_full (self, JOB_DOWNLOAD, remote_path, local_path, FALSE, policy, options);
}

guint
ferry_worker_upload_full (FerryWorker                *self,
                          const char                 *local_path,
                          const char                 *remote_path,
                          FerryOverwrite              policy,
                          const FerryTransferOptions *options)
{
  g_return_val_if_fail (FERRY_IS_WORKER (self), 0);
  g_return_val_if_fail (local_path != NULL && remote_path != NULL, 0);
  return submit_full (self, JOB_UPLOAD, local_path, remote_path, FALSE, policy, options);
}

guint
ferry_worker_mkdir (FerryWorker *self,
                    const char  *remote_path)
{
  g_return_val_if_fail (FERRY_IS_WORKER (self), 0);
  g_return_val_if_fail (remote_path != NULL, 0);
  return submit (self, JOB_MKDIR, remote_path, NULL, FALSE, 0);
}

guint
ferry_worker_delete (FerryWorker *self,
                     const char  *remote_path,
                     gboolean     is_dir)
{
  g_return_val_if_fail (FERRY_IS_WORKER (self), 0);
  g_return_val_if_fail (remote_path != NULL, 0);
  return submit (self, JOB_DELETE, remote_path, NULL, is_dir, 0);
}

guint
ferry_worker_rename (FerryWorker *self,
                     const char  *from,
                     const char  *to)
{
  g_return_val_if_fail (FERRY_IS_WORKER (self), 0);
  g_return_val_if_fail (from != NULL && to != NULL, 0);
  return submit (self, JOB_RENAME, from, to, FALSE, 0);
}

guint
ferry_worker_raw (FerryWorker *self,
                  const char  *command)
{
  g_return_val_if_fail (FERRY_IS_WORKER (self), 0);
  g_return_val_if_fail (command != NULL, 0);
  return submit (self, JOB_RAW, command, NULL, FALSE, 0);
}

void
ferry_worker_cancel (FerryWorker *self,
                     guint        job_id)
{
  g_autoptr(GPtrArray) to_cancel = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) unstarted = g_array_new (FALSE, FALSE, sizeof (guint));
  GHashTableIter iter;
  FerryJob *job;

  g_return_if_fail (FERRY_IS_WORKER (self));

  g_mutex_lock (&self->lock);
  g_hash_table_iter_init (&iter, self->jobs);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &job))
    {
      if (job_id != 0 && job->id != job_id)
        continue;
      g_ptr_array_add (to_cancel, g_object_ref (job->cancellable));
      /* A queued job is over now, not when the worker reaches it behind
       * a long transfer; the worker skips it (see claim_job). */
      if (!job->started)
        {
          g_array_append_val (unstarted, job->id);
          g_hash_table_iter_remove (&iter);
        }
    }
  g_mutex_unlock (&self->lock);

  /* Outside the lock: "cancelled" handlers run synchronously. */
  for (guint i = 0; i < to_cancel->len; i++)
    g_cancellable_cancel (g_ptr_array_index (to_cancel, i));

  /* Through the FIFO, so that job-finished never runs inside this call. */
  for (guint i = 0; i < unstarted->len; i++)
    {
      FerryWorkerEvent *ev = event_new (EVENT_FINISHED, g_array_index (unstarted, guint, i));

      g_set_error_literal (&ev->error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                           _("Operation was cancelled"));
      queue_event (self, ev);
    }
}
