/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "ferry-socket-input-stream.h"

struct _FerrySocketInputStream
{
  GInputStream  parent_instance;

  GSocket      *socket;
  char         *buf;
  gsize         size;
  gsize         start;   /* next byte to hand out */
  gsize         end;     /* one past the last received byte */
};

static void ferry_socket_input_stream_pollable_init (GPollableInputStreamInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FerrySocketInputStream, ferry_socket_input_stream,
                               G_TYPE_INPUT_STREAM,
                               G_IMPLEMENT_INTERFACE (G_TYPE_POLLABLE_INPUT_STREAM,
                                                      ferry_socket_input_stream_pollable_init))

static gssize
take_buffered (FerrySocketInputStream *self,
               void                   *buffer,
               gsize                   count)
{
  gsize n = MIN (count, self->end - self->start);

  memcpy (buffer, self->buf + self->start, n);
  self->start += n;
  return n;
}

/* Receives into the caller's buffer when it is at least as large as ours
 * (no copy), else fills ours and hands out the first part. */
static gssize
receive (FerrySocketInputStream  *self,
         void                    *buffer,
         gsize                    count,
         gboolean                 blocking,
         GCancellable            *cancellable,
         GError                 **error)
{
  gssize n;

  if (self->start < self->end)
    return take_buffered (self, buffer, count);
  if (count >= self->size)
    return g_socket_receive_with_blocking (self->socket, buffer, count, blocking,
                                           cancellable, error);

  n = g_socket_receive_with_blocking (self->socket, self->buf, self->size, blocking,
                                      cancellable, error);
  if (n <= 0)
    return n;
  self->start = 0;
  self->end = n;
  return take_buffered (self, buffer, count);
}

static gssize
ferry_socket_input_stream_read (GInputStream  *stream,
                                void          *buffer,
                                gsize          count,
                                GCancellable  *cancellable,
                                GError       **error)
{
  return receive (FERRY_SOCKET_INPUT_STREAM (stream), buffer, count, TRUE, cancellable, error);
}

static gboolean
ferry_socket_input_stream_close (GInputStream  *stream,
                                 GCancellable  *cancellable,
                                 GError       **error)
{
  /* The socket belongs to its GSocketConnection. */
  return TRUE;
}

static gboolean
ferry_socket_input_stream_can_poll (GPollableInputStream *stream)
{
  return TRUE;
}

static gboolean
ferry_socket_input_stream_is_readable (GPollableInputStream *stream)
{
  FerrySocketInputStream *self = FERRY_SOCKET_INPUT_STREAM (stream);

  return self->start < self->end || g_socket_condition_check (self->socket, G_IO_IN) != 0;
}

static GSource *
ferry_socket_input_stream_create_source (GPollableInputStream *stream,
                                         GCancellable         *cancellable)
{
  FerrySocketInputStream *self = FERRY_SOCKET_INPUT_STREAM (stream);
  g_autoptr(GSource) child = NULL;

  /* Buffered bytes are readable now, whatever the socket says. */
  if (self->start < self->end)
    child = g_timeout_source_new (0);
  else
    child = g_socket_create_source (self->socket, G_IO_IN, NULL);
  return g_pollable_source_new_full (stream, child, cancellable);
}

static gssize
ferry_socket_input_stream_read_nonblocking (GPollableInputStream  *stream,
                                            void                  *buffer,
                                            gsize                  count,
                                            GError               **error)
{
  return receive (FERRY_SOCKET_INPUT_STREAM (stream), buffer, count, FALSE, NULL, error);
}

static void
ferry_socket_input_stream_pollable_init (GPollableInputStreamInterface *iface)
{
  iface->can_poll = ferry_socket_input_stream_can_poll;
  iface->is_readable = ferry_socket_input_stream_is_readable;
  iface->create_source = ferry_socket_input_stream_create_source;
  iface->read_nonblocking = ferry_socket_input_stream_read_nonblocking;
}

static void
ferry_socket_input_stream_finalize (GObject *object)
{
  FerrySocketInputStream *self = FERRY_SOCKET_INPUT_STREAM (object);

  g_clear_object (&self->socket);
  g_free (self->buf);
  G_OBJECT_CLASS (ferry_socket_input_stream_parent_class)->finalize (object);
}

static void
ferry_socket_input_stream_class_init (FerrySocketInputStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GInputStreamClass *stream_class = G_INPUT_STREAM_CLASS (klass);

  object_class->finalize = ferry_socket_input_stream_finalize;
  stream_class->read_fn = ferry_socket_input_stream_read;
  stream_class->close_fn = ferry_socket_input_stream_close;
}

static void
ferry_socket_input_stream_init (FerrySocketInputStream *self)
{
}

GInputStream *
ferry_socket_input_stream_new (GSocket *socket,
                               gsize    buffer_size)
{
  FerrySocketInputStream *self;

  g_return_val_if_fail (G_IS_SOCKET (socket), NULL);
  g_return_val_if_fail (buffer_size > 0, NULL);

  self = g_object_new (FERRY_TYPE_SOCKET_INPUT_STREAM, NULL);
  self->socket = g_object_ref (socket);
  self->size = buffer_size;
  self->buf = g_malloc (buffer_size);
  return G_INPUT_STREAM (self);
}
