/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "ferry-address.h"
#include "ferry-ftp-error.h"

static void
expect_pasv (const char *text,
             const char *host,
             guint16     port)
{
  g_autofree char *got_host = NULL;
  g_autoptr(GError) error = NULL;
  guint16 got_port = 0;

  if (!ferry_address_parse_pasv (text, &got_host, &got_port, &error))
    fail_msg ("PASV reply not parsed: %s (%s)", text, error->message);
  assert_string_equal (got_host, host);
  assert_int_equal (got_port, port);
}

static void
expect_pasv_error (const char *text)
{
  g_autofree char *got_host = NULL;
  g_autoptr(GError) error = NULL;
  guint16 got_port = 0;

  if (ferry_address_parse_pasv (text, &got_host, &got_port, &error))
    fail_msg ("hostile PASV reply accepted: %s → %s:%u", text, got_host, got_port);
  assert_null (got_host);
  assert_true (g_error_matches (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_PROTOCOL));
}

static void
test_pasv_good (void **state)
{
  /* The seeds' own example: 17 × 256 + 148 = 4500. */
  expect_pasv ("227 Entering Passive Mode (192,168,1,120,17,148).", "192.168.1.120", 4500);
  expect_pasv ("227 entering passive mode (127,0,0,1,4,18)", "127.0.0.1", 1042);
  expect_pasv ("Entering Passive Mode (127,0,0,1,4,18)", "127.0.0.1", 1042);
  /* Without parentheses (some Windows servers, some embedded ones). */
  expect_pasv ("227 Entering Passive Mode 10,0,0,5,195,80", "10.0.0.5", 50000);
  expect_pasv ("227 =127,0,0,1,255,255", "127.0.0.1", 65535);
  /* Spaces and leading zeros. */
  expect_pasv ("227 Passive (127, 0, 0, 1, 004, 001)", "127.0.0.1", 1025);
  /* Multi-line text with the address on the last line. */
  expect_pasv ("227-Hello 2024\n227 Entering Passive Mode (1,2,3,4,0,21)", "1.2.3.4", 21);
  expect_pasv ("227 Entering Passive Mode (0,0,0,0,39,16)", "0.0.0.0", 10000);
}

static void
test_pasv_hostile (void **state)
{
  expect_pasv_error ("227 Entering Passive Mode");
  expect_pasv_error ("227 Entering Passive Mode ()");
  expect_pasv_error ("227 Entering Passive Mode (127,0,0,1,4)");
  expect_pasv_error ("227 Entering Passive Mode (256,0,0,1,4,18)");
  expect_pasv_error ("227 Entering Passive Mode (127,0,0,1,4,256)");
  expect_pasv_error ("227 Entering Passive Mode (127,0,0,1,1000,1)");
  expect_pasv_error ("227 Entering Passive Mode (127,0,0,1,0,0)");
  expect_pasv_error ("227 Entering Passive Mode (-1,0,0,1,4,18)");
  expect_pasv_error ("227 Entering Passive Mode (127,0,0,1,99999999999999999999,1)");
  expect_pasv_error ("227 Entering Passive Mode (a,b,c,d,e,f)");
  expect_pasv_error ("227 Entering Passive Mode (127,0,0,1,4,18,7)");
  expect_pasv_error ("227 Entering Passive Mode (1.127,0,0,1,4,18)");
  expect_pasv_error ("");
}

static void
expect_epsv (const char *text,
             guint16     port)
{
  g_autoptr(GError) error = NULL;
  guint16 got = 0;

  if (!ferry_address_parse_epsv (text, &got, &error))
    fail_msg ("EPSV reply not parsed: %s (%s)", text, error->message);
  assert_int_equal (got, port);
}

static void
expect_epsv_error (const char *text)
{
  g_autoptr(GError) error = NULL;
  guint16 got = 0;

  if (ferry_address_parse_epsv (text, &got, &error))
    fail_msg ("hostile EPSV reply accepted: %s → %u", text, got);
  assert_true (g_error_matches (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_PROTOCOL));
}

static void
test_epsv_good (void **state)
{
  expect_epsv ("229 Entering Extended Passive Mode (|||6446|)", 6446);
  expect_epsv ("229 Entering Extended Passive Mode (!!!6446!)", 6446);
  expect_epsv ("229 Entering Extended Passive Mode (~~~65535~)", 65535);
  expect_epsv ("229 Entering Extended Passive Mode (###1#)", 1);
  /* Free text with its own parentheses before the address. */
  expect_epsv ("229 Extended (passive) mode (|||50001|)", 50001);
  expect_epsv ("229 (|||21|).", 21);
}

static void
test_epsv_hostile (void **state)
{
  expect_epsv_error ("229 Entering Extended Passive Mode");
  expect_epsv_error ("229 Entering Extended Passive Mode (|||0|)");
  expect_epsv_error ("229 Entering Extended Passive Mode (|||65536|)");
  expect_epsv_error ("229 Entering Extended Passive Mode (|||999999|)");
  expect_epsv_error ("229 Entering Extended Passive Mode (|||6446)");
  expect_epsv_error ("229 Entering Extended Passive Mode (|||6446!)");
  expect_epsv_error ("229 Entering Extended Passive Mode (||6446|)");
  expect_epsv_error ("229 Entering Extended Passive Mode (|||-1|)");
  expect_epsv_error ("229 Entering Extended Passive Mode (|||abc|)");
  /* A delimiter outside 33..126 (space, DEL, a digit). */
  expect_epsv_error ("229 Entering Extended Passive Mode (   6446 )");
  expect_epsv_error ("229 Entering Extended Passive Mode (\x7f\x7f\x7f" "6446\x7f)");
  expect_epsv_error ("229 Entering Extended Passive Mode (1116446" "1)");
  /* An address in the network-address field is not what we asked for. */
  expect_epsv_error ("229 Entering Extended Passive Mode (|1|10.0.0.1|6446|)");
}

static void
test_format_port (void **state)
{
  g_autoptr(GInetAddress) a = g_inet_address_new_from_string ("192.168.1.120");
  g_autofree char *s = ferry_address_format_port (a, 4500);

  assert_string_equal (s, "192,168,1,120,17,148");
}

static void
test_format_eprt (void **state)
{
  g_autoptr(GInetAddress) v4 = g_inet_address_new_from_string ("132.235.1.2");
  g_autoptr(GInetAddress) v6 = g_inet_address_new_from_string ("::1");
  g_autoptr(GInetAddress) v6b = g_inet_address_new_from_string ("1080::8:800:200C:417A");
  g_autofree char *s4 = ferry_address_format_eprt (v4, 6275);
  g_autofree char *s6 = ferry_address_format_eprt (v6, 6275);
  g_autofree char *s6b = ferry_address_format_eprt (v6b, 5282);

  assert_string_equal (s4, "|1|132.235.1.2|6275|");
  assert_string_equal (s6, "|2|::1|6275|");
  assert_string_equal (s6b, "|2|1080::8:800:200c:417a|5282|");
}

static void
assert_socket_address (GInetSocketAddress *sa,
                       const char         *host,
                       guint16             port)
{
  g_autofree char *got = NULL;

  assert_non_null (sa);
  got = g_inet_address_to_string (g_inet_socket_address_get_address (sa));
  assert_string_equal (got, host);
  assert_int_equal (g_inet_socket_address_get_port (sa), port);
}

static void
test_parse_port (void **state)
{
  g_autoptr(GInetSocketAddress) a = ferry_address_parse_port ("192,168,1,120,17,148", NULL);
  g_autoptr(GInetSocketAddress) b = ferry_address_parse_port (" 127,0,0,1,0,21 ", NULL);
  static const char *const bad[] = {
    "", "1,2,3,4,5", "1,2,3,4,5,6,7", "256,1,1,1,1,1", "1,1,1,1,0,0",
    "1,1,1,1,1,1x", "a,b,c,d,e,f", "1,2,3,4,5,6)", "1.2.3.4,5,6",
  };

  assert_socket_address (a, "192.168.1.120", 4500);
  assert_socket_address (b, "127.0.0.1", 21);

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GInetSocketAddress) sa = ferry_address_parse_port (bad[i], &error);

      if (sa != NULL)
        fail_msg ("bad PORT argument accepted: \"%s\"", bad[i]);
      assert_true (g_error_matches (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_PROTOCOL));
    }
}

static void
test_parse_eprt (void **state)
{
  g_autoptr(GInetSocketAddress) a = ferry_address_parse_eprt ("|1|132.235.1.2|6275|", NULL);
  g_autoptr(GInetSocketAddress) b = ferry_address_parse_eprt ("|2|1080::8:800:200C:417A|5282|", NULL);
  g_autoptr(GInetSocketAddress) c = ferry_address_parse_eprt ("!2!::1!21!", NULL);
  static const char *const bad[] = {
    "", "|1|132.235.1.2|6275", "|3|1.2.3.4|21|", "|1|::1|21|", "|2|1.2.3.4|21|",
    "|1|1.2.3.4|0|", "|1|1.2.3.4|65536|", "|1|999.1.1.1|21|", "|1|1.2.3.4|21|x|",
    "|1|1.2.3.4|2 1|", "a1a1.2.3.4a21a", "|0|1.2.3.4|21|",
  };

  assert_socket_address (a, "132.235.1.2", 6275);
  assert_socket_address (b, "1080::8:800:200c:417a", 5282);
  assert_socket_address (c, "::1", 21);

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GInetSocketAddress) sa = ferry_address_parse_eprt (bad[i], &error);

      if (sa != NULL)
        fail_msg ("bad EPRT argument accepted: \"%s\"", bad[i]);
      assert_true (g_error_matches (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_PROTOCOL));
    }
}

/* format then parse gives back the same address, for every port. */
static void
test_round_trip (void **state)
{
  g_autoptr(GInetAddress) v4 = g_inet_address_new_from_string ("10.20.30.40");
  g_autoptr(GInetAddress) v6 = g_inet_address_new_from_string ("fe80::1:2");

  for (guint port = 1; port <= 65535; port += 257)
    {
      g_autofree char *p = ferry_address_format_port (v4, (guint16) port);
      g_autofree char *e4 = ferry_address_format_eprt (v4, (guint16) port);
      g_autofree char *e6 = ferry_address_format_eprt (v6, (guint16) port);
      g_autoptr(GInetSocketAddress) rp = ferry_address_parse_port (p, NULL);
      g_autoptr(GInetSocketAddress) r4 = ferry_address_parse_eprt (e4, NULL);
      g_autoptr(GInetSocketAddress) r6 = ferry_address_parse_eprt (e6, NULL);

      assert_socket_address (rp, "10.20.30.40", (guint16) port);
      assert_socket_address (r4, "10.20.30.40", (guint16) port);
      assert_socket_address (r6, "fe80::1:2", (guint16) port);
    }
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_pasv_good),
    cmocka_unit_test (test_pasv_hostile),
    cmocka_unit_test (test_epsv_good),
    cmocka_unit_test (test_epsv_hostile),
    cmocka_unit_test (test_format_port),
    cmocka_unit_test (test_format_eprt),
    cmocka_unit_test (test_parse_port),
    cmocka_unit_test (test_parse_eprt),
    cmocka_unit_test (test_round_trip),
  };

  return cmocka_run_group_tests (tests, NULL, NULL);
}
