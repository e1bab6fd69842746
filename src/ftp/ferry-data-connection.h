/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ferry-session.h"

G_BEGIN_DECLS

/*
 * One FTP data connection, passive (we connect) or active (the server
 * connects to our listening socket), and the loops that move bytes over
 * it.  The stream is a plain GSocketConnection today; for FTPS it will be
 * wrapped in a GTlsClientConnection after the transfer command's 1xx
 * reply (see FTPS.md), which is why establishing and using it are split.
 */
typedef struct _FerryDataConnection FerryDataConnection;

/* Bytes per read/write; large so loopback and LAN transfers are limited
 * by the network, not by system calls. */
#define FERRY_DATA_BUFFER_SIZE (1024 * 1024)

/* Passive: connects to @address (always the control connection's peer
 * address, never one the server names, which stops FTP bounce). */
FerryDataConnection *ferry_data_connection_connect (GSocketClient       *client,
                                                    GInetSocketAddress  *address,
                                                    guint                timeout,
                                                    GCancellable        *cancellable,
                                                    GError             **error);

/* Active: listens on @local (port 0 = any free one) and will accept only a
 * connection from @server_ip.  The chosen port comes back in *port_out. */
FerryDataConnection *ferry_data_connection_listen  (GInetAddress        *local,
                                                    GInetAddress        *server_ip,
                                                    guint                timeout,
                                                    guint16             *port_out,
                                                    GError             **error);

/* Active: waits for the server's connection (others are closed and
 * logged).  Passive: does nothing. */
gboolean  ferry_data_connection_accept   (FerryDataConnection  *data,
                                          FerryLogFunc          log,
                                          gpointer              log_data,
                                          GCancellable         *cancellable,
                                          GError              **error);

/* FTPS: wraps the (connected or accepted) data connection in TLS and
 * handshakes, resuming @control's TLS session (servers such as vsftpd
 * require it).  Call only after the transfer command's 1xx reply: servers
 * start their side of the handshake then.  The only certificate accepted
 * without verification is the one @control already accepted. */
gboolean  ferry_data_connection_start_tls (FerryDataConnection  *data,
                                           GTlsConnection       *control,
                                           GCancellable         *cancellable,
                                           GError              **error);

/* TRUE when the data connection goes through TLS. */
gboolean  ferry_data_connection_is_tls   (FerryDataConnection  *data);

/* Reads what has arrived, up to @size bytes (waiting for at least one):
 * 0 at EOF, -1 with @error.  For readers that consume as they go
 * (listings parsed while they arrive). */
gssize    ferry_data_connection_read     (FerryDataConnection  *data,
                                          char                 *buf,
                                          gsize                 size,
                                          GCancellable         *cancellable,
                                          GError              **error);

/* Reads everything into memory; more than @max_bytes is TOO_LARGE. */
GBytes   *ferry_data_connection_read_all (FerryDataConnection  *data,
                                          gsize                 max_bytes,
                                          GCancellable         *cancellable,
                                          GError              **error);

/* Copies the connection to @out until EOF.  Progress reports
 * @base + bytes so far out of @total.  Local write failures are
 * FERRY_FTP_ERROR_LOCAL. */
gboolean  ferry_data_connection_download (FerryDataConnection  *data,
                                          GOutputStream        *out,
                                          guint64               base,
                                          gint64                total,
                                          FerryProgressFunc     progress,
                                          gpointer              progress_data,
                                          guint64              *bytes_out,
                                          GCancellable         *cancellable,
                                          GError              **error);

/* Copies @in to the connection until @in ends. */
gboolean  ferry_data_connection_upload   (FerryDataConnection  *data,
                                          GInputStream         *in,
                                          guint64               base,
                                          gint64                total,
                                          FerryProgressFunc     progress,
                                          gpointer              progress_data,
                                          guint64              *bytes_out,
                                          GCancellable         *cancellable,
                                          GError              **error);

/* Ends an upload cleanly: closes our sending side and waits (bounded by
 * the timeout) for the server to close its side, so the last bytes are
 * not lost to a reset. */
gboolean  ferry_data_connection_finish_upload (FerryDataConnection  *data,
                                               GCancellable         *cancellable,
                                               GError              **error);

/* Closes (if still open) and frees. */
void      ferry_data_connection_free     (FerryDataConnection *data);
/* Gives up on a transfer: the connection is reset, so that the server
 * neither takes in what is still queued nor waits for more. */
void      ferry_data_connection_abort    (FerryDataConnection *data);

/* G_IO_ERROR_TIMED_OUT → FERRY_FTP_ERROR_TIMED_OUT, kept message. */
void      ferry_data_connection_map_error (GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerryDataConnection, ferry_data_connection_free)

G_END_DECLS
