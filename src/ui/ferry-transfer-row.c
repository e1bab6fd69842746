/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ferry-format.h"
#include "ferry-transfer-row.h"

struct _FerryTransferRow
{
  GtkWidget       parent_instance;

  /* template widgets */
  GtkImage       *direction_icon;
  GtkLabel       *name_label;
  GtkProgressBar *progress_bar;
  GtkLabel       *bytes_label;
  GtkLabel       *rate_label;
  GtkLabel       *state_label;
  GtkButton      *cancel_button;
  GtkButton      *retry_button;

  /* owned */
  FerryTransfer  *transfer;
  gulong          notify_id;
};

G_DEFINE_FINAL_TYPE (FerryTransferRow, ferry_transfer_row, GTK_TYPE_WIDGET)

enum {
  SIGNAL_CANCEL,
  SIGNAL_RETRY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

const char *
ferry_transfer_state_to_string (FerryTransferState state)
{
  switch (state)
    {
    case FERRY_TRANSFER_QUEUED:    return _("Queued");
    case FERRY_TRANSFER_RUNNING:   return _("Running");
    case FERRY_TRANSFER_DONE:      return _("Done");
    case FERRY_TRANSFER_FAILED:    return _("Failed");
    case FERRY_TRANSFER_CANCELLED: return _("Cancelled");
    default:                       return "";
    }
}

static void
update (FerryTransferRow *self)
{
  FerryTransfer *t = self->transfer;
  FerryTransferState state;
  g_autofree char *done = NULL;
  g_autofree char *total = NULL;
  g_autofree char *bytes = NULL;
  g_autofree char *rate = NULL;
  g_autofree char *eta = NULL;
  g_autofree char *rate_eta = NULL;
  g_autofree char *state_text = NULL;

  if (t == NULL)
    return;

  state = ferry_transfer_get_state (t);
  gtk_image_set_from_icon_name (self->direction_icon,
                                ferry_transfer_get_direction (t) == FERRY_TRANSFER_UPLOAD
                                ? "document-send-symbolic" : "folder-download-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->direction_icon),
                               ferry_transfer_get_direction (t) == FERRY_TRANSFER_UPLOAD
                               ? _("Upload") : _("Download"));
  gtk_label_set_label (self->name_label, ferry_transfer_get_name (t));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->name_label), ferry_transfer_get_destination (t));
  gtk_progress_bar_set_fraction (self->progress_bar, ferry_transfer_get_fraction (t));

  done = g_format_size (ferry_transfer_get_done (t));
  if (ferry_transfer_get_total (t) >= 0)
    {
      total = g_format_size ((guint64) ferry_transfer_get_total (t));
      /* Translators: bytes done of total, e.g. "1.2 MB of 4.0 MB" */
      bytes = g_strdup_printf (_("%s of %s"), done, total);
    }
  else
    bytes = g_steal_pointer (&done);
  gtk_label_set_label (self->bytes_label, bytes);

  if (state == FERRY_TRANSFER_RUNNING)
    {
      rate = ferry_format_rate (ferry_transfer_get_rate (t));
      eta = ferry_format_eta (ferry_transfer_get_eta (t));
      rate_eta = (*rate && *eta) ? g_strdup_printf ("%s · %s", rate, eta) : g_strconcat (rate, eta, NULL);
    }
  gtk_label_set_label (self->rate_label, rate_eta ? rate_eta : "");

  if (state == FERRY_TRANSFER_FAILED && ferry_transfer_get_error (t) != NULL)
    {
      /* Translators: a failed transfer, followed by the error */
      state_text = g_strdup_printf (_("Failed: %s"), ferry_transfer_get_error (t));
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->state_label), ferry_transfer_get_error (t));
    }
  else
    {
      state_text = g_strdup (ferry_transfer_state_to_string (state));
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->state_label), NULL);
    }
  gtk_label_set_label (self->state_label, state_text);

  gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), "dim-label");
  if (state == FERRY_TRANSFER_FAILED)
    gtk_widget_add_css_class (GTK_WIDGET (self->state_label), "error");
  else if (state == FERRY_TRANSFER_DONE)
    gtk_widget_add_css_class (GTK_WIDGET (self->state_label), "success");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->state_label), "dim-label");

  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), !ferry_transfer_is_finished (t));
  gtk_widget_set_visible (GTK_WIDGET (self->retry_button),
                          state == FERRY_TRANSFER_FAILED || state == FERRY_TRANSFER_CANCELLED);
}

static void
transfer_notify_cb (FerryTransferRow *self)
{
  update (self);
}

void
ferry_transfer_row_set_transfer (FerryTransferRow *self,
                                 FerryTransfer    *transfer)
{
  g_return_if_fail (FERRY_IS_TRANSFER_ROW (self));
  g_return_if_fail (!transfer || FERRY_IS_TRANSFER (transfer));

  if (self->transfer == transfer)
    return;
  if (self->transfer != NULL)
    g_clear_signal_handler (&self->notify_id, self->transfer);
  g_set_object (&self->transfer, transfer);
  if (transfer != NULL)
    {
      self->notify_id = g_signal_connect_swapped (transfer, "notify",
                                                  G_CALLBACK (transfer_notify_cb), self);
      update (self);
    }
}

FerryTransfer *
ferry_transfer_row_get_transfer (FerryTransferRow *self)
{
  g_return_val_if_fail (FERRY_IS_TRANSFER_ROW (self), NULL);
  return self->transfer;
}

const char *
ferry_transfer_row_get_state_text (FerryTransferRow *self)
{
  g_return_val_if_fail (FERRY_IS_TRANSFER_ROW (self), NULL);
  return gtk_label_get_label (self->state_label);
}

static void
cancel_clicked_cb (FerryTransferRow *self)
{
  if (self->transfer != NULL)
    g_signal_emit (self, signals[SIGNAL_CANCEL], 0, self->transfer);
}

static void
retry_clicked_cb (FerryTransferRow *self)
{
  if (self->transfer != NULL)
    g_signal_emit (self, signals[SIGNAL_RETRY], 0, self->transfer);
}

static void
ferry_transfer_row_dispose (GObject *object)
{
  FerryTransferRow *self = FERRY_TRANSFER_ROW (object);
  GtkWidget *child;

  ferry_transfer_row_set_transfer (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), FERRY_TYPE_TRANSFER_ROW);
  /* dispose_template only unparents bound children; the template's
   * root child is not one. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (ferry_transfer_row_parent_class)->dispose (object);
}

static void
ferry_transfer_row_class_init (FerryTransferRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ferry_transfer_row_dispose;

  /**
   * FerryTransferRow::cancel:
   * @transfer: the row's FerryTransfer
   *
   * The user asked to cancel this transfer.
   */
  signals[SIGNAL_CANCEL] =
    g_signal_new ("cancel", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, FERRY_TYPE_TRANSFER);
  /**
   * FerryTransferRow::retry:
   * @transfer: the row's failed or cancelled FerryTransfer
   */
  signals[SIGNAL_RETRY] =
    g_signal_new ("retry", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, FERRY_TYPE_TRANSFER);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ferryftp/Ferry/ferry-transfer-row.ui");
  gtk_widget_class_bind_template_child (widget_class, FerryTransferRow, direction_icon);
  gtk_widget_class_bind_template_child (widget_class, FerryTransferRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, FerryTransferRow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, FerryTransferRow, bytes_label);
  gtk_widget_class_bind_template_child (widget_class, FerryTransferRow, rate_label);
  gtk_widget_class_bind_template_child (widget_class, FerryTransferRow, state_label);
  gtk_widget_class_bind_template_child (widget_class, FerryTransferRow, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, FerryTransferRow, retry_button);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, retry_clicked_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "ferrytransferrow");
}

static void
ferry_transfer_row_init (FerryTransferRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
ferry_transfer_row_new (void)
{
  return g_object_new (FERRY_TYPE_TRANSFER_ROW, NULL);
}
