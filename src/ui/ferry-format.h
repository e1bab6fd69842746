/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Small formatting helpers shared by the panes and the transfer views. */
char *ferry_format_size     (gint64 bytes);          /* "—" when < 0 */
char *ferry_format_rate     (double bytes_per_second);
char *ferry_format_eta      (gint64 seconds);        /* "" when < 0 */
char *ferry_format_datetime (GDateTime *utc);        /* local time, "" when NULL */

G_END_DECLS
