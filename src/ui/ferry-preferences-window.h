/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The preferences window (an AdwPreferencesWindow bound to GSettings),
 * modal for @parent: what win.preferences shows. */
GtkWidget *ferry_preferences_window_new (GtkWindow *parent);

G_END_DECLS
