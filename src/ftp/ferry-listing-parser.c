/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Whole listings, at once or as they arrive: line splitting, the
 * dialect state that earlier lines set (headers, VMS), VMS entries split
 * over two lines, and the report of every line that gives no entry.
 * The line parsers themselves are in ferry-listing-*.c.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "ferry-listing-private.h"

struct _FerryListingParser
{
  gboolean              mlsd;
  FerryListingNow       now;
  FerryListingState     state;
  FerryListingDropFunc  drop_func;
  gpointer              drop_data;
  GString              *carry;        /* the unfinished line of the last feed */
  gboolean              overflow;     /* carry passed FERRY_LISTING_MAX_LINE */
  GString              *vms_name;     /* a VMS name alone on its line */
  gboolean              have_vms_name;
  GString              *joined;       /* scratch for the VMS join */
};

/* ---- drops ------------------------------------------------------------ */

G_DEFINE_BOXED_TYPE (FerryListingDrop, ferry_listing_drop,
                     ferry_listing_drop_copy, ferry_listing_drop_free)

FerryListingDrop *
ferry_listing_drop_copy (const FerryListingDrop *drop)
{
  FerryListingDrop *copy;

  g_return_val_if_fail (drop != NULL, NULL);

  copy = g_new (FerryListingDrop, 1);
  copy->reason = drop->reason;
  copy->line = g_strdup (drop->line);
  copy->name = g_strdup (drop->name);
  return copy;
}

void
ferry_listing_drop_free (FerryListingDrop *drop)
{
  if (drop == NULL)
    return;
  g_free (drop->line);
  g_free (drop->name);
  g_free (drop);
}

const char *
ferry_listing_drop_reason_describe (FerryListingDropReason reason)
{
  switch (reason)
    {
    case FERRY_LISTING_DROP_NONE:
      return _("kept");
    case FERRY_LISTING_DROP_UNPARSEABLE:
      return _("the line is in no listing format Ferry knows");
    case FERRY_LISTING_DROP_NAME_SLASH:
      return _("the name contains '/'");
    case FERRY_LISTING_DROP_NAME_CONTROL:
      return _("the name contains a NUL, CR or LF character");
    case FERRY_LISTING_DROP_NAME_EMPTY:
      return _("the entry has no name");
    case FERRY_LISTING_DROP_DOT:
      return _("'.' and '..' are the folder itself and its parent");
    case FERRY_LISTING_DROP_TOO_LONG:
      return _("the line is longer than 1 MiB");
    default:
      return _("unknown reason");
    }
}

gboolean
ferry_listing_drop_is_skip (FerryListingDropReason reason)
{
  return reason != FERRY_LISTING_DROP_NONE && reason != FERRY_LISTING_DROP_DOT;
}

static void
report (FerryListingParser     *parser,
        FerryListingDropReason  reason,
        const char             *line,
        gsize                   len,
        const char             *name)
{
  FerryListingDrop drop;
  g_autofree char *line_copy = NULL;

  if (parser->drop_func == NULL)
    return;
  line_copy = g_strndup (line, MIN (len, FERRY_LISTING_MAX_DROP_LINE));
  drop.reason = reason;
  drop.line = line_copy;
  drop.name = (char *) name;
  parser->drop_func (&drop, parser->drop_data);
}

/* "total 42", and ls's translations of it ("insgesamt 42", "合計 42",
 * "итого 42"): a word without digits, then a number (ls -h: "1.5K"). */
static gboolean
is_total_line (const char *line,
               gsize       len)
{
  FerrySpan tok[2];
  gboolean more;

  if (ferry_listing_split (line, len, tok, 2, &more) != 2 || more)
    return FALSE;
  for (gsize i = 0; i < tok[0].len; i++)
    if (g_ascii_isdigit (tok[0].s[i]))
      return FALSE;
  if (!g_ascii_isdigit (tok[1].s[0]))
    return FALSE;
  for (gsize i = 1; i < tok[1].len; i++)
    if (!g_ascii_isdigit (tok[1].s[i]) && tok[1].s[i] != '.' && tok[1].s[i] != ',' &&
        strchr ("KMGTPkmgtp", tok[1].s[i]) == NULL)
      return FALSE;
  return TRUE;
}

/* Reports a line that gave no entry, unless it was not meant as one. */
static void
dropped (FerryListingParser *parser,
         const char         *line,
         gsize               len)
{
  FerryListingDropReason reason = parser->now.rejected;

  if (reason == FERRY_LISTING_NOT_AN_ENTRY)
    return;
  if (reason != FERRY_LISTING_DROP_NONE)
    {
      report (parser, reason, line, len, parser->now.rejected_name->str);
      return;
    }
  if (is_total_line (line, len) ||
      (parser->state.vms && ferry_listing_is_vms_chatter (line, len)))
    return;
  report (parser, FERRY_LISTING_DROP_UNPARSEABLE, line, len, NULL);
}

/* ---- one line --------------------------------------------------------- */

/* A few servers answer MLSD with ls -l lines; facts always have a '='
 * before the first space. */
static gboolean
looks_like_facts (const char *line,
                  gsize       len)
{
  /* " name" is an entry without facts, which RFC 3659 allows. */
  if (len > 0 && line[0] == ' ')
    return TRUE;
  for (gsize i = 0; i < len && line[i] != ' '; i++)
    if (line[i] == '=')
      return TRUE;
  return FALSE;
}

/* One LIST line with what the lines before it said. */
static FerryListEntry *
parse_stateful_line (FerryListingState *state,
                     const char        *line,
                     gsize              len)
{
  FerryDialect header = ferry_listing_header_dialect (line, len);
  FerryListEntry *entry = NULL;

  if (header != FERRY_DIALECT_ANY)
    {
      state->dialect = header;
      state->now->rejected = FERRY_LISTING_NOT_AN_ENTRY;
      return NULL;
    }

  switch (state->dialect)
    {
    case FERRY_DIALECT_MVS_DATASETS:
      entry = ferry_listing_parse_mvs_dataset_line (line, len, state->now);
      break;
    case FERRY_DIALECT_MVS_MEMBERS:
    case FERRY_DIALECT_MVS_LOADMODS:
      entry = ferry_listing_parse_mvs_member_line (line, len, state->dialect, TRUE, state->now);
      break;
    case FERRY_DIALECT_TANDEM:
      entry = ferry_listing_parse_tandem_line (line, len, state->now);
      break;
    case FERRY_DIALECT_ANY:
    default:
      break;
    }
  if (entry != NULL)
    return entry;

  if (state->vms && ferry_listing_is_vms_chatter (line, len))
    {
      state->now->rejected = FERRY_LISTING_NOT_AN_ENTRY;
      return NULL;
    }
  entry = ferry_listing_parse_line_any (line, len, state->now);
  /* Members without a header (ISPF statistics are read anywhere):
   * hexadecimal sizes and bare names only where SYST said MVS, as they
   * would be anything elsewhere. */
  if (entry == NULL && state->dialect == FERRY_DIALECT_ANY && state->system == FERRY_SYSTEM_MVS &&
      state->now->rejected == FERRY_LISTING_DROP_NONE)
    {
      entry = ferry_listing_parse_mvs_member_line (line, len, FERRY_DIALECT_MVS_MEMBERS, TRUE, state->now);
      if (entry == NULL)
        entry = ferry_listing_parse_mvs_member_line (line, len, FERRY_DIALECT_MVS_LOADMODS, FALSE, state->now);
    }
  if (entry == NULL && !state->vms && ferry_listing_is_vms_chatter (line, len))
    {
      state->vms = TRUE;
      state->now->rejected = FERRY_LISTING_NOT_AN_ENTRY;
    }
  return entry;
}

static void
parse_plain_line (FerryListingParser *parser,
                  const char         *line,
                  gsize               len,
                  GPtrArray          *entries)
{
  FerryListEntry *entry;

  parser->now.rejected = FERRY_LISTING_DROP_NONE;
  if (parser->mlsd && looks_like_facts (line, len))
    entry = ferry_listing_parse_mlsd_line_cached (line, len, &parser->now);
  else
    entry = parse_stateful_line (&parser->state, line, len);
  if (entry != NULL)
    g_ptr_array_add (entries, entry);
  else
    dropped (parser, line, len);
}

/* VMS wraps long names: "NAME;1" alone, the rest on the next line
 * (indented, or starting with the size).  TRUE when @line was that
 * rest. */
static gboolean
join_vms_name (FerryListingParser *parser,
               const char         *line,
               gsize               len,
               GPtrArray          *entries)
{
  const char *end = line + len;
  const char *rest = ferry_listing_skip_blanks (line, end);
  FerryListEntry *entry;

  if (rest == end || (rest == line && !g_ascii_isdigit (line[0])))
    return FALSE;

  g_string_truncate (parser->joined, 0);
  g_string_append_len (parser->joined, parser->vms_name->str, parser->vms_name->len);
  g_string_append_c (parser->joined, ' ');
  g_string_append_len (parser->joined, rest, end - rest);
  parser->now.rejected = FERRY_LISTING_DROP_NONE;
  entry = ferry_listing_parse_vms_line (parser->joined->str, parser->joined->len, &parser->now);
  if (entry != NULL)
    {
      parser->state.vms = TRUE;
      g_ptr_array_add (entries, entry);
      return TRUE;
    }
  if (parser->now.rejected != FERRY_LISTING_DROP_NONE)
    {
      /* A VMS entry after all, but its name is refused. */
      dropped (parser, parser->joined->str, parser->joined->len);
      return TRUE;
    }
  return FALSE;
}

static void
parse_line (FerryListingParser *parser,
            const char         *line,
            gsize               len,
            GPtrArray          *entries)
{
  if (len > 0 && line[len - 1] == '\r')
    len--;

  if (parser->have_vms_name)
    {
      parser->have_vms_name = FALSE;
      if (join_vms_name (parser, line, len, entries))
        return;
      /* Not the second half: the name is a line of its own. */
      parse_plain_line (parser, parser->vms_name->str, parser->vms_name->len, entries);
    }

  if (len == 0)
    return;
  if (!parser->mlsd && ferry_listing_is_vms_name (line, len))
    {
      g_string_truncate (parser->vms_name, 0);
      g_string_append_len (parser->vms_name, line, len);
      parser->have_vms_name = TRUE;
      return;
    }
  parse_plain_line (parser, line, len, entries);
}

/* ---- the parser ------------------------------------------------------- */

FerryListingParser *
ferry_listing_parser_new (gboolean   mlsd,
                          GDateTime *now)
{
  FerryListingParser *parser = g_new0 (FerryListingParser, 1);

  parser->mlsd = mlsd;
  ferry_listing_now_init (&parser->now, now);
  parser->state.now = &parser->now;
  parser->state.dialect = FERRY_DIALECT_ANY;
  parser->carry = g_string_new (NULL);
  parser->vms_name = g_string_new (NULL);
  parser->joined = g_string_new (NULL);
  return parser;
}

void
ferry_listing_parser_set_system (FerryListingParser *parser,
                                 const char         *syst)
{
  g_return_if_fail (parser != NULL);

  parser->state.system = FERRY_SYSTEM_UNKNOWN;
  if (syst == NULL)
    return;
  /* "215 MVS is the operating system of this server. FTP Server is
   * running on z/OS." — also "OS/390". */
  if (strstr (syst, "MVS") != NULL || strstr (syst, "z/OS") != NULL || strstr (syst, "OS/390") != NULL)
    parser->state.system = FERRY_SYSTEM_MVS;
  else if (g_str_has_prefix (syst, "VMS") || strstr (syst, "OpenVMS") != NULL)
    {
      parser->state.system = FERRY_SYSTEM_VMS;
      parser->state.vms = TRUE;
    }
}

void
ferry_listing_parser_set_drop_func (FerryListingParser   *parser,
                                    FerryListingDropFunc  func,
                                    gpointer              user_data)
{
  g_return_if_fail (parser != NULL);

  parser->drop_func = func;
  parser->drop_data = user_data;
}

/* Adds @len bytes of a line to the carry, up to the line limit. */
static void
carry_append (FerryListingParser *parser,
              const char         *data,
              gsize               len)
{
  gsize room = FERRY_LISTING_MAX_LINE - parser->carry->len;

  if (len > room)
    {
      parser->overflow = TRUE;
      len = room;
    }
  g_string_append_len (parser->carry, data, len);
}

/* The carried line is complete. */
static void
carry_done (FerryListingParser *parser,
            GPtrArray          *entries)
{
  if (parser->overflow)
    {
      report (parser, FERRY_LISTING_DROP_TOO_LONG, parser->carry->str, parser->carry->len, NULL);
      parser->overflow = FALSE;
    }
  else
    parse_line (parser, parser->carry->str, parser->carry->len, entries);
  g_string_truncate (parser->carry, 0);
}

void
ferry_listing_parser_feed (FerryListingParser *parser,
                           const char         *data,
                           gsize               len,
                           GPtrArray          *entries)
{
  const char *p = data, *end = data + len;

  g_return_if_fail (parser != NULL && entries != NULL);
  g_return_if_fail (data != NULL || len == 0);

  /* The end of a line begun in an earlier piece. */
  if (parser->carry->len > 0 || parser->overflow)
    {
      const char *nl = memchr (p, '\n', end - p);

      carry_append (parser, p, (nl != NULL ? nl : end) - p);
      if (nl == NULL)
        return;
      carry_done (parser, entries);
      p = nl + 1;
    }

  /* Whole lines are parsed where they lie. */
  while (p < end)
    {
      const char *nl = memchr (p, '\n', end - p);

      if (nl == NULL)
        {
          carry_append (parser, p, end - p);
          break;
        }
      if ((gsize) (nl - p) > FERRY_LISTING_MAX_LINE)
        report (parser, FERRY_LISTING_DROP_TOO_LONG, p, nl - p, NULL);
      else
        parse_line (parser, p, nl - p, entries);
      p = nl + 1;
    }
}

void
ferry_listing_parser_finish (FerryListingParser *parser,
                             GPtrArray          *entries)
{
  g_return_if_fail (parser != NULL && entries != NULL);

  if (parser->carry->len > 0 || parser->overflow)
    carry_done (parser, entries);
  if (parser->have_vms_name)
    {
      /* A last line that looked like a VMS name and got no second half. */
      parser->have_vms_name = FALSE;
      parse_plain_line (parser, parser->vms_name->str, parser->vms_name->len, entries);
    }
  parser->state.dialect = FERRY_DIALECT_ANY;
  parser->state.vms = parser->state.system == FERRY_SYSTEM_VMS;
}

void
ferry_listing_parser_free (FerryListingParser *parser)
{
  if (parser == NULL)
    return;
  ferry_listing_now_clear (&parser->now);
  g_string_free (parser->carry, TRUE);
  g_string_free (parser->vms_name, TRUE);
  g_string_free (parser->joined, TRUE);
  g_free (parser);
}

/* ---- whole listings at once ------------------------------------------- */

static void
collect_drop (const FerryListingDrop *drop,
              gpointer                user_data)
{
  g_ptr_array_add (user_data, ferry_listing_drop_copy (drop));
}

GPtrArray *
ferry_listing_parse_full (const char  *data,
                          gsize        len,
                          gboolean     mlsd,
                          GDateTime   *now,
                          GPtrArray  **dropped_out)
{
  g_autoptr(FerryListingParser) parser = NULL;
  GPtrArray *entries;
  const char *end = data + len;
  guint n_lines = 0;

  if (dropped_out != NULL)
    *dropped_out = g_ptr_array_new_with_free_func ((GDestroyNotify) ferry_listing_drop_free);
  g_return_val_if_fail (data != NULL || len == 0,
                        g_ptr_array_new_with_free_func ((GDestroyNotify) ferry_list_entry_free));

  /* Counting first spares the array its regrowth copies. */
  for (const char *q = data; q < end && (q = memchr (q, '\n', end - q)) != NULL; q++)
    n_lines++;
  entries = g_ptr_array_new_full (n_lines + 1, (GDestroyNotify) ferry_list_entry_free);

  parser = ferry_listing_parser_new (mlsd, now);
  if (dropped_out != NULL)
    ferry_listing_parser_set_drop_func (parser, collect_drop, *dropped_out);
  ferry_listing_parser_feed (parser, data, len, entries);
  ferry_listing_parser_finish (parser, entries);
  return entries;
}

GPtrArray *
ferry_listing_parse (const char *data,
                     gsize       len,
                     gboolean    mlsd,
                     GDateTime  *now)
{
  return ferry_listing_parse_full (data, len, mlsd, now, NULL);
}
