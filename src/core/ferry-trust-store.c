/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>

#include <glib/gstdio.h>

#include "ferry-trust-store.h"

#define GROUP "trusted-certificates"

struct _FerryTrustStore
{
  GObject    parent_instance;

  char      *path;
  GMutex     lock;
  GKeyFile  *keys;     /* under @lock; "host:port" = fingerprint */
};

G_DEFINE_FINAL_TYPE (FerryTrustStore, ferry_trust_store, G_TYPE_OBJECT)

static void
ferry_trust_store_finalize (GObject *object)
{
  FerryTrustStore *self = FERRY_TRUST_STORE (object);

  g_clear_pointer (&self->keys, g_key_file_unref);
  g_clear_pointer (&self->path, g_free);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (ferry_trust_store_parent_class)->finalize (object);
}

static void
ferry_trust_store_class_init (FerryTrustStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ferry_trust_store_finalize;
}

static void
ferry_trust_store_init (FerryTrustStore *self)
{
  g_mutex_init (&self->lock);
  self->keys = g_key_file_new ();
}

FerryTrustStore *
ferry_trust_store_new (const char *path)
{
  FerryTrustStore *self = g_object_new (FERRY_TYPE_TRUST_STORE, NULL);
  g_autoptr(GError) error = NULL;

  self->path = path != NULL
               ? g_strdup (path)
               : g_build_filename (g_get_user_config_dir (), "ferry", "trusted-certificates", NULL);
  if (!g_key_file_load_from_file (self->keys, self->path, G_KEY_FILE_KEEP_COMMENTS, &error) &&
      !g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    g_warning ("Cannot read %s: %s", self->path, error->message);
  return self;
}

FerryTrustStore *
ferry_trust_store_get_default (void)
{
  static FerryTrustStore *store;
  static gsize once;

  if (g_once_init_enter (&once))
    {
      store = ferry_trust_store_new (g_getenv ("FERRY_TRUST_STORE"));
      g_once_init_leave (&once, 1);
    }
  return store;
}

const char *
ferry_trust_store_get_path (FerryTrustStore *self)
{
  g_return_val_if_fail (FERRY_IS_TRUST_STORE (self), NULL);
  return self->path;
}

static char *
make_key (const char *host,
          guint16     port)
{
  g_autofree char *lower = g_ascii_strdown (host, -1);
  return g_strdup_printf ("%s:%u", lower, port);
}

char *
ferry_trust_store_lookup (FerryTrustStore *self,
                          const char      *host,
                          guint16          port)
{
  g_autofree char *key = NULL;
  char *value;

  g_return_val_if_fail (FERRY_IS_TRUST_STORE (self), NULL);
  g_return_val_if_fail (host != NULL, NULL);

  key = make_key (host, port);
  g_mutex_lock (&self->lock);
  value = g_key_file_get_string (self->keys, GROUP, key, NULL);
  g_mutex_unlock (&self->lock);
  return value;
}

FerryTrustResult
ferry_trust_store_check (FerryTrustStore *self,
                         const char      *host,
                         guint16          port,
                         const char      *fingerprint)
{
  g_autofree char *stored = ferry_trust_store_lookup (self, host, port);

  if (stored == NULL)
    return FERRY_TRUST_UNKNOWN;
  return g_ascii_strcasecmp (stored, fingerprint) == 0 ? FERRY_TRUST_TRUSTED : FERRY_TRUST_CHANGED;
}

gboolean
ferry_trust_store_add (FerryTrustStore  *self,
                       const char       *host,
                       guint16           port,
                       const char       *fingerprint,
                       GError          **error)
{
  g_autofree char *key = NULL;
  g_autofree char *dir = NULL;
  gboolean ok;

  g_return_val_if_fail (FERRY_IS_TRUST_STORE (self), FALSE);
  g_return_val_if_fail (host != NULL && fingerprint != NULL, FALSE);

  key = make_key (host, port);
  dir = g_path_get_dirname (self->path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int errsv = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errsv),
                   "Cannot create %s: %s", dir, g_strerror (errsv));
      return FALSE;
    }

  g_mutex_lock (&self->lock);
  g_key_file_set_string (self->keys, GROUP, key, fingerprint);
  ok = g_key_file_save_to_file (self->keys, self->path, error);
  g_mutex_unlock (&self->lock);
  return ok;
}
