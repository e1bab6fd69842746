/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "ferry-ftp-error.h"
#include "ferry-site.h"

static FerrySite *
parse_ok (const char *url)
{
  g_autoptr(GError) error = NULL;
  FerrySite *site = ferry_site_parse_url (url, &error);

  if (site == NULL)
    fail_msg ("URL refused: %s (%s)", url, error->message);
  return site;
}

static void
test_plain (void **state)
{
  g_autoptr(FerrySite) site = parse_ok ("ftp://ftp.example.org");

  assert_int_equal (site->protocol, FERRY_PROTOCOL_FTP);
  assert_string_equal (site->host, "ftp.example.org");
  assert_int_equal (site->port, 0);
  assert_int_equal (ferry_site_get_port (site), 21);
  assert_null (site->user);
  assert_null (site->password);
  assert_null (site->path);
}

static void
test_user_password_decoded (void **state)
{
  g_autoptr(FerrySite) site = parse_ok ("ftp://alice%40example.com:p%40ss%3Aw%2Fo%25rd@127.0.0.1:2121/pub/some%20dir");

  assert_string_equal (site->user, "alice@example.com");
  assert_string_equal (site->password, "p@ss:w/o%rd");
  assert_string_equal (site->host, "127.0.0.1");
  assert_int_equal (site->port, 2121);
  assert_int_equal (ferry_site_get_port (site), 2121);
  assert_string_equal (site->path, "/pub/some dir");
}

static void
test_user_only (void **state)
{
  g_autoptr(FerrySite) site = parse_ok ("ftp://anonymous@localhost/");

  assert_string_equal (site->user, "anonymous");
  assert_null (site->password);
  assert_string_equal (site->path, "/");
}

static void
test_ipv6 (void **state)
{
  g_autoptr(FerrySite) a = parse_ok ("ftp://[::1]:2121");
  g_autoptr(FerrySite) b = parse_ok ("ftps://user:pw@[2001:db8::7]/x");

  assert_string_equal (a->host, "::1");
  assert_int_equal (ferry_site_get_port (a), 2121);
  assert_string_equal (b->host, "2001:db8::7");
  assert_int_equal (b->protocol, FERRY_PROTOCOL_FTPS);
  assert_int_equal (ferry_site_get_port (b), 990);
}

static void
test_schemes_and_default_ports (void **state)
{
  g_autoptr(FerrySite) ftps = parse_ok ("ftps://host");
  g_autoptr(FerrySite) ftpes = parse_ok ("ftpes://host");
  g_autoptr(FerrySite) upper = parse_ok ("FTP://HOST:21");
  g_autoptr(FerrySite) ftps_port = parse_ok ("ftps://host:2990");

  assert_int_equal (ftps->protocol, FERRY_PROTOCOL_FTPS);
  assert_int_equal (ferry_site_get_port (ftps), 990);
  assert_int_equal (ftpes->protocol, FERRY_PROTOCOL_FTPES);
  assert_int_equal (ferry_site_get_port (ftpes), 21);
  assert_int_equal (upper->protocol, FERRY_PROTOCOL_FTP);
  assert_int_equal (ferry_site_get_port (ftps_port), 2990);
}

static void
test_no_scheme (void **state)
{
  g_autoptr(FerrySite) site = parse_ok ("localhost:2121");

  assert_int_equal (site->protocol, FERRY_PROTOCOL_FTP);
  assert_string_equal (site->host, "localhost");
  assert_int_equal (site->port, 2121);
}

static void
test_bad (void **state)
{
  static const char *const bad[] = {
    "http://example.org/",
    "sftp://example.org/",
    "file:///etc/passwd",
    "ftp://",
    "ftp:///path",
    "ftp://host:0",
    "ftp://host:65536",
    "ftp://host:port",
    "ftp://[::1",
    "ftp://us%0D%0Aer:pw@host",
    "ftp://user:p%0Aw@host",
    "ftp://host/a%0D%0ADELE%20x",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FerrySite) site = ferry_site_parse_url (bad[i], &error);

      if (site != NULL)
        fail_msg ("bad URL accepted: %s", bad[i]);
      assert_true (g_error_matches (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_BAD_ARGUMENT));
    }
}

static void
test_copy (void **state)
{
  g_autoptr(FerrySite) site = parse_ok ("ftpes://bob:secret@host:2121/dir");
  g_autoptr(FerrySite) copy = NULL;

  site->active = TRUE;
  site->timeout = 7;
  copy = ferry_site_copy (site);

  assert_true (copy->host != site->host);
  assert_string_equal (copy->host, "host");
  assert_string_equal (copy->user, "bob");
  assert_string_equal (copy->password, "secret");
  assert_string_equal (copy->path, "/dir");
  assert_int_equal (copy->port, 2121);
  assert_int_equal (copy->protocol, FERRY_PROTOCOL_FTPES);
  assert_true (copy->active);
  assert_int_equal (copy->timeout, 7);

  /* The boxed type copies too (used by GValue and properties). */
  {
    FerrySite *boxed = g_boxed_copy (FERRY_TYPE_SITE, site);
    assert_string_equal (boxed->password, "secret");
    g_boxed_free (FERRY_TYPE_SITE, boxed);
  }
}

static void
test_new_defaults (void **state)
{
  g_autoptr(FerrySite) site = ferry_site_new ();

  assert_int_equal (site->protocol, FERRY_PROTOCOL_FTP);
  assert_int_equal (ferry_site_get_port (site), 21);
  site->protocol = FERRY_PROTOCOL_FTPS;
  assert_int_equal (ferry_site_get_port (site), 990);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_plain),
    cmocka_unit_test (test_user_password_decoded),
    cmocka_unit_test (test_user_only),
    cmocka_unit_test (test_ipv6),
    cmocka_unit_test (test_schemes_and_default_ports),
    cmocka_unit_test (test_no_scheme),
    cmocka_unit_test (test_bad),
    cmocka_unit_test (test_copy),
    cmocka_unit_test (test_new_defaults),
  };

  return cmocka_run_group_tests (tests, NULL, NULL);
}
