/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <sys/stat.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "ferry-path.h"
#include "ferry-listing.h"
#include "ferry-transfer-queue-private.h"

/*
 * Folder walks.  Remote (download): the folder item's worker listed it;
 * here its entries become child items, each local path built only by
 * ferry_path_local_child so that no server name can reach outside the
 * chosen folder.  Local (upload): the remote folder exists now; its local
 * children are enumerated without following symbolic links.
 */

gboolean
ferry_transfer_queue_make_local_dir (const char  *path,
                                     gboolean     with_parents,
                                     GError     **error)
{
  GStatBuf st;
  int rc;

  rc = with_parents ? g_mkdir_with_parents (path, 0777) : g_mkdir (path, 0777);
  if (rc == 0 || errno == EEXIST)
    {
      /* Whatever is there must be a real folder: writing through a
       * symlink planted in the tree could land anywhere. */
      if (g_lstat (path, &st) == 0 && S_ISDIR (st.st_mode))
        return TRUE;
      if (rc != 0 || g_lstat (path, &st) == 0)
        {
          g_autofree char *display = g_filename_display_name (path);
          g_set_error (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_EXISTS,
                       _("“%s” exists and is not a folder"), display);
          return FALSE;
        }
    }

  {
    int errsv = errno;
    g_autofree char *display = g_filename_display_name (path);
    g_set_error (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_LOCAL,
                 _("Cannot create the folder “%s”: %s"), display, g_strerror (errsv));
  }
  return FALSE;
}

/* What a listing looks like, to recognise a folder that is its own
 * ancestor: servers that follow links in MLSD (pyftpdlib) call a link to
 * ".." a plain folder, and keep the link's name in PWD. */
static guint
listing_fingerprint (GPtrArray *listing)
{
  guint hash = 5381;

  for (guint i = 0; listing != NULL && i < listing->len; i++)
    {
      const FerryListEntry *le = g_ptr_array_index (listing, i);

      hash = hash * 33 + g_str_hash (le->name);
      hash = hash * 33 + (guint) le->type;
      hash = hash * 33 + (guint) le->size;
      hash = hash * 33 + (guint) (le->mtime ? g_date_time_to_unix (le->mtime) : 0);
    }
  return hash;
}

gboolean
ferry_transfer_queue_walk_remote (FerryTransferQueue *self,
                                  QueueEntry         *entry,
                                  GError            **error)
{
  FerryTransferItem *item = entry->item;
  const char *local_dir = ferry_transfer_item_get_local_path (item);
  const char *remote_dir = ferry_transfer_item_get_remote_path (item);
  guint depth = ferry_transfer_item_get_depth (item);
  guint batch = ferry_transfer_item_get_batch_id (item);
  g_autoptr(GPtrArray) children = g_ptr_array_new_with_free_func ((GDestroyNotify) ferry_transfer_queue_entry_free);
  g_autoptr(GPtrArray) dirs = g_ptr_array_new_with_free_func ((GDestroyNotify) ferry_transfer_queue_entry_free);
  const char *resolved = entry->listing_path ? entry->listing_path : remote_dir;
  g_autoptr(GArray) ancestry = NULL;
  guint fingerprint;

  /* The server's own name for the folder after CWD (PWD): a symbolic
   * link back up the tree lists a folder seen before. */
  if (g_hash_table_contains (self->visited, resolved))
    {
      g_set_error (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_EXISTS,
                   _("%s: already listed as %s (a link loop?); not entered again"),
                   remote_dir, resolved);
      return FALSE;
    }
  g_hash_table_add (self->visited, g_strdup (resolved));
  if (!g_str_equal (resolved, remote_dir))
    ferry_transfer_queue_note (self, FERRY_LOG_INFO, _("%s is %s on the server"),
                               remote_dir, resolved);

  fingerprint = listing_fingerprint (entry->listing);
  for (guint i = 0; entry->ancestry != NULL && i < entry->ancestry->len; i++)
    if (g_array_index (entry->ancestry, guint, i) == fingerprint &&
        entry->listing != NULL && entry->listing->len > 0)
      {
        g_set_error (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_EXISTS,
                     _("%s: lists the same as a folder above it (a link loop?); not entered"),
                     remote_dir);
        return FALSE;
      }
  ancestry = g_array_sized_new (FALSE, FALSE, sizeof (guint),
                                (entry->ancestry ? entry->ancestry->len : 0) + 1);
  if (entry->ancestry != NULL)
    g_array_append_vals (ancestry, entry->ancestry->data, entry->ancestry->len);
  g_array_append_val (ancestry, fingerprint);

  if (!ferry_transfer_queue_make_local_dir (local_dir, depth == 0, error))
    return FALSE;

  for (guint i = 0; entry->listing != NULL && i < entry->listing->len; i++)
    {
      const FerryListEntry *le = g_ptr_array_index (entry->listing, i);
      g_autoptr(GError) name_error = NULL;
      g_autofree char *local = ferry_path_local_child (local_dir, le->name, &name_error);
      g_autofree char *remote = ferry_path_remote_join (remote_dir, le->name);
      QueueEntry *child;

      if (local == NULL)
        {
          /* Shown in the queue so that the user sees what was left out. */
          ferry_transfer_queue_note (self, FERRY_LOG_ERROR, "%s", name_error->message);
          child = ferry_transfer_queue_entry_new (self, FERRY_TRANSFER_DOWNLOAD, local_dir, remote,
                                                  le->type == FERRY_ENTRY_DIR, -1, batch, depth + 1);
          ferry_transfer_item_set_state (child->item, FERRY_TRANSFER_SKIPPED, name_error->message);
          g_ptr_array_add (children, child);
          continue;
        }

      switch (le->type)
        {
        case FERRY_ENTRY_DIR:
          child = ferry_transfer_queue_entry_new (self, FERRY_TRANSFER_DOWNLOAD, local, remote,
                                                  TRUE, -1, batch, depth + 1);
          child->ancestry = g_array_ref (ancestry);
          g_ptr_array_add (dirs, child);
          break;

        case FERRY_ENTRY_FILE:
          child = ferry_transfer_queue_entry_new (self, FERRY_TRANSFER_DOWNLOAD, local, remote,
                                                  FALSE, le->size, batch, depth + 1);
          child->listed_size = le->size;
          /* Only an exact time (MLSD): LIST's are minutes in the
           * server's zone, which would make "newer" guess. */
          if (le->mtime != NULL && le->precision == FERRY_TIME_SECOND)
            child->listed_mtime = g_date_time_to_unix (le->mtime);
          g_ptr_array_add (children, child);
          break;

        case FERRY_ENTRY_LINK:
          /* LIST does not say what a link points to: try it as a file
           * (a folder answers RETR with 550 and is skipped, never
           * entered, so link loops cannot recurse). */
          child = ferry_transfer_queue_entry_new (self, FERRY_TRANSFER_DOWNLOAD, local, remote,
                                                  FALSE, -1, batch, depth + 1);
          child->is_link = TRUE;
          g_ptr_array_add (children, child);
          break;

        case FERRY_ENTRY_OTHER:
        default:
          ferry_transfer_queue_note (self, FERRY_LOG_INFO, _("%s: not a file or folder; skipped"),
                                     remote);
          break;
        }
    }

  /* Listing lines that gave no entry (a name with '/', a control
   * character, a line no dialect reads): skipped items, so that they
   * are seen and counted, never lost in silence. */
  for (guint i = 0; entry->dropped != NULL && i < entry->dropped->len; i++)
    {
      const FerryListingDrop *drop = g_ptr_array_index (entry->dropped, i);
      g_autofree char *shown = NULL;
      g_autofree char *remote = NULL;
      g_autofree char *message = NULL;
      QueueEntry *child;

      if (!ferry_listing_drop_is_skip (drop->reason))
        continue;
      shown = g_utf8_make_valid (drop->name != NULL ? drop->name : drop->line, -1);
      remote = g_strconcat (remote_dir, g_str_has_suffix (remote_dir, "/") ? "" : "/", shown, NULL);
      message = g_strdup_printf (_("Listing line not used (%s): %s"),
                                 ferry_listing_drop_reason_describe (drop->reason), shown);
      ferry_transfer_queue_note (self, FERRY_LOG_ERROR, "%s: %s", remote_dir, message);
      child = ferry_transfer_queue_entry_new (self, FERRY_TRANSFER_DOWNLOAD, local_dir, remote,
                                              FALSE, -1, batch, depth + 1);
      ferry_transfer_item_set_state (child->item, FERRY_TRANSFER_SKIPPED, message);
      g_ptr_array_add (children, child);
    }

  /* Files first: they can start at once while folders wait their turn. */
  g_ptr_array_extend_and_steal (children, g_steal_pointer (&dirs));
  ferry_transfer_queue_append (self, children);
  return TRUE;
}

/* Is the local folder @path (named @name) the upload's own destination,
 * seen through a server whose folders map into the source?  Such a folder
 * was created after the upload began (its inode change time), and the
 * queue made a remote folder of that name: uploading it would copy the
 * copy, forever. */
static gboolean
upload_lands_here (FerryTransferQueue *self,
                   guint               batch,
                   const char         *path,
                   const char         *name)
{
  g_autofree char *key = g_strdup_printf ("%u/%s", batch, name);
  const gint64 *started = g_hash_table_lookup (self->batch_started, GUINT_TO_POINTER (batch));
  GStatBuf st;

  if (started == NULL || !g_hash_table_contains (self->made_dirs, key))
    return FALSE;
  if (g_lstat (path, &st) != 0)
    return FALSE;
  return (gint64) st.st_ctime >= *started;
}

gboolean
ferry_transfer_queue_walk_local (FerryTransferQueue *self,
                                 QueueEntry         *entry,
                                 GError            **error)
{
  FerryTransferItem *item = entry->item;
  const char *local_dir = ferry_transfer_item_get_local_path (item);
  const char *remote_dir = ferry_transfer_item_get_remote_path (item);
  guint depth = ferry_transfer_item_get_depth (item);
  guint batch = ferry_transfer_item_get_batch_id (item);
  g_autoptr(GFile) dir = g_file_new_for_path (local_dir);
  g_autoptr(GFileEnumerator) en = NULL;
  g_autoptr(GPtrArray) children = g_ptr_array_new_with_free_func ((GDestroyNotify) ferry_transfer_queue_entry_free);
  g_autoptr(GPtrArray) dirs = g_ptr_array_new_with_free_func ((GDestroyNotify) ferry_transfer_queue_entry_free);
  g_autoptr(GError) local_error = NULL;
  GStatBuf dir_st;

  /* A folder reached twice (a bind mount of its own parent) is not
   * walked again. */
  if (g_stat (local_dir, &dir_st) == 0)
    {
      char *key = g_strdup_printf ("%u/%" G_GUINT64_FORMAT ":%" G_GUINT64_FORMAT, batch,
                                   (guint64) dir_st.st_dev, (guint64) dir_st.st_ino);

      if (!g_hash_table_add (self->walked_dirs, key))
        {
          ferry_transfer_queue_note (self, FERRY_LOG_INFO,
                                     _("%s: the same folder as one already sent; not entered again"),
                                     local_dir);
          return TRUE;
        }
    }

  en = g_file_enumerate_children (dir,
                                  G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                  G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                                  G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                  G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, &local_error);
  if (en == NULL)
    {
      g_set_error (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_LOCAL, "%s", local_error->message);
      return FALSE;
    }

  for (;;)
    {
      GFileInfo *info = NULL;
      const char *name;
      g_autofree char *local = NULL;
      g_autofree char *remote = NULL;
      GFileType type;
      QueueEntry *child;

      if (!g_file_enumerator_iterate (en, &info, NULL, NULL, &local_error))
        {
          g_set_error (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_LOCAL, "%s", local_error->message);
          return FALSE;
        }
      if (info == NULL)
        break;

      name = g_file_info_get_name (info);
      type = g_file_info_get_file_type (info);
      local = g_build_filename (local_dir, name, NULL);
      remote = ferry_path_remote_join (remote_dir, name);

      if (type == G_FILE_TYPE_SYMBOLIC_LINK)
        {
          GStatBuf st;

          /* Files behind links are sent as files; folders behind links
           * are not entered (they may lead out of the tree or in a loop). */
          if (g_stat (local, &st) == 0 && S_ISREG (st.st_mode))
            {
              child = ferry_transfer_queue_entry_new (self, FERRY_TRANSFER_UPLOAD, local, remote,
                                                      FALSE, st.st_size, batch, depth + 1);
              g_ptr_array_add (children, child);
            }
          else
            ferry_transfer_queue_note (self, FERRY_LOG_INFO,
                                       _("%s: symbolic link not followed"), local);
          continue;
        }

      if (type == G_FILE_TYPE_DIRECTORY && upload_lands_here (self, batch, local, name))
        {
          ferry_transfer_queue_note (self, FERRY_LOG_INFO,
                                     _("%s: appeared while uploading and is named like a folder "
                                       "created on the server — the server folder lies inside "
                                       "the source; not entered"), local);
          continue;
        }

      if (type == G_FILE_TYPE_DIRECTORY)
        {
          child = ferry_transfer_queue_entry_new (self, FERRY_TRANSFER_UPLOAD, local, remote,
                                                  TRUE, -1, batch, depth + 1);
          g_ptr_array_add (dirs, child);
        }
      else if (type == G_FILE_TYPE_REGULAR)
        {
          child = ferry_transfer_queue_entry_new (self, FERRY_TRANSFER_UPLOAD, local, remote,
                                                  FALSE, g_file_info_get_size (info),
                                                  batch, depth + 1);
          g_ptr_array_add (children, child);
        }
      else
        ferry_transfer_queue_note (self, FERRY_LOG_INFO, _("%s: not a file or folder; skipped"),
                                   local);
    }

  g_ptr_array_extend_and_steal (children, g_steal_pointer (&dirs));
  ferry_transfer_queue_append (self, children);
  return TRUE;
}
