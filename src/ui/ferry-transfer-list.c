/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "ferry-format.h"
#include "ferry-transfer-list.h"
#include "ferry-transfer-row.h"

struct _FerryTransferList
{
  GtkWidget           parent_instance;

  /* template widgets */
  GtkRevealer        *restore_revealer;
  GtkLabel           *restore_label;
  GtkStack           *stack;
  GtkListView        *list_view;
  GtkProgressBar     *overall_bar;
  GtkLabel           *summary_label;
  GtkLabel           *rate_label;
  GtkToggleButton    *pause_all_button;
  GtkToggleButton    *only_failed_button;
  GtkWidget          *restore_discard_button;
  GtkWidget          *restore_resume_button;
  GtkButton          *retry_failed_button;
  GtkButton          *clear_button;

  /* owned */
  FerryTransferQueue *queue;          /* NULL without a connection */
  GListModel         *items;          /* the queue, a snapshot, or an empty store */
  GtkFilterListModel *filtered;
  GtkCustomFilter    *failed_filter;
  guint               summary_tick;   /* a summary is owed at the next frame */
  guint               summary_idle;   /* ... or main-loop turn, when not mapped */
  guint               last_failed;    /* failed files at the last re-filter */
  gboolean            syncing_pause;
};

G_DEFINE_FINAL_TYPE (FerryTransferList, ferry_transfer_list, GTK_TYPE_WIDGET)

enum {
  SIGNAL_RESTORE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* --- summary ----------------------------------------------------------- */

/* A snapshot (no queue to ask) is counted once per summary: it does
 * not change any more. */
static void
count_snapshot (FerryTransferList   *self,
                FerryTransferTotals *totals)
{
  guint n = g_list_model_get_n_items (self->items);

  memset (totals, 0, sizeof *totals);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FerryTransferItem) item = g_list_model_get_item (self->items, i);
      FerryTransferState state = ferry_transfer_item_get_state (item);
      gint64 size = ferry_transfer_item_get_size (item);

      if (!ferry_transfer_state_is_final (state))
        totals->items_open++;
      if (ferry_transfer_item_get_is_dir (item) || state == FERRY_TRANSFER_SKIPPED ||
          state == FERRY_TRANSFER_CANCELLED)
        continue;
      totals->files_total++;
      totals->bytes_done += ferry_transfer_item_get_bytes_done (item);
      totals->bytes_total += size > 0 ? (guint64) size : 0;
      if (state == FERRY_TRANSFER_DONE)
        totals->files_done++;
      else if (state == FERRY_TRANSFER_FAILED)
        totals->files_failed++;
    }
}

static void
update_summary (FerryTransferList *self)
{
  FerryTransferTotals totals;
  guint n = g_list_model_get_n_items (self->items);
  guint finished;
  g_autofree char *done_s = NULL;
  g_autofree char *total_s = NULL;
  g_autofree char *summary = NULL;
  gboolean idle;

  g_clear_handle_id (&self->summary_idle, g_source_remove);
  if (self->summary_tick != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->summary_tick);
      self->summary_tick = 0;
    }
  if (self->queue != NULL)
    {
      /* The queue keeps its totals as items change: nothing is counted
       * here, whatever the queue's size. */
      ferry_transfer_queue_get_totals (self->queue, &totals);
      idle = ferry_transfer_queue_is_idle (self->queue);
    }
  else
    {
      count_snapshot (self, &totals);
      idle = TRUE;
    }
  finished = n - MIN (n, totals.items_open);

  /* Items change state without the filter knowing: re-filter when the
   * failures changed (the filter looks at every item). */
  if (gtk_filter_list_model_get_filter (self->filtered) != NULL && totals.files_failed != self->last_failed)
    gtk_filter_changed (GTK_FILTER (self->failed_filter), GTK_FILTER_CHANGE_DIFFERENT);
  self->last_failed = totals.files_failed;

  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "list" : "empty");
  gtk_widget_set_sensitive (GTK_WIDGET (self->clear_button), self->queue != NULL && finished > 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->retry_failed_button),
                            self->queue != NULL && totals.files_failed > 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->pause_all_button), self->queue != NULL);
  gtk_progress_bar_set_fraction (self->overall_bar,
                                 totals.bytes_total > 0
                                 ? CLAMP ((double) totals.bytes_done / (double) totals.bytes_total, 0, 1)
                                 : (totals.files_total > 0 && totals.files_done == totals.files_total ? 1 : 0));

  done_s = g_format_size (totals.bytes_done);
  total_s = g_format_size (totals.bytes_total);
  if (totals.files_failed > 0)
    /* Translators: overall transfer line: files done, files in all, failed files, bytes done, bytes in all */
    summary = g_strdup_printf (ngettext ("%u of %u file · %u failed · %s of %s",
                                         "%u of %u files · %u failed · %s of %s", totals.files_total),
                               totals.files_done, totals.files_total, totals.files_failed, done_s, total_s);
  else
    /* Translators: overall transfer line: files done, files in all, bytes done, bytes in all */
    summary = g_strdup_printf (ngettext ("%u of %u file · %s of %s",
                                         "%u of %u files · %s of %s", totals.files_total),
                               totals.files_done, totals.files_total, done_s, total_s);
  gtk_label_set_label (self->summary_label, summary);

  if (!idle && totals.rate > 0)
    {
      g_autofree char *rate_s = ferry_format_rate (totals.rate);
      g_autofree char *eta_s = ferry_format_eta (totals.bytes_total > totals.bytes_done
                                                 ? (gint64) ((double) (totals.bytes_total - totals.bytes_done) / totals.rate + 0.5)
                                                 : 0);
      g_autofree char *line = *eta_s ? g_strdup_printf ("%s · %s", rate_s, eta_s) : g_strdup (rate_s);
      gtk_label_set_label (self->rate_label, line);
    }
  else if (self->queue != NULL && ferry_transfer_queue_get_paused (self->queue))
    gtk_label_set_label (self->rate_label, _("Paused"));
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

static gboolean
summary_tick_cb (GtkWidget     *widget,
                 GdkFrameClock *clock,
                 gpointer       user_data)
{
  FerryTransferList *self = FERRY_TRANSFER_LIST (widget);

  self->summary_tick = 0;
  update_summary (self);
  return G_SOURCE_REMOVE;
}

/* Progress, items-changed and item-finished come in bursts (hundreds a
 * second with small files): one summary per frame, as nautilus
 * coalesces its progress. */
static void
queue_summary (FerryTransferList *self)
{
  if (self->summary_tick != 0 || self->summary_idle != 0)
    return;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->summary_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), summary_tick_cb, NULL, NULL);
  else
    self->summary_idle = g_idle_add (summary_idle_cb, self);
}

/* --- rows -------------------------------------------------------------- */

static void
row_pause_cb (FerryTransferList *self,
              FerryTransferItem *item)
{
  if (self->queue != NULL)
    ferry_transfer_queue_pause_item (self->queue, item);
}

static void
row_resume_cb (FerryTransferList *self,
               FerryTransferItem *item)
{
  if (self->queue != NULL)
    ferry_transfer_queue_resume_item (self->queue, item);
}

static void
row_cancel_cb (FerryTransferList *self,
               FerryTransferItem *item)
{
  if (self->queue != NULL)
    ferry_transfer_queue_cancel_item (self->queue, item);
}

static void
row_retry_cb (FerryTransferList *self,
              FerryTransferItem *item)
{
  FerryTransferState state = ferry_transfer_item_get_state (item);

  if (self->queue == NULL)
    return;
  if (state == FERRY_TRANSFER_FAILED)
    /* Same row, attempts reset; "Retry Failed" is there for all of them. */
    ferry_transfer_queue_retry_item (self->queue, item);
  else if (state == FERRY_TRANSFER_CANCELLED)
    {
      /* A cancelled item stays cancelled: the retry is a new one. */
      if (ferry_transfer_item_get_direction (item) == FERRY_TRANSFER_DOWNLOAD)
        ferry_transfer_queue_add_download (self->queue, ferry_transfer_item_get_remote_path (item),
                                           ferry_transfer_item_get_local_path (item),
                                           ferry_transfer_item_get_is_dir (item),
                                           ferry_transfer_item_get_size (item));
      else
        ferry_transfer_queue_add_upload (self->queue, ferry_transfer_item_get_local_path (item),
                                         ferry_transfer_item_get_remote_path (item),
                                         ferry_transfer_item_get_is_dir (item));
    }
}

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          FerryTransferList        *self)
{
  GtkWidget *row = ferry_transfer_row_new ();

  g_signal_connect_object (row, "pause", G_CALLBACK (row_pause_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (row, "resume", G_CALLBACK (row_resume_cb), self, G_CONNECT_SWAPPED);
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
  GtkWidget *row = gtk_list_item_get_child (item);
  FerryTransferItem *transfer = gtk_list_item_get_item (item);

  ferry_transfer_row_set_item (FERRY_TRANSFER_ROW (row), transfer);
}

static void
unbind_cb (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           FerryTransferList        *self)
{
  GtkWidget *row = gtk_list_item_get_child (item);

  ferry_transfer_row_set_item (FERRY_TRANSFER_ROW (row), NULL);
}

static gboolean
failed_filter_cb (gpointer item,
                  gpointer user_data)
{
  return ferry_transfer_item_get_state (item) == FERRY_TRANSFER_FAILED;
}

static void
paused_changed_cb (FerryTransferList *self)
{
  gboolean paused = self->queue != NULL && ferry_transfer_queue_get_paused (self->queue);

  self->syncing_pause = TRUE;
  gtk_toggle_button_set_active (self->pause_all_button, paused);
  self->syncing_pause = FALSE;
  gtk_button_set_icon_name (GTK_BUTTON (self->pause_all_button),
                            paused ? "media-playback-start-symbolic" : "media-playback-pause-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->pause_all_button),
                               paused ? _("Resume all transfers") : _("Pause all transfers"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->pause_all_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  paused ? _("Resume All") : _("Pause All"), -1);
  queue_summary (self);
}

static void
set_items (FerryTransferList  *self,
           GListModel         *items,
           FerryTransferQueue *queue)
{
  if (self->items != NULL)
    g_signal_handlers_disconnect_by_data (self->items, self);
  if (self->queue != NULL)
    g_signal_handlers_disconnect_by_data (self->queue, self);
  g_set_object (&self->queue, queue);
  g_set_object (&self->items, items);

  g_signal_connect_swapped (items, "items-changed", G_CALLBACK (queue_summary), self);
  if (queue != NULL)
    {
      g_signal_connect_swapped (queue, "progress", G_CALLBACK (queue_summary), self);
      g_signal_connect_swapped (queue, "item-finished", G_CALLBACK (queue_summary), self);
      g_signal_connect_swapped (queue, "finished", G_CALLBACK (queue_summary), self);
      g_signal_connect_swapped (queue, "notify::paused", G_CALLBACK (paused_changed_cb), self);
    }
  gtk_filter_list_model_set_model (self->filtered, items);
  paused_changed_cb (self);
  update_summary (self);
}

void
ferry_transfer_list_set_queue (FerryTransferList  *self,
                               FerryTransferQueue *queue)
{
  g_autoptr(GListStore) empty = NULL;

  g_return_if_fail (FERRY_IS_TRANSFER_LIST (self));
  g_return_if_fail (!queue || FERRY_IS_TRANSFER_QUEUE (queue));

  if (queue != NULL)
    {
      set_items (self, G_LIST_MODEL (queue), queue);
      return;
    }
  empty = g_list_store_new (FERRY_TYPE_TRANSFER_ITEM);
  set_items (self, G_LIST_MODEL (empty), NULL);
}

FerryTransferQueue *
ferry_transfer_list_get_queue (FerryTransferList *self)
{
  g_return_val_if_fail (FERRY_IS_TRANSFER_LIST (self), NULL);
  return self->queue;
}

void
ferry_transfer_list_set_snapshot (FerryTransferList *self,
                                  GListModel        *items)
{
  g_return_if_fail (FERRY_IS_TRANSFER_LIST (self));
  g_return_if_fail (G_IS_LIST_MODEL (items));
  set_items (self, items, NULL);
}

GListModel *
ferry_transfer_list_get_items (FerryTransferList *self)
{
  g_return_val_if_fail (FERRY_IS_TRANSFER_LIST (self), NULL);
  return self->items;
}

GListModel *
ferry_transfer_list_get_model (FerryTransferList *self)
{
  g_return_val_if_fail (FERRY_IS_TRANSFER_LIST (self), NULL);
  return G_LIST_MODEL (self->filtered);
}

void
ferry_transfer_list_set_only_failed (FerryTransferList *self,
                                     gboolean           only_failed)
{
  g_return_if_fail (FERRY_IS_TRANSFER_LIST (self));
  gtk_toggle_button_set_active (self->only_failed_button, only_failed);
}

const char *
ferry_transfer_list_get_summary (FerryTransferList *self)
{
  g_return_val_if_fail (FERRY_IS_TRANSFER_LIST (self), NULL);
  update_summary (self);
  return gtk_label_get_label (self->summary_label);
}

void
ferry_transfer_list_show_restore (FerryTransferList *self,
                                  guint              n,
                                  const char        *site_text)
{
  g_autofree char *text = NULL;

  g_return_if_fail (FERRY_IS_TRANSFER_LIST (self));
  if (n > 0)
    {
      /* Translators: an info bar; %u is a number of transfers, %s a server like "demo@example.org" */
      text = g_strdup_printf (ngettext ("%u transfer from the last session (%s)",
                                        "%u transfers from the last session (%s)", n),
                              n, site_text ? site_text : "");
      gtk_label_set_label (self->restore_label, text);
    }
  gtk_revealer_set_reveal_child (self->restore_revealer, n > 0);
}

/* --- toolbar ----------------------------------------------------------- */

static void
clear_clicked_cb (FerryTransferList *self)
{
  if (self->queue != NULL)
    ferry_transfer_queue_remove_finished (self->queue);
}

static void
retry_failed_cb (FerryTransferList *self)
{
  if (self->queue != NULL)
    ferry_transfer_queue_retry_failed (self->queue);
}

static void
pause_all_toggled_cb (FerryTransferList *self)
{
  if (self->syncing_pause || self->queue == NULL)
    return;
  ferry_transfer_queue_set_paused (self->queue, gtk_toggle_button_get_active (self->pause_all_button));
}

static void
only_failed_toggled_cb (FerryTransferList *self)
{
  gboolean on = gtk_toggle_button_get_active (self->only_failed_button);

  gtk_filter_list_model_set_filter (self->filtered, on ? GTK_FILTER (self->failed_filter) : NULL);
}

static void
restore_resume_cb (FerryTransferList *self)
{
  g_signal_emit (self, signals[SIGNAL_RESTORE], 0, TRUE);
}

static void
restore_discard_cb (FerryTransferList *self)
{
  g_signal_emit (self, signals[SIGNAL_RESTORE], 0, FALSE);
}

/* --- GObject ----------------------------------------------------------- */

static void
ferry_transfer_list_dispose (GObject *object)
{
  FerryTransferList *self = FERRY_TRANSFER_LIST (object);
  GtkWidget *child;

  g_clear_handle_id (&self->summary_idle, g_source_remove);
  if (self->summary_tick != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->summary_tick);
      self->summary_tick = 0;
    }
  if (self->items != NULL)
    g_signal_handlers_disconnect_by_data (self->items, self);
  if (self->queue != NULL)
    g_signal_handlers_disconnect_by_data (self->queue, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), FERRY_TYPE_TRANSFER_LIST);
  /* dispose_template only unparents bound children; the template's
   * root child is not one. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->filtered);
  g_clear_object (&self->failed_filter);
  g_clear_object (&self->queue);
  g_clear_object (&self->items);

  G_OBJECT_CLASS (ferry_transfer_list_parent_class)->dispose (object);
}

static void
ferry_transfer_list_class_init (FerryTransferListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ferry_transfer_list_dispose;

  /**
   * FerryTransferList::restore:
   * @resume: TRUE for Resume, FALSE for Discard
   *
   * The user answered the info bar about the last session's transfers.
   */
  signals[SIGNAL_RESTORE] =
    g_signal_new ("restore", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ferryftp/Ferry/ferry-transfer-list.ui");
  gtk_widget_class_bind_template_child (widget_class, FerryTransferList, restore_revealer);
  gtk_widget_class_bind_template_child (widget_class, FerryTransferList, restore_label);
  gtk_widget_class_bind_template_child (widget_class, FerryTransferList, stack);
  gtk_widget_class_bind_template_child (widget_class, FerryTransferList, list_view);
  gtk_widget_class_bind_template_child (widget_class, FerryTransferList, overall_bar);
  gtk_widget_class_bind_template_child (widget_class, FerryTransferList, summary_label);
  gtk_widget_class_bind_template_child (widget_class, FerryTransferList, rate_label);
  gtk_widget_class_bind_template_child (widget_class, FerryTransferList, pause_all_button);
  gtk_widget_class_bind_template_child (widget_class, FerryTransferList, only_failed_button);
  gtk_widget_class_bind_template_child (widget_class, FerryTransferList, restore_discard_button);
  gtk_widget_class_bind_template_child (widget_class, FerryTransferList, restore_resume_button);
  gtk_widget_class_bind_template_child (widget_class, FerryTransferList, retry_failed_button);
  gtk_widget_class_bind_template_child (widget_class, FerryTransferList, clear_button);
  gtk_widget_class_bind_template_callback (widget_class, clear_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, retry_failed_cb);
  gtk_widget_class_bind_template_callback (widget_class, pause_all_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, only_failed_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, restore_resume_cb);
  gtk_widget_class_bind_template_callback (widget_class, restore_discard_cb);
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
  /* The mnemonic labels name the buttons already (GTK 4.8 would read
   * them twice). */
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->clear_button), GTK_ACCESSIBLE_PROPERTY_LABEL);
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->only_failed_button), GTK_ACCESSIBLE_PROPERTY_LABEL);
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->restore_discard_button), GTK_ACCESSIBLE_PROPERTY_LABEL);
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->restore_resume_button), GTK_ACCESSIBLE_PROPERTY_LABEL);

  self->failed_filter = gtk_custom_filter_new (failed_filter_cb, NULL, NULL);
  self->filtered = gtk_filter_list_model_new (NULL, NULL);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cb), self);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);

  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->filtered)));
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);

  ferry_transfer_list_set_queue (self, NULL);
}

GtkWidget *
ferry_transfer_list_new (void)
{
  return g_object_new (FERRY_TYPE_TRANSFER_LIST, NULL);
}
