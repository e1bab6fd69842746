/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ferry-worker.h"

G_BEGIN_DECLS

/*
 * The question asked when an FTPS server's certificate does not verify:
 * an AdwMessageDialog showing its fingerprint, subject, issuer, dates and
 * problems, with Reject / Accept Once / Always Trust.  A certificate
 * accepted once is not asked about again by other workers of this
 * process (the transfer workers connect to the same server).
 */

/* Answers @worker's accept-certificate signals with the dialog, transient
 * for @parent (held weakly). */
void        ferry_certificate_dialog_watch (FerryWorker *worker,
                                            GtkWindow   *parent);

/* The dialog itself, for tests: responses "reject", "once", "always". */
AdwMessageDialog *ferry_certificate_dialog_new (GtkWindow            *parent,
                                                GTlsCertificate      *cert,
                                                GTlsCertificateFlags  errors,
                                                const char           *host,
                                                gboolean              changed);

G_END_DECLS
