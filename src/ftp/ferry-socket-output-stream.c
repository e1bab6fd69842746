/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "ferry-socket-output-stream.h"

struct _FerrySocketOutputStream
{
  GOutputStream  parent_instance;

  GSocket       *socket;
  char          *buf;
  gsize          size;
  gsize          start;    /* first byte not yet sent */
  gsize          end;      /* one past the last buffered byte */
  gboolean       collect;
};

static void ferry_socket_output_stream_pollable_init (GPollableOutputStreamInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FerrySocketOutputStream, ferry_socket_output_stream,
                               G_TYPE_OUTPUT_STREAM,
                               G_IMPLEMENT_INTERFACE (G_TYPE_POLLABLE_OUTPUT_STREAM,
                                                      ferry_socket_output_stream_pollable_init))

/* Sends what is buffered; non-blocking, it may stop early with
 * G_IO_ERROR_WOULD_BLOCK, keeping the rest. */
static gboolean
send_buffered (FerrySocketOutputStream  *self,
               gboolean                  blocking,
               GCancellable             *cancellable,
               GError                  **error)
{
  while (self->start < self->end)
    {
      gssize n = g_socket_send_with_blocking (self->socket, self->buf + self->start,
                                              self->end - self->start, blocking,
                                              cancellable, error);
      if (n < 0)
        return FALSE;
      self->start += n;
    }
  self->start = self->end = 0;
  return TRUE;
}

static gssize
write_any (FerrySocketOutputStream  *self,
           const void               *buffer,
           gsize                     count,
           gboolean                  blocking,
           GCancellable             *cancellable,
           GError                  **error)
{
  if (!self->collect)
    {
      /* Anything left from collecting goes first. */
      if (!send_buffered (self, blocking, cancellable, error))
        return -1;
      return g_socket_send_with_blocking (self->socket, buffer, count, blocking,
                                          cancellable, error);
    }

  if (self->end == self->size && !send_buffered (self, blocking, cancellable, error))
    return -1;
  count = MIN (count, self->size - self->end);
  memcpy (self->buf + self->end, buffer, count);
  self->end += count;
  return count;
}

static gssize
ferry_socket_output_stream_write (GOutputStream  *stream,
                                  const void     *buffer,
                                  gsize           count,
                                  GCancellable   *cancellable,
                                  GError        **error)
{
  return write_any (FERRY_SOCKET_OUTPUT_STREAM (stream), buffer, count, TRUE,
                    cancellable, error);
}

static gboolean
ferry_socket_output_stream_flush (GOutputStream  *stream,
                                  GCancellable   *cancellable,
                                  GError        **error)
{
  return send_buffered (FERRY_SOCKET_OUTPUT_STREAM (stream), TRUE, cancellable, error);
}

static gboolean
ferry_socket_output_stream_close (GOutputStream  *stream,
                                  GCancellable   *cancellable,
                                  GError        **error)
{
  /* What is buffered goes out; the socket belongs to its connection. */
  return send_buffered (FERRY_SOCKET_OUTPUT_STREAM (stream), TRUE, cancellable, error);
}

static gboolean
ferry_socket_output_stream_can_poll (GPollableOutputStream *stream)
{
  return TRUE;
}

static gboolean
ferry_socket_output_stream_is_writable (GPollableOutputStream *stream)
{
  FerrySocketOutputStream *self = FERRY_SOCKET_OUTPUT_STREAM (stream);

  return (self->collect && self->end < self->size) ||
         g_socket_condition_check (self->socket, G_IO_OUT) != 0;
}

static GSource *
ferry_socket_output_stream_create_source (GPollableOutputStream *stream,
                                          GCancellable          *cancellable)
{
  FerrySocketOutputStream *self = FERRY_SOCKET_OUTPUT_STREAM (stream);
  g_autoptr(GSource) child = NULL;

  if (self->collect && self->end < self->size)
    child = g_timeout_source_new (0);
  else
    child = g_socket_create_source (self->socket, G_IO_OUT, NULL);
  return g_pollable_source_new_full (stream, child, cancellable);
}

static gssize
ferry_socket_output_stream_write_nonblocking (GPollableOutputStream  *stream,
                                              const void             *buffer,
                                              gsize                   count,
                                              GError                **error)
{
  return write_any (FERRY_SOCKET_OUTPUT_STREAM (stream), buffer, count, FALSE, NULL, error);
}

static void
ferry_socket_output_stream_pollable_init (GPollableOutputStreamInterface *iface)
{
  iface->can_poll = ferry_socket_output_stream_can_poll;
  iface->is_writable = ferry_socket_output_stream_is_writable;
  iface->create_source = ferry_socket_output_stream_create_source;
  iface->write_nonblocking = ferry_socket_output_stream_write_nonblocking;
}

static void
ferry_socket_output_stream_finalize (GObject *object)
{
  FerrySocketOutputStream *self = FERRY_SOCKET_OUTPUT_STREAM (object);

  g_clear_object (&self->socket);
  g_free (self->buf);
  G_OBJECT_CLASS (ferry_socket_output_stream_parent_class)->finalize (object);
}

static void
ferry_socket_output_stream_class_init (FerrySocketOutputStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GOutputStreamClass *stream_class = G_OUTPUT_STREAM_CLASS (klass);

  object_class->finalize = ferry_socket_output_stream_finalize;
  stream_class->write_fn = ferry_socket_output_stream_write;
  stream_class->flush = ferry_socket_output_stream_flush;
  stream_class->close_fn = ferry_socket_output_stream_close;
}

static void
ferry_socket_output_stream_init (FerrySocketOutputStream *self)
{
}

GOutputStream *
ferry_socket_output_stream_new (GSocket *socket,
                                gsize    buffer_size)
{
  FerrySocketOutputStream *self;

  g_return_val_if_fail (G_IS_SOCKET (socket), NULL);
  g_return_val_if_fail (buffer_size > 0, NULL);

  self = g_object_new (FERRY_TYPE_SOCKET_OUTPUT_STREAM, NULL);
  self->socket = g_object_ref (socket);
  self->size = buffer_size;
  self->buf = g_malloc (buffer_size);
  return G_OUTPUT_STREAM (self);
}

void
ferry_socket_output_stream_set_collect (FerrySocketOutputStream *self,
                                        gboolean                 collect)
{
  g_return_if_fail (FERRY_IS_SOCKET_OUTPUT_STREAM (self));

  self->collect = collect;
}
