/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ferry-format.h"
#include "ferry-path.h"
#include "ferry-transfer-row.h"

#define INDENT_PX   18
#define INDENT_MAX  8

struct _FerryTransferRow
{
  GtkWidget                 parent_instance;

  /* template widgets */
  GtkBox                   *box;
  GtkImage                 *direction_icon;
  GtkLabel                 *name_label;
  GtkProgressBar           *progress_bar;
  GtkLabel                 *bytes_label;
  GtkLabel                 *rate_label;
  GtkLabel                 *state_label;
  GtkButton                *pause_button;
  GtkButton                *cancel_button;
  GtkButton                *retry_button;

  /* owned */
  FerryTransferItem        *item;
  gulong                    notify_id;
  gulong                    totals_id;
  guint                     tick_id;         /* an update is owed at the next frame */
  gboolean                  stale;           /* changed while unmapped: update when mapped */
};

G_DEFINE_FINAL_TYPE (FerryTransferRow, ferry_transfer_row, GTK_TYPE_WIDGET)

enum {
  SIGNAL_PAUSE,
  SIGNAL_RESUME,
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
    case FERRY_TRANSFER_PAUSED:    return _("Paused");
    case FERRY_TRANSFER_DONE:      return _("Done");
    case FERRY_TRANSFER_FAILED:    return _("Failed");
    case FERRY_TRANSFER_CANCELLED: return _("Cancelled");
    case FERRY_TRANSFER_SKIPPED:   return _("Skipped");
    default:                       return "";
    }
}

char *
ferry_transfer_item_dup_display_name (FerryTransferItem *item)
{
  g_autofree char *base = NULL;

  if (ferry_transfer_item_get_direction (item) == FERRY_TRANSFER_DOWNLOAD)
    {
      base = ferry_path_remote_basename (ferry_transfer_item_get_remote_path (item));
      /* Server bytes: not necessarily UTF-8. */
      return g_utf8_make_valid (base, -1);
    }
  base = g_path_get_basename (ferry_transfer_item_get_local_path (item));
  return g_filename_display_name (base);
}

static void
set_state_class (GtkWidget  *label,
                 const char *klass)
{
  static const char *classes[] = { "error", "success", "dim-label", "warning" };

  /* Each change restyles the label: only when the state's class moves. */
  if (gtk_widget_has_css_class (label, klass))
    return;
  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (label, classes[i]);
  gtk_widget_add_css_class (label, klass);
}

/* GTK 4.8 asks the X server where the pointer is (two round trips) on
 * every gtk_widget_set_tooltip_text(), even with the same text: with a
 * row update per finished file that was most of the main thread's work
 * during a 2,000-file download. */
static void
set_tooltip (GtkWidget  *widget,
             const char *text)
{
  const char *old = gtk_widget_get_tooltip_text (widget);

  if (text != NULL && *text == '\0')
    text = NULL;
  if (g_strcmp0 (old, text) != 0)
    gtk_widget_set_tooltip_text (widget, text);
}

static void
set_icon (GtkImage   *image,
          const char *icon_name)
{
  if (gtk_image_get_storage_type (image) != GTK_IMAGE_ICON_NAME ||
      g_strcmp0 (gtk_image_get_icon_name (image), icon_name) != 0)
    gtk_image_set_from_icon_name (image, icon_name);
}

static void
set_button_icon (GtkButton  *button,
                 const char *icon_name)
{
  if (g_strcmp0 (gtk_button_get_icon_name (button), icon_name) != 0)
    gtk_button_set_icon_name (button, icon_name);
}

static char *
bytes_text (guint64 done,
            gint64  total)
{
  g_autofree char *done_s = g_format_size (done);
  g_autofree char *total_s = NULL;

  if (total < 0)
    return g_steal_pointer (&done_s);
  total_s = g_format_size ((guint64) total);
  /* Translators: bytes done of total, e.g. "1.2 MB of 4.0 MB" */
  return g_strdup_printf (_("%s of %s"), done_s, total_s);
}

static char *
rate_eta_text (double  rate,
               guint64 done,
               gint64  total)
{
  g_autofree char *rate_s = ferry_format_rate (rate);
  g_autofree char *eta_s = NULL;

  if (rate <= 0)
    return g_strdup ("");
  eta_s = ferry_format_eta (total >= 0 && (guint64) total >= done
                            ? (gint64) ((double) ((guint64) total - done) / rate + 0.5) : -1);
  if (*eta_s == '\0')
    return g_steal_pointer (&rate_s);
  return g_strdup_printf ("%s · %s", rate_s, eta_s);
}

/* Where the item goes, for people to read. */
static char *
dup_target_text (FerryTransferItem *item)
{
  if (ferry_transfer_item_get_direction (item) == FERRY_TRANSFER_UPLOAD)
    return g_utf8_make_valid (ferry_transfer_item_get_remote_path (item), -1);
  return g_filename_display_name (ferry_transfer_item_get_local_path (item));
}

static gboolean
name_query_tooltip_cb (FerryTransferRow *self,
                       int               x,
                       int               y,
                       gboolean          keyboard_mode,
                       GtkTooltip       *tooltip,
                       GtkWidget        *widget)
{
  g_autofree char *shown = NULL;

  if (self->item == NULL)
    return FALSE;
  shown = dup_target_text (self->item);
  gtk_tooltip_set_text (tooltip, shown);
  return TRUE;
}

/* A folder stands for its whole tree, as far as it is known. */
static gboolean
update_folder (FerryTransferRow   *self,
               FerryTransferState  state)
{
  FerryTransferTotals t;
  g_autofree char *bytes = NULL;
  g_autofree char *rate = NULL;
  g_autofree char *text = NULL;
  guint finished;
  double fraction;
  const char *klass;

  ferry_transfer_item_get_totals (self->item, &t);
  if (t.files_total == 0)
    return FALSE;
  finished = t.files_done + t.files_failed;

  /* Full only when the folder is done: files not listed yet have no
   * bytes to count, so the bar stops short until then. */
  fraction = t.bytes_total > 0 ? (double) t.bytes_done / (double) t.bytes_total
                               : (double) finished / (double) t.files_total;
  gtk_progress_bar_set_fraction (self->progress_bar,
                                 state == FERRY_TRANSFER_DONE ? 1.0 : CLAMP (fraction, 0, 0.99));
  bytes = bytes_text (t.bytes_done, (gint64) t.bytes_total);
  gtk_label_set_label (self->bytes_label, bytes);
  rate = state == FERRY_TRANSFER_RUNNING && t.rate > 0
         ? rate_eta_text (t.rate, t.bytes_done, (gint64) t.bytes_total) : g_strdup ("");
  gtk_label_set_label (self->rate_label, rate);

  if (t.files_failed > 0)
    {
      /* Translators: a folder transfer: failed files of all files */
      text = g_strdup_printf (ngettext ("%u of %u file failed", "%u of %u files failed", t.files_total),
                              t.files_failed, t.files_total);
      klass = "error";
    }
  else if (state != FERRY_TRANSFER_DONE)
    {
      /* Translators: a folder transfer: files finished of all files so far */
      text = g_strdup_printf (ngettext ("%u of %u file", "%u of %u files", t.files_total),
                              finished, t.files_total);
      klass = "dim-label";
    }
  else
    {
      /* Translators: a folder transfer that is complete */
      text = g_strdup_printf (ngettext ("Done · %u file", "Done · %u files", t.files_total),
                              t.files_total);
      klass = "success";
    }
  gtk_label_set_label (self->state_label, text);
  set_tooltip (GTK_WIDGET (self->state_label), NULL);
  set_state_class (GTK_WIDGET (self->state_label), klass);
  return TRUE;
}

void
ferry_transfer_row_update (FerryTransferRow *self)
{
  FerryTransferItem *t = self->item;
  FerryTransferState state;
  gboolean upload, is_dir;
  gint64 size;
  guint64 done;
  guint depth;
  g_autofree char *name = NULL;
  g_autofree char *bytes = NULL;
  g_autofree char *rate = NULL;
  g_autofree char *state_text = NULL;
  const char *message;

  g_return_if_fail (FERRY_IS_TRANSFER_ROW (self));
  self->stale = FALSE;
  if (self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
    }
  if (t == NULL)
    return;

  state = ferry_transfer_item_get_state (t);
  upload = ferry_transfer_item_get_direction (t) == FERRY_TRANSFER_UPLOAD;
  is_dir = ferry_transfer_item_get_is_dir (t);
  size = ferry_transfer_item_get_size (t);
  done = ferry_transfer_item_get_bytes_done (t);
  depth = ferry_transfer_item_get_depth (t);
  message = ferry_transfer_item_get_error_message (t);

  gtk_widget_set_margin_start (GTK_WIDGET (self->box), 12 + INDENT_PX * (int) MIN (depth, INDENT_MAX));
  set_icon (self->direction_icon,
            is_dir ? (upload ? "folder-remote-symbolic" : "folder-download-symbolic")
                   : (upload ? "document-send-symbolic" : "folder-download-symbolic"));
  set_tooltip (GTK_WIDGET (self->direction_icon),
               is_dir ? (upload ? _("Folder upload") : _("Folder download"))
                      : (upload ? _("Upload") : _("Download")));
  name = ferry_transfer_item_dup_display_name (t);
  gtk_label_set_label (self->name_label, name);
  {
    /* The tooltip is asked for on hover (query-tooltip): setting it
     * costs X round trips at every bind. */
    g_autofree char *shown = dup_target_text (t);
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->name_label),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, shown, -1);
  }

  gtk_widget_set_visible (GTK_WIDGET (self->pause_button),
                          state == FERRY_TRANSFER_QUEUED || state == FERRY_TRANSFER_RUNNING ||
                          state == FERRY_TRANSFER_PAUSED);
  if (state == FERRY_TRANSFER_PAUSED)
    {
      set_button_icon (self->pause_button, "media-playback-start-symbolic");
      set_tooltip (GTK_WIDGET (self->pause_button), _("Resume this transfer"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->pause_button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Resume"), -1);
    }
  else
    {
      set_button_icon (self->pause_button, "media-playback-pause-symbolic");
      set_tooltip (GTK_WIDGET (self->pause_button), _("Pause this transfer"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->pause_button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Pause"), -1);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), !ferry_transfer_state_is_final (state));
  gtk_widget_set_visible (GTK_WIDGET (self->retry_button),
                          state == FERRY_TRANSFER_FAILED || state == FERRY_TRANSFER_CANCELLED);

  if (is_dir && state != FERRY_TRANSFER_FAILED && state != FERRY_TRANSFER_SKIPPED &&
      update_folder (self, state))
    return;

  if (is_dir)
    {
      /* A folder below the one added, or one still being listed. */
      gtk_progress_bar_set_fraction (self->progress_bar, ferry_transfer_state_is_final (state) ? 1.0 : 0.0);
      gtk_label_set_label (self->bytes_label, "");
    }
  else
    {
      gtk_progress_bar_set_fraction (self->progress_bar,
                                     state == FERRY_TRANSFER_DONE ? 1.0
                                     : size > 0 ? CLAMP ((double) done / (double) size, 0, 1) : 0.0);
      bytes = bytes_text (done, size);
      gtk_label_set_label (self->bytes_label, bytes);
    }
  rate = state == FERRY_TRANSFER_RUNNING && !is_dir
         ? rate_eta_text (ferry_transfer_item_get_rate (t), done, size) : g_strdup ("");
  gtk_label_set_label (self->rate_label, rate);

  if (state == FERRY_TRANSFER_RUNNING && is_dir)
    state_text = g_strdup (upload ? _("Creating folder…") : _("Listing folder…"));
  else if ((state == FERRY_TRANSFER_FAILED || state == FERRY_TRANSFER_SKIPPED) && message != NULL)
    /* Translators: a transfer's state, then why, e.g. "Failed: 550 No such file" */
    state_text = g_strdup_printf (_("%s: %s"), ferry_transfer_state_to_string (state), message);
  else if (state == FERRY_TRANSFER_QUEUED && ferry_transfer_item_get_asking (t))
    state_text = g_strdup (_("Exists: waiting for your answer"));
  else if (state == FERRY_TRANSFER_QUEUED && message != NULL)
    /* Translators: waiting for another attempt after an error */
    state_text = g_strdup_printf (_("Retrying (attempt %u): %s"),
                                  ferry_transfer_item_get_attempts (t) + 1, message);
  else
    state_text = g_strdup (ferry_transfer_state_to_string (state));
  gtk_label_set_label (self->state_label, state_text);
  set_tooltip (GTK_WIDGET (self->state_label), message);

  if (state == FERRY_TRANSFER_FAILED)
    set_state_class (GTK_WIDGET (self->state_label), "error");
  else if (state == FERRY_TRANSFER_DONE)
    set_state_class (GTK_WIDGET (self->state_label), "success");
  else if (state == FERRY_TRANSFER_QUEUED && (message != NULL || ferry_transfer_item_get_asking (t)))
    set_state_class (GTK_WIDGET (self->state_label), "warning");
  else
    set_state_class (GTK_WIDGET (self->state_label), "dim-label");
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  FerryTransferRow *self = FERRY_TRANSFER_ROW (widget);

  self->tick_id = 0;
  ferry_transfer_row_update (self);
  return G_SOURCE_REMOVE;
}

/* Items change many times a frame during a big queue: the row follows
 * at the frame clock, and a row nobody sees (the list on another page)
 * catches up once when it is mapped, not at every change. */
static void
item_changed_cb (FerryTransferRow *self)
{
  if (self->tick_id != 0)
    return;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), tick_cb, NULL, NULL);
  else
    self->stale = TRUE;
}

static void
ferry_transfer_row_map (GtkWidget *widget)
{
  FerryTransferRow *self = FERRY_TRANSFER_ROW (widget);

  GTK_WIDGET_CLASS (ferry_transfer_row_parent_class)->map (widget);
  if (self->stale)
    ferry_transfer_row_update (self);
}

void
ferry_transfer_row_set_item (FerryTransferRow  *self,
                             FerryTransferItem *item)
{
  g_return_if_fail (FERRY_IS_TRANSFER_ROW (self));
  g_return_if_fail (!item || FERRY_IS_TRANSFER_ITEM (item));

  if (self->item == item)
    return;
  if (self->item != NULL)
    {
      g_clear_signal_handler (&self->notify_id, self->item);
      g_clear_signal_handler (&self->totals_id, self->item);
    }
  g_set_object (&self->item, item);
  if (item != NULL)
    {
      self->notify_id = g_signal_connect_swapped (item, "notify", G_CALLBACK (item_changed_cb), self);
      if (ferry_transfer_item_get_is_dir (item))
        self->totals_id = g_signal_connect_swapped (item, "totals-changed",
                                                    G_CALLBACK (item_changed_cb), self);
    }
  ferry_transfer_row_update (self);
}

FerryTransferItem *
ferry_transfer_row_get_item (FerryTransferRow *self)
{
  g_return_val_if_fail (FERRY_IS_TRANSFER_ROW (self), NULL);
  return self->item;
}

const char *
ferry_transfer_row_get_state_text (FerryTransferRow *self)
{
  g_return_val_if_fail (FERRY_IS_TRANSFER_ROW (self), NULL);
  if (self->tick_id != 0 || self->stale)
    ferry_transfer_row_update (self);
  return gtk_label_get_label (self->state_label);
}

static void
pause_clicked_cb (FerryTransferRow *self)
{
  if (self->item == NULL)
    return;
  g_signal_emit (self, signals[ferry_transfer_item_get_state (self->item) == FERRY_TRANSFER_PAUSED
                               ? SIGNAL_RESUME : SIGNAL_PAUSE], 0, self->item);
}

static void
cancel_clicked_cb (FerryTransferRow *self)
{
  if (self->item != NULL)
    g_signal_emit (self, signals[SIGNAL_CANCEL], 0, self->item);
}

static void
retry_clicked_cb (FerryTransferRow *self)
{
  if (self->item != NULL)
    g_signal_emit (self, signals[SIGNAL_RETRY], 0, self->item);
}

static void
ferry_transfer_row_dispose (GObject *object)
{
  FerryTransferRow *self = FERRY_TRANSFER_ROW (object);
  GtkWidget *child;

  ferry_transfer_row_set_item (self, NULL);
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
  static const char *names[N_SIGNALS] = { "pause", "resume", "cancel", "retry" };

  object_class->dispose = ferry_transfer_row_dispose;
  widget_class->map = ferry_transfer_row_map;

  /* Each carries the row's FerryTransferItem. */
  for (guint i = 0; i < N_SIGNALS; i++)
    signals[i] = g_signal_new (names[i], G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                               0, NULL, NULL, NULL, G_TYPE_NONE, 1, FERRY_TYPE_TRANSFER_ITEM);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ferryftp/Ferry/ferry-transfer-row.ui");
  gtk_widget_class_bind_template_child (widget_class, FerryTransferRow, box);
  gtk_widget_class_bind_template_child (widget_class, FerryTransferRow, direction_icon);
  gtk_widget_class_bind_template_child (widget_class, FerryTransferRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, FerryTransferRow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, FerryTransferRow, bytes_label);
  gtk_widget_class_bind_template_child (widget_class, FerryTransferRow, rate_label);
  gtk_widget_class_bind_template_child (widget_class, FerryTransferRow, state_label);
  gtk_widget_class_bind_template_child (widget_class, FerryTransferRow, pause_button);
  gtk_widget_class_bind_template_child (widget_class, FerryTransferRow, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, FerryTransferRow, retry_button);
  gtk_widget_class_bind_template_callback (widget_class, pause_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, retry_clicked_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "ferrytransferrow");
}

static void
ferry_transfer_row_init (FerryTransferRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_has_tooltip (GTK_WIDGET (self->name_label), TRUE);
  g_signal_connect_object (self->name_label, "query-tooltip", G_CALLBACK (name_query_tooltip_cb),
                           self, G_CONNECT_SWAPPED);
}

GtkWidget *
ferry_transfer_row_new (void)
{
  return g_object_new (FERRY_TYPE_TRANSFER_ROW, NULL);
}
