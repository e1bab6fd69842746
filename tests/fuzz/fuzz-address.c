/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * PASV/EPSV replies and PORT/EPRT arguments: any text is parsed or
 * refused with an error; whatever PORT/EPRT accept formats back to an
 * argument that parses to the same address and port.
 */
#include "fuzz-common.h"
#include "ferry-address.h"

FUZZ_DEFINE_INIT ()

static void
round_trip (GInetSocketAddress *parsed,
            gboolean            eprt)
{
  GInetAddress *ip = g_inet_socket_address_get_address (parsed);
  guint16 port = g_inet_socket_address_get_port (parsed);
  char *text;
  GInetSocketAddress *again;

  if (!eprt && g_inet_address_get_family (ip) != G_SOCKET_FAMILY_IPV4)
    return;
  text = eprt ? ferry_address_format_eprt (ip, port) : ferry_address_format_port (ip, port);
  FUZZ_CHECK (text != NULL);
  again = eprt ? ferry_address_parse_eprt (text, NULL) : ferry_address_parse_port (text, NULL);
  FUZZ_CHECK (again != NULL);
  FUZZ_CHECK (g_inet_socket_address_get_port (again) == port);
  FUZZ_CHECK (g_inet_address_equal (g_inet_socket_address_get_address (again), ip));
  g_object_unref (again);
  g_free (text);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  char *text = fuzz_strdup (data, size);
  char *host = NULL;
  guint16 port = 0;
  GError *error = NULL;
  GInetSocketAddress *parsed;

  if (ferry_address_parse_pasv (text, &host, &port, &error))
    {
      GInetAddress *ip;

      FUZZ_CHECK (host != NULL && error == NULL);
      /* The host is a dotted quad the caller may look at. */
      ip = g_inet_address_new_from_string (host);
      FUZZ_CHECK (ip != NULL && g_inet_address_get_family (ip) == G_SOCKET_FAMILY_IPV4);
      g_object_unref (ip);
      g_free (host);
    }
  else
    {
      FUZZ_CHECK (error != NULL);
      g_clear_error (&error);
    }

  if (ferry_address_parse_epsv (text, &port, &error))
    FUZZ_CHECK (error == NULL);
  else
    {
      FUZZ_CHECK (error != NULL);
      g_clear_error (&error);
    }

  for (int eprt = 0; eprt < 2; eprt++)
    {
      parsed = eprt ? ferry_address_parse_eprt (text, &error) : ferry_address_parse_port (text, &error);
      if (parsed != NULL)
        {
          FUZZ_CHECK (error == NULL);
          round_trip (parsed, eprt);
          g_object_unref (parsed);
        }
      else
        {
          FUZZ_CHECK (error != NULL);
          g_clear_error (&error);
        }
    }
  g_free (text);
  return 0;
}
