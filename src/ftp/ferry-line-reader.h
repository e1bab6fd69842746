/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * A bounded line reader over a GInputStream, for the control connection.
 * GDataInputStream would grow a line without limit; this one refuses a
 * line longer than its bound with FERRY_FTP_ERROR_TOO_LARGE, so a
 * hostile server cannot make the client allocate without end.
 */
typedef struct _FerryLineReader FerryLineReader;

FerryLineReader *ferry_line_reader_new          (GInputStream *stream,
                                                 gsize         max_line);
void             ferry_line_reader_free         (FerryLineReader *reader);

/* Reads one line ending in LF (a CR before it is dropped).  *line points
 * into the reader's buffer and stays valid until the next call; it is not
 * NUL-terminated.  EOF before a full line gives FERRY_FTP_ERROR_CLOSED. */
gboolean         ferry_line_reader_read_line    (FerryLineReader  *reader,
                                                 const char      **line,
                                                 gsize            *len,
                                                 GCancellable     *cancellable,
                                                 GError          **error);

/* TRUE when bytes are already buffered (a reply may be complete without
 * touching the network). */
gboolean         ferry_line_reader_has_buffered (FerryLineReader *reader);

/* Reads, without blocking, what the stream already holds (over TLS: what
 * it can decrypt now), so that has_buffered() tells whether anything
 * arrived.  Nothing there is not an error; EOF is FERRY_FTP_ERROR_CLOSED.
 * A stream that cannot poll is left alone. */
gboolean         ferry_line_reader_fill_nonblocking (FerryLineReader  *reader,
                                                     GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerryLineReader, ferry_line_reader_free)

G_END_DECLS
