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
  GtkEntry      *command_entry;

  /* owned */
  GtkTextMark   *end_mark;
  guint          scroll_idle;   /* inserts the pending lines, then scrolls */
  GQueue         pending;       /* PendingLine, oldest first */
  gint64         stamp_second;  /* of @stamp */
  char          *stamp;         /* "HH:MM:SS " */
};

/* A logged line not in the buffer yet.  A queue of small files logs a
 * dozen lines a file, hundreds a frame: inserting each at once into the
 * text buffer (and a time zone looked up per line) was a third of the
 * main thread's work in a 2,000-file download, so they go in together
 * at the next idle. */
typedef struct
{
  FerryLogKind  kind;
  guint         code;
  char         *stamp;
  char         *text;
} PendingLine;

/* Lines inserted in one idle: the rest waits for the next one, so that
 * frames are drawn in between. */
#define FLUSH_LINES 200

static gboolean flush     (FerryLogView *self,
                           guint         max);
static void     flush_all (FerryLogView *self);

static void
pending_line_free (PendingLine *line)
{
  g_free (line->stamp);
  g_free (line->text);
  g_free (line);
}

G_DEFINE_FINAL_TYPE (FerryLogView, ferry_log_view, GTK_TYPE_WIDGET)

enum {
  SIGNAL_COMMAND,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

#define CODE_TAG_PREFIX "code-"

/* A tag without looks that marks a reply line with its code, so that a
 * hover can tell which code it is.  One per code seen, not per line. */
static GtkTextTag *
code_tag (GtkTextBuffer *buffer,
          guint          code)
{
  GtkTextTagTable *table = gtk_text_buffer_get_tag_table (buffer);
  char name[16];
  GtkTextTag *tag;

  g_snprintf (name, sizeof name, CODE_TAG_PREFIX "%u", code);
  tag = gtk_text_tag_table_lookup (table, name);
  if (tag == NULL)
    tag = gtk_text_buffer_create_tag (buffer, name, NULL);
  return tag;
}

static char *
tooltip_at_iter (const GtkTextIter *iter)
{
  g_autoptr(GSList) tags = gtk_text_iter_get_tags (iter);

  for (GSList *l = tags; l; l = l->next)
    {
      g_autofree char *name = NULL;
      guint64 code;

      g_object_get (l->data, "name", &name, NULL);
      if (name != NULL && g_str_has_prefix (name, CODE_TAG_PREFIX) &&
          g_ascii_string_to_unsigned (name + strlen (CODE_TAG_PREFIX), 10, 100, 599, &code, NULL))
        /* Translators: tooltip of a reply line in the log, e.g. "550: File unavailable" */
        return g_strdup_printf (_("%u: %s"), (guint) code, ferry_ftp_reply_code_explain ((guint) code));
    }
  return NULL;
}

char *
ferry_log_view_dup_line_tooltip (FerryLogView *self,
                                 int           line)
{
  GtkTextIter iter;

  g_return_val_if_fail (FERRY_IS_LOG_VIEW (self), NULL);
  flush_all (self);
  if (!gtk_text_buffer_get_iter_at_line (gtk_text_view_get_buffer (self->text_view), &iter, line))
    return NULL;
  /* Past the time stamp, on the text. */
  gtk_text_iter_forward_chars (&iter, 12);
  return tooltip_at_iter (&iter);
}

static gboolean
query_tooltip_cb (FerryLogView *self,
                  int           x,
                  int           y,
                  gboolean      keyboard_mode,
                  GtkTooltip   *tooltip,
                  GtkWidget    *widget)
{
  GtkTextIter iter;
  int bx, by;
  g_autofree char *text = NULL;

  if (keyboard_mode)
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
      gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
    }
  else
    {
      gtk_text_view_window_to_buffer_coords (self->text_view, GTK_TEXT_WINDOW_WIDGET, x, y, &bx, &by);
      if (!gtk_text_view_get_iter_at_location (self->text_view, &iter, bx, by))
        return FALSE;
    }
  text = tooltip_at_iter (&iter);
  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
command_activate_cb (FerryLogView *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->command_entry))));

  if (*text == '\0')
    return;
  gtk_editable_set_text (GTK_EDITABLE (self->command_entry), "");
  g_signal_emit (self, signals[SIGNAL_COMMAND], 0, text);
}

void
ferry_log_view_set_command_enabled (FerryLogView *self,
                                    gboolean      enabled)
{
  g_return_if_fail (FERRY_IS_LOG_VIEW (self));
  gtk_widget_set_sensitive (GTK_WIDGET (self->command_entry), enabled);
}

GtkEntry *
ferry_log_view_get_command_entry (FerryLogView *self)
{
  g_return_val_if_fail (FERRY_IS_LOG_VIEW (self), NULL);
  return self->command_entry;
}

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

  if (!flush (self, FLUSH_LINES))
    return G_SOURCE_CONTINUE;
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

static void
insert_line (GtkTextBuffer     *buffer,
             const PendingLine *line)
{
  FerryLogKind kind = line->kind;
  guint code = line->code;
  const char *clean = line->text;
  const char *stamp = line->stamp;
  GtkTextIter end;
  GtkTextIter line_start;
  int line_offset;
  const char *arrow;
  const char *tag;

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
  line_offset = gtk_text_iter_get_offset (&end);
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
  if (kind == FERRY_LOG_REPLY && code >= 100 && code < 600)
    {
      gtk_text_buffer_get_iter_at_offset (buffer, &line_start, line_offset);
      gtk_text_buffer_apply_tag (buffer, code_tag (buffer, code), &line_start, &end);
      /* Tagging splits segments: iterators from before are stale. */
      gtk_text_buffer_get_end_iter (buffer, &end);
    }
  gtk_text_buffer_insert (buffer, &end, "\n", 1);
}

/* Inserts up to @max pending lines (all with G_MAXUINT); TRUE when none
 * are left. */
static gboolean
flush (FerryLogView *self,
       guint         max)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  PendingLine *line;

  /* Lines the trim would remove at once are not inserted at all. */
  while (self->pending.length > FERRY_LOG_VIEW_MAX_LINES)
    pending_line_free (g_queue_pop_head (&self->pending));
  for (guint i = 0; i < max && (line = g_queue_pop_head (&self->pending)) != NULL; i++)
    {
      insert_line (buffer, line);
      pending_line_free (line);
    }
  trim (self, buffer);
  return self->pending.length == 0;
}

static void
flush_all (FerryLogView *self)
{
  if (self->pending.length > 0)
    flush (self, G_MAXUINT);
}

void
ferry_log_view_append (FerryLogView *self,
                       FerryLogKind  kind,
                       guint         code,
                       const char   *text)
{
  PendingLine *line;
  gint64 second;

  g_return_if_fail (FERRY_IS_LOG_VIEW (self));

  second = g_get_real_time () / G_USEC_PER_SEC;
  if (self->stamp == NULL || second != self->stamp_second)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();

      g_free (self->stamp);
      self->stamp = g_date_time_format (now, "%H:%M:%S ");
      self->stamp_second = second;
    }
  line = g_new0 (PendingLine, 1);
  line->kind = kind;
  line->code = code;
  line->stamp = g_strdup (self->stamp);
  line->text = sanitize (text);
  g_queue_push_tail (&self->pending, line);

  if (self->scroll_idle == 0)
    self->scroll_idle = g_idle_add (scroll_to_end_cb, self);
}

void
ferry_log_view_clear (FerryLogView *self)
{
  g_return_if_fail (FERRY_IS_LOG_VIEW (self));
  g_queue_clear_full (&self->pending, (GDestroyNotify) pending_line_free);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), "", 0);
}

char *
ferry_log_view_dup_text (FerryLogView *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (FERRY_IS_LOG_VIEW (self), NULL);
  flush_all (self);
  buffer = gtk_text_view_get_buffer (self->text_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

guint
ferry_log_view_get_n_lines (FerryLogView *self)
{
  g_return_val_if_fail (FERRY_IS_LOG_VIEW (self), 0);
  flush_all (self);
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
  g_queue_clear_full (&self->pending, (GDestroyNotify) pending_line_free);
  g_clear_pointer (&self->stamp, g_free);
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
  gtk_widget_class_bind_template_child (widget_class, FerryLogView, command_entry);
  gtk_widget_class_bind_template_callback (widget_class, query_tooltip_cb);
  gtk_widget_class_bind_template_callback (widget_class, command_activate_cb);

  /**
   * FerryLogView::command:
   * @text: the command typed, stripped
   */
  signals[SIGNAL_COMMAND] =
    g_signal_new ("command", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
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
