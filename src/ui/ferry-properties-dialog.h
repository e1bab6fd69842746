/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ferry-file-item.h"

G_BEGIN_DECLS

/*
 * "Properties" of one file: name, type, size, modified, permissions, and
 * a permission editor (owner/group/others × read/write/execute, kept in
 * step with an octal field).  It changes nothing itself: "Apply" emits
 * ::apply (guint mode) and the owner answers with _set_error() or closes
 * the dialog.
 */
#define FERRY_TYPE_PROPERTIES_DIALOG (ferry_properties_dialog_get_type ())
G_DECLARE_FINAL_TYPE (FerryPropertiesDialog, ferry_properties_dialog, FERRY, PROPERTIES_DIALOG, AdwWindow)

FerryPropertiesDialog *ferry_properties_dialog_new       (GtkWindow     *parent,
                                                          FerryFileItem *item);
FerryFileItem         *ferry_properties_dialog_get_item  (FerryPropertiesDialog *self);
guint                  ferry_properties_dialog_get_mode  (FerryPropertiesDialog *self);
void                   ferry_properties_dialog_set_mode  (FerryPropertiesDialog *self,
                                                          guint                  mode);
/* Shown under the editor; NULL hides it.  Ends the busy state. */
void                   ferry_properties_dialog_set_error (FerryPropertiesDialog *self,
                                                          const char            *message);
const char            *ferry_properties_dialog_get_error (FerryPropertiesDialog *self);
/* While the change is under way: Apply insensitive, a spinner. */
void                   ferry_properties_dialog_set_busy  (FerryPropertiesDialog *self,
                                                          gboolean               busy);
/* Presses Apply (as the button does). */
void                   ferry_properties_dialog_apply     (FerryPropertiesDialog *self);

/* "rwxr-xr-x" (or "drwxr-xr-x", "-rw-r--r--") → 0755; -1 when @perms is
 * not in that form (MLSD perm facts, NULL). */
int                    ferry_properties_parse_mode       (const char *perms);

G_END_DECLS
