/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ferry-cli parse-listing: the listing parsers on their own, without a
 * server.  For tests, for bug reports ("this is what my server sends")
 * and for scripts that already hold a listing.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ferry-cli-parse-listing.h"
#include "ferry-listing.h"

#define EXIT_USAGE 2

static void
append_json_string (GString    *out,
                    const char *text)
{
  g_autofree char *valid = NULL;

  if (text == NULL)
    {
      g_string_append (out, "null");
      return;
    }

  /* JSON is UTF-8; bytes that are not become U+FFFD here, the entry
   * itself keeps them. */
  valid = g_utf8_make_valid (text, -1);
  g_string_append_c (out, '"');
  for (const unsigned char *p = (const unsigned char *) valid; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '"':  g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\b': g_string_append (out, "\\b"); break;
        case '\f': g_string_append (out, "\\f"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          if (*p < 0x20 || *p == 0x7f)
            g_string_append_printf (out, "\\u%04x", *p);
          else
            g_string_append_c (out, (char) *p);
        }
    }
  g_string_append_c (out, '"');
}

static void
append_mtime (GString              *out,
              const FerryListEntry *entry)
{
  const char *format;
  g_autofree char *text = NULL;

  switch (entry->mtime ? entry->precision : FERRY_TIME_NONE)
    {
    case FERRY_TIME_DAY:    format = "\"%Y-%m-%d\""; break;
    case FERRY_TIME_MINUTE: format = "\"%Y-%m-%dT%H:%M\""; break;
    case FERRY_TIME_SECOND: format = "\"%Y-%m-%dT%H:%M:%S\""; break;
    case FERRY_TIME_NONE:
    default:
      g_string_append (out, "null");
      return;
    }
  text = g_date_time_format (entry->mtime, format);
  g_string_append (out, text);
}

static void
append_entry (GString              *out,
              const FerryListEntry *entry)
{
  const char *type;

  /* The output format knows files, folders and links; devices, fifos
   * and sockets are "file" (see --help). */
  switch (entry->type)
    {
    case FERRY_ENTRY_DIR:  type = "dir"; break;
    case FERRY_ENTRY_LINK: type = "link"; break;
    case FERRY_ENTRY_FILE:
    case FERRY_ENTRY_OTHER:
    default:               type = "file"; break;
    }

  g_string_append (out, "{\"name\":");
  append_json_string (out, entry->name);
  g_string_append_printf (out, ", \"type\":\"%s\", \"size\":", type);
  if (entry->size >= 0)
    g_string_append_printf (out, "%" G_GINT64_FORMAT, entry->size);
  else
    g_string_append (out, "null");
  g_string_append (out, ", \"mtime\":");
  append_mtime (out, entry);
  g_string_append (out, ", \"perms\":");
  append_json_string (out, entry->perms);
  g_string_append (out, ", \"owner\":");
  append_json_string (out, entry->owner);
  g_string_append (out, ", \"target\":");
  append_json_string (out, entry->target);
  g_string_append (out, "}\n");
}

/* "YYYY-MM-DD" (midnight UTC) or a full ISO 8601 date and time. */
static GDateTime *
parse_now (const char *text)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  int y, m, d;
  char tail;

  if (sscanf (text, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3 && strlen (text) == 10)
    return g_date_time_new (utc, y, m, d, 0, 0, 0);
  return g_date_time_new_from_iso8601 (text, utc);
}

static gboolean
read_all (FILE       *in,
          GByteArray *data)
{
  guint8 buf[65536];
  size_t n;

  while ((n = fread (buf, 1, sizeof buf, in)) > 0)
    g_byte_array_append (data, buf, (guint) n);
  return !ferror (in);
}

int
ferry_cli_parse_listing (int    argc,
                         char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GByteArray) data = g_byte_array_new ();
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *now_text = NULL;
  g_autofree char *syst = NULL;
  g_autoptr(FerryListingParser) parser = NULL;
  gboolean mlsd = FALSE;
  const GOptionEntry options[] = {
    { "mlsd", 'm', 0, G_OPTION_ARG_NONE, &mlsd,
      "The input is an MLSD answer (facts; ls -l lines still understood)", NULL },
    { "now", 'n', 0, G_OPTION_ARG_STRING, &now_text,
      "Reference date for dates without a year (default: now)", "YYYY-MM-DD" },
    { "syst", 's', 0, G_OPTION_ARG_STRING, &syst,
      "The server's SYST reply (e.g. \"MVS is the operating system of this server\")", "TEXT" },
    { NULL }
  };

  context = g_option_context_new ("— parse a raw LIST or MLSD listing from stdin");
  g_option_context_set_summary (context,
    "Prints one JSON object per entry, one per line:\n"
    "  {\"name\":…, \"type\":\"file\"|\"dir\"|\"link\", \"size\":N|null,\n"
    "   \"mtime\":\"YYYY-MM-DD[THH:MM[:SS]]\"|null, \"perms\":…|null,\n"
    "   \"owner\":…|null, \"target\":…|null}\n"
    "Times are UTC, as precise as the listing says.  Names are UTF-8;\n"
    "bytes that are not UTF-8 are printed as U+FFFD.  Devices, fifos and\n"
    "sockets are printed as \"file\".  Lines that are not entries (headers,\n"
    "totals, \".\" and \"..\", unsafe names) print nothing.");
  g_option_context_add_main_entries (context, options, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "ferry-cli: %s\n", error->message);
      return EXIT_USAGE;
    }
  if (argc > 1)
    {
      fprintf (stderr, "ferry-cli: parse-listing reads stdin and takes no arguments\n");
      return EXIT_USAGE;
    }
  if (now_text != NULL && (now = parse_now (now_text)) == NULL)
    {
      fprintf (stderr, "ferry-cli: --now wants YYYY-MM-DD or an ISO 8601 time\n");
      return EXIT_USAGE;
    }

  if (!read_all (stdin, data))
    {
      fprintf (stderr, "ferry-cli: cannot read stdin: %s\n", g_strerror (errno));
      return EXIT_FAILURE;
    }

  entries = g_ptr_array_new_with_free_func ((GDestroyNotify) ferry_list_entry_free);
  parser = ferry_listing_parser_new (mlsd, now);
  ferry_listing_parser_set_system (parser, syst);
  ferry_listing_parser_feed (parser, (const char *) data->data, data->len, entries);
  ferry_listing_parser_finish (parser, entries);
  for (guint i = 0; i < entries->len; i++)
    {
      append_entry (out, entries->pdata[i]);
      if (out->len >= 65536)
        {
          fwrite (out->str, 1, out->len, stdout);
          g_string_truncate (out, 0);
        }
    }
  fwrite (out->str, 1, out->len, stdout);
  if (fflush (stdout) != 0)
    {
      fprintf (stderr, "ferry-cli: cannot write: %s\n", g_strerror (errno));
      return EXIT_FAILURE;
    }
  return EXIT_SUCCESS;
}
