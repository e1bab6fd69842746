/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * ferry-cli's certificate options, shared by every command that connects:
 *   --insecure               accept any certificate (with a warning that
 *                            shows its fingerprint)
 *   --trust-fingerprint FP   accept exactly the certificate whose SHA-256
 *                            fingerprint is FP
 * Without them a certificate that does not verify is refused, and its
 * fingerprint, subject, issuer and dates are shown on stderr.
 */

/* Entries to add with g_option_context_add_main_entries(). */
const GOptionEntry *ferry_cli_tls_option_entries (void);

/* After parsing: FALSE (and a message on stderr) when
 * --trust-fingerprint is not a SHA-256 fingerprint. */
gboolean            ferry_cli_tls_check_options  (void);

/* A FerryCertificateFunc applying the options above. */
gboolean            ferry_cli_tls_accept         (GTlsCertificate      *cert,
                                                  GTlsCertificateFlags  errors,
                                                  const char           *host,
                                                  gpointer              user_data);

G_END_DECLS
