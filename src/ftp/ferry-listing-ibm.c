/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * IBM systems' LIST output.
 *
 * MVS (z/OS) catalogued datasets, after the header
 *   Volume Unit    Referred Ext Used Recfm Lrecl BlkSz Dsorg Dsname
 *   WYOSPT 3420   2003/05/21  1  200  FB      80  8053  PS  USER.DATA
 *   WPTA01 3290   2004/03/04  1    3  FB      80  3125  PO  USER.PDS
 *   Migrated                                                USER.OLD
 * PS (sequential) is a file, PO/PO-E (partitioned) a folder of members.
 *
 * PDS members, after " Name     VV.MM   Created       Changed      Size  Init   Mod   Id":
 *   MEMBER1   01.01 2004/06/22 2004/06/22 16:32   128   128    0 BOBY12
 *   NOSTATS
 * The "Size" there counts records, not bytes, so no size is given.
 * Load modules, after " Name      Size     TTR   Alias-of …": a hex byte size.
 *
 * AS/400 (IBM i):
 *   QSYS            77824 02/23/00 15:09:55 *DIR       QDOC/
 *   QPGMR           36864 18.09.06 14:21:26 *FILE      MYLIB.FILE
 *   QPGMR                                   *MEM       MYLIB.FILE/MBR1.MBR
 *
 * z/VM CMS minidisks and SFS directories:
 *   PROFILE  EXEC     V         80          4          1 2024-01-31 12:00:00 -
 *   SUBDIR   DIR      -          -          -          - 2024-01-31 12:00:00 -
 */
#include "config.h"

#include <string.h>

#include "ferry-listing-private.h"

#define MAX_COLUMNS 12

/* "2003/05/21" */
static gboolean
parse_slash_ymd (const FerrySpan *t,
                 int             *year,
                 int             *month,
                 int             *day)
{
  gint64 y, m, d;

  if (t->len != 10 || t->s[4] != '/' || t->s[7] != '/')
    return FALSE;
  y = ferry_listing_parse_digits (t->s, 4);
  m = ferry_listing_parse_digits (t->s + 5, 2);
  d = ferry_listing_parse_digits (t->s + 8, 2);
  if (y < 1900 || m < 1 || m > 12 || d < 1 || d > 31)
    return FALSE;
  *year = (int) y;
  *month = (int) m;
  *day = (int) d;
  return TRUE;
}

static gboolean
is_dsorg (const FerrySpan *t)
{
  static const char *const orgs[] = { "PS", "PO", "PO-E", "DA", "VS", "IS", "U", "PS-E", "POU", "PSU" };

  for (guint i = 0; i < G_N_ELEMENTS (orgs); i++)
    if (ferry_span_equal_ascii_case (t, orgs[i]))
      return TRUE;
  return FALSE;
}

FerryListEntry *
ferry_listing_parse_mvs_dataset_line (const char      *line,
                                      gsize            len,
                                      FerryListingNow *now)
{
  FerrySpan tok[MAX_COLUMNS];
  FerryEntryDraft draft;
  gboolean more;
  int year, month, day;
  guint n;

  n = ferry_listing_split (line, len, tok, MAX_COLUMNS, &more);
  if (n < 2 || more)
    return NULL;

  ferry_entry_draft_init (&draft);
  draft.name = tok[n - 1];

  /* Migrated to tape or disk archive: a name and nothing known. */
  if (n == 2 && ferry_span_equal_ascii_case (&tok[0], "Migrated"))
    return ferry_listing_finish (&draft, now);
  /* "Pseudo Directory  USER.SUB": a qualifier level. */
  if (n == 3 && ferry_span_equal_ascii_case (&tok[0], "Pseudo") &&
      ferry_span_equal_ascii_case (&tok[1], "Directory"))
    {
      draft.type = FERRY_ENTRY_DIR;
      return ferry_listing_finish (&draft, now);
    }
  /* "TSO004 3390   VSAM  USER.CLUSTER", "V43525 Tape  USER.TAPE" */
  if ((n == 4 && ferry_span_equal_ascii_case (&tok[2], "VSAM")) ||
      (n == 3 && ferry_span_equal_ascii_case (&tok[1], "Tape")))
    return ferry_listing_finish (&draft, now);

  /* Volume Unit Referred Ext Used Recfm Lrecl BlkSz Dsorg Dsname;
   * "Used" may be "????" or "++++", Recfm and the sizes may be gone. */
  if (n < 6 || n > 10 || !is_dsorg (&tok[n - 2]))
    return NULL;
  if (parse_slash_ymd (&tok[2], &year, &month, &day))
    ferry_listing_set_time (&draft, now, year, month, day, FALSE, 0, 0, FALSE, 0);
  else if (!ferry_span_equal_ascii_case (&tok[2], "**NONE**"))
    return NULL;
  if (ferry_span_equal_ascii_case (&tok[n - 2], "PO") || ferry_span_equal_ascii_case (&tok[n - 2], "PO-E"))
    draft.type = FERRY_ENTRY_DIR;
  return ferry_listing_finish (&draft, now);
}

FerryListEntry *
ferry_listing_parse_mvs_member_line (const char      *line,
                                     gsize            len,
                                     FerryDialect     dialect,
                                     gboolean         bare_names,
                                     FerryListingNow *now)
{
  FerrySpan tok[MAX_COLUMNS];
  FerryEntryDraft draft;
  gboolean more;
  int year, month, day;
  guint n;

  n = ferry_listing_split (line, len, tok, MAX_COLUMNS, &more);
  if (n == 0 || more || tok[0].len > 8)
    return NULL;

  ferry_entry_draft_init (&draft);
  draft.name = tok[0];
  if (n == 1 && bare_names)
    return ferry_listing_finish (&draft, now);   /* a member without statistics */
  if (n == 1)
    return NULL;

  if (dialect == FERRY_DIALECT_MVS_LOADMODS)
    {
      gint64 size = 0;

      /* Name Size(hex) TTR ... */
      if (tok[1].len > 8)
        return NULL;
      for (gsize i = 0; i < tok[1].len; i++)
        {
          int v = g_ascii_xdigit_value (tok[1].s[i]);

          if (v < 0)
            return NULL;
          size = size * 16 + v;
        }
      draft.size = size;
      return ferry_listing_finish (&draft, now);
    }

  /* Name VV.MM Created Changed HH:MM[:SS] Size Init Mod Id */
  if (n != 9 || tok[1].len != 5 || tok[1].s[2] != '.' ||
      !parse_slash_ymd (&tok[3], &year, &month, &day))
    return NULL;
  {
    const FerrySpan *t = &tok[4];
    gint64 h = t->len >= 5 && t->s[2] == ':' ? ferry_listing_parse_digits (t->s, 2) : -1;
    gint64 m = h >= 0 ? ferry_listing_parse_digits (t->s + 3, 2) : -1;
    gint64 s = t->len == 8 && t->s[5] == ':' ? ferry_listing_parse_digits (t->s + 6, 2) : 0;

    if (h < 0 || m < 0 || s < 0 || (t->len != 5 && t->len != 8))
      return NULL;
    ferry_listing_set_time (&draft, now, year, month, day, TRUE, (int) h, (int) m,
                            t->len == 8, (double) s);
  }
  draft.owner = tok[8];
  return ferry_listing_finish (&draft, now);
}

/* AS/400 dates: "02/23/00" (MM/DD/YY unless the first field cannot be
 * a month), "18.09.06" (DD.MM.YY), four-digit years too. */
static gboolean
parse_as400_date (const FerrySpan *t,
                  int             *year,
                  int             *month,
                  int             *day)
{
  gint64 a, b, y;
  gsize ylen;

  if (t->len < 8 || (t->s[2] != '/' && t->s[2] != '.' && t->s[2] != '-') || t->s[5] != t->s[2])
    return FALSE;
  ylen = t->len - 6;
  if (ylen != 2 && ylen != 4)
    return FALSE;
  a = ferry_listing_parse_digits (t->s, 2);
  b = ferry_listing_parse_digits (t->s + 3, 2);
  y = ferry_listing_parse_digits (t->s + 6, ylen);
  if (a < 0 || b < 0 || y < 0)
    return FALSE;
  if (t->s[2] == '.' || a > 12)
    {
      gint64 swap = a;

      a = b;
      b = swap;
    }
  if (a < 1 || a > 12 || b < 1 || b > 31)
    return FALSE;
  *month = (int) a;
  *day = (int) b;
  *year = ferry_listing_full_year ((int) y);
  return TRUE;
}

FerryListEntry *
ferry_listing_parse_as400_line (const char      *line,
                                gsize            len,
                                FerryListingNow *now)
{
  FerrySpan tok[6];
  FerryEntryDraft draft;
  const FerrySpan *type;
  const char *name, *end = line + len;
  int year, month, day, hour, minute, second;
  gboolean has_seconds;
  guint n, type_at;

  n = ferry_listing_split (line, len, tok, G_N_ELEMENTS (tok), NULL);
  if (n < 2)
    return NULL;

  ferry_entry_draft_init (&draft);
  if (tok[1].s[0] == '*')
    type_at = 1;              /* "OWNER  *MEM  NAME": no size, no date */
  else if (n >= 5 && tok[4].s[0] == '*')
    {
      if ((draft.size = ferry_listing_parse_digits (tok[1].s, tok[1].len)) < 0 ||
          !parse_as400_date (&tok[2], &year, &month, &day) ||
          !ferry_listing_parse_hms (&tok[3], &hour, &minute, &second, &has_seconds) || !has_seconds)
        return NULL;
      type_at = 4;
    }
  else
    return NULL;

  type = &tok[type_at];
  if (type->len < 3 || type->len > 8)
    return NULL;
  for (gsize i = 1; i < type->len; i++)
    if (!g_ascii_isupper (type->s[i]))
      return NULL;
  /* A *FILE alone on its line heads the *MEM lines after it. */
  if (n <= type_at + 1)
    return NULL;

  /* The name is the rest of the line: IFS names may hold spaces. */
  name = tok[type_at + 1].s;
  while (end > name && end[-1] == ' ')
    end--;
  if (ferry_span_equal_ascii_case (type, "*DIR") || ferry_span_equal_ascii_case (type, "*LIB") ||
      ferry_span_equal_ascii_case (type, "*FLR") || ferry_span_equal_ascii_case (type, "*DDIR"))
    draft.type = FERRY_ENTRY_DIR;
  if (end > name && end[-1] == '/')
    {
      draft.type = FERRY_ENTRY_DIR;
      end--;
    }
  /* Members are listed as FILE.FILE/MEMBER.MBR: the member is the
   * entry. */
  for (const char *q = end; q > name; q--)
    if (q[-1] == '/')
      {
        name = q;
        break;
      }

  draft.owner = tok[0];
  draft.name.s = name;
  draft.name.len = end - name;
  if (type_at == 4)
    ferry_listing_set_time (&draft, now, year, month, day, TRUE, hour, minute, TRUE, second);
  return ferry_listing_finish (&draft, now);
}

/* z/VM dates: "2024-01-31", "1/31/24", "01/31/2024" */
static gboolean
parse_zvm_date (const FerrySpan *t,
                int             *year,
                int             *month,
                int             *day)
{
  gint64 y, m, d;

  if (t->len == 10 && t->s[4] == '-' && t->s[7] == '-')
    {
      y = ferry_listing_parse_digits (t->s, 4);
      m = ferry_listing_parse_digits (t->s + 5, 2);
      d = ferry_listing_parse_digits (t->s + 8, 2);
    }
  else
    {
      const char *s1 = memchr (t->s, '/', MIN (t->len, 3));
      const char *s2 = s1 ? memchr (s1 + 1, '/', t->s + t->len - s1 - 1) : NULL;

      if (s2 == NULL || s2 - s1 > 3)
        return FALSE;
      m = ferry_listing_parse_digits (t->s, s1 - t->s);
      d = ferry_listing_parse_digits (s1 + 1, s2 - s1 - 1);
      y = ferry_listing_parse_digits (s2 + 1, t->s + t->len - s2 - 1);
      if (y < 0 || (t->s + t->len - s2 - 1 != 2 && t->s + t->len - s2 - 1 != 4))
        return FALSE;
      y = ferry_listing_full_year ((int) y);
    }
  if (y < 1900 || m < 1 || m > 12 || d < 1 || d > 31)
    return FALSE;
  *year = (int) y;
  *month = (int) m;
  *day = (int) d;
  return TRUE;
}

static gboolean
is_count_or_dash (const FerrySpan *t,
                  gint64          *value)
{
  if (t->len == 1 && t->s[0] == '-')
    {
      *value = -1;
      return TRUE;
    }
  *value = ferry_listing_parse_digits (t->s, t->len);
  return *value >= 0;
}

FerryListEntry *
ferry_listing_parse_zvm_line (const char      *line,
                              gsize            len,
                              FerryListingNow *now)
{
  FerrySpan tok[MAX_COLUMNS];
  FerryEntryDraft draft;
  gboolean more, has_seconds;
  gint64 lrecl, records, blocks, h, m, s = 0;
  int year, month, day;
  guint n;
  char name[64];

  n = ferry_listing_split (line, len, tok, MAX_COLUMNS, &more);
  if (n < 8 || n > 10 || more)
    return NULL;
  /* FNAME FTYPE RECFM LRECL RECORDS BLOCKS DATE TIME [LABEL ...] */
  if (tok[0].len > 20 || tok[1].len > 20 || tok[2].len > 2 ||
      !(tok[2].s[0] == 'F' || tok[2].s[0] == 'V' || tok[2].s[0] == '-') ||
      !is_count_or_dash (&tok[3], &lrecl) || !is_count_or_dash (&tok[4], &records) ||
      !is_count_or_dash (&tok[5], &blocks) || !parse_zvm_date (&tok[6], &year, &month, &day))
    return NULL;
  if (tok[7].len < 5 || tok[7].s[tok[7].len == 5 ? 2 : (tok[7].s[1] == ':' ? 1 : 2)] != ':')
    return NULL;
  {
    gsize c = tok[7].s[1] == ':' ? 1 : 2;

    h = ferry_listing_parse_digits (tok[7].s, c);
    m = tok[7].len >= c + 3 ? ferry_listing_parse_digits (tok[7].s + c + 1, 2) : -1;
    has_seconds = tok[7].len == c + 6 && tok[7].s[c + 3] == ':';
    if (has_seconds)
      s = ferry_listing_parse_digits (tok[7].s + c + 4, 2);
    else if (tok[7].len != c + 3)
      return NULL;
    if (h < 0 || h > 23 || m < 0 || m > 59 || s < 0 || s > 59)
      return NULL;
  }

  ferry_entry_draft_init (&draft);
  if (ferry_span_equal_ascii_case (&tok[1], "DIR"))
    {
      draft.type = FERRY_ENTRY_DIR;
      draft.name = tok[0];
    }
  else
    {
      /* CMS names are "FNAME FTYPE"; FTP clients write them joined.
       * memcpy, not "%.*s": the tokens may hold a NUL, which the name
       * check must see (and refuse) rather than bytes never written. */
      memcpy (name, tok[0].s, tok[0].len);
      name[tok[0].len] = '.';
      memcpy (name + tok[0].len + 1, tok[1].s, tok[1].len);
      draft.name.s = name;
      draft.name.len = tok[0].len + 1 + tok[1].len;
      /* Fixed-length records: exact; variable: unknown. */
      if (tok[2].s[0] == 'F' && lrecl >= 0 && records >= 0)
        draft.size = lrecl * records;
    }
  if (n > 8 && !(tok[8].len == 1 && tok[8].s[0] == '-'))
    draft.owner = tok[8];
  ferry_listing_set_time (&draft, now, year, month, day, TRUE, (int) h, (int) m,
                          has_seconds, (double) s);
  return ferry_listing_finish (&draft, now);
}
