/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ferry-cli's single-command subcommands: raw, mkdir, rmdir, rm, mv, and
 * the get/put variants --ascii (TYPE A), --append (APPE) and --unique
 * (STOU).  One control connection each, like ls/get/put.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gio/gio.h>

#include "ferry-cli-commands.h"
#include "ferry-cli-common.h"
#include "ferry-cli-tls.h"
#include "ferry-cli-interaction.h"
#include "ferry-connection.h"
#include "ferry-path.h"
#include "ferry-session.h"
#include "ferry-site.h"

typedef struct
{
  gboolean       verbose;
  gboolean       raw;            /* print replies on stdout */
  guint          last_code;      /* the last reply's code */
  gboolean       ascii;
  gboolean       append;
  gboolean       unique;
  gboolean       overwrite;      /* --overwrite=always */
  gboolean       recursive;      /* rm -r */
  FerryCliConnection conn;      /* --active, --timeout, --account */
} Cmd;

static const char *const own_commands[] = { "raw", "mkdir", "rmdir", "rm", "mv", NULL };

gboolean
ferry_cli_commands_wanted (int    argc,
                           char **argv)
{
  const char *command = NULL;
  gboolean variant = FALSE;

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--"))
        break;
      if (g_str_equal (argv[i], "--ascii") || g_str_equal (argv[i], "--append") ||
          g_str_equal (argv[i], "--unique"))
        variant = TRUE;
      else if (command == NULL && argv[i][0] != '-' &&
               /* not the value of an option that takes one */
               !(i > 1 && (g_str_equal (argv[i - 1], "-t") || g_str_equal (argv[i - 1], "-o") ||
                           g_str_equal (argv[i - 1], "--timeout") ||
                           g_str_equal (argv[i - 1], "--overwrite") ||
                           g_str_equal (argv[i - 1], "--account") ||
                           g_str_equal (argv[i - 1], "--trust-fingerprint"))))
        command = argv[i];
    }
  if (command == NULL)
    return FALSE;
  if (g_strv_contains (own_commands, command))
    return TRUE;
  return variant && (g_str_equal (command, "get") || g_str_equal (command, "put"));
}

/* ---- output ----------------------------------------------------------- */

static void
log_cb (FerryLogKind  kind,
        guint         code,
        const char   *text,
        gpointer      user_data)
{
  Cmd *cmd = user_data;
  g_autofree char *safe = ferry_cli_escape_for_terminal (text, TRUE);

  if (kind == FERRY_LOG_REPLY)
    cmd->last_code = code;
  if (cmd->raw && cmd->verbose && kind == FERRY_LOG_COMMAND)
    fprintf (stdout, "> %s\n", safe);
  else if (cmd->raw && kind == FERRY_LOG_REPLY)
    fprintf (stdout, "%s\n", safe);
  else if (cmd->verbose)
    fprintf (stderr, "%s %s\n", ferry_cli_log_prefix (kind), safe);
  if (cmd->raw)
    fflush (stdout);
}

/* ---- sessions --------------------------------------------------------- */

static int
finish (FerrySession *session,
        GError       *error)
{
  int rc = error != NULL ? ferry_cli_report_error (error) : EXIT_SUCCESS;

  if (session != NULL)
    ferry_session_close (session);
  return rc;
}

/* ---- raw --------------------------------------------------------------- */

/* Commands whose reply depends on a data connection that raw does not
 * set up, or that set one up and leave it dangling. */
static const char *const data_verbs[] = {
  "RETR", "STOR", "STOU", "APPE", "PASV", "EPSV", "PORT", "EPRT", "LPSV", "LPRT", "SPSV", NULL
};
static const char *const listing_verbs[] = { "LIST", "NLST", "MLSD", NULL };

/* The exit status comes from the last reply to the user's commands, not
 * from our own QUIT's. */
static int
raw_done (Cmd          *cmd,
          FerrySession *session)
{
  int rc = cmd->last_code >= 400 ? EXIT_FAILURE : EXIT_SUCCESS;

  cmd->raw = FALSE;
  cmd->last_code = 0;
  ferry_session_close (session);
  return rc;
}

static int
cmd_raw (Cmd *cmd, char **args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FerrySession) session = NULL;
  g_autofree char *path = NULL;
  guint n = g_strv_length (args);

  if (n < 2)
    {
      fprintf (stderr, "ferry-cli: usage: ferry-cli raw URL 'COMMAND' …\n");
      return FERRY_CLI_EXIT_USAGE;
    }
  /* Check every command before connecting. */
  for (guint i = 1; i < n; i++)
    {
      g_autofree char *verb = g_ascii_strup (args[i], strcspn (args[i], " "));

      if (g_strv_contains (data_verbs, verb))
        {
          fprintf (stderr, "ferry-cli: raw cannot run “%s”: it needs a data connection "
                   "(use get, put or ls; raw runs LIST, NLST and MLSD as listings)\n", verb);
          return FERRY_CLI_EXIT_USAGE;
        }
      if (strpbrk (args[i], "\r\n") != NULL)
        {
          fprintf (stderr, "ferry-cli: a command cannot contain a line break\n");
          return FERRY_CLI_EXIT_USAGE;
        }
    }

  session = ferry_cli_open_session (&cmd->conn, args[0], &path, &error);
  if (session == NULL)
    return finish (NULL, error);
  if (path != NULL && path[0] != '\0' && !g_str_equal (path, "/") &&
      !ferry_session_cwd (session, path, cmd->conn.cancellable, &error))
    return finish (session, error);

  /* From here on every reply line goes to stdout. */
  cmd->raw = TRUE;
  for (guint i = 1; i < n; i++)
    {
      g_autofree char *verb = g_ascii_strup (args[i], strcspn (args[i], " "));

      if (g_strv_contains (listing_verbs, verb))
        {
          g_autoptr(GBytes) bytes = ferry_session_list_raw (session, args[i], cmd->conn.cancellable, &error);

          if (bytes == NULL)
            {
              /* A refused listing is a reply like any other. */
              if (error->domain == FERRY_FTP_ERROR && error->code >= 400 && error->code < 600 &&
                  ferry_session_is_open (session))
                {
                  g_clear_error (&error);
                  continue;
                }
              return finish (session, error);
            }
          {
            g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
            g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

            for (guint l = 0; lines[l] != NULL; l++)
              {
                g_autofree char *safe = NULL;
                gsize len = strlen (lines[l]);

                if (len > 0 && lines[l][len - 1] == '\r')
                  lines[l][len - 1] = '\0';
                if (lines[l][0] == '\0' && lines[l + 1] == NULL)
                  break;
                safe = ferry_cli_escape_for_terminal (lines[l], TRUE);
                printf ("%s\n", safe);
              }
            fflush (stdout);
          }
          continue;
        }

      {
        g_autoptr(FerryReply) reply = ferry_session_command (session, args[i], cmd->conn.cancellable, &error);
        if (reply == NULL)
          return finish (session, error);
      }
      /* After QUIT the server closes the connection. */
      if (g_str_equal (verb, "QUIT"))
        break;
    }
  return raw_done (cmd, session);
}

/* ---- mkdir, rmdir, rm, mv ---------------------------------------------- */

static int
cmd_path_op (Cmd *cmd, const char *op, char **args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FerrySession) session = NULL;
  g_autofree char *path = NULL;
  gboolean ok;
  guint want = g_str_equal (op, "mv") ? 2 : 1;

  if (g_strv_length (args) != want)
    {
      fprintf (stderr, "ferry-cli: usage: ferry-cli %s URL%s\n", op,
               want == 2 ? " NEW-PATH (absolute, or relative to the URL's folder)" : "");
      return FERRY_CLI_EXIT_USAGE;
    }

  session = ferry_cli_open_session (&cmd->conn, args[0], &path, &error);
  if (session == NULL)
    return finish (NULL, error);
  if (path == NULL || path[0] == '\0' || g_str_equal (path, "/"))
    {
      fprintf (stderr, "ferry-cli: %s needs a path in the URL\n", op);
      ferry_session_close (session);
      return FERRY_CLI_EXIT_USAGE;
    }

  if (g_str_equal (op, "mkdir"))
    ok = ferry_session_mkdir (session, path, cmd->conn.cancellable, &error);
  else if (g_str_equal (op, "rmdir"))
    ok = ferry_session_rmdir (session, path, cmd->conn.cancellable, &error);
  else if (g_str_equal (op, "rm"))
    ok = ferry_session_delete (session, path, cmd->conn.cancellable, &error);
  else
    {
      g_autofree char *target = NULL;

      if (args[1][0] == '/')
        target = g_strdup (args[1]);
      else
        {
          g_autofree char *trimmed = g_strdup (path);
          g_autofree char *dir = NULL;
          gsize len = strlen (trimmed);

          while (len > 1 && trimmed[len - 1] == '/')
            trimmed[--len] = '\0';
          dir = g_path_get_dirname (trimmed);
          target = ferry_path_remote_join (dir, args[1]);
        }
      ok = ferry_session_rename (session, path, target, cmd->conn.cancellable, &error);
    }
  return finish (session, ok ? NULL : error);
}

/* ---- rm -r: FerryConnection's recursive delete ------------------------ */

typedef struct
{
  Cmd             *cmd;
  FerryConnection *connection;
  GMainLoop       *loop;
  char            *path;
  gboolean         as_file;     /* the second try: CWD said it is no folder */
  GError          *error;
  guint            deleted;
} RmTree;

static void rm_tree_start (RmTree *rm);

static void
rm_tree_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  RmTree *rm = data;
  g_autoptr(GError) error = NULL;
  guint deleted = 0;

  if (!ferry_connection_delete_finish (FERRY_CONNECTION (source), result, &deleted, &error) &&
      !rm->as_file && rm->deleted + deleted == 0 && g_error_matches (error, FERRY_FTP_ERROR, 550))
    {
      /* Not a folder (or not there): DELE says which. */
      rm->as_file = TRUE;
      rm_tree_start (rm);
      return;
    }
  rm->deleted += deleted;
  rm->error = g_steal_pointer (&error);
  g_main_loop_quit (rm->loop);
}

static void
rm_tree_start (RmTree *rm)
{
  const char *one[] = { rm->path, NULL };

  ferry_connection_delete_async (rm->connection, rm->as_file ? one : NULL, rm->as_file ? NULL : one,
                                 rm->cmd->conn.cancellable, rm_tree_done_cb, rm);
}

static void
rm_tree_log_cb (FerryWorker *worker,
                int          kind,
                guint        code,
                const char  *text,
                Cmd         *cmd)
{
  log_cb ((FerryLogKind) kind, code, text, cmd);
}

static int
cmd_rm_recursive (Cmd *cmd, char **args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FerrySite) site = NULL;
  g_autoptr(FerryInteraction) interaction = NULL;
  g_autoptr(FerryConnection) connection = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  RmTree rm = { 0 };
  int status;

  if (g_strv_length (args) != 1)
    {
      fprintf (stderr, "ferry-cli: usage: ferry-cli rm -r URL\n");
      return FERRY_CLI_EXIT_USAGE;
    }
  site = ferry_cli_site_for_url (&cmd->conn, args[0], &rm.path, &error);
  if (site == NULL)
    return finish (NULL, error);
  if (rm.path == NULL || rm.path[0] == '\0' || g_str_equal (rm.path, "/"))
    {
      fprintf (stderr, "ferry-cli: rm -r needs a path in the URL (and never takes the whole server)\n");
      g_free (rm.path);
      return FERRY_CLI_EXIT_USAGE;
    }

  interaction = ferry_cli_interaction_new (cmd->conn.account, cmd->conn.tell_account, FALSE, NULL, NULL);
  connection = ferry_connection_new (site, interaction);
  g_signal_connect (ferry_connection_get_worker (connection), "log-line", G_CALLBACK (rm_tree_log_cb), cmd);
  loop = g_main_loop_new (NULL, FALSE);
  rm.cmd = cmd;
  rm.connection = connection;
  rm.loop = loop;
  rm_tree_start (&rm);
  g_main_loop_run (loop);

  if (cmd->verbose)
    fprintf (stderr, "ferry-cli: %u deleted\n", rm.deleted);
  status = rm.error != NULL ? ferry_cli_report_error (rm.error) : 0;
  g_clear_error (&rm.error);
  g_free (rm.path);
  return status;
}

/* ---- get --ascii, put --ascii/--append/--unique ------------------------ */

static void
progress_none (guint64 done, gint64 total, gpointer user_data)
{
}

static int
cmd_get_ascii (Cmd *cmd, char **args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FerrySession) session = NULL;
  g_autoptr(GFile) part_file = NULL;
  g_autoptr(GFileOutputStream) out = NULL;
  g_autofree char *path = NULL;
  g_autofree char *local = NULL;
  g_autofree char *part = NULL;
  guint n = g_strv_length (args);
  gboolean ok;

  if (!cmd->ascii || cmd->append || cmd->unique || n < 1 || n > 2)
    {
      fprintf (stderr, "ferry-cli: usage: ferry-cli get --ascii URL [LOCAL]\n");
      return FERRY_CLI_EXIT_USAGE;
    }
  session = ferry_cli_open_session (&cmd->conn, args[0], &path, &error);
  if (session == NULL)
    return finish (NULL, error);
  {
    g_autofree char *name = ferry_path_remote_basename (path);
    if (n == 2 && !g_file_test (args[1], G_FILE_TEST_IS_DIR))
      local = g_strdup (args[1]);
    else
      local = ferry_path_local_child (n == 2 ? args[1] : ".", name, &error);
    if (local == NULL)
      return finish (session, error);
  }
  if (!cmd->overwrite && g_file_test (local, G_FILE_TEST_EXISTS))
    {
      fprintf (stderr, "ferry-cli: “%s” exists (give --overwrite=always to replace it)\n", local);
      finish (session, NULL);
      return EXIT_FAILURE;
    }

  /* Into NAME.part, renamed when complete, as binary downloads do. */
  part = ferry_file_transfer_part_path (local);
  part_file = g_file_new_for_path (part);
  out = g_file_replace (part_file, NULL, FALSE, G_FILE_CREATE_NONE, cmd->conn.cancellable, &error);
  if (out == NULL)
    return finish (session, error);
  ok = ferry_session_set_type (session, FERRY_TRANSFER_ASCII, cmd->conn.cancellable, &error) &&
       ferry_session_download (session, path, G_OUTPUT_STREAM (out), 0, -1, progress_none, NULL,
                               NULL, cmd->conn.cancellable, &error) &&
       g_output_stream_close (G_OUTPUT_STREAM (out), cmd->conn.cancellable, &error);
  if (ok && rename (part, local) != 0)
    {
      int errsv = errno;
      g_set_error (&error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   "Cannot rename “%s”: %s", part, g_strerror (errsv));
      ok = FALSE;
    }
  return finish (session, ok ? NULL : error);
}

static int
cmd_put_variant (Cmd *cmd, char **args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FerrySession) session = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInputStream) in = NULL;
  g_autofree char *path = NULL;
  g_autofree char *remote = NULL;
  g_autofree char *name = NULL;
  struct stat st;
  gboolean ok;

  if (g_strv_length (args) != 2 || (cmd->append && cmd->unique))
    {
      fprintf (stderr, "ferry-cli: usage: ferry-cli put [--ascii] [--append | --unique] LOCAL URL\n");
      return FERRY_CLI_EXIT_USAGE;
    }
  if (stat (args[0], &st) != 0 || S_ISDIR (st.st_mode))
    {
      fprintf (stderr, "ferry-cli: Cannot upload “%s”: %s\n", args[0],
               g_strerror (S_ISDIR (st.st_mode) ? EISDIR : errno));
      return EXIT_FAILURE;
    }
  file = g_file_new_for_path (args[0]);
  in = g_file_read (file, NULL, &error);
  if (in == NULL)
    return finish (NULL, error);

  session = ferry_cli_open_session (&cmd->conn, args[1], &path, &error);
  if (session == NULL)
    return finish (NULL, error);

  name = g_path_get_basename (args[0]);
  if (path == NULL || path[0] == '\0')
    remote = g_strdup (name);
  else if (g_str_has_suffix (path, "/"))
    remote = cmd->unique ? g_strdup (path) : ferry_path_remote_join (path, name);
  else
    remote = g_strdup (path);

  if (cmd->ascii && !ferry_session_set_type (session, FERRY_TRANSFER_ASCII, cmd->conn.cancellable, &error))
    return finish (session, error);

  if (cmd->unique)
    {
      g_autofree char *chosen = NULL;

      /* STOU takes no argument (RFC 959): change into the folder. */
      if (g_str_has_suffix (remote, "/") && !g_str_equal (remote, "/") &&
          !ferry_session_cwd (session, remote, cmd->conn.cancellable, &error))
        return finish (session, error);
      chosen = ferry_session_upload_unique (session, G_INPUT_STREAM (in), NULL, st.st_size,
                                            progress_none, NULL, cmd->conn.cancellable, &error);
      if (chosen == NULL)
        return finish (session, error);
      {
        g_autofree char *safe = ferry_cli_escape_for_terminal (chosen, TRUE);
        printf ("%s\n", safe);
        fflush (stdout);
      }
      return finish (session, NULL);
    }

  if (cmd->append)
    ok = ferry_session_append (session, G_INPUT_STREAM (in), remote, st.st_size,
                               progress_none, NULL, cmd->conn.cancellable, &error);
  else
    {
      /* --ascii STOR: the existing-target check of plain put. */
      if (!cmd->overwrite)
        {
          g_autoptr(GError) size_error = NULL;
          gint64 size = ferry_session_size (session, remote, cmd->conn.cancellable, &size_error);

          if (size >= 0)
            {
              fprintf (stderr, "ferry-cli: “%s” exists on the server (give --overwrite=always)\n",
                       remote);
              ferry_session_close (session);
              return EXIT_FAILURE;
            }
          if (!ferry_session_is_open (session))
            return finish (NULL, size_error);
        }
      ok = ferry_session_upload (session, G_INPUT_STREAM (in), remote, 0, st.st_size,
                                 progress_none, NULL, cmd->conn.cancellable, &error);
    }
  return finish (session, ok ? NULL : error);
}

/* ---- main -------------------------------------------------------------- */

int
ferry_cli_commands_main (int    argc,
                         char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GCancellable) cancellable = NULL;
  g_autofree char *overwrite = NULL;
  g_autofree char *account = NULL;
  g_auto(GStrv) args = NULL;
  gboolean quiet = FALSE;
  Cmd cmd = { 0 };
  const GOptionEntry entries[] = {
    { "active", 'a', 0, G_OPTION_ARG_NONE, &cmd.conn.active,
      "Active mode: the server connects to us (EPRT/PORT)", NULL },
    { "timeout", 't', 0, G_OPTION_ARG_INT, &cmd.conn.timeout,
      "Seconds to wait for the server (default 30)", "N" },
    { "overwrite", 'o', 0, G_OPTION_ARG_STRING, &overwrite,
      "never (default) or always", "POLICY" },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &cmd.verbose,
      "Show every command and reply (raw: commands on stdout too)", NULL },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "Accepted; these commands show no progress", NULL },
    { "ascii", 0, 0, G_OPTION_ARG_NONE, &cmd.ascii,
      "get/put in ASCII (TYPE A): CRLF on the wire, LF here", NULL },
    { "append", 0, 0, G_OPTION_ARG_NONE, &cmd.append,
      "put: append to the remote file (APPE)", NULL },
    { "unique", 0, 0, G_OPTION_ARG_NONE, &cmd.unique,
      "put: let the server choose a unique name (STOU) and print it", NULL },
    { "account", 0, 0, G_OPTION_ARG_STRING, &account,
      "Account for servers that ask for one (ACCT)", "ACCOUNT" },
    { "recursive", 'r', 0, G_OPTION_ARG_NONE, &cmd.recursive,
      "rm: delete the folder with everything in it", NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &args, NULL, "COMMAND ARGS…" },
    { NULL }
  };

  /* The usage line shows the G_OPTION_REMAINING description already:
   * only the tagline here. */
  context = g_option_context_new ("— FTP commands on one connection");
  g_option_context_set_summary (context,
    "  raw URL 'CMD' …      Send each command after login, print every reply line;\n"
    "                       exit 1 when the last reply is 4xx/5xx.  LIST, NLST\n"
    "                       and MLSD run as listings; other data commands are refused\n"
    "  mkdir URL            Create the folder (MKD)\n"
    "  rmdir URL            Remove the empty folder (RMD)\n"
    "  rm URL               Delete the file (DELE)\n"
    "  rm -r URL            Delete the folder with everything in it (or the file)\n"
    "  mv URL NEW-PATH      Rename (RNFR/RNTO); NEW-PATH absolute or relative\n"
    "                       to the URL's folder\n"
    "  get --ascii URL [LOCAL]\n"
    "  put [--ascii] [--append | --unique] LOCAL URL");
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_add_main_entries (context, ferry_cli_tls_option_entries (), NULL);
  if (!ferry_cli_parse_options (context, &argc, &argv))
    return FERRY_CLI_EXIT_USAGE;
  if (overwrite != NULL)
    {
      if (g_ascii_strcasecmp (overwrite, "always") == 0)
        cmd.overwrite = TRUE;
      else if (g_ascii_strcasecmp (overwrite, "never") != 0)
        {
          fprintf (stderr, "ferry-cli: these commands take --overwrite=never or always\n");
          return FERRY_CLI_EXIT_USAGE;
        }
    }
  if (cmd.conn.timeout < 0 || args == NULL || args[0] == NULL)
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);
      fprintf (stderr, "%s", help);
      return FERRY_CLI_EXIT_USAGE;
    }
  cmd.conn.account = account;
  cmd.conn.tell_account = TRUE;
  cmd.conn.log_func = log_cb;
  cmd.conn.log_data = &cmd;

  cancellable = g_cancellable_new ();
  cmd.conn.cancellable = cancellable;
  ferry_cli_watch_signals (cancellable);

  if (g_str_equal (args[0], "raw"))
    return cmd_raw (&cmd, args + 1);
  if (g_str_equal (args[0], "get"))
    return cmd_get_ascii (&cmd, args + 1);
  if (g_str_equal (args[0], "put"))
    return cmd_put_variant (&cmd, args + 1);
  if (g_str_equal (args[0], "rm") && cmd.recursive)
    return cmd_rm_recursive (&cmd, args + 1);
  for (guint i = 1; own_commands[i] != NULL; i++)
    if (g_str_equal (args[0], own_commands[i]))
      return cmd_path_op (&cmd, args[0], args + 1);

  fprintf (stderr, "ferry-cli: unknown command “%s”\n", args[0]);
  return FERRY_CLI_EXIT_USAGE;
}
