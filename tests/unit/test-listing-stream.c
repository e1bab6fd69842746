/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The whole-listing parser's report of the lines it does not keep, and
 * the incremental parser: same entries and drops whatever the pieces.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <glib.h>

#include "ferry-listing.h"

static GDateTime *
fixed_now (void)
{
  return g_date_time_new_utc (2024, 6, 15, 12, 0, 0);
}

static const FerryListingDrop *
drop_at (GPtrArray *dropped,
         guint      i)
{
  assert_true (i < dropped->len);
  return dropped->pdata[i];
}

/* ---- drops ------------------------------------------------------------ */

static void
test_list_drops (void **state)
{
  static const char data[] =
    "total 12\r\n"
    "drwxr-xr-x   2 u g 4096 Mar 14 10:00 .\r\n"
    "drwxr-xr-x   2 u g 4096 Mar 14 10:00 ..\r\n"
    "\r\n"
    "-rw-r--r--   1 u g   12 Mar 14 10:00 ../evil\r\n"
    "-rw-r--r--   1 u g   12 Mar 14 10:00 kept\r\n"
    "this is no listing line at all\r\n"
    "-rw-r--r--   1 u g   12 Mar 14 10:00 a\rb\r\n"
    "-rw-r--r--   1 u g   12 Mar 14 10:00 sub/dir/file\n"
    "insgesamt 8\n"
    "-rw-r--r--   1 u g   12 Mar 14 10:00 last";
  g_autoptr(GDateTime) now = fixed_now ();
  g_autoptr(GPtrArray) dropped = NULL;
  g_autoptr(GPtrArray) entries = ferry_listing_parse_full (data, sizeof data - 1, FALSE, now, &dropped);

  assert_int_equal (entries->len, 2);
  assert_string_equal (((FerryListEntry *) entries->pdata[0])->name, "kept");
  assert_string_equal (((FerryListEntry *) entries->pdata[1])->name, "last");

  /* "total", the blank line and "insgesamt" are not entries: silent. */
  assert_int_equal (dropped->len, 6);
  assert_int_equal (drop_at (dropped, 0)->reason, FERRY_LISTING_DROP_DOT);
  assert_string_equal (drop_at (dropped, 0)->name, ".");
  assert_string_equal (drop_at (dropped, 0)->line, "drwxr-xr-x   2 u g 4096 Mar 14 10:00 .");
  assert_int_equal (drop_at (dropped, 1)->reason, FERRY_LISTING_DROP_DOT);
  assert_string_equal (drop_at (dropped, 1)->name, "..");
  assert_int_equal (drop_at (dropped, 2)->reason, FERRY_LISTING_DROP_NAME_SLASH);
  assert_string_equal (drop_at (dropped, 2)->name, "../evil");
  assert_int_equal (drop_at (dropped, 3)->reason, FERRY_LISTING_DROP_UNPARSEABLE);
  assert_null (drop_at (dropped, 3)->name);
  assert_string_equal (drop_at (dropped, 3)->line, "this is no listing line at all");
  assert_int_equal (drop_at (dropped, 4)->reason, FERRY_LISTING_DROP_NAME_CONTROL);
  assert_string_equal (drop_at (dropped, 4)->name, "a\rb");
  assert_int_equal (drop_at (dropped, 5)->reason, FERRY_LISTING_DROP_NAME_SLASH);
  assert_string_equal (drop_at (dropped, 5)->name, "sub/dir/file");

  assert_false (ferry_listing_drop_is_skip (FERRY_LISTING_DROP_DOT));
  assert_true (ferry_listing_drop_is_skip (FERRY_LISTING_DROP_NAME_SLASH));
  assert_true (ferry_listing_drop_is_skip (FERRY_LISTING_DROP_UNPARSEABLE));
  for (int r = FERRY_LISTING_DROP_NONE; r <= FERRY_LISTING_DROP_TOO_LONG; r++)
    assert_true (strlen (ferry_listing_drop_reason_describe (r)) > 0);
}

/* Found by fuzz-listing: a NUL inside a z/VM name.  The name was joined
 * with "%.*s", which stops at the NUL, and its length still counted the
 * bytes after it, so the name check read uninitialised bytes (valgrind:
 * "depends on uninitialised value" in ferry_listing_name_problem) and the
 * verdict changed from run to run. */
static void
test_zvm_name_with_nul (void **state)
{
  static const char data[] =
    "PRO\0FILE  EXEC     V         80          4          1 2024-01-31 12:00:00 -\r\n"
    "PROFILE  EX\0EC     V         80          4          1 2024-01-31 12:00:00 -\r\n"
    "PROFILE  EXEC     V         80          4          1 2024-01-31 12:00:00 -\r\n";
  g_autoptr(GDateTime) now = fixed_now ();
  g_autoptr(GPtrArray) dropped = NULL;
  g_autoptr(GPtrArray) entries = ferry_listing_parse_full (data, sizeof data - 1, FALSE, now, &dropped);

  (void) state;
  assert_int_equal (entries->len, 1);
  assert_string_equal (((FerryListEntry *) entries->pdata[0])->name, "PROFILE.EXEC");
  assert_int_equal (dropped->len, 2);
  assert_int_equal (drop_at (dropped, 0)->reason, FERRY_LISTING_DROP_NAME_CONTROL);
  assert_int_equal (drop_at (dropped, 1)->reason, FERRY_LISTING_DROP_NAME_CONTROL);
}

static void
test_mlsd_drops (void **state)
{
  static const char data[] =
    "type=cdir;modify=20240314100000; /pub\r\n"
    "type=pdir;modify=20240314100000; ..\r\n"
    "type=file;size=1; good\r\n"
    "type=file;size=1; a/b\r\n"
    "type=file;size=1; \r\n"
    "type=file;size=1;\r\n"
    "type=dir; .\r\n";
  g_autoptr(GPtrArray) dropped = NULL;
  g_autoptr(GPtrArray) entries = ferry_listing_parse_full (data, sizeof data - 1, TRUE, NULL, &dropped);

  assert_int_equal (entries->len, 1);
  assert_string_equal (((FerryListEntry *) entries->pdata[0])->name, "good");
  /* cdir and pdir are the folder and its parent by their facts: silent,
   * whatever their names. */
  assert_int_equal (dropped->len, 4);
  assert_int_equal (drop_at (dropped, 0)->reason, FERRY_LISTING_DROP_NAME_SLASH);
  assert_string_equal (drop_at (dropped, 0)->name, "a/b");
  assert_int_equal (drop_at (dropped, 1)->reason, FERRY_LISTING_DROP_NAME_EMPTY);
  assert_int_equal (drop_at (dropped, 2)->reason, FERRY_LISTING_DROP_UNPARSEABLE);
  assert_int_equal (drop_at (dropped, 3)->reason, FERRY_LISTING_DROP_DOT);
}

/* Header lines switch dialects and are not entries. */
static void
test_header_not_reported (void **state)
{
  static const char data[] =
    " Name     VV.MM   Created       Changed      Size  Init   Mod   Id\r\n"
    " MEMBER1   01.03 2002/09/12 2002/09/12 13:43    31    31     0 USER1\r\n";
  g_autoptr(GPtrArray) dropped = NULL;
  g_autoptr(GDateTime) now = fixed_now ();
  g_autoptr(GPtrArray) entries = ferry_listing_parse_full (data, sizeof data - 1, FALSE, now, &dropped);

  assert_int_equal (entries->len, 1);
  assert_string_equal (((FerryListEntry *) entries->pdata[0])->name, "MEMBER1");
  assert_int_equal (dropped->len, 0);
}

/* ---- streaming -------------------------------------------------------- */

typedef struct
{
  GPtrArray *entries;
  GPtrArray *dropped;
} Result;

static void
collect (const FerryListingDrop *drop,
         gpointer                user_data)
{
  g_ptr_array_add (user_data, ferry_listing_drop_copy (drop));
}

static Result
parse_in_pieces (const char *data,
                 gsize       len,
                 gboolean    mlsd,
                 GRand      *rand,
                 gsize       max_piece)
{
  g_autoptr(GDateTime) now = fixed_now ();
  g_autoptr(FerryListingParser) parser = ferry_listing_parser_new (mlsd, now);
  Result r;
  gsize at = 0;

  r.entries = g_ptr_array_new_with_free_func ((GDestroyNotify) ferry_list_entry_free);
  r.dropped = g_ptr_array_new_with_free_func ((GDestroyNotify) ferry_listing_drop_free);
  ferry_listing_parser_set_drop_func (parser, collect, r.dropped);
  while (at < len)
    {
      gsize want = g_rand_int_range (rand, 0, (gint32) max_piece + 1);
      gsize n = MIN (len - at, want);
      /* An exact copy of each piece, so ASan sees reads past it. */
      g_autofree char *piece = g_memdup2 (data + at, n ? n : 1);

      ferry_listing_parser_feed (parser, piece, n, r.entries);
      at += n;
    }
  ferry_listing_parser_finish (parser, r.entries);
  return r;
}

static void
assert_same (Result     *a,
             GPtrArray  *entries,
             GPtrArray  *dropped)
{
  assert_int_equal (a->entries->len, entries->len);
  for (guint i = 0; i < entries->len; i++)
    {
      FerryListEntry *x = a->entries->pdata[i], *y = entries->pdata[i];

      assert_string_equal (x->name, y->name);
      assert_int_equal (x->type, y->type);
      assert_int_equal (x->size, y->size);
      assert_true ((x->mtime == NULL) == (y->mtime == NULL));
      if (x->mtime != NULL)
        assert_true (g_date_time_equal (x->mtime, y->mtime));
    }
  assert_int_equal (a->dropped->len, dropped->len);
  for (guint i = 0; i < dropped->len; i++)
    {
      const FerryListingDrop *x = a->dropped->pdata[i], *y = dropped->pdata[i];

      assert_int_equal (x->reason, y->reason);
      assert_string_equal (x->line, y->line);
      assert_true ((x->name == NULL) == (y->name == NULL));
    }
}

static void
check_pieces (const char *data,
              gboolean    mlsd,
              guint       expected_entries)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (9);
  g_autoptr(GDateTime) now = fixed_now ();
  g_autoptr(GPtrArray) dropped = NULL;
  g_autoptr(GPtrArray) entries = ferry_listing_parse_full (data, strlen (data), mlsd, now, &dropped);

  if (entries->len != expected_entries)
    fail_msg ("%u entries, not %u, in: %s", entries->len, expected_entries, data);
  for (guint round = 0; round < 300; round++)
    {
      Result r = parse_in_pieces (data, strlen (data), mlsd, rand, round % 3 == 0 ? 2 : 40);

      assert_same (&r, entries, dropped);
      g_ptr_array_unref (r.entries);
      g_ptr_array_unref (r.dropped);
    }
}

static void
test_stream_pieces (void **state)
{
  check_pieces ("total 3\r\n"
                "drwxr-xr-x 2 u g 4096 Mar 14 10:00 .\r\n"
                "-rw-r--r-- 1 u g 12 Mar 14 10:00 one\r\n"
                "garbage\r\n"
                "-rw-r--r-- 1 u g 12 Mar 14 10:00 a/b\r\n"
                "-rw-r--r-- 1 u g 13 2023-01-02 03:04 two\r\n"
                "-rw-r--r-- 1 u g 14 Mar 14 10:00 no newline", FALSE, 3);
  /* VMS, with a name alone on its line and its rest on the next. */
  check_pieces ("Directory DISK$USER:[ME]\r\n"
                "\r\n"
                "A_VERY_LONG_FILE_NAME_THAT_WRAPS.TXT;1\r\n"
                "                      2/3          25-JAN-2024 10:11:12  [GROUP,ME]  (RWED,RWED,RE,)\r\n"
                "SHORT.DAT;3             1/3      25-JAN-2024 10:11:12  [GROUP,ME]  (RWED,RWED,RE,)\r\n"
                "\r\n"
                "Total of 2 files, 3/6 blocks.\r\n", FALSE, 2);
  check_pieces ("type=cdir; /x\r\n"
                "type=file;size=1; f 1\r\n"
                "type=file;size=2; f/2\r\n"
                "type=dir;modify=20240102030405; d\n", TRUE, 2);
}

/* Every piece boundary, one byte at a time included. */
static void
test_stream_bytewise (void **state)
{
  static const char data[] =
    "-rw-r--r-- 1 u g 12 Mar 14 10:00 one\r\n"
    "-rw-r--r-- 1 u g 12 Mar 14 10:00 two\r\n";
  g_autoptr(GDateTime) now = fixed_now ();
  g_autoptr(FerryListingParser) parser = ferry_listing_parser_new (FALSE, now);
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) ferry_list_entry_free);

  for (gsize i = 0; i < sizeof data - 1; i++)
    {
      ferry_listing_parser_feed (parser, data + i, 1, entries);
      /* An entry appears as soon as its LF arrives, not later. */
      if (data[i] == '\n')
        assert_int_equal (entries->len, i < 40 ? 1 : 2);
      else if (i < 38)
        assert_int_equal (entries->len, 0);
    }
  ferry_listing_parser_finish (parser, entries);
  assert_int_equal (entries->len, 2);
  assert_string_equal (((FerryListEntry *) entries->pdata[1])->name, "two");

  /* The parser takes a second listing after finish. */
  ferry_listing_parser_feed (parser, data, 38, entries);
  ferry_listing_parser_finish (parser, entries);
  assert_int_equal (entries->len, 3);
}

/* A line without end is cut at FERRY_LISTING_MAX_LINE: reported once,
 * memory bounded, and the next line is read again. */
static void
test_stream_long_line (void **state)
{
  g_autoptr(GDateTime) now = fixed_now ();
  g_autoptr(FerryListingParser) parser = ferry_listing_parser_new (FALSE, now);
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) ferry_list_entry_free);
  g_autoptr(GPtrArray) dropped = g_ptr_array_new_with_free_func ((GDestroyNotify) ferry_listing_drop_free);
  g_autofree char *chunk = g_malloc (64 * 1024);
  static const char good[] = "\n-rw-r--r-- 1 u g 12 Mar 14 10:00 after\n";

  memset (chunk, 'x', 64 * 1024);
  ferry_listing_parser_set_drop_func (parser, collect, dropped);
  for (guint i = 0; i < 40; i++)   /* 2.5 MiB without LF */
    ferry_listing_parser_feed (parser, chunk, 64 * 1024, entries);
  ferry_listing_parser_feed (parser, good, sizeof good - 1, entries);
  ferry_listing_parser_finish (parser, entries);

  assert_int_equal (entries->len, 1);
  assert_string_equal (((FerryListEntry *) entries->pdata[0])->name, "after");
  assert_int_equal (dropped->len, 1);
  assert_int_equal (drop_at (dropped, 0)->reason, FERRY_LISTING_DROP_TOO_LONG);
  assert_int_equal (strlen (drop_at (dropped, 0)->line), FERRY_LISTING_MAX_DROP_LINE);

  /* The same line in one piece. */
  {
    g_autoptr(GString) data = g_string_new (NULL);
    g_autoptr(GPtrArray) d2 = NULL;
    g_autoptr(GPtrArray) e2 = NULL;

    for (guint i = 0; i < 20; i++)
      g_string_append_len (data, chunk, 64 * 1024);
    g_string_append (data, good);
    e2 = ferry_listing_parse_full (data->str, data->len, FALSE, now, &d2);
    assert_int_equal (e2->len, 1);
    assert_int_equal (d2->len, 1);
    assert_int_equal (drop_at (d2, 0)->reason, FERRY_LISTING_DROP_TOO_LONG);
  }
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_list_drops),
    cmocka_unit_test (test_mlsd_drops),
    cmocka_unit_test (test_header_not_reported),
    cmocka_unit_test (test_zvm_name_with_nul),
    cmocka_unit_test (test_stream_pieces),
    cmocka_unit_test (test_stream_bytewise),
    cmocka_unit_test (test_stream_long_line),
  };

  return cmocka_run_group_tests (tests, NULL, NULL);
}
