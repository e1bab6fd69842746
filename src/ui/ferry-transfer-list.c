/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ferry-format.h"
#include "ferry-transfer-list.h"
#include "ferry-transfer-row.h"

struct _FerryTransferList
{
  GtkWidget       parent_instance;

  /* template widgets */
  GtkStack       *stack;
  GtkListView    *list_view;
  GtkProgressBar *overall_bar;
  GtkLabel       *summary_label;
  GtkLabel       *rate_label;
  GtkButton      *clear_button;

  /* owned */
  GListStore     *store;
  guint           summary_idle;
};

G_DEFINE_FINAL_TYPE (FerryTransferList, ferry_transfer_list, GTK_TYPE_WIDGET)

enum {
  SIGNAL_CANCEL,
  SIGNAL_RETRY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
update_summary (FerryTransferList *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  guint64 done = 0, total = 0;
  guint finished = 0, failed = 0, active = 0;
  double rate = 0;
  g_autofree char *done_s = NULL;
  g_autofree char *total_s = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *rate_s = NULL;
  g_autofree char *eta_s = NULL;
  g_autofree char *line = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FerryTransfer) t = g_list_model_get_item (G_LIST_MODEL (self->store), i);
      FerryTransferState state = ferry_transfer_get_state (t);
      gint64 t_total = ferry_transfer_get_total (t);

      /* Cancelled and failed files do not count toward what is left. */
      if (state == FERRY_TRANSFER_CANCELLED || state == FERRY_TRANSFER_FAILED)
        {
          finished++;
          failed += state == FERRY_TRANSFER_FAILED;
          continue;
        }
      if (state == FERRY_TRANSFER_DONE)
        finished++;
      else
        active++;
      done += ferry_transfer_get_done (t);
      total += t_total >= 0 ? (guint64) t_total : ferry_transfer_get_done (t);
      rate += ferry_transfer_get_rate (t);
    }

  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "list" : "empty");
  gtk_widget_set_sensitive (GTK_WIDGET (self->clear_button), finished > 0);
  gtk_progress_bar_set_fraction (self->overall_bar, total > 0 ? (double) done / (double) total : 0.0);

  done_s = g_format_size (done);
  total_s = g_format_size (total);
  if (failed > 0)
    /* Translators: overall transfer line: files finished, files in all, failed files, bytes done, bytes in all */
    summary = g_strdup_printf (ngettext ("%u of %u files · %u failed · %s of %s",
                                         "%u of %u files · %u failed · %s of %s", n),
                               finished, n, failed, done_s, total_s);
  else
    /* Translators: overall transfer line: files finished, files in all, bytes done, bytes in all */
    summary = g_strdup_printf (ngettext ("%u of %u file · %s of %s",
                                         "%u of %u files · %s of %s", n),
                               finished, n, done_s, total_s);
  gtk_label_set_label (self->summary_label, summary);

  if (active > 0 && rate > 0)
    {
      rate_s = ferry_format_rate (rate);
      eta_s = ferry_format_eta (total > done ? (gint64) ((total - done) / rate + 0.5) : 0);
      line = *eta_s ? g_strdup_printf ("%s · %s", rate_s, eta_s) : g_strdup (rate_s);
      gtk_label_set_label (self->rate_label, line);
    }
  else
    gtk_label_set_label (self->rate_label, "");
}

static gboolean
summary_idle_cb (gpointer user_data)
{
  FerryTransferList *self = user_data;

  self->summary_idle = 0;
  update_summary (self);
  return G_SOURCE_REMOVE;
}

/* Every transfer notifies several properties per progress event; one
 * summary per main-loop turn is plenty. */
static void
queue_summary (FerryTransferList *self)
{
  if (self->summary_idle == 0)
    self->summary_idle = g_idle_add (summary_idle_cb, self);
}

static void
row_cancel_cb (FerryTransferList *self,
               FerryTransfer     *transfer)
{
  g_signal_emit (self, signals[SIGNAL_CANCEL], 0, transfer);
}

static void
row_retry_cb (FerryTransferList *self,
              FerryTransfer     *transfer)
{
  g_signal_emit (self, signals[SIGNAL_RETRY], 0, transfer);
}

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          FerryTransferList        *self)
{
  GtkWidget *row = ferry_transfer_row_new ();

  g_signal_connect_object (row, "cancel", G_CALLBACK (row_cancel_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (row, "retry", G_CALLBACK (row_retry_cb), self, G_CONNECT_SWAPPED);
  gtk_list_item_set_child (item, row);
  gtk_list_item_set_activatable (item, FALSE);
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *item,
         FerryTransferList        *self)
{
  ferry_transfer_row_set_transfer (FERRY_TRANSFER_ROW (gtk_list_item_get_child (item)),
                                   gtk_list_item_get_item (item));
}

static void
unbind_cb (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           FerryTransferList        *self)
{
  ferry_transfer_row_set_transfer (FERRY_TRANSFER_ROW (gtk_list_item_get_child (item)), NULL);
}

void
ferry_transfer_list_add (FerryTransferList *self,
                         FerryTransfer     *transfer)
{
  g_return_if_fail (FERRY_IS_TRANSFER_LIST (self));
  g_return_if_fail (FERRY_IS_TRANSFER (transfer));

  g_signal_connect_object (transfer, "notify", G_CALLBACK (queue_summary), self, G_CONNECT_SWAPPED);
  g_list_store_append (self->store, transfer);
  queue_summary (self);
}

GListModel *
ferry_transfer_list_get_model (FerryTransferList *self)
{
  g_return_val_if_fail (FERRY_IS_TRANSFER_LIST (self), NULL);
  return G_LIST_MODEL (self->store);
}

void
ferry_transfer_list_clear_finished (FerryTransferList *self)
{
  g_return_if_fail (FERRY_IS_TRANSFER_LIST (self));

  for (guint i = g_list_model_get_n_items (G_LIST_MODEL (self->store)); i > 0; i--)
    {
      g_autoptr(FerryTransfer) t = g_list_model_get_item (G_LIST_MODEL (self->store), i - 1);
      if (ferry_transfer_is_finished (t))
        {
          g_signal_handlers_disconnect_by_data (t, self);
          g_list_store_remove (self->store, i - 1);
        }
    }
  queue_summary (self);
}

const char *
ferry_transfer_list_get_summary (FerryTransferList *self)
{
  g_return_val_if_fail (FERRY_IS_TRANSFER_LIST (self), NULL);
  update_summary (self);
  return gtk_label_get_label (self->summary_label);
}

static void
clear_clicked_cb (FerryTransferList *self)
{
  ferry_transfer_list_clear_finished (self);
}

static void
ferry_transfer_list_dispose (GObject *object)
{
  FerryTransferList *self = FERRY_TRANSFER_LIST (object);
  GtkWidget *child;

  g_clear_handle_id (&self->summary_idle, g_source_remove);
  if (self->store != NULL)
    {
      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->store)); i++)
        {
          g_autoptr(FerryTransfer) t = g_list_model_get_item (G_LIST_MODEL (self->store), i);
          g_signal_handlers_disconnect_by_data (t, self);
        }
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), FERRY_TYPE_TRANSFER_LIST);
  /* dispose_template only unparents bound children; the template's
   * root child is not one. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (ferry_transfer_list_parent_class)->dispose (object);
}

static void
ferry_transfer_list_class_init (FerryTransferListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ferry_transfer_list_dispose;

  /**
   * FerryTransferList::cancel:
   * @transfer: the FerryTransfer to cancel
   */
  signals[SIGNAL_CANCEL] =
    g_signal_new ("cancel", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, FERRY_TYPE_TRANSFER);
  /**
   * FerryTransferList::retry:
   * @transfer: the FerryTransfer to run again
   */
  signals[SIGNAL_RETRY] =
    g_signal_new ("retry", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, FERRY_TYPE_TRANSFER);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ferryftp/Ferry/ferry-transfer-list.ui");
  gtk_widget_class_bind_template_child (widget_class, FerryTransferList, stack);
  gtk_widget_class_bind_template_child (widget_class, FerryTransferList, list_view);
  gtk_widget_class_bind_template_child (widget_class, FerryTransferList, overall_bar);
  gtk_widget_class_bind_template_child (widget_class, FerryTransferList, summary_label);
  gtk_widget_class_bind_template_child (widget_class, FerryTransferList, rate_label);
  gtk_widget_class_bind_template_child (widget_class, FerryTransferList, clear_button);
  gtk_widget_class_bind_template_callback (widget_class, clear_clicked_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "ferrytransferlist");
}

static void
ferry_transfer_list_init (FerryTransferList *self)
{
  GtkListItemFactory *factory;
  GtkNoSelection *selection;

  g_type_ensure (FERRY_TYPE_TRANSFER_ROW);
  gtk_widget_init_template (GTK_WIDGET (self));
  /* The mnemonic label names the button already (GTK 4.8 would read
   * "_Clear Finished Clear Finished"). */
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->clear_button), GTK_ACCESSIBLE_PROPERTY_LABEL);

  self->store = g_list_store_new (FERRY_TYPE_TRANSFER);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cb), self);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);

  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->store)));
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);

  update_summary (self);
}

GtkWidget *
ferry_transfer_list_new (void)
{
  return g_object_new (FERRY_TYPE_TRANSFER_LIST, NULL);
}
