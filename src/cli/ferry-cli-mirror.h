/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* `ferry-cli mirror …`: @argv[0] is "mirror"; returns the exit status. */
int ferry_cli_mirror_main (int argc, char **argv);

G_END_DECLS
