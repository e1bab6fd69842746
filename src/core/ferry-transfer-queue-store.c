/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "ferry-transfer-queue-private.h"

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

gboolean
ferry_transfer_queue_save (FerryTransferQueue  *self,
                           const char          *path,
                           GError             **error)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autofree char *url = NULL;
  g_autofree char *dir = NULL;
  guint n = 0;

  g_return_val_if_fail (FERRY_IS_TRANSFER_QUEUE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  url = site_to_url (self->site);
  g_key_file_set_integer (kf, GROUP_QUEUE, "format", FORMAT);
  g_key_file_set_string (kf, GROUP_QUEUE, "site", url);
  g_key_file_set_boolean (kf, GROUP_QUEUE, "active", self->site->active);
  g_key_file_set_integer (kf, GROUP_QUEUE, "concurrency", (int) self->concurrency);
  if (self->home != NULL)
    {
      g_autofree char *home = encode_path (self->home);
      g_key_file_set_string (kf, GROUP_QUEUE, "home", home);
    }

  for (guint i = 0; i < self->entries->len; i++)
    {
      QueueEntry *entry = g_ptr_array_index (self->entries, i);
      FerryTransferItem *item = entry->item;
      FerryTransferState state = ferry_transfer_item_get_state (item);
      g_autofree char *group = NULL;
      g_autofree char *local = NULL;
      g_autofree char *remote = NULL;
      const char *message;

      if (state == FERRY_TRANSFER_DONE || state == FERRY_TRANSFER_SKIPPED ||
          state == FERRY_TRANSFER_CANCELLED)
        continue;
      /* Running and asking items start over (resume) next time. */
      if (state == FERRY_TRANSFER_RUNNING)
        state = FERRY_TRANSFER_QUEUED;

      group = g_strdup_printf ("item %u", n++);
      local = encode_path (ferry_transfer_item_get_local_path (item));
      remote = encode_path (ferry_transfer_item_get_remote_path (item));
      g_key_file_set_string (kf, group, "direction",
                             ferry_transfer_item_get_direction (item) == FERRY_TRANSFER_UPLOAD
                             ? "upload" : "download");
      g_key_file_set_string (kf, group, "local", local);
      g_key_file_set_string (kf, group, "remote", remote);
      g_key_file_set_boolean (kf, group, "dir", ferry_transfer_item_get_is_dir (item));
      g_key_file_set_int64 (kf, group, "size", ferry_transfer_item_get_size (item));
      g_key_file_set_string (kf, group, "state",
                             state == FERRY_TRANSFER_FAILED ? "failed"
                             : state == FERRY_TRANSFER_PAUSED ? "paused" : "queued");
      g_key_file_set_integer (kf, group, "depth", (int) ferry_transfer_item_get_depth (item));
      g_key_file_set_integer (kf, group, "attempts", (int) ferry_transfer_item_get_attempts (item));
      if (entry->is_link)
        g_key_file_set_boolean (kf, group, "link", TRUE);
      if (entry->has_policy)
        g_key_file_set_integer (kf, group, "policy", (int) entry->policy);
      /* A download that got bytes left a .part of ours: continued next time. */
      if (entry->continue_part ||
          (!ferry_transfer_item_get_is_dir (item) &&
           ferry_transfer_item_get_direction (item) == FERRY_TRANSFER_DOWNLOAD &&
           ferry_transfer_item_get_bytes_done (item) > 0))
        g_key_file_set_boolean (kf, group, "continue-part", TRUE);
      message = ferry_transfer_item_get_error_message (item);
      if (message != NULL)
        {
          g_autofree char *valid = g_utf8_make_valid (message, -1);
          g_key_file_set_string (kf, group, "error", valid);
        }
    }

  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                   _("Cannot create the folder for the transfer queue: %s"),
                   g_strerror (errno));
      return FALSE;
    }
  return g_key_file_save_to_file (kf, path, error);
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
  g_autoptr(GPtrArray) entries = NULL;
  g_auto(GStrv) groups = NULL;
  guint batch;

  g_return_val_if_fail (FERRY_IS_TRANSFER_QUEUE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  kf = load_key_file (path, error);
  if (kf == NULL)
    return FALSE;

  if (self->home == NULL && g_key_file_has_key (kf, GROUP_QUEUE, "home", NULL))
    {
      g_autofree char *home = g_key_file_get_string (kf, GROUP_QUEUE, "home", NULL);
      self->home = decode_path (home);
    }

  entries = g_ptr_array_new_with_free_func ((GDestroyNotify) ferry_transfer_queue_entry_free);
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
      QueueEntry *entry;
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
      entry = ferry_transfer_queue_entry_new (self,
                                              upload ? FERRY_TRANSFER_UPLOAD : FERRY_TRANSFER_DOWNLOAD,
                                              local, remote,
                                              g_key_file_get_boolean (kf, group, "dir", NULL),
                                              g_key_file_has_key (kf, group, "size", NULL)
                                              ? g_key_file_get_int64 (kf, group, "size", NULL) : -1,
                                              batch,
                                              (guint) MAX (0, g_key_file_get_integer (kf, group, "depth", NULL)));
      entry->is_link = g_key_file_get_boolean (kf, group, "link", NULL);
      if (g_key_file_has_key (kf, group, "policy", NULL))
        {
          int policy = g_key_file_get_integer (kf, group, "policy", NULL);
          if (policy >= FERRY_OVERWRITE_ASK && policy <= FERRY_OVERWRITE_RESUME)
            {
              entry->has_policy = TRUE;
              entry->policy = policy;
            }
        }
      entry->continue_part = !upload && g_key_file_get_boolean (kf, group, "continue-part", NULL);
      ferry_transfer_item_set_attempts (entry->item,
                                        (guint) MAX (0, g_key_file_get_integer (kf, group, "attempts", NULL)));
      state = g_key_file_get_string (kf, group, "state", NULL);
      message = g_key_file_get_string (kf, group, "error", NULL);
      if (g_strcmp0 (state, "failed") == 0)
        ferry_transfer_item_set_state (entry->item, FERRY_TRANSFER_FAILED, message);
      else if (g_strcmp0 (state, "paused") == 0)
        ferry_transfer_item_set_state (entry->item, FERRY_TRANSFER_PAUSED, message);
      else
        ferry_transfer_item_set_state (entry->item, FERRY_TRANSFER_QUEUED, message);
      g_ptr_array_add (entries, entry);
    }

  self->scan_from = 0;
  ferry_transfer_queue_append (self, entries);
  ferry_transfer_queue_kick (self);
  return TRUE;
}
