/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ferry-cli: the engine without a window, for scripts, tests and
 * benchmarks.  ls, get and put over one control connection.
 */
#include "config.h"

#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gio/gio.h>

#include "ferry-cli-commands.h"
#include "ferry-cli-common.h"
#include "ferry-cli-mirror.h"
#include "ferry-cli-parse-listing.h"
#include "ferry-cli-tls.h"
#include "ferry-file-transfer.h"
#include "ferry-path.h"
#include "ferry-session.h"
#include "ferry-site.h"

typedef struct
{
  gboolean        verbose;
  gboolean        quiet;
  gboolean        show_progress;   /* stderr is a terminal and not --quiet */
  gint64          started;         /* monotonic µs, for the speed */
  gint64          last_drawn;
  gboolean        drawn;
  gint64          max_entries;     /* --max-entries, 0 = the default */
  FerryCliConnection conn;        /* --active, --timeout, --account */
} Cli;

/* ---- output ----------------------------------------------------------- */

static void
log_cb (FerryLogKind  kind,
        guint         code,
        const char   *text,
        gpointer      user_data)
{
  Cli *cli = user_data;

  if (!cli->verbose)
    return;
  if (cli->drawn)
    {
      fputc ('\n', stderr);
      cli->drawn = FALSE;
    }
  {
    g_autofree char *safe = ferry_cli_escape_for_terminal (text, FALSE);
    fprintf (stderr, "%s %s\n", ferry_cli_log_prefix (kind), safe);
  }
}

static void
progress_cb (guint64  done,
             gint64   total,
             gpointer user_data)
{
  Cli *cli = user_data;
  gint64 now = g_get_monotonic_time ();
  g_autofree char *done_text = NULL;
  g_autofree char *total_text = NULL;
  g_autofree char *speed_text = NULL;
  double secs;

  if (!cli->show_progress)
    return;
  /* At most ten redraws a second, plus the last one. */
  if (cli->drawn && now - cli->last_drawn < G_USEC_PER_SEC / 10 &&
      (total < 0 || done < (guint64) total))
    return;
  cli->last_drawn = now;

  secs = (now - cli->started) / (double) G_USEC_PER_SEC;
  done_text = g_format_size (done);
  speed_text = g_format_size (secs > 0.05 ? (guint64) (done / secs) : 0);
  if (total > 0)
    {
      total_text = g_format_size (total);
      fprintf (stderr, "\r\033[K%s / %s (%d%%)  %s/s", done_text, total_text,
               (int) (done * 100 / (guint64) total), speed_text);
    }
  else
    fprintf (stderr, "\r\033[K%s  %s/s", done_text, speed_text);
  cli->drawn = TRUE;
}

static void
end_progress (Cli *cli)
{
  if (cli->drawn)
    fputc ('\n', stderr);
  cli->drawn = FALSE;
}

static int
report_error (Cli          *cli,
              const GError *error)
{
  end_progress (cli);
  return ferry_cli_report_error (error);
}

/* ---- commands --------------------------------------------------------- */

static void
print_entry (const FerryListEntry *entry)
{
  g_autofree char *display = ferry_list_entry_dup_display_name (entry);
  g_autofree char *name = ferry_cli_escape_for_terminal (display, FALSE);
  g_autofree char *date = NULL;
  g_autofree char *size = NULL;
  char type;

  switch (entry->type)
    {
    case FERRY_ENTRY_DIR:  type = 'd'; break;
    case FERRY_ENTRY_FILE: type = '-'; break;
    case FERRY_ENTRY_LINK: type = 'l'; break;
    case FERRY_ENTRY_OTHER:
    default:               type = '?'; break;
    }

  if (entry->mtime == NULL || entry->precision == FERRY_TIME_NONE)
    date = g_strdup ("-");
  else if (entry->precision == FERRY_TIME_DAY)
    date = g_date_time_format (entry->mtime, "%Y-%m-%d");
  else
    date = g_date_time_format (entry->mtime, "%Y-%m-%d %H:%M");

  size = entry->size >= 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, entry->size) : g_strdup ("-");
  printf ("%c %12s %16s %s\n", type, size, date, name);
}

static void
print_batch (GPtrArray *batch,
             gpointer   user_data)
{
  for (guint i = 0; i < batch->len; i++)
    print_entry (g_ptr_array_index (batch, i));
  /* A pipe would otherwise see nothing until 4 KiB pile up. */
  fflush (stdout);
  g_ptr_array_unref (batch);
}

/* Lines the parser did not keep, except "." and "..": on stderr, so that
 * nothing vanishes unsaid. */
static void
print_drop (const FerryListingDrop *drop,
            gpointer                user_data)
{
  g_autofree char *what = NULL;
  g_autofree char *safe = NULL;

  if (!ferry_listing_drop_is_skip (drop->reason))
    return;
  what = g_utf8_make_valid (drop->name != NULL ? drop->name : drop->line, -1);
  safe = ferry_cli_escape_for_terminal (what, FALSE);
  fprintf (stderr, "ferry-cli: skipped %s “%s”: %s\n", drop->name != NULL ? "entry" : "line",
           safe, ferry_listing_drop_reason_describe (drop->reason));
}

static int
cmd_ls (Cli *cli, char **args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FerrySession) session = NULL;
  g_autofree char *path = NULL;

  if (g_strv_length (args) != 1)
    {
      fprintf (stderr, "ferry-cli: usage: ferry-cli ls URL\n");
      return FERRY_CLI_EXIT_USAGE;
    }

  session = ferry_cli_open_session (&cli->conn, args[0], &path, &error);
  if (session == NULL)
    return report_error (cli, error);
  ferry_session_set_max_entries (session, cli->max_entries);

  /* Printed as the listing arrives: a million entries never sit in
   * memory twice, and the first lines show at once. */
  if (!ferry_session_list_stream (session, path, print_batch, print_drop, cli,
                                  NULL, cli->conn.cancellable, &error))
    {
      int rc;

      fflush (stdout);
      rc = report_error (cli, error);
      ferry_session_close (session);
      return rc;
    }
  fflush (stdout);
  ferry_session_close (session);
  return EXIT_SUCCESS;
}

static gboolean
path_is_dir (const char *path)
{
  struct stat st;
  return stat (path, &st) == 0 && S_ISDIR (st.st_mode);
}

static int
cmd_get (Cli *cli, char **args, FerryOverwrite policy)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FerrySession) session = NULL;
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;
  FerryTransferOptions options;
  g_autofree char *local = NULL;
  guint n_args = g_strv_length (args);

  if (n_args < 1 || n_args > 2)
    {
      fprintf (stderr, "ferry-cli: usage: ferry-cli get URL [LOCAL]\n");
      return FERRY_CLI_EXIT_USAGE;
    }

  {
    /* Check the URL before connecting: a folder cannot be downloaded. */
    g_autoptr(FerrySite) site = ferry_site_parse_url (args[0], &error);
    if (site == NULL)
      return report_error (cli, error);
    if (site->path == NULL || g_str_has_suffix (site->path, "/"))
      {
        fprintf (stderr, "ferry-cli: The URL names a folder, not a file\n");
        return FERRY_CLI_EXIT_USAGE;
      }
  }

  session = ferry_cli_open_session (&cli->conn, args[0], &path, &error);
  if (session == NULL)
    return report_error (cli, error);

  name = ferry_path_remote_basename (path);
  if (n_args == 2 && !path_is_dir (args[1]))
    local = g_strdup (args[1]);
  else
    local = ferry_path_local_child (n_args == 2 ? args[1] : ".", name, &error);
  if (local == NULL)
    {
      int rc = report_error (cli, error);
      ferry_session_close (session);
      return rc;
    }

  cli->started = g_get_monotonic_time ();
  ferry_transfer_options_init (&options);
  options.throttle = ferry_cli_limit_throttle ();
  if (!ferry_file_transfer_download_full (session, path, local, policy, &options, progress_cb, cli,
                                          cli->conn.cancellable, &error))
    {
      int rc = report_error (cli, error);
      ferry_session_close (session);
      return rc;
    }
  end_progress (cli);
  ferry_session_close (session);
  return EXIT_SUCCESS;
}

static int
cmd_put (Cli *cli, char **args, FerryOverwrite policy)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FerrySession) session = NULL;
  g_autofree char *path = NULL;
  g_autofree char *remote = NULL;
  g_autofree char *name = NULL;
  FerryTransferOptions options;

  if (g_strv_length (args) != 2)
    {
      fprintf (stderr, "ferry-cli: usage: ferry-cli put LOCAL URL\n");
      return FERRY_CLI_EXIT_USAGE;
    }
  if (access (args[0], R_OK) != 0 || path_is_dir (args[0]))
    {
      int errsv = errno;
      fprintf (stderr, "ferry-cli: Cannot upload “%s”: %s\n", args[0],
               path_is_dir (args[0]) ? g_strerror (EISDIR) : g_strerror (errsv));
      return EXIT_FAILURE;
    }

  session = ferry_cli_open_session (&cli->conn, args[1], &path, &error);
  if (session == NULL)
    return report_error (cli, error);

  name = g_path_get_basename (args[0]);
  if (path == NULL || path[0] == '\0')
    remote = g_strdup (name);
  else if (g_str_has_suffix (path, "/"))
    remote = ferry_path_remote_join (path, name);
  else
    remote = g_strdup (path);

  cli->started = g_get_monotonic_time ();
  ferry_transfer_options_init (&options);
  options.throttle = ferry_cli_limit_throttle ();
  if (!ferry_file_transfer_upload_full (session, args[0], remote, policy, &options, progress_cb, cli,
                                        cli->conn.cancellable, &error))
    {
      int rc = report_error (cli, error);
      ferry_session_close (session);
      return rc;
    }
  end_progress (cli);
  /* The 226 was the answer we needed; the 221 would come only once the
   * server has closed the file (see ferry_session_close_nowait). */
  ferry_session_close_nowait (session);
  return EXIT_SUCCESS;
}

int
main (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GCancellable) cancellable = NULL;
  g_autofree char *overwrite = NULL;
  g_autofree char *account = NULL;
  g_auto(GStrv) args = NULL;
  gboolean version = FALSE;
  FerryOverwrite policy = FERRY_OVERWRITE_NEVER;
  Cli cli = { 0 };
  const GOptionEntry entries[] = {
    { "active", 'a', 0, G_OPTION_ARG_NONE, &cli.conn.active,
      "Active mode: the server connects to us (EPRT/PORT)", NULL },
    { "overwrite", 'o', 0, G_OPTION_ARG_STRING, &overwrite,
      "When the target exists: never (default: fail), always, resume, newer", "POLICY" },
    { "timeout", 't', 0, G_OPTION_ARG_INT, &cli.conn.timeout,
      "Seconds to wait for the server (default 30)", "N" },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &cli.verbose,
      "Show every command and reply on stderr", NULL },
    { "account", 0, 0, G_OPTION_ARG_STRING, &account,
      "Account for servers that ask for one (ACCT)", "ACCOUNT" },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &cli.quiet,
      "No progress display", NULL },
    { "max-entries", 0, 0, G_OPTION_ARG_INT64, &cli.max_entries,
      "ls: refuse a listing with more entries (default 5000000)", "N" },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version,
      "Show the version", NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &args, NULL,
      "COMMAND ARGS…" },
    { NULL }
  };

  setlocale (LC_ALL, "");

  /* Offline, with options of its own: before the global ones. */
  if (argc > 1 && g_str_equal (argv[1], "parse-listing"))
    return ferry_cli_parse_listing (argc - 1, argv + 1);
  /* A folder tree over the transfer queue, with options of its own. */
  if (argc > 1 && g_str_equal (argv[1], "mirror"))
    return ferry_cli_mirror_main (argc - 1, argv + 1);
  /* raw, mkdir, rmdir, rm, mv; get/put --ascii, put --append/--unique. */
  if (ferry_cli_commands_wanted (argc, argv))
    return ferry_cli_commands_main (argc, argv);

  /* The usage line already shows the G_OPTION_REMAINING description
   * ("COMMAND ARGS…"): only the tagline here. */
  context = g_option_context_new ("— FTP from the command line");
  g_option_context_set_summary (context,
    "Commands:\n"
    "  ls URL               List a folder: type (d, -, l), size, date, name\n"
    "  get URL [LOCAL]      Download a file; LOCAL may be a folder\n"
    "                       (default: the file's name in the current folder)\n"
    "  put LOCAL URL        Upload a file; a URL ending in / names a folder\n"
    "  mirror URL LOCALDIR  Download a folder tree over N connections; with\n"
    "                       --reverse LOCALDIR URL, upload one\n"
    "  mkdir URL            Create a remote folder (MKD)\n"
    "  rmdir URL            Remove an empty remote folder (RMD)\n"
    "  rm URL               Delete a remote file (DELE)\n"
    "  mv URL NEW-PATH      Rename a remote file or folder (RNFR/RNTO)\n"
    "  raw URL 'CMD' …      Send commands after login, print every reply\n"
    "  parse-listing        Parse a LIST/MLSD listing from stdin into JSON\n"
    "                       lines, offline\n"
    "  get --ascii, put --ascii | --append | --unique  (TYPE A, APPE, STOU)\n"
    "mirror, raw, mkdir, rmdir, rm, mv and parse-listing take options of\n"
    "their own: see COMMAND --help.\n"
    "\n"
    "URL: ftp://[user[:password]@]host[:port]/path (no user: anonymous);\n"
    "ftpes:// for FTP over TLS (AUTH TLS), ftps:// for implicit TLS (port 990).\n"
    "Existing targets are never overwritten unless --overwrite says so;\n"
    "downloads go to NAME.part and are renamed when complete.");
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_add_main_entries (context, ferry_cli_tls_option_entries (), NULL);
  g_option_context_add_main_entries (context, ferry_cli_limit_option_entries (), NULL);
  if (!ferry_cli_parse_options (context, &argc, &argv))
    return FERRY_CLI_EXIT_USAGE;
  if (version)
    {
      printf ("ferry-cli %s\n", PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }
  if (overwrite != NULL && !ferry_cli_parse_overwrite (overwrite, FALSE, &policy))
    {
      fprintf (stderr, "ferry-cli: --overwrite must be never, always, resume or newer\n");
      return FERRY_CLI_EXIT_USAGE;
    }
  if (cli.max_entries < 0)
    {
      fprintf (stderr, "ferry-cli: --max-entries must be positive\n");
      return FERRY_CLI_EXIT_USAGE;
    }
  if (cli.conn.timeout < 0)
    {
      fprintf (stderr, "ferry-cli: --timeout must be positive\n");
      return FERRY_CLI_EXIT_USAGE;
    }
  if (args == NULL || args[0] == NULL)
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);
      fprintf (stderr, "%s", help);
      return FERRY_CLI_EXIT_USAGE;
    }

  cancellable = g_cancellable_new ();
  cli.conn.cancellable = cancellable;
  cli.conn.account = account;
  cli.conn.log_func = log_cb;
  cli.conn.log_data = &cli;
  cli.show_progress = !cli.quiet && isatty (STDERR_FILENO);
  ferry_cli_watch_signals (cancellable);

  if (g_str_equal (args[0], "ls"))
    return cmd_ls (&cli, args + 1);
  if (g_str_equal (args[0], "get"))
    return cmd_get (&cli, args + 1, policy);
  if (g_str_equal (args[0], "put"))
    return cmd_put (&cli, args + 1, policy);

  fprintf (stderr, "ferry-cli: unknown command “%s” (try --help)\n", args[0]);
  return FERRY_CLI_EXIT_USAGE;
}
