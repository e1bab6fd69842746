/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gio/gfiledescriptorbased.h>

#include "ferry-data-connection.h"
#include "ferry-ftp-error.h"
#include "ferry-socket-input-stream.h"
#include "ferry-socket-output-stream.h"

struct _FerryDataConnection
{
  GSocket           *listener;    /* active mode until accepted */
  GInetAddress      *server_ip;   /* active mode: the only peer accepted */
  GSocketConnection *connection;  /* the TCP connection */
  GIOStream         *stream;      /* what bytes go through (TLS later) */
  FerrySocketOutputStream *collector;  /* under TLS: gathers records, or NULL */
  guint              timeout;     /* seconds */
};

void
ferry_data_connection_map_error (GError **error)
{
  if (error == NULL || *error == NULL)
    return;
  if (g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    {
      GError *mapped = g_error_new (FERRY_FTP_ERROR, FERRY_FTP_ERROR_TIMED_OUT,
                                    "Timed out: %s", (*error)->message);
      g_error_free (*error);
      *error = mapped;
    }
  else if (g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) ||
           g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE))
    {
      GError *mapped = g_error_new (FERRY_FTP_ERROR, FERRY_FTP_ERROR_CLOSED,
                                    "Connection closed: %s", (*error)->message);
      g_error_free (*error);
      *error = mapped;
    }
}

static gboolean
is_plain (FerryDataConnection *data)
{
  /* Only an unwrapped TCP connection may be read and written through its
   * file descriptor; a TLS stream must go through GIO. */
  return data->stream == G_IO_STREAM (data->connection);
}

static GSocket *
data_socket (FerryDataConnection *data)
{
  return g_socket_connection_get_socket (data->connection);
}

FerryDataConnection *
ferry_data_connection_connect (GSocketClient       *client,
                               GInetSocketAddress  *address,
                               guint                timeout,
                               GCancellable        *cancellable,
                               GError             **error)
{
  g_autoptr(GSocketConnection) connection = NULL;
  FerryDataConnection *data;

  connection = g_socket_client_connect (client, G_SOCKET_CONNECTABLE (address),
                                        cancellable, error);
  if (connection == NULL)
    {
      ferry_data_connection_map_error (error);
      return NULL;
    }

  data = g_new0 (FerryDataConnection, 1);
  data->timeout = timeout;
  data->connection = g_steal_pointer (&connection);
  data->stream = g_object_ref (G_IO_STREAM (data->connection));
  g_socket_set_timeout (data_socket (data), timeout);
  return data;
}

FerryDataConnection *
ferry_data_connection_listen (GInetAddress  *local,
                              GInetAddress  *server_ip,
                              guint          timeout,
                              guint16       *port_out,
                              GError       **error)
{
  g_autoptr(GSocket) listener = NULL;
  g_autoptr(GSocketAddress) bind_address = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  FerryDataConnection *data;

  listener = g_socket_new (g_inet_address_get_family (local), G_SOCKET_TYPE_STREAM,
                           G_SOCKET_PROTOCOL_TCP, error);
  if (listener == NULL)
    return NULL;

  bind_address = g_inet_socket_address_new (local, 0);
  if (!g_socket_bind (listener, bind_address, FALSE, error))
    return NULL;
  g_socket_set_listen_backlog (listener, 4);
  if (!g_socket_listen (listener, error))
    return NULL;
  bound = g_socket_get_local_address (listener, error);
  if (bound == NULL)
    return NULL;

  /* accept() then waits at most this long for the server. */
  g_socket_set_timeout (listener, timeout);

  data = g_new0 (FerryDataConnection, 1);
  data->timeout = timeout;
  data->listener = g_steal_pointer (&listener);
  data->server_ip = g_object_ref (server_ip);
  *port_out = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  return data;
}

gboolean
ferry_data_connection_accept (FerryDataConnection  *data,
                              FerryLogFunc          log,
                              gpointer              log_data,
                              GCancellable         *cancellable,
                              GError              **error)
{
  if (data->listener == NULL)
    return TRUE;

  for (;;)
    {
      g_autoptr(GSocket) socket = NULL;
      g_autoptr(GSocketAddress) remote = NULL;
      GInetAddress *remote_ip;

      socket = g_socket_accept (data->listener, cancellable, error);
      if (socket == NULL)
        {
          ferry_data_connection_map_error (error);
          return FALSE;
        }

      remote = g_socket_get_remote_address (socket, NULL);
      remote_ip = remote != NULL && G_IS_INET_SOCKET_ADDRESS (remote)
                  ? g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (remote))
                  : NULL;

      /* Anyone may connect to a listening port; only the server we talk
       * to may feed or take our data. */
      if (remote_ip == NULL || !g_inet_address_equal (remote_ip, data->server_ip))
        {
          if (log != NULL)
            {
              g_autofree char *who = remote_ip ? g_inet_address_to_string (remote_ip)
                                               : g_strdup ("an unknown peer");
              g_autofree char *text = g_strdup_printf ("Refused a data connection from %s "
                                                       "(not the server)", who);
              log (FERRY_LOG_INFO, 0, text, log_data);
            }
          g_socket_close (socket, NULL);
          continue;
        }

      g_socket_set_timeout (socket, data->timeout);
      data->connection = g_socket_connection_factory_create_connection (socket);
      data->stream = g_object_ref (G_IO_STREAM (data->connection));
      g_socket_close (data->listener, NULL);
      g_clear_object (&data->listener);
      return TRUE;
    }
}

static gboolean
data_accept_certificate_cb (GTlsConnection       *tls,
                            GTlsCertificate      *cert,
                            GTlsCertificateFlags  errors,
                            gpointer              user_data)
{
  GTlsCertificate *control_cert = user_data;

  /* A resumed session does not ask again; a full handshake does.  Only
   * the certificate already accepted for the control connection may pass:
   * anything else would let another peer take or feed our data. */
  return control_cert != NULL && g_tls_certificate_is_same (cert, control_cert);
}

/* What the data connection's TLS reads and writes through.  The control
 * connection must be TLS over its GSocketConnection itself (its session is
 * cached under the socket's address, FTPS.md); a data connection only
 * receives that session (copy_session_state), so its base may be any
 * pollable stream.  Ours reads ahead: one recv(2) of up to
 * TLS_READ_AHEAD bytes serves the header and body reads GnuTLS makes for
 * each record, where GSocketInputStream made two system calls per 16 KiB.
 * FERRY_TLS_READ_AHEAD=BYTES overrides the size, 0 reads the socket
 * connection directly (for benchmarks). */
#define TLS_READ_AHEAD (256 * 1024)

/* And uploads send their records in batches of this size (one send(2)
 * for 16 records; see ferry_data_connection_upload). */
#define TLS_SEND_BATCH (256 * 1024)

static GIOStream *
tls_base_stream (FerryDataConnection *data)
{
  const char *env = g_getenv ("FERRY_TLS_READ_AHEAD");
  gsize size = TLS_READ_AHEAD;
  g_autoptr(GInputStream) in = NULL;

  if (env != NULL)
    size = MIN (g_ascii_strtoull (env, NULL, 10), 16 * 1024 * 1024);
  if (size == 0)
    return g_object_ref (G_IO_STREAM (data->connection));
  in = ferry_socket_input_stream_new (data_socket (data), size);
  g_clear_object (&data->collector);
  data->collector = FERRY_SOCKET_OUTPUT_STREAM (ferry_socket_output_stream_new (data_socket (data),
                                                                                TLS_SEND_BATCH));
  return g_simple_io_stream_new (in, G_OUTPUT_STREAM (data->collector));
}

gboolean
ferry_data_connection_start_tls (FerryDataConnection  *data,
                                 GTlsConnection       *control,
                                 GCancellable         *cancellable,
                                 GError              **error)
{
  g_autoptr(GIOStream) tls = NULL;
  g_autoptr(GIOStream) base = NULL;
  GSocketConnectable *identity;
  GTlsCertificate *control_cert;

  g_return_val_if_fail (data->connection != NULL, FALSE);
  g_return_val_if_fail (G_IS_TLS_CLIENT_CONNECTION (control), FALSE);

  identity = g_tls_client_connection_get_server_identity (G_TLS_CLIENT_CONNECTION (control));
  base = tls_base_stream (data);
  tls = g_tls_client_connection_new (base, identity, error);
  if (tls == NULL)
    return FALSE;
  /* Before the handshake, so that the ClientHello offers the control
   * connection's session. */
  g_tls_client_connection_copy_session_state (G_TLS_CLIENT_CONNECTION (tls),
                                              G_TLS_CLIENT_CONNECTION (control));
  g_tls_connection_set_database (G_TLS_CONNECTION (tls), g_tls_connection_get_database (control));
  /* The transfer's end is confirmed by the 226 on the protected control
   * connection (and downloads by the size), so a server that closes
   * without close_notify must not turn a complete file into an error. */
  g_tls_connection_set_require_close_notify (G_TLS_CONNECTION (tls), FALSE);

  control_cert = g_tls_connection_get_peer_certificate (control);
  g_signal_connect (tls, "accept-certificate", G_CALLBACK (data_accept_certificate_cb),
                    control_cert);
  if (!g_tls_connection_handshake (G_TLS_CONNECTION (tls), cancellable, error))
    {
      ferry_data_connection_map_error (error);
      g_prefix_error (error, "TLS on the data connection: ");
      return FALSE;
    }
  g_signal_handlers_disconnect_by_func (tls, data_accept_certificate_cb, control_cert);

  g_clear_object (&data->stream);
  data->stream = g_steal_pointer (&tls);
  return TRUE;
}

gboolean
ferry_data_connection_is_tls (FerryDataConnection *data)
{
  return data->stream != NULL && G_IS_TLS_CONNECTION (data->stream);
}

/* Reads up to @size bytes; 0 at EOF, -1 with @error. */
static gssize
data_read (FerryDataConnection *data,
           char                *buf,
           gsize                size,
           GCancellable        *cancellable,
           GError             **error)
{
  gssize n;

  if (is_plain (data))
    n = g_socket_receive (data_socket (data), buf, size, cancellable, error);
  else
    n = g_input_stream_read (g_io_stream_get_input_stream (data->stream),
                             buf, size, cancellable, error);
  if (n < 0)
    ferry_data_connection_map_error (error);
  return n;
}

gssize
ferry_data_connection_read (FerryDataConnection  *data,
                            char                 *buf,
                            gsize                 size,
                            GCancellable         *cancellable,
                            GError              **error)
{
  return data_read (data, buf, size, cancellable, error);
}

/* How long read_batch() collects before it hands over what it has, so
 * that a slow server still sees progress (and the file grow) often. */
#define BATCH_MAX_USEC (50 * 1000)

/* How much read_batch() collects per file write.  256 KiB against vsftpd
 * (pinned, 3 interleaved rounds, load 6-8): 318 MB/s and 1.05 s CPU/GiB
 * where the whole 1 MiB buffer gave 196 MB/s and 1.26 s, lftp 261 MB/s:
 * while a long batch is copied into the page cache nobody drains the
 * socket and the server stalls.  FERRY_DOWNLOAD_CHUNK overrides it too. */
#define TLS_WRITE_BATCH (256 * 1024)

/* Over TLS each read returns one record (at most 16 KiB); this reads
 * records until @size bytes, EOF or BATCH_MAX_USEC, so that the file gets
 * one write(2) per buffer instead of 64 per MiB.  An error after some
 * bytes goes to *@deferred: those bytes are written first.
 * FERRY_TLS_SMALL_WRITES=1 writes each record as it comes, for benchmarks. */
static gssize
read_batch (FerryDataConnection  *data,
            char                 *buf,
            gsize                 size,
            GCancellable         *cancellable,
            GError              **deferred,
            GError              **error)
{
  gint64 start = g_get_monotonic_time ();
  gsize got = 0;

  while (got < size)
    {
      gssize n = data_read (data, buf + got, size - got, cancellable,
                            got > 0 ? deferred : error);

      if (n < 0)
        return got > 0 ? (gssize) got : -1;
      if (n == 0)
        break;
      got += n;
      if (g_get_monotonic_time () - start >= BATCH_MAX_USEC)
        break;
    }
  return got;
}

GBytes *
ferry_data_connection_read_all (FerryDataConnection  *data,
                                gsize                 max_bytes,
                                GCancellable         *cancellable,
                                GError              **error)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();

  for (;;)
    {
      const gsize chunk = 64 * 1024;
      gsize old_len = bytes->len;
      gssize n;

      g_byte_array_set_size (bytes, old_len + chunk);
      n = data_read (data, (char *) bytes->data + old_len, chunk, cancellable, error);
      if (n < 0)
        return NULL;
      g_byte_array_set_size (bytes, old_len + n);
      if (n == 0)
        break;
      if (bytes->len > max_bytes)
        {
          g_set_error (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_TOO_LARGE,
                       "The listing is larger than %" G_GSIZE_FORMAT " MiB",
                       max_bytes / (1024 * 1024));
          return NULL;
        }
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}

static void
set_local_error (GError **error, int errsv, const char *what)
{
  g_set_error (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_LOCAL,
               "%s: %s", what, g_strerror (errsv));
}

static gboolean
write_fd_all (int          fd,
              const char  *buf,
              gsize        len,
              GError     **error)
{
  while (len > 0)
    {
      gssize n = write (fd, buf, len);

      if (n < 0)
        {
          int errsv = errno;

          if (errsv == EINTR)
            continue;
          set_local_error (error, errsv, "Cannot write the local file");
          return FALSE;
        }
      buf += n;
      len -= n;
    }
  return TRUE;
}

/* Download chunk (splice count, pipe size, read size): FERRY_DATA_BUFFER_SIZE,
 * or FERRY_DOWNLOAD_CHUNK=BYTES for benchmarks. */
static gsize
download_chunk (void)
{
  const char *env = g_getenv ("FERRY_DOWNLOAD_CHUNK");

  if (env == NULL)
    return FERRY_DATA_BUFFER_SIZE;
  return CLAMP (g_ascii_strtoull (env, NULL, 10), 4096, 64 * 1024 * 1024);
}

/* splice(2) socket → pipe → file: the bytes never enter user space.
 * Returns FALSE with *fallback set when splice cannot be used for this
 * pair of descriptors and nothing was moved. */
static gboolean
download_splice (FerryDataConnection  *data,
                 int                   out_fd,
                 guint64               base,
                 gint64                total,
                 FerryProgressFunc     progress,
                 gpointer              progress_data,
                 guint64              *done,
                 gboolean             *fallback,
                 GCancellable         *cancellable,
                 GError              **error)
{
  GSocket *socket = data_socket (data);
  int sock_fd = g_socket_get_fd (socket);
  gsize chunk = download_chunk ();
  int pipe_fds[2];
  gboolean ok = FALSE;

  *fallback = FALSE;
  if (pipe2 (pipe_fds, O_CLOEXEC) != 0)
    {
      *fallback = TRUE;
      return FALSE;
    }
  /* A bigger pipe means fewer round trips; the default is 64 KiB. */
  fcntl (pipe_fds[1], F_SETPIPE_SZ, (int) chunk);

  for (;;)
    {
      gssize in_pipe;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;

      in_pipe = splice (sock_fd, NULL, pipe_fds[1], NULL, chunk,
                        SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
      if (in_pipe == 0)
        break;
      if (in_pipe < 0)
        {
          int errsv = errno;

          if (errsv == EINTR)
            continue;
          if (errsv == EAGAIN)
            {
              if (!g_socket_condition_timed_wait (socket, G_IO_IN,
                                                  (gint64) data->timeout * G_USEC_PER_SEC,
                                                  cancellable, error))
                {
                  ferry_data_connection_map_error (error);
                  goto out;
                }
              continue;
            }
          if ((errsv == EINVAL || errsv == ENOSYS) && *done == 0)
            *fallback = TRUE;
          else
            g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                         "Cannot receive: %s", g_strerror (errsv));
          goto out;
        }

      while (in_pipe > 0)
        {
          gssize n = splice (pipe_fds[0], NULL, out_fd, NULL, in_pipe, SPLICE_F_MOVE);

          if (n < 0)
            {
              int errsv = errno;

              if (errsv == EINTR)
                continue;
              if ((errsv == EINVAL || errsv == ENOSYS) && *done == 0)
                {
                  /* The file side refuses splice (O_APPEND, some file
                   * systems): write what is in the pipe, then fall back. */
                  char buf[64 * 1024];
                  while (in_pipe > 0)
                    {
                      gssize r = read (pipe_fds[0], buf, MIN ((gsize) in_pipe, sizeof buf));
                      if (r <= 0 || !write_fd_all (out_fd, buf, r, error))
                        goto out;
                      in_pipe -= r;
                      *done += r;
                    }
                  *fallback = TRUE;
                  goto out;
                }
              set_local_error (error, errsv, "Cannot write the local file");
              goto out;
            }
          in_pipe -= n;
          *done += n;
        }

      if (progress != NULL)
        progress (base + *done, total, progress_data);
    }
  ok = TRUE;

out:
  close (pipe_fds[0]);
  close (pipe_fds[1]);
  return ok;
}

gboolean
ferry_data_connection_download (FerryDataConnection  *data,
                                GOutputStream        *out,
                                guint64               base,
                                gint64                total,
                                FerryProgressFunc     progress,
                                gpointer              progress_data,
                                guint64              *bytes_out,
                                GCancellable         *cancellable,
                                GError              **error)
{
  gsize chunk = download_chunk ();
  g_autofree char *buf = g_malloc (chunk);
  gboolean tls = !is_plain (data) && g_getenv ("FERRY_TLS_SMALL_WRITES") == NULL;
  gsize tls_batch = g_getenv ("FERRY_DOWNLOAD_CHUNK") != NULL ? chunk : MIN (chunk, TLS_WRITE_BATCH);
  g_autoptr(GError) deferred = NULL;
  int out_fd = -1;
  guint64 done = 0;
  gboolean ok = FALSE;

  /* A file descriptor lets us skip GOutputStream's vfuncs; writes still
   * go through write(2), so the stream's position stays right. */
  if (G_IS_FILE_DESCRIPTOR_BASED (out) && !g_output_stream_has_pending (out))
    out_fd = g_file_descriptor_based_get_fd (G_FILE_DESCRIPTOR_BASED (out));

  /* FERRY_NO_SPLICE=1 selects the read/write loop, for benchmarks. */
  if (out_fd >= 0 && is_plain (data) && g_getenv ("FERRY_NO_SPLICE") == NULL)
    {
      gboolean fallback = FALSE;

      if (download_splice (data, out_fd, base, total, progress, progress_data,
                           &done, &fallback, cancellable, error))
        {
          ok = TRUE;
          goto out;
        }
      if (!fallback)
        goto out;
    }

  for (;;)
    {
      gssize n;

      if (deferred != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&deferred));
          goto out;
        }
      n = tls ? read_batch (data, buf, tls_batch, cancellable, &deferred, error)
              : data_read (data, buf, chunk, cancellable, error);

      if (n < 0)
        goto out;
      if (n == 0)
        break;

      if (out_fd >= 0)
        {
          if (!write_fd_all (out_fd, buf, n, error))
            goto out;
        }
      else
        {
          g_autoptr(GError) local_error = NULL;

          if (!g_output_stream_write_all (out, buf, n, NULL, cancellable, &local_error))
            {
              if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
                g_propagate_error (error, g_steal_pointer (&local_error));
              else
                g_set_error (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_LOCAL,
                             "Cannot write the local file: %s", local_error->message);
              goto out;
            }
        }

      done += n;
      if (progress != NULL)
        progress (base + done, total, progress_data);
    }
  ok = TRUE;

out:
  if (bytes_out != NULL)
    *bytes_out = done;
  return ok;
}

/* sendfile(2) from a file to the plain socket: no copy through user space.
 * Returns FALSE with *fallback set when sendfile cannot be used for this
 * input at all (pipes, some file systems) and nothing was sent. */
static gboolean
upload_sendfile (FerryDataConnection  *data,
                 int                   in_fd,
                 guint64               base,
                 gint64                total,
                 FerryProgressFunc     progress,
                 gpointer              progress_data,
                 guint64              *done,
                 gboolean             *fallback,
                 GCancellable         *cancellable,
                 GError              **error)
{
  GSocket *socket = data_socket (data);
  int sock_fd = g_socket_get_fd (socket);

  *fallback = FALSE;
  for (;;)
    {
      gssize n;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      n = sendfile (sock_fd, in_fd, NULL, 4 * FERRY_DATA_BUFFER_SIZE);
      if (n > 0)
        {
          *done += n;
          if (progress != NULL)
            progress (base + *done, total, progress_data);
          continue;
        }
      if (n == 0)
        return TRUE;

      switch (errno)
        {
        case EINTR:
          continue;
        case EAGAIN:
          /* The socket is non-blocking (GSocket's choice); wait for room
           * with the data timeout and the cancellable. */
          if (!g_socket_condition_timed_wait (socket, G_IO_OUT,
                                              (gint64) data->timeout * G_USEC_PER_SEC,
                                              cancellable, error))
            {
              ferry_data_connection_map_error (error);
              return FALSE;
            }
          continue;
        case EINVAL:
        case ENOSYS:
          if (*done == 0)
            {
              *fallback = TRUE;
              return FALSE;
            }
          G_GNUC_FALLTHROUGH;
        default:
          {
            int errsv = errno;

            if (errsv == EPIPE || errsv == ECONNRESET)
              g_set_error (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_CLOSED,
                           "The data connection was closed: %s", g_strerror (errsv));
            else if (errsv == EIO)
              set_local_error (error, errsv, "Cannot read the local file");
            else
              g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                           "Cannot send: %s", g_strerror (errsv));
            return FALSE;
          }
        }
    }
}

/* Upload chunk size.  64 KiB (what lftp uses) measured best against
 * vsftpd on loopback, paired rounds under load (bench/transfer): 1.12x lftp,
 * where 1 MiB gave 0.89x, 128 KiB 0.92x, 32 KiB 0.82x and sendfile(2) with
 * 4 MiB counts 0.86x.  The receiver is the bottleneck, and a chunk that
 * stays in the cache is still hot when it copies it out of the socket;
 * sendfile hands it page-cache pages it must fetch from memory.
 * FERRY_UPLOAD_CHUNK=BYTES overrides it, for benchmarks. */
#define UPLOAD_CHUNK (64 * 1024)

/* How many chunks may go out between two checks for room (see below):
 * a quarter of the send buffer's worth, which fits above the two thirds
 * that POLLOUT guarantees free.  The buffer grows as TCP tunes it, so
 * this is asked again after each wait. */
static guint
chunks_per_check (int    sock_fd,
                  gsize  chunk)
{
  int sndbuf = 0;
  socklen_t len = sizeof sndbuf;

  if (getsockopt (sock_fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, &len) != 0 || sndbuf <= 0)
    return 1;
  return MAX (1, (guint) (sndbuf / 4 / chunk));
}

/* read(2) from the file, send(2) to the plain socket, with no GIO in
 * between: GUnixInputStream polls the file before each read and GSocket
 * checks its state before each send.
 *
 * Chunks go out whole: we wait for room before a chunk (POLLOUT, i.e. a
 * third of the buffer free) instead of filling the buffer until a send
 * comes back short.  A short send leaves a segment boundary at an odd
 * offset; a server that reads up to 64 KiB and writes what it got (vsftpd)
 * then writes the rest of the file at offsets that are not 64 KiB
 * aligned, each write straddling two folios, whenever it catches up with
 * us there.  Measured against vsftpd on ext4 (1 GiB): 9357 of its 16606
 * writes were unaligned after the fill-until-short loop, 85 of 16394
 * after curl (which polls before each send); replaying the two write
 * sequences locally, its close() took 220-275 ms against 120-200 ms, and
 * paired bench/transfer rounds were 1.07-1.12x faster in wall time and
 * 1.09-1.18x in vsftpd's own data rate with the wait.
 * FERRY_UPLOAD_FILL=1 restores the old loop, for benchmarks. */
static gboolean
upload_read_send (FerryDataConnection  *data,
                  int                   in_fd,
                  guint64               base,
                  gint64                total,
                  FerryProgressFunc     progress,
                  gpointer              progress_data,
                  guint64              *done,
                  GCancellable         *cancellable,
                  GError              **error)
{
  GSocket *socket = data_socket (data);
  int sock_fd = g_socket_get_fd (socket);
  gsize chunk = UPLOAD_CHUNK;
  g_autofree char *buf = NULL;
  const char *env = g_getenv ("FERRY_UPLOAD_CHUNK");
  gboolean wait_first = g_getenv ("FERRY_UPLOAD_FILL") == NULL;
  guint every = 1, since_check = 0;

  if (env != NULL)
    chunk = CLAMP (g_ascii_strtoull (env, NULL, 10), 4096, 64 * 1024 * 1024);
  buf = g_malloc (chunk);

  for (;;)
    {
      gssize n, sent = 0;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      n = read (in_fd, buf, chunk);
      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          set_local_error (error, errno, "Cannot read the local file");
          return FALSE;
        }
      if (n == 0)
        return TRUE;

      /* Room for the whole chunk before sending it (see above). */
      if (wait_first && ++since_check >= every)
        {
          struct pollfd pfd = { .fd = sock_fd, .events = POLLOUT };

          since_check = 0;
          if (poll (&pfd, 1, 0) == 0)
            {
              if (!g_socket_condition_timed_wait (socket, G_IO_OUT,
                                                  (gint64) data->timeout * G_USEC_PER_SEC,
                                                  cancellable, error))
                {
                  ferry_data_connection_map_error (error);
                  return FALSE;
                }
              every = chunks_per_check (sock_fd, chunk);
            }
        }

      while (sent < n)
        {
          gssize w = send (sock_fd, buf + sent, n - sent, MSG_NOSIGNAL);

          if (w >= 0)
            {
              sent += w;
              continue;
            }
          if (errno == EINTR)
            continue;
          if (errno == EAGAIN)
            {
              /* GSocket keeps the descriptor non-blocking: wait for room
               * with the data timeout and the cancellable. */
              if (!g_socket_condition_timed_wait (socket, G_IO_OUT,
                                                  (gint64) data->timeout * G_USEC_PER_SEC,
                                                  cancellable, error))
                {
                  ferry_data_connection_map_error (error);
                  return FALSE;
                }
              continue;
            }
          {
            int errsv = errno;

            if (errsv == EPIPE || errsv == ECONNRESET)
              g_set_error (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_CLOSED,
                           "The data connection was closed: %s", g_strerror (errsv));
            else
              g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                           "Cannot send: %s", g_strerror (errsv));
            return FALSE;
          }
        }

      *done += n;
      if (progress != NULL)
        progress (base + *done, total, progress_data);
    }
}

gboolean
ferry_data_connection_upload (FerryDataConnection  *data,
                              GInputStream         *in,
                              guint64               base,
                              gint64                total,
                              FerryProgressFunc     progress,
                              gpointer              progress_data,
                              guint64              *bytes_out,
                              GCancellable         *cancellable,
                              GError              **error)
{
  g_autofree char *buf = NULL;
  guint64 done = 0;
  gboolean ok = FALSE;

  /* sendfile(2) costs us less CPU, but on loopback against vsftpd the
   * 64 KiB read/send loop below is faster in wall time (see UPLOAD_CHUNK),
   * so sendfile is opt-in: FERRY_SENDFILE=1, for benchmarks elsewhere. */
  if (is_plain (data) && G_IS_FILE_DESCRIPTOR_BASED (in) && g_getenv ("FERRY_SENDFILE") != NULL)
    {
      gboolean fallback = FALSE;
      int in_fd = g_file_descriptor_based_get_fd (G_FILE_DESCRIPTOR_BASED (in));

      if (upload_sendfile (data, in_fd, base, total, progress, progress_data,
                           &done, &fallback, cancellable, error))
        {
          ok = TRUE;
          goto out;
        }
      if (!fallback)
        goto out;
    }

  /* A file descriptor on a plain connection: no GIO in the loop.  Over
   * TLS, and for streams without a descriptor, the GIO loop below. */
  if (is_plain (data) && G_IS_FILE_DESCRIPTOR_BASED (in) && !g_input_stream_has_pending (in))
    {
      int in_fd = g_file_descriptor_based_get_fd (G_FILE_DESCRIPTOR_BASED (in));

      ok = upload_read_send (data, in_fd, base, total, progress, progress_data,
                             &done, cancellable, error);
      goto out;
    }

  /* Over TLS the records of each buffer are gathered under the TLS layer
   * and sent 16 at a time, instead of one send(2) per 16 KiB record.
   * FERRY_TLS_SEND_BATCH=0 sends each record as it comes, for A/B. */
  if (data->collector != NULL && !is_plain (data) &&
      g_strcmp0 (g_getenv ("FERRY_TLS_SEND_BATCH"), "0") != 0)
    ferry_socket_output_stream_set_collect (data->collector, TRUE);

  buf = g_malloc (FERRY_DATA_BUFFER_SIZE);
  for (;;)
    {
      g_autoptr(GError) local_error = NULL;
      gssize n = g_input_stream_read (in, buf, FERRY_DATA_BUFFER_SIZE, cancellable, &local_error);

      if (n < 0)
        {
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            g_propagate_error (error, g_steal_pointer (&local_error));
          else
            g_set_error (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_LOCAL,
                         "Cannot read the local file: %s", local_error->message);
          goto out;
        }
      if (n == 0)
        break;

      if (is_plain (data))
        {
          gsize sent = 0;

          while (sent < (gsize) n)
            {
              gssize w = g_socket_send (data_socket (data), buf + sent, n - sent,
                                        cancellable, error);
              if (w < 0)
                {
                  ferry_data_connection_map_error (error);
                  goto out;
                }
              sent += w;
            }
        }
      else if (!g_output_stream_write_all (g_io_stream_get_output_stream (data->stream),
                                           buf, n, NULL, cancellable, error))
        {
          ferry_data_connection_map_error (error);
          goto out;
        }

      done += n;
      if (progress != NULL)
        progress (base + done, total, progress_data);
    }
  /* The last records, before the caller's close_notify. */
  if (data->collector != NULL &&
      !g_output_stream_flush (G_OUTPUT_STREAM (data->collector), cancellable, error))
    {
      ferry_data_connection_map_error (error);
      goto out;
    }
  ok = TRUE;

out:
  if (data->collector != NULL)
    ferry_socket_output_stream_set_collect (data->collector, FALSE);
  if (bytes_out != NULL)
    *bytes_out = done;
  return ok;
}

/* The TLS layer closes its base stream, which over the read-ahead
 * wrapper (tls_base_stream) leaves the socket open: close it as well, so
 * that the peer sees the end now and not when the last reference goes. */
static gboolean
close_streams (FerryDataConnection  *data,
               GCancellable         *cancellable,
               GError              **error)
{
  gboolean ok = g_io_stream_close (data->stream, cancellable, error);

  if (data->connection != NULL && data->stream != G_IO_STREAM (data->connection))
    g_io_stream_close (G_IO_STREAM (data->connection), NULL, NULL);
  return ok;
}

gboolean
ferry_data_connection_finish_upload (FerryDataConnection  *data,
                                     GCancellable         *cancellable,
                                     GError              **error)
{
  char sink[4096];

  if (data->stream == NULL)
    return TRUE;

  if (!g_output_stream_close (g_io_stream_get_output_stream (data->stream), cancellable, error))
    {
      ferry_data_connection_map_error (error);
      return FALSE;
    }
  if (is_plain (data) && !g_socket_shutdown (data_socket (data), FALSE, TRUE, error))
    return FALSE;

  /* Over TLS the server may still send (session tickets, close_notify);
   * closing with them unread would reset the connection and lose the
   * tail of the file.  Plain servers just close: this ends at once. */
  for (;;)
    {
      gssize n = data_read (data, sink, sizeof sink, cancellable, NULL);
      if (n <= 0)
        break;
    }

  return close_streams (data, cancellable, error);
}

void
ferry_data_connection_abort (FerryDataConnection *data)
{
  if (data == NULL)
    return;
  if (data->connection != NULL)
    {
      GSocket *socket = data_socket (data);
      struct linger reset = { .l_onoff = 1, .l_linger = 0 };

      /* A reset, not a FIN after the queued bytes: a throttled server
       * took seconds to read what still sat in the two socket buffers
       * before it noticed the end, longer than we wait for its answer to
       * ABOR.  Closed before the streams, so that no TLS close_notify
       * waits for room in a full buffer either. */
      setsockopt (g_socket_get_fd (socket), SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
      g_socket_close (socket, NULL);
    }
  ferry_data_connection_free (data);
}

void
ferry_data_connection_free (FerryDataConnection *data)
{
  if (data == NULL)
    return;
  if (data->stream != NULL)
    close_streams (data, NULL, NULL);
  if (data->listener != NULL)
    g_socket_close (data->listener, NULL);
  g_clear_object (&data->stream);
  g_clear_object (&data->collector);
  g_clear_object (&data->connection);
  g_clear_object (&data->listener);
  g_clear_object (&data->server_ip);
  g_free (data);
}
