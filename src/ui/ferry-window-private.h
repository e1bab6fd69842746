/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ferry-file-pane.h"
#include "ferry-log-view.h"
#include "ferry-transfer-list.h"
#include "ferry-transfer-queue.h"
#include "ferry-window.h"
#include "ferry-worker.h"

G_BEGIN_DECLS

/* Called for a browse-worker job watched with ferry_window_watch_job(). */
typedef void (*FerryJobListing)  (FerryWindow  *self,
                                  guint         job,
                                  const char   *path,
                                  GPtrArray    *entries,
                                  gpointer      data);
typedef void (*FerryJobFinished) (FerryWindow  *self,
                                  guint         job,
                                  const GError *error,
                                  gpointer      data);

/* Shared by ferry-window.c and ferry-window-transfers.c. */
struct _FerryWindow
{
  AdwApplicationWindow  parent_instance;

  /* template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwWindowTitle       *window_title;
  GtkEntry             *host_entry;
  GtkEntry             *port_entry;
  GtkEntry             *user_entry;
  GtkPasswordEntry     *password_entry;
  GtkDropDown          *protocol_dropdown;
  GtkButton            *connect_button;
  GtkPaned             *files_paned;
  GtkPaned             *bottom_paned;
  FerryFilePane        *local_pane;
  FerryFilePane        *remote_pane;
  GtkStack             *bottom_stack;
  FerryTransferList    *transfer_list;
  FerryLogView         *log_view;

  /* owned */
  GSettings            *settings;
  FerrySite            *site;
  FerryWorker          *browse_worker;
  GHashTable           *browse_watches; /* job id → watch: who wants its results */
  FerryTransferQueue   *queue;          /* this connection's transfers (own workers) */
  guint                 save_id;        /* debounced save of the queue */
  char                 *queue_file;     /* where the queue is kept between sessions */
  FerrySite            *restore_site;   /* the last session's site, while it is offered */
  FerryTransferQueue   *restore_queue;  /* its items, shown paused until resumed */
  gboolean              restore_on_connect; /* the connection was started by Resume */
  FerryInteraction     *interaction;    /* the dialogs answering every worker's questions */
  GCancellable         *queue_questions; /* cancelled when the queue is replaced */
  FerryFilePane        *last_pane;      /* weak: the pane that last had focus */
  guint                 connect_job;
  guint                 list_job;
  guint                 refresh_local_id;
  guint                 refresh_remote_id;
  gboolean              connected;
};

/* ferry-window.c */
/* Routes @job's listing-ready and job-finished (once) to the callbacks;
 * @destroy frees @data after the job finished or when the browse worker
 * goes away first. */
void ferry_window_watch_job             (FerryWindow      *self,
                                         guint             job,
                                         FerryJobListing   listing,
                                         FerryJobFinished  finished,
                                         gpointer          data,
                                         GDestroyNotify    destroy);
/* The error's message, with the reply code's explanation when it came
 * from a server reply. */
char *ferry_window_error_text           (const GError     *error);
/* Logs @prefix: message (with the reply code's explanation) and toasts it. */
void ferry_window_report_error          (FerryWindow      *self,
                                         const char       *prefix,
                                         const GError     *error);

/* ferry-window-command.c */
void ferry_window_command_init          (FerryWindow      *self);

/* ferry-window-fileops.c */
void ferry_window_fileops_init          (FerryWindow      *self);

/* ferry-window-transfers.c */
void ferry_window_transfers_init        (FerryWindow *self);
void ferry_window_transfers_start       (FerryWindow *self);   /* new connection: new queue */
void ferry_window_transfers_stop        (FerryWindow *self);   /* cancel all, drop the queue */
/* Saves the queue now (closing the window): pending items survive. */
void ferry_window_transfers_save        (FerryWindow *self);
void ferry_window_transfers_dispose     (FerryWindow *self);

/* ferry-window-queue.c: the last session's queue, saving, ask-overwrite */
void ferry_window_queue_init            (FerryWindow *self);
/* A new queue for this connection: settings bound, signals watched, the
 * last session's items added when it is the same site. */
void ferry_window_queue_attach          (FerryWindow *self);
void ferry_window_queue_schedule_save   (FerryWindow *self);
void ferry_window_queue_save_now        (FerryWindow *self);
void ferry_window_queue_dispose         (FerryWindow *self);

/* ferry-preferences-window.c */
GtkWidget *ferry_preferences_window_new (GtkWindow *parent);
void ferry_window_toast                 (FerryWindow *self,
                                         const char  *message);

G_END_DECLS
