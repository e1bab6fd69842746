/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Internal to FerryWorker's own files (ferry-worker.c: the object, the
 * jobs and the thread; ferry-worker-events.c: the event FIFO and the
 * progress coalescing; ferry-worker-legacy.c: the deprecated question
 * signals).  See ferry-worker.c for the threading model. */

#include "ferry-worker.h"
#include "ferry-trust-store.h"

G_BEGIN_DECLS

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
  gint             no_batches;  /* atomic: the list's batch func wants no more */

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
  EVENT_LISTING_BATCH,
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
  GPtrArray        *entries;   /* EVENT_LISTING_BATCH: the batch's own copies */
  GPtrArray        *dropped;   /* EVENT_LISTING: FerryListingDrop, or NULL */
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
  FerryTrustStore  *trust_store;
  gint              keepalive_ms;   /* atomic */

  /* Main thread only. */
  guint             next_job_id;
  GHashTable       *tasks;          /* job id → GTask of an _async call */
  FerryWorkerState  state;          /* as last signalled */
  char             *cwd;            /* as last signalled */

  /* Shared, under @lock (changed by the main thread only). */
  GMutex            lock;
  FerryInteraction *interaction;    /* never NULL: the legacy one by default */
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
  gboolean          account_offered; /* this session gave the remembered account */
  RateSample        samples[RATE_SAMPLES];
  guint             n_samples;
  guint             first_sample;
};

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
  LISTING_DROPPED,
  LISTING_BATCH,
  PROGRESS,
  JOB_FINISHED,
  ACCEPT_CERTIFICATE,   /* deprecated: ferry-worker-legacy.c */
  ASK_ACCOUNT,          /* deprecated: ferry-worker-legacy.c */
  N_SIGNALS
};

extern GParamSpec *ferry_worker_properties[N_PROPS];
extern guint ferry_worker_signals[N_SIGNALS];

#define ASSERT_OWNER_CONTEXT(self) \
  g_assert (g_main_context_is_owner ((self)->owner_context))

/* ferry-worker.c, owner context: the GTask of job @id (an _async call),
 * or NULL for a job of the job-id API. */
GTask            *ferry_worker_lookup_task (FerryWorker *self,
                                            guint        id);
/* Completes job @id's task, if it has one (TRUE then). */
gboolean          ferry_worker_complete_task (FerryWorker  *self,
                                              guint         id,
                                              const GError *error);

/* ferry-worker-events.c: main-context links and events */
WorkerLink       *ferry_worker_link_ref   (WorkerLink *link);
void              ferry_worker_link_unref (gpointer    data);
FerryWorkerEvent *ferry_worker_event_new  (EventKind   kind,
                                           guint       job);
void              ferry_worker_event_free (FerryWorkerEvent *ev);

/* ferry-worker-events.c, worker thread: events to the owner context, in
 * order (dropped once the worker is disposing). */
void   ferry_worker_queue_event  (FerryWorker      *self,
                                  FerryWorkerEvent *ev);
void   ferry_worker_set_state    (FerryWorker      *self,
                                  FerryWorkerState  state);
void   ferry_worker_log_info     (FerryWorker      *self,
                                  const char       *text);
/* The session's FerryLogFunc and FerryProgressFunc (@user_data: the
 * worker); progress is coalesced. */
void   ferry_worker_session_log_cb      (FerryLogKind  kind,
                                         guint         code,
                                         const char   *text,
                                         gpointer      user_data);
void   ferry_worker_session_progress_cb (guint64       done,
                                         gint64        total,
                                         gpointer      user_data);
/* The job's last progress (if any), then job-finished with @error
 * (transfer full); the job leaves the table. */
void   ferry_worker_finish_job   (FerryWorker      *self,
                                  FerryJob         *job,
                                  GError           *error);

/* ferry-worker-legacy.c: asks with the deprecated signals. */
#define FERRY_TYPE_LEGACY_INTERACTION (ferry_legacy_interaction_get_type ())
G_DECLARE_FINAL_TYPE (FerryLegacyInteraction, ferry_legacy_interaction, FERRY, LEGACY_INTERACTION, FerryInteraction)

FerryInteraction *ferry_legacy_interaction_new (FerryWorker *worker);

G_END_DECLS
