/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ferry-file-list.h"
#include "ferry-stall-probe.h"

struct _FerryFileList
{
  GObject              parent_instance;

  /* What is shown: pointers into @view_source, which keeps them alive;
   * the model holds the first @n_shown, and an idle adds the rest. */
  GPtrArray           *view;
  GPtrArray           *view_source;
  guint                n_shown;
  guint                fill_source;
  gboolean             fill_resorted;

  /* What is asked for. */
  GPtrArray           *items;
  FerryFileSortColumn  column;
  gboolean             descending;
  gboolean             show_hidden;

  GCancellable        *cancellable;
  guint                serial;         /* of the last request */
  gboolean             running;        /* a rebuild is in its thread */
  gboolean             items_changed;  /* since the shown view */
};

static void ferry_file_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FerryFileList, ferry_file_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, ferry_file_list_model_init))

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

enum {
  SIGNAL_VIEW_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* --- GListModel -------------------------------------------------------- */

static GType
get_item_type (GListModel *model)
{
  return FERRY_TYPE_FILE_ITEM;
}

static guint
get_n_items (GListModel *model)
{
  return FERRY_FILE_LIST (model)->n_shown;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  FerryFileList *self = FERRY_FILE_LIST (model);

  if (position >= self->n_shown)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->view, position));
}

static void
ferry_file_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

/* --- ordering (any thread) --------------------------------------------- */

static int
cmp_int64 (gint64 a, gint64 b)
{
  return (a > b) - (a < b);
}

int
ferry_file_list_compare (FerryFileItem       *a,
                         FerryFileItem       *b,
                         FerryFileSortColumn  column)
{
  switch (column)
    {
    case FERRY_FILE_SORT_SIZE:
      return cmp_int64 (ferry_file_item_get_size (a), ferry_file_item_get_size (b));
    case FERRY_FILE_SORT_MODIFIED:
      return cmp_int64 (ferry_file_item_get_mtime_unix (a), ferry_file_item_get_mtime_unix (b));
    case FERRY_FILE_SORT_PERMISSIONS:
      return g_strcmp0 (ferry_file_item_get_permissions (a), ferry_file_item_get_permissions (b));
    case FERRY_FILE_SORT_NAME:
    default:
      return strcmp (ferry_file_item_get_sort_key (a), ferry_file_item_get_sort_key (b));
    }
}

typedef struct
{
  GPtrArray           *items;
  GPtrArray           *view;
  FerryFileSortColumn  column;
  gboolean             descending;
  gboolean             show_hidden;
  gboolean             resort;          /* the same items as the shown view */
  guint                serial;
} Rebuild;

static void
rebuild_free (Rebuild *r)
{
  g_clear_pointer (&r->items, g_ptr_array_unref);
  g_clear_pointer (&r->view, g_ptr_array_unref);
  g_free (r);
}

/* Folders first in either direction, then the column, then the name and
 * the path so that equal sizes or dates keep one order. */
static int
view_compare (gconstpointer pa,
              gconstpointer pb,
              gpointer      user_data)
{
  const Rebuild *r = user_data;
  FerryFileItem *a = *(FerryFileItem **) pa;
  FerryFileItem *b = *(FerryFileItem **) pb;
  int c = ferry_file_item_get_is_dir (b) - ferry_file_item_get_is_dir (a);

  if (c != 0)
    return c;
  c = ferry_file_list_compare (a, b, r->column);
  if (r->descending)
    c = -c;
  if (c == 0 && r->column != FERRY_FILE_SORT_NAME)
    c = ferry_file_list_compare (a, b, FERRY_FILE_SORT_NAME);
  if (c == 0)
    c = strcmp (ferry_file_item_get_path (a), ferry_file_item_get_path (b));
  return c;
}

static void
rebuild_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Rebuild *r = task_data;

  r->view = g_ptr_array_sized_new (r->items->len);
  for (guint i = 0; i < r->items->len; i++)
    {
      FerryFileItem *item = g_ptr_array_index (r->items, i);
      if (r->show_hidden || ferry_file_item_get_name (item)[0] != '.')
        g_ptr_array_add (r->view, item);
    }
  g_ptr_array_sort_with_data (r->view, view_compare, r);
  g_task_return_boolean (task, TRUE);
}

static void start_rebuild (FerryFileList *self);

/* Rows handed to the model at a time: GTK 4.8's list item manager looks
 * at every added item, so 100,000 at once block the main loop; and for
 * the first rows it makes up to 200 row widgets, a few ms each, so those
 * come in small steps. */
#define FILL_CHUNK 5000
#define FIRST_CHUNK 40
#define FIRST_ROWS 200

static guint
next_chunk (FerryFileList *self)
{
  guint chunk = self->n_shown < FIRST_ROWS ? FIRST_CHUNK : FILL_CHUNK;

  return MIN (chunk, self->view->len - self->n_shown);
}

static void
fill_done (FerryFileList *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
  g_signal_emit (self, signals[SIGNAL_VIEW_CHANGED], 0, self->fill_resorted);
}

static gboolean
fill_cb (gpointer data)
{
  FerryFileList *self = data;
  guint at = self->n_shown;
  guint n = next_chunk (self);

  ferry_stall_probe_begin ("adding rows to a file list");
  self->n_shown += n;
  g_list_model_items_changed (G_LIST_MODEL (self), at, 0, n);
  ferry_stall_probe_end ();
  if (self->n_shown < self->view->len)
    return G_SOURCE_CONTINUE;
  self->fill_source = 0;
  fill_done (self);
  return G_SOURCE_REMOVE;
}

static void
rebuild_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  FerryFileList *self = FERRY_FILE_LIST (source);
  Rebuild *r = g_task_get_task_data (G_TASK (result));
  guint old_n, new_n;

  if (!g_task_propagate_boolean (G_TASK (result), NULL))
    return;   /* cancelled: disposed */
  self->running = FALSE;
  if (r->serial != self->serial)
    {
      /* Asked again meanwhile: this one is out of date. */
      start_rebuild (self);
      return;
    }

  /* The first rows at once, the rest in chunks from an idle (below
   * redrawing, so that frames are painted in between). */
  ferry_stall_probe_begin ("swapping in a sorted view");
  old_n = self->n_shown;
  g_clear_pointer (&self->view, g_ptr_array_unref);
  g_clear_pointer (&self->view_source, g_ptr_array_unref);
  self->view = g_steal_pointer (&r->view);
  self->view_source = g_ptr_array_ref (r->items);
  self->items_changed = FALSE;
  self->fill_resorted = r->resort;
  self->n_shown = 0;
  self->n_shown = new_n = next_chunk (self);
  if (old_n > 0 || new_n > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, new_n);
  ferry_stall_probe_end ();
  if (self->n_shown < self->view->len)
    {
      if (self->fill_source == 0)
        self->fill_source = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, fill_cb, self, NULL);
      return;
    }
  g_clear_handle_id (&self->fill_source, g_source_remove);
  fill_done (self);
}

static void
start_rebuild (FerryFileList *self)
{
  g_autoptr(GTask) task = NULL;
  Rebuild *r;

  if (self->running)
    return;   /* rebuild_done_cb starts the next one */
  self->running = TRUE;
  r = g_new0 (Rebuild, 1);
  r->items = g_ptr_array_ref (self->items);
  r->column = self->column;
  r->descending = self->descending;
  r->show_hidden = self->show_hidden;
  r->resort = !self->items_changed;
  r->serial = self->serial;

  task = g_task_new (self, self->cancellable, rebuild_done_cb, NULL);
  g_task_set_source_tag (task, start_rebuild);
  g_task_set_name (task, "[ferry] sort a file list");
  g_task_set_task_data (task, r, (GDestroyNotify) rebuild_free);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, rebuild_thread);
}

static void
request_rebuild (FerryFileList *self)
{
  gboolean was_busy = ferry_file_list_get_busy (self);

  self->serial++;
  start_rebuild (self);
  if (!was_busy)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* --- public ------------------------------------------------------------ */

FerryFileList *
ferry_file_list_new (void)
{
  return g_object_new (FERRY_TYPE_FILE_LIST, NULL);
}

void
ferry_file_list_set_items (FerryFileList *self,
                           GPtrArray     *items)
{
  g_return_if_fail (FERRY_IS_FILE_LIST (self));
  g_return_if_fail (items != NULL);

  g_clear_pointer (&self->items, g_ptr_array_unref);
  self->items = items;
  self->items_changed = TRUE;
  request_rebuild (self);
}

void
ferry_file_list_set_sort (FerryFileList       *self,
                          FerryFileSortColumn  column,
                          gboolean             descending)
{
  g_return_if_fail (FERRY_IS_FILE_LIST (self));
  descending = !!descending;
  if (self->column == column && self->descending == descending)
    return;
  self->column = column;
  self->descending = descending;
  request_rebuild (self);
}

void
ferry_file_list_set_show_hidden (FerryFileList *self,
                                 gboolean       show_hidden)
{
  g_return_if_fail (FERRY_IS_FILE_LIST (self));
  show_hidden = !!show_hidden;
  if (self->show_hidden == show_hidden)
    return;
  self->show_hidden = show_hidden;
  request_rebuild (self);
}

gboolean
ferry_file_list_get_busy (FerryFileList *self)
{
  g_return_val_if_fail (FERRY_IS_FILE_LIST (self), FALSE);
  return self->running || self->fill_source != 0;
}

GPtrArray *
ferry_file_list_get_all (FerryFileList *self)
{
  g_return_val_if_fail (FERRY_IS_FILE_LIST (self), NULL);
  return self->view_source;
}

/* --- GObject ----------------------------------------------------------- */

static void
ferry_file_list_dispose (GObject *object)
{
  FerryFileList *self = FERRY_FILE_LIST (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->fill_source, g_source_remove);
  G_OBJECT_CLASS (ferry_file_list_parent_class)->dispose (object);
}

static void
ferry_file_list_finalize (GObject *object)
{
  FerryFileList *self = FERRY_FILE_LIST (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->view, g_ptr_array_unref);
  g_clear_pointer (&self->view_source, g_ptr_array_unref);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  G_OBJECT_CLASS (ferry_file_list_parent_class)->finalize (object);
}

static void
ferry_file_list_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  FerryFileList *self = FERRY_FILE_LIST (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, ferry_file_list_get_busy (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_file_list_class_init (FerryFileListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ferry_file_list_dispose;
  object_class->finalize = ferry_file_list_finalize;
  object_class->get_property = ferry_file_list_get_property;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_VIEW_CHANGED] =
    g_signal_new ("view-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
}

static void
ferry_file_list_init (FerryFileList *self)
{
  self->cancellable = g_cancellable_new ();
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
}
