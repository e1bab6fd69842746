/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ftp:// URLs: any text is a site or an error; a site has a host without
 * control characters and a protocol it knows, and copies cleanly.
 */
#include "fuzz-common.h"
#include "ferry-site.h"

FUZZ_DEFINE_INIT ()

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  char *url = fuzz_strdup (data, size);
  GError *error = NULL;
  FerrySite *site = ferry_site_parse_url (url, &error);

  if (site != NULL)
    {
      FerrySite *copy;

      FUZZ_CHECK (error == NULL);
      FUZZ_CHECK (site->host != NULL && site->host[0] != '\0');
      for (const char *p = site->host; *p != '\0'; p++)
        FUZZ_CHECK ((guchar) *p >= 0x20 && *p != 0x7f);
      FUZZ_CHECK (site->protocol >= FERRY_PROTOCOL_FTP && site->protocol <= FERRY_PROTOCOL_FTPS);
      FUZZ_CHECK (ferry_site_get_port (site) != 0);
      copy = ferry_site_copy (site);
      FUZZ_CHECK (g_strcmp0 (copy->host, site->host) == 0 && g_strcmp0 (copy->path, site->path) == 0);
      ferry_site_free (copy);
      ferry_site_free (site);
    }
  else
    {
      FUZZ_CHECK (error != NULL);
      g_error_free (error);
    }
  g_free (url);
  return 0;
}
