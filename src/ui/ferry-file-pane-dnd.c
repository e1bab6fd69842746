/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ferry-file-pane-private.h"

/*
 * Drag and drop between the panes.  Local rows are offered as a
 * GdkFileList so that other applications can take them too; remote rows
 * only mean something inside Ferry, so they travel as text with a prefix
 * that the local pane's drop target checks.
 */

#define LIST_ITEM_KEY "ferry-list-item"

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
  g_autoptr(GString) text = g_string_new (FERRY_REMOTE_DRAG_PREFIX);

  for (guint i = 0; i < items->len; i++)
    {
      FerryFileItem *item = g_ptr_array_index (items, i);
      g_string_append_printf (text, "%c %s\n",
                              ferry_file_item_get_is_dir (item) ? 'D' : 'F',
                              ferry_file_item_get_path (item));
    }
  return gdk_content_provider_new_typed (G_TYPE_STRING, text->str);
}

static GdkContentProvider *
drag_prepare_cb (GtkDragSource *source,
                 double         x,
                 double         y,
                 FerryFilePane *self)
{
  GtkWidget *cell = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (source));
  GtkListItem *list_item = g_object_get_data (G_OBJECT (cell), LIST_ITEM_KEY);
  g_autoptr(GPtrArray) items = NULL;

  if (list_item == NULL)
    return NULL;
  items = dragged_items (self, list_item);
  if (items == NULL || items->len == 0)
    return NULL;

  return self->kind == FERRY_FILE_PANE_LOCAL ? local_content (items) : remote_content (items);
}

static void
drag_begin_cb (GtkDragSource *source,
               GdkDrag       *drag,
               FerryFilePane *self)
{
  GtkWidget *cell = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (source));
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (cell);

  gtk_drag_source_set_icon (source, paintable, 0, 0);
}

void
ferry_file_pane_dnd_init_cell (FerryFilePane *self,
                               GtkWidget     *cell,
                               GtkListItem   *list_item)
{
  GtkDragSource *source = gtk_drag_source_new ();

  /* The cell lives exactly as long as its list item. */
  g_object_set_data (G_OBJECT (cell), LIST_ITEM_KEY, list_item);
  gtk_drag_source_set_actions (source, GDK_ACTION_COPY);
  g_signal_connect (source, "prepare", G_CALLBACK (drag_prepare_cb), self);
  g_signal_connect (source, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  gtk_widget_add_controller (cell, GTK_EVENT_CONTROLLER (source));
}

static gboolean
drop_remote_cb (GtkDropTarget *target,
                const GValue  *value,
                double         x,
                double         y,
                FerryFilePane *self)
{
  const char *text = g_value_get_string (value);
  g_auto(GStrv) lines = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;
  g_auto(GStrv) wanted = NULL;

  if (text == NULL || !g_str_has_prefix (text, FERRY_REMOTE_DRAG_PREFIX))
    return FALSE;

  lines = g_strsplit (text + strlen (FERRY_REMOTE_DRAG_PREFIX), "\n", -1);
  builder = g_strv_builder_new ();
  for (guint i = 0; lines[i]; i++)
    if ((lines[i][0] == 'F' || lines[i][0] == 'D') && lines[i][1] == ' ' && lines[i][2] == '/')
      g_strv_builder_add (builder, lines[i]);
  wanted = g_strv_builder_end (builder);
  if (wanted[0] == NULL)
    return FALSE;

  g_signal_emit (self, ferry_file_pane_signals[FERRY_FILE_PANE_SIGNAL_REMOTE_DROPPED], 0, wanted);
  return TRUE;
}

static gboolean
drop_files_cb (GtkDropTarget *target,
               const GValue  *value,
               double         x,
               double         y,
               FerryFilePane *self)
{
  GdkFileList *files = g_value_get_boxed (value);

  if (files == NULL || self->path == NULL)
    return FALSE;
  g_signal_emit (self, ferry_file_pane_signals[FERRY_FILE_PANE_SIGNAL_FILES_DROPPED], 0, files);
  return TRUE;
}

void
ferry_file_pane_dnd_init_target (FerryFilePane *self)
{
  GtkDropTarget *target;

  /* A pane never takes its own kind of rows: the local pane only takes
   * remote text, the remote pane only takes files. */
  if (self->kind == FERRY_FILE_PANE_LOCAL)
    {
      target = gtk_drop_target_new (G_TYPE_STRING, GDK_ACTION_COPY);
      g_signal_connect (target, "drop", G_CALLBACK (drop_remote_cb), self);
    }
  else
    {
      target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
      g_signal_connect (target, "drop", G_CALLBACK (drop_files_cb), self);
    }
  gtk_widget_add_controller (GTK_WIDGET (self->stack), GTK_EVENT_CONTROLLER (target));
}
