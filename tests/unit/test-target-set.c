/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * FerryTargetSet: one writer per file.  Names a file system may store as
 * one (case, Unicode form, trailing dot) wait for each other; after the
 * wait, the note says whether the real folder stored both as one file.
 * A hard link stands in for a case-insensitive disk: two names, one inode.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include <glib/gstdio.h>
#include <unistd.h>

#include "ferry-target-set.h"

static int a, b, c;   /* owners */

static void
test_same_path_waits (void **state)
{
  g_autoptr(FerryTargetSet) set = ferry_target_set_new ();
  g_autofree char *note = NULL;

  assert_false (ferry_target_set_is_busy (set, FERRY_TARGET_LOCAL, "/d/x.bin", &a));
  ferry_target_set_claim (set, FERRY_TARGET_LOCAL, "/d/x.bin", &a, &note);
  assert_null (note);
  assert_false (ferry_target_set_is_busy (set, FERRY_TARGET_LOCAL, "/d/x.bin", &a));
  assert_true (ferry_target_set_is_busy (set, FERRY_TARGET_LOCAL, "/d/x.bin", &b));
  /* The remote side is another name space; another file is free. */
  assert_false (ferry_target_set_is_busy (set, FERRY_TARGET_REMOTE, "/d/x.bin", &b));
  assert_false (ferry_target_set_is_busy (set, FERRY_TARGET_LOCAL, "/d/y.bin", &b));
  ferry_target_set_release (set, &a, FALSE);
  assert_false (ferry_target_set_is_busy (set, FERRY_TARGET_LOCAL, "/d/x.bin", &b));
}

static void
test_names_one_disk_may_merge (void **state)
{
  static const char *const pairs[][2] = {
    { "/d/File.txt", "/d/file.txt" },
    { "/d/STRASSE", "/d/strasse" },
    { "/d/caf\xc3\xa9", "/d/cafe\xcc\x81" },     /* NFC and NFD é */
    { "/d/report.", "/d/report" },
    { "/d/Dir/x", "/d/dir/X" },
  };
  g_autoptr(FerryTargetSet) set = ferry_target_set_new ();

  for (guint i = 0; i < G_N_ELEMENTS (pairs); i++)
    {
      ferry_target_set_claim (set, FERRY_TARGET_REMOTE, pairs[i][0], &a, NULL);
      if (!ferry_target_set_is_busy (set, FERRY_TARGET_REMOTE, pairs[i][1], &b))
        fail_msg ("%s does not wait for %s", pairs[i][1], pairs[i][0]);
      ferry_target_set_release (set, &a, TRUE);
    }
}

/* Create-and-check on a real folder: the note tells "one file" only when
 * the second name leads to the first's inode. */
static void
test_note_from_the_real_folder (void **state)
{
  g_autofree char *dir = g_dir_make_tmp ("ferry-target-XXXXXX", NULL);
  g_autofree char *upper = g_build_filename (dir, "Case.bin", NULL);
  g_autofree char *lower = g_build_filename (dir, "case.bin", NULL);
  g_autoptr(FerryTargetSet) set = ferry_target_set_new ();
  g_autofree char *note = NULL;
  g_autofree char *note2 = NULL;
  g_autofree char *note3 = NULL;

  /* Distinct files (a case-sensitive disk): waited, but no note. */
  ferry_target_set_claim (set, FERRY_TARGET_LOCAL, upper, &a, NULL);
  assert_true (ferry_target_set_is_busy (set, FERRY_TARGET_LOCAL, lower, &b));
  assert_true (g_file_set_contents (upper, "A", 1, NULL));
  ferry_target_set_release (set, &a, TRUE);
  ferry_target_set_claim (set, FERRY_TARGET_LOCAL, lower, &b, &note);
  assert_null (note);
  ferry_target_set_release (set, &b, FALSE);

  /* One inode under both names (what exFAT/NTFS do): said. */
  assert_int_equal (link (upper, lower), 0);
  ferry_target_set_claim (set, FERRY_TARGET_LOCAL, upper, &a, NULL);
  assert_true (ferry_target_set_is_busy (set, FERRY_TARGET_LOCAL, lower, &b));
  ferry_target_set_release (set, &a, TRUE);
  ferry_target_set_claim (set, FERRY_TARGET_LOCAL, lower, &b, &note2);
  assert_non_null (note2);
  assert_non_null (strstr (note2, "one file"));
  ferry_target_set_release (set, &b, TRUE);

  /* The same name twice (a listing that repeats an entry). */
  ferry_target_set_claim (set, FERRY_TARGET_LOCAL, upper, &a, NULL);
  assert_true (ferry_target_set_is_busy (set, FERRY_TARGET_LOCAL, upper, &c));
  ferry_target_set_release (set, &a, TRUE);
  ferry_target_set_claim (set, FERRY_TARGET_LOCAL, upper, &c, &note3);
  assert_non_null (note3);
  assert_non_null (strstr (note3, "listed twice"));

  g_unlink (upper);
  g_unlink (lower);
  g_rmdir (dir);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_same_path_waits),
    cmocka_unit_test (test_names_one_disk_may_merge),
    cmocka_unit_test (test_note_from_the_real_folder),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
