/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ferry-ftp-error.h"
#include "ferry-log-view.h"

struct _FerryLogView
{
  GtkWidget      parent_instance;

  /* template widgets */
  GtkTextView   *text_view;
  GtkWidget     *toolbar;

  /* owned */
  GtkTextMark   *end_mark;
  guint          scroll_idle;
};

G_DEFINE_FINAL_TYPE (FerryLogView, ferry_log_view, GTK_TYPE_WIDGET)

/* Server text is untrusted: invalid UTF-8 becomes U+FFFD and control
 * characters are shown as \xNN so they cannot reshape the log. */
static char *
sanitize (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text ? text : "", -1);
  GString *out = g_string_sized_new (strlen (valid));

  for (const char *p = valid; *p; p++)
    {
      guchar c = (guchar) *p;
      if (c < 0x20 || c == 0x7f)
        g_string_append_printf (out, "\\x%02X", c);
      else
        g_string_append_c (out, (char) c);
    }
  return g_string_free (out, FALSE);
}

static const char *
reply_tag (guint code)
{
  switch (code / 100)
    {
    case 3: return "reply-3";
    case 4: return "reply-4";
    case 5: return "reply-5";
    default: return "reply-2";
    }
}

static gboolean
scroll_to_end_cb (gpointer user_data)
{
  FerryLogView *self = user_data;

  self->scroll_idle = 0;
  gtk_text_view_scroll_mark_onscreen (self->text_view, self->end_mark);
  return G_SOURCE_REMOVE;
}

static void
trim (FerryLogView *self,
      GtkTextBuffer *buffer)
{
  int lines = gtk_text_buffer_get_line_count (buffer);
  GtkTextIter start, cut;

  /* The buffer always ends with an empty line after the last '\n'. */
  if (lines - 1 <= FERRY_LOG_VIEW_MAX_LINES)
    return;
  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_get_iter_at_line (buffer, &cut, lines - 1 - FERRY_LOG_VIEW_MAX_LINES);
  gtk_text_buffer_delete (buffer, &start, &cut);
}

void
ferry_log_view_append (FerryLogView *self,
                       FerryLogKind  kind,
                       guint         code,
                       const char   *text)
{
  GtkTextBuffer *buffer;
  GtkTextIter end;
  g_autofree char *clean = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *stamp = NULL;
  const char *arrow;
  const char *tag;

  g_return_if_fail (FERRY_IS_LOG_VIEW (self));

  buffer = gtk_text_view_get_buffer (self->text_view);
  clean = sanitize (text);
  now = g_date_time_new_now_local ();
  stamp = g_date_time_format (now, "%H:%M:%S ");

  switch (kind)
    {
    case FERRY_LOG_COMMAND:
      arrow = "→ ";
      tag = "command";
      break;
    case FERRY_LOG_REPLY:
      arrow = "← ";
      tag = reply_tag (code);
      break;
    case FERRY_LOG_ERROR:
      arrow = "! ";
      tag = "error";
      break;
    case FERRY_LOG_INFO:
    default:
      arrow = "· ";
      tag = "info";
      break;
    }

  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_insert_with_tags_by_name (buffer, &end, stamp, -1, "time", NULL);
  gtk_text_buffer_insert_with_tags_by_name (buffer, &end, arrow, -1, tag, NULL);

  /* Every reply line shows its code, even continuation lines the
   * session hands over without one. */
  if (kind == FERRY_LOG_REPLY && code >= 100 &&
      !(g_ascii_isdigit (clean[0]) && strtoul (clean, NULL, 10) == code))
    {
      g_autofree char *prefix = g_strdup_printf ("%u ", code);
      gtk_text_buffer_insert_with_tags_by_name (buffer, &end, prefix, -1, tag, NULL);
    }
  gtk_text_buffer_insert_with_tags_by_name (buffer, &end, clean, -1, tag, NULL);

  if (kind == FERRY_LOG_REPLY && code >= 400 && code < 600)
    {
      g_autofree char *why = g_strdup_printf ("  (%s)", ferry_ftp_reply_code_explain (code));
      gtk_text_buffer_insert_with_tags_by_name (buffer, &end, why, -1, "time", NULL);
    }
  gtk_text_buffer_insert (buffer, &end, "\n", 1);

  trim (self, buffer);

  if (self->scroll_idle == 0)
    self->scroll_idle = g_idle_add (scroll_to_end_cb, self);
}

void
ferry_log_view_clear (FerryLogView *self)
{
  g_return_if_fail (FERRY_IS_LOG_VIEW (self));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), "", 0);
}

char *
ferry_log_view_dup_text (FerryLogView *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (FERRY_IS_LOG_VIEW (self), NULL);
  buffer = gtk_text_view_get_buffer (self->text_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

guint
ferry_log_view_get_n_lines (FerryLogView *self)
{
  g_return_val_if_fail (FERRY_IS_LOG_VIEW (self), 0);
  return (guint) gtk_text_buffer_get_line_count (gtk_text_view_get_buffer (self->text_view)) - 1;
}

static void
copy_clicked_cb (FerryLogView *self)
{
  g_autofree char *text = ferry_log_view_dup_text (self);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
}

static void
clear_clicked_cb (FerryLogView *self)
{
  ferry_log_view_clear (self);
}

static void
ferry_log_view_dispose (GObject *object)
{
  FerryLogView *self = FERRY_LOG_VIEW (object);
  GtkWidget *child;

  g_clear_handle_id (&self->scroll_idle, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), FERRY_TYPE_LOG_VIEW);
  /* dispose_template only unparents bound children; the template's
   * root child is not one. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (ferry_log_view_parent_class)->dispose (object);
}

static void
ferry_log_view_class_init (FerryLogViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ferry_log_view_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ferryftp/Ferry/ferry-log-view.ui");
  gtk_widget_class_bind_template_child (widget_class, FerryLogView, text_view);
  gtk_widget_class_bind_template_child (widget_class, FerryLogView, toolbar);
  gtk_widget_class_bind_template_callback (widget_class, copy_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, clear_clicked_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "ferrylogview");
}

static void
ferry_log_view_init (FerryLogView *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter end;

  gtk_widget_init_template (GTK_WIDGET (self));

  buffer = gtk_text_view_get_buffer (self->text_view);
  gtk_text_buffer_create_tag (buffer, "time", "foreground", "#77767b", NULL);
  gtk_text_buffer_create_tag (buffer, "info", "foreground", "#77767b", "style", PANGO_STYLE_ITALIC, NULL);
  gtk_text_buffer_create_tag (buffer, "command", "weight", PANGO_WEIGHT_SEMIBOLD, NULL);
  gtk_text_buffer_create_tag (buffer, "reply-2", NULL);
  gtk_text_buffer_create_tag (buffer, "reply-3", "foreground", "#3584e4", NULL);
  gtk_text_buffer_create_tag (buffer, "reply-4", "foreground", "#e66100", NULL);
  gtk_text_buffer_create_tag (buffer, "reply-5", "foreground", "#e01b24", "weight", PANGO_WEIGHT_BOLD, NULL);
  gtk_text_buffer_create_tag (buffer, "error", "foreground", "#e01b24", NULL);

  gtk_text_buffer_get_end_iter (buffer, &end);
  self->end_mark = gtk_text_buffer_create_mark (buffer, "end", &end, FALSE);
}

GtkWidget *
ferry_log_view_new (void)
{
  return g_object_new (FERRY_TYPE_LOG_VIEW, NULL);
}
