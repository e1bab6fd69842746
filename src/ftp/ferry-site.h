/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  FERRY_PROTOCOL_FTP,            /* plain */
  FERRY_PROTOCOL_FTPES,          /* explicit: AUTH TLS on port 21 */
  FERRY_PROTOCOL_FTPS,           /* implicit TLS, port 990 style */
} FerryProtocol;

/* Where to connect and how.  A plain struct, copied freely between threads. */
typedef struct
{
  FerryProtocol  protocol;
  char          *host;          /* name, IPv4 or IPv6 literal (no brackets) */
  guint16        port;          /* 0 = default for the protocol */
  char          *user;          /* NULL or "" = anonymous */
  char          *password;      /* NULL = none */
  char          *path;          /* initial remote path or NULL */
  gboolean       active;        /* active mode (EPRT/PORT) instead of passive */
  guint          timeout;       /* seconds; 0 = default (30) */
} FerrySite;

#define FERRY_TYPE_SITE (ferry_site_get_type ())
GType       ferry_site_get_type  (void) G_GNUC_CONST;

FerrySite  *ferry_site_new       (void);
FerrySite  *ferry_site_copy      (const FerrySite *site);
void        ferry_site_free      (FerrySite *site);

/* ftp://[user[:password]@]host[:port][/path] and ftps://, ftpes://;
 * percent-decoding of user, password and path; IPv6 in brackets. */
FerrySite  *ferry_site_parse_url (const char *url, GError **error);

/* The port to use: site->port or the protocol's default. */
guint16     ferry_site_get_port  (const FerrySite *site);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerrySite, ferry_site_free)

G_END_DECLS
