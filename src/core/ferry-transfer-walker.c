/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <sys/stat.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "ferry-listing.h"
#include "ferry-path.h"
#include "ferry-transfer-queue-private.h"
#include "ferry-transfer-walker.h"

struct _FerryTransferWalker
{
  GObject             parent_instance;

  /* main thread */
  FerryTransferQueue *queue;         /* borrowed; NULL once it goes */
  GMainContext       *context;
  GHashTable         *walks;         /* FerryTransferItem → Walk (ref) */

  /* shared with the walk threads, under lock */
  struct
  {
    GMutex            lock;
    GHashTable       *batch_started; /* batch → gint64*: real time (s) it was added */
    GHashTable       *made_dirs;     /* "batch/basename" of remote folders created */
    GHashTable       *walked_dirs;   /* "batch/dev:ino" of local folders enumerated */
    GHashTable       *visited;       /* remote folders listed (link loops) */
  } shared;
};

G_DEFINE_FINAL_TYPE (FerryTransferWalker, ferry_transfer_walker, G_TYPE_OBJECT)

/* One folder being walked: read by its thread, refcounted (atomic) by
 * the thread and the batches in flight. */
typedef struct
{
  FerryTransferWalker *walker;
  FerryTransferItem   *folder;
  GCancellable        *cancellable;
  gboolean             upload;
  char                *local_dir;
  char                *remote_dir;
  guint                depth;
  guint                batch;
  GPtrArray           *listing;      /* download: FerryListEntry */
  GPtrArray           *dropped;      /* download: FerryListingDrop, or NULL */
  char                *listing_path;
  GArray              *ancestry;
} Walk;

static void
walk_clear (Walk *walk)
{
  g_clear_object (&walk->walker);
  g_clear_object (&walk->folder);
  g_clear_object (&walk->cancellable);
  g_free (walk->local_dir);
  g_free (walk->remote_dir);
  g_clear_pointer (&walk->listing, g_ptr_array_unref);
  g_clear_pointer (&walk->dropped, g_ptr_array_unref);
  g_free (walk->listing_path);
  g_clear_pointer (&walk->ancestry, g_array_unref);
}

static void
walk_unref (Walk *walk)
{
  g_atomic_rc_box_release_full (walk, (GDestroyNotify) walk_clear);
}

typedef struct
{
  int   kind;
  char *text;
} Note;

static void
note_free (Note *note)
{
  g_free (note->text);
  g_free (note);
}

/* What a walk thread hands to the main thread. */
typedef struct
{
  Walk      *walk;
  GPtrArray *items;
  GPtrArray *notes;
  gboolean   last;
  GError    *error;
} Batch;

static Batch *
batch_new (Walk *walk)
{
  Batch *batch = g_new0 (Batch, 1);

  batch->walk = g_atomic_rc_box_acquire (walk);
  batch->items = g_ptr_array_new_with_free_func (g_object_unref);
  batch->notes = g_ptr_array_new_with_free_func ((GDestroyNotify) note_free);
  return batch;
}

static void
batch_free (Batch *batch)
{
  walk_unref (batch->walk);
  g_ptr_array_unref (batch->items);
  g_ptr_array_unref (batch->notes);
  g_clear_error (&batch->error);
  g_free (batch);
}

static void
batch_note (Batch      *batch,
            int         kind,
            const char *format,
            ...) G_GNUC_PRINTF (3, 4);

static void
batch_note (Batch      *batch,
            int         kind,
            const char *format,
            ...)
{
  Note *note = g_new (Note, 1);
  va_list args;

  va_start (args, format);
  note->kind = kind;
  note->text = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (batch->notes, note);
}

/* Main thread: one batch into the queue. */
static gboolean
batch_cb (gpointer data)
{
  Batch *batch = data;
  Walk *walk = batch->walk;
  FerryTransferWalker *self = walk->walker;
  FerryTransferQueue *queue = self->queue;

  if (queue == NULL || g_cancellable_is_cancelled (walk->cancellable))
    {
      if (batch->last && queue != NULL)
        {
          g_hash_table_remove (self->walks, walk->folder);
          ferry_transfer_item_get_work (walk->folder)->step = FERRY_TRANSFER_STEP_NONE;
          ferry_transfer_queue_walk_done (queue, walk->folder, NULL);
        }
      return G_SOURCE_REMOVE;
    }
  for (guint i = 0; i < batch->notes->len; i++)
    {
      Note *note = g_ptr_array_index (batch->notes, i);
      ferry_transfer_queue_note (queue, note->kind, "%s", note->text);
    }
  ferry_transfer_queue_append (queue, walk->folder, batch->items);
  if (batch->last)
    {
      g_autoptr(FerryTransferItem) folder = g_object_ref (walk->folder);

      g_hash_table_remove (self->walks, folder);
      ferry_transfer_item_get_work (folder)->step = FERRY_TRANSFER_STEP_NONE;
      ferry_transfer_queue_walk_done (queue, folder, batch->error);
    }
  return G_SOURCE_REMOVE;
}

/* Walk thread: hands @batch over (and a fresh one back unless @last). */
static Batch *
deliver (Batch    *batch,
         gboolean  last)
{
  Walk *walk = batch->walk;
  GMainContext *context = walk->walker->context;

  batch->last = last;
  g_main_context_invoke_full (context, G_PRIORITY_DEFAULT, batch_cb, batch,
                              (GDestroyNotify) batch_free);
  return last ? NULL : batch_new (walk);
}

static Batch *
maybe_deliver (Batch *batch)
{
  if (batch->items->len < FERRY_WALKER_BATCH)
    return batch;
  return deliver (batch, FALSE);
}

/* ---------------------------------------------------------------------- */
/* Remote (download)                                                        */

static gboolean
make_local_dir (const char  *path,
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

static gboolean
walk_remote (Walk    *walk,
             Batch  **batchp,
             GError **error)
{
  FerryTransferWalker *self = walk->walker;
  const char *resolved = walk->listing_path ? walk->listing_path : walk->remote_dir;
  g_autoptr(GPtrArray) dirs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) ancestry = NULL;
  guint fingerprint;
  gboolean seen;

  /* The server's own name for the folder after CWD (PWD): a symbolic
   * link back up the tree lists a folder seen before. */
  g_mutex_lock (&self->shared.lock);
  seen = !g_hash_table_add (self->shared.visited, g_strdup (resolved));
  g_mutex_unlock (&self->shared.lock);
  if (seen)
    {
      g_set_error (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_EXISTS,
                   _("%s: already listed as %s (a link loop?); not entered again"),
                   walk->remote_dir, resolved);
      return FALSE;
    }
  if (!g_str_equal (resolved, walk->remote_dir))
    batch_note (*batchp, FERRY_LOG_INFO, _("%s is %s on the server"), walk->remote_dir, resolved);

  fingerprint = listing_fingerprint (walk->listing);
  for (guint i = 0; walk->ancestry != NULL && i < walk->ancestry->len; i++)
    if (g_array_index (walk->ancestry, guint, i) == fingerprint &&
        walk->listing != NULL && walk->listing->len > 0)
      {
        g_set_error (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_EXISTS,
                     _("%s: lists the same as a folder above it (a link loop?); not entered"),
                     walk->remote_dir);
        return FALSE;
      }
  ancestry = g_array_sized_new (FALSE, FALSE, sizeof (guint),
                                (walk->ancestry ? walk->ancestry->len : 0) + 1);
  if (walk->ancestry != NULL)
    g_array_append_vals (ancestry, walk->ancestry->data, walk->ancestry->len);
  g_array_append_val (ancestry, fingerprint);

  if (!make_local_dir (walk->local_dir, walk->depth == 0, error))
    return FALSE;

  for (guint i = 0; walk->listing != NULL && i < walk->listing->len; i++)
    {
      const FerryListEntry *le = g_ptr_array_index (walk->listing, i);
      g_autoptr(GError) name_error = NULL;
      g_autofree char *local = ferry_path_local_child (walk->local_dir, le->name, &name_error);
      g_autofree char *remote = ferry_path_remote_join (walk->remote_dir, le->name);
      FerryTransferItem *child;
      FerryTransferWork *work;

      if (local == NULL)
        {
          /* Shown in the queue so that the user sees what was left out. */
          batch_note (*batchp, FERRY_LOG_ERROR, "%s", name_error->message);
          child = ferry_transfer_queue_item_new (FERRY_TRANSFER_DOWNLOAD, walk->local_dir, remote,
                                                 le->type == FERRY_ENTRY_DIR, -1, walk->batch,
                                                 walk->depth + 1);
          ferry_transfer_item_set_state (child, FERRY_TRANSFER_SKIPPED, name_error->message);
          g_ptr_array_add ((*batchp)->items, child);
          *batchp = maybe_deliver (*batchp);
          continue;
        }

      switch (le->type)
        {
        case FERRY_ENTRY_DIR:
          child = ferry_transfer_queue_item_new (FERRY_TRANSFER_DOWNLOAD, local, remote,
                                                 TRUE, -1, walk->batch, walk->depth + 1);
          ferry_transfer_item_get_work (child)->ancestry = g_array_ref (ancestry);
          g_ptr_array_add (dirs, child);
          break;

        case FERRY_ENTRY_FILE:
          child = ferry_transfer_queue_item_new (FERRY_TRANSFER_DOWNLOAD, local, remote,
                                                 FALSE, le->size, walk->batch, walk->depth + 1);
          work = ferry_transfer_item_get_work (child);
          work->listed_size = le->size;
          /* Only an exact time (MLSD): LIST's are minutes in the
           * server's zone, which would make "newer" guess. */
          if (le->mtime != NULL && le->precision == FERRY_TIME_SECOND)
            work->listed_mtime = g_date_time_to_unix (le->mtime);
          g_ptr_array_add ((*batchp)->items, child);
          break;

        case FERRY_ENTRY_LINK:
          /* LIST does not say what a link points to: try it as a file
           * (a folder answers RETR with 550 and is skipped, never
           * entered, so link loops cannot recurse). */
          child = ferry_transfer_queue_item_new (FERRY_TRANSFER_DOWNLOAD, local, remote,
                                                 FALSE, -1, walk->batch, walk->depth + 1);
          ferry_transfer_item_get_work (child)->is_link = TRUE;
          g_ptr_array_add ((*batchp)->items, child);
          break;

        case FERRY_ENTRY_OTHER:
        default:
          batch_note (*batchp, FERRY_LOG_INFO, _("%s: not a file or folder; skipped"), remote);
          break;
        }
      *batchp = maybe_deliver (*batchp);
    }

  /* Listing lines that gave no entry (a name with '/', a control
   * character, a line no dialect reads): skipped items, so that they
   * are seen and counted, never lost in silence. */
  for (guint i = 0; walk->dropped != NULL && i < walk->dropped->len; i++)
    {
      const FerryListingDrop *drop = g_ptr_array_index (walk->dropped, i);
      g_autofree char *shown = NULL;
      g_autofree char *remote = NULL;
      g_autofree char *message = NULL;
      FerryTransferItem *child;

      if (!ferry_listing_drop_is_skip (drop->reason))
        continue;
      shown = g_utf8_make_valid (drop->name != NULL ? drop->name : drop->line, -1);
      remote = g_strconcat (walk->remote_dir, g_str_has_suffix (walk->remote_dir, "/") ? "" : "/",
                            shown, NULL);
      message = g_strdup_printf (_("Listing line not used (%s): %s"),
                                 ferry_listing_drop_reason_describe (drop->reason), shown);
      batch_note (*batchp, FERRY_LOG_ERROR, "%s: %s", walk->remote_dir, message);
      child = ferry_transfer_queue_item_new (FERRY_TRANSFER_DOWNLOAD, walk->local_dir, remote,
                                             FALSE, -1, walk->batch, walk->depth + 1);
      ferry_transfer_item_set_state (child, FERRY_TRANSFER_SKIPPED, message);
      g_ptr_array_add ((*batchp)->items, child);
      *batchp = maybe_deliver (*batchp);
    }

  /* Files first: they can start at once while folders wait their turn. */
  for (guint i = 0; i < dirs->len; i++)
    {
      g_ptr_array_add ((*batchp)->items, g_object_ref (g_ptr_array_index (dirs, i)));
      *batchp = maybe_deliver (*batchp);
    }
  return TRUE;
}

/* ---------------------------------------------------------------------- */
/* Local (upload)                                                           */

/* Is the local folder @path (named @name) the upload's own destination,
 * seen through a server whose folders map into the source?  Such a folder
 * was created after the upload began (its inode change time), and the
 * queue made a remote folder of that name: uploading it would copy the
 * copy, forever. */
static gboolean
upload_lands_here (FerryTransferWalker *self,
                   guint                batch,
                   const char          *path,
                   const char          *name)
{
  g_autofree char *key = g_strdup_printf ("%u/%s", batch, name);
  gint64 started = -1;
  gboolean made;
  GStatBuf st;

  g_mutex_lock (&self->shared.lock);
  made = g_hash_table_contains (self->shared.made_dirs, key);
  {
    const gint64 *when = g_hash_table_lookup (self->shared.batch_started, GUINT_TO_POINTER (batch));
    if (when != NULL)
      started = *when;
  }
  g_mutex_unlock (&self->shared.lock);

  if (started < 0 || !made || g_lstat (path, &st) != 0)
    return FALSE;
  return (gint64) st.st_ctime >= started;
}

static gboolean
walk_local (Walk    *walk,
            Batch  **batchp,
            GError **error)
{
  FerryTransferWalker *self = walk->walker;
  g_autoptr(GFile) dir = g_file_new_for_path (walk->local_dir);
  g_autoptr(GFileEnumerator) en = NULL;
  g_autoptr(GPtrArray) dirs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) local_error = NULL;
  GStatBuf dir_st;

  /* A folder reached twice (a bind mount of its own parent) is not
   * walked again. */
  if (g_stat (walk->local_dir, &dir_st) == 0)
    {
      char *key = g_strdup_printf ("%u/%" G_GUINT64_FORMAT ":%" G_GUINT64_FORMAT, walk->batch,
                                   (guint64) dir_st.st_dev, (guint64) dir_st.st_ino);
      gboolean added;

      g_mutex_lock (&self->shared.lock);
      added = g_hash_table_add (self->shared.walked_dirs, key);
      g_mutex_unlock (&self->shared.lock);
      if (!added)
        {
          batch_note (*batchp, FERRY_LOG_INFO,
                      _("%s: the same folder as one already sent; not entered again"),
                      walk->local_dir);
          return TRUE;
        }
    }

  en = g_file_enumerate_children (dir,
                                  G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                  G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                                  G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                  G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, walk->cancellable,
                                  &local_error);
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
      FerryTransferItem *child;

      if (!g_file_enumerator_iterate (en, &info, NULL, walk->cancellable, &local_error))
        {
          g_set_error (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_LOCAL, "%s", local_error->message);
          return FALSE;
        }
      if (info == NULL)
        break;

      name = g_file_info_get_name (info);
      type = g_file_info_get_file_type (info);
      local = g_build_filename (walk->local_dir, name, NULL);
      remote = ferry_path_remote_join (walk->remote_dir, name);

      if (type == G_FILE_TYPE_SYMBOLIC_LINK)
        {
          GStatBuf st;

          /* Files behind links are sent as files; folders behind links
           * are not entered (they may lead out of the tree or in a loop). */
          if (g_stat (local, &st) == 0 && S_ISREG (st.st_mode))
            {
              child = ferry_transfer_queue_item_new (FERRY_TRANSFER_UPLOAD, local, remote,
                                                     FALSE, st.st_size, walk->batch, walk->depth + 1);
              g_ptr_array_add ((*batchp)->items, child);
              *batchp = maybe_deliver (*batchp);
            }
          else
            batch_note (*batchp, FERRY_LOG_INFO, _("%s: symbolic link not followed"), local);
          continue;
        }

      if (type == G_FILE_TYPE_DIRECTORY && upload_lands_here (self, walk->batch, local, name))
        {
          batch_note (*batchp, FERRY_LOG_INFO,
                      _("%s: appeared while uploading and is named like a folder "
                        "created on the server — the server folder lies inside "
                        "the source; not entered"), local);
          continue;
        }

      if (type == G_FILE_TYPE_DIRECTORY)
        g_ptr_array_add (dirs, ferry_transfer_queue_item_new (FERRY_TRANSFER_UPLOAD, local, remote,
                                                              TRUE, -1, walk->batch, walk->depth + 1));
      else if (type == G_FILE_TYPE_REGULAR)
        {
          child = ferry_transfer_queue_item_new (FERRY_TRANSFER_UPLOAD, local, remote,
                                                 FALSE, g_file_info_get_size (info),
                                                 walk->batch, walk->depth + 1);
          g_ptr_array_add ((*batchp)->items, child);
          *batchp = maybe_deliver (*batchp);
        }
      else
        batch_note (*batchp, FERRY_LOG_INFO, _("%s: not a file or folder; skipped"), local);
    }

  for (guint i = 0; i < dirs->len; i++)
    {
      g_ptr_array_add ((*batchp)->items, g_object_ref (g_ptr_array_index (dirs, i)));
      *batchp = maybe_deliver (*batchp);
    }
  return TRUE;
}

static void
walk_thread (GTask        *task,
             gpointer      source,
             gpointer      data,
             GCancellable *cancellable)
{
  Walk *walk = data;
  Batch *batch = batch_new (walk);
  GError *error = NULL;
  gboolean ok;

  ok = walk->upload ? walk_local (walk, &batch, &error) : walk_remote (walk, &batch, &error);
  if (!ok)
    {
      /* A failed folder adds nothing (as before the walk was threaded,
       * earlier batches aside). */
      g_ptr_array_set_size (batch->items, 0);
      batch->error = error;
    }
  deliver (batch, TRUE);
  g_task_return_boolean (task, TRUE);
}

static void
start_walk (FerryTransferWalker *self,
            FerryTransferItem   *folder,
            gboolean             upload)
{
  FerryTransferWork *work = ferry_transfer_item_get_work (folder);
  Walk *walk = g_atomic_rc_box_new0 (Walk);
  g_autoptr(GTask) task = NULL;

  walk->walker = g_object_ref (self);
  walk->folder = g_object_ref (folder);
  walk->cancellable = g_cancellable_new ();
  walk->upload = upload;
  walk->local_dir = g_strdup (ferry_transfer_item_get_local_path (folder));
  walk->remote_dir = g_strdup (ferry_transfer_item_get_remote_path (folder));
  walk->depth = ferry_transfer_item_get_depth (folder);
  walk->batch = ferry_transfer_item_get_batch_id (folder);
  walk->listing = g_steal_pointer (&work->listing);
  walk->dropped = g_steal_pointer (&work->dropped);
  walk->listing_path = g_steal_pointer (&work->listing_path);
  walk->ancestry = work->ancestry ? g_array_ref (work->ancestry) : NULL;

  work->step = FERRY_TRANSFER_STEP_WALK;
  g_hash_table_insert (self->walks, folder, g_atomic_rc_box_acquire (walk));
  task = g_task_new (NULL, walk->cancellable, NULL, NULL);
  g_task_set_task_data (task, walk, (GDestroyNotify) walk_unref);
  g_task_run_in_thread (task, walk_thread);
}

void
ferry_transfer_walker_walk_remote (FerryTransferWalker *self,
                                   FerryTransferItem   *folder)
{
  start_walk (self, folder, FALSE);
}

void
ferry_transfer_walker_walk_local (FerryTransferWalker *self,
                                  FerryTransferItem   *folder)
{
  start_walk (self, folder, TRUE);
}

void
ferry_transfer_walker_batch_started (FerryTransferWalker *self,
                                     guint                batch)
{
  gint64 *started = g_new (gint64, 1);

  *started = g_get_real_time () / G_USEC_PER_SEC;
  g_mutex_lock (&self->shared.lock);
  g_hash_table_insert (self->shared.batch_started, GUINT_TO_POINTER (batch), started);
  g_mutex_unlock (&self->shared.lock);
}

void
ferry_transfer_walker_made_dir (FerryTransferWalker *self,
                                FerryTransferItem   *folder)
{
  /* Created by us: remembered so that the local walk can tell our own
   * output from the source (see upload_lands_here). */
  g_autofree char *base = ferry_path_remote_basename (ferry_transfer_item_get_remote_path (folder));
  char *key = g_strdup_printf ("%u/%s", ferry_transfer_item_get_batch_id (folder), base);

  g_mutex_lock (&self->shared.lock);
  g_hash_table_add (self->shared.made_dirs, key);
  g_mutex_unlock (&self->shared.lock);
}

void
ferry_transfer_walker_cancel (FerryTransferWalker *self,
                              FerryTransferItem   *folder)
{
  Walk *walk = g_hash_table_lookup (self->walks, folder);

  if (walk != NULL)
    g_cancellable_cancel (walk->cancellable);
}

void
ferry_transfer_walker_shutdown (FerryTransferWalker *self)
{
  GHashTableIter iter;
  gpointer walk;

  self->queue = NULL;
  if (self->walks == NULL)
    return;
  g_hash_table_iter_init (&iter, self->walks);
  while (g_hash_table_iter_next (&iter, NULL, &walk))
    g_cancellable_cancel (((Walk *) walk)->cancellable);
  g_hash_table_remove_all (self->walks);
}

static void
ferry_transfer_walker_dispose (GObject *object)
{
  ferry_transfer_walker_shutdown (FERRY_TRANSFER_WALKER (object));
  G_OBJECT_CLASS (ferry_transfer_walker_parent_class)->dispose (object);
}

static void
ferry_transfer_walker_finalize (GObject *object)
{
  FerryTransferWalker *self = FERRY_TRANSFER_WALKER (object);

  g_clear_pointer (&self->walks, g_hash_table_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_hash_table_unref (self->shared.batch_started);
  g_hash_table_unref (self->shared.made_dirs);
  g_hash_table_unref (self->shared.walked_dirs);
  g_hash_table_unref (self->shared.visited);
  g_mutex_clear (&self->shared.lock);

  G_OBJECT_CLASS (ferry_transfer_walker_parent_class)->finalize (object);
}

static void
ferry_transfer_walker_class_init (FerryTransferWalkerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ferry_transfer_walker_dispose;
  object_class->finalize = ferry_transfer_walker_finalize;
}

static void
ferry_transfer_walker_init (FerryTransferWalker *self)
{
  self->context = g_main_context_ref_thread_default ();
  self->walks = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) walk_unref);
  g_mutex_init (&self->shared.lock);
  self->shared.batch_started = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  self->shared.made_dirs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->shared.walked_dirs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->shared.visited = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

FerryTransferWalker *
ferry_transfer_walker_new (FerryTransferQueue *queue)
{
  FerryTransferWalker *self = g_object_new (FERRY_TYPE_TRANSFER_WALKER, NULL);

  self->queue = queue;
  return self;
}
