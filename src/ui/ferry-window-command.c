/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ferry-window-private.h"

/*
 * The command line under the log (FileZilla's "custom command"): what is
 * typed goes to the server through the browse worker; the reply shows in
 * the log like any other.  Anything but a handful of read-only commands
 * can change files or the connection, so it is confirmed first.
 */

static const char *const read_only_verbs[] = {
  "HELP", "STAT", "SYST", "NOOP", "PWD", "XPWD", "FEAT", "SIZE", "MDTM", "MLST", NULL
};

static char *
dup_verb (const char *command)
{
  size_t len = strcspn (command, " \t");

  return g_ascii_strup (command, (gssize) len);
}

/* What the dialog may show: never a password typed after PASS. */
static char *
shown_command (const char *command)
{
  g_autofree char *verb = dup_verb (command);

  if (g_str_equal (verb, "PASS") || g_str_equal (verb, "ACCT"))
    return g_strdup_printf ("%s ****", verb);
  return g_utf8_make_valid (command, -1);
}

static void
raw_done (FerryWindow  *self,
          GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  gboolean changes_state = GPOINTER_TO_INT (data);
  g_autoptr(GError) error = NULL;

  if (!ferry_worker_job_finish (FERRY_WORKER (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        ferry_window_report_error (self, _("Command failed"), error);
      return;
    }
  /* It may have created, removed or renamed something in view. */
  if (changes_state && self->connected)
    ferry_file_pane_reload (self->remote_pane);
}

static void
send_command (FerryWindow *self,
              const char  *command,
              gboolean     changes_state)
{
  if (self->connection == NULL || !self->connected)
    {
      ferry_window_toast (self, _("Connect to a server first"));
      return;
    }
  ferry_worker_raw_async (ferry_connection_get_worker (self->connection), command, NULL, ferry_window_op_cb,
                          ferry_window_op (self, raw_done, GINT_TO_POINTER (changes_state), NULL));
}

typedef struct
{
  FerryWindow *self;
  char        *command;
} PendingCommand;

static void
confirm_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     PendingCommand   *pending)
{
  if (g_str_equal (response, "send"))
    send_command (pending->self, pending->command, TRUE);
  /* The command may hold a password. */
  memset (pending->command, 0, strlen (pending->command));
  g_free (pending->command);
  g_free (pending);
}

static void
command_cb (FerryLogView *log_view,
            const char   *command,
            FerryWindow  *self)
{
  g_autofree char *verb = dup_verb (command);
  g_autofree char *shown = NULL;
  g_autofree char *heading = NULL;
  PendingCommand *pending;
  AdwMessageDialog *dialog;

  if (g_strv_contains (read_only_verbs, verb))
    {
      send_command (self, command, FALSE);
      return;
    }

  shown = shown_command (command);
  /* Translators: %s is an FTP command, e.g. "DELE notes.txt" */
  heading = g_strdup_printf (_("Send “%s”?"), shown);
  pending = g_new0 (PendingCommand, 1);
  pending->self = self;
  pending->command = g_strdup (command);

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading,
                                                       _("This command can change files on the server "
                                                         "or the state of the connection.")));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "send", _("_Send"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "send", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (confirm_response_cb), pending);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
ferry_window_command_init (FerryWindow *self)
{
  g_signal_connect_object (self->log_view, "command", G_CALLBACK (command_cb), self, 0);
}
