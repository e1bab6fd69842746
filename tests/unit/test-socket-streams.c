/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The socket streams under the TLS layer of FTPS data connections, over a
 * real socket pair.
 *
 * FerrySocketInputStream (read-ahead): every byte arrives once and in
 * order whatever the read sizes (GnuTLS's 5-byte headers, record bodies,
 * reads larger than the buffer), small reads are served from one receive,
 * a non-blocking read says "would block" only when nothing is buffered,
 * EOF and the socket timeout come through.
 *
 * FerrySocketOutputStream (gathers upload records): without collecting a
 * write goes out at once (handshake messages must); collecting holds
 * writes until the buffer is full, a flush or the close; held bytes go
 * out before later ones.
 *
 * Closing either leaves the socket open.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cmocka.h>

#include <gio/gio.h>

#include "ferry-socket-input-stream.h"
#include "ferry-socket-output-stream.h"

#define TOTAL (512 * 1024)

typedef struct
{
  int           fd;
  const guint8 *buf;
  gsize         len;
} Writer;

static GSocket *
make_pair (int *peer_fd)
{
  int fds[2];
  GSocket *reader;

  assert_int_equal (socketpair (AF_UNIX, SOCK_STREAM, 0, fds), 0);
  reader = g_socket_new_from_fd (fds[0], NULL);
  assert_non_null (reader);
  *peer_fd = fds[1];
  return reader;
}

static void
write_all (int fd, const guint8 *buf, gsize len)
{
  while (len > 0)
    {
      gssize n = write (fd, buf, len);

      assert_true (n > 0);
      buf += n;
      len -= n;
    }
}

/* Writes the payload in odd pieces, then closes: EOF for the reader. */
static gpointer
writer_thread (gpointer user_data)
{
  Writer *w = user_data;
  gsize off = 0, piece = 1000;

  while (off < w->len)
    {
      gsize n = MIN (piece, w->len - off);

      write_all (w->fd, w->buf + off, n);
      off += n;
      piece = piece * 3 % 70001 + 1;
    }
  close (w->fd);
  return NULL;
}

static void
test_all_bytes_in_order (void **state)
{
  static const gsize sizes[] = { 5, 16384 + 16, 1, 4096, 4097, 3, 20000, 7 };
  g_autofree guint8 *src = g_malloc (TOTAL);
  g_autofree guint8 *dst = g_malloc (TOTAL + 1);
  int fd;
  g_autoptr(GSocket) socket = make_pair (&fd);
  g_autoptr(GInputStream) in = ferry_socket_input_stream_new (socket, 4096);
  Writer w = { fd, src, TOTAL };
  GThread *thread;
  gsize got = 0;

  for (gsize k = 0; k < TOTAL; k++)
    src[k] = (guint8) (k * 7 + k / 251);
  thread = g_thread_new ("writer", writer_thread, &w);

  for (guint i = 0;; i++)
    {
      g_autoptr(GError) error = NULL;
      gsize want = MIN (sizes[i % G_N_ELEMENTS (sizes)], TOTAL + 1 - got);
      gssize n = g_input_stream_read (in, dst + got, want, NULL, &error);

      assert_null (error);
      assert_true (n >= 0 && (gsize) n <= want);
      if (n == 0)
        break;
      got += n;
    }
  g_thread_join (thread);
  assert_int_equal (got, TOTAL);
  assert_memory_equal (dst, src, TOTAL);
}

static void
test_one_receive_serves_small_reads (void **state)
{
  char payload[100], buf[10];
  int fd;
  g_autoptr(GSocket) socket = make_pair (&fd);
  g_autoptr(GInputStream) in = ferry_socket_input_stream_new (socket, 4096);
  g_autoptr(GError) error = NULL;
  gssize n;

  memset (payload, 'x', sizeof payload);
  write_all (fd, (const guint8 *) payload, sizeof payload);
  n = g_input_stream_read (in, buf, 10, NULL, &error);
  assert_int_equal (n, 10);
  /* All 100 bytes were taken from the socket by that one read: the rest
   * comes without it (the writer's end is now closed, and a non-blocking
   * read still gets bytes). */
  close (fd);
  assert_true (g_pollable_input_stream_is_readable (G_POLLABLE_INPUT_STREAM (in)));
  for (int i = 1; i < 10; i++)
    {
      n = g_pollable_input_stream_read_nonblocking (G_POLLABLE_INPUT_STREAM (in), buf, 10,
                                                    NULL, &error);
      assert_null (error);
      assert_int_equal (n, 10);
    }
  n = g_input_stream_read (in, buf, 10, NULL, &error);
  assert_null (error);
  assert_int_equal (n, 0);
}

static void
test_would_block_and_timeout (void **state)
{
  char buf[16];
  int fd;
  g_autoptr(GSocket) socket = make_pair (&fd);
  g_autoptr(GInputStream) in = ferry_socket_input_stream_new (socket, 4096);
  g_autoptr(GError) error = NULL;
  gssize n;

  assert_false (g_pollable_input_stream_is_readable (G_POLLABLE_INPUT_STREAM (in)));
  n = g_pollable_input_stream_read_nonblocking (G_POLLABLE_INPUT_STREAM (in), buf, sizeof buf,
                                                NULL, &error);
  assert_int_equal (n, -1);
  assert_true (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK));
  g_clear_error (&error);

  g_socket_set_timeout (socket, 1);
  n = g_input_stream_read (in, buf, sizeof buf, NULL, &error);
  assert_int_equal (n, -1);
  assert_true (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT));
  close (fd);
}

static void
test_close_leaves_socket_open (void **state)
{
  int fd;
  g_autoptr(GSocket) socket = make_pair (&fd);
  g_autoptr(GInputStream) in = ferry_socket_input_stream_new (socket, 4096);

  assert_true (g_input_stream_close (in, NULL, NULL));
  assert_false (g_socket_is_closed (socket));
  assert_int_equal (g_socket_send (socket, "x", 1, NULL, NULL), 1);
  close (fd);
}

/* What the peer can read now, without waiting. */
static gssize
peer_available (int fd, char *buf, gsize size)
{
  gssize n = recv (fd, buf, size, MSG_DONTWAIT);

  return n < 0 ? 0 : n;
}

static void
test_collect_holds_until_full_or_flush (void **state)
{
  int fd;
  g_autoptr(GSocket) socket = make_pair (&fd);
  g_autoptr(GOutputStream) out = ferry_socket_output_stream_new (socket, 100);
  g_autoptr(GError) error = NULL;
  char got[512];
  gsize len;

  /* Not collecting: out at once. */
  assert_true (g_output_stream_write_all (out, "hello", 5, NULL, NULL, &error));
  assert_int_equal (peer_available (fd, got, sizeof got), 5);

  ferry_socket_output_stream_set_collect (FERRY_SOCKET_OUTPUT_STREAM (out), TRUE);
  assert_true (g_output_stream_write_all (out, "0123456789", 10, NULL, NULL, &error));
  assert_int_equal (peer_available (fd, got, sizeof got), 0);

  /* 10 + 150 bytes through a 100-byte buffer: the first 100 go out. */
  {
    char more[150];

    for (gsize i = 0; i < sizeof more; i++)
      more[i] = 'a' + i % 26;
    assert_true (g_output_stream_write_all (out, more, sizeof more, NULL, NULL, &error));
    len = peer_available (fd, got, sizeof got);
    assert_int_equal (len, 100);
    assert_memory_equal (got, "0123456789abc", 13);
    assert_true (g_output_stream_flush (out, NULL, &error));
    len = peer_available (fd, got, sizeof got);
    assert_int_equal (len, 60);
    assert_memory_equal (got + 60 - 2, "st", 2);   /* more[148..149] */
  }

  /* Close sends what is held and leaves the socket open. */
  assert_true (g_output_stream_write_all (out, "tail", 4, NULL, NULL, &error));
  assert_int_equal (peer_available (fd, got, sizeof got), 0);
  assert_true (g_output_stream_close (out, NULL, &error));
  assert_int_equal (peer_available (fd, got, sizeof got), 4);
  assert_false (g_socket_is_closed (socket));
  assert_int_equal (g_socket_send (socket, "x", 1, NULL, NULL), 1);
  close (fd);
}

static void
test_not_collecting_sends_held_bytes_first (void **state)
{
  int fd;
  g_autoptr(GSocket) socket = make_pair (&fd);
  g_autoptr(GOutputStream) out = ferry_socket_output_stream_new (socket, 100);
  g_autoptr(GError) error = NULL;
  char got[64];

  ferry_socket_output_stream_set_collect (FERRY_SOCKET_OUTPUT_STREAM (out), TRUE);
  assert_true (g_output_stream_write_all (out, "first", 5, NULL, NULL, &error));
  ferry_socket_output_stream_set_collect (FERRY_SOCKET_OUTPUT_STREAM (out), FALSE);
  assert_true (g_output_stream_write_all (out, "second", 6, NULL, NULL, &error));
  assert_int_equal (peer_available (fd, got, sizeof got), 11);
  assert_memory_equal (got, "firstsecond", 11);
  close (fd);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_all_bytes_in_order),
    cmocka_unit_test (test_one_receive_serves_small_reads),
    cmocka_unit_test (test_would_block_and_timeout),
    cmocka_unit_test (test_close_leaves_socket_open),
    cmocka_unit_test (test_collect_holds_until_full_or_flush),
    cmocka_unit_test (test_not_collecting_sends_held_bytes_first),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
