/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ferry-file-list.h"
#include "ferry-file-pane.h"

G_BEGIN_DECLS

/* Shared by ferry-file-pane.c and ferry-file-pane-dnd.c. */
struct _FerryFilePane
{
  GtkWidget           parent_instance;

  /* template widgets */
  GtkImage           *kind_icon;
  GtkLabel           *title_label;
  GtkButton          *up_button;
  GtkEntry           *path_entry;
  GtkButton          *refresh_button;
  GtkSpinner         *spinner;
  GtkStack           *stack;
  GtkColumnView      *column_view;
  GtkColumnViewColumn *name_column;
  GtkColumnViewColumn *size_column;
  GtkColumnViewColumn *modified_column;
  GtkColumnViewColumn *permissions_column;
  AdwStatusPage      *status_page;
  GtkLabel           *status_label;
  GtkWidget          *context_menu;    /* GtkPopoverMenu, our child */

  /* owned */
  FerryFileList      *list;            /* sorts and filters off the main thread */
  GtkMultiSelection  *selection;
  GCancellable       *load_cancellable;
  char               *path;
  char               *pending_path;    /* remote: asked for, not yet listed */
  char               *rows_path;       /* the folder of the rows the list is sorting */
  gboolean            rows_pending;    /* new rows handed to the list, not yet shown */
  gboolean            rows_final;      /* ... and they are the whole folder */
  gboolean            rows_partial;    /* the rows shown are the first of a folder */
  GPtrArray          *batches;         /* remote: arrays of FerryListEntry of the listing
                                        * under way, not yet shown */
  guint               n_batched;       /* entries in batches */
  gboolean            batch_shown;     /* the first rows of that listing are made */

  FerryFilePaneKind   kind;
  gboolean            show_hidden;
  gboolean            loading;
};

enum {
  FERRY_FILE_PANE_SIGNAL_LOAD_REQUEST,
  FERRY_FILE_PANE_SIGNAL_ITEM_ACTIVATED,
  FERRY_FILE_PANE_SIGNAL_REMOTE_DROPPED,
  FERRY_FILE_PANE_SIGNAL_FILES_DROPPED,
  FERRY_FILE_PANE_SIGNAL_FILE_ACTION,
  FERRY_FILE_PANE_N_SIGNALS
};

extern guint ferry_file_pane_signals[FERRY_FILE_PANE_N_SIGNALS];

/* ferry-file-pane-dnd.c */
void ferry_file_pane_dnd_init_cell   (FerryFilePane *self,
                                      GtkWidget     *cell,
                                      GtkListItem   *list_item);
void ferry_file_pane_dnd_init_target (FerryFilePane *self);

/* ferry-file-pane-menu.c */
void ferry_file_pane_menu_class_init (GtkWidgetClass *widget_class);
void ferry_file_pane_menu_init       (FerryFilePane  *self);
void ferry_file_pane_menu_dispose    (FerryFilePane  *self);
void ferry_file_pane_update_actions  (FerryFilePane  *self);

/* What a local item is made from. */
#define FERRY_FILE_PANE_LOCAL_ATTRIBUTES \
  G_FILE_ATTRIBUTE_STANDARD_NAME "," \
  G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME "," \
  G_FILE_ATTRIBUTE_STANDARD_TYPE "," \
  G_FILE_ATTRIBUTE_STANDARD_IS_SYMLINK "," \
  G_FILE_ATTRIBUTE_STANDARD_SIZE "," \
  G_FILE_ATTRIBUTE_TIME_MODIFIED "," \
  G_FILE_ATTRIBUTE_UNIX_MODE

/* ferry-file-pane-load.c: makes the rows off the main thread, then calls
 * ferry_file_pane_show_items or ferry_file_pane_load_error; both give up
 * when load_cancellable is cancelled. */
void ferry_file_pane_load_local  (FerryFilePane *self,
                                  const char    *path);
void ferry_file_pane_load_remote (FerryFilePane *self,
                                  const char    *path,
                                  GPtrArray     *entries);
/* The same from the parts of a listing under way (GPtrArray of
 * GPtrArray of FerryListEntry), shown as its first rows. */
void ferry_file_pane_load_remote_batches (FerryFilePane *self,
                                          const char    *path,
                                          GPtrArray     *batches);

/* ferry-file-pane.c: @items (transfer full) of folder @path; @complete:
 * the whole folder, else its first rows. */
void ferry_file_pane_show_items  (FerryFilePane *self,
                                  const char    *path,
                                  GPtrArray     *items,
                                  gboolean       complete);
void ferry_file_pane_load_error  (FerryFilePane *self,
                                  const GError  *error);

/* ferry-file-pane.c: what a double-click on row @position does. */
void ferry_file_pane_activate_position (FerryFilePane *self,
                                        guint          position);

/* What a drag of remote rows carries: a GPtrArray of FerryFileItem, as
 * a type of its own so that only Ferry's local pane takes it. */
typedef GPtrArray FerryRemoteRows;
#define FERRY_TYPE_REMOTE_ROWS (ferry_remote_rows_get_type ())
GType ferry_remote_rows_get_type (void) G_GNUC_CONST;

G_END_DECLS
