/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gstdio.h>

#include <glib/gi18n-lib.h>

#include "ferry-transfer-queue-private.h"
#include "ferry-transfer-store.h"

struct _FerryTransferStore
{
  GObject   parent_instance;

  GMutex    lock;         /* one write at a time, any thread */
  guint64   generation;   /* main thread: the last picture taken */
  guint64   written;      /* under lock: the last picture on disk */
};

G_DEFINE_FINAL_TYPE (FerryTransferStore, ferry_transfer_store, G_TYPE_OBJECT)

static void
ferry_transfer_store_finalize (GObject *object)
{
  g_mutex_clear (&FERRY_TRANSFER_STORE (object)->lock);
  G_OBJECT_CLASS (ferry_transfer_store_parent_class)->finalize (object);
}

static void
ferry_transfer_store_class_init (FerryTransferStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ferry_transfer_store_finalize;
}

static void
ferry_transfer_store_init (FerryTransferStore *self)
{
  g_mutex_init (&self->lock);
}

FerryTransferStore *
ferry_transfer_store_new (void)
{
  return g_object_new (FERRY_TYPE_TRANSFER_STORE, NULL);
}

/*
 * The queue on disk: a GKeyFile with a [queue] group (the site as a URL
 * without its password, never the password) and one [item N] group per
 * item still to do.  Paths are bytes, not necessarily UTF-8, and a key
 * file is UTF-8 text: they are stored percent-encoded.
 */

#define GROUP_QUEUE  "queue"
#define FORMAT       1

static char *
encode_path (const char *path)
{
  return g_uri_escape_bytes ((const guint8 *) path, strlen (path), "/");
}

static char *
decode_path (const char *text)
{
  g_autoptr(GBytes) bytes = NULL;
  gsize len = 0;
  const char *data;

  if (text == NULL)
    return NULL;
  bytes = g_uri_unescape_bytes (text, -1, NULL, NULL);
  if (bytes == NULL)
    return NULL;
  data = g_bytes_get_data (bytes, &len);
  /* A NUL inside a path cannot be a path. */
  if (memchr (data, '\0', len) != NULL)
    return NULL;
  return g_strndup (data, len);
}

static char *
site_to_url (const FerrySite *site)
{
  const char *scheme = site->protocol == FERRY_PROTOCOL_FTPS ? "ftps"
                       : site->protocol == FERRY_PROTOCOL_FTPES ? "ftpes" : "ftp";
  g_autofree char *user = NULL;
  g_autofree char *host = NULL;
  g_autofree char *port = NULL;
  g_autofree char *path = NULL;

  /* Deliberately no password: it belongs in the keyring. */
  if (site->user != NULL && site->user[0] != '\0')
    user = g_uri_escape_string (site->user, NULL, FALSE);
  host = strchr (site->host, ':') ? g_strdup_printf ("[%s]", site->host) : g_strdup (site->host);
  port = site->port ? g_strdup_printf (":%u", site->port) : g_strdup ("");
  if (site->path != NULL && site->path[0] != '\0')
    path = g_uri_escape_string (site->path, "/", FALSE);

  return g_strdup_printf ("%s://%s%s%s%s%s%s", scheme,
                          user ? user : "", user ? "@" : "",
                          host, port,
                          path && path[0] != '/' ? "/" : "",
                          path ? path : "");
}

/* What is saved of one item, copied on the main thread. */
typedef struct
{
  gboolean            upload;
  char               *local;
  char               *remote;
  gboolean            is_dir;
  gint64              size;
  FerryTransferState  state;
  guint               depth;
  guint               attempts;
  gboolean            is_link;
  gboolean            has_policy;
  FerryOverwrite      policy;
  gboolean            continue_part;
  char               *error;
} SavedItem;

static void
saved_item_clear (SavedItem *saved)
{
  g_free (saved->local);
  g_free (saved->remote);
  g_free (saved->error);
}

/* A picture of the queue to write, taken at one instant. */
typedef struct
{
  guint64  generation;
  char    *path;
  char    *url;
  gboolean active;
  guint    concurrency;
  char    *home;
  GArray  *items;       /* SavedItem */
  gboolean remove_if_empty;
} Snapshot;

static void
snapshot_free (Snapshot *snap)
{
  g_free (snap->path);
  g_free (snap->url);
  g_free (snap->home);
  g_array_unref (snap->items);
  g_free (snap);
}

static Snapshot *
snapshot_take (FerryTransferQueue *queue,
               const char         *path)
{
  Snapshot *snap = g_new0 (Snapshot, 1);
  const char *home = ferry_transfer_scheduler_get_home (queue->scheduler);

  snap->path = g_strdup (path);
  snap->url = site_to_url (queue->site);
  snap->active = queue->site->active;
  snap->concurrency = queue->concurrency;
  snap->home = g_strdup (home);
  snap->items = g_array_new (FALSE, TRUE, sizeof (SavedItem));
  g_array_set_clear_func (snap->items, (GDestroyNotify) saved_item_clear);

  for (guint i = 0; i < queue->items->len; i++)
    {
      FerryTransferItem *item = g_ptr_array_index (queue->items, i);
      FerryTransferWork *work = ferry_transfer_item_get_work (item);
      FerryTransferState state = ferry_transfer_item_get_state (item);
      SavedItem saved = { 0 };

      if (state == FERRY_TRANSFER_DONE || state == FERRY_TRANSFER_SKIPPED ||
          state == FERRY_TRANSFER_CANCELLED)
        continue;
      /* A walked folder's children are in the queue themselves: listing
       * it again next time would queue them twice. */
      if (ferry_transfer_item_get_walked (item))
        continue;
      /* Running and asking items start over (resume) next time. */
      if (state == FERRY_TRANSFER_RUNNING)
        state = FERRY_TRANSFER_QUEUED;

      saved.upload = ferry_transfer_item_get_direction (item) == FERRY_TRANSFER_UPLOAD;
      saved.local = g_strdup (ferry_transfer_item_get_local_path (item));
      saved.remote = g_strdup (ferry_transfer_item_get_remote_path (item));
      saved.is_dir = ferry_transfer_item_get_is_dir (item);
      saved.size = ferry_transfer_item_get_size (item);
      saved.state = state;
      saved.depth = ferry_transfer_item_get_depth (item);
      saved.attempts = ferry_transfer_item_get_attempts (item);
      saved.is_link = work->is_link;
      saved.has_policy = work->has_policy;
      saved.policy = work->policy;
      /* A download that got bytes left a .part of ours: continued next time. */
      saved.continue_part = work->continue_part ||
                            (!saved.is_dir && !saved.upload &&
                             ferry_transfer_item_get_bytes_done (item) > 0);
      saved.error = g_strdup (ferry_transfer_item_get_error_message (item));
      g_array_append_val (snap->items, saved);
    }
  return snap;
}

static char *
snapshot_to_data (Snapshot *snap,
                  gsize    *length)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();

  g_key_file_set_integer (kf, GROUP_QUEUE, "format", FORMAT);
  g_key_file_set_string (kf, GROUP_QUEUE, "site", snap->url);
  g_key_file_set_boolean (kf, GROUP_QUEUE, "active", snap->active);
  g_key_file_set_integer (kf, GROUP_QUEUE, "concurrency", (int) snap->concurrency);
  if (snap->home != NULL)
    {
      g_autofree char *home = encode_path (snap->home);
      g_key_file_set_string (kf, GROUP_QUEUE, "home", home);
    }

  for (guint i = 0; i < snap->items->len; i++)
    {
      const SavedItem *saved = &g_array_index (snap->items, SavedItem, i);
      g_autofree char *group = g_strdup_printf ("item %u", i);
      g_autofree char *local = encode_path (saved->local);
      g_autofree char *remote = encode_path (saved->remote);

      g_key_file_set_string (kf, group, "direction", saved->upload ? "upload" : "download");
      g_key_file_set_string (kf, group, "local", local);
      g_key_file_set_string (kf, group, "remote", remote);
      g_key_file_set_boolean (kf, group, "dir", saved->is_dir);
      g_key_file_set_int64 (kf, group, "size", saved->size);
      g_key_file_set_string (kf, group, "state",
                             saved->state == FERRY_TRANSFER_FAILED ? "failed"
                             : saved->state == FERRY_TRANSFER_PAUSED ? "paused" : "queued");
      g_key_file_set_integer (kf, group, "depth", (int) saved->depth);
      g_key_file_set_integer (kf, group, "attempts", (int) saved->attempts);
      if (saved->is_link)
        g_key_file_set_boolean (kf, group, "link", TRUE);
      if (saved->has_policy)
        g_key_file_set_integer (kf, group, "policy", (int) saved->policy);
      if (saved->continue_part)
        g_key_file_set_boolean (kf, group, "continue-part", TRUE);
      if (saved->error != NULL)
        {
          g_autofree char *valid = g_utf8_make_valid (saved->error, -1);
          g_key_file_set_string (kf, group, "error", valid);
        }
    }
  return g_key_file_to_data (kf, length, NULL);
}

/* Any thread.  A picture older than one already written is dropped: the
 * latest state wins, whatever order the writes run in. */
static gboolean
store_write (FerryTransferStore  *self,
             Snapshot            *snap,
             GError             **error)
{
  g_autofree char *dir = g_path_get_dirname (snap->path);
  g_autofree char *data = NULL;
  gsize length = 0;
  gboolean ok;

  data = snapshot_to_data (snap, &length);
  g_mutex_lock (&self->lock);
  if (snap->generation < self->written)
    {
      g_mutex_unlock (&self->lock);
      return TRUE;
    }
  if (snap->remove_if_empty && snap->items->len == 0)
    {
      int errsv = g_unlink (snap->path) == 0 ? 0 : errno;

      if (errsv == 0 || errsv == ENOENT)
        self->written = snap->generation;
      g_mutex_unlock (&self->lock);
      if (errsv != 0 && errsv != ENOENT)
        {
          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errsv),
                       "%s: %s", snap->path, g_strerror (errsv));
          return FALSE;
        }
      return TRUE;
    }
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int errsv = errno;
      g_mutex_unlock (&self->lock);
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errsv),
                   _("Cannot create the folder for the transfer queue: %s"),
                   g_strerror (errsv));
      return FALSE;
    }
  ok = g_file_set_contents (snap->path, data, (gssize) length, error);
  if (ok)
    self->written = snap->generation;
  g_mutex_unlock (&self->lock);
  return ok;
}

static void
save_thread (GTask        *task,
             gpointer      source,
             gpointer      data,
             GCancellable *cancellable)
{
  GError *error = NULL;

  if (store_write (FERRY_TRANSFER_STORE (source), data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

gboolean
ferry_transfer_queue_save (FerryTransferQueue  *self,
                           const char          *path,
                           GError             **error)
{
  Snapshot *snap;
  gboolean ok;

  g_return_val_if_fail (FERRY_IS_TRANSFER_QUEUE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  snap = snapshot_take (self, path);
  snap->generation = ++self->store->generation;
  ok = store_write (self->store, snap, error);
  snapshot_free (snap);
  return ok;
}

void
ferry_transfer_queue_save_async (FerryTransferQueue  *self,
                                 const char          *path,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Snapshot *snap;

  g_return_if_fail (FERRY_IS_TRANSFER_QUEUE (self));
  g_return_if_fail (path != NULL);

  snap = snapshot_take (self, path);
  snap->generation = ++self->store->generation;
  snap->remove_if_empty = TRUE;
  task = g_task_new (self->store, cancellable, callback, user_data);
  g_task_set_source_tag (task, ferry_transfer_queue_save_async);
  g_task_set_task_data (task, snap, (GDestroyNotify) snapshot_free);
  g_task_run_in_thread (task, save_thread);
}

gboolean
ferry_transfer_queue_save_finish (FerryTransferQueue  *self,
                                  GAsyncResult        *result,
                                  GError             **error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static GKeyFile *
load_key_file (const char  *path,
               GError     **error)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  int format;

  if (!g_key_file_load_from_file (kf, path, G_KEY_FILE_NONE, error))
    return NULL;
  format = g_key_file_get_integer (kf, GROUP_QUEUE, "format", NULL);
  if (format != FORMAT)
    {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                   _("Unknown transfer queue format %d"), format);
      return NULL;
    }
  return g_steal_pointer (&kf);
}

FerrySite *
ferry_transfer_queue_load_site (const char  *path,
                                GError     **error)
{
  g_autoptr(GKeyFile) kf = load_key_file (path, error);
  g_autofree char *url = NULL;
  FerrySite *site;

  if (kf == NULL)
    return NULL;
  url = g_key_file_get_string (kf, GROUP_QUEUE, "site", error);
  if (url == NULL)
    return NULL;
  site = ferry_site_parse_url (url, error);
  if (site != NULL)
    site->active = g_key_file_get_boolean (kf, GROUP_QUEUE, "active", NULL);
  return site;
}

gboolean
ferry_transfer_queue_load (FerryTransferQueue  *self,
                           const char          *path,
                           GError             **error)
{
  g_autoptr(GKeyFile) kf = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_auto(GStrv) groups = NULL;
  guint batch;

  g_return_val_if_fail (FERRY_IS_TRANSFER_QUEUE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  kf = load_key_file (path, error);
  if (kf == NULL)
    return FALSE;

  if (g_key_file_has_key (kf, GROUP_QUEUE, "home", NULL))
    {
      g_autofree char *text = g_key_file_get_string (kf, GROUP_QUEUE, "home", NULL);
      g_autofree char *home = decode_path (text);

      if (home != NULL)
        ferry_transfer_scheduler_set_home (self->scheduler, home);
    }

  items = g_ptr_array_new_with_free_func (g_object_unref);
  groups = g_key_file_get_groups (kf, NULL);
  batch = ++self->next_batch;
  for (guint i = 0; groups[i] != NULL; i++)
    {
      const char *group = groups[i];
      g_autofree char *direction = NULL;
      g_autofree char *local_text = NULL;
      g_autofree char *remote_text = NULL;
      g_autofree char *local = NULL;
      g_autofree char *remote = NULL;
      g_autofree char *state = NULL;
      g_autofree char *message = NULL;
      FerryTransferItem *item;
      FerryTransferWork *work;
      gboolean upload;

      if (!g_str_has_prefix (group, "item "))
        continue;
      direction = g_key_file_get_string (kf, group, "direction", NULL);
      local_text = g_key_file_get_string (kf, group, "local", NULL);
      remote_text = g_key_file_get_string (kf, group, "remote", NULL);
      local = decode_path (local_text);
      remote = decode_path (remote_text);
      if (direction == NULL || local == NULL || remote == NULL)
        {
          g_warning ("Transfer queue %s: [%s] is incomplete; ignored", path, group);
          continue;
        }
      upload = g_str_equal (direction, "upload");
      item = ferry_transfer_queue_item_new (upload ? FERRY_TRANSFER_UPLOAD : FERRY_TRANSFER_DOWNLOAD,
                                            local, remote,
                                            g_key_file_get_boolean (kf, group, "dir", NULL),
                                            g_key_file_has_key (kf, group, "size", NULL)
                                            ? g_key_file_get_int64 (kf, group, "size", NULL) : -1,
                                            batch,
                                            (guint) MAX (0, g_key_file_get_integer (kf, group, "depth", NULL)));
      work = ferry_transfer_item_get_work (item);
      work->is_link = g_key_file_get_boolean (kf, group, "link", NULL);
      if (g_key_file_has_key (kf, group, "policy", NULL))
        {
          int policy = g_key_file_get_integer (kf, group, "policy", NULL);
          if (policy >= FERRY_OVERWRITE_ASK && policy <= FERRY_OVERWRITE_RESUME)
            {
              work->has_policy = TRUE;
              work->policy = policy;
            }
        }
      work->continue_part = !upload && g_key_file_get_boolean (kf, group, "continue-part", NULL);
      ferry_transfer_item_set_attempts (item,
                                        (guint) MAX (0, g_key_file_get_integer (kf, group, "attempts", NULL)));
      state = g_key_file_get_string (kf, group, "state", NULL);
      message = g_key_file_get_string (kf, group, "error", NULL);
      if (g_strcmp0 (state, "failed") == 0)
        ferry_transfer_item_set_state (item, FERRY_TRANSFER_FAILED, message);
      else if (g_strcmp0 (state, "paused") == 0)
        ferry_transfer_item_set_state (item, FERRY_TRANSFER_PAUSED, message);
      else
        ferry_transfer_item_set_state (item, FERRY_TRANSFER_QUEUED, message);
      g_ptr_array_add (items, item);
    }

  ferry_transfer_queue_append (self, NULL, items);
  ferry_transfer_scheduler_rescan (self->scheduler);
  ferry_transfer_scheduler_run (self->scheduler);
  return TRUE;
}
