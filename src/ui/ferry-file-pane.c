/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ferry-file-pane-private.h"
#include "ferry-file-sorter.h"
#include "ferry-format.h"
#include "ferry-path.h"
#include "ferry-stall-probe.h"

G_DEFINE_FINAL_TYPE (FerryFilePane, ferry_file_pane, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_KIND,
  PROP_PATH,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];
guint ferry_file_pane_signals[FERRY_FILE_PANE_N_SIGNALS];

/* --- state ------------------------------------------------------------- */

static void
set_loading (FerryFilePane *self,
             gboolean       loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  gtk_spinner_set_spinning (self->spinner, loading);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), loading);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
set_current_path (FerryFilePane *self,
                  const char    *path)
{
  if (g_strcmp0 (self->path, path) != 0)
    {
      g_free (self->path);
      self->path = g_strdup (path);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PATH]);
    }
  gtk_editable_set_text (GTK_EDITABLE (self->path_entry), path ? path : "");
  gtk_widget_set_sensitive (GTK_WIDGET (self->up_button), path != NULL && g_strcmp0 (path, "/") != 0);
  if (self->context_menu != NULL)
    ferry_file_pane_update_actions (self);
}

static void
update_status (FerryFilePane *self)
{
  GListModel *model = G_LIST_MODEL (self->selection);
  guint n = g_list_model_get_n_items (model);
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  guint64 n_selected = gtk_bitset_get_size (selected);
  g_autofree char *text = NULL;

  if (n_selected > 0)
    /* Translators: status line of a pane */
    text = g_strdup_printf (ngettext ("%u item, %u selected", "%u items, %u selected", n),
                            n, (guint) n_selected);
  else
    text = g_strdup_printf (ngettext ("%u item", "%u items", n), n);
  gtk_label_set_label (self->status_label, text);
}

/* The parts of a remote listing under way, forgotten. */
static void
clear_batches (FerryFilePane *self)
{
  g_clear_pointer (&self->batches, g_ptr_array_unref);
  self->n_batched = 0;
  self->batch_shown = FALSE;
}

/* A new folder or new rows: whatever was being made is out of date. */
static void
cancel_load (FerryFilePane *self)
{
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();
  self->rows_pending = FALSE;
}

void
ferry_file_pane_show_items (FerryFilePane *self,
                            const char    *path,
                            GPtrArray     *items,
                            gboolean       complete)
{
  g_free (self->rows_path);
  self->rows_path = g_strdup (path);
  self->rows_pending = TRUE;
  self->rows_final = complete;
  ferry_file_list_set_items (self->list, items);
}

/* The list swapped in rows: new ones (a folder shown) or the same in
 * another order. */
static void
view_changed_cb (FerryFileList *list,
                 gboolean       resorted,
                 FerryFilePane *self)
{
  if (resorted)
    {
      /* After a re-sort the first rows are what the user wants to see. */
      GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->column_view));
      if (adjustment != NULL)
        gtk_adjustment_set_value (adjustment, 0);
    }
  if (self->rows_pending)
    {
      self->rows_pending = FALSE;
      self->rows_partial = !self->rows_final;
      if (self->rows_final)
        {
          g_clear_pointer (&self->pending_path, g_free);
          set_loading (self, FALSE);
        }
      set_current_path (self, self->rows_path);
      gtk_stack_set_visible_child_name (self->stack, "files");
    }
  update_status (self);
}

void
ferry_file_pane_load_error (FerryFilePane *self,
                            const GError  *error)
{
  set_loading (self, FALSE);
  /* Stay where we were; the path entry shows the folder we are in. */
  set_current_path (self, self->path);
  if (g_list_model_get_n_items (G_LIST_MODEL (self->list)) == 0)
    ferry_file_pane_set_placeholder (self, "dialog-warning-symbolic", _("Cannot Open Folder"), error->message);
  else
    gtk_widget_activate_action (GTK_WIDGET (self), "win.show-error", "s", error->message);
}

static void
local_load (FerryFilePane *self,
            const char    *path)
{
  cancel_load (self);
  set_loading (self, TRUE);
  ferry_file_pane_load_local (self, path);
}

/* --- public ------------------------------------------------------------ */

FerryFilePaneKind
ferry_file_pane_get_kind (FerryFilePane *self)
{
  g_return_val_if_fail (FERRY_IS_FILE_PANE (self), FERRY_FILE_PANE_LOCAL);
  return self->kind;
}

const char *
ferry_file_pane_get_path (FerryFilePane *self)
{
  g_return_val_if_fail (FERRY_IS_FILE_PANE (self), NULL);
  return self->path;
}

gboolean
ferry_file_pane_get_loading (FerryFilePane *self)
{
  g_return_val_if_fail (FERRY_IS_FILE_PANE (self), FALSE);
  return self->loading;
}

void
ferry_file_pane_set_path (FerryFilePane *self,
                          const char    *path)
{
  g_return_if_fail (FERRY_IS_FILE_PANE (self));
  g_return_if_fail (path != NULL);

  if (self->kind == FERRY_FILE_PANE_LOCAL)
    {
      g_autofree char *canonical = NULL;

      /* "~" and relative paths typed into the entry. */
      if (path[0] == '~')
        canonical = g_build_filename (g_get_home_dir (), path + 1, NULL);
      else
        canonical = g_canonicalize_filename (path, self->path ? self->path : g_get_home_dir ());
      local_load (self, canonical);
    }
  else
    {
      g_free (self->pending_path);
      self->pending_path = g_strdup (path);
      set_loading (self, TRUE);
      g_signal_emit (self, ferry_file_pane_signals[FERRY_FILE_PANE_SIGNAL_LOAD_REQUEST], 0, path);
    }
}

void
ferry_file_pane_go_up (FerryFilePane *self)
{
  g_autofree char *parent = NULL;

  g_return_if_fail (FERRY_IS_FILE_PANE (self));
  if (self->path == NULL || g_strcmp0 (self->path, "/") == 0)
    return;

  if (self->kind == FERRY_FILE_PANE_LOCAL)
    parent = g_path_get_dirname (self->path);
  else
    parent = ferry_path_remote_parent (self->path);
  ferry_file_pane_set_path (self, parent);
}

void
ferry_file_pane_reload (FerryFilePane *self)
{
  g_return_if_fail (FERRY_IS_FILE_PANE (self));
  if (self->path != NULL)
    ferry_file_pane_set_path (self, self->path);
}

void
ferry_file_pane_set_remote_listing (FerryFilePane *self,
                                    const char    *path,
                                    GPtrArray     *entries)
{
  g_return_if_fail (FERRY_IS_FILE_PANE (self));
  g_return_if_fail (self->kind == FERRY_FILE_PANE_REMOTE);
  g_return_if_fail (path != NULL);

  /* Loading stays on until the rows show (view_changed_cb). */
  cancel_load (self);
  clear_batches (self);
  set_loading (self, TRUE);
  ferry_file_pane_load_remote (self, path, entries);
}

/* Enough rows to fill a screen, so that the first ones do not jump. */
#define FIRST_REMOTE_ROWS 500

gboolean
ferry_file_pane_add_remote_batch (FerryFilePane *self,
                                  const char    *path,
                                  GPtrArray     *entries,
                                  gboolean       first)
{
  g_return_val_if_fail (FERRY_IS_FILE_PANE (self), FALSE);
  g_return_val_if_fail (self->kind == FERRY_FILE_PANE_REMOTE, FALSE);
  g_return_val_if_fail (path != NULL && entries != NULL, FALSE);

  if (first)
    clear_batches (self);
  /* The first rows only: showing each part would sort the whole folder
   * again and again; the rest comes with the listing. */
  if (self->batch_shown)
    return FALSE;
  if (self->batches == NULL)
    self->batches = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  g_ptr_array_add (self->batches, g_ptr_array_ref (entries));
  self->n_batched += entries->len;
  if (self->n_batched < FIRST_REMOTE_ROWS)
    return TRUE;

  self->batch_shown = TRUE;
  cancel_load (self);
  set_loading (self, TRUE);
  ferry_file_pane_load_remote_batches (self, path, g_steal_pointer (&self->batches));
  return FALSE;
}

void
ferry_file_pane_load_failed (FerryFilePane *self)
{
  gboolean partial;

  g_return_if_fail (FERRY_IS_FILE_PANE (self));
  /* The first rows of the failed listing, shown or on their way. */
  partial = self->rows_partial || (self->rows_pending && !self->rows_final);
  cancel_load (self);
  clear_batches (self);
  if (partial)
    {
      ferry_file_pane_set_placeholder (self, "dialog-warning-symbolic", _("Cannot Open Folder"), NULL);
      g_clear_pointer (&self->pending_path, g_free);
      return;
    }
  g_clear_pointer (&self->pending_path, g_free);
  set_loading (self, FALSE);
  set_current_path (self, self->path);
}

void
ferry_file_pane_set_placeholder (FerryFilePane *self,
                                 const char    *icon_name,
                                 const char    *title,
                                 const char    *description)
{
  g_return_if_fail (FERRY_IS_FILE_PANE (self));

  if (title == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "files");
      return;
    }
  cancel_load (self);
  clear_batches (self);
  self->rows_partial = FALSE;
  ferry_file_list_set_items (self->list, g_ptr_array_new_with_free_func (g_object_unref));
  adw_status_page_set_icon_name (self->status_page, icon_name);
  adw_status_page_set_title (self->status_page, title);
  adw_status_page_set_description (self->status_page, description);
  gtk_stack_set_visible_child_name (self->stack, "placeholder");
  set_loading (self, FALSE);
  if (self->kind == FERRY_FILE_PANE_REMOTE)
    {
      g_clear_pointer (&self->path, g_free);
      set_current_path (self, NULL);
    }
  update_status (self);
}

void
ferry_file_pane_set_show_hidden (FerryFilePane *self,
                                 gboolean       show_hidden)
{
  g_return_if_fail (FERRY_IS_FILE_PANE (self));
  show_hidden = !!show_hidden;
  if (self->show_hidden == show_hidden)
    return;
  self->show_hidden = show_hidden;
  ferry_file_list_set_show_hidden (self->list, show_hidden);
}

GListModel *
ferry_file_pane_get_model (FerryFilePane *self)
{
  g_return_val_if_fail (FERRY_IS_FILE_PANE (self), NULL);
  return G_LIST_MODEL (self->selection);
}

GtkSelectionModel *
ferry_file_pane_get_selection_model (FerryFilePane *self)
{
  g_return_val_if_fail (FERRY_IS_FILE_PANE (self), NULL);
  return GTK_SELECTION_MODEL (self->selection);
}

GPtrArray *
ferry_file_pane_get_selected_items (FerryFilePane *self)
{
  g_autoptr(GtkBitset) selected = NULL;
  GtkBitsetIter iter;
  guint pos;
  GPtrArray *items;

  g_return_val_if_fail (FERRY_IS_FILE_PANE (self), NULL);

  items = g_ptr_array_new_with_free_func (g_object_unref);
  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  for (gboolean ok = gtk_bitset_iter_init_first (&iter, selected, &pos); ok;
       ok = gtk_bitset_iter_next (&iter, &pos))
    g_ptr_array_add (items, g_list_model_get_item (G_LIST_MODEL (self->selection), pos));
  return items;
}

gboolean
ferry_file_pane_select_name (FerryFilePane *self,
                             const char    *name)
{
  GListModel *model;

  g_return_val_if_fail (FERRY_IS_FILE_PANE (self), FALSE);
  model = G_LIST_MODEL (self->selection);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(FerryFileItem) item = g_list_model_get_item (model, i);
      if (g_strcmp0 (ferry_file_item_get_name (item), name) == 0)
        {
          gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), i, TRUE);
          return TRUE;
        }
    }
  return FALSE;
}

FerryFileItem *
ferry_file_pane_lookup (FerryFilePane *self,
                        const char    *path)
{
  GPtrArray *all;

  g_return_val_if_fail (FERRY_IS_FILE_PANE (self), NULL);
  all = ferry_file_list_get_all (self->list);
  for (guint i = 0; all != NULL && i < all->len; i++)
    {
      FerryFileItem *item = g_ptr_array_index (all, i);
      if (g_strcmp0 (ferry_file_item_get_path (item), path) == 0)
        return item;   /* the list keeps its own reference */
    }
  return NULL;
}

GtkWidget *
ferry_file_pane_get_column_view (FerryFilePane *self)
{
  g_return_val_if_fail (FERRY_IS_FILE_PANE (self), NULL);
  return GTK_WIDGET (self->column_view);
}

void
ferry_file_pane_focus_path_entry (FerryFilePane *self)
{
  g_return_if_fail (FERRY_IS_FILE_PANE (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->path_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->path_entry), 0, -1);
}

void
ferry_file_pane_focus_list (FerryFilePane *self)
{
  g_return_if_fail (FERRY_IS_FILE_PANE (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

/* --- keyboard ---------------------------------------------------------- */

static gboolean
has_focus_inside (GtkWidget *widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

static FerryFilePane *
other_pane (FerryFilePane *self)
{
  GtkWidget *parent = gtk_widget_get_parent (GTK_WIDGET (self));

  /* The panes are the two children of the window's GtkPaned. */
  for (GtkWidget *w = parent ? gtk_widget_get_first_child (parent) : NULL; w; w = gtk_widget_get_next_sibling (w))
    if (FERRY_IS_FILE_PANE (w) && w != GTK_WIDGET (self))
      return FERRY_FILE_PANE (w);
  return NULL;
}

/* F6, from anywhere in the window, cycles the focus between the two lists,
 * as in file managers: from the remote list or from outside both lists to
 * the local one, from the local list to the remote one.  Both panes hold
 * the global shortcut; exactly one of them takes each press. */
static gboolean
focus_cycle_cb (GtkWidget *widget,
                GVariant  *args,
                gpointer   user_data)
{
  FerryFilePane *self = FERRY_FILE_PANE (widget);
  FerryFilePane *other = other_pane (self);
  gboolean in_other = other != NULL && has_focus_inside (GTK_WIDGET (other));

  if (has_focus_inside (widget))
    return FALSE;
  if (self->kind == FERRY_FILE_PANE_REMOTE && !in_other)
    return FALSE;
  ferry_file_pane_focus_list (self);
  return TRUE;
}

/* Tabbing or F6 into a list with nothing selected selects its first row,
 * so that the keyboard user sees where they are and the actions apply. */
static void
list_focus_enter_cb (GtkEventControllerFocus *controller,
                     FerryFilePane           *self)
{
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));

  if (gtk_bitset_is_empty (selected) && g_list_model_get_n_items (G_LIST_MODEL (self->selection)) > 0)
    gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), 0, TRUE);
}

static void
keyboard_init (FerryFilePane *self)
{
  GtkEventController *shortcuts = gtk_shortcut_controller_new ();
  GtkEventController *focus = gtk_event_controller_focus_new ();

  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts), GTK_SHORTCUT_SCOPE_GLOBAL);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_F6, 0),
                                                          gtk_callback_action_new (focus_cycle_cb, NULL, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  g_signal_connect (focus, "enter", G_CALLBACK (list_focus_enter_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->column_view), focus);
}

/* --- template callbacks ------------------------------------------------ */

static void
path_entry_activate_cb (FerryFilePane *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->path_entry));

  if (*text == '\0')
    return;
  if (self->kind == FERRY_FILE_PANE_REMOTE && text[0] != '/' && self->path != NULL)
    {
      g_autofree char *joined = ferry_path_remote_join (self->path, text);
      ferry_file_pane_set_path (self, joined);
    }
  else
    ferry_file_pane_set_path (self, text);
}

static void
up_clicked_cb (FerryFilePane *self)
{
  ferry_file_pane_go_up (self);
}

static void
refresh_clicked_cb (FerryFilePane *self)
{
  ferry_file_pane_reload (self);
}

void
ferry_file_pane_activate_position (FerryFilePane *self,
                                   guint          position)
{
  g_autoptr(FerryFileItem) item = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

  if (item == NULL)
    return;
  if (ferry_file_item_get_is_dir (item) ||
      (self->kind == FERRY_FILE_PANE_LOCAL && ferry_file_item_get_entry_type (item) == FERRY_ENTRY_LINK &&
       g_file_test (ferry_file_item_get_path (item), G_FILE_TEST_IS_DIR)))
    ferry_file_pane_set_path (self, ferry_file_item_get_path (item));
  else
    g_signal_emit (self, ferry_file_pane_signals[FERRY_FILE_PANE_SIGNAL_ITEM_ACTIVATED], 0, item);
}

static void
column_view_activate_cb (FerryFilePane *self,
                         guint          position)
{
  ferry_file_pane_activate_position (self, position);
}

static void
pane_up_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  ferry_file_pane_go_up (FERRY_FILE_PANE (widget));
}

static void
pane_refresh_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  ferry_file_pane_reload (FERRY_FILE_PANE (widget));
}

/* --- columns ----------------------------------------------------------- */

/* The full name of a row, asked for when the pointer rests on it: setting
 * a tooltip at bind time costs X round trips per row bound.  None while
 * the context menu is open, where it would cover the menu's first item. */
static gboolean
name_query_tooltip_cb (GtkWidget     *label,
                       int            x,
                       int            y,
                       gboolean       keyboard_mode,
                       GtkTooltip    *tooltip,
                       FerryFilePane *self)
{
  const char *text = gtk_label_get_label (GTK_LABEL (label));

  if (text == NULL || *text == '\0' ||
      (self->context_menu != NULL && gtk_widget_get_visible (self->context_menu)))
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
name_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               FerryFilePane            *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *image = gtk_image_new ();
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_set_has_tooltip (label, TRUE);
  g_signal_connect (label, "query-tooltip", G_CALLBACK (name_query_tooltip_cb), self);
  gtk_box_append (GTK_BOX (box), image);
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_item_set_child (list_item, box);
  ferry_file_pane_dnd_init_cell (self, box, list_item);
}

static void
name_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              FerryFilePane            *self)
{
  FerryFileItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *image = gtk_widget_get_first_child (box);
  GtkWidget *label = gtk_widget_get_last_child (box);
  GIcon *icon = ferry_file_item_get_icon (item);

  /* Icons are shared per kind and extension: most rows keep the one they
   * had, and setting it again makes GtkImage look it up in the theme. */
  if (gtk_image_get_gicon (GTK_IMAGE (image)) != icon)
    gtk_image_set_from_gicon (GTK_IMAGE (image), icon);
  gtk_label_set_label (GTK_LABEL (label), ferry_file_item_get_display_name (item));
}

static void
label_setup (FerryFilePane *self,
             GtkListItem   *list_item,
             float          xalign)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  gtk_widget_add_css_class (label, "numeric");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_list_item_set_child (list_item, label);
  ferry_file_pane_dnd_init_cell (self, label, list_item);
}

static void
size_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               FerryFilePane            *self)
{
  label_setup (self, list_item, 1.0);
}

static void
size_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              FerryFilePane            *self)
{
  FerryFileItem *item = gtk_list_item_get_item (list_item);
  g_autofree char *text = NULL;

  if (ferry_file_item_get_is_dir (item))
    text = g_strdup ("");
  else
    text = ferry_format_size (ferry_file_item_get_size (item));
  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (list_item)), text);
}

static void
text_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               FerryFilePane            *self)
{
  label_setup (self, list_item, 0.0);
}

static void
modified_bind_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  FerryFilePane            *self)
{
  FerryFileItem *item = gtk_list_item_get_item (list_item);
  g_autoptr(GDateTime) mtime = ferry_file_item_dup_mtime (item);
  g_autofree char *text = ferry_format_datetime (mtime);

  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (list_item)), text);
}

static void
permissions_bind_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *list_item,
                     FerryFilePane            *self)
{
  FerryFileItem *item = gtk_list_item_get_item (list_item);
  const char *perms = ferry_file_item_get_permissions (item);

  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (list_item)), perms ? perms : "");
}

static void set_factory (FerryFilePane *self, GtkColumnViewColumn *column, GCallback setup, GCallback bind);

static void
permissions_visible_cb (GtkColumnViewColumn *column,
                        GParamSpec          *pspec,
                        FerryFilePane       *self)
{
  if (!gtk_column_view_column_get_visible (column))
    gtk_column_view_column_set_factory (column, NULL);
  else if (gtk_column_view_column_get_factory (column) == NULL)
    set_factory (self, column, G_CALLBACK (text_setup_cb), G_CALLBACK (permissions_bind_cb));
}

static void
set_factory (FerryFilePane       *self,
             GtkColumnViewColumn *column,
             GCallback            setup,
             GCallback            bind)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", setup, self);
  g_signal_connect (factory, "bind", bind, self);
  gtk_column_view_column_set_factory (column, factory);
  g_object_unref (factory);
}

/* --- sorting and filtering --------------------------------------------- */

/* A header was clicked: the list sorts in its thread. */
static void
sorter_changed_cb (GtkSorter       *sorter,
                   GtkSorterChange  change,
                   FerryFilePane   *self)
{
  FerryFileSortColumn column = FERRY_FILE_SORT_NAME;
  gboolean descending = FALSE;

  ferry_file_sorter_get_primary (sorter, &column, &descending);
  ferry_file_list_set_sort (self->list, column, descending);
}

static void
set_sorter (GtkColumnViewColumn *column,
            FerryFileSortColumn  sort_column)
{
  g_autoptr(GtkSorter) sorter = ferry_file_sorter_new (sort_column);

  gtk_column_view_column_set_sorter (column, sorter);
}

static void
setup_model (FerryFilePane *self)
{
  self->list = ferry_file_list_new ();
  g_signal_connect (self->list, "view-changed", G_CALLBACK (view_changed_cb), self);

  set_sorter (self->name_column, FERRY_FILE_SORT_NAME);
  set_sorter (self->size_column, FERRY_FILE_SORT_SIZE);
  set_sorter (self->modified_column, FERRY_FILE_SORT_MODIFIED);
  set_sorter (self->permissions_column, FERRY_FILE_SORT_PERMISSIONS);
  g_signal_connect (gtk_column_view_get_sorter (self->column_view), "changed",
                    G_CALLBACK (sorter_changed_cb), self);

  self->selection = gtk_multi_selection_new (g_object_ref (G_LIST_MODEL (self->list)));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  gtk_column_view_sort_by_column (self->column_view, self->name_column, GTK_SORT_ASCENDING);

  g_signal_connect_swapped (self->selection, "selection-changed", G_CALLBACK (update_status), self);
  g_signal_connect_swapped (self->selection, "items-changed", G_CALLBACK (update_status), self);

  set_factory (self, self->name_column, G_CALLBACK (name_setup_cb), G_CALLBACK (name_bind_cb));
  set_factory (self, self->size_column, G_CALLBACK (size_setup_cb), G_CALLBACK (size_bind_cb));
  set_factory (self, self->modified_column, G_CALLBACK (text_setup_cb), G_CALLBACK (modified_bind_cb));
  /* Hidden by default: a factory would still make a cell per row (GTK 4.8
   * makes cells for hidden columns), on every re-sort. */
  g_signal_connect (self->permissions_column, "notify::visible",
                    G_CALLBACK (permissions_visible_cb), self);
}

/* --- GObject ----------------------------------------------------------- */

static void
ferry_file_pane_constructed (GObject *object)
{
  FerryFilePane *self = FERRY_FILE_PANE (object);
  gboolean local = self->kind == FERRY_FILE_PANE_LOCAL;

  G_OBJECT_CLASS (ferry_file_pane_parent_class)->constructed (object);

  gtk_image_set_from_icon_name (self->kind_icon, local ? "computer-symbolic" : "network-server-symbolic");
  gtk_label_set_label (self->title_label, local ? _("Local") : _("Remote"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->column_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  local ? _("Local files") : _("Remote files"),
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->path_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  local ? _("Local folder") : _("Remote folder"),
                                  -1);
  gtk_widget_add_css_class (GTK_WIDGET (self), local ? "local" : "remote");
  ferry_file_pane_dnd_init_target (self);
  /* Here, not in init: the menu's wording depends on the kind. */
  ferry_file_pane_menu_init (self);

  if (!local)
    ferry_file_pane_set_placeholder (self, "network-server-symbolic", _("Not Connected"),
                                     _("Enter a server above and press Connect"));
}

static void
ferry_file_pane_dispose (GObject *object)
{
  FerryFilePane *self = FERRY_FILE_PANE (object);
  GtkWidget *child;

  g_cancellable_cancel (self->load_cancellable);
  clear_batches (self);
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  if (self->column_view != NULL)
    g_signal_handlers_disconnect_by_data (gtk_column_view_get_sorter (self->column_view), self);
  ferry_file_pane_menu_dispose (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), FERRY_TYPE_FILE_PANE);
  /* dispose_template only unparents bound children; the template's
   * root child is not one. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  if (self->list != NULL)
    g_signal_handlers_disconnect_by_data (self->list, self);
  g_clear_object (&self->selection);
  g_clear_object (&self->list);

  G_OBJECT_CLASS (ferry_file_pane_parent_class)->dispose (object);
}

static void
ferry_file_pane_finalize (GObject *object)
{
  FerryFilePane *self = FERRY_FILE_PANE (object);

  g_clear_object (&self->load_cancellable);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->rows_path, g_free);
  g_clear_pointer (&self->pending_path, g_free);

  G_OBJECT_CLASS (ferry_file_pane_parent_class)->finalize (object);
}

static void
ferry_file_pane_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  FerryFilePane *self = FERRY_FILE_PANE (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_int (value, self->kind);
      break;
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_file_pane_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  FerryFilePane *self = FERRY_FILE_PANE (object);

  switch (prop_id)
    {
    case PROP_KIND:
      self->kind = g_value_get_int (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_file_pane_class_init (FerryFilePaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ferry_file_pane_constructed;
  object_class->dispose = ferry_file_pane_dispose;
  object_class->finalize = ferry_file_pane_finalize;
  object_class->get_property = ferry_file_pane_get_property;
  object_class->set_property = ferry_file_pane_set_property;

  properties[PROP_KIND] =
    g_param_spec_int ("kind", NULL, NULL, FERRY_FILE_PANE_LOCAL, FERRY_FILE_PANE_REMOTE,
                      FERRY_FILE_PANE_LOCAL,
                      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  ferry_file_pane_signals[FERRY_FILE_PANE_SIGNAL_LOAD_REQUEST] =
    g_signal_new ("load-request", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  ferry_file_pane_signals[FERRY_FILE_PANE_SIGNAL_ITEM_ACTIVATED] =
    g_signal_new ("item-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, FERRY_TYPE_FILE_ITEM);
  ferry_file_pane_signals[FERRY_FILE_PANE_SIGNAL_REMOTE_DROPPED] =
    g_signal_new ("remote-dropped", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRV);
  ferry_file_pane_signals[FERRY_FILE_PANE_SIGNAL_FILES_DROPPED] =
    g_signal_new ("files-dropped", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_PTR_ARRAY);
  ferry_file_pane_signals[FERRY_FILE_PANE_SIGNAL_FILE_ACTION] =
    g_signal_new ("file-action", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ferryftp/Ferry/ferry-file-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, FerryFilePane, kind_icon);
  gtk_widget_class_bind_template_child (widget_class, FerryFilePane, title_label);
  gtk_widget_class_bind_template_child (widget_class, FerryFilePane, up_button);
  gtk_widget_class_bind_template_child (widget_class, FerryFilePane, path_entry);
  gtk_widget_class_bind_template_child (widget_class, FerryFilePane, refresh_button);
  gtk_widget_class_bind_template_child (widget_class, FerryFilePane, spinner);
  gtk_widget_class_bind_template_child (widget_class, FerryFilePane, stack);
  gtk_widget_class_bind_template_child (widget_class, FerryFilePane, column_view);
  gtk_widget_class_bind_template_child (widget_class, FerryFilePane, name_column);
  gtk_widget_class_bind_template_child (widget_class, FerryFilePane, size_column);
  gtk_widget_class_bind_template_child (widget_class, FerryFilePane, modified_column);
  gtk_widget_class_bind_template_child (widget_class, FerryFilePane, permissions_column);
  gtk_widget_class_bind_template_child (widget_class, FerryFilePane, status_page);
  gtk_widget_class_bind_template_child (widget_class, FerryFilePane, status_label);
  gtk_widget_class_bind_template_callback (widget_class, path_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, up_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, refresh_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, column_view_activate_cb);

  gtk_widget_class_install_action (widget_class, "pane.up", NULL, pane_up_action);
  gtk_widget_class_install_action (widget_class, "pane.refresh", NULL, pane_refresh_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_BackSpace, 0, "pane.up", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, GDK_ALT_MASK, "pane.up", NULL);
  ferry_file_pane_menu_class_init (widget_class);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "ferryfilepane");
}

static void
ferry_file_pane_init (FerryFilePane *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  setup_model (self);
  keyboard_init (self);
}

GtkWidget *
ferry_file_pane_new (FerryFilePaneKind kind)
{
  return g_object_new (FERRY_TYPE_FILE_PANE, "kind", kind, NULL);
}
