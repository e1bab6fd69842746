/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ferry-file-sorter.h"

struct _FerryFileSorter
{
  GtkSorter            parent_instance;
  FerryFileSortColumn  column;
};

G_DEFINE_FINAL_TYPE (FerryFileSorter, ferry_file_sorter, GTK_TYPE_SORTER)

/* Main thread: set while ferry_file_sorter_get_primary asks. */
static struct
{
  gboolean         active;
  FerryFileSorter *first;
} probe;

static GtkOrdering
ferry_file_sorter_compare (GtkSorter *sorter,
                           gpointer   item1,
                           gpointer   item2)
{
  FerryFileSorter *self = FERRY_FILE_SORTER (sorter);

  if (probe.active)
    {
      /* A GtkColumnViewSorter asks its columns in order and inverts the
       * answer of a descending one: the first asked is the primary. */
      if (probe.first == NULL)
        probe.first = self;
      return GTK_ORDERING_SMALLER;
    }
  return gtk_ordering_from_cmpfunc (ferry_file_list_compare (item1, item2, self->column));
}

static GtkSorterOrder
ferry_file_sorter_get_order (GtkSorter *sorter)
{
  return GTK_SORTER_ORDER_PARTIAL;
}

static void
ferry_file_sorter_class_init (FerryFileSorterClass *klass)
{
  GtkSorterClass *sorter_class = GTK_SORTER_CLASS (klass);

  sorter_class->compare = ferry_file_sorter_compare;
  sorter_class->get_order = ferry_file_sorter_get_order;
}

static void
ferry_file_sorter_init (FerryFileSorter *self)
{
}

GtkSorter *
ferry_file_sorter_new (FerryFileSortColumn column)
{
  FerryFileSorter *self = g_object_new (FERRY_TYPE_FILE_SORTER, NULL);

  self->column = column;
  return GTK_SORTER (self);
}

gboolean
ferry_file_sorter_get_primary (GtkSorter           *column_view_sorter,
                               FerryFileSortColumn *column,
                               gboolean            *descending)
{
  g_autoptr(GObject) a = g_object_new (G_TYPE_OBJECT, NULL);
  g_autoptr(GObject) b = g_object_new (G_TYPE_OBJECT, NULL);
  GtkOrdering order;

  g_return_val_if_fail (GTK_IS_SORTER (column_view_sorter), FALSE);

  probe.active = TRUE;
  probe.first = NULL;
  order = gtk_sorter_compare (column_view_sorter, a, b);
  probe.active = FALSE;
  if (probe.first == NULL)
    return FALSE;
  *column = probe.first->column;
  *descending = order == GTK_ORDERING_LARGER;
  probe.first = NULL;
  return TRUE;
}
