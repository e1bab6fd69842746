/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * A pollable output stream over a connected GSocket that, while
 * collecting is on, gathers writes into a buffer and sends it with one
 * send(2) when full, on flush and on close.  It sits under the TLS layer
 * of FTPS uploads: GnuTLS hands down one 16 KiB record per write, one
 * system call each.  Collecting is off at first, so the handshake's
 * messages go out as they are written (the peer answers them); the upload
 * turns it on and flushes at its end.  Closing it leaves the socket open.
 */
#define FERRY_TYPE_SOCKET_OUTPUT_STREAM (ferry_socket_output_stream_get_type ())
G_DECLARE_FINAL_TYPE (FerrySocketOutputStream, ferry_socket_output_stream,
                      FERRY, SOCKET_OUTPUT_STREAM, GOutputStream)

GOutputStream *ferry_socket_output_stream_new         (GSocket *socket,
                                                       gsize    buffer_size);

/* Turning collecting off does not send what is buffered: flush first. */
void           ferry_socket_output_stream_set_collect (FerrySocketOutputStream *self,
                                                       gboolean                 collect);

G_END_DECLS
