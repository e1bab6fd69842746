/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/*
 * What the in-process window tests share: a fixture with a pyftpdlib
 * server on loopback, temp folders and a FerryWindow, and helpers that
 * drive the window as a person would.
 */

#include <adwaita.h>

#include "ferry-file-pane.h"
#include "ferry-transfer-row.h"
#include "ferry-window.h"

G_BEGIN_DECLS

#define TIMEOUT_US (10 * G_USEC_PER_SEC)

typedef struct
{
  GSubprocess *server;
  char        *local_dir;
  char        *remote_dir;
  char        *state_dir;     /* the saved transfer queue ($FERRY_QUEUE_FILE) */
  char        *queue_file;
  guint16      port;
  FerryWindow *window;
  GBytes      *remote_bytes;
} Fixture;

typedef gboolean (*Condition) (Fixture *f);

void wait_for (Fixture *f, Condition cond, const char *what);
void write_file (const char *dir, const char *name, GBytes *bytes);
GBytes * random_bytes (gsize len);
void start_server (Fixture *f);
void fixture_setup (Fixture *f, gconstpointer data);
gboolean window_gone (Fixture *f);
void fixture_teardown (Fixture *f, gconstpointer data);
gboolean local_listed (Fixture *f);
gboolean remote_listed (Fixture *f);
void fill_connect_bar (Fixture *f, const char *password);
GtkWidget * find_action_button (GtkWidget *widget, const char *action);
guint count_in_log (Fixture *f, const char *needle);
void connect_and_list (Fixture *f);
void settle (guint ms);
void save_screenshot (const char *path);
GtkWindow * find_toplevel (GType type);
gboolean message_dialog_shown (Fixture *f);
gboolean no_message_dialog (Fixture *f);
GtkWidget * find_labelled_button (GtkWidget *widget, const char *label);
void respond (Fixture *f, AdwMessageDialog *dialog, const char *label);
AdwMessageDialog * wait_message_dialog (Fixture *f);
void select_only (FerryFilePane *pane, const char *name);
void select_also (FerryFilePane *pane, const char *name);
void assert_same_file (const char *a, const char *b);
GtkWidget * find_tooltip_button (GtkWidget *widget, const char *tooltip);
FerryTransferItem *last_transfer (Fixture *f);
gboolean transfer_finished (Fixture *f);
gboolean all_transfers_finished (Fixture *f);
guint n_transfers (Fixture *f);
FerryTransferRow *find_row (GtkWidget *widget, FerryTransferItem *item);
FerryTransferRow *wait_row (Fixture *f, FerryTransferItem *item);
void show_transfers (Fixture *f);

/* Test-program set-up (memory GSettings, a private XDG_DATA_HOME) and
 * clean-up; returns the data folder to remove. */
char *ui_test_init (int *argc, char ***argv);
void  ui_test_cleanup (char *data_home);

G_END_DECLS
