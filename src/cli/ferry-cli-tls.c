/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>

#include "ferry-cli-tls.h"
#include "ferry-tls.h"

/* Set by GOption, read on whatever thread a session handshakes in (after
 * parsing, never written again). */
static gboolean insecure;
static char *trust_fingerprint;
static char *trusted;          /* normalised */

static const GOptionEntry tls_entries[] = {
  { "insecure", 'k', 0, G_OPTION_ARG_NONE, &insecure,
    "FTPS: accept a server certificate that does not verify (shows its fingerprint)", NULL },
  { "trust-fingerprint", 0, 0, G_OPTION_ARG_STRING, &trust_fingerprint,
    "FTPS: accept the certificate with this SHA-256 fingerprint (AB:CD:…)", "SHA256" },
  { NULL }
};

const GOptionEntry *
ferry_cli_tls_option_entries (void)
{
  return tls_entries;
}

gboolean
ferry_cli_tls_check_options (void)
{
  if (trust_fingerprint == NULL)
    return TRUE;
  g_free (trusted);
  trusted = ferry_tls_fingerprint_normalize (trust_fingerprint);
  if (trusted == NULL)
    {
      fprintf (stderr, "ferry-cli: --trust-fingerprint wants a SHA-256 fingerprint "
                       "(64 hex digits, colons allowed)\n");
      return FALSE;
    }
  return TRUE;
}

gboolean
ferry_cli_tls_accept (GTlsCertificate      *cert,
                      GTlsCertificateFlags  errors,
                      const char           *host,
                      gpointer              user_data)
{
  g_autofree char *fingerprint = ferry_tls_certificate_fingerprint (cert);
  g_autofree char *description = NULL;

  if (trusted != NULL && g_str_equal (trusted, fingerprint))
    return TRUE;
  if (insecure && trusted == NULL)
    {
      fprintf (stderr, "ferry-cli: warning: --insecure: accepting the unverified certificate "
                       "of %s, SHA-256 fingerprint %s\n", host, fingerprint);
      return TRUE;
    }

  description = ferry_tls_certificate_describe (cert, errors, "  ");
  fprintf (stderr, "ferry-cli: The certificate of %s does not verify:\n%s\n", host, description);
  if (trusted != NULL)
    fprintf (stderr, "ferry-cli: It is not the certificate given with --trust-fingerprint (%s)\n",
             trusted);
  else
    fprintf (stderr, "ferry-cli: If you trust it, run again with --trust-fingerprint %s\n",
             fingerprint);
  return FALSE;
}
