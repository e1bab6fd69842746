/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ferry-session.h"

G_BEGIN_DECLS

/* The "Log" view: every command and reply of a session, coloured by
 * reply class, bounded in length; hovering a reply line explains its
 * code.  Under it, a command line: Enter emits "command" (const char *)
 * with the stripped text and empties the entry. */
#define FERRY_TYPE_LOG_VIEW (ferry_log_view_get_type ())
G_DECLARE_FINAL_TYPE (FerryLogView, ferry_log_view, FERRY, LOG_VIEW, GtkWidget)

GtkWidget *ferry_log_view_new       (void);
void       ferry_log_view_append    (FerryLogView *self,
                                     FerryLogKind  kind,
                                     guint         code,
                                     const char   *text);
void       ferry_log_view_clear     (FerryLogView *self);
char      *ferry_log_view_dup_text  (FerryLogView *self);
guint      ferry_log_view_get_n_lines (FerryLogView *self);
void       ferry_log_view_set_command_enabled (FerryLogView *self,
                                               gboolean      enabled);
GtkEntry  *ferry_log_view_get_command_entry   (FerryLogView *self);
/* The tooltip of line @line (0-based): "550: File unavailable" for a
 * reply line, NULL for others. */
char      *ferry_log_view_dup_line_tooltip    (FerryLogView *self,
                                               int           line);

/* Lines kept; older ones are dropped from the top. */
#define FERRY_LOG_VIEW_MAX_LINES 10000

G_END_DECLS
