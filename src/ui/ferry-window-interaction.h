/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ferry-interaction.h"

G_BEGIN_DECLS

/*
 * FerryWindowInteraction: the window's answers to the engine's questions,
 * as dialogs transient for the window (held weakly): the certificate
 * dialog, the account dialog, and the overwrite dialog (one at a time,
 * the others waiting in order; "Apply to all conflicts" answers them all).
 * A question whose cancellable fires completes with G_IO_ERROR_CANCELLED
 * at once (a certificate or account dialog stays up for whoever else
 * waits on it; an overwrite question still in line is dropped).
 */
#define FERRY_TYPE_WINDOW_INTERACTION (ferry_window_interaction_get_type ())
G_DECLARE_FINAL_TYPE (FerryWindowInteraction, ferry_window_interaction, FERRY, WINDOW_INTERACTION, FerryInteraction)

FerryInteraction *ferry_window_interaction_new (GtkWindow *parent);

G_END_DECLS
