/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * FerryTrustStore: the server certificates the user chose to "always
 * trust", as SHA-256 fingerprints per host and port, in a key file
 * (g_get_user_config_dir()/ferry/trusted-certificates by default).
 * Thread-safe: workers check, the main thread adds.
 */
#define FERRY_TYPE_TRUST_STORE (ferry_trust_store_get_type ())
G_DECLARE_FINAL_TYPE (FerryTrustStore, ferry_trust_store, FERRY, TRUST_STORE, GObject)

typedef enum
{
  FERRY_TRUST_UNKNOWN,     /* nothing stored for this host and port */
  FERRY_TRUST_TRUSTED,     /* this very certificate is stored */
  FERRY_TRUST_CHANGED,     /* another certificate is stored: be loud */
} FerryTrustResult;

/* @path NULL: the default file.  A missing file is an empty store. */
FerryTrustStore  *ferry_trust_store_new          (const char *path);

/* The process-wide store; $FERRY_TRUST_STORE names its file (tests). */
FerryTrustStore  *ferry_trust_store_get_default  (void);

const char       *ferry_trust_store_get_path     (FerryTrustStore *self);

/* @fingerprint as ferry_tls_certificate_fingerprint() makes it. */
FerryTrustResult  ferry_trust_store_check        (FerryTrustStore *self,
                                                  const char      *host,
                                                  guint16          port,
                                                  const char      *fingerprint);

/* The stored fingerprint for @host:@port, or NULL. */
char             *ferry_trust_store_lookup       (FerryTrustStore *self,
                                                  const char      *host,
                                                  guint16          port);

/* Stores @fingerprint (replacing another one) and saves the file. */
gboolean          ferry_trust_store_add          (FerryTrustStore  *self,
                                                  const char       *host,
                                                  guint16           port,
                                                  const char       *fingerprint,
                                                  GError          **error);

G_END_DECLS
