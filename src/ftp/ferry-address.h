/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* "227 Entering Passive Mode (h1,h2,h3,h4,p1,p2)." — also accepts the
 * numbers without parentheses, as some servers send them.  @host_out
 * gets the dotted quad the server named (the caller decides whether to
 * believe it). */
gboolean  ferry_address_parse_pasv  (const char  *reply_text,
                                     char       **host_out,
                                     guint16     *port_out,
                                     GError     **error);

/* "229 Entering Extended Passive Mode (|||6446|)" with any delimiter
 * character in 33..126 as RFC 2428 allows. */
gboolean  ferry_address_parse_epsv  (const char  *reply_text,
                                     guint16     *port_out,
                                     GError     **error);

/* "h1,h2,h3,h4,p1,p2" for PORT; @address must be IPv4. */
char     *ferry_address_format_port (GInetAddress *address,
                                     guint16       port);

/* "|1|132.235.1.2|6275|" or "|2|::1|6275|" for EPRT. */
char     *ferry_address_format_eprt (GInetAddress *address,
                                     guint16       port);

/* The reverse of the two above, used by the tests' fake servers and by
 * the unit tests; NULL with @error on malformed input. */
GInetSocketAddress *ferry_address_parse_port (const char *arg, GError **error);
GInetSocketAddress *ferry_address_parse_eprt (const char *arg, GError **error);

G_END_DECLS
