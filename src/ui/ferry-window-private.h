/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ferry-connection.h"
#include "ferry-file-pane.h"
#include "ferry-log-view.h"
#include "ferry-transfer-list.h"
#include "ferry-transfer-queue.h"
#include "ferry-window.h"
#include "ferry-worker.h"

G_BEGIN_DECLS

/* The end of an operation on the current connection (see
 * ferry_window_op): called only while the window still shows the
 * connection that ran it. */
typedef void (*FerryWindowOpDone) (FerryWindow  *self,
                                   GObject      *source,
                                   GAsyncResult *result,
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
  FerrySite            *site;           /* the connection's, while there is one */
  FerryConnection      *connection;     /* the site shown: browsing worker and queue */
  GSignalGroup         *connection_signals; /* on @connection: state */
  GSignalGroup         *worker_signals; /* on its browsing worker: log-line */
  guint                 pending_ops;    /* operations on @connection not finished */
  FerryTransferQueue   *queue;          /* @connection's transfers (own workers) */
  guint                 save_id;        /* debounced save of the queue */
  char                 *queue_file;     /* where the queue is kept between sessions */
  FerrySite            *restore_site;   /* the last session's site, while it is offered */
  FerryTransferQueue   *restore_queue;  /* its items, shown paused until resumed */
  gboolean              restore_on_connect; /* the connection was started by Resume */
  FerryInteraction     *interaction;    /* the dialogs answering every worker's questions */
  FerryFilePane        *last_pane;      /* weak: the pane that last had focus */
  gboolean              connecting;
  gboolean              transfers_paused; /* bound to @queue's paused */
  guint                 list_serial;    /* the newest listing asked for */
  GBindingGroup        *queue_bindings; /* @queue's paused ↔ transfers-paused */
  guint                 refresh_local_id;
  guint                 refresh_remote_id;
  gboolean              connected;
};

/* ferry-window.c */
/* The user_data for an _async call on the current connection (or its
 * worker) whose callback is ferry_window_op_cb: @done runs with @data
 * unless the window went or shows another connection by then; @destroy
 * frees @data in any case.  Counted in pending_ops meanwhile. */
gpointer ferry_window_op                (FerryWindow       *self,
                                         FerryWindowOpDone  done,
                                         gpointer           data,
                                         GDestroyNotify     destroy);
void ferry_window_op_cb                 (GObject           *source,
                                         GAsyncResult      *result,
                                         gpointer           user_data);
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

void ferry_window_toast                 (FerryWindow *self,
                                         const char  *message);

G_END_DECLS
