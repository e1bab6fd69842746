/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "ferry-ftp-error.h"

G_DEFINE_QUARK (ferry-ftp-error-quark, ferry_ftp_error)

gboolean
ferry_ftp_error_is_transient (const GError *error)
{
  if (error == NULL)
    return FALSE;

  if (error->domain == FERRY_FTP_ERROR)
    {
      if (error->code >= 400 && error->code < 500)
        return TRUE;
      return error->code == FERRY_FTP_ERROR_CLOSED ||
             error->code == FERRY_FTP_ERROR_TIMED_OUT ||
             error->code == FERRY_FTP_ERROR_OUT_OF_STEP;
    }

  /* The network layer reports drops and timeouts in its own domain;
   * they are as worth a retry as ours. */
  if (error->domain == G_IO_ERROR)
    {
      switch (error->code)
        {
        case G_IO_ERROR_TIMED_OUT:
        case G_IO_ERROR_CONNECTION_CLOSED:
        case G_IO_ERROR_CONNECTION_REFUSED:
        case G_IO_ERROR_HOST_UNREACHABLE:
        case G_IO_ERROR_NETWORK_UNREACHABLE:
        case G_IO_ERROR_NOT_CONNECTED:
          return TRUE;
        default:
          return FALSE;
        }
    }

  return FALSE;
}

typedef struct
{
  guint       code;
  const char *text;
} CodeExplanation;

/* Every code of the seeds' table, plus the other RFC 959/2228/2428/3659
 * codes a user is likely to meet in the log. */
static const CodeExplanation explanations[] = {
  { 110, N_("Restart marker reply") },
  { 120, N_("Service ready in a few minutes") },
  { 125, N_("Data connection already open; transfer starting") },
  { 150, N_("File status okay; about to open data connection") },
  { 200, N_("Command okay") },
  { 202, N_("Command not implemented, superfluous at this site") },
  { 211, N_("System status, or system help reply") },
  { 212, N_("Directory status") },
  { 213, N_("File status") },
  { 214, N_("Help message") },
  { 215, N_("System type") },
  { 220, N_("Service ready for new user") },
  { 221, N_("Service closing control connection") },
  { 225, N_("Data connection open; no transfer in progress") },
  { 226, N_("Closing data connection; requested file action successful") },
  { 227, N_("Entering passive mode") },
  { 228, N_("Entering long passive mode") },
  { 229, N_("Entering extended passive mode") },
  { 230, N_("User logged in") },
  { 232, N_("User logged in, authorized by security data exchange") },
  { 234, N_("Security data exchange complete") },
  { 250, N_("Requested file action okay, completed") },
  { 257, N_("Pathname created") },
  { 331, N_("User name okay, need password") },
  { 332, N_("Need account for login") },
  { 334, N_("Security mechanism accepted, security data required") },
  { 350, N_("Requested file action pending further information") },
  { 421, N_("Service not available, closing control connection") },
  { 425, N_("Cannot open data connection") },
  { 426, N_("Connection closed; transfer aborted") },
  { 430, N_("Invalid user name or password") },
  { 431, N_("Need some unavailable resource to process security") },
  { 434, N_("Requested host unavailable") },
  { 450, N_("Requested file action not taken; file unavailable") },
  { 451, N_("Requested action aborted: local error in processing") },
  { 452, N_("Requested action not taken: insufficient storage space") },
  { 500, N_("Syntax error, command unrecognized") },
  { 501, N_("Syntax error in parameters or arguments") },
  { 502, N_("Command not implemented") },
  { 503, N_("Bad sequence of commands") },
  { 504, N_("Command not implemented for that parameter") },
  { 521, N_("Data connection cannot be opened with this protection setting") },
  { 522, N_("Network protocol not supported") },
  { 530, N_("Not logged in: wrong user name or password") },
  { 532, N_("Need account for storing files") },
  { 533, N_("Command protection level denied for policy reasons") },
  { 534, N_("Request denied for policy reasons") },
  { 535, N_("Failed security check") },
  { 536, N_("Requested protection level not supported by mechanism") },
  { 550, N_("File unavailable (not found or no access)") },
  { 551, N_("Requested action aborted: page type unknown") },
  { 552, N_("Requested file action aborted: exceeded storage allocation") },
  { 553, N_("Requested action not taken: file name not allowed") },
};

const char *
ferry_ftp_reply_code_explain (guint code)
{
  for (gsize i = 0; i < G_N_ELEMENTS (explanations); i++)
    if (explanations[i].code == code)
      return _(explanations[i].text);

  /* Unknown codes still say what their class means (the first digit). */
  switch (code / 100)
    {
    case 1:
      return _("Preliminary reply: action started");
    case 2:
      return _("Command completed");
    case 3:
      return _("More information needed");
    case 4:
      return _("Temporary failure; the command may be retried");
    case 5:
      return _("Permanent failure");
    default:
      return _("Unknown reply code");
    }
}
