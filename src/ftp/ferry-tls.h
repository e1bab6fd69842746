/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * What a user needs to decide about a server certificate, in text:
 * shared by the session's error messages, ferry-cli, the trust store and
 * the certificate dialog so that all show the same fingerprint.
 */

/* SHA-256 of the DER encoding as "AB:CD:…" (95 characters). */
char       *ferry_tls_certificate_fingerprint  (GTlsCertificate *cert);

/* Subject and issuer distinguished names; "" when the backend cannot tell. */
char       *ferry_tls_certificate_subject      (GTlsCertificate *cert);
char       *ferry_tls_certificate_issuer       (GTlsCertificate *cert);

/* Validity bounds (UTC), or NULL when unknown. */
GDateTime  *ferry_tls_certificate_not_before   (GTlsCertificate *cert);
GDateTime  *ferry_tls_certificate_not_after    (GTlsCertificate *cert);

/* "unknown authority, host name mismatch", in English for logs and
 * errors; "" for no error. */
char       *ferry_tls_errors_to_string         (GTlsCertificateFlags errors);

/* Several lines: fingerprint, subject, issuer, validity, problems;
 * each line starts with @indent. */
char       *ferry_tls_certificate_describe     (GTlsCertificate      *cert,
                                                GTlsCertificateFlags  errors,
                                                const char           *indent);

/* Normalises a fingerprint typed by a user ("ab:cd…", "ABCD…", spaces)
 * to the "AB:CD:…" form; NULL when it is not 32 bytes of hex. */
char       *ferry_tls_fingerprint_normalize    (const char *text);

G_END_DECLS
