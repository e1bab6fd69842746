/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * LIST dialects beyond plain English ls -l: localised and numeric ls
 * dates, odd size columns, VMS, MVS, AS/400, z/VM, HP NonStop.  The
 * lines are written after real servers' output and their documentation
 * (ls in each locale, the vendors' FTP server manuals).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "ferry-listing.h"

#define NONE NULL
#define F FERRY_ENTRY_FILE
#define D FERRY_ENTRY_DIR
#define L FERRY_ENTRY_LINK
#define T_NONE FERRY_TIME_NONE
#define T_DAY FERRY_TIME_DAY
#define T_MIN FERRY_TIME_MINUTE
#define T_SEC FERRY_TIME_SECOND

typedef struct
{
  const char         *line;
  const char         *name;
  FerryEntryType      type;
  gint64              size;
  const char         *mtime;      /* "YYYY-MM-DD HH:MM:SS" UTC or NULL */
  FerryTimePrecision  precision;
  const char         *owner;
  const char         *perms;      /* checked when not NULL */
} Expect;

/* Every table is read with "now" = 2024-03-15 12:00 UTC. */
static GDateTime *
fixed_now (void)
{
  return g_date_time_new_utc (2024, 3, 15, 12, 0, 0);
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
    {
      if (entry->mtime != NULL)
        fail_msg ("line \"%s\": a time, expected none", e->line);
    }
  else
    {
      g_autofree char *got = NULL;

      if (entry->mtime == NULL)
        fail_msg ("line \"%s\": no time, expected %s", e->line, e->mtime);
      got = g_date_time_format (entry->mtime, "%Y-%m-%d %H:%M:%S");
      if (strcmp (got, e->mtime) != 0)
        fail_msg ("line \"%s\": time %s, expected %s", e->line, got, e->mtime);
    }
  if (entry->precision != e->precision)
    fail_msg ("line \"%s\": precision %d, expected %d", e->line, entry->precision, e->precision);
  if (g_strcmp0 (entry->owner, e->owner) != 0)
    fail_msg ("line \"%s\": owner \"%s\", expected \"%s\"", e->line,
              entry->owner ? entry->owner : "(null)", e->owner ? e->owner : "(null)");
  if (e->perms != NULL && g_strcmp0 (entry->perms, e->perms) != 0)
    fail_msg ("line \"%s\": perms \"%s\", expected \"%s\"", e->line,
              entry->perms ? entry->perms : "(null)", e->perms);
}

static void
check_lines (const Expect *lines,
             gsize         n)
{
  g_autoptr(GDateTime) now = fixed_now ();

  for (gsize i = 0; i < n; i++)
    {
      g_autoptr(FerryListEntry) entry =
        ferry_listing_parse_list_line (lines[i].line, strlen (lines[i].line), now);
      check_entry (&lines[i], entry);
    }
}

/* ---- ls -l in other languages -------------------------------------------- */

static const Expect localized_lines[] = {
  /* de_DE */
  { "-rw-r--r--  1 hans users  4096 M\xc3\xa4r 14 10:00 bericht.txt",
    "bericht.txt", F, 4096, "2024-03-14 10:00:00", T_MIN, "hans", NONE },
  { "drwxr-xr-x  2 hans users  4096 Okt  3  2022 archiv",
    "archiv", D, 4096, "2022-10-03 00:00:00", T_DAY, "hans", NONE },
  { "-rw-r--r--  1 hans users    12 Dez 24 18:00 bescherung",
    "bescherung", F, 12, "2023-12-24 18:00:00", T_MIN, "hans", NONE },
  { "dr-xr-xr-x  2 root other  2235 26. Juli, 20:10 juli",
    "juli", D, 2235, "2023-07-26 20:10:00", T_MIN, "root", NONE },
  { "-r-xr-xr-x  2 root other  2235 2.   Okt.  2003 oktober",
    "oktober", F, 2235, "2003-10-02 00:00:00", T_DAY, "root", NONE },
  { "drwxr-xr-x  6 user sys    1024 30. Jan., 12:40 januar",
    "januar", D, 1024, "2024-01-30 12:40:00", T_MIN, "user", NONE },
  /* fr_FR: abbreviations with a dot, accents */
  { "-rw-r--r--  1 jean staff     5 janv. 31 12:00 janvier.txt",
    "janvier.txt", F, 5, "2024-01-31 12:00:00", T_MIN, "jean", NONE },
  { "-rw-r--r--  1 jean staff    10 f\xc3\xa9vr. 29 09:00 bissextile",
    "bissextile", F, 10, "2024-02-29 09:00:00", T_MIN, "jean", NONE },
  { "drwxr-xr-x  2 jean staff  4096 d\xc3\xa9\x63.  24  2021 noel",
    "noel", D, 4096, "2021-12-24 00:00:00", T_DAY, "jean", NONE },
  { "-rw-r--r--  1 jean staff     5 ao\xc3\xbbt  1  2019 vacances",
    "vacances", F, 5, "2019-08-01 00:00:00", T_DAY, "jean", NONE },
  { "-rw-r--r--  1 jean staff     5 juil.  14 09:30 fete",
    "fete", F, 5, "2023-07-14 09:30:00", T_MIN, "jean", NONE },
  /* es_ES */
  { "-rw-r--r--  1 ana ana     7 ene 15 08:30 enero.txt",
    "enero.txt", F, 7, "2024-01-15 08:30:00", T_MIN, "ana", NONE },
  { "-rw-r--r--  1 ana ana     7 dic 31  2023 nochevieja",
    "nochevieja", F, 7, "2023-12-31 00:00:00", T_DAY, "ana", NONE },
  { "-rw-r--r--  1 ana ana     7 abr  2  2022 abril",
    "abril", F, 7, "2022-04-02 00:00:00", T_DAY, "ana", NONE },
  /* it_IT */
  { "-rw-r--r--  1 luca luca   3 mag 20  2022 maggio",
    "maggio", F, 3, "2022-05-20 00:00:00", T_DAY, "luca", NONE },
  { "-rw-r--r--  1 luca luca   3 ott  5 17:45 ottobre",
    "ottobre", F, 3, "2023-10-05 17:45:00", T_MIN, "luca", NONE },
  { "-rw-r--r--  1 luca luca   3 gen  7  2020 gennaio",
    "gennaio", F, 3, "2020-01-07 00:00:00", T_DAY, "luca", NONE },
  /* nl_NL */
  { "-rw-r--r--  1 jan  jan    9 mrt  1 07:00 maart",
    "maart", F, 9, "2024-03-01 07:00:00", T_MIN, "jan", NONE },
  { "-rw-r--r--  1 jan  jan    9 mei 12  2020 mei",
    "mei", F, 9, "2020-05-12 00:00:00", T_DAY, "jan", NONE },
  /* pt_BR */
  { "-rw-r--r--  1 joao joao   9 out 10  2020 outubro",
    "outubro", F, 9, "2020-10-10 00:00:00", T_DAY, "joao", NONE },
  { "-rw-r--r--  1 joao joao   9 fev  2 10:00 fevereiro",
    "fevereiro", F, 9, "2024-02-02 10:00:00", T_MIN, "joao", NONE },
  /* sv_SE, nb_NO, da_DK */
  { "-rw-r--r--  1 sven sven   1 maj 17  2021 maj",
    "maj", F, 1, "2021-05-17 00:00:00", T_DAY, "sven", NONE },
  { "-rw-r--r--  1 ola  ola    1 des 24  2020 jul",
    "jul", F, 1, "2020-12-24 00:00:00", T_DAY, "ola", NONE },
  /* pl_PL */
  { "-rw-r--r--  1 adam adam   2 pa\xc5\xba 11  2022 pazdziernik",
    "pazdziernik", F, 2, "2022-10-11 00:00:00", T_DAY, "adam", NONE },
  { "-rw-r--r--  1 adam adam   2 lis  3 14:00 listopad",
    "listopad", F, 2, "2023-11-03 14:00:00", T_MIN, "adam", NONE },
  { "-rw-r--r--  1 adam adam   2 sty 10 14:00 styczen",
    "styczen", F, 2, "2024-01-10 14:00:00", T_MIN, "adam", NONE },
  /* cs_CZ */
  { "-rw-r--r--  1 petr petr   4 \xc3\xbano  2  2022 unor",
    "unor", F, 4, "2022-02-02 00:00:00", T_DAY, "petr", NONE },
  /* hu_HU */
  { "dr-xr-xr-x  2 root other 2235 szept 26 20:10 szeptember",
    "szeptember", D, 2235, "2023-09-26 20:10:00", T_MIN, "root", NONE },
  /* ru_RU.UTF-8, names in UTF-8 */
  { "-rw-r--r--  1 ivan ivan 100 \xd1\x8f\xd0\xbd\xd0\xb2 31 12:00 \xd1\x84\xd0\xb0\xd0\xb9\xd0\xbb.txt",
    "\xd1\x84\xd0\xb0\xd0\xb9\xd0\xbb.txt", F, 100, "2024-01-31 12:00:00", T_MIN, "ivan", NONE },
  { "drwxr-xr-x  2 ivan ivan 4096 \xd0\xbc\xd0\xb0\xd1\x8f  9  2020 may9",
    "may9", D, 4096, "2020-05-09 00:00:00", T_DAY, "ivan", NONE },
  { "-rw-r--r--  1 ivan ivan 100 \xd1\x81\xd0\xb5\xd0\xbd 1 08:00 september",
    "september", F, 100, "2023-09-01 08:00:00", T_MIN, "ivan", NONE },
  /* zh_CN, ja_JP, ko_KR: numeric months with a suffix */
  { "-rw-r--r--  1 wang wang 1024 1\xe6\x9c\x88 31 12:00 \xe6\x96\x87\xe4\xbb\xb6.txt",
    "\xe6\x96\x87\xe4\xbb\xb6.txt", F, 1024, "2024-01-31 12:00:00", T_MIN, "wang", NONE },
  { "drwxr-xr-x  2 wang wang 4096 10\xe6\x9c\x88  1  2019 guoqing",
    "guoqing", D, 4096, "2019-10-01 00:00:00", T_DAY, "wang", NONE },
  { "-rw-r--r--  1 taro taro   10  3\xe6\x9c\x88 14 09:00 memo.txt",
    "memo.txt", F, 10, "2024-03-14 09:00:00", T_MIN, "taro", NONE },
  /* Shift_JIS 月 日 年, as an old Solaris server sent it */
  { "-rw-r--r--  1 root sys  8473  4\x8c\x8e 18\x93\xfa 2003\x94\x4e sjis.txt",
    "sjis.txt", F, 8473, "2003-04-18 00:00:00", T_DAY, "root", NONE },
  { "drwxr-xr-x  5 root sys   512 2005\xeb\x85\x84  1\xec\x9b\x94  6\xec\x9d\xbc korean",
    "korean", D, 512, "2005-01-06 00:00:00", T_DAY, "root", NONE },
  { "-rw-r--r--  1 kim  kim     7 12\xec\x9b\x94 25 10:00 christmas",
    "christmas", F, 7, "2023-12-25 10:00:00", T_MIN, "kim", NONE },
};

/* ---- numeric dates, size columns, other ls shapes -------------------------- */

static const Expect shape_lines[] = {
  { "-rw-r--r--   1 root  other   531 09-26  2000 mmdd-year",
    "mmdd-year", F, 531, "2000-09-26 00:00:00", T_DAY, "root", NONE },
  { "-rw-r--r--   1 root  other   531 09-26 13:45 mmdd-time",
    "mmdd-time", F, 531, "2023-09-26 13:45:00", T_MIN, "root", NONE },
  { "-r-xr-xr-x   2 root  other  2235 1999/10/12 17:12 slashes",
    "slashes", F, 2235, "1999-10-12 17:12:00", T_MIN, "root", NONE },
  { "-r-xr-xr-x   2 root  other  2235 24-04-2003 17:12 dayfirst",
    "dayfirst", F, 2235, "2003-04-24 17:12:00", T_MIN, "root", NONE },
  { "-r-xr-xr-x   2 root  root     96 2004.07.15 dotted",
    "dotted", F, 96, "2004-07-15 00:00:00", T_DAY, "root", NONE },
  { "-rw-r--r--   1 root  other   531 3 29 03:26 bare-numbers",
    "bare-numbers", F, 531, "2023-03-29 03:26:00", T_MIN, "root", NONE },
  { "-r-xr-xr-x   2 owner group  4512 01-jun-99 dd-mon-yy",
    "dd-mon-yy", F, 4512, "1999-06-01 00:00:00", T_DAY, "owner", NONE },
  /* VShell: year and time */
  { "-rwxr-xr-x   1 user group      9 Oct 08, 2002 09:47 vshell",
    "vshell", F, 9, "2002-10-08 09:47:00", T_MIN, "user", NONE },
  /* sizes with units */
  { "-rw-r--r--   1 root  other  33.5k Oct  5 21:22 kilo",
    "kilo", F, 34304, "2023-10-05 21:22:00", T_MIN, "root", NONE },
  { "-rw-r--r--   1 root  other     2M Oct  5 21:22 mega",
    "mega", F, 2097152, "2023-10-05 21:22:00", T_MIN, "root", NONE },
  { "-rw-r--r--   1 root  other   1.5G Oct  5 21:22 giga",
    "giga", F, G_GINT64_CONSTANT (1610612736), "2023-10-05 21:22:00", T_MIN, "root", NONE },
  /* ls -s (blocks first) and ls -is (inode and blocks) */
  { "   8 -rw-r--r--   1 u g   5000 Mar 14 10:00 blocks.txt",
    "blocks.txt", F, 5000, "2024-03-14 10:00:00", T_MIN, "u", "rw-r--r--" },
  { "8 -rw-r--r--   1 u g   5000 Mar 14 10:00 blocks2.txt",
    "blocks2.txt", F, 5000, "2024-03-14 10:00:00", T_MIN, "u", NONE },
  { "1234567    4 drwxr-xr-x   2 u g   4096 Mar 14 10:00 inode",
    "inode", D, 4096, "2024-03-14 10:00:00", T_MIN, "u", NONE },
  { "4.0K -rw-r--r-- 1 u g 3000 Mar 14 10:00 human-blocks",
    "human-blocks", F, 3000, "2024-03-14 10:00:00", T_MIN, "u", NONE },
  /* day-month with the time, the name starting with a number */
  { "drwxrwxrwx   1 0        0               0 29 Jul 02:27 2014 Invoices",
    "2014 Invoices", D, 0, "2023-07-29 02:27:00", T_MIN, "0", NONE },
  /* NetPresenz: numbers where owner and group are */
  { "-------r--         326  1391972  1392298 Nov 22  1995 netpresenz",
    "netpresenz", F, 1392298, "1995-11-22 00:00:00", T_DAY, "1391972", NONE },
  /* names with leading spaces and arrows in localised listings */
  { "lrwxrwxrwx   1 u g 7 M\xc3\xa4r 14 10:00  leerzeichen -> ziel",
    " leerzeichen", L, 7, "2024-03-14 10:00:00", T_MIN, "u", NONE },
};

/* ---- VMS ---------------------------------------------------------------- */

static const Expect vms_lines[] = {
  { "LOGIN.COM;2               2/4     25-JAN-2024 14:03:22  [SMITH]  (RWED,RWED,RE,)",
    "LOGIN.COM;2", F, 1024, "2024-01-25 14:03:22", T_SEC, "SMITH", "RWED,RWED,RE," },
  { "SUB.DIR;1                 1/3     12-MAR-2023 09:00  [SMITH,STAFF]  (RWE,RWE,RE,E)",
    "SUB", D, 512, "2023-03-12 09:00:00", T_MIN, "SMITH,STAFF", "RWE,RWE,RE,E" },
  { "NOTIME.TXT;1    2/8    7-JAN-2000    [IV2_XXX]   (RWED,RWED,RE,)",
    "NOTIME.TXT;1", F, 1024, "2000-01-07 00:00:00", T_DAY, "IV2_XXX", NONE },
  { "COMPLEX.SAV;3 2KB 23-SEP-2005 14:57:07.27",
    "COMPLEX.SAV;3", F, 2048, "2005-09-23 14:57:07", T_SEC, NONE, NONE },
  { "BLOCKS.DAT;1       155   2-JUL-2003 10:30:13.64",
    "BLOCKS.DAT;1", F, 79360, "2003-07-02 10:30:13", T_SEC, NONE, NONE },
  /* the columns in other orders */
  { "ORDER1.TXT;1   [SUMMARY]    1/3     2-AUG-2006 13:05  (RWE,RWE,RE,)",
    "ORDER1.TXT;1", F, 512, "2006-08-02 13:05:00", T_MIN, "SUMMARY", NONE },
  { "ORDER2.TXT;1       17-JUN-1994 17:25:37     6308/13     (RWED,RWED,R,)",
    "ORDER2.TXT;1", F, 3229696, "1994-06-17 17:25:37", T_SEC, NONE, NONE },
  { "NOBRACKET.TXT;1    6/8    15-JUL-2002    PRONAS   (RWED,RWED,RE,)",
    "NOBRACKET.TXT;1", F, 3072, "2002-07-15 00:00:00", T_DAY, "PRONAS", NONE },
  { "lower.dir;4   1/3   1-FEB-2024 00:00  [U]  (RWE,RWE,,)",
    "lower", D, 512, "2024-02-01 00:00:00", T_MIN, "U", NONE },
};

/* ---- AS/400, z/VM, HP NonStop, MVS datasets (no header needed) ----------- */

static const Expect ibm_lines[] = {
  { "QSYS            77824 02/23/00 15:09:55 *DIR       QDOC/",
    "QDOC", D, 77824, "2000-02-23 15:09:55", T_SEC, "QSYS", NONE },
  { "QSYS            77824 23/02/00 15:09:55 *FILE      dmy date.txt",
    "dmy date.txt", F, 77824, "2000-02-23 15:09:55", T_SEC, "QSYS", NONE },
  { "QPGMR           36864 18.09.06 14:21:26 *FILE      MYLIB.FILE",
    "MYLIB.FILE", F, 36864, "2006-09-18 14:21:26", T_SEC, "QPGMR", NONE },
  { "QSYS           180224 04/01/04 13:03:09 *LIB       QGPL.LIB",
    "QGPL.LIB", D, 180224, "2004-04-01 13:03:09", T_SEC, "QSYS", NONE },
  { "QDOC             8192 01/09/2001 14:21:33 *STMF      README.TXT",
    "README.TXT", F, 8192, "2001-01-09 14:21:33", T_SEC, "QDOC", NONE },
  { "PEPCO                                   *MEM       MYLIB.FILE/MYMEMBER.MBR",
    "MYMEMBER.MBR", F, -1, NONE, T_NONE, "PEPCO", NONE },
  /* z/VM CMS */
  { "PROFILE  EXEC     V         80          4          1 2024-01-31 12:00:00 -",
    "PROFILE.EXEC", F, -1, "2024-01-31 12:00:00", T_SEC, NONE, NONE },
  { "ZVMFILE  TRACE    F         65        107          2 2005-10-04 15:28:42 060191",
    "ZVMFILE.TRACE", F, 6955, "2005-10-04 15:28:42", T_SEC, "060191", NONE },
  { "SUBDIR   DIR      -          -          -          - 2024-01-31 12:00:00 -",
    "SUBDIR", D, -1, "2024-01-31 12:00:00", T_SEC, NONE, NONE },
  { "OLD      DATA     F         80         10          1  1/31/99 08:15 TCPMNT",
    "OLD.DATA", F, 800, "1999-01-31 08:15:00", T_MIN, "TCPMNT", NONE },
  /* HP NonStop */
  { "ALTERNAT      101            1,024  28-Feb-17 10:11:12 255,255 \"oooo\"",
    "ALTERNAT", F, 1024, "2017-02-28 10:11:12", T_SEC, "255,255", "oooo" },
  { "EMPTY           0                0   6-Apr-07 14:21:18 255, 0 \"nunu\"",
    "EMPTY", F, 0, "2007-04-06 14:21:18", T_SEC, "255, 0", "nunu" },
  /* MVS datasets */
  { "WYOSPT 3420   2003/05/21  1  200  FB      80  8053  PS  USER.SEQ.DATA",
    "USER.SEQ.DATA", F, -1, "2003-05-21 00:00:00", T_DAY, NONE, NONE },
  { "WPTA01 3290   2004/03/04  1    3  FB      80  3125  PO  USER.PDS",
    "USER.PDS", D, -1, "2004-03-04 00:00:00", T_DAY, NONE, NONE },
  { "GISBWI 3390   2011/08/25  2 ++++  FB     904 18080  PS  USER.BIG",
    "USER.BIG", F, -1, "2011-08-25 00:00:00", T_DAY, NONE, NONE },
  { "WYOSPT 3420   2003/05/21  1 3 U 6447    6447  PO-E USER.LOADLIB",
    "USER.LOADLIB", D, -1, "2003-05-21 00:00:00", T_DAY, NONE, NONE },
  { "NRP004 3390   **NONE**    1   15  NONE     0     0  PO  USER.NEVER",
    "USER.NEVER", D, -1, NONE, T_NONE, NONE, NONE },
};

static void
assert_refused (const char *const *lines,
                gsize              n)
{
  g_autoptr(GDateTime) now = fixed_now ();

  for (gsize i = 0; i < n; i++)
    {
      g_autoptr(FerryListEntry) entry = ferry_listing_parse_list_line (lines[i], strlen (lines[i]), now);

      if (entry != NULL)
        fail_msg ("line accepted: \"%s\" → \"%s\"", lines[i], entry->name);
    }
}

static void
test_localized (void **state)
{
  check_lines (localized_lines, G_N_ELEMENTS (localized_lines));
}

static void
test_shapes (void **state)
{
  check_lines (shape_lines, G_N_ELEMENTS (shape_lines));
}

static void
test_vms (void **state)
{
  check_lines (vms_lines, G_N_ELEMENTS (vms_lines));
}

static void
test_ibm_and_others (void **state)
{
  check_lines (ibm_lines, G_N_ELEMENTS (ibm_lines));
}

static void
test_refused (void **state)
{
  static const char *const lines[] = {
    /* unsafe names in every dialect */
    ".DIR;1   1/3   1-FEB-2024 00:00  [U]  (RWE,RWE,,)",
    "A/B.TXT;1   1/3   1-FEB-2024 00:00  [U]  (RWE,RWE,,)",
    "QSYS            77824 02/23/00 15:09:55 *DIR       ../",
    "QSYS            77824 02/23/00 15:09:55 *DIR       /",
    "PEPCO                                   *MEM       MYLIB.FILE/..",
    "..  DIR  -  -  -  - 2024-01-31 12:00:00 -",
    "..            101            1,024  28-Feb-17 10:11:12 255,255 \"oooo\"",
    "WYOSPT 3420   2003/05/21  1  200  FB      80  8053  PS  ..",
    "-rw-r--r--  1 u g 1 \xd1\x8f\xd0\xbd\xd0\xb2 31 12:00 a/b",
    /* not entries */
    "Directory DKA0:[ANONYMOUS]",
    "Total of 3 files, 15/23 blocks.",
    "Volume Unit    Referred Ext Used Recfm Lrecl BlkSz Dsorg Dsname",
    "QPGMR           36864 18.09.06 14:21:26 *FILE",
    "-rw-r--r--  1 u g 1 Xyz 31 12:00 badmonth",
    "-rw-r--r--  1 u g 1 13\xe6\x9c\x88 31 12:00 month13",
    "-rw-r--r--  1 u g 1.5x Mar 14 10:00 badunit",
    "NAME;1 1/3 32-JAN-2024 10:00",
    "NAME;1 1/3 1-JAN-2024 10:00 garbage here",
    "ALTERNAT      101            1,024  28-Feb-17 10:11:12 nocomma \"oooo\"",
  };

  assert_refused (lines, G_N_ELEMENTS (lines));
}

/* ---- whole listings: headers and lines that depend on the ones before ---- */

static GPtrArray *
parse (const char *data)
{
  g_autoptr(GDateTime) now = fixed_now ();

  return ferry_listing_parse (data, strlen (data), FALSE, now);
}

static void
assert_names (GPtrArray         *entries,
              const char *const *names)
{
  guint n = g_strv_length ((char **) names);

  if (entries->len != n)
    {
      for (guint i = 0; i < entries->len; i++)
        print_message ("# got \"%s\"\n", ((FerryListEntry *) entries->pdata[i])->name);
      fail_msg ("%u entries, expected %u", entries->len, n);
    }
  for (guint i = 0; i < n; i++)
    assert_string_equal (((FerryListEntry *) entries->pdata[i])->name, names[i]);
}

static void
test_vms_listing (void **state)
{
  static const char data[] =
    "\r\n"
    "Directory DKA0:[ANONYMOUS]\r\n"
    "\r\n"
    "LOGIN.COM;2               2/4     25-JAN-2024 14:03:22  [SMITH]  (RWED,RWED,RE,)\r\n"
    "A_NAME_TOO_LONG_FOR_ITS_COLUMN.TXT;12\r\n"
    "                         12/16    25-JAN-2024 14:03:22.45  [SMITH]  (RWED,RWED,R,)\r\n"
    "SUB.DIR;1                 1/3     12-MAR-2023 09:00  [SMITH,STAFF]  (RWE,RWE,RE,E)\r\n"
    "ANOTHER_VERY_LONG_NAME_INDEED.DIR;1\r\n"
    "                          1/3     12-MAR-2023 09:00  [SMITH]  (RWE,RWE,RE,E)\r\n"
    "\r\n"
    "Total of 4 files, 16/26 blocks.\r\n";
  g_autoptr(GPtrArray) entries = parse (data);
  static const char *const names[] = {
    "LOGIN.COM;2", "A_NAME_TOO_LONG_FOR_ITS_COLUMN.TXT;12", "SUB", "ANOTHER_VERY_LONG_NAME_INDEED", NULL };
  FerryListEntry *e;

  assert_names (entries, names);
  e = entries->pdata[1];
  assert_int_equal (e->size, 12 * 512);
  assert_int_equal (e->precision, FERRY_TIME_SECOND);
  assert_string_equal (e->owner, "SMITH");
  assert_int_equal (((FerryListEntry *) entries->pdata[3])->type, FERRY_ENTRY_DIR);
}

static void
test_mvs_listings (void **state)
{
  static const char datasets[] =
    "Volume Unit    Referred Ext Used Recfm Lrecl BlkSz Dsorg Dsname\r\n"
    "WYOSPT 3420   2003/05/21  1  200  FB      80  8053  PS  USER.SEQ\r\n"
    "WPTA01 3290   2004/03/04  1    3  FB      80  3125  PO  USER.PDS\r\n"
    "Migrated                                                USER.OLD\r\n"
    "TSO004 3390   VSAM USER.CLUSTER\r\n"
    "V43525 Tape                                             USER.TAPE\r\n"
    "Pseudo Directory                                        USER.SUB\r\n";
  static const char members[] =
    " Name     VV.MM   Created       Changed      Size  Init   Mod   Id\r\n"
    "MEMBER1   01.01 2004/06/22 2004/06/22 16:32   128   128    0 BOBY12\r\n"
    "MEMBER2   01.05 2001/01/02 2024/03/01 08:15:30    10    10    4 ALICE\r\n"
    "NOSTATS\r\n";
  static const char loadmods[] =
    " Name      Size     TTR   Alias-of AC --------- Attributes --------- Amode Rmode\r\n"
    "PROGRAM1  00B308   000411          00 FO                31    ANY\r\n"
    "PROGRAM2  000100   000412          01 FO        RU      ANY    24\r\n";
  g_autoptr(GPtrArray) a = parse (datasets);
  g_autoptr(GPtrArray) b = parse (members);
  g_autoptr(GPtrArray) c = parse (loadmods);
  static const char *const a_names[] = {
    "USER.SEQ", "USER.PDS", "USER.OLD", "USER.CLUSTER", "USER.TAPE", "USER.SUB", NULL };
  static const char *const b_names[] = { "MEMBER1", "MEMBER2", "NOSTATS", NULL };
  static const char *const c_names[] = { "PROGRAM1", "PROGRAM2", NULL };
  FerryListEntry *e;
  g_autofree char *when = NULL;

  assert_names (a, a_names);
  assert_int_equal (((FerryListEntry *) a->pdata[0])->type, FERRY_ENTRY_FILE);
  assert_int_equal (((FerryListEntry *) a->pdata[1])->type, FERRY_ENTRY_DIR);
  assert_int_equal (((FerryListEntry *) a->pdata[5])->type, FERRY_ENTRY_DIR);
  assert_null (((FerryListEntry *) a->pdata[2])->mtime);

  assert_names (b, b_names);
  e = b->pdata[1];
  when = g_date_time_format (e->mtime, "%Y-%m-%d %H:%M:%S");
  assert_string_equal (when, "2024-03-01 08:15:30");
  assert_int_equal (e->precision, FERRY_TIME_SECOND);
  assert_string_equal (e->owner, "ALICE");
  assert_int_equal (e->size, -1);
  assert_null (((FerryListEntry *) b->pdata[2])->mtime);

  assert_names (c, c_names);
  assert_int_equal (((FerryListEntry *) c->pdata[0])->size, 0xB308);
  assert_int_equal (((FerryListEntry *) c->pdata[1])->size, 0x100);
}

static void
test_as400_and_tandem_listings (void **state)
{
  static const char as400[] =
    "QSYS            77824 02/23/00 15:09:55 *DIR       QDOC/\r\n"
    "QPGMR           36864 22.06.05 15:55:46 *FILE\r\n"
    "QPGMR                                   *MEM       TESTLIB.FILE/MEMBER1.MBR\r\n"
    "QPGMR                                   *MEM       TESTLIB.FILE/MEMBER2.MBR\r\n";
  static const char tandem[] =
    "File         Code             EOF  Last Modification    Owner  RWEP\r\n"
    "ALTERNAT      101            1,024  28-Feb-17 10:11:12 255,255 \"oooo\"\r\n"
    "EMPTY           0                0   6-Apr-07 14:21:18 255, 0 \"nunu\"\r\n";
  g_autoptr(GPtrArray) a = parse (as400);
  g_autoptr(GPtrArray) t = parse (tandem);
  static const char *const a_names[] = { "QDOC", "MEMBER1.MBR", "MEMBER2.MBR", NULL };
  static const char *const t_names[] = { "ALTERNAT", "EMPTY", NULL };

  assert_names (a, a_names);
  assert_names (t, t_names);
}

/* Headers switch the dialect for the lines after them only; a Unix
 * listing with a line that looks like a header is still read as Unix. */
static void
test_headers_do_not_break_unix (void **state)
{
  static const char data[] =
    "total 8\r\n"
    "-rw-r--r--   1 u g   12 Mar 14 10:00 Volume Unit Referred\r\n"
    "-rw-r--r--   1 u g   12 Mar 14 10:00 after\r\n"
    "01-31-24  02:15PM       <DIR>          dos dir\r\n";
  g_autoptr(GPtrArray) entries = parse (data);
  static const char *const names[] = { "Volume Unit Referred", "after", "dos dir", NULL };

  assert_names (entries, names);
}

/* Every prefix of every good line parses or is refused, without reading
 * past the end (ASan sees the exact-size copies). */
static void
test_prefixes (void **state)
{
  const Expect *tables[] = { localized_lines, shape_lines, vms_lines, ibm_lines };
  const gsize sizes[] = { G_N_ELEMENTS (localized_lines), G_N_ELEMENTS (shape_lines),
                          G_N_ELEMENTS (vms_lines), G_N_ELEMENTS (ibm_lines) };
  g_autoptr(GDateTime) now = fixed_now ();

  for (gsize t = 0; t < G_N_ELEMENTS (tables); t++)
    for (gsize i = 0; i < sizes[t]; i++)
      {
        gsize len = strlen (tables[t][i].line);

        for (gsize cut = 0; cut <= len; cut++)
          {
            char *copy = g_memdup2 (tables[t][i].line, cut ? cut : 1);
            FerryListEntry *entry = ferry_listing_parse_list_line (copy, cut, now);
            GPtrArray *all = ferry_listing_parse (copy, cut, FALSE, now);

            if (entry != NULL)
              {
                assert_true (entry->name[0] != '\0');
                assert_null (strchr (entry->name, '/'));
              }
            ferry_list_entry_free (entry);
            g_ptr_array_unref (all);
            g_free (copy);
          }
      }
}

/* Byte mutations of the new dialects' lines: valid entries or NULL. */
static void
test_mutations (void **state)
{
  static const char alphabet[] = " /.;:,-*[]()\"\r\n\t0123456789JANjan\xe6\x9c\x88\xff";
  const Expect *tables[] = { localized_lines, shape_lines, vms_lines, ibm_lines };
  const gsize sizes[] = { G_N_ELEMENTS (localized_lines), G_N_ELEMENTS (shape_lines),
                          G_N_ELEMENTS (vms_lines), G_N_ELEMENTS (ibm_lines) };
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240316);
  g_autoptr(GDateTime) now = fixed_now ();

  for (guint round = 0; round < 30000; round++)
    {
      gsize t = g_rand_int_range (rand, 0, G_N_ELEMENTS (tables));
      const char *seed = tables[t][g_rand_int_range (rand, 0, (gint32) sizes[t])].line;
      gsize len = strlen (seed);
      char *buf = g_memdup2 (seed, len + 1);

      for (guint m = g_rand_int_range (rand, 1, 4); m > 0 && len > 0; m--)
        {
          gsize at = g_rand_int_range (rand, 0, (gint32) len);

          switch (g_rand_int_range (rand, 0, 3))
            {
            case 0: buf[at] = alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)]; break;
            case 1: buf[at] = (char) g_rand_int_range (rand, 0, 256); break;
            default: len = at; break;
            }
        }
      {
        char *exact = g_memdup2 (buf, len ? len : 1);
        FerryListEntry *entry = ferry_listing_parse_list_line (exact, len, now);

        if (entry != NULL)
          {
            gsize n = strlen (entry->name);

            assert_true (n > 0);
            assert_string_not_equal (entry->name, ".");
            assert_string_not_equal (entry->name, "..");
            assert_null (strpbrk (entry->name, "/\r\n"));
            assert_true (entry->size >= -1);
            assert_true ((entry->mtime == NULL) == (entry->precision == FERRY_TIME_NONE));
          }
        ferry_list_entry_free (entry);
        g_free (exact);
      }
      g_free (buf);
    }
}

/* ---- servers and quirks of issue #9 ------------------------------------- *
 * Lines written after the formats as documented by the servers (VShell,
 * VxWorks, Microware OS-9, Sterling Connect:Enterprise, IBM), by ls in
 * each locale and encoding, and by public bug reports of FTP clients. */

static const Expect quirk_lines[] = {
  /* numeric Unix: octal st_mode, uid, gid, size, seconds since 1970 */
  { "0100644   1000  100   4096    1700000000       numeric.txt",
    "numeric.txt", F, 4096, "2023-11-14 22:13:20", T_SEC, "1000", "rw-r--r--" },
  { "0040755   0     0     512     1600000000       numdir",
    "numdir", D, 512, "2020-09-13 12:26:40", T_SEC, "0", "rwxr-xr-x" },
  { "0120777   0     0     11      1600000000       numlink",
    "numlink", L, 11, "2020-09-13 12:26:40", T_SEC, "0", "rwxrwxrwx" },
  /* a dotted date alone, the name padded to its column */
  { "-r-xr-xr-x   2 root  root  96 2004.07.15   dotted padded",
    "dotted padded", F, 96, "2004-07-15 00:00:00", T_DAY, "root", NONE },
  /* Asian locales: markers in UTF-8, EUC-KR, GBK, Shift_JIS, one lone byte */
  { "-rwxrwxrwx   1 root     staff          0 2003   3\xed\xef 20 year first",
    "year first", F, 0, "2003-03-20 00:00:00", T_DAY, "root", NONE },
  { "-r--r--r-- 1 root root 2096 8\xed 17 08:52 one byte marker",
    "one byte marker", F, 2096, "2023-08-17 08:52:00", T_MIN, "root", NONE },
  { "-rw-r--r-- 1 kim kim 10 3\xbf\xf9 14\xc0\xcf 09:00 euc-kr",
    "euc-kr", F, 10, "2024-03-14 09:00:00", T_MIN, "kim", NONE },
  { "-rw-r--r-- 1 li li 10 3\xd4\xc2 14\xc8\xd5 2019\xc4\xea gbk",
    "gbk", F, 10, "2019-03-14 00:00:00", T_DAY, "li", NONE },
  { "-rw-r--r--   1 taro  users  512 12\x8c\x8e 1\x93\xfa 10:30 sjis time",
    "sjis time", F, 512, "2023-12-01 10:30:00", T_MIN, "taro", NONE },
  /* a size too wide for its column, run into the group */
  { "-r-xr-xr-x longowner longgroup123456 Feb 12 17:20 glued size",
    "glued size", F, 123456, "2024-02-12 17:20:00", T_MIN, "longowner", NONE },
  /* no date at all */
  { "drwxr-xr-x 3 slopri devlab 512 no-date",
    "no-date", D, 512, NONE, T_NONE, "slopri", NONE },
  /* 24:00 is the midnight that ends the day */
  { "-rw-------      1  99999999 0              3 Apr   4 24:00 end of day",
    "end of day", F, 3, "2023-04-05 00:00:00", T_MIN, "99999999", NONE },
  { "-rw-r--r-- 1 u g 3 2023-12-31 24:00 new year",
    "new year", F, 3, "2024-01-01 00:00:00", T_MIN, "u", NONE },
  /* Sterling Connect:Enterprise: attributes, "FTP", A/B, user, batch, size */
  { "-C--E-----FTP B BCC3I1       7670  1294495 Jan 13 07:42 mailbox file",
    "mailbox file", F, 1294495, "2024-01-13 07:42:00", T_MIN, "B", "C--E-----FTP" },
  { "-C--E-----FTP A QUA1I1      18128       41 Aug 12 13:56 QUADTEST2",
    "QUADTEST2", F, 41, "2023-08-12 13:56:00", T_MIN, "A", "C--E-----FTP" },
  /* VShell before ls -l: folders end with '/' */
  { "206876  Apr 04, 2000 21:06 vshell file",
    "vshell file", F, 206876, "2000-04-04 21:06:00", T_MIN, NONE, NONE },
  { "0  Dec 12, 2002 02:13 vshell folder/",
    "vshell folder", D, 0, "2002-12-12 02:13:00", T_MIN, NONE, NONE },
  /* OS/2 printing tm_year (years since 1900); folders keep their size */
  { "36611      A    04-23-103  10:57  os2 y2k",
    "os2 y2k", F, 36611, "2003-04-23 10:57:00", T_MIN, NONE, NONE },
  { "    0 DIR       02-11-103  16:15  os2 folder",
    "os2 folder", D, 0, "2003-02-11 16:15:00", T_MIN, NONE, NONE },
  { " 1123 DIR  A    10-05-100  23:38  os2 folder2",
    "os2 folder2", D, 1123, "2000-10-05 23:38:00", T_MIN, NONE, NONE },
  /* VMS: French months, lower case, [TRANSLATED], blocks of 512 bytes */
  { "LOCALISED.TXT;1    6/8    15-JUI-2002    PRONAS   (RWED,RWED,RE,)",
    "LOCALISED.TXT;1", F, 3072, "2002-07-15 00:00:00", T_DAY, "PRONAS", NONE },
  { "AOUT.TXT;2   1/3   2-AOU-2019 08:00  [U]  (RWED,RWED,RE,)",
    "AOUT.TXT;2", F, 512, "2019-08-02 08:00:00", T_MIN, "U", NONE },
  { "lowercase.txt;1   6/8   15-jul-2002 10:00   [A,B]   (RWED,RWED,RE,)",
    "lowercase.txt;1", F, 3072, "2002-07-15 10:00:00", T_MIN, "A,B", NONE },
  { "TRANS.TXT;1    2/4    1-JAN-2020 10:00:00   [TRANSLATED]   (RWED,RWED,RE,)",
    "TRANS.TXT;1", F, 1024, "2020-01-01 10:00:00", T_SEC, "TRANSLATED", "RWED,RWED,RE," },
  { "BLK.DAT;1   7   1-JAN-2020 10:00   [A]  (RWED,RWED,RE,)",
    "BLK.DAT;1", F, 7 * 512, "2020-01-01 10:00:00", T_MIN, "A", NONE },
  { "TOOLS.DIR;1  1 19-NOV-2001 21:41 [root,root] (RWE,RWE,RE,RE)",
    "TOOLS", D, 512, "2001-11-19 21:41:00", T_MIN, "root,root", NONE },
  /* Nortel: wfFtp routers, and VxWorks */
  { "wfftp.cfg       1014196  06/03/04  Thur.   10:20:03",
    "wfftp.cfg", F, 1014196, "2004-06-03 10:20:03", T_SEC, NONE, NONE },
  { "2048    Feb-28-1998  05:23:30   vx folder <DIR>",
    "vx folder", D, 2048, "1998-02-28 05:23:30", T_SEC, NONE, NONE },
  { "1024    Mar-01-2001  11:00:00   vxworks.bin",
    "vxworks.bin", F, 1024, "2001-03-01 11:00:00", T_SEC, NONE, NONE },
  /* Microware OS-9: group.user, yy/mm/dd, hhmm, attributes, sector, size */
  { "20.20 07/03/29 1026 d-ewrewr 2650 85920 os9 folder",
    "os9 folder", D, 85920, "2007-03-29 10:26:00", T_MIN, "20.20", "d-ewrewr" },
  { "0.0 09/12/31 2359 --e-r---- 1FA1 1234 os9file",
    "os9file", F, 1234, "2009-12-31 23:59:00", T_MIN, "0.0", NONE },
  /* AS/400: *DIR with the '/' after a name with a space */
  { "QSYS            77824 02/23/00 15:09:55 *DIR as400 folder/",
    "as400 folder", D, 77824, "2000-02-23 15:09:55", T_SEC, "QSYS", NONE },
  /* MVS members with ISPF statistics need no header */
  { "MEMBER3  01.01 2004/06/22 2004/06/22 16:32   128   128    0 BOBY12",
    "MEMBER3", F, -1, "2004-06-22 16:32:00", T_MIN, "BOBY12", NONE },
};

/* MLSD quirks: what separates facts and name, names that start with '/'
 * or hold ';', no facts. */
static const Expect mlsd_quirk_lines[] = {
  { "Type=file; \t leading blanks", "\t leading blanks", F, -1, NONE, T_NONE, NONE, NONE },
  { "type=file no trailing semicolon", "no trailing semicolon", F, -1, NONE, T_NONE, NONE, NONE },
  { "size=1365694195;type=file;modify=20090722092510;\ttab separated",
    "tab separated", F, 1365694195, "2009-07-22 09:25:10", T_SEC, NONE, NONE },
  { "type=file;size=5; /pub/dir/full path.txt", "full path.txt", F, 5, NONE, T_NONE, NONE, NONE },
  { "type=file;size=5; semi;colon=name", "semi;colon=name", F, 5, NONE, T_NONE, NONE, NONE },
  { " no facts", "no facts", F, -1, NONE, T_NONE, NONE, NONE },
  { "Type=file;mOdIfY=19681105165215;size=1234; before 1970",
    "before 1970", F, 1234, "1968-11-05 16:52:15", T_SEC, NONE, NONE },
  { "modify=20080426135501;perm=;size=65718921;type=file;UNIX.mode=00;UNIX.owner=1179; no perms",
    "no perms", F, 65718921, "2008-04-26 13:55:01", T_SEC, "1179", "---------" },
};

static void
test_quirks (void **state)
{
  check_lines (quirk_lines, G_N_ELEMENTS (quirk_lines));
}

static void
test_mlsd_quirks (void **state)
{
  for (gsize i = 0; i < G_N_ELEMENTS (mlsd_quirk_lines); i++)
    {
      const Expect *e = &mlsd_quirk_lines[i];
      g_autoptr(FerryListEntry) entry = ferry_listing_parse_mlsd_line (e->line, strlen (e->line));

      check_entry (e, entry);
    }
}

/* Malformed ls -l lines: no guessing. */
static void
test_quirks_refused (void **state)
{
  static const char *const lines[] = {
    "zrwxr-xr-x   2 root     root         4096 Mar  2 15:13 badtype",
    "dxrwr-xr-x   2 root     root         4096 Aug 24  2001 letters out of place",
    "-rwxrwxrwq   1 root     root            1 Apr  7 18:00 badlast",
    "-rw-S--r--   1 root     root            1 Apr  7 18:00 S where r goes",
    "-rw-r--r--   1ftp       nogroup    126552 Jan 22  2001 link count glued",
    "drwxr-xr-x   2 root     root         4096 Jam  4 00:03 no such month",
    "drwxr-xr-x   2 root     99           4096 Feb 23 30:01 no such hour",
    "drwxr-xr-x   2 root     root         4096 Aug 36  2001 no such day",
    "-rw-r--r--   1 14       staff       80284 Aug 22  no year or time",
    "-rw-r--r--   1 14       staff      119:26 Aug 22  2000 size with a colon",
    "-rw-r--r--   1 root     root       111325 Apr -7 18:79 minus seven",
    "-rw-r--r--   1 root     root            1 Apr  7 24:01 after midnight",
    "drwxr-xr-x 3 slopri devlab 512 dateless with spaces",
    "drwxr-xr-x 3 slopri devlab abc dateless-nosize",
    "0100644 1000 100 4096 notanumber numeric broken",
    "0000000 1000 100 4096 1700000000 numeric no type",
    "206876  Apr 04 2000 21:06 vshell without comma",
    "2048    Feb-30x1998  05:23:30   vxworks bad date",
    "20.20 07/13/29 1026 d-ewrewr 2650 85920 os9 month 13",
    "MVS-PDS-MEMBER",
  };

  assert_refused (lines, G_N_ELEMENTS (lines));
}

static void
collect_drop (const FerryListingDrop *drop,
              gpointer                user_data)
{
  g_ptr_array_add (user_data, ferry_listing_drop_copy (drop));
}

/* What SYST says changes how the lines read. */
static void
test_syst_mvs (void **state)
{
  static const char data[] =
    "BAREMEMB\r\n"
    "HEXSIZE 00B308 000411  00 FO                31    ANY\r\n"
    "MEMBER3  01.01 2004/06/22 2004/06/22 16:32   128   128    0 BOBY12\r\n";
  g_autoptr(GDateTime) now = fixed_now ();
  static const char *const mvs_names[] = { "BAREMEMB", "HEXSIZE", "MEMBER3", NULL };
  static const char *const other_names[] = { "MEMBER3", NULL };

  for (int mvs = 0; mvs < 2; mvs++)
    {
      g_autoptr(FerryListingParser) parser = ferry_listing_parser_new (FALSE, now);
      g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) ferry_list_entry_free);
      g_autoptr(GPtrArray) dropped = g_ptr_array_new_with_free_func ((GDestroyNotify) ferry_listing_drop_free);

      ferry_listing_parser_set_system (parser, mvs ? "MVS is the operating system of this server. "
                                                     "FTP Server is running on z/OS."
                                                   : "UNIX Type: L8");
      ferry_listing_parser_set_drop_func (parser, collect_drop, dropped);
      ferry_listing_parser_feed (parser, data, sizeof data - 1, entries);
      ferry_listing_parser_finish (parser, entries);
      assert_names (entries, mvs ? mvs_names : other_names);
      assert_int_equal (dropped->len, mvs ? 0 : 2);
      if (mvs)
        assert_int_equal (((FerryListEntry *) entries->pdata[1])->size, 0xB308);
    }
}

/* VMS entries split over two lines, the second one starting with the
 * size (not indented), as well as indented. */
static void
test_vms_multiline (void **state)
{
  static const char data[] =
    "Directory USER$DISK:[FTP_CLIENT]\r\n"
    "\r\n"
    "A_LONG_NAME_THAT_WRAPS.TXT;1\r\n"
    "170774/170775     24-APR-2003 08:16:15  [FTP_CLIENT,SCOT]      (RWED,RWED,RE,)\r\n"
    "ANOTHER_LONG_NAME_HERE.LOG;1\r\n"
    "10     2-JUL-2003 10:30:08.59  [FTP_CLIENT,SCOT]      (RWED,RWED,RE,)\r\n"
    "INDENTED_CONTINUATION.DAT;2\r\n"
    "        4/6    3-JUL-2003 11:00:00  [FTP_CLIENT,SCOT]      (RWED,RWED,RE,)\r\n"
    "\r\n"
    "Total of 3 files, 170788/170787 blocks.\r\n";
  g_autoptr(GPtrArray) dropped = NULL;
  g_autoptr(GDateTime) now = fixed_now ();
  g_autoptr(GPtrArray) entries = ferry_listing_parse_full (data, sizeof data - 1, FALSE, now, &dropped);
  static const char *const names[] = { "A_LONG_NAME_THAT_WRAPS.TXT;1", "ANOTHER_LONG_NAME_HERE.LOG;1",
                                       "INDENTED_CONTINUATION.DAT;2", NULL };

  assert_names (entries, names);
  assert_int_equal (((FerryListEntry *) entries->pdata[0])->size, (gint64) 170774 * 512);
  assert_int_equal (((FerryListEntry *) entries->pdata[1])->size, 10 * 512);
  assert_string_equal (((FerryListEntry *) entries->pdata[1])->owner, "FTP_CLIENT,SCOT");
  assert_int_equal (dropped->len, 0);
}

/* Entries hold their strings in their own block; copies and frees
 * must still be independent, and a field replaced by a caller freed. */
static void
test_entry_blocks (void **state)
{
  static const char line[] = "lrwxrwxrwx 1 owner group 7 Mar 14 10:00 name -> target";
  g_autoptr(GDateTime) now = fixed_now ();
  FerryListEntry *entry = ferry_listing_parse_list_line (line, sizeof line - 1, now);
  FerryListEntry *copy;

  assert_non_null (entry);
  copy = ferry_list_entry_copy (entry);
  entry->owner = g_strdup ("replaced");     /* the old one lives in the block */
  ferry_list_entry_free (entry);
  assert_string_equal (copy->name, "name");
  assert_string_equal (copy->owner, "owner");
  assert_string_equal (copy->group, "group");
  assert_string_equal (copy->target, "target");
  assert_string_equal (copy->perms, "rwxrwxrwx");
  ferry_list_entry_free (copy);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_localized),
    cmocka_unit_test (test_shapes),
    cmocka_unit_test (test_vms),
    cmocka_unit_test (test_ibm_and_others),
    cmocka_unit_test (test_refused),
    cmocka_unit_test (test_vms_listing),
    cmocka_unit_test (test_mvs_listings),
    cmocka_unit_test (test_as400_and_tandem_listings),
    cmocka_unit_test (test_headers_do_not_break_unix),
    cmocka_unit_test (test_prefixes),
    cmocka_unit_test (test_mutations),
    cmocka_unit_test (test_entry_blocks),
    cmocka_unit_test (test_quirks),
    cmocka_unit_test (test_mlsd_quirks),
    cmocka_unit_test (test_quirks_refused),
    cmocka_unit_test (test_syst_mvs),
    cmocka_unit_test (test_vms_multiline),
  };

  return cmocka_run_group_tests (tests, NULL, NULL);
}
