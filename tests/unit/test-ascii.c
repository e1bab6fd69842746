/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * FerryAsciiConverter: TYPE A line ends, through real GConverter streams,
 * fed in chunks of every size from 1 byte up, so a CR lands at the end of
 * a chunk in every position.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <gio/gio.h>

#include "ferry-ascii-converter.h"

/* Writes @in in @chunk-byte writes through a converting output stream. */
static GBytes *
convert_out (FerryAsciiDirection dir, const char *in, gsize len, gsize chunk)
{
  g_autoptr(FerryAsciiConverter) conv = ferry_ascii_converter_new (dir);
  g_autoptr(GOutputStream) mem = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) out = g_converter_output_stream_new (mem, G_CONVERTER (conv));
  g_autoptr(GError) error = NULL;

  for (gsize i = 0; i < len; i += chunk)
    {
      gsize n = MIN (chunk, len - i);
      assert_true (g_output_stream_write_all (out, in + i, n, NULL, NULL, &error));
    }
  assert_true (g_output_stream_close (out, NULL, &error));
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (mem));
}

/* Reads everything through a converting input stream, @chunk at a time. */
static GBytes *
convert_in (FerryAsciiDirection dir, const char *in, gsize len, gsize chunk)
{
  g_autoptr(FerryAsciiConverter) conv = ferry_ascii_converter_new (dir);
  g_autoptr(GInputStream) mem = g_memory_input_stream_new_from_data (in, len, NULL);
  g_autoptr(GInputStream) cin = g_converter_input_stream_new (mem, G_CONVERTER (conv));
  g_autoptr(GByteArray) got = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  guint8 buf[64];

  for (;;)
    {
      gssize n = g_input_stream_read (cin, buf, MIN (chunk, sizeof buf), NULL, &error);
      assert_true (n >= 0);
      if (n == 0)
        break;
      g_byte_array_append (got, buf, n);
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&got));
}

static void
assert_bytes (GBytes *got, const char *want, gsize want_len, gsize chunk)
{
  gsize len;
  const char *data = g_bytes_get_data (got, &len);

  /* An empty GBytes has a NULL data pointer: memcmp must not see it. */
  if (len != want_len || (len > 0 && memcmp (data, want, len) != 0))
    fail_msg ("chunk %zu: got %zu bytes, want %zu", chunk, len, want_len);
}

static const struct { const char *wire; const char *local; } to_local[] = {
  { "a\r\nb\r\n", "a\nb\n" },
  { "a\rb\r\nc\r", "a\rb\nc\r" },          /* lone CRs stay, also a last one */
  { "\r\r\n\r\n\r", "\r\n\n\r" },
  { "no line end", "no line end" },
  { "\n\n", "\n\n" },                       /* bare LF stays LF */
  { "", "" },
};

static void
test_to_local (void **state)
{
  for (guint t = 0; t < G_N_ELEMENTS (to_local); t++)
    for (gsize chunk = 1; chunk <= 9; chunk++)
      {
        gsize len = strlen (to_local[t].wire);
        g_autoptr(GBytes) a = convert_out (FERRY_ASCII_TO_LOCAL, to_local[t].wire, len, chunk);
        g_autoptr(GBytes) b = convert_in (FERRY_ASCII_TO_LOCAL, to_local[t].wire, len, chunk);
        assert_bytes (a, to_local[t].local, strlen (to_local[t].local), chunk);
        assert_bytes (b, to_local[t].local, strlen (to_local[t].local), chunk);
      }
}

static const struct { const char *local; const char *wire; } to_network[] = {
  { "a\nb\n", "a\r\nb\r\n" },
  { "a\r\nb", "a\r\nb" },                   /* a CRLF already there stays */
  { "\n\n\r", "\r\n\r\n\r" },
  { "x", "x" },
  { "", "" },
};

static void
test_to_network (void **state)
{
  for (guint t = 0; t < G_N_ELEMENTS (to_network); t++)
    for (gsize chunk = 1; chunk <= 9; chunk++)
      {
        gsize len = strlen (to_network[t].local);
        g_autoptr(GBytes) a = convert_out (FERRY_ASCII_TO_NETWORK, to_network[t].local, len, chunk);
        g_autoptr(GBytes) b = convert_in (FERRY_ASCII_TO_NETWORK, to_network[t].local, len, chunk);
        assert_bytes (a, to_network[t].wire, strlen (to_network[t].wire), chunk);
        assert_bytes (b, to_network[t].wire, strlen (to_network[t].wire), chunk);
      }
}

/* A large random text: both directions are inverse for LF-only text. */
static void
test_round_trip (void **state)
{
  GRand *rand = g_rand_new_with_seed (959);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GString) wire = g_string_new (NULL);

  while (text->len < 200000)
    {
      guint n = g_rand_int_range (rand, 0, 90);
      for (guint i = 0; i < n; i++)
        g_string_append_c (text, 'a' + g_rand_int_range (rand, 0, 26));
      g_string_append_c (text, '\n');
      g_string_append_len (wire, text->str + text->len - n - 1, n);
      g_string_append (wire, "\r\n");
    }
  g_rand_free (rand);
  for (gsize chunk = 4093; chunk <= 4099; chunk++)
    {
      g_autoptr(GBytes) up = convert_out (FERRY_ASCII_TO_NETWORK, text->str, text->len, chunk);
      g_autoptr(GBytes) down = convert_out (FERRY_ASCII_TO_LOCAL, wire->str, wire->len, chunk);
      assert_bytes (up, wire->str, wire->len, chunk);
      assert_bytes (down, text->str, text->len, chunk);
    }
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_to_local),
    cmocka_unit_test (test_to_network),
    cmocka_unit_test (test_round_trip),
  };

  return cmocka_run_group_tests (tests, NULL, NULL);
}
