/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "ferry-ftp-error.h"
#include "ferry-path.h"

static void
test_name_is_safe (void **state)
{
  g_autofree char *max = g_strnfill (255, 'a');
  g_autofree char *over = g_strnfill (256, 'a');
  static const char *const safe[] = {
    "a", "file.txt", ".hidden", "...", "..a", "a..", "name with spaces", " lead", "trail ",
    "caf\xc3\xa9", "\xff\xfe not utf8", "-rf", "~", "a:b", "*?<>|\"",
  };
  static const char *const unsafe[] = {
    "", ".", "..", "/", "a/b", "../x", "/etc/passwd", "a\\b", "..\\x", "a\rb", "a\nb",
    "a\r\nb", "\t", "a\x1b[31m", "del\x7f", "x\x01",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (safe); i++)
    if (!ferry_path_name_is_safe (safe[i]))
      fail_msg ("safe name refused: \"%s\"", safe[i]);
  for (gsize i = 0; i < G_N_ELEMENTS (unsafe); i++)
    if (ferry_path_name_is_safe (unsafe[i]))
      fail_msg ("unsafe name accepted: \"%s\"", unsafe[i]);

  assert_true (ferry_path_name_is_safe (max));
  assert_false (ferry_path_name_is_safe (over));
  assert_false (ferry_path_name_is_safe (NULL));
}

static void
test_local_child (void **state)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *a = ferry_path_local_child ("/tmp/dl", "file.txt", &error);
  g_autofree char *b = ferry_path_local_child ("/tmp/dl/", "x", &error);

  assert_null (error);
  assert_string_equal (a, "/tmp/dl/file.txt");
  assert_string_equal (b, "/tmp/dl/x");
}

static void
test_local_child_refuses (void **state)
{
  static const char *const hostile[] = { "../x", "..", ".", "", "a/b", "/abs", "a\r\nb", "a\\..\\b" };

  for (gsize i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *path = ferry_path_local_child ("/tmp/dl", hostile[i], &error);

      if (path != NULL)
        fail_msg ("hostile name made a path: %s", path);
      assert_true (g_error_matches (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_UNSAFE_NAME));
    }
}

/* The message names the offending name, escaped so that a CR or an
 * escape sequence cannot rewrite what the user reads. */
static void
test_local_child_message (void **state)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = ferry_path_local_child ("/tmp", "evil\r\nname\x1b[2J", &error);

  assert_null (path);
  assert_non_null (error);
  assert_non_null (strstr (error->message, "evil\\r\\nname\\033[2J"));
  assert_null (strchr (error->message, '\r'));
  assert_null (strchr (error->message, '\x1b'));
}

static void
test_local_child_long_name_message (void **state)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strnfill (100000, 'z');
  g_autofree char *path = ferry_path_local_child ("/tmp", name, &error);

  assert_null (path);
  assert_true (g_error_matches (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_UNSAFE_NAME));
  assert_true (strlen (error->message) < 300);
}

static void
test_remote_join (void **state)
{
  static const char *const cases[][3] = {
    { "/", "a", "/a" },
    { "/pub", "a", "/pub/a" },
    { "/pub/", "a", "/pub/a" },
    { "/pub//", "a b", "/pub/a b" },
    { "pub", "a", "pub/a" },
    { "", "a", "a" },
    { "/pub", "/a", "/pub/a" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = ferry_path_remote_join (cases[i][0], cases[i][1]);
      assert_string_equal (got, cases[i][2]);
    }
}

static void
test_remote_parent (void **state)
{
  static const char *const cases[][2] = {
    { "/a/b", "/a" },
    { "/a/b/", "/a" },
    { "/a", "/" },
    { "/", "/" },
    { "//", "/" },
    { "/a/b c/d", "/a/b c" },
    { "a/b", "a" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = ferry_path_remote_parent (cases[i][0]);
      assert_string_equal (got, cases[i][1]);
    }
}

static void
test_remote_basename (void **state)
{
  static const char *const cases[][2] = {
    { "/a/b.txt", "b.txt" },
    { "/a/b/", "b" },
    { "/a", "a" },
    { "a", "a" },
    { "/", "/" },
    { "/x/name with spaces ", "name with spaces " },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = ferry_path_remote_basename (cases[i][0]);
      assert_string_equal (got, cases[i][1]);
    }
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_name_is_safe),
    cmocka_unit_test (test_local_child),
    cmocka_unit_test (test_local_child_refuses),
    cmocka_unit_test (test_local_child_message),
    cmocka_unit_test (test_local_child_long_name_message),
    cmocka_unit_test (test_remote_join),
    cmocka_unit_test (test_remote_parent),
    cmocka_unit_test (test_remote_basename),
  };

  return cmocka_run_group_tests (tests, NULL, NULL);
}
