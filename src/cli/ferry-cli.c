/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ferry-cli: the engine without a window, for scripts, tests and
 * benchmarks.  ls, get and put over one control connection.
 */
#include "config.h"

#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gio/gio.h>

#include "ferry-cli-commands.h"
#include "ferry-cli-mirror.h"
#include "ferry-cli-parse-listing.h"
#include "ferry-cli-tls.h"
#include "ferry-file-transfer.h"
#include "ferry-path.h"
#include "ferry-session.h"
#include "ferry-site.h"

#define EXIT_USAGE      2
#define EXIT_CANCELLED  130

typedef struct
{
  gboolean        verbose;
  gboolean        quiet;
  gboolean        show_progress;   /* stderr is a terminal and not --quiet */
  gint64          started;         /* monotonic µs, for the speed */
  gint64          last_drawn;
  gboolean        drawn;
  GCancellable   *cancellable;
  char           *account;         /* --account, for servers that ask (ACCT) */
} Cli;

/* ---- output ----------------------------------------------------------- */

/* Server-supplied text must not drive the terminal: control characters
 * (C0, DEL, C1) are shown as \xNN, invalid UTF-8 as U+FFFD. */
static char *
escape_for_terminal (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  GString *out = g_string_sized_new (strlen (valid));

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0))
        g_string_append_printf (out, "\\x%02x", c);
      else
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

static void
log_cb (FerryLogKind  kind,
        guint         code,
        const char   *text,
        gpointer      user_data)
{
  Cli *cli = user_data;
  const char *prefix = "*";

  if (!cli->verbose)
    return;
  switch (kind)
    {
    case FERRY_LOG_COMMAND: prefix = ">"; break;
    case FERRY_LOG_REPLY:   prefix = "<"; break;
    case FERRY_LOG_INFO:    prefix = "*"; break;
    case FERRY_LOG_ERROR:   prefix = "!"; break;
    default: break;
    }
  if (cli->drawn)
    {
      fputc ('\n', stderr);
      cli->drawn = FALSE;
    }
  {
    g_autofree char *safe = escape_for_terminal (text);
    fprintf (stderr, "%s %s\n", prefix, safe);
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
  g_autofree char *message = NULL;

  end_progress (cli);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      fprintf (stderr, "ferry-cli: Cancelled\n");
      return EXIT_CANCELLED;
    }

  /* One line, whatever the server sent (CR/LF become \x0d/\x0a). */
  message = escape_for_terminal (error->message);
  if (error->domain == FERRY_FTP_ERROR && error->code >= 100 && error->code < 600)
    fprintf (stderr, "ferry-cli: %s (%s)\n", message,
             ferry_ftp_reply_code_explain (error->code));
  else
    fprintf (stderr, "ferry-cli: %s\n", message);
  return EXIT_FAILURE;
}

/* ---- Ctrl+C ------------------------------------------------------------ */

/* A thread that waits for SIGINT/SIGTERM and cancels the running
 * operation, so the transfer ends with ABOR, keeps its .part file and the
 * process exits normally.  A second signal ends the process at once. */
static gpointer
signal_thread (gpointer data)
{
  GCancellable *cancellable = data;
  sigset_t set;
  int sig;

  sigemptyset (&set);
  sigaddset (&set, SIGINT);
  sigaddset (&set, SIGTERM);
  if (sigwait (&set, &sig) != 0)
    return NULL;
  g_cancellable_cancel (cancellable);
  if (sigwait (&set, &sig) == 0)
    _exit (EXIT_CANCELLED);
  return NULL;
}

static void
watch_signals (GCancellable *cancellable)
{
  sigset_t set;

  sigemptyset (&set);
  sigaddset (&set, SIGINT);
  sigaddset (&set, SIGTERM);
  /* Blocked here, before any other thread starts, so every thread
   * inherits the mask and only the watcher receives them. */
  pthread_sigmask (SIG_BLOCK, &set, NULL);
  g_thread_unref (g_thread_new ("ferry-cli-signals", signal_thread, cancellable));
}

/* ---- commands --------------------------------------------------------- */

/* 332/532: the --account given, or none (the server's code ends it). */
static char *
account_cb (const char *user,
            const char *prompt,
            gpointer    user_data)
{
  Cli *cli = user_data;

  return g_strdup (cli->account);
}

/* Opens a session at the URL's server; the URL's path comes back in
 * *path_out (not changed into: it may name a file). */
static FerrySession *
open_session (Cli         *cli,
              const char  *url,
              gboolean     active,
              guint        timeout,
              char       **path_out,
              GError     **error)
{
  g_autoptr(FerrySite) site = ferry_site_parse_url (url, error);
  g_autoptr(FerrySession) session = NULL;

  if (site == NULL)
    return NULL;
  *path_out = g_steal_pointer (&site->path);
  site->active = active;
  site->timeout = timeout;

  session = ferry_session_new ();
  ferry_session_set_log_func (session, log_cb, cli, NULL);
  ferry_session_set_certificate_func (session, ferry_cli_tls_accept, NULL, NULL);
  ferry_session_set_account_func (session, account_cb, cli, NULL);
  if (!ferry_session_open (session, site, cli->cancellable, error))
    return NULL;
  return g_steal_pointer (&session);
}

static void
print_entry (const FerryListEntry *entry)
{
  g_autofree char *display = ferry_list_entry_dup_display_name (entry);
  g_autofree char *name = escape_for_terminal (display);
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

static int
cmd_ls (Cli *cli, char **args, gboolean active, guint timeout)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FerrySession) session = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *path = NULL;

  if (g_strv_length (args) != 1)
    {
      fprintf (stderr, "ferry-cli: usage: ferry-cli ls URL\n");
      return EXIT_USAGE;
    }

  session = open_session (cli, args[0], active, timeout, &path, &error);
  if (session == NULL)
    return report_error (cli, error);

  entries = ferry_session_list (session, path, cli->cancellable, &error);
  if (entries == NULL)
    {
      int rc = report_error (cli, error);
      ferry_session_close (session);
      return rc;
    }
  for (guint i = 0; i < entries->len; i++)
    print_entry (g_ptr_array_index (entries, i));
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
cmd_get (Cli *cli, char **args, gboolean active, guint timeout, FerryOverwrite policy)
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
      return EXIT_USAGE;
    }

  {
    /* Check the URL before connecting: a folder cannot be downloaded. */
    g_autoptr(FerrySite) site = ferry_site_parse_url (args[0], &error);
    if (site == NULL)
      return report_error (cli, error);
    if (site->path == NULL || g_str_has_suffix (site->path, "/"))
      {
        fprintf (stderr, "ferry-cli: The URL names a folder, not a file\n");
        return EXIT_USAGE;
      }
  }

  session = open_session (cli, args[0], active, timeout, &path, &error);
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
                                          cli->cancellable, &error))
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
cmd_put (Cli *cli, char **args, gboolean active, guint timeout, FerryOverwrite policy)
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
      return EXIT_USAGE;
    }
  if (access (args[0], R_OK) != 0 || path_is_dir (args[0]))
    {
      int errsv = errno;
      fprintf (stderr, "ferry-cli: Cannot upload “%s”: %s\n", args[0],
               path_is_dir (args[0]) ? g_strerror (EISDIR) : g_strerror (errsv));
      return EXIT_FAILURE;
    }

  session = open_session (cli, args[1], active, timeout, &path, &error);
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
                                        cli->cancellable, &error))
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

static gboolean
parse_overwrite (const char      *text,
                 FerryOverwrite  *policy)
{
  static const struct { const char *name; FerryOverwrite policy; } names[] = {
    { "never",  FERRY_OVERWRITE_NEVER },
    { "always", FERRY_OVERWRITE_ALWAYS },
    { "resume", FERRY_OVERWRITE_RESUME },
    { "newer",  FERRY_OVERWRITE_NEWER },
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_ascii_strcasecmp (text, names[i].name) == 0)
      {
        *policy = names[i].policy;
        return TRUE;
      }
  return FALSE;
}

int
main (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = NULL;
  g_autofree char *overwrite = NULL;
  g_autofree char *account = NULL;
  g_auto(GStrv) args = NULL;
  gboolean active = FALSE;
  gboolean version = FALSE;
  int timeout = 0;
  FerryOverwrite policy = FERRY_OVERWRITE_NEVER;
  Cli cli = { 0 };
  const GOptionEntry entries[] = {
    { "active", 'a', 0, G_OPTION_ARG_NONE, &active,
      "Active mode: the server connects to us (EPRT/PORT)", NULL },
    { "overwrite", 'o', 0, G_OPTION_ARG_STRING, &overwrite,
      "When the target exists: never (default: fail), always, resume, newer", "POLICY" },
    { "timeout", 't', 0, G_OPTION_ARG_INT, &timeout,
      "Seconds to wait for the server (default 30)", "N" },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &cli.verbose,
      "Show every command and reply on stderr", NULL },
    { "account", 0, 0, G_OPTION_ARG_STRING, &account,
      "Account for servers that ask for one (ACCT)", "ACCOUNT" },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &cli.quiet,
      "No progress display", NULL },
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
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "ferry-cli: %s\n", error->message);
      return EXIT_USAGE;
    }
  if (!ferry_cli_tls_check_options () || !ferry_cli_limit_check_options ())
    return EXIT_USAGE;
  if (version)
    {
      printf ("ferry-cli %s\n", PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }
  if (overwrite != NULL && !parse_overwrite (overwrite, &policy))
    {
      fprintf (stderr, "ferry-cli: --overwrite must be never, always, resume or newer\n");
      return EXIT_USAGE;
    }
  if (timeout < 0)
    {
      fprintf (stderr, "ferry-cli: --timeout must be positive\n");
      return EXIT_USAGE;
    }
  if (args == NULL || args[0] == NULL)
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);
      fprintf (stderr, "%s", help);
      return EXIT_USAGE;
    }

  cancellable = g_cancellable_new ();
  cli.cancellable = cancellable;
  cli.account = account;
  cli.show_progress = !cli.quiet && isatty (STDERR_FILENO);
  watch_signals (cancellable);

  if (g_str_equal (args[0], "ls"))
    return cmd_ls (&cli, args + 1, active, timeout);
  if (g_str_equal (args[0], "get"))
    return cmd_get (&cli, args + 1, active, timeout, policy);
  if (g_str_equal (args[0], "put"))
    return cmd_put (&cli, args + 1, active, timeout, policy);

  fprintf (stderr, "ferry-cli: unknown command “%s” (try --help)\n", args[0]);
  return EXIT_USAGE;
}
