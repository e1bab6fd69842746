/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* `ferry-cli parse-listing [--mlsd] [--now DATE]`: a raw listing on
 * stdin, one JSON object per entry on stdout.  @argv[0] is
 * "parse-listing"; returns the process exit status. */
int ferry_cli_parse_listing (int    argc,
                             char **argv);

G_END_DECLS
