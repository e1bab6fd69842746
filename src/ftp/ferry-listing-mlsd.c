/* SPDX-License-Identifier: GPL-3.0-or-later */
/* MLSD / MLST entries (RFC 3659 section 7). */
#include "config.h"

#include <string.h>

#include "ferry-listing-private.h"

#define ASCII_LOWER(c) ((c) >= 'A' && (c) <= 'Z' ? (c) + ('a' - 'A') : (c))

/* Inline, the length first (a constant once inlined) and without
 * g_ascii_strncasecmp's calls: every fact of every line of a listing is
 * compared with several names. */
static inline gboolean
fact_is (const char *fact,
         gsize       len,
         const char *name)
{
  if (strlen (name) != len)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (fact[i] != name[i] && ASCII_LOWER (fact[i]) != ASCII_LOWER (name[i]))
      return FALSE;
  return TRUE;
}

static inline gboolean
value_is (const char *value,
          gsize       len,
          const char *name)
{
  return fact_is (value, len, name);
}

/* "YYYYMMDDHHMMSS[.sss]", always UTC by the RFC. */
static GDateTime *
parse_mlsd_time (FerryListingNow *now,
                 const char      *s,
                 gsize            len)
{
  gint64 year, month, day, hour, minute, second;
  double fraction = 0;

  if (len < 14)
    return NULL;

  year = ferry_listing_parse_digits (s, 4);
  month = ferry_listing_parse_digits (s + 4, 2);
  day = ferry_listing_parse_digits (s + 6, 2);
  hour = ferry_listing_parse_digits (s + 8, 2);
  minute = ferry_listing_parse_digits (s + 10, 2);
  second = ferry_listing_parse_digits (s + 12, 2);
  if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0)
    return NULL;

  if (len > 14)
    {
      double scale = 0.1;

      if (s[14] != '.' || len == 15)
        return NULL;
      for (gsize i = 15; i < len; i++)
        {
          if (!g_ascii_isdigit (s[i]))
            return NULL;
          fraction += (s[i] - '0') * scale;
          scale /= 10;
        }
    }

  return ferry_listing_make_time (now, (int) year, (int) month, (int) day,
                                  (int) hour, (int) minute, (double) second + fraction);
}

static gint64
parse_size (const char *s,
            gsize       len)
{
  return ferry_listing_parse_digits (s, len);
}

FerryListEntry *
ferry_listing_parse_mlsd_line (const char *line,
                               gsize       len)
{
  return ferry_listing_parse_mlsd_line_cached (line, len, NULL);
}

FerryListEntry *
ferry_listing_parse_mlsd_line_cached (const char      *line,
                                      gsize            len,
                                      FerryListingNow *now)
{
  FerryEntryDraft draft;
  const char *facts_end;
  const char *p;
  gint64 sizd = -1;
  gboolean have_type = FALSE;
  gboolean have_mode = FALSE;
  gboolean have_owner_name = FALSE;
  gboolean have_group_name = FALSE;
  FerrySpan uid = { NULL, 0 }, gid = { NULL, 0 };
  char mode_buf[10];

  g_return_val_if_fail (line != NULL || len == 0, NULL);

  while (len > 0 && (line[len - 1] == '\r' || line[len - 1] == '\n'))
    len--;

  /* Facts never contain a space, so the first space ends them and the
   * name is every byte after it — spaces included.  A few servers put a
   * tab there instead. */
  facts_end = memchr (line, ' ', len);
  {
    const char *tab = memchr (line, '\t', facts_end != NULL ? (gsize) (facts_end - line) : len);

    if (tab != NULL)
      facts_end = tab;
  }
  if (facts_end == NULL)
    return NULL;

  ferry_entry_draft_init (&draft);
  draft.name.s = facts_end + 1;
  draft.name.len = line + len - draft.name.s;
  /* Some servers give the whole path ("/pub/file.txt"): the entry is its
   * last component. */
  if (draft.name.len > 1 && draft.name.s[0] == '/')
    {
      const char *slash = draft.name.s + draft.name.len - 1;

      while (slash > draft.name.s && *slash != '/')
        slash--;
      if (slash + 1 < draft.name.s + draft.name.len)
        {
          draft.name.len = draft.name.s + draft.name.len - slash - 1;
          draft.name.s = slash + 1;
        }
    }

  for (p = line; p < facts_end;)
    {
      const char *semi = memchr (p, ';', facts_end - p);
      const char *fact_end = semi ? semi : facts_end;
      const char *eq = memchr (p, '=', fact_end - p);
      const char *value;
      gsize fact_len, value_len;

      if (eq == NULL)
        {
          p = fact_end + 1;
          continue;
        }

      fact_len = eq - p;
      value = eq + 1;
      value_len = fact_end - value;

      if (fact_is (p, fact_len, "type"))
        {
          have_type = TRUE;
          if (value_is (value, value_len, "file"))
            draft.type = FERRY_ENTRY_FILE;
          else if (value_is (value, value_len, "dir"))
            draft.type = FERRY_ENTRY_DIR;
          else if (value_is (value, value_len, "cdir") || value_is (value, value_len, "pdir"))
            {
              if (now != NULL)
                now->rejected = FERRY_LISTING_NOT_AN_ENTRY;
              ferry_entry_draft_clear (&draft);
              return NULL;
            }
          else if (value_len >= 14 && g_ascii_strncasecmp (value, "OS.unix=slink", 13) == 0)
            {
              draft.type = FERRY_ENTRY_LINK;
              if (value[13] == ':' && value_len > 14)
                {
                  draft.target.s = value + 14;
                  draft.target.len = value_len - 14;
                }
            }
          else if (value_is (value, value_len, "OS.unix=slink") ||
                   value_is (value, value_len, "OS.unix=symlink"))
            draft.type = FERRY_ENTRY_LINK;
          else
            draft.type = FERRY_ENTRY_OTHER;
        }
      else if (fact_is (p, fact_len, "size"))
        draft.size = parse_size (value, value_len);
      else if (fact_is (p, fact_len, "sizd"))
        sizd = parse_size (value, value_len);
      else if (fact_is (p, fact_len, "modify"))
        {
          g_clear_pointer (&draft.mtime, g_date_time_unref);
          draft.mtime = parse_mlsd_time (now, value, value_len);
          draft.precision = draft.mtime ? FERRY_TIME_SECOND : FERRY_TIME_NONE;
        }
      else if (fact_is (p, fact_len, "UNIX.mode"))
        {
          gint64 mode = 0;
          gsize i;

          for (i = 0; i < value_len && i < 7 && value[i] >= '0' && value[i] <= '7'; i++)
            mode = mode * 8 + (value[i] - '0');
          if (i == value_len && i > 0)
            {
              draft.perms.s = ferry_listing_format_mode ((guint) mode & 07777, mode_buf);
              draft.perms.len = 9;
              have_mode = TRUE;
            }
        }
      else if (fact_is (p, fact_len, "perm"))
        {
          /* The Unix mode reads better in a permissions column. */
          if (!have_mode)
            {
              draft.perms.s = value;
              draft.perms.len = value_len;
            }
        }
      /* proftpd sends the uid as UNIX.owner and the name as
       * UNIX.ownername; the name wins whatever the order. */
      else if (fact_is (p, fact_len, "UNIX.ownername"))
        {
          draft.owner.s = value, draft.owner.len = value_len;
          have_owner_name = TRUE;
        }
      else if (fact_is (p, fact_len, "UNIX.groupname"))
        {
          draft.group.s = value, draft.group.len = value_len;
          have_group_name = TRUE;
        }
      else if (fact_is (p, fact_len, "UNIX.owner") && !have_owner_name)
        draft.owner.s = value, draft.owner.len = value_len;
      else if (fact_is (p, fact_len, "UNIX.group") && !have_group_name)
        draft.group.s = value, draft.group.len = value_len;
      else if (fact_is (p, fact_len, "UNIX.uid"))
        uid.s = value, uid.len = value_len;
      else if (fact_is (p, fact_len, "UNIX.gid"))
        gid.s = value, gid.len = value_len;

      p = fact_end + 1;
    }

  /* Without a type fact there is no telling a file from a directory;
   * a size fact at least says it is a file. */
  if (!have_type && draft.size < 0 && sizd >= 0)
    draft.type = FERRY_ENTRY_DIR;
  if (draft.size < 0 && draft.type == FERRY_ENTRY_DIR && sizd >= 0)
    draft.size = sizd;

  if (draft.owner.s == NULL && uid.s != NULL && uid.len > 0)
    draft.owner = uid;
  if (draft.group.s == NULL && gid.s != NULL && gid.len > 0)
    draft.group = gid;

  return ferry_listing_finish (&draft, now);
}
