/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ferry-format.h"
#include "ferry-properties-dialog.h"

struct _FerryPropertiesDialog
{
  AdwWindow       parent_instance;

  /* owned */
  FerryFileItem  *item;

  /* widgets (children of the window) */
  GtkButton      *apply_button;
  GtkSpinner     *spinner;
  GtkCheckButton *bits[9];        /* owner r w x, group r w x, others r w x */
  GtkEntry       *octal_entry;
  GtkLabel       *error_label;
  gboolean        syncing;
};

G_DEFINE_FINAL_TYPE (FerryPropertiesDialog, ferry_properties_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNAL_APPLY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

int
ferry_properties_parse_mode (const char *perms)
{
  static const char letters[] = "rwxrwxrwx";
  size_t len;
  int mode = 0;

  if (perms == NULL)
    return -1;
  len = strlen (perms);
  /* "drwxr-xr-x" and "-rw-r--r--" carry the type first. */
  if (len == 10)
    perms++;
  else if (len != 9)
    return -1;

  for (int i = 0; i < 9; i++)
    {
      char c = perms[i];
      int bit = 1 << (8 - i);

      if (c == letters[i])
        mode |= bit;
      /* setuid/setgid/sticky shown in the x place: s/t = x set too. */
      else if ((i % 3) == 2 && (c == 's' || c == 't'))
        mode |= bit;
      else if (c != '-' && !((i % 3) == 2 && (c == 'S' || c == 'T')))
        return -1;
    }
  return mode;
}

static void
sync_octal (FerryPropertiesDialog *self)
{
  g_autofree char *text = g_strdup_printf ("%03o", ferry_properties_dialog_get_mode (self));

  self->syncing = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->octal_entry), text);
  self->syncing = FALSE;
}

static void
bit_toggled_cb (FerryPropertiesDialog *self)
{
  if (!self->syncing)
    sync_octal (self);
}

static void
octal_changed_cb (FerryPropertiesDialog *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->octal_entry));
  guint64 mode = 0;
  gboolean valid;

  if (self->syncing)
    return;
  valid = *text != '\0' && strlen (text) <= 4 &&
          g_ascii_string_to_unsigned (text, 8, 0, 07777, &mode, NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->apply_button), valid);
  if (valid)
    {
      self->syncing = TRUE;
      for (int i = 0; i < 9; i++)
        gtk_check_button_set_active (self->bits[i], (mode & (1u << (8 - i))) != 0);
      self->syncing = FALSE;
    }
}

guint
ferry_properties_dialog_get_mode (FerryPropertiesDialog *self)
{
  guint mode = 0;

  g_return_val_if_fail (FERRY_IS_PROPERTIES_DIALOG (self), 0);
  for (int i = 0; i < 9; i++)
    if (gtk_check_button_get_active (self->bits[i]))
      mode |= 1u << (8 - i);
  return mode;
}

void
ferry_properties_dialog_set_mode (FerryPropertiesDialog *self,
                                  guint                  mode)
{
  g_return_if_fail (FERRY_IS_PROPERTIES_DIALOG (self));
  self->syncing = TRUE;
  for (int i = 0; i < 9; i++)
    gtk_check_button_set_active (self->bits[i], (mode & (1u << (8 - i))) != 0);
  self->syncing = FALSE;
  sync_octal (self);
}

FerryFileItem *
ferry_properties_dialog_get_item (FerryPropertiesDialog *self)
{
  g_return_val_if_fail (FERRY_IS_PROPERTIES_DIALOG (self), NULL);
  return self->item;
}

void
ferry_properties_dialog_set_busy (FerryPropertiesDialog *self,
                                  gboolean               busy)
{
  g_return_if_fail (FERRY_IS_PROPERTIES_DIALOG (self));
  gtk_widget_set_sensitive (GTK_WIDGET (self->apply_button), !busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
}

void
ferry_properties_dialog_set_error (FerryPropertiesDialog *self,
                                   const char            *message)
{
  g_return_if_fail (FERRY_IS_PROPERTIES_DIALOG (self));
  ferry_properties_dialog_set_busy (self, FALSE);
  gtk_label_set_label (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

const char *
ferry_properties_dialog_get_error (FerryPropertiesDialog *self)
{
  g_return_val_if_fail (FERRY_IS_PROPERTIES_DIALOG (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->error_label))
         ? gtk_label_get_label (self->error_label) : NULL;
}

void
ferry_properties_dialog_apply (FerryPropertiesDialog *self)
{
  g_return_if_fail (FERRY_IS_PROPERTIES_DIALOG (self));
  if (!gtk_widget_get_sensitive (GTK_WIDGET (self->apply_button)))
    return;
  ferry_properties_dialog_set_error (self, NULL);
  ferry_properties_dialog_set_busy (self, TRUE);
  g_signal_emit (self, signals[SIGNAL_APPLY], 0, ferry_properties_dialog_get_mode (self));
}

static void
cancel_clicked_cb (FerryPropertiesDialog *self)
{
  gtk_window_destroy (GTK_WINDOW (self));
}

/* --- building ---------------------------------------------------------- */

static void
add_info_row (AdwPreferencesGroup *group,
              const char          *title,
              const char          *value)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value && *value ? value : "—");
  gtk_widget_add_css_class (row, "property");
  adw_preferences_group_add (group, row);
}

static GtkWidget *
build_permissions (FerryPropertiesDialog *self)
{
  const char *who[] = { N_("Owner"), N_("Group"), N_("Others") };
  const char *what[] = { N_("Read"), N_("Write"), N_("Execute") };
  GtkWidget *grid = gtk_grid_new ();
  GtkWidget *octal_label;

  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 18);
  gtk_widget_set_margin_top (grid, 12);
  gtk_widget_set_margin_bottom (grid, 12);
  gtk_widget_set_margin_start (grid, 12);
  gtk_widget_set_margin_end (grid, 12);

  for (int r = 0; r < 3; r++)
    {
      GtkWidget *label = gtk_label_new (_(who[r]));

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_set_hexpand (label, TRUE);
      gtk_grid_attach (GTK_GRID (grid), label, 0, r, 1, 1);
      for (int c = 0; c < 3; c++)
        {
          GtkWidget *check = gtk_check_button_new_with_label (_(what[c]));
          /* Translators: accessible name of a permission check box, e.g. "Group: Write" */
          g_autofree char *name = g_strdup_printf (_("%s: %s"), _(who[r]), _(what[c]));

          gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
          self->bits[r * 3 + c] = GTK_CHECK_BUTTON (check);
          g_signal_connect_swapped (check, "toggled", G_CALLBACK (bit_toggled_cb), self);
          gtk_grid_attach (GTK_GRID (grid), check, c + 1, r, 1, 1);
        }
    }

  octal_label = gtk_label_new_with_mnemonic (_("_Octal"));
  gtk_label_set_xalign (GTK_LABEL (octal_label), 0);
  gtk_grid_attach (GTK_GRID (grid), octal_label, 0, 3, 1, 1);
  self->octal_entry = GTK_ENTRY (gtk_entry_new ());
  gtk_editable_set_width_chars (GTK_EDITABLE (self->octal_entry), 5);
  gtk_editable_set_max_width_chars (GTK_EDITABLE (self->octal_entry), 5);
  gtk_entry_set_input_purpose (self->octal_entry, GTK_INPUT_PURPOSE_DIGITS);
  gtk_widget_set_halign (GTK_WIDGET (self->octal_entry), GTK_ALIGN_START);
  gtk_label_set_mnemonic_widget (GTK_LABEL (octal_label), GTK_WIDGET (self->octal_entry));
  g_signal_connect_swapped (self->octal_entry, "changed", G_CALLBACK (octal_changed_cb), self);
  g_signal_connect_swapped (self->octal_entry, "activate", G_CALLBACK (ferry_properties_dialog_apply), self);
  gtk_grid_attach (GTK_GRID (grid), GTK_WIDGET (self->octal_entry), 1, 3, 3, 1);
  return grid;
}

static void
build (FerryPropertiesDialog *self,
       int                    mode)
{
  FerryFileItem *item = self->item;
  GtkWidget *toolbar = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  GtkWidget *page = adw_preferences_page_new ();
  AdwPreferencesGroup *info = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  AdwPreferencesGroup *perms = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  GtkWidget *frame = gtk_frame_new (NULL);
  g_autofree char *size = NULL;
  g_autoptr(GDateTime) mtime = ferry_file_item_dup_mtime (item);
  g_autofree char *modified = ferry_format_datetime (mtime);
  const char *type;

  self->apply_button = GTK_BUTTON (gtk_button_new_with_mnemonic (_("_Apply")));
  gtk_widget_add_css_class (GTK_WIDGET (self->apply_button), "suggested-action");
  g_signal_connect_swapped (self->apply_button, "clicked", G_CALLBACK (ferry_properties_dialog_apply), self);
  g_signal_connect_swapped (cancel, "clicked", G_CALLBACK (cancel_clicked_cb), self);
  self->spinner = GTK_SPINNER (gtk_spinner_new ());
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), FALSE);
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), GTK_WIDGET (self->apply_button));
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), GTK_WIDGET (self->spinner));
  gtk_box_append (GTK_BOX (toolbar), header);

  switch (ferry_file_item_get_entry_type (item))
    {
    case FERRY_ENTRY_DIR:  type = _("Folder"); break;
    case FERRY_ENTRY_LINK: type = _("Link"); break;
    case FERRY_ENTRY_FILE: type = _("File"); break;
    default:               type = _("Other"); break;
    }
  if (ferry_file_item_get_size (item) >= 0 && !ferry_file_item_get_is_dir (item))
    {
      g_autofree char *human = ferry_format_size (ferry_file_item_get_size (item));
      g_autofree char *exact = g_strdup_printf ("%'" G_GINT64_FORMAT, ferry_file_item_get_size (item));
      /* Translators: "1.2 MB (1,234,567 bytes)" */
      size = g_strdup_printf (_("%s (%s bytes)"), human, exact);
    }

  add_info_row (info, _("Name"), ferry_file_item_get_display_name (item));
  add_info_row (info, _("Location"), ferry_file_item_get_path (item));
  add_info_row (info, size ? _("Size") : _("Type"), size ? size : type);
  add_info_row (info, _("Modified"), modified);
  /* Not "rwx" bits: MLSD perm facts ("radfwMT") say what we may do. */
  add_info_row (info, mode >= 0 || ferry_file_item_get_permissions (item) == NULL
                      ? _("Permissions") : _("Allowed Operations"),
                ferry_file_item_get_permissions (item));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), info);

  adw_preferences_group_set_title (perms, _("Change Permissions"));
  if (mode < 0)
    adw_preferences_group_set_description (perms, _("The current permissions are not known; "
                                                    "the boxes show a usual default."));
  gtk_frame_set_child (GTK_FRAME (frame), build_permissions (self));
  gtk_widget_add_css_class (frame, "view");
  adw_preferences_group_add (perms, frame);

  self->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->error_label, TRUE);
  gtk_label_set_xalign (self->error_label, 0);
  gtk_label_set_selectable (self->error_label, TRUE);
  gtk_widget_set_margin_top (GTK_WIDGET (self->error_label), 6);
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  adw_preferences_group_add (perms, GTK_WIDGET (self->error_label));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), perms);

  gtk_widget_set_vexpand (page, TRUE);
  gtk_box_append (GTK_BOX (toolbar), page);
  adw_window_set_content (ADW_WINDOW (self), toolbar);

  ferry_properties_dialog_set_mode (self, mode >= 0 ? (guint) mode
                                    : ferry_file_item_get_is_dir (item) ? 0755 : 0644);
}

/* --- GObject ----------------------------------------------------------- */

static void
ferry_properties_dialog_dispose (GObject *object)
{
  FerryPropertiesDialog *self = FERRY_PROPERTIES_DIALOG (object);

  g_clear_object (&self->item);

  G_OBJECT_CLASS (ferry_properties_dialog_parent_class)->dispose (object);
}

static void
ferry_properties_dialog_class_init (FerryPropertiesDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ferry_properties_dialog_dispose;

  /**
   * FerryPropertiesDialog::apply:
   * @mode: the permission bits chosen (0..0777)
   */
  signals[SIGNAL_APPLY] =
    g_signal_new ("apply", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ferry_properties_dialog_init (FerryPropertiesDialog *self)
{
}

FerryPropertiesDialog *
ferry_properties_dialog_new (GtkWindow     *parent,
                             FerryFileItem *item)
{
  FerryPropertiesDialog *self;
  g_autofree char *title = NULL;

  g_return_val_if_fail (FERRY_IS_FILE_ITEM (item), NULL);

  /* Translators: window title, e.g. "notes.txt Properties" */
  title = g_strdup_printf (_("%s Properties"), ferry_file_item_get_display_name (item));
  self = g_object_new (FERRY_TYPE_PROPERTIES_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       "title", title,
                       "default-width", 420,
                       "default-height", 660,
                       "destroy-with-parent", TRUE,
                       NULL);
  self->item = g_object_ref (item);
  build (self, ferry_properties_parse_mode (ferry_file_item_get_permissions (item)));
  return self;
}
