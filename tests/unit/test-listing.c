/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "ferry-listing.h"

#define NONE NULL

typedef struct
{
  const char         *line;
  const char         *name;
  FerryEntryType      type;
  gint64              size;
  const char         *mtime;      /* "YYYY-MM-DD HH:MM:SS" UTC or NULL */
  FerryTimePrecision  precision;
  const char         *owner;
  const char         *group;
  const char         *target;
  const char         *perms;
} Expect;

static GDateTime *
fixed_now (void)
{
  return g_date_time_new_utc (2024, 3, 15, 12, 0, 0);
}

static void
check_str (const char *line,
           const char *what,
           const char *got,
           const char *expected)
{
  if (g_strcmp0 (got, expected) != 0)
    fail_msg ("line \"%s\": %s \"%s\", expected \"%s\"", line, what,
              got ? got : "(null)", expected ? expected : "(null)");
}

static void
check_entry (const Expect         *e,
             const FerryListEntry *entry)
{
  if (entry == NULL)
    fail_msg ("line not parsed: \"%s\"", e->line);

  if (strcmp (entry->name, e->name) != 0)
    fail_msg ("line \"%s\": name \"%s\", expected \"%s\"", e->line, entry->name, e->name);
  if (entry->type != e->type)
    fail_msg ("line \"%s\": type %d, expected %d", e->line, entry->type, e->type);
  if (entry->size != e->size)
    fail_msg ("line \"%s\": size %" G_GINT64_FORMAT ", expected %" G_GINT64_FORMAT,
              e->line, entry->size, e->size);

  if (e->mtime == NULL)
    assert_null (entry->mtime);
  else
    {
      g_autofree char *got = NULL;

      if (entry->mtime == NULL)
        fail_msg ("line \"%s\": no time, expected %s", e->line, e->mtime);
      got = g_date_time_format (entry->mtime, "%Y-%m-%d %H:%M:%S");
      if (strcmp (got, e->mtime) != 0)
        fail_msg ("line \"%s\": time %s, expected %s", e->line, got, e->mtime);
      assert_int_equal (g_date_time_get_utc_offset (entry->mtime), 0);
    }
  if (entry->precision != e->precision)
    fail_msg ("line \"%s\": precision %d, expected %d", e->line, entry->precision, e->precision);

  check_str (e->line, "owner", entry->owner, e->owner);
  check_str (e->line, "group", entry->group, e->group);
  check_str (e->line, "target", entry->target, e->target);
  if (e->perms != NULL)
    check_str (e->line, "perms", entry->perms, e->perms);
}

/* ---- Unix ls -l ------------------------------------------------------ */

static const Expect unix_lines[] = {
  /* vsftpd (numeric ids by default) */
  { "-rw-r--r--    1 1000     1000         1234 Mar 10 09:15 notes.txt",
    "notes.txt", FERRY_ENTRY_FILE, 1234, "2024-03-10 09:15:00", FERRY_TIME_MINUTE, "1000", "1000", NONE, "rw-r--r--" },
  { "drwxr-xr-x    2 ftp      ftp          4096 Jan 31  2023 pub",
    "pub", FERRY_ENTRY_DIR, 4096, "2023-01-31 00:00:00", FERRY_TIME_DAY, "ftp", "ftp", NONE, "rwxr-xr-x" },
  /* proftpd */
  { "-rw-r--r--   1 ftp      ftp          1024 Mar 14 10:00 proftpd.txt",
    "proftpd.txt", FERRY_ENTRY_FILE, 1024, "2024-03-14 10:00:00", FERRY_TIME_MINUTE, "ftp", "ftp", NONE, NONE },
  /* pure-ftpd */
  { "-rw-r--r--    1 1000       1000             12 Mar  1 08:00 pure.txt",
    "pure.txt", FERRY_ENTRY_FILE, 12, "2024-03-01 08:00:00", FERRY_TIME_MINUTE, "1000", "1000", NONE, NONE },
  /* pyftpdlib: "%b %d %H:%M", zero-padded day */
  { "-rw-r--r--   1 user     group           5 Mar 04 23:59 py.txt",
    "py.txt", FERRY_ENTRY_FILE, 5, "2024-03-04 23:59:00", FERRY_TIME_MINUTE, "user", "group", NONE, NONE },
  { "drwxrwxrwx   2 user     group        4096 Dec 24  2021 xmas",
    "xmas", FERRY_ENTRY_DIR, 4096, "2021-12-24 00:00:00", FERRY_TIME_DAY, "user", "group", NONE, NONE },
  /* busybox ftpd */
  { "-rw-r--r--    1 root     root             0 Mar 15 11:00 busy",
    "busy", FERRY_ENTRY_FILE, 0, "2024-03-15 11:00:00", FERRY_TIME_MINUTE, "root", "root", NONE, NONE },
  /* no group column */
  { "-rw-r--r--   1 owner        532 Mar  4 12:00 nogroup.txt",
    "nogroup.txt", FERRY_ENTRY_FILE, 532, "2024-03-04 12:00:00", FERRY_TIME_MINUTE, "owner", NONE, NONE, NONE },
  /* no link count (some embedded servers) */
  { "drwxr-xr-x  folder        0 Jan 17  2004 nolinks",
    "nolinks", FERRY_ENTRY_DIR, 0, "2004-01-17 00:00:00", FERRY_TIME_DAY, "folder", NONE, NONE, NONE },
  /* IIS in Unix style */
  { "-rwxrwxrwx   1 owner    group          1803128 Jul 10 10:18 ls-lR.Z",
    "ls-lR.Z", FERRY_ENTRY_FILE, 1803128, "2023-07-10 10:18:00", FERRY_TIME_MINUTE, "owner", "group", NONE, NONE },
  { "d---------   1 owner    group               0 May  9 19:45 Softlib",
    "Softlib", FERRY_ENTRY_DIR, 0, "2023-05-09 19:45:00", FERRY_TIME_MINUTE, "owner", "group", NONE, "---------" },
  /* GNU ls --time-style=long-iso and full-iso */
  { "-rw-r--r-- 1 user group 2048 2024-01-31 12:00 iso.txt",
    "iso.txt", FERRY_ENTRY_FILE, 2048, "2024-01-31 12:00:00", FERRY_TIME_MINUTE, "user", "group", NONE, NONE },
  { "-rw-r--r-- 1 user group 2048 2024-01-31 12:00:01.250000000 +0100 full iso.txt",
    "full iso.txt", FERRY_ENTRY_FILE, 2048, "2024-01-31 11:00:01", FERRY_TIME_SECOND, "user", "group", NONE, NONE },
  /* day before month */
  { "-rw-r--r-- 1 user group 10 14 Mar 10:00 dayfirst",
    "dayfirst", FERRY_ENTRY_FILE, 10, "2024-03-14 10:00:00", FERRY_TIME_MINUTE, "user", "group", NONE, NONE },
  /* names with spaces: inner, trailing, leading (after the one separator) */
  { "-rw-r--r--   1 u g   10 Mar 14 10:00 my file  name.txt ",
    "my file  name.txt ", FERRY_ENTRY_FILE, 10, "2024-03-14 10:00:00", FERRY_TIME_MINUTE, "u", "g", NONE, NONE },
  { "-rw-r--r--   1 u g   10 Mar 14  2020  lead",
    " lead", FERRY_ENTRY_FILE, 10, "2020-03-14 00:00:00", FERRY_TIME_DAY, "u", "g", NONE, NONE },
  { "-rw-r--r--   1 u g   10 Mar 14 10:00 Jan 31 12:00 x",
    "Jan 31 12:00 x", FERRY_ENTRY_FILE, 10, "2024-03-14 10:00:00", FERRY_TIME_MINUTE, "u", "g", NONE, NONE },
  /* symlinks */
  { "lrwxrwxrwx   1 u g   7 Mar 14 10:00 link -> target dir/x",
    "link", FERRY_ENTRY_LINK, 7, "2024-03-14 10:00:00", FERRY_TIME_MINUTE, "u", "g", "target dir/x", NONE },
  { "lrwxrwxrwx   1 u g   7 Mar 14 10:00 a -> b -> c",
    "a", FERRY_ENTRY_LINK, 7, "2024-03-14 10:00:00", FERRY_TIME_MINUTE, "u", "g", "b -> c", NONE },
  { "lrwxrwxrwx   1 u g   7 Mar 14 10:00 dangling",
    "dangling", FERRY_ENTRY_LINK, 7, "2024-03-14 10:00:00", FERRY_TIME_MINUTE, "u", "g", NONE, NONE },
  /* " -> " in a regular file's name is part of the name */
  { "-rw-r--r--   1 u g   7 Mar 14 10:00 a -> b",
    "a -> b", FERRY_ENTRY_FILE, 7, "2024-03-14 10:00:00", FERRY_TIME_MINUTE, "u", "g", NONE, NONE },
  /* devices, fifos, sockets */
  { "crw-rw-rw-   1 root     root       1,   3 Mar 14 10:00 null",
    "null", FERRY_ENTRY_OTHER, -1, "2024-03-14 10:00:00", FERRY_TIME_MINUTE, "root", "root", NONE, NONE },
  { "brw-rw----   1 root     disk       8,0 Mar 14 10:00 sda",
    "sda", FERRY_ENTRY_OTHER, -1, "2024-03-14 10:00:00", FERRY_TIME_MINUTE, "root", "disk", NONE, NONE },
  { "prw-r--r--   1 u g   0 Mar 14 10:00 fifo",
    "fifo", FERRY_ENTRY_OTHER, 0, "2024-03-14 10:00:00", FERRY_TIME_MINUTE, "u", "g", NONE, NONE },
  { "srwxrwxrwx   1 u g   0 Mar 14 10:00 sock",
    "sock", FERRY_ENTRY_OTHER, 0, "2024-03-14 10:00:00", FERRY_TIME_MINUTE, "u", "g", NONE, NONE },
  /* ACL / xattr / SELinux markers, special bits */
  { "-rw-r--r--+  1 u g  10 Mar 14 10:00 acl",
    "acl", FERRY_ENTRY_FILE, 10, "2024-03-14 10:00:00", FERRY_TIME_MINUTE, "u", "g", NONE, "rw-r--r--" },
  { "-rw-r--r--@  1 u staff  10 Mar 14 10:00 mac",
    "mac", FERRY_ENTRY_FILE, 10, "2024-03-14 10:00:00", FERRY_TIME_MINUTE, "u", "staff", NONE, NONE },
  { "drwxr-xr-x.  2 u g  4096 Mar 14 10:00 selinux",
    "selinux", FERRY_ENTRY_DIR, 4096, "2024-03-14 10:00:00", FERRY_TIME_MINUTE, "u", "g", NONE, NONE },
  { "-rwsr-xr-x   1 root root 1234 Mar 14 10:00 su",
    "su", FERRY_ENTRY_FILE, 1234, "2024-03-14 10:00:00", FERRY_TIME_MINUTE, "root", "root", NONE, "rwsr-xr-x" },
  { "drwxrwxrwt   2 root root 4096 Mar 14 10:00 tmp",
    "tmp", FERRY_ENTRY_DIR, 4096, "2024-03-14 10:00:00", FERRY_TIME_MINUTE, "root", "root", NONE, "rwxrwxrwt" },
  /* owner and group with spaces (Windows domains) */
  { "-rw-r--r--   1 user  domain users  12 Mar 14 10:00 win.txt",
    "win.txt", FERRY_ENTRY_FILE, 12, "2024-03-14 10:00:00", FERRY_TIME_MINUTE, "user", "domain users", NONE, NONE },
  /* big files, lower-case month, tabs */
  { "-rw-r--r--   1 u g 123456789012 mar 14 10:00 big.iso",
    "big.iso", FERRY_ENTRY_FILE, G_GINT64_CONSTANT (123456789012), "2024-03-14 10:00:00", FERRY_TIME_MINUTE, "u", "g", NONE, NONE },
  /* not UTF-8: bytes kept */
  { "-rw-r--r--   1 u g   3 Mar 14 10:00 caf\xe9",
    "caf\xe9", FERRY_ENTRY_FILE, 3, "2024-03-14 10:00:00", FERRY_TIME_MINUTE, "u", "g", NONE, NONE },
  /* the same date today, later than now but within the one day slack */
  { "-rw-r--r--   1 u g   3 Mar 15 23:00 tonight",
    "tonight", FERRY_ENTRY_FILE, 3, "2024-03-15 23:00:00", FERRY_TIME_MINUTE, "u", "g", NONE, NONE },
  /* beyond the slack: last year */
  { "-rw-r--r--   1 u g   3 Mar 17 10:00 lastyear",
    "lastyear", FERRY_ENTRY_FILE, 3, "2023-03-17 10:00:00", FERRY_TIME_MINUTE, "u", "g", NONE, NONE },
  /* Feb 29 without a year walks back to the last leap year (2024 here) */
  { "-rw-r--r--   1 u g   3 Feb 29 10:00 leap",
    "leap", FERRY_ENTRY_FILE, 3, "2024-02-29 10:00:00", FERRY_TIME_MINUTE, "u", "g", NONE, NONE },
};

static void
test_unix_lines (void **state)
{
  g_autoptr(GDateTime) now = fixed_now ();

  for (gsize i = 0; i < G_N_ELEMENTS (unix_lines); i++)
    {
      g_autoptr(FerryListEntry) entry =
        ferry_listing_parse_list_line (unix_lines[i].line, strlen (unix_lines[i].line), now);
      check_entry (&unix_lines[i], entry);
    }
}

static void
test_year_boundary (void **state)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2024, 1, 2, 10, 0, 0);
  static const Expect lines[] = {
    { "-rw-r--r-- 1 u g 1 Dec 31 23:00 newyearseve",
      "newyearseve", FERRY_ENTRY_FILE, 1, "2023-12-31 23:00:00", FERRY_TIME_MINUTE, "u", "g", NONE, NONE },
    { "-rw-r--r-- 1 u g 1 Jan  2 12:00 later-today",
      "later-today", FERRY_ENTRY_FILE, 1, "2024-01-02 12:00:00", FERRY_TIME_MINUTE, "u", "g", NONE, NONE },
    { "-rw-r--r-- 1 u g 1 Jan  3 09:00 tomorrow-east",
      "tomorrow-east", FERRY_ENTRY_FILE, 1, "2024-01-03 09:00:00", FERRY_TIME_MINUTE, "u", "g", NONE, NONE },
    { "-rw-r--r-- 1 u g 1 Jan  3 12:00 too-far",
      "too-far", FERRY_ENTRY_FILE, 1, "2023-01-03 12:00:00", FERRY_TIME_MINUTE, "u", "g", NONE, NONE },
    { "-rw-r--r-- 1 u g 1 Jul  1 12:00 summer",
      "summer", FERRY_ENTRY_FILE, 1, "2023-07-01 12:00:00", FERRY_TIME_MINUTE, "u", "g", NONE, NONE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      g_autoptr(FerryListEntry) entry =
        ferry_listing_parse_list_line (lines[i].line, strlen (lines[i].line), now);
      check_entry (&lines[i], entry);
    }

  /* On New Year's Eve a server one day ahead already lists Jan 1. */
  {
    g_autoptr(GDateTime) eve = g_date_time_new_utc (2023, 12, 31, 20, 0, 0);
    static const Expect e = {
      "-rw-r--r-- 1 u g 1 Jan  1 00:30 early", "early", FERRY_ENTRY_FILE, 1,
      "2024-01-01 00:30:00", FERRY_TIME_MINUTE, "u", "g", NONE, NONE };
    g_autoptr(FerryListEntry) entry = ferry_listing_parse_list_line (e.line, strlen (e.line), eve);
    check_entry (&e, entry);
  }

  /* Feb 29 listed in a non-leap year belongs to the last leap year. */
  {
    g_autoptr(GDateTime) later = g_date_time_new_utc (2027, 3, 1, 0, 0, 0);
    static const Expect e = {
      "-rw-r--r-- 1 u g 1 Feb 29 10:00 leap", "leap", FERRY_ENTRY_FILE, 1,
      "2024-02-29 10:00:00", FERRY_TIME_MINUTE, "u", "g", NONE, NONE };
    g_autoptr(FerryListEntry) entry = ferry_listing_parse_list_line (e.line, strlen (e.line), later);
    check_entry (&e, entry);
  }
}

static void
test_unix_refused (void **state)
{
  g_autoptr(GDateTime) now = fixed_now ();
  static const char *const lines[] = {
    "total 24",
    "total 0",
    "",
    "   ",
    "drwxr-xr-x   2 u g 4096 Mar 14 10:00 .",
    "drwxr-xr-x   2 u g 4096 Mar 14 10:00 ..",
    "-rw-r--r--   1 u g   1 Mar 14 10:00 ../x",
    "-rw-r--r--   1 u g   1 Mar 14 10:00 a/b",
    "-rw-r--r--   1 u g   1 Mar 14 10:00 /etc/passwd",
    "-rw-r--r--   1 u g   1 Mar 14 10:00 a\rb",
    "-rw-r--r--   1 u g   1 Mar 14 10:00 a\nb",
    "-rw-r--r--   1 u g   1 Mar 14 10:00 ",
    "-rw-r--r--   1 u g   1 Mar 14 10:00",
    "lrwxrwxrwx   1 u g   1 Mar 14 10:00  -> target",
    "lrwxrwxrwx   1 u g   1 Mar 14 10:00 .. -> /",
    "-rw-r--r--   1 u g   1 Foo 14 10:00 badmonth",
    "-rw-r--r--   1 u g   1 Mar 32 10:00 badday",
    "-rw-r--r--   1 u g   1 Mar 14 25:00 badhour",
    "-rw-r--r--   1 u g   x Mar 14 10:00 badsize",
    "-rwxrwxrwxrwx 1 u g 1 Mar 14 10:00 tooperm",
    "xrw-r--r--   1 u g   1 Mar 14 10:00 badtype",
    "-rw-r--r--",
    "-",
    "Mar 14 10:00 nothing",
    "ftp> ls",
    "550 No files found",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      g_autoptr(FerryListEntry) entry = ferry_listing_parse_list_line (lines[i], strlen (lines[i]), now);

      if (entry != NULL)
        fail_msg ("line accepted: \"%s\" → \"%s\"", lines[i], entry->name);
    }
}

static void
test_unix_nul (void **state)
{
  static const char line[] = "-rw-r--r--   1 u g   1 Mar 14 10:00 a\0b";
  static const char nul_in_owner[] = "-rw-r--r--   1 u\0x g   1 Mar 14 10:00 ok";
  g_autoptr(GDateTime) now = fixed_now ();
  g_autoptr(FerryListEntry) entry = ferry_listing_parse_list_line (line, sizeof line - 1, now);
  g_autoptr(FerryListEntry) entry2 = ferry_listing_parse_list_line (nul_in_owner, sizeof nul_in_owner - 1, now);

  assert_null (entry);
  /* Only the name is guarded; this must not crash. */
  (void) entry2;
}

static void
test_unix_trailing_cr (void **state)
{
  static const char line[] = "-rw-r--r--   1 u g   1 Mar 14 10:00 crlf.txt\r\n";
  g_autoptr(GDateTime) now = fixed_now ();
  g_autoptr(FerryListEntry) entry = ferry_listing_parse_list_line (line, sizeof line - 1, now);

  assert_non_null (entry);
  assert_string_equal (entry->name, "crlf.txt");
}

/* Every prefix of every good line must be handled without reading past
 * @len (ASan checks this: the copies are not NUL-terminated). */
static void
test_unix_prefixes (void **state)
{
  g_autoptr(GDateTime) now = fixed_now ();

  for (gsize i = 0; i < G_N_ELEMENTS (unix_lines); i++)
    {
      gsize len = strlen (unix_lines[i].line);

      for (gsize cut = 0; cut <= len; cut++)
        {
          char *copy = g_memdup2 (unix_lines[i].line, cut ? cut : 1);
          FerryListEntry *entry = ferry_listing_parse_list_line (copy, cut, now);

          if (entry != NULL)
            assert_true (entry->name[0] != '\0');
          ferry_list_entry_free (entry);
          g_free (copy);
        }
    }
}

/* ---- DOS / IIS and EPLF ---------------------------------------------- */

static const Expect other_lines[] = {
  { "01-31-24  02:15PM       <DIR>          My Documents",
    "My Documents", FERRY_ENTRY_DIR, -1, "2024-01-31 14:15:00", FERRY_TIME_MINUTE, NONE, NONE, NONE, NONE },
  { "01-31-2024  14:15                 1234 name.txt",
    "name.txt", FERRY_ENTRY_FILE, 1234, "2024-01-31 14:15:00", FERRY_TIME_MINUTE, NONE, NONE, NONE, NONE },
  { "12-05-98  12:00AM              1,234 old file.txt",
    "old file.txt", FERRY_ENTRY_FILE, 1234, "1998-12-05 00:00:00", FERRY_TIME_MINUTE, NONE, NONE, NONE, NONE },
  { "07-04-23  12:30PM                  0 noon",
    "noon", FERRY_ENTRY_FILE, 0, "2023-07-04 12:30:00", FERRY_TIME_MINUTE, NONE, NONE, NONE, NONE },
  { "2024-01-31  14:15    <DIR>  isodir",
    "isodir", FERRY_ENTRY_DIR, -1, "2024-01-31 14:15:00", FERRY_TIME_MINUTE, NONE, NONE, NONE, NONE },
  { "+i8388621.29609,m824255902,/,\tdev",
    "dev", FERRY_ENTRY_DIR, -1, "1996-02-13 23:58:22", FERRY_TIME_SECOND, NONE, NONE, NONE, NONE },
  { "+i8388621.44468,m839956783,r,s10376,\tRFCEPLF",
    "RFCEPLF", FERRY_ENTRY_FILE, 10376, "1996-08-13 17:19:43", FERRY_TIME_SECOND, NONE, NONE, NONE, NONE },
  /* NetWare pads before the name */
  { "d [RWCEAFMS] supervisor            512 Jan 16 18:53    login",
    "login", FERRY_ENTRY_DIR, 512, "2024-01-16 18:53:00", FERRY_TIME_MINUTE, "supervisor", NONE, NONE, "RWCEAFMS" },
  { "- [R----F--] rhesus             214059 Oct 20  2022    bill of rights.txt",
    "bill of rights.txt", FERRY_ENTRY_FILE, 214059, "2022-10-20 00:00:00", FERRY_TIME_DAY, "rhesus", NONE, NONE, "R----F--" },
  /* OS/2 */
  /* OS/2 folders keep the size column as the server prints it (#9). */
  { "     0           DIR   12-31-97   13:13  PSFONTS",
    "PSFONTS", FERRY_ENTRY_DIR, 0, "1997-12-31 13:13:00", FERRY_TIME_MINUTE, NONE, NONE, NONE, NONE },
  { "  3145  A          04-17-98   16:06  config sys.txt",
    "config sys.txt", FERRY_ENTRY_FILE, 3145, "1998-04-17 16:06:00", FERRY_TIME_MINUTE, NONE, NONE, NONE, NONE },
  { "+r,s5,up644,\twith space",
    "with space", FERRY_ENTRY_FILE, 5, NONE, FERRY_TIME_NONE, NONE, NONE, NONE, "rw-r--r--" },
};

static void
test_other_dialects (void **state)
{
  g_autoptr(GDateTime) now = fixed_now ();

  for (gsize i = 0; i < G_N_ELEMENTS (other_lines); i++)
    {
      g_autoptr(FerryListEntry) entry =
        ferry_listing_parse_list_line (other_lines[i].line, strlen (other_lines[i].line), now);
      check_entry (&other_lines[i], entry);
    }
}

static void
test_other_refused (void **state)
{
  static const char *const lines[] = {
    "01-31-24  02:15PM       <DIR>          .",
    "01-31-24  02:15PM       <DIR>          ..",
    "01-31-24  02:15PM       <DIR>          a/b",
    "01-31-24  02:15PM       <DIR>          ",
    "13-31-24  02:15PM       <DIR>          badmonth",
    "01-31-24  13:15PM       <DIR>          badhour",
    "01-31-24  02:15PM       abc            badsize",
    "+i1,m1,/,\t..",
    "+i1,m1,/,\t../etc",
    "+i1,m1,/,no-tab",
    "+",
    "1",
    "2024",
  };
  g_autoptr(GDateTime) now = fixed_now ();

  for (gsize i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      g_autoptr(FerryListEntry) entry = ferry_listing_parse_list_line (lines[i], strlen (lines[i]), now);

      if (entry != NULL)
        fail_msg ("line accepted: \"%s\" → \"%s\"", lines[i], entry->name);
    }
}

/* ---- MLSD ------------------------------------------------------------ */

static const Expect mlsd_lines[] = {
  /* RFC 3659 7.7.4 */
  { "Type=file;Size=25730;Modify=19940728095854;Perm=; capmux.tar.z",
    "capmux.tar.z", FERRY_ENTRY_FILE, 25730, "1994-07-28 09:58:54", FERRY_TIME_SECOND, NONE, NONE, NONE, "" },
  { "Type=dir;Modify=19990112033515;Perm=fle; incoming",
    "incoming", FERRY_ENTRY_DIR, -1, "1999-01-12 03:35:15", FERRY_TIME_SECOND, NONE, NONE, NONE, "fle" },
  /* RFC 3659 7.7.2 (MLST), lower case facts */
  { "modify=19990112030508;perm=adfr;size=1024;type=file;unique=AQkAAAAAAAABCAAA; file1",
    "file1", FERRY_ENTRY_FILE, 1024, "1999-01-12 03:05:08", FERRY_TIME_SECOND, NONE, NONE, NONE, "adfr" },
  /* pure-ftpd */
  { "type=file;size=12;modify=20240314100000;UNIX.mode=0644;UNIX.uid=1000;UNIX.gid=1001;unique=801g1a; hello.txt",
    "hello.txt", FERRY_ENTRY_FILE, 12, "2024-03-14 10:00:00", FERRY_TIME_SECOND, "1000", "1001", NONE, "rw-r--r--" },
  /* proftpd: numeric UNIX.owner, names in UNIX.ownername */
  { "modify=20240314100000;perm=adfrw;size=12;type=file;unique=FD00U1234;UNIX.group=1000;UNIX.groupname=ftp;UNIX.mode=0644;UNIX.owner=1000;UNIX.ownername=alice; a b.txt",
    "a b.txt", FERRY_ENTRY_FILE, 12, "2024-03-14 10:00:00", FERRY_TIME_SECOND, "alice", "ftp", NONE, "rw-r--r--" },
  /* pyftpdlib: fractional seconds */
  { "type=file;size=5;perm=radfwMT;modify=20240314100000.123;unix.mode=0755;unix.uid=1000;unix.gid=1000;unique=fd01g4a3; py.sh",
    "py.sh", FERRY_ENTRY_FILE, 5, "2024-03-14 10:00:00", FERRY_TIME_SECOND, "1000", "1000", NONE, "rwxr-xr-x" },
  { "type=dir;sizd=4096;modify=20240314100000;UNIX.mode=1777; sticky",
    "sticky", FERRY_ENTRY_DIR, 4096, "2024-03-14 10:00:00", FERRY_TIME_SECOND, NONE, NONE, NONE, "rwxrwxrwt" },
  /* symlinks */
  { "type=OS.unix=slink:/etc/hosts;size=10;modify=20240314100000; hosts",
    "hosts", FERRY_ENTRY_LINK, 10, "2024-03-14 10:00:00", FERRY_TIME_SECOND, NONE, NONE, "/etc/hosts", NONE },
  { "type=OS.unix=symlink;size=10; l",
    "l", FERRY_ENTRY_LINK, 10, NONE, FERRY_TIME_NONE, NONE, NONE, NONE, NONE },
  { "type=OS.unix=blkdev;size=0; sda",
    "sda", FERRY_ENTRY_OTHER, 0, NONE, FERRY_TIME_NONE, NONE, NONE, NONE, NONE },
  /* no trailing semicolon, names with spaces */
  { "type=file;size=3 name",
    "name", FERRY_ENTRY_FILE, 3, NONE, FERRY_TIME_NONE, NONE, NONE, NONE, NONE },
  { "type=file;size=3;  two spaces in front ",
    " two spaces in front ", FERRY_ENTRY_FILE, 3, NONE, FERRY_TIME_NONE, NONE, NONE, NONE, NONE },
  /* a broken modify fact loses the date, not the entry */
  { "type=file;size=3;modify=2024; brokendate",
    "brokendate", FERRY_ENTRY_FILE, 3, NONE, FERRY_TIME_NONE, NONE, NONE, NONE, NONE },
  { "type=file;size=3;modify=20241341250000; baddate",
    "baddate", FERRY_ENTRY_FILE, 3, NONE, FERRY_TIME_NONE, NONE, NONE, NONE, NONE },
  /* invalid UTF-8 kept */
  { "type=file;size=1; \xff\xfe",
    "\xff\xfe", FERRY_ENTRY_FILE, 1, NONE, FERRY_TIME_NONE, NONE, NONE, NONE, NONE },
};

static void
test_mlsd_lines (void **state)
{
  for (gsize i = 0; i < G_N_ELEMENTS (mlsd_lines); i++)
    {
      g_autoptr(FerryListEntry) entry =
        ferry_listing_parse_mlsd_line (mlsd_lines[i].line, strlen (mlsd_lines[i].line));
      check_entry (&mlsd_lines[i], entry);
    }
}

static void
test_mlsd_refused (void **state)
{
  static const char *const lines[] = {
    "Type=cdir;Modify=19981107085215;Perm=el; tmp",
    "Type=cdir;Modify=19981107085215;Perm=el; /tmp",
    "Type=pdir;Modify=19990112030508;Perm=el; ..",
    "type=CDIR; x",
    "type=file; .",
    "type=file; ..",
    "type=file; ../x",
    "type=file; a/b",
    "type=file; a\rb",
    "type=file; a\nb",
    "type=file; ",
    "type=file;",
    "",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      g_autoptr(FerryListEntry) entry = ferry_listing_parse_mlsd_line (lines[i], strlen (lines[i]));

      if (entry != NULL)
        fail_msg ("MLSD line accepted: \"%s\" → \"%s\"", lines[i], entry->name);
    }

  {
    static const char nul[] = "type=file; a\0b";
    g_autoptr(FerryListEntry) entry = ferry_listing_parse_mlsd_line (nul, sizeof nul - 1);
    assert_null (entry);
  }
}

/* ---- whole listings ---------------------------------------------------- */

static void
test_parse_list_data (void **state)
{
  static const char data[] =
    "total 12\r\n"
    "drwxr-xr-x   2 u g 4096 Mar 14 10:00 .\r\n"
    "drwxr-xr-x   2 u g 4096 Mar 14 10:00 ..\r\n"
    "drwxr-xr-x   2 u g 4096 Mar 14 10:00 dir one\r\n"
    "\r\n"
    "-rw-r--r--   1 u g   12 Mar 14 10:00 ../evil\r\n"
    "-rw-r--r--   1 u g   12 Mar 14 10:00 file\r\n"
    "lrwxrwxrwx   1 u g    4 Mar 14 10:00 l -> file\n"
    "-rw-r--r--   1 u g   12 Mar 14 10:00 no newline at end";
  g_autoptr(GDateTime) now = fixed_now ();
  g_autoptr(GPtrArray) entries = ferry_listing_parse (data, sizeof data - 1, FALSE, now);
  FerryListEntry *e;

  assert_int_equal (entries->len, 4);
  e = entries->pdata[0];
  assert_string_equal (e->name, "dir one");
  assert_int_equal (e->type, FERRY_ENTRY_DIR);
  e = entries->pdata[1];
  assert_string_equal (e->name, "file");
  e = entries->pdata[2];
  assert_string_equal (e->name, "l");
  assert_string_equal (e->target, "file");
  e = entries->pdata[3];
  assert_string_equal (e->name, "no newline at end");
}

static void
test_parse_mlsd_data (void **state)
{
  static const char data[] =
    "type=cdir;modify=20240314100000; /pub\r\n"
    "type=pdir;modify=20240314100000; ..\r\n"
    "type=dir;modify=20240314100000; sub\r\n"
    "type=file;size=1;modify=20240314100000; a file\r\n";
  g_autoptr(GPtrArray) entries = ferry_listing_parse (data, sizeof data - 1, TRUE, NULL);

  assert_int_equal (entries->len, 2);
  assert_string_equal (((FerryListEntry *) entries->pdata[0])->name, "sub");
  assert_string_equal (((FerryListEntry *) entries->pdata[1])->name, "a file");
}

/* Some servers answer MLSD with ls -l lines. */
static void
test_parse_mlsd_fallback (void **state)
{
  static const char data[] =
    "type=file;size=1; facts\r\n"
    " nofacts\r\n"
    "-rw-r--r--   1 u g   12 Mar 14 10:00 ls style\r\n";
  g_autoptr(GDateTime) now = fixed_now ();
  g_autoptr(GPtrArray) entries = ferry_listing_parse (data, sizeof data - 1, TRUE, now);

  assert_int_equal (entries->len, 3);
  assert_string_equal (((FerryListEntry *) entries->pdata[0])->name, "facts");
  assert_string_equal (((FerryListEntry *) entries->pdata[1])->name, "nofacts");
  assert_string_equal (((FerryListEntry *) entries->pdata[2])->name, "ls style");
  assert_int_equal (((FerryListEntry *) entries->pdata[2])->size, 12);
}

static void
test_parse_empty (void **state)
{
  g_autoptr(GPtrArray) a = ferry_listing_parse ("", 0, FALSE, NULL);
  g_autoptr(GPtrArray) b = ferry_listing_parse ("\r\n\n", 3, TRUE, NULL);

  assert_int_equal (a->len, 0);
  assert_int_equal (b->len, 0);
}

/* A big listing parses quickly (the real benchmark is bench/). */
static void
test_parse_many (void **state)
{
  g_autoptr(GString) data = g_string_new (NULL);
  g_autoptr(GDateTime) now = fixed_now ();
  g_autoptr(GPtrArray) entries = NULL;
  gint64 start;

  for (guint i = 0; i < 100000; i++)
    g_string_append_printf (data, "-rw-r--r--   1 user     group    %8u Mar %2u %02u:%02u file %u.dat\r\n",
                            i, i % 28 + 1, i % 24, i % 60, i);
  start = g_get_monotonic_time ();
  entries = ferry_listing_parse (data->str, data->len, FALSE, now);
  assert_int_equal (entries->len, 100000);
  assert_string_equal (((FerryListEntry *) entries->pdata[99999])->name, "file 99999.dat");
  assert_int_equal (((FerryListEntry *) entries->pdata[99999])->size, 99999);
  /* Generous even under ASan and valgrind-free CI machines. */
  assert_true (g_get_monotonic_time () - start < 5 * G_USEC_PER_SEC);
}

/* ---- mutation fuzzing ------------------------------------------------------ */

static void
assert_entry_invariants (const FerryListEntry *entry)
{
  gsize len;

  if (entry == NULL)
    return;
  assert_non_null (entry->name);
  len = strlen (entry->name);
  assert_true (len > 0);
  assert_string_not_equal (entry->name, ".");
  assert_string_not_equal (entry->name, "..");
  assert_null (strpbrk (entry->name, "/\r\n"));
  assert_true (entry->size >= -1);
  assert_true (entry->type >= FERRY_ENTRY_FILE && entry->type <= FERRY_ENTRY_OTHER);
  assert_true ((entry->mtime == NULL) == (entry->precision == FERRY_TIME_NONE));
}

/* Good lines with bytes flipped, spaces, slashes and NULs injected and
 * ends cut off: every result must still be a valid entry or NULL, and
 * ASan must stay quiet.  Fixed seed, so failures reproduce. */
static void
test_mutations (void **state)
{
  static const char alphabet[] = " /.\r\n\t:,;=-+0123456789abJan\xff";
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240315);
  g_autoptr(GDateTime) now = fixed_now ();
  GPtrArray *seeds = g_ptr_array_new ();

  for (gsize i = 0; i < G_N_ELEMENTS (unix_lines); i++)
    g_ptr_array_add (seeds, (gpointer) unix_lines[i].line);
  for (gsize i = 0; i < G_N_ELEMENTS (other_lines); i++)
    g_ptr_array_add (seeds, (gpointer) other_lines[i].line);
  for (gsize i = 0; i < G_N_ELEMENTS (mlsd_lines); i++)
    g_ptr_array_add (seeds, (gpointer) mlsd_lines[i].line);

  for (guint round = 0; round < 40000; round++)
    {
      const char *seed = seeds->pdata[g_rand_int_range (rand, 0, seeds->len)];
      gsize len = strlen (seed);
      char *buf = g_memdup2 (seed, len + 1);
      guint n_mutations = g_rand_int_range (rand, 1, 4);
      FerryListEntry *a, *b;

      for (guint m = 0; m < n_mutations && len > 0; m++)
        {
          gsize at = g_rand_int_range (rand, 0, (gint32) len);

          switch (g_rand_int_range (rand, 0, 4))
            {
            case 0:
              buf[at] = alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)];
              break;
            case 1:
              buf[at] = (char) g_rand_int_range (rand, 0, 256);
              break;
            case 2:
              len = at;    /* cut */
              break;
            default:
              buf[at] = '\0';
              break;
            }
        }

      /* An exact-size copy, so reading past @len is caught. */
      {
        char *exact = g_memdup2 (buf, len ? len : 1);

        a = ferry_listing_parse_list_line (exact, len, now);
        b = ferry_listing_parse_mlsd_line (exact, len);
        assert_entry_invariants (a);
        assert_entry_invariants (b);
        ferry_list_entry_free (a);
        ferry_list_entry_free (b);
        g_free (exact);
      }
      g_free (buf);
    }

  g_ptr_array_unref (seeds);
}

/* Entries share GDateTimes inside one listing; each entry must still
 * own a reference that outlives the others. */
static void
test_shared_times (void **state)
{
  static const char data[] =
    "-rw-r--r-- 1 u g 1 Mar 14 10:00 a\n"
    "-rw-r--r-- 1 u g 1 Mar 14 10:00 b\n"
    "-rw-r--r-- 1 u g 1 2024-03-14 10:00 c\n";
  g_autoptr(GDateTime) now = fixed_now ();
  g_autoptr(GPtrArray) entries = ferry_listing_parse (data, sizeof data - 1, FALSE, now);
  g_autoptr(FerryListEntry) keep = NULL;
  g_autofree char *when = NULL;

  assert_int_equal (entries->len, 3);
  keep = ferry_list_entry_copy (entries->pdata[2]);
  g_clear_pointer (&entries, g_ptr_array_unref);
  when = g_date_time_format (keep->mtime, "%Y-%m-%d %H:%M");
  assert_string_equal (when, "2024-03-14 10:00");
}

/* ---- entries ------------------------------------------------------------ */

static void
test_entry_copy_and_display (void **state)
{
  static const char line[] = "lrwxrwxrwx   1 u g   7 Mar 14 10:00 caf\xe9 -> t";
  g_autoptr(GDateTime) now = fixed_now ();
  g_autoptr(FerryListEntry) entry = ferry_listing_parse_list_line (line, sizeof line - 1, now);
  g_autoptr(FerryListEntry) copy = NULL;
  g_autofree char *display = NULL;
  FerryListEntry *boxed;

  assert_non_null (entry);
  copy = ferry_list_entry_copy (entry);
  assert_true (copy->name != entry->name);
  assert_string_equal (copy->name, entry->name);
  assert_string_equal (copy->target, "t");
  assert_true (g_date_time_equal (copy->mtime, entry->mtime));
  assert_int_equal (copy->precision, entry->precision);
  assert_string_equal (copy->owner, "u");

  display = ferry_list_entry_dup_display_name (entry);
  assert_true (g_utf8_validate (display, -1, NULL));
  assert_string_equal (display, "caf\xef\xbf\xbd");

  boxed = g_boxed_copy (FERRY_TYPE_LIST_ENTRY, entry);
  assert_string_equal (boxed->name, entry->name);
  g_boxed_free (FERRY_TYPE_LIST_ENTRY, boxed);
}

static void
test_entry_new (void **state)
{
  g_autoptr(FerryListEntry) entry = ferry_list_entry_new ();
  g_autofree char *display = NULL;

  assert_int_equal (entry->size, -1);
  assert_null (entry->mtime);
  assert_int_equal (entry->precision, FERRY_TIME_NONE);
  display = ferry_list_entry_dup_display_name (entry);
  assert_string_equal (display, "");
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_unix_lines),
    cmocka_unit_test (test_year_boundary),
    cmocka_unit_test (test_unix_refused),
    cmocka_unit_test (test_unix_nul),
    cmocka_unit_test (test_unix_trailing_cr),
    cmocka_unit_test (test_unix_prefixes),
    cmocka_unit_test (test_other_dialects),
    cmocka_unit_test (test_other_refused),
    cmocka_unit_test (test_mlsd_lines),
    cmocka_unit_test (test_mlsd_refused),
    cmocka_unit_test (test_parse_list_data),
    cmocka_unit_test (test_parse_mlsd_data),
    cmocka_unit_test (test_parse_mlsd_fallback),
    cmocka_unit_test (test_parse_empty),
    cmocka_unit_test (test_parse_many),
    cmocka_unit_test (test_mutations),
    cmocka_unit_test (test_shared_times),
    cmocka_unit_test (test_entry_copy_and_display),
    cmocka_unit_test (test_entry_new),
  };

  return cmocka_run_group_tests (tests, NULL, NULL);
}
