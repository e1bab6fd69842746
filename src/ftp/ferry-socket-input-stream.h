/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * A pollable input stream over a connected GSocket that receives up to a
 * whole buffer at a time and hands it out in the small pieces asked for.
 * It sits under the TLS layer of FTPS data connections: GnuTLS asks for
 * each record's 5-byte header and then its body, two recv(2) calls per
 * 16 KiB record; through this stream one recv(2) serves many records.
 * Timeouts and cancellation are the socket's (g_socket_set_timeout), as
 * with GSocketInputStream.  Closing it leaves the socket open.
 */
#define FERRY_TYPE_SOCKET_INPUT_STREAM (ferry_socket_input_stream_get_type ())
G_DECLARE_FINAL_TYPE (FerrySocketInputStream, ferry_socket_input_stream,
                      FERRY, SOCKET_INPUT_STREAM, GInputStream)

GInputStream *ferry_socket_input_stream_new (GSocket *socket,
                                             gsize    buffer_size);

G_END_DECLS
