/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ferry-transfer-queue.h"
#include "ferry-worker.h"

G_BEGIN_DECLS

/*
 * The question asked when an FTPS server's certificate does not verify:
 * an AdwMessageDialog showing its fingerprint, subject, issuer, dates and
 * problems, with Reject / Accept Once / Always Trust.  A certificate
 * accepted once is not asked about again by other workers of this
 * process (the transfer queue's workers connect to the same server), and
 * while a dialog is up for a certificate, whoever else meets it waits
 * for the same answer instead of getting a second dialog.
 */

/* Gives the answer to whoever asked. */
typedef void (*FerryCertificateAnswerFunc) (FerryCertificateAnswer  answer,
                                            gpointer                user_data);

/* Asks about @cert with the dialog (or answers at once when it was
 * accepted already), then calls @answer_func once (also REJECT when the
 * dialog goes without an answer); @destroy frees @user_data after. */
void        ferry_certificate_dialog_ask   (GtkWindow                  *parent,
                                            GTlsCertificate            *cert,
                                            GTlsCertificateFlags        errors,
                                            const char                 *host,
                                            gboolean                    changed,
                                            FerryCertificateAnswerFunc  answer_func,
                                            gpointer                    user_data,
                                            GDestroyNotify              destroy);

/* The dialog itself, for tests: responses "reject", "once", "always". */
AdwMessageDialog *ferry_certificate_dialog_new (GtkWindow            *parent,
                                                GTlsCertificate      *cert,
                                                GTlsCertificateFlags  errors,
                                                const char           *host,
                                                gboolean              changed);

G_END_DECLS
