/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ferry-cli-common.h"
#include "ferry-cli-tls.h"
#include "ferry-site.h"

/* ---- output ----------------------------------------------------------- */

char *
ferry_cli_escape_for_terminal (const char *text,
                               gboolean    keep_tab)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  GString *out = g_string_sized_new (strlen (valid));

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if ((c < 0x20 && !(keep_tab && c == '\t')) || c == 0x7f || (c >= 0x80 && c < 0xa0))
        g_string_append_printf (out, "\\x%02x", c);
      else
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

const char *
ferry_cli_log_prefix (FerryLogKind kind)
{
  switch (kind)
    {
    case FERRY_LOG_COMMAND: return ">";
    case FERRY_LOG_REPLY:   return "<";
    case FERRY_LOG_ERROR:   return "!";
    case FERRY_LOG_INFO:
    default:                return "*";
    }
}

int
ferry_cli_report_error (const GError *error)
{
  g_autofree char *message = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      fprintf (stderr, "ferry-cli: Cancelled\n");
      return FERRY_CLI_EXIT_CANCELLED;
    }

  /* One line, whatever the server sent (CR/LF become \x0d/\x0a). */
  message = ferry_cli_escape_for_terminal (error->message, FALSE);
  if (error->domain == FERRY_FTP_ERROR && error->code >= 100 && error->code < 600)
    fprintf (stderr, "ferry-cli: %s (%s)\n", message, ferry_ftp_reply_code_explain (error->code));
  else
    fprintf (stderr, "ferry-cli: %s\n", message);
  return EXIT_FAILURE;
}

/* ---- Ctrl+C ------------------------------------------------------------ */

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
    _exit (FERRY_CLI_EXIT_CANCELLED);
  return NULL;
}

void
ferry_cli_watch_signals (GCancellable *cancellable)
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

/* ---- options ----------------------------------------------------------- */

static char *limit_rate_text;
static guint64 limit_rate;

static const GOptionEntry limit_entries[] = {
  { "limit-rate", 0, 0, G_OPTION_ARG_STRING, &limit_rate_text,
    "Speed limit for all connections together, in bytes/s (500K, 2M; K = 1024)", "RATE" },
  { NULL }
};

const GOptionEntry *
ferry_cli_limit_option_entries (void)
{
  return limit_entries;
}

static gboolean
limit_check_options (void)
{
  if (limit_rate_text == NULL)
    return TRUE;
  if (!ferry_throttle_parse_rate (limit_rate_text, &limit_rate))
    {
      fprintf (stderr, "ferry-cli: --limit-rate wants bytes per second, e.g. 500K or 2M\n");
      return FALSE;
    }
  return TRUE;
}

guint64
ferry_cli_limit_rate (void)
{
  return limit_rate;
}

FerryThrottle *
ferry_cli_limit_throttle (void)
{
  static FerryThrottle *throttle;

  if (limit_rate == 0)
    return NULL;
  if (throttle == NULL)
    throttle = ferry_throttle_new (limit_rate);
  return throttle;
}

gboolean
ferry_cli_parse_options (GOptionContext   *context,
                         int              *argc,
                         char           ***argv)
{
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      fprintf (stderr, "ferry-cli: %s\n", error->message);
      return FALSE;
    }
  /* Without the --limit-rate entries its text stays NULL: nothing to check. */
  return ferry_cli_tls_check_options () && limit_check_options ();
}

gboolean
ferry_cli_parse_overwrite (const char     *text,
                           gboolean        allow_ask,
                           FerryOverwrite *policy)
{
  static const struct { const char *name; FerryOverwrite policy; } names[] = {
    { "ask",    FERRY_OVERWRITE_ASK },
    { "never",  FERRY_OVERWRITE_NEVER },
    { "always", FERRY_OVERWRITE_ALWAYS },
    { "resume", FERRY_OVERWRITE_RESUME },
    { "newer",  FERRY_OVERWRITE_NEWER },
  };

  for (guint i = allow_ask ? 0 : 1; i < G_N_ELEMENTS (names); i++)
    if (g_ascii_strcasecmp (text, names[i].name) == 0)
      {
        *policy = names[i].policy;
        return TRUE;
      }
  return FALSE;
}

/* ---- sessions --------------------------------------------------------- */

/* 332/532: the --account given, or none (the server's code ends it). */
static char *
account_cb (const char *user,
            const char *prompt,
            gpointer    user_data)
{
  const FerryCliConnection *conn = user_data;

  if (conn->account == NULL && conn->tell_account)
    {
      g_autofree char *safe = ferry_cli_escape_for_terminal (prompt, TRUE);
      fprintf (stderr, "ferry-cli: the server asks for an account (give --account): %s\n", safe);
    }
  return g_strdup (conn->account);
}

FerrySite *
ferry_cli_site_for_url (const FerryCliConnection  *conn,
                        const char                *url,
                        char                     **path_out,
                        GError                   **error)
{
  FerrySite *site = ferry_site_parse_url (url, error);

  if (site == NULL)
    return NULL;
  *path_out = g_steal_pointer (&site->path);
  site->active = conn->active;
  site->timeout = (guint) conn->timeout;
  return site;
}

FerrySession *
ferry_cli_open_session (const FerryCliConnection  *conn,
                        const char                *url,
                        char                     **path_out,
                        GError                   **error)
{
  g_autoptr(FerrySite) site = ferry_cli_site_for_url (conn, url, path_out, error);
  g_autoptr(FerrySession) session = NULL;

  if (site == NULL)
    return NULL;

  session = ferry_session_new ();
  ferry_session_set_log_func (session, conn->log_func, conn->log_data, NULL);
  ferry_session_set_certificate_func (session, ferry_cli_tls_accept, NULL, NULL);
  ferry_session_set_account_func (session, account_cb, (gpointer) conn, NULL);
  if (!ferry_session_open (session, site, conn->cancellable, error))
    return NULL;
  return g_steal_pointer (&session);
}
