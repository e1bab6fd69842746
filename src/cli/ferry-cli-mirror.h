/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ferry-throttle.h"

G_BEGIN_DECLS

/* `ferry-cli mirror …`: @argv[0] is "mirror"; returns the exit status. */
int ferry_cli_mirror_main (int argc, char **argv);

/* --limit-rate RATE (get, put and mirror): entries to add to a context,
 * then, after parsing, FALSE (message on stderr) when RATE is invalid. */
const GOptionEntry *ferry_cli_limit_option_entries (void);
gboolean            ferry_cli_limit_check_options  (void);
/* The bytes per second asked for (0 = no limit). */
guint64             ferry_cli_limit_rate           (void);
/* A throttle at that rate, or NULL without a limit (borrowed; lives as
 * long as the process). */
FerryThrottle      *ferry_cli_limit_throttle       (void);

G_END_DECLS
