/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ferry-site.h"

G_BEGIN_DECLS

#define FERRY_TYPE_WINDOW (ferry_window_get_type ())
G_DECLARE_FINAL_TYPE (FerryWindow, ferry_window, FERRY, WINDOW, AdwApplicationWindow)

typedef struct _FerryFilePane FerryFilePane;
typedef struct _FerryLogView FerryLogView;
typedef struct _FerryTransferList FerryTransferList;

FerryWindow       *ferry_window_new               (GtkApplication *application);

/* Fills the connect bar from @site and connects. */
void               ferry_window_connect_site      (FerryWindow     *self,
                                                   const FerrySite *site);
void               ferry_window_set_local_dir     (FerryWindow     *self,
                                                   const char      *path);

/* Transfers the selection of the local pane to the remote folder, and
 * back; the same as the Upload and Download buttons. */
void               ferry_window_upload_selected   (FerryWindow *self);
void               ferry_window_download_selected (FerryWindow *self);

FerryFilePane     *ferry_window_get_local_pane    (FerryWindow *self);
FerryFilePane     *ferry_window_get_remote_pane   (FerryWindow *self);
FerryTransferList *ferry_window_get_transfer_list (FerryWindow *self);
FerryLogView      *ferry_window_get_log_view      (FerryWindow *self);
/* TRUE once the browsing connection is logged in. */
gboolean           ferry_window_get_connected     (FerryWindow *self);

G_END_DECLS
