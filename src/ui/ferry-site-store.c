/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "ferry-site-store.h"

struct _FerrySiteStore
{
  GObject     parent_instance;

  /* owned */
  char       *path;
  GHashTable *sites;   /* id → FerrySavedSite* */
};

G_DEFINE_FINAL_TYPE (FerrySiteStore, ferry_site_store, G_TYPE_OBJECT)

enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

FerrySavedSite *
ferry_saved_site_copy (const FerrySavedSite *saved)
{
  FerrySavedSite *copy = g_new0 (FerrySavedSite, 1);

  copy->id = g_strdup (saved->id);
  copy->name = g_strdup (saved->name);
  copy->site = saved->site ? ferry_site_copy (saved->site) : ferry_site_new ();
  copy->remember_password = saved->remember_password;
  g_clear_pointer (&copy->site->password, g_free);
  return copy;
}

void
ferry_saved_site_free (FerrySavedSite *saved)
{
  if (saved == NULL)
    return;
  g_free (saved->id);
  g_free (saved->name);
  g_clear_pointer (&saved->site, ferry_site_free);
  g_free (saved);
}

static const char *protocol_names[] = { "ftp", "ftpes", "ftps" };

static FerryProtocol
protocol_from_name (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (protocol_names); i++)
    if (g_strcmp0 (name, protocol_names[i]) == 0)
      return (FerryProtocol) i;
  return FERRY_PROTOCOL_FTP;
}

static void
load (FerrySiteStore *self)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) groups = NULL;

  if (!g_key_file_load_from_file (kf, self->path, G_KEY_FILE_NONE, &error))
    {
      if (!g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_warning ("Cannot read the saved sites from %s: %s", self->path, error->message);
      return;
    }
  groups = g_key_file_get_groups (kf, NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      const char *g = groups[i];
      FerrySavedSite *saved = g_new0 (FerrySavedSite, 1);
      g_autofree char *protocol = g_key_file_get_string (kf, g, "Protocol", NULL);
      int port = g_key_file_get_integer (kf, g, "Port", NULL);

      saved->id = g_strdup (g);
      saved->name = g_key_file_get_string (kf, g, "Name", NULL);
      saved->site = ferry_site_new ();
      saved->site->protocol = protocol_from_name (protocol);
      saved->site->host = g_key_file_get_string (kf, g, "Host", NULL);
      saved->site->port = port > 0 && port <= 65535 ? (guint16) port : 0;
      saved->site->user = g_key_file_get_string (kf, g, "User", NULL);
      saved->site->path = g_key_file_get_string (kf, g, "Path", NULL);
      saved->site->active = g_key_file_get_boolean (kf, g, "Active", NULL);
      saved->remember_password = g_key_file_get_boolean (kf, g, "RememberPassword", NULL);
      if (saved->name == NULL || saved->site->host == NULL || *saved->site->host == '\0')
        {
          ferry_saved_site_free (saved);
          continue;
        }
      g_hash_table_replace (self->sites, saved->id, saved);
    }
}

static gboolean
save (FerrySiteStore  *self,
      GError         **error)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autofree char *dir = g_path_get_dirname (self->path);
  g_auto(GStrv) ids = ferry_site_store_list_ids (self);

  for (guint i = 0; ids[i] != NULL; i++)
    {
      const FerrySavedSite *s = g_hash_table_lookup (self->sites, ids[i]);

      g_key_file_set_string (kf, s->id, "Name", s->name);
      g_key_file_set_string (kf, s->id, "Protocol", protocol_names[s->site->protocol]);
      g_key_file_set_string (kf, s->id, "Host", s->site->host);
      if (s->site->port != 0)
        g_key_file_set_integer (kf, s->id, "Port", s->site->port);
      if (s->site->user != NULL && *s->site->user != '\0')
        g_key_file_set_string (kf, s->id, "User", s->site->user);
      if (s->site->path != NULL && *s->site->path != '\0')
        g_key_file_set_string (kf, s->id, "Path", s->site->path);
      g_key_file_set_boolean (kf, s->id, "Active", s->site->active);
      g_key_file_set_boolean (kf, s->id, "RememberPassword", s->remember_password);
    }

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int errsv = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errsv),
                   _("Cannot create %s: %s"), dir, g_strerror (errsv));
      return FALSE;
    }
  /* Host and user names are nobody else's business either. */
  if (!g_key_file_save_to_file (kf, self->path, error))
    return FALSE;
  g_chmod (self->path, 0600);
  return TRUE;
}

static int
compare_names (gconstpointer a,
               gconstpointer b,
               gpointer      data)
{
  GHashTable *sites = data;
  const FerrySavedSite *x = g_hash_table_lookup (sites, *(char **) a);
  const FerrySavedSite *y = g_hash_table_lookup (sites, *(char **) b);
  g_autofree char *kx = g_utf8_collate_key_for_filename (x->name, -1);
  g_autofree char *ky = g_utf8_collate_key_for_filename (y->name, -1);
  int c = strcmp (kx, ky);

  return c != 0 ? c : strcmp (x->id, y->id);
}

GStrv
ferry_site_store_list_ids (FerrySiteStore *self)
{
  GPtrArray *ids = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (FERRY_IS_SITE_STORE (self), NULL);

  g_hash_table_iter_init (&iter, self->sites);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (ids, g_strdup (key));
  g_ptr_array_sort_with_data (ids, compare_names, self->sites);
  g_ptr_array_add (ids, NULL);
  return (GStrv) g_ptr_array_free (ids, FALSE);
}

const FerrySavedSite *
ferry_site_store_lookup (FerrySiteStore *self,
                         const char     *id)
{
  g_return_val_if_fail (FERRY_IS_SITE_STORE (self), NULL);
  return id != NULL ? g_hash_table_lookup (self->sites, id) : NULL;
}

char *
ferry_site_store_put (FerrySiteStore        *self,
                      const FerrySavedSite  *saved,
                      GError               **error)
{
  FerrySavedSite *copy;

  g_return_val_if_fail (FERRY_IS_SITE_STORE (self), NULL);
  g_return_val_if_fail (saved != NULL && saved->name != NULL && saved->site != NULL, NULL);

  copy = ferry_saved_site_copy (saved);
  if (copy->id == NULL)
    copy->id = g_uuid_string_random ();
  g_hash_table_replace (self->sites, copy->id, copy);
  if (!save (self, error))
    return NULL;
  g_signal_emit (self, signals[CHANGED], 0);
  return g_strdup (copy->id);
}

gboolean
ferry_site_store_remove (FerrySiteStore  *self,
                         const char      *id,
                         GError         **error)
{
  g_return_val_if_fail (FERRY_IS_SITE_STORE (self), FALSE);

  if (!g_hash_table_remove (self->sites, id))
    return TRUE;
  if (!save (self, error))
    return FALSE;
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

static void
ferry_site_store_finalize (GObject *object)
{
  FerrySiteStore *self = FERRY_SITE_STORE (object);

  g_free (self->path);
  g_hash_table_unref (self->sites);
  G_OBJECT_CLASS (ferry_site_store_parent_class)->finalize (object);
}

static void
ferry_site_store_class_init (FerrySiteStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ferry_site_store_finalize;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
ferry_site_store_init (FerrySiteStore *self)
{
  self->sites = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                       (GDestroyNotify) ferry_saved_site_free);
}

FerrySiteStore *
ferry_site_store_new (const char *path)
{
  FerrySiteStore *self = g_object_new (FERRY_TYPE_SITE_STORE, NULL);

  self->path = g_strdup (path);
  load (self);
  return self;
}

FerrySiteStore *
ferry_site_store_get_default (void)
{
  static FerrySiteStore *store;

  if (store == NULL)
    {
      g_autofree char *path = g_build_filename (g_get_user_config_dir (), "ferry", "sites.ini", NULL);
      store = ferry_site_store_new (path);
    }
  return store;
}
