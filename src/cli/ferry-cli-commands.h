/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* TRUE when the command line is for ferry-cli-commands.c: raw, mkdir,
 * rmdir, rm, mv, or get/put with --ascii, --append or --unique. */
gboolean ferry_cli_commands_wanted (int argc, char **argv);

/* Parses its own options (the global ones included) and runs it. */
int      ferry_cli_commands_main   (int argc, char **argv);

G_END_DECLS
