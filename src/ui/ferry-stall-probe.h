/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * A main-loop stall probe for debugging and the UI tests.  With
 * FERRY_DEBUG_STALLS=N in the environment, a high-priority 5 ms tick
 * measures its own lateness and logs every gap longer than N ms to stderr:
 *
 *   ferry-stall: 123 ms (main thread busy 118 ms) during "sorting 100000 rows"
 *
 * The label is the activity the code around a long operation set with
 * ferry_stall_probe_begin()/end() (the last one seen since the previous
 * tick, so that an activity that ended inside the gap is still named).
 * An activity that alone takes longer than N ms is logged too:
 *
 *   ferry-stall: "sorting 100000 rows" took 80 ms
 *
 * Without the variable everything here is a few cheap assignments.
 */

/* Starts the tick when FERRY_DEBUG_STALLS is set (or @threshold_ms > 0:
 * tests); idempotent. */
void         ferry_stall_probe_start        (guint threshold_ms);
gboolean     ferry_stall_probe_is_running   (void);

/* @activity must be a static string. */
void         ferry_stall_probe_begin        (const char *activity);
void         ferry_stall_probe_end          (void);

/* The longest gap (ms) and its activity since the last reset; for tests.
 * _busy: the most CPU time the main thread spent inside one gap, which
 * a loaded machine does not inflate as it does the gap itself. */
guint        ferry_stall_probe_get_longest  (const char **activity);
guint        ferry_stall_probe_get_longest_busy (const char **activity);
guint        ferry_stall_probe_get_count    (void);
void         ferry_stall_probe_reset        (void);

G_END_DECLS
