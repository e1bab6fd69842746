/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "ferry-address.h"
#include "ferry-ftp-error.h"

/* Reads a decimal number of at most @max_digits digits not over @max.
 * Leading zeros are allowed ("010" is ten), as some servers pad. */
static gboolean
read_number (const char **p,
             guint        max,
             guint        max_digits,
             guint       *out)
{
  const char *s = *p;
  guint value = 0;
  guint digits = 0;

  while (g_ascii_isdigit (*s))
    {
      if (++digits > max_digits)
        return FALSE;
      value = value * 10 + (guint) (*s - '0');
      s++;
    }
  if (digits == 0 || value > max)
    return FALSE;

  *out = value;
  *p = s;
  return TRUE;
}

static void
skip_spaces (const char **p)
{
  while (**p == ' ' || **p == '\t')
    (*p)++;
}

/* Six comma-separated numbers starting exactly at @s. */
static gboolean
read_six (const char  *s,
          guint        numbers[6],
          const char **end)
{
  for (guint i = 0; i < 6; i++)
    {
      skip_spaces (&s);
      if (!read_number (&s, 255, 3, &numbers[i]))
        return FALSE;
      skip_spaces (&s);
      if (i < 5)
        {
          if (*s != ',')
            return FALSE;
          s++;
        }
    }
  if (end != NULL)
    *end = s;
  return TRUE;
}

gboolean
ferry_address_parse_pasv (const char  *reply_text,
                          char       **host_out,
                          guint16     *port_out,
                          GError     **error)
{
  const char *p;

  g_return_val_if_fail (reply_text != NULL, FALSE);

  /* Skip the reply code itself so that "227 ..." is not read as h1. */
  p = reply_text;
  if (g_ascii_isdigit (p[0]) && g_ascii_isdigit (p[1]) && g_ascii_isdigit (p[2]) &&
      (p[3] == ' ' || p[3] == '-'))
    p += 4;

  /* The first run of six numbers wins, parenthesised or not. */
  for (; *p != '\0'; p++)
    {
      guint n[6];
      guint port;

      const char *end;

      /* Not the tail of another number: "-1,0,0,1,…" must not become
       * "1,0,0,1,…". */
      if (!g_ascii_isdigit (*p) ||
          (p > reply_text && (g_ascii_isdigit (p[-1]) || strchr ("-+,.", p[-1]) != NULL)))
        continue;
      if (!read_six (p, n, &end) || *end == ',' || *end == '.')
        continue;

      port = n[4] * 256 + n[5];
      if (port == 0)
        {
          g_set_error_literal (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_PROTOCOL,
                               _("Passive mode reply names port 0"));
          return FALSE;
        }

      if (host_out != NULL)
        *host_out = g_strdup_printf ("%u.%u.%u.%u", n[0], n[1], n[2], n[3]);
      if (port_out != NULL)
        *port_out = (guint16) port;
      return TRUE;
    }

  g_set_error_literal (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_PROTOCOL,
                       _("Cannot read the address in the passive mode reply"));
  return FALSE;
}

gboolean
ferry_address_parse_epsv (const char  *reply_text,
                          guint16     *port_out,
                          GError     **error)
{
  const char *p;

  g_return_val_if_fail (reply_text != NULL, FALSE);

  /* "(<d><d><d>port<d>)" — try every '(' since the text before the
   * address is free-form and may hold parentheses of its own. */
  for (p = strchr (reply_text, '('); p != NULL; p = strchr (p + 1, '('))
    {
      const char *s = p + 1;
      char d = s[0];
      guint port;

      if ((guchar) d < 33 || (guchar) d > 126 || g_ascii_isdigit (d))
        continue;
      if (s[1] != d || s[2] != d)
        continue;
      s += 3;
      if (!read_number (&s, 65535, 5, &port))
        continue;
      if (s[0] != d || s[1] != ')')
        continue;

      if (port == 0)
        {
          g_set_error_literal (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_PROTOCOL,
                               _("Extended passive mode reply names port 0"));
          return FALSE;
        }
      if (port_out != NULL)
        *port_out = (guint16) port;
      return TRUE;
    }

  g_set_error_literal (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_PROTOCOL,
                       _("Cannot read the port in the extended passive mode reply"));
  return FALSE;
}

char *
ferry_address_format_port (GInetAddress *address,
                           guint16       port)
{
  const guint8 *b;

  g_return_val_if_fail (G_IS_INET_ADDRESS (address), NULL);
  g_return_val_if_fail (g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV4, NULL);

  b = g_inet_address_to_bytes (address);
  return g_strdup_printf ("%u,%u,%u,%u,%u,%u", b[0], b[1], b[2], b[3],
                          (guint) (port >> 8), (guint) (port & 0xff));
}

char *
ferry_address_format_eprt (GInetAddress *address,
                           guint16       port)
{
  g_autofree char *ip = NULL;
  int af;

  g_return_val_if_fail (G_IS_INET_ADDRESS (address), NULL);

  af = g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV6 ? 2 : 1;
  ip = g_inet_address_to_string (address);
  return g_strdup_printf ("|%d|%s|%u|", af, ip, (guint) port);
}

GInetSocketAddress *
ferry_address_parse_port (const char  *arg,
                          GError     **error)
{
  g_autoptr(GInetAddress) address = NULL;
  guint8 bytes[4];
  const char *p;
  guint n[6];
  guint port;

  g_return_val_if_fail (arg != NULL, NULL);

  p = arg;
  skip_spaces (&p);
  /* Nothing but spaces may surround the six numbers. */
  if (!read_six (p, n, &p) || *p != '\0')
    goto bad;

  port = n[4] * 256 + n[5];
  if (port == 0)
    goto bad;

  for (guint i = 0; i < 4; i++)
    bytes[i] = (guint8) n[i];
  address = g_inet_address_new_from_bytes (bytes, G_SOCKET_FAMILY_IPV4);
  return G_INET_SOCKET_ADDRESS (g_inet_socket_address_new (address, (guint16) port));

bad:
  g_set_error (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_PROTOCOL,
               _("Malformed PORT argument"));
  return NULL;
}

GInetSocketAddress *
ferry_address_parse_eprt (const char  *arg,
                          GError     **error)
{
  g_autoptr(GInetAddress) address = NULL;
  g_auto(GStrv) fields = NULL;
  char delim[2] = { 0, 0 };
  gsize len;
  const char *p;
  guint af;
  guint port;

  g_return_val_if_fail (arg != NULL, NULL);

  len = strlen (arg);
  if (len < 7)
    goto bad;

  delim[0] = arg[0];
  if ((guchar) delim[0] < 33 || (guchar) delim[0] > 126 || g_ascii_isalnum (delim[0]) ||
      arg[len - 1] != delim[0])
    goto bad;

  /* "|af|addr|port|" splits into "", af, addr, port, "". */
  fields = g_strsplit (arg, delim, -1);
  if (g_strv_length (fields) != 5 || fields[0][0] != '\0' || fields[4][0] != '\0')
    goto bad;

  p = fields[1];
  if (!read_number (&p, 2, 1, &af) || *p != '\0' || af == 0)
    goto bad;

  address = g_inet_address_new_from_string (fields[2]);
  if (address == NULL ||
      g_inet_address_get_family (address) !=
        (af == 1 ? G_SOCKET_FAMILY_IPV4 : G_SOCKET_FAMILY_IPV6))
    goto bad;

  p = fields[3];
  if (!read_number (&p, 65535, 5, &port) || *p != '\0' || port == 0)
    goto bad;

  return G_INET_SOCKET_ADDRESS (g_inet_socket_address_new (address, (guint16) port));

bad:
  g_set_error (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_PROTOCOL,
               _("Malformed EPRT argument"));
  return NULL;
}
