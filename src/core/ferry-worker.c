/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ferry-worker.h"
#include "ferry-worker-private.h"
#include "ferry-worker-internal.h"
#include "ferry-tls.h"

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

G_DEFINE_FINAL_TYPE (FerryWorker, ferry_worker, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (FerryWorkerState, ferry_worker_state,
  G_DEFINE_ENUM_VALUE (FERRY_WORKER_DISCONNECTED, "disconnected"),
  G_DEFINE_ENUM_VALUE (FERRY_WORKER_CONNECTING, "connecting"),
  G_DEFINE_ENUM_VALUE (FERRY_WORKER_IDLE, "idle"),
  G_DEFINE_ENUM_VALUE (FERRY_WORKER_BUSY, "busy"))

GParamSpec *ferry_worker_properties[N_PROPS];
guint ferry_worker_signals[N_SIGNALS];

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

/* ---------------------------------------------------------------------- */
/* Worker thread: the questions                                             */

static FerryInteraction *
dup_interaction (FerryWorker *self)
{
  FerryInteraction *interaction;

  g_mutex_lock (&self->lock);
  interaction = g_object_ref (self->interaction);
  g_mutex_unlock (&self->lock);
  return interaction;
}

/* The running job's: cancelling it ends the wait for an answer. */
static GCancellable *
question_cancellable (FerryWorker *self)
{
  return self->current != NULL ? self->current->cancellable : self->shutdown;
}

/* Inside the TLS handshake: a certificate that does not verify. */
static gboolean
certificate_cb (GTlsCertificate      *cert,
                GTlsCertificateFlags  errors,
                const char           *host,
                gpointer              user_data)
{
  FerryWorker *self = user_data;
  g_autoptr(FerryInteraction) interaction = NULL;
  g_autofree char *fingerprint = ferry_tls_certificate_fingerprint (cert);
  guint16 port = ferry_site_get_port (self->site);
  FerryTrustResult trust;
  FerryCertificateAnswer answer;

  trust = ferry_trust_store_check (self->trust_store, host, port, fingerprint);
  if (trust == FERRY_TRUST_TRUSTED)
    return TRUE;

  interaction = dup_interaction (self);
  answer = ferry_interaction_invoke_accept_certificate (interaction, cert, errors, host, port,
                                                        trust == FERRY_TRUST_CHANGED,
                                                        question_cancellable (self), NULL);
  if (answer == FERRY_CERTIFICATE_ACCEPT_ALWAYS)
    {
      g_autoptr(GError) error = NULL;

      if (!ferry_trust_store_add (self->trust_store, host, port, fingerprint, &error))
        g_warning ("Cannot remember the certificate: %s", error->message);
    }
  return answer != FERRY_CERTIFICATE_REJECT;
}

/* 332 at login or 532 on a transfer: the account given before (once per
 * session, so that one the server refuses is asked again), else asked. */
static char *
account_cb (const char *user,
            const char *prompt,
            gpointer    user_data)
{
  FerryWorker *self = user_data;
  g_autoptr(FerryInteraction) interaction = dup_interaction (self);
  char *account;

  account = ferry_interaction_invoke_ask_account (interaction, user, self->site->host, prompt,
                                                  !self->account_offered,
                                                  question_cancellable (self), NULL);
  if (account != NULL)
    self->account_offered = TRUE;
  return account;
}

/* ---------------------------------------------------------------------- */
/* Worker thread: the session                                               */

static void
drop_session (FerryWorker *self)
{
  if (self->session == NULL)
    return;
  /* QUIT without waiting for the 221: after an upload vsftpd answers it
   * only once it has closed the file (150 ms for 1 GiB here), and nobody
   * needs that answer to disconnect or to close the window. */
  ferry_session_close_nowait (self->session);
  g_clear_object (&self->session);
  g_clear_pointer (&self->session_cwd, g_free);
}

static void
set_worker_cwd (FerryWorker *self,
                guint        job,
                const char  *cwd)
{
  FerryWorkerEvent *ev = ferry_worker_event_new (EVENT_CWD, job);

  ev->text = g_strdup (cwd);
  ferry_worker_queue_event (self, ev);
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
  ferry_worker_set_state (self, FERRY_WORKER_CONNECTING);

  /* A fresh session per connection: nothing of a dead one carries over. */
  self->session = ferry_session_new ();
  ferry_session_set_log_func (self->session, ferry_worker_session_log_cb, self, NULL);
  /* The worker outlives its sessions (dispose joins the thread). */
  ferry_session_set_certificate_func (self->session, certificate_cb, self, NULL);
  ferry_session_set_account_func (self->session, account_cb, self, NULL);
  self->account_offered = FALSE;
  if (!ferry_session_open (self->session, self->site, cancellable, error))
    {
      drop_session (self);
      ferry_worker_set_state (self, FERRY_WORKER_DISCONNECTED);
      return FALSE;
    }

  /* Not fatal: a server without PWD still works with absolute paths. */
  pwd = ferry_session_pwd (self->session, cancellable, NULL);
  if (pwd != NULL)
    set_worker_cwd (self, self->current ? self->current->id : 0, pwd);
  g_free (self->session_cwd);
  self->session_cwd = g_steal_pointer (&pwd);

  ferry_worker_set_state (self, FERRY_WORKER_IDLE);
  return TRUE;
}

/* A listing on its way: all of it for listing-ready, and copies of the
 * entries not yet handed out as a listing-batch. */
typedef struct
{
  FerryWorker *self;
  FerryJob    *job;
  const char  *path;
  GPtrArray   *entries;
  GPtrArray   *dropped;
  GPtrArray   *pending;
  gint64       last_batch;   /* 0: none sent yet */
} ListStream;

static void
send_batch (ListStream *ls)
{
  FerryWorkerEvent *ev;

  if (ls->pending == NULL)
    return;
  ev = ferry_worker_event_new (EVENT_LISTING_BATCH, ls->job->id);
  ev->text = g_strdup (ls->path);
  ev->entries = g_steal_pointer (&ls->pending);
  ferry_worker_queue_event (ls->self, ev);
  ls->last_batch = g_get_monotonic_time ();
}

static void
list_batch_cb (GPtrArray *batch,
               gpointer   user_data)
{
  ListStream *ls = user_data;

  if (g_atomic_int_get (&ls->job->no_batches))
    g_clear_pointer (&ls->pending, g_ptr_array_unref);
  else
    {
      if (ls->pending == NULL)
        ls->pending = g_ptr_array_new_full (batch->len, (GDestroyNotify) ferry_list_entry_free);
      for (guint i = 0; i < batch->len; i++)
        g_ptr_array_add (ls->pending, ferry_list_entry_copy (g_ptr_array_index (batch, i)));
    }
  if (ls->entries == NULL)
    ls->entries = batch;
  else
    g_ptr_array_extend_and_steal (ls->entries, batch);

  /* The first at once (the first screenful), then coalesced: a few a
   * frame at most for the main loop. */
  if (ls->pending != NULL &&
      (ls->last_batch == 0 || ls->pending->len >= FERRY_WORKER_LIST_BATCH ||
       g_get_monotonic_time () - ls->last_batch >= FERRY_WORKER_LIST_BATCH_MS * 1000))
    send_batch (ls);
}

static void
list_drop_cb (const FerryListingDrop *drop,
              gpointer                user_data)
{
  ListStream *ls = user_data;

  if (ls->dropped == NULL)
    ls->dropped = g_ptr_array_new_with_free_func ((GDestroyNotify) ferry_listing_drop_free);
  g_ptr_array_add (ls->dropped, ferry_listing_drop_copy (drop));
}

static gboolean
run_list (FerryWorker   *self,
          FerryJob      *job,
          GError       **error)
{
  g_autofree char *pwd = NULL;
  ListStream ls = { self, job, NULL, NULL, NULL, NULL, 0 };
  FerryWorkerEvent *ev;
  gboolean ok;

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

  ls.path = pwd;
  ok = ferry_session_list_stream (self->session, NULL, list_batch_cb, list_drop_cb, &ls,
                                  NULL, job->cancellable, error);
  if (ok)
    send_batch (&ls);
  g_clear_pointer (&ls.pending, g_ptr_array_unref);
  if (!ok)
    {
      g_clear_pointer (&ls.entries, g_ptr_array_unref);
      g_clear_pointer (&ls.dropped, g_ptr_array_unref);
      return FALSE;
    }

  ev = ferry_worker_event_new (EVENT_LISTING, job->id);
  ev->text = g_steal_pointer (&pwd);
  ev->entries = ls.entries ? ls.entries
                           : g_ptr_array_new_with_free_func ((GDestroyNotify) ferry_list_entry_free);
  /* Lines the parser did not keep: the queue shows them as skipped. */
  ev->dropped = ls.dropped;
  ferry_worker_queue_event (self, ev);
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
                                                &job->options, ferry_worker_session_progress_cb, self,
                                                job->cancellable, error);

    case JOB_UPLOAD:
      return ferry_file_transfer_upload_full (self->session, job->arg1, job->arg2, job->policy,
                                              &job->options, ferry_worker_session_progress_cb, self,
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
         g_error_matches (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_OUT_OF_STEP) ||
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

/* Before running a download again after a lost connection: what the
 * first attempt wrote to the .part is continued (REST), not fetched
 * again.  Only when that attempt received bytes, so that the .part is
 * known to be ours; the policy still decides about the target. */
static void
continue_download_part (FerryJob *job)
{
  if (job->kind == JOB_DOWNLOAD && job->done > 0)
    {
      job->options.continue_part = TRUE;
      job->options.part_for_size = job->total;
    }
}

static void
run_job (FerryWorker *self,
         FerryJob    *job)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = FALSE;

  if (g_cancellable_set_error_if_cancelled (job->cancellable, &error))
    {
      ferry_worker_finish_job (self, job, g_steal_pointer (&error));
      return;
    }

  self->current = job;
  self->n_samples = 0;

  if (job->kind == JOB_DISCONNECT)
    {
      drop_session (self);
      ferry_worker_set_state (self, FERRY_WORKER_DISCONNECTED);
      self->current = NULL;
      ferry_worker_finish_job (self, job, NULL);
      return;
    }

  for (guint attempt = 0; attempt < 2; attempt++)
    {
      g_clear_error (&error);

      if (!ensure_open (self, job->cancellable, &error))
        break;

      if (job->kind != JOB_CONNECT)
        ferry_worker_set_state (self, FERRY_WORKER_BUSY);

      ok = run_operation (self, job, &error);
      if (ok || attempt > 0 ||
          g_cancellable_is_cancelled (job->cancellable) ||
          !is_connection_lost (error) || !is_retryable (job))
        break;

      /* The server dropped us (idle timeout, restart), or its replies
       * went out of step and the engine closed the connection: once,
       * transparently. */
      if (g_error_matches (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_OUT_OF_STEP))
        ferry_worker_log_info (self, _("Replies out of step with the commands; reconnecting "
                                       "and trying again"));
      else
        ferry_worker_log_info (self, _("Connection lost; reconnecting"));
      drop_session (self);
      continue_download_part (job);
      job->progress_seen = FALSE;
      job->done = 0;
      self->n_samples = 0;
    }

  if (self->session != NULL && ferry_session_is_open (self->session))
    ferry_worker_set_state (self, FERRY_WORKER_IDLE);
  else
    {
      drop_session (self);
      ferry_worker_set_state (self, FERRY_WORKER_DISCONNECTED);
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
  ferry_worker_finish_job (self, job, ok ? NULL : g_steal_pointer (&error));
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
      ferry_worker_set_state (self, FERRY_WORKER_DISCONNECTED);
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

  /* drop_session sends QUIT; it does not wait for the answer. */
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
      g_queue_clear_full (&self->events, (GDestroyNotify) ferry_worker_event_free);
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

  /* Only reached with tasks left when someone forced the dispose (tasks
   * hold the worker): their jobs' events are gone. */
  if (self->tasks != NULL && g_hash_table_size (self->tasks) > 0)
    {
      g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                     _("Operation was cancelled"));
      g_autoptr(GList) ids = g_hash_table_get_keys (self->tasks);

      for (GList *l = ids; l != NULL; l = l->next)
        ferry_worker_complete_task (self, GPOINTER_TO_UINT (l->data), error);
    }

  G_OBJECT_CLASS (ferry_worker_parent_class)->dispose (object);
}

static void
ferry_worker_finalize (GObject *object)
{
  FerryWorker *self = FERRY_WORKER (object);

  g_clear_pointer (&self->queue, g_async_queue_unref);
  g_clear_pointer (&self->jobs, g_hash_table_unref);
  g_clear_pointer (&self->tasks, g_hash_table_unref);
  g_clear_pointer (&self->link, ferry_worker_link_unref);
  g_clear_pointer (&self->site, ferry_site_free);
  g_clear_pointer (&self->cwd, g_free);
  g_clear_pointer (&self->session_cwd, g_free);
  g_clear_pointer (&self->owner_context, g_main_context_unref);
  g_clear_object (&self->shutdown);
  g_clear_object (&self->interaction);
  g_clear_object (&self->trust_store);
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

  ferry_worker_properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       FERRY_TYPE_WORKER_STATE, FERRY_WORKER_DISCONNECTED,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  ferry_worker_properties[PROP_CWD] =
    g_param_spec_string ("cwd", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, ferry_worker_properties);

  /* (FerryLogKind kind, guint code, const char *text); kind as int
   * because FerryLogKind has no GType. */
  ferry_worker_signals[LOG_LINE] =
    g_signal_new ("log-line", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                  G_TYPE_INT, G_TYPE_UINT, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);

  ferry_worker_signals[REPLY] =
    g_signal_new ("reply", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                  G_TYPE_UINT, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);

  ferry_worker_signals[STATE_CHANGED] =
    g_signal_new ("state-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, FERRY_TYPE_WORKER_STATE);

  /* (guint job, const char *path, GPtrArray *entries of FerryListEntry);
   * handlers that keep the array take a ref. */
  ferry_worker_signals[LISTING_READY] =
    g_signal_new ("listing-ready", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                  G_TYPE_UINT, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE,
                  G_TYPE_PTR_ARRAY | G_SIGNAL_TYPE_STATIC_SCOPE);

  /* (guint job, GPtrArray *dropped of FerryListingDrop), before the
   * listing's listing-ready; handlers that keep the array take a ref. */
  ferry_worker_signals[LISTING_DROPPED] =
    g_signal_new ("listing-dropped", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                  G_TYPE_UINT, G_TYPE_PTR_ARRAY | G_SIGNAL_TYPE_STATIC_SCOPE);

  /* (guint job, const char *path, GPtrArray *entries of FerryListEntry):
   * a part of the listing, before its listing-ready; handlers that keep
   * the array take a ref. */
  ferry_worker_signals[LISTING_BATCH] =
    g_signal_new ("listing-batch", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                  G_TYPE_UINT, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE,
                  G_TYPE_PTR_ARRAY | G_SIGNAL_TYPE_STATIC_SCOPE);

  ferry_worker_signals[PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 4,
                  G_TYPE_UINT, G_TYPE_UINT64, G_TYPE_INT64, G_TYPE_DOUBLE);

  /* (guint job, const GError *error), error NULL on success. */
  ferry_worker_signals[JOB_FINISHED] =
    g_signal_new ("job-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                  G_TYPE_UINT, G_TYPE_ERROR | G_SIGNAL_TYPE_STATIC_SCOPE);

  /**
   * FerryWorker::accept-certificate: (deprecated: use an interaction)
   * @cert, @errors, @host, @changed: as FerryInteraction's question.
   *
   * Answer with ferry_worker_answer_certificate(), now or later.
   */
  ferry_worker_signals[ACCEPT_CERTIFICATE] =
    g_signal_new ("accept-certificate", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 4,
                  G_TYPE_TLS_CERTIFICATE, G_TYPE_TLS_CERTIFICATE_FLAGS,
                  G_TYPE_STRING, G_TYPE_BOOLEAN);

  /**
   * FerryWorker::ask-account: (deprecated: use an interaction)
   * @user, @prompt: as FerryInteraction's question.
   *
   * Answer with ferry_worker_answer_account(), now or later.
   */
  ferry_worker_signals[ASK_ACCOUNT] =
    g_signal_new ("ask-account", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
}

static void
ferry_worker_init (FerryWorker *self)
{
  g_mutex_init (&self->lock);
  g_queue_init (&self->events);
  self->jobs = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) job_unref);
  self->tasks = g_hash_table_new_full (NULL, NULL, NULL, g_object_unref);
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
  self->interaction = ferry_legacy_interaction_new (self);
  self->trust_store = g_object_ref (ferry_trust_store_get_default ());
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

void
ferry_worker_set_interaction (FerryWorker      *self,
                              FerryInteraction *interaction)
{
  g_autoptr(FerryInteraction) old = NULL;

  g_return_if_fail (FERRY_IS_WORKER (self));
  g_return_if_fail (interaction == NULL || FERRY_IS_INTERACTION (interaction));
  g_return_if_fail (interaction == NULL ||
                    ferry_interaction_get_context (interaction) == self->owner_context);

  g_mutex_lock (&self->lock);
  old = self->interaction;
  self->interaction = interaction != NULL ? g_object_ref (interaction)
                                          : ferry_legacy_interaction_new (self);
  g_mutex_unlock (&self->lock);
}

FerryInteraction *
ferry_worker_get_interaction (FerryWorker *self)
{
  g_return_val_if_fail (FERRY_IS_WORKER (self), NULL);
  /* Main thread: the only one that changes it. */
  return self->interaction;
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
      FerryWorkerEvent *ev = ferry_worker_event_new (EVENT_FINISHED, g_array_index (unstarted, guint, i));

      g_set_error_literal (&ev->error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                           _("Operation was cancelled"));
      ferry_worker_queue_event (self, ev);
    }
}

/* ---------------------------------------------------------------------- */
/* The asynchronous API: the same jobs, each with a GTask                   */

#define HANDLER_KEY "ferry-worker-cancel-handler"

typedef struct
{
  FerryWorker *worker;
  guint        id;
} CancelLink;

/* Any thread: the caller's cancellable cancels the job. */
static void
task_cancelled_cb (GCancellable *cancellable,
                   CancelLink   *link)
{
  ferry_worker_cancel (link->worker, link->id);
}

/* Submitted with submit_full; events reach the task from the next main
 * loop iteration on, so registering it after the push is in time. */
static void
attach_task (FerryWorker         *self,
             guint                id,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data,
             gpointer             source_tag)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, GUINT_TO_POINTER (id), NULL);
  g_hash_table_insert (self->tasks, GUINT_TO_POINTER (id), task);
  if (cancellable != NULL)
    {
      CancelLink *link = g_new0 (CancelLink, 1);
      gulong handler;

      link->worker = self;   /* the task holds it until it is disconnected */
      link->id = id;
      handler = g_cancellable_connect (cancellable, G_CALLBACK (task_cancelled_cb), link, g_free);
      g_object_set_data (G_OBJECT (task), HANDLER_KEY, GSIZE_TO_POINTER ((gsize) handler));
    }
}

GTask *
ferry_worker_lookup_task (FerryWorker *self,
                          guint        id)
{
  return g_hash_table_lookup (self->tasks, GUINT_TO_POINTER (id));
}

gboolean
ferry_worker_complete_task (FerryWorker  *self,
                            guint         id,
                            const GError *error)
{
  GTask *task = NULL;
  gulong handler;

  if (!g_hash_table_steal_extended (self->tasks, GUINT_TO_POINTER (id), NULL, (gpointer *) &task))
    return FALSE;
  handler = (gulong) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (task), HANDLER_KEY));
  if (handler != 0)
    g_cancellable_disconnect (g_task_get_cancellable (task), handler);
  if (error != NULL)
    g_task_return_error (task, g_error_copy (error));
  else
    g_task_return_boolean (task, TRUE);
  g_object_unref (task);
  return TRUE;
}

gboolean
ferry_worker_job_finish (FerryWorker   *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (FERRY_IS_WORKER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
ferry_worker_connect_async (FerryWorker         *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (FERRY_IS_WORKER (self));
  attach_task (self, submit (self, JOB_CONNECT, NULL, NULL, FALSE, 0),
               cancellable, callback, user_data, ferry_worker_connect_async);
}

void
ferry_worker_disconnect_async (FerryWorker         *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (FERRY_IS_WORKER (self));
  attach_task (self, submit (self, JOB_DISCONNECT, NULL, NULL, FALSE, 0),
               cancellable, callback, user_data, ferry_worker_disconnect_async);
}

void
ferry_worker_list_async (FerryWorker         *self,
                         const char          *path,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  ferry_worker_list_stream_async (self, path, NULL, NULL, cancellable, callback, user_data);
}

void
ferry_worker_list_stream_async (FerryWorker          *self,
                                const char           *path,
                                FerryWorkerBatchFunc  batch_func,
                                gpointer              batch_data,
                                GCancellable         *cancellable,
                                GAsyncReadyCallback   callback,
                                gpointer              user_data)
{
  guint id;

  g_return_if_fail (FERRY_IS_WORKER (self));
  id = submit (self, JOB_LIST, path, NULL, FALSE, 0);
  attach_task (self, id, cancellable, callback, user_data, ferry_worker_list_async);
  if (batch_func != NULL)
    {
      GTask *task = ferry_worker_lookup_task (self, id);

      g_object_set_data (G_OBJECT (task), "ferry-batch-func", batch_func);
      g_object_set_data (G_OBJECT (task), "ferry-batch-data", batch_data);
    }
}

GPtrArray *
ferry_worker_list_finish (FerryWorker   *self,
                          GAsyncResult  *result,
                          char         **path_out,
                          GError       **error)
{
  GPtrArray *entries;

  g_return_val_if_fail (FERRY_IS_WORKER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ferry_worker_list_async, NULL);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;
  entries = g_object_steal_data (G_OBJECT (result), "ferry-listing");
  if (path_out != NULL)
    *path_out = g_object_steal_data (G_OBJECT (result), "ferry-listing-path");
  return entries != NULL ? entries : g_ptr_array_new_with_free_func (g_object_unref);
}

void
ferry_worker_mkdir_async (FerryWorker         *self,
                          const char          *remote_path,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_return_if_fail (FERRY_IS_WORKER (self));
  g_return_if_fail (remote_path != NULL);
  attach_task (self, submit (self, JOB_MKDIR, remote_path, NULL, FALSE, 0),
               cancellable, callback, user_data, ferry_worker_mkdir_async);
}

void
ferry_worker_delete_async (FerryWorker         *self,
                           const char          *remote_path,
                           gboolean             is_dir,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (FERRY_IS_WORKER (self));
  g_return_if_fail (remote_path != NULL);
  attach_task (self, submit (self, JOB_DELETE, remote_path, NULL, is_dir, 0),
               cancellable, callback, user_data, ferry_worker_delete_async);
}

void
ferry_worker_rename_async (FerryWorker         *self,
                           const char          *from,
                           const char          *to,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (FERRY_IS_WORKER (self));
  g_return_if_fail (from != NULL && to != NULL);
  attach_task (self, submit (self, JOB_RENAME, from, to, FALSE, 0),
               cancellable, callback, user_data, ferry_worker_rename_async);
}

void
ferry_worker_raw_async (FerryWorker         *self,
                        const char          *command,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_return_if_fail (FERRY_IS_WORKER (self));
  g_return_if_fail (command != NULL);
  attach_task (self, submit (self, JOB_RAW, command, NULL, FALSE, 0),
               cancellable, callback, user_data, ferry_worker_raw_async);
}

void
ferry_worker_download_async (FerryWorker                *self,
                             const char                 *remote_path,
                             const char                 *local_path,
                             FerryOverwrite              policy,
                             const FerryTransferOptions *options,
                             GCancellable               *cancellable,
                             GAsyncReadyCallback         callback,
                             gpointer                    user_data)
{
  g_return_if_fail (FERRY_IS_WORKER (self));
  g_return_if_fail (remote_path != NULL && local_path != NULL);
  attach_task (self, submit_full (self, JOB_DOWNLOAD, remote_path, local_path, FALSE, policy, options),
               cancellable, callback, user_data, ferry_worker_download_async);
}

void
ferry_worker_upload_async (FerryWorker                *self,
                           const char                 *local_path,
                           const char                 *remote_path,
                           FerryOverwrite              policy,
                           const FerryTransferOptions *options,
                           GCancellable               *cancellable,
                           GAsyncReadyCallback         callback,
                           gpointer                    user_data)
{
  g_return_if_fail (FERRY_IS_WORKER (self));
  g_return_if_fail (local_path != NULL && remote_path != NULL);
  attach_task (self, submit_full (self, JOB_UPLOAD, local_path, remote_path, FALSE, policy, options),
               cancellable, callback, user_data, ferry_worker_upload_async);
}
