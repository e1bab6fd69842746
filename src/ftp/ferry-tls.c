/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ferry-tls.h"

#define FINGERPRINT_BYTES 32

char *
ferry_tls_certificate_fingerprint (GTlsCertificate *cert)
{
  g_autoptr(GByteArray) der = NULL;
  g_autoptr(GChecksum) checksum = NULL;
  guint8 digest[FINGERPRINT_BYTES];
  gsize digest_len = sizeof digest;
  GString *text;

  g_return_val_if_fail (G_IS_TLS_CERTIFICATE (cert), NULL);

  g_object_get (cert, "certificate", &der, NULL);
  if (der == NULL)
    return g_strdup ("");
  checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_checksum_update (checksum, der->data, der->len);
  g_checksum_get_digest (checksum, digest, &digest_len);

  text = g_string_sized_new (3 * FINGERPRINT_BYTES);
  for (gsize i = 0; i < digest_len; i++)
    g_string_append_printf (text, i == 0 ? "%02X" : ":%02X", digest[i]);
  return g_string_free (text, FALSE);
}

char *
ferry_tls_certificate_subject (GTlsCertificate *cert)
{
  char *name = g_tls_certificate_get_subject_name (cert);
  return name != NULL ? name : g_strdup ("");
}

char *
ferry_tls_certificate_issuer (GTlsCertificate *cert)
{
  char *name = g_tls_certificate_get_issuer_name (cert);
  return name != NULL ? name : g_strdup ("");
}

GDateTime *
ferry_tls_certificate_not_before (GTlsCertificate *cert)
{
  return g_tls_certificate_get_not_valid_before (cert);
}

GDateTime *
ferry_tls_certificate_not_after (GTlsCertificate *cert)
{
  return g_tls_certificate_get_not_valid_after (cert);
}

char *
ferry_tls_errors_to_string (GTlsCertificateFlags errors)
{
  static const struct { GTlsCertificateFlags flag; const char *text; } names[] = {
    { G_TLS_CERTIFICATE_UNKNOWN_CA,    "not signed by a trusted authority" },
    { G_TLS_CERTIFICATE_BAD_IDENTITY,  "issued for another host name" },
    { G_TLS_CERTIFICATE_NOT_ACTIVATED, "not valid yet" },
    { G_TLS_CERTIFICATE_EXPIRED,       "expired" },
    { G_TLS_CERTIFICATE_REVOKED,       "revoked" },
    { G_TLS_CERTIFICATE_INSECURE,      "uses an insecure algorithm" },
    { G_TLS_CERTIFICATE_GENERIC_ERROR, "not valid" },
  };
  GString *text = g_string_new (NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    if (errors & names[i].flag)
      g_string_append_printf (text, "%s%s", text->len ? ", " : "", names[i].text);
  return g_string_free (text, FALSE);
}

static char *
format_date (GDateTime *dt)
{
  return dt != NULL ? g_date_time_format (dt, "%Y-%m-%d %H:%M:%S UTC") : g_strdup ("unknown");
}

char *
ferry_tls_certificate_describe (GTlsCertificate      *cert,
                                GTlsCertificateFlags  errors,
                                const char           *indent)
{
  g_autofree char *fingerprint = ferry_tls_certificate_fingerprint (cert);
  g_autofree char *subject = ferry_tls_certificate_subject (cert);
  g_autofree char *issuer = ferry_tls_certificate_issuer (cert);
  g_autoptr(GDateTime) before = ferry_tls_certificate_not_before (cert);
  g_autoptr(GDateTime) after = ferry_tls_certificate_not_after (cert);
  g_autofree char *from = format_date (before);
  g_autofree char *until = format_date (after);
  g_autofree char *problems = ferry_tls_errors_to_string (errors);
  GString *text = g_string_new (NULL);

  indent = indent != NULL ? indent : "";
  g_string_append_printf (text, "%sSHA-256 fingerprint: %s\n", indent, fingerprint);
  g_string_append_printf (text, "%sSubject: %s\n", indent, subject);
  g_string_append_printf (text, "%sIssuer: %s\n", indent, issuer);
  g_string_append_printf (text, "%sValid from %s until %s", indent, from, until);
  if (problems[0] != '\0')
    g_string_append_printf (text, "\n%sProblems: %s", indent, problems);
  return g_string_free (text, FALSE);
}

char *
ferry_tls_fingerprint_normalize (const char *text)
{
  GString *out;
  guint digits = 0;

  g_return_val_if_fail (text != NULL, NULL);

  /* "sha256:" or "SHA256=" as openssl prints it. */
  if (g_ascii_strncasecmp (text, "sha256", 6) == 0 && (text[6] == ':' || text[6] == '='))
    text += 7;
  else if (g_ascii_strncasecmp (text, "SHA256 Fingerprint=", 19) == 0)
    text += 19;

  out = g_string_sized_new (3 * FINGERPRINT_BYTES);
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == ':' || *p == ' ' || *p == '-')
        continue;
      if (!g_ascii_isxdigit (*p) || digits == 2 * FINGERPRINT_BYTES)
        {
          g_string_free (out, TRUE);
          return NULL;
        }
      if (digits > 0 && digits % 2 == 0)
        g_string_append_c (out, ':');
      g_string_append_c (out, g_ascii_toupper (*p));
      digits++;
    }
  if (digits != 2 * FINGERPRINT_BYTES)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}
