/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ferry-file-pane-private.h"

/*
 * Drag and drop between the panes.  Local rows are offered as a
 * GdkFileList so that other applications can take them too; remote rows
 * only mean something inside Ferry, so they travel as a FerryRemoteRows
 * value, a type no other application offers or can be handed (as
 * nautilus-column-chooser drags its NautilusColumn).
 *
 * One drag source for the whole list, not one a cell: a row's widgets are
 * made again on every re-sort, and the fewer controllers they carry the
 * less that costs.
 */

#define LIST_ITEM_KEY "ferry-list-item"

/* --- the remote rows' type --------------------------------------------- */

static FerryRemoteRows *
ferry_remote_rows_copy (FerryRemoteRows *rows)
{
  return g_ptr_array_ref (rows);
}

G_DEFINE_BOXED_TYPE (FerryRemoteRows, ferry_remote_rows, ferry_remote_rows_copy, g_ptr_array_unref)

static void
gdk_file_list_free_wrapper (gpointer list)
{
  g_boxed_free (GDK_TYPE_FILE_LIST, list);
}

/* The list item of the row under @x, @y of the column view, or NULL. */
static GtkListItem *
list_item_at (FerryFilePane *self,
              double         x,
              double         y,
              GtkWidget    **cell)
{
  GtkWidget *view = GTK_WIDGET (self->column_view);
  GtkWidget *picked = gtk_widget_pick (view, x, y, GTK_PICK_DEFAULT);

  for (GtkWidget *w = picked; w != NULL && w != view; w = gtk_widget_get_parent (w))
    {
      GtkListItem *list_item = g_object_get_data (G_OBJECT (w), LIST_ITEM_KEY);
      if (list_item != NULL)
        {
          *cell = w;
          return list_item;
        }
    }
  return NULL;
}

/* The rows a drag from @list_item carries: the whole selection when the
 * row is part of it, else that row alone. */
static GPtrArray *
dragged_items (FerryFilePane *self,
               GtkListItem   *list_item)
{
  GPtrArray *items;
  FerryFileItem *item = gtk_list_item_get_item (list_item);

  if (item == NULL)
    return NULL;
  if (gtk_list_item_get_selected (list_item))
    return ferry_file_pane_get_selected_items (self);

  items = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (items, g_object_ref (item));
  return items;
}

static GdkContentProvider *
local_content (GPtrArray *items)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new ();
  GdkFileList *list;
  GdkContentProvider *provider;

  for (guint i = 0; i < items->len; i++)
    {
      GFile *file = ferry_file_item_get_file (g_ptr_array_index (items, i));
      if (file != NULL)
        g_ptr_array_add (files, file);
    }
  list = gdk_file_list_new_from_array ((GFile **) files->pdata, files->len);
  provider = gdk_content_provider_new_typed (GDK_TYPE_FILE_LIST, list);
  g_boxed_free (GDK_TYPE_FILE_LIST, list);
  return provider;
}

static GdkContentProvider *
remote_content (GPtrArray *items)
{
  return gdk_content_provider_new_typed (FERRY_TYPE_REMOTE_ROWS, items);
}

static GdkContentProvider *
drag_prepare_cb (GtkDragSource *source,
                 double         x,
                 double         y,
                 FerryFilePane *self)
{
  GtkWidget *cell = NULL;
  GtkListItem *list_item = list_item_at (self, x, y, &cell);
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GdkPaintable) paintable = NULL;

  if (list_item == NULL)
    return NULL;
  items = dragged_items (self, list_item);
  if (items == NULL || items->len == 0)
    return NULL;

  paintable = gtk_widget_paintable_new (cell);
  gtk_drag_source_set_icon (source, paintable, 0, 0);
  return self->kind == FERRY_FILE_PANE_LOCAL ? local_content (items) : remote_content (items);
}

void
ferry_file_pane_dnd_init_cell (FerryFilePane *self,
                               GtkWidget     *cell,
                               GtkListItem   *list_item)
{
  /* The cell lives exactly as long as its list item. */
  g_object_set_data (G_OBJECT (cell), LIST_ITEM_KEY, list_item);
}

static gboolean
drop_remote_cb (GtkDropTarget *target,
                const GValue  *value,
                double         x,
                double         y,
                FerryFilePane *self)
{
  FerryRemoteRows *rows = g_value_get_boxed (value);
  g_autoptr(GStrvBuilder) builder = NULL;
  g_auto(GStrv) wanted = NULL;

  if (rows == NULL || rows->len == 0)
    return FALSE;

  builder = g_strv_builder_new ();
  for (guint i = 0; i < rows->len; i++)
    {
      FerryFileItem *item = g_ptr_array_index (rows, i);
      g_autofree char *line = g_strdup_printf ("%c %s", ferry_file_item_get_is_dir (item) ? 'D' : 'F',
                                               ferry_file_item_get_path (item));
      g_strv_builder_add (builder, line);
    }
  wanted = g_strv_builder_end (builder);

  g_signal_emit (self, ferry_file_pane_signals[FERRY_FILE_PANE_SIGNAL_REMOTE_DROPPED], 0, wanted);
  return TRUE;
}

/* What a dropped file is (a link to a folder is the folder the user
 * sees) is asked in a thread: a file system that is slow to answer
 * (network mounts) must not freeze the window. */
static void
query_dropped_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  g_autoptr(GSList) files = gdk_file_list_get_files (task_data);
  GPtrArray *items = g_ptr_array_new_with_free_func (g_object_unref);

  for (GSList *l = files; l != NULL; l = l->next)
    {
      g_autoptr(GFile) parent = g_file_get_parent (l->data);
      g_autofree char *parent_path = parent ? g_file_get_path (parent) : NULL;
      g_autoptr(GFileInfo) info = NULL;

      if (parent_path == NULL || !g_file_is_native (l->data))
        continue;
      info = g_file_query_info (l->data, FERRY_FILE_PANE_LOCAL_ATTRIBUTES, G_FILE_QUERY_INFO_NONE,
                                cancellable, NULL);
      if (info != NULL)
        g_ptr_array_add (items, ferry_file_item_new_local (parent_path, info));
    }
  g_task_return_pointer (task, items, (GDestroyNotify) g_ptr_array_unref);
}

static void
query_dropped_done_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  FerryFilePane *self = FERRY_FILE_PANE (source);
  g_autoptr(GPtrArray) items = g_task_propagate_pointer (G_TASK (result), NULL);

  if (items != NULL && items->len > 0)
    g_signal_emit (self, ferry_file_pane_signals[FERRY_FILE_PANE_SIGNAL_FILES_DROPPED], 0, items);
}

static gboolean
drop_files_cb (GtkDropTarget *target,
               const GValue  *value,
               double         x,
               double         y,
               FerryFilePane *self)
{
  GdkFileList *files = g_value_get_boxed (value);
  g_autoptr(GTask) task = NULL;

  if (files == NULL || self->path == NULL)
    return FALSE;
  task = g_task_new (self, NULL, query_dropped_done_cb, NULL);
  g_task_set_name (task, "[ferry] look at dropped files");
  g_task_set_task_data (task, g_boxed_copy (GDK_TYPE_FILE_LIST, files), (GDestroyNotify) gdk_file_list_free_wrapper);
  g_task_run_in_thread (task, query_dropped_thread);
  return TRUE;
}

void
ferry_file_pane_dnd_init_target (FerryFilePane *self)
{
  GtkDropTarget *target;
  GtkDragSource *source = gtk_drag_source_new ();

  gtk_drag_source_set_actions (source, GDK_ACTION_COPY);
  g_signal_connect (source, "prepare", G_CALLBACK (drag_prepare_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->column_view), GTK_EVENT_CONTROLLER (source));

  /* A pane never takes its own kind of rows: the local pane only takes
   * remote rows, the remote pane only takes files. */
  if (self->kind == FERRY_FILE_PANE_LOCAL)
    {
      target = gtk_drop_target_new (FERRY_TYPE_REMOTE_ROWS, GDK_ACTION_COPY);
      g_signal_connect (target, "drop", G_CALLBACK (drop_remote_cb), self);
    }
  else
    {
      target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
      g_signal_connect (target, "drop", G_CALLBACK (drop_files_cb), self);
    }
  gtk_widget_add_controller (GTK_WIDGET (self->stack), GTK_EVENT_CONTROLLER (target));
}
