/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ferry-target-set.h"
#include "ferry-throttle.h"
#include "ferry-transfer-queue.h"
#include "ferry-worker.h"

G_BEGIN_DECLS

/* Jobs handed to one worker ahead of its current one, so that it never
 * waits for the main loop between two small files. */
#define FERRY_QUEUE_PIPELINE      2
#define FERRY_QUEUE_RETRY_CAP_MS  (60 * 1000)
#define FERRY_QUEUE_PROGRESS_MS   100

typedef struct _QueueSlot QueueSlot;

typedef enum
{
  STEP_NONE,
  STEP_TRANSFER,     /* RETR/STOR of a file */
  STEP_LIST,         /* listing a remote folder to download */
  STEP_MKDIR,        /* creating a remote folder to upload into */
  STEP_CHECK_DIR,    /* MKD failed: does the folder exist (CWD)? */
} QueueStep;

typedef enum
{
  INTENT_NONE,
  INTENT_PAUSE,      /* item paused while running */
  INTENT_CANCEL,     /* item cancelled while running */
  INTENT_REQUEUE,    /* queue paused while the item ran: back to QUEUED */
} QueueIntent;

/* The queue's own bookkeeping for one item. */
typedef struct
{
  FerryTransferItem  *item;
  gboolean            has_policy;      /* answered / chosen for this item */
  FerryOverwrite      policy;
  gboolean            is_link;         /* remote symlink, target type unknown */
  gboolean            counted;         /* a finished folder counted in dirs_done */
  gint64              not_before;      /* monotonic µs; retry back-off */
  QueueSlot          *slot;            /* while a job runs for it */
  guint               job;
  QueueStep           step;
  QueueIntent         intent;
  GPtrArray          *listing;         /* STEP_LIST result until job-finished */
  GPtrArray          *dropped;         /* STEP_LIST: FerryListingDrop, lines kept out */
  char               *listing_path;
  char               *step_error;      /* MKD's error while checking the folder */
  GArray             *ancestry;        /* guint: fingerprints of the listings above */
  gint64              listed_size;     /* download: from the listing, -1 unknown */
  gint64              listed_mtime;    /* download: exact (MLSD) listing time, -1 unknown */
  gboolean            used_listed;     /* the last attempt trusted listed_size */
  gboolean            continue_part;   /* a retry: the .part is ours, continue it */
} QueueEntry;

struct _QueueSlot
{
  FerryTransferQueue *queue;           /* borrowed */
  FerryWorker        *worker;
  GHashTable         *jobs;            /* job id → QueueEntry (borrowed) */
  guint               connect_job;
  gboolean            connected;
  gboolean            dead;            /* could not log in: permanent error */
  gboolean            retiring;        /* concurrency lowered: drop when idle */
  guint               connect_failures;
  guint               inflight;
  guint               retry_source;
  GTlsCertificate    *pending_cert;    /* its worker waits for an accept-certificate answer */
  gboolean            account_pending; /* its worker waits for an ask-account answer */
  gboolean            account_given;   /* it had the queue's account once */
};

struct _FerryTransferQueue
{
  GObject             parent_instance;

  FerrySite          *site;
  char               *home;            /* login folder, for relative paths */

  /* Settings. */
  guint               concurrency;
  FerryOverwrite      policy;
  guint               max_retries;
  guint               retry_delay_ms;
  guint               max_depth;
  gboolean            paused;
  gboolean            preserve_mtime;
  FerryThrottle      *throttle_down;   /* shared by every worker */
  FerryThrottle      *throttle_up;
  GHashTable         *batch_started;   /* batch → gint64*: real time (s) it was added */
  GHashTable         *made_dirs;       /* "batch/basename" of remote folders created */
  GHashTable         *walked_dirs;     /* "batch/dev:ino" of local folders enumerated */
  GTlsCertificate    *cert_asked;      /* accept-certificate emitted, no answer yet */
  GTlsCertificate    *cert_accepted;   /* answered "accept": the other workers too */
  GTlsCertificate    *cert_rejected;
  gboolean            account_asked;   /* ask-account emitted, no answer yet */
  gboolean            account_refused; /* answered with none: the others too */
  char               *account;         /* the account given, for the other workers */

  /* Apply-to-all answer to ask-overwrite, when given. */
  gboolean            have_all_choice;
  FerryOverwriteChoice all_choice;

  FerryTargetSet     *targets;         /* files being written, one item each */
  GPtrArray          *entries;         /* QueueEntry, in model order */
  GHashTable         *by_item;         /* FerryTransferItem → QueueEntry */
  guint               scan_from;       /* entries before this are not QUEUED */
  GPtrArray          *slots;           /* QueueSlot */
  GHashTable         *visited;         /* remote folders listed (link loops) */
  guint               next_batch;

  guint               wake_source;     /* retry back-off timer */
  guint               progress_source;
  gboolean            progress_dirty;
  gint64              rate_time;
  guint64             rate_bytes;
  double              rate;
  gboolean            busy;            /* "finished" is owed when idle again */
  char               *fatal_error;     /* no worker can log in */
};

/* The queue's signals (but ask-account, see below), emitted by its files. */
enum
{
  QUEUE_SIGNAL_PROGRESS,
  QUEUE_SIGNAL_ITEM_FINISHED,
  QUEUE_SIGNAL_FINISHED,
  QUEUE_SIGNAL_ASK_OVERWRITE,
  QUEUE_SIGNAL_LOG_LINE,
  QUEUE_SIGNAL_ACCEPT_CERTIFICATE,
  QUEUE_N_SIGNALS
};
extern guint ferry_transfer_queue_signals[QUEUE_N_SIGNALS];

/* ferry-transfer-queue.c: dispatch (slots and the pump) */
/* Starts what can start on the workers there are. */
void        ferry_transfer_queue_pump              (FerryTransferQueue *self);
/* The back-off before retry @attempt. */
guint       ferry_transfer_queue_retry_delay_ms    (FerryTransferQueue *self,
                                                    guint               attempt);
/* A "progress" signal soon (at most every FERRY_QUEUE_PROGRESS_MS). */
void        ferry_transfer_queue_schedule_progress (FerryTransferQueue *self);
/* @slot's connect job ended (@error NULL: logged in). */
void        ferry_transfer_queue_slot_connect_finished (FerryTransferQueue *self,
                                                        QueueSlot          *slot,
                                                        const GError       *error);

/* ferry-transfer-queue-results.c: a worker's job-finished, progress,
 * listing-ready and log-line for @slot's entries. */
void        ferry_transfer_queue_results_watch     (FerryTransferQueue *self,
                                                    QueueSlot          *slot);

/* ferry-transfer-queue-certificate.c: accept-certificate, one question
 * for all the workers. */
void        ferry_transfer_queue_certificate_watch (FerryTransferQueue *self,
                                                    QueueSlot          *slot);

/* ferry-transfer-queue-account.c: ask-account, once for all workers */
void        ferry_transfer_queue_account_class_init (GObjectClass       *klass);
/* Forwards @slot's worker's ask-account to the queue. */
void        ferry_transfer_queue_account_watch      (FerryTransferQueue *self,
                                                     QueueSlot          *slot);

/* ferry-transfer-queue-control.c */
void        ferry_transfer_queue_list_model_init (GListModelInterface *iface);

QueueEntry *ferry_transfer_queue_entry_new   (FerryTransferQueue     *self,
                                              FerryTransferDirection  direction,
                                              const char             *local_path,
                                              const char             *remote_path,
                                              gboolean                is_dir,
                                              gint64                  size,
                                              guint                   batch,
                                              guint                   depth);
void        ferry_transfer_queue_entry_free  (QueueEntry *entry);
/* Appends entries (QueueEntry, ownership moves) with one items-changed. */
void        ferry_transfer_queue_append      (FerryTransferQueue *self,
                                              GPtrArray          *entries);
void        ferry_transfer_queue_note        (FerryTransferQueue *self,
                                              FerryLogKind        kind,
                                              const char         *format,
                                              ...) G_GNUC_PRINTF (3, 4);
/* Moves @entry to a final state and emits item-finished. */
void        ferry_transfer_queue_finish_entry (FerryTransferQueue *self,
                                               QueueEntry         *entry,
                                               FerryTransferState  state,
                                               const char         *message);

QueueEntry *ferry_transfer_queue_lookup      (FerryTransferQueue *self,
                                              FerryTransferItem  *item);
/* Back to QUEUED, eligible from @not_before (monotonic µs, 0 = now). */
void        ferry_transfer_queue_requeue     (FerryTransferQueue *self,
                                              QueueEntry         *entry,
                                              gint64              not_before);
/* Picks RESUME for the next attempt when continuing is safe. */
void        ferry_transfer_queue_choose_resume (QueueEntry *entry);
/* Starts what can start, arms timers, emits "finished" when idle. */
void        ferry_transfer_queue_kick        (FerryTransferQueue *self);

/* ferry-transfer-queue-walk.c: a listed remote folder (download) or a
 * created remote folder (upload) → children appended; FALSE with @error
 * when the folder itself fails. */
gboolean    ferry_transfer_queue_walk_remote (FerryTransferQueue *self,
                                              QueueEntry         *entry,
                                              GError            **error);
gboolean    ferry_transfer_queue_walk_local  (FerryTransferQueue *self,
                                              QueueEntry         *entry,
                                              GError            **error);
/* Creates the local folder of a download (refusing a symlink there). */
gboolean    ferry_transfer_queue_make_local_dir (const char *path,
                                                 gboolean    with_parents,
                                                 GError    **error);

G_END_DECLS
