/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ferry-file-pane-private.h"
#include "ferry-stall-probe.h"

/*
 * Making the rows of a folder, off the main thread: the items of a local
 * folder are read and made in a GTask thread, those of a remote listing
 * are made from the worker's entries in one; the pane's FerryFileList
 * then sorts them in another.  The main thread only hands arrays over.
 * A local folder shows its first rows (FIRST_ROWS) before the rest is read.
 */

#define FIRST_ROWS 2000
#define BATCH 1000

typedef struct
{
  char            *path;       /* the folder */
  GFileEnumerator *enumerator; /* local */
  GPtrArray       *entries;    /* remote: the worker's FerryListEntry */
  GPtrArray       *batches;    /* remote, first rows: arrays of them */
  gboolean         first_rows; /* remote: made from batches */
  GPtrArray       *items;      /* made so far */
  gboolean         complete;
} Load;

static void
load_free (Load *load)
{
  g_free (load->path);
  g_clear_object (&load->enumerator);
  g_clear_pointer (&load->entries, g_ptr_array_unref);
  g_clear_pointer (&load->batches, g_ptr_array_unref);
  g_clear_pointer (&load->items, g_ptr_array_unref);
  g_free (load);
}

/* A copy of @items that owns its references, for the list. */
static gpointer
ref_item (gconstpointer item,
          gpointer      data)
{
  return g_object_ref ((gpointer) item);
}

static GPtrArray *
share_items (GPtrArray *items)
{
  GPtrArray *copy = g_ptr_array_copy (items, ref_item, NULL);

  g_ptr_array_set_free_func (copy, g_object_unref);
  return copy;
}

static void
start_task (FerryFilePane      *self,
            Load               *load,
            GTaskThreadFunc     thread_func,
            GAsyncReadyCallback done)
{
  g_autoptr(GTask) task = g_task_new (self, self->load_cancellable, done, NULL);

  g_task_set_name (task, "[ferry] make a folder's rows");
  g_task_set_task_data (task, load, (GDestroyNotify) load_free);
  g_task_run_in_thread (task, thread_func);
}

/* --- local ------------------------------------------------------------- */

/* Reads up to @limit more entries (0: all); FALSE on error. */
static gboolean
read_local (Load          *load,
            guint          limit,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(GFile) dir = NULL;

  if (load->enumerator == NULL)
    {
      dir = g_file_new_for_path (load->path);
      load->enumerator = g_file_enumerate_children (dir, FERRY_FILE_PANE_LOCAL_ATTRIBUTES, G_FILE_QUERY_INFO_NONE,
                                                    cancellable, error);
      if (load->enumerator == NULL)
        return FALSE;
    }
  while (limit == 0 || load->items->len < limit)
    {
      g_autoptr(GError) local_error = NULL;
      GFileInfo *info = NULL;

      if (!g_file_enumerator_iterate (load->enumerator, &info, NULL, cancellable, &local_error))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (info == NULL)
        {
          load->complete = TRUE;
          break;
        }
      g_ptr_array_add (load->items, ferry_file_item_new_local (load->path, info));
    }
  return TRUE;
}

static void
local_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Load *load = task_data;
  GError *error = NULL;

  if (!read_local (load, load->items->len == 0 ? FIRST_ROWS : 0, cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
local_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  FerryFilePane *self = FERRY_FILE_PANE (source);
  Load *load = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        ferry_file_pane_load_error (self, error);
      return;
    }
  if (load->complete)
    {
      ferry_file_pane_show_items (self, load->path, g_steal_pointer (&load->items), TRUE);
      return;
    }
  ferry_file_pane_show_items (self, load->path, share_items (load->items), FALSE);
  {
    /* The first rows are on their way to the screen: read the rest. */
    Load *rest = g_new0 (Load, 1);
    rest->path = g_strdup (load->path);
    rest->enumerator = g_steal_pointer (&load->enumerator);
    rest->items = g_steal_pointer (&load->items);
    start_task (self, rest, local_thread, local_done_cb);
  }
}

void
ferry_file_pane_load_local (FerryFilePane *self,
                            const char    *path)
{
  Load *load = g_new0 (Load, 1);

  load->path = g_strdup (path);
  load->items = g_ptr_array_new_with_free_func (g_object_unref);
  start_task (self, load, local_thread, local_done_cb);
}

/* --- remote ------------------------------------------------------------ */

static void
remote_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Load *load = task_data;
  guint n = load->entries ? load->entries->len : 0;

  if (load->batches != NULL)
    {
      /* The first rows: the parts of the listing so far, in order. */
      n = 0;
      for (guint b = 0; b < load->batches->len; b++)
        n += ((GPtrArray *) g_ptr_array_index (load->batches, b))->len;
      load->items = g_ptr_array_new_full (n, g_object_unref);
      for (guint b = 0; b < load->batches->len; b++)
        {
          GPtrArray *batch = g_ptr_array_index (load->batches, b);

          for (guint i = 0; i < batch->len; i++)
            g_ptr_array_add (load->items, ferry_file_item_new_remote (load->path, g_ptr_array_index (batch, i)));
        }
      g_clear_pointer (&load->batches, g_ptr_array_unref);
      g_task_return_boolean (task, TRUE);
      return;
    }

  load->items = g_ptr_array_new_full (n, g_object_unref);
  for (guint i = 0; i < n; i++)
    {
      if (i % BATCH == 0 && g_cancellable_is_cancelled (cancellable))
        break;
      g_ptr_array_add (load->items, ferry_file_item_new_remote (load->path, g_ptr_array_index (load->entries, i)));
    }
  /* The entries are the worker's: let them go here, not on the main thread. */
  g_clear_pointer (&load->entries, g_ptr_array_unref);
  g_task_return_boolean (task, TRUE);
}

static void
remote_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  FerryFilePane *self = FERRY_FILE_PANE (source);
  Load *load = g_task_get_task_data (G_TASK (result));

  if (!g_task_propagate_boolean (G_TASK (result), NULL))
    return;   /* cancelled: another folder was asked for */
  /* Made from batches: only the first rows, the listing follows. */
  ferry_file_pane_show_items (self, load->path, g_steal_pointer (&load->items), !load->first_rows);
}

void
ferry_file_pane_load_remote (FerryFilePane *self,
                             const char    *path,
                             GPtrArray     *entries)
{
  Load *load = g_new0 (Load, 1);

  load->path = g_strdup (path);
  load->entries = entries ? g_ptr_array_ref (entries) : NULL;
  start_task (self, load, remote_thread, remote_done_cb);
}

void
ferry_file_pane_load_remote_batches (FerryFilePane *self,
                                     const char    *path,
                                     GPtrArray     *batches)
{
  Load *load = g_new0 (Load, 1);

  load->path = g_strdup (path);
  load->batches = batches;
  load->first_rows = TRUE;
  start_task (self, load, remote_thread, remote_done_cb);
}
