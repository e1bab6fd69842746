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

/* Answers @worker's ask-account signals with the dialog, transient for
 * @parent (held weakly). */
void              ferry_account_dialog_watch (FerryWorker *worker,
                                              GtkWindow   *parent);
/* The same for a transfer queue's ask-account (asked once for all its
 * workers; answered with ferry_transfer_queue_answer_account). */
void              ferry_account_dialog_watch_queue (FerryTransferQueue *queue,
                                                    GtkWindow          *parent);

/* The dialog itself, for tests: responses "cancel" and "login"; the
 * entry is the dialog's extra child. */
AdwMessageDialog *ferry_account_dialog_new   (GtkWindow  *parent,
                                              const char *user,
                                              const char *host,
                                              const char *prompt);

G_END_DECLS
