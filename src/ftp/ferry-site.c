/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "ferry-ftp-error.h"
#include "ferry-site.h"

G_DEFINE_BOXED_TYPE (FerrySite, ferry_site, ferry_site_copy, ferry_site_free)

FerrySite *
ferry_site_new (void)
{
  return g_new0 (FerrySite, 1);
}

FerrySite *
ferry_site_copy (const FerrySite *site)
{
  FerrySite *copy;

  g_return_val_if_fail (site != NULL, NULL);

  copy = g_new0 (FerrySite, 1);
  *copy = *site;
  copy->host = g_strdup (site->host);
  copy->user = g_strdup (site->user);
  copy->password = g_strdup (site->password);
  copy->path = g_strdup (site->path);
  return copy;
}

void
ferry_site_free (FerrySite *site)
{
  if (site == NULL)
    return;
  g_free (site->host);
  g_free (site->user);
  if (site->password != NULL)
    {
      /* Do not leave the password lying around in freed memory. */
      memset (site->password, 0, strlen (site->password));
      g_free (site->password);
    }
  g_free (site->path);
  g_free (site);
}

guint16
ferry_site_get_port (const FerrySite *site)
{
  g_return_val_if_fail (site != NULL, 21);

  if (site->port != 0)
    return site->port;
  return site->protocol == FERRY_PROTOCOL_FTPS ? 990 : 21;
}

static gboolean
has_control_chars (const char *s)
{
  for (; s != NULL && *s != '\0'; s++)
    if ((guchar) *s < 0x20 || *s == 0x7f)
      return TRUE;
  return FALSE;
}

FerrySite *
ferry_site_parse_url (const char  *url,
                      GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(FerrySite) site = NULL;
  g_autofree char *with_scheme = NULL;
  const char *scheme;
  const char *host;
  const char *path;
  int port;

  g_return_val_if_fail (url != NULL, NULL);

  while (g_ascii_isspace (*url))
    url++;

  /* "host" or "host:2121" typed into a connect box means ftp://. */
  if (strstr (url, "://") == NULL)
    url = with_scheme = g_strconcat ("ftp://", url, NULL);

  uri = g_uri_parse (url, G_URI_FLAGS_HAS_PASSWORD, &local_error);
  if (uri == NULL)
    {
      g_set_error (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_BAD_ARGUMENT,
                   _("Invalid address: %s"), local_error->message);
      return NULL;
    }

  site = ferry_site_new ();

  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "ftp") == 0)
    site->protocol = FERRY_PROTOCOL_FTP;
  else if (g_ascii_strcasecmp (scheme, "ftps") == 0)
    site->protocol = FERRY_PROTOCOL_FTPS;
  else if (g_ascii_strcasecmp (scheme, "ftpes") == 0)
    site->protocol = FERRY_PROTOCOL_FTPES;
  else
    {
      g_set_error (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_BAD_ARGUMENT,
                   _("Unsupported protocol “%s”: use ftp://, ftps:// or ftpes://"), scheme);
      return NULL;
    }

  host = g_uri_get_host (uri);
  if (host == NULL || host[0] == '\0')
    {
      g_set_error_literal (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_BAD_ARGUMENT,
                           _("The address has no host name"));
      return NULL;
    }

  port = g_uri_get_port (uri);
  if (port == 0 || port > 65535)
    {
      g_set_error (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_BAD_ARGUMENT,
                   _("Invalid port %d"), port);
      return NULL;
    }

  site->host = g_strdup (host);
  site->port = port > 0 ? (guint16) port : 0;
  site->user = g_strdup (g_uri_get_user (uri));
  site->password = g_strdup (g_uri_get_password (uri));

  /* CR/LF would end up in USER/PASS/CWD commands. */
  if (has_control_chars (site->host) || has_control_chars (site->user) ||
      has_control_chars (site->password))
    {
      g_set_error_literal (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_BAD_ARGUMENT,
                           _("The address contains control characters"));
      return NULL;
    }

  path = g_uri_get_path (uri);
  if (path != NULL && path[0] != '\0')
    {
      if (has_control_chars (path))
        {
          g_set_error_literal (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_BAD_ARGUMENT,
                               _("The address contains control characters"));
          return NULL;
        }
      site->path = g_strdup (path);
    }

  return g_steal_pointer (&site);
}
