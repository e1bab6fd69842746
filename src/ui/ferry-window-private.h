/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ferry-file-pane.h"
#include "ferry-log-view.h"
#include "ferry-transfer-list.h"
#include "ferry-transfer.h"
#include "ferry-window.h"
#include "ferry-worker.h"

G_BEGIN_DECLS

/* One transfer connection and the jobs it runs for us. */
typedef struct
{
  FerryWorker *worker;
  GHashTable  *jobs;      /* job id → FerryTransfer (owned ref) */
} FerryTransferSlot;

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
  GPtrArray            *slots;          /* FerryTransferSlot*, one per transfer connection */
  FerryFilePane        *last_pane;      /* weak: the pane that last had focus */
  guint                 connect_job;
  guint                 list_job;
  guint                 refresh_local_id;
  guint                 refresh_remote_id;
  gboolean              connected;
};

/* ferry-window-transfers.c */
void ferry_window_transfers_init        (FerryWindow *self);
void ferry_window_transfers_start       (FerryWindow *self);   /* new connection: new slots */
void ferry_window_transfers_stop        (FerryWindow *self);   /* cancel all, drop slots */
void ferry_window_transfers_dispose     (FerryWindow *self);
void ferry_window_toast                 (FerryWindow *self,
                                         const char  *message);

G_END_DECLS
