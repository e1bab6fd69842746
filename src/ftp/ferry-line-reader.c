/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "ferry-ftp-error.h"
#include "ferry-line-reader.h"

struct _FerryLineReader
{
  GInputStream *stream;
  gsize         max_line;   /* bytes in one line, LF included */
  char         *buf;        /* max_line bytes */
  gsize         start;      /* first unconsumed byte */
  gsize         end;        /* one past the last buffered byte */
};

FerryLineReader *
ferry_line_reader_new (GInputStream *stream,
                       gsize         max_line)
{
  FerryLineReader *reader = g_new0 (FerryLineReader, 1);

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);
  g_return_val_if_fail (max_line >= 16, NULL);

  reader->stream = g_object_ref (stream);
  reader->max_line = max_line;
  reader->buf = g_malloc (max_line);

  return reader;
}

void
ferry_line_reader_free (FerryLineReader *reader)
{
  if (reader == NULL)
    return;
  g_clear_object (&reader->stream);
  g_free (reader->buf);
  g_free (reader);
}

gboolean
ferry_line_reader_has_buffered (FerryLineReader *reader)
{
  return reader->end > reader->start;
}

/* Moves a partial line to the front when the buffer's end is reached. */
static void
make_room (FerryLineReader *reader)
{
  gsize kept = reader->end - reader->start;

  if (reader->start == reader->end)
    reader->start = reader->end = 0;
  else if (reader->end == reader->max_line)
    {
      memmove (reader->buf, reader->buf + reader->start, kept);
      reader->start = 0;
      reader->end = kept;
    }
}

static void
set_closed (GError **error)
{
  g_set_error_literal (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_CLOSED,
                       "The server closed the connection");
}

gboolean
ferry_line_reader_fill_nonblocking (FerryLineReader  *reader,
                                    GError          **error)
{
  GPollableInputStream *pollable;
  g_autoptr(GError) local_error = NULL;
  gssize n;

  if (!G_IS_POLLABLE_INPUT_STREAM (reader->stream))
    return TRUE;
  pollable = G_POLLABLE_INPUT_STREAM (reader->stream);
  /* is_readable first: one poll() and no GError when nothing came, which
   * is every time but on a misbehaving server. */
  if (!g_pollable_input_stream_can_poll (pollable) ||
      !g_pollable_input_stream_is_readable (pollable))
    return TRUE;

  make_room (reader);
  if (reader->end == reader->max_line)
    return TRUE;
  n = g_pollable_input_stream_read_nonblocking (pollable, reader->buf + reader->end,
                                                reader->max_line - reader->end,
                                                NULL, &local_error);
  if (n < 0)
    {
      /* TLS may have had only a record's first part, or a ticket. */
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (n == 0)
    {
      set_closed (error);
      return FALSE;
    }
  reader->end += n;
  return TRUE;
}

gboolean
ferry_line_reader_read_line (FerryLineReader  *reader,
                             const char      **line,
                             gsize            *len,
                             GCancellable     *cancellable,
                             GError          **error)
{
  gsize scanned = 0;

  for (;;)
    {
      const char *lf = memchr (reader->buf + reader->start + scanned, '\n',
                               reader->end - reader->start - scanned);
      gssize n;

      if (lf != NULL)
        {
          gsize l = lf - (reader->buf + reader->start);

          *line = reader->buf + reader->start;
          reader->start += l + 1;
          if (l > 0 && (*line)[l - 1] == '\r')
            l--;
          *len = l;
          return TRUE;
        }

      scanned = reader->end - reader->start;
      if (scanned >= reader->max_line)
        {
          g_set_error (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_TOO_LARGE,
                       "The server sent a line longer than %" G_GSIZE_FORMAT " bytes",
                       reader->max_line);
          return FALSE;
        }

      make_room (reader);

      n = g_input_stream_read (reader->stream, reader->buf + reader->end,
                               reader->max_line - reader->end,
                               cancellable, error);
      if (n < 0)
        return FALSE;
      if (n == 0)
        {
          set_closed (error);
          return FALSE;
        }
      reader->end += n;
    }
}
