/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ferry-transfer-queue.h"
#include "ferry-worker.h"

G_BEGIN_DECLS

/*
 * The question asked when a server wants an account (ACCT: 332 at login,
 * 532 on a transfer): an AdwMessageDialog with the server's words and a
 * password entry.  An account given for a user at a host is offered
 * again to this process's other workers (the transfer workers connect to
 * the same server) without asking.
 */

/* Gives the account typed, or NULL for none. */
typedef void (*FerryAccountAnswerFunc) (const char *account,
                                        gpointer    user_data);

/* Asks for @user's account at @host with the dialog (or answers at once
 * with the one given before), then calls @answer_func once (NULL when
 * the dialog goes without an answer); @destroy frees @user_data after. */
void              ferry_account_dialog_ask   (GtkWindow              *parent,
                                              const char             *user,
                                              const char             *host,
                                              const char             *prompt,
                                              FerryAccountAnswerFunc  answer_func,
                                              gpointer                user_data,
                                              GDestroyNotify          destroy);

/* The dialog itself, for tests: responses "cancel" and "login"; the
 * entry is the dialog's extra child. */
AdwMessageDialog *ferry_account_dialog_new   (GtkWindow  *parent,
                                              const char *user,
                                              const char *host,
                                              const char *prompt);

G_END_DECLS
