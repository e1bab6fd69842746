/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/*
 * What every ferry-cli command shares: exit codes, terminal-safe text,
 * the one-line error, Ctrl+C, option checks, --overwrite names and
 * opening a session from a URL with the connection options.
 */

#include <gio/gio.h>

#include "ferry-file-transfer.h"
#include "ferry-session.h"
#include "ferry-throttle.h"

G_BEGIN_DECLS

#define FERRY_CLI_EXIT_USAGE      2
/* mirror: finished, nothing failed, but entries were skipped (each named
 * on stderr with its reason). */
#define FERRY_CLI_EXIT_SKIPPED    3
#define FERRY_CLI_EXIT_CANCELLED  130

/* Server-supplied text must not drive the terminal: control characters
 * (C0, DEL, C1; tabs too unless @keep_tab) are shown as \xNN, invalid
 * UTF-8 as U+FFFD.  NULL is taken as "". */
char     *ferry_cli_escape_for_terminal (const char *text,
                                         gboolean    keep_tab);

/* The prefix of a --verbose line: ">", "<", "!" or "*". */
const char *ferry_cli_log_prefix        (FerryLogKind kind);

/* "ferry-cli: MESSAGE" on one line, with the FTP reply code explained;
 * returns the exit status (FERRY_CLI_EXIT_CANCELLED for a cancel). */
int       ferry_cli_report_error        (const GError *error);

/* A thread that waits for SIGINT/SIGTERM and cancels @cancellable, so a
 * transfer ends with ABOR, keeps its .part file and the process exits
 * normally; a second signal ends the process at once.  Call before any
 * other thread starts. */
void      ferry_cli_watch_signals       (GCancellable *cancellable);

/* Parses @context (its entries already added), then checks the TLS and
 * --limit-rate options; FALSE after the message on stderr (exit
 * FERRY_CLI_EXIT_USAGE). */
gboolean  ferry_cli_parse_options       (GOptionContext   *context,
                                         int              *argc,
                                         char           ***argv);

/* --overwrite POLICY: never, always, resume, newer, and ask when
 * @allow_ask; FALSE for any other word. */
gboolean  ferry_cli_parse_overwrite     (const char     *text,
                                         gboolean        allow_ask,
                                         FerryOverwrite *policy);

/* --limit-rate RATE (get, put and mirror): entries to add to a context;
 * ferry_cli_parse_options() checks them. */
const GOptionEntry *ferry_cli_limit_option_entries (void);
/* The bytes per second asked for (0 = no limit). */
guint64             ferry_cli_limit_rate           (void);
/* A throttle at that rate, or NULL without a limit (borrowed; lives as
 * long as the process). */
FerryThrottle      *ferry_cli_limit_throttle       (void);

/* How a command connects; must outlive the sessions it opens. */
typedef struct
{
  gboolean      active;         /* --active */
  int           timeout;        /* --timeout, 0 = the default */
  const char   *account;        /* --account, for 332/532 (ACCT) */
  gboolean      tell_account;   /* say so on stderr when asked without one */
  GCancellable *cancellable;
  FerryLogFunc  log_func;
  gpointer      log_data;
} FerryCliConnection;

/* The URL's site with the connection options; its path comes back in
 * *@path_out (the site has none: the login folder). */
FerrySite    *ferry_cli_site_for_url    (const FerryCliConnection  *conn,
                                         const char                *url,
                                         char                     **path_out,
                                         GError                   **error);

/* Connects and logs in at the URL's server (certificates answered by the
 * TLS options); the URL's path comes back in *path_out, not changed
 * into: it may name a file. */
FerrySession *ferry_cli_open_session    (const FerryCliConnection  *conn,
                                         const char                *url,
                                         char                     **path_out,
                                         GError                   **error);

G_END_DECLS
