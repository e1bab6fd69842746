/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ferry-file-pane-private.h"

/*
 * The pane's context menu and its file actions.  The pane knows which
 * rows are meant; what an action does (GIO for a local pane, worker jobs
 * for a remote one, the dialogs) is the window's business, told through
 * ::file-action.
 */

#define LIST_ITEM_KEY "ferry-list-item"

static GMenuModel *
build_menu (FerryFilePane *self)
{
  GMenu *menu = g_menu_new ();
  g_autoptr(GMenu) open = g_menu_new ();
  g_autoptr(GMenu) edit = g_menu_new ();
  g_autoptr(GMenu) view = g_menu_new ();

  g_menu_append (open, _("_Open"), "pane.open");
  g_menu_append (open, self->kind == FERRY_FILE_PANE_LOCAL ? _("_Upload") : _("_Download"),
                 "pane.transfer");
  g_menu_append (edit, _("Re_name…"), "pane.rename");
  g_menu_append (edit, _("_Delete"), "pane.delete");
  g_menu_append (edit, _("New _Folder…"), "pane.new-folder");
  g_menu_append (view, _("_Refresh"), "pane.refresh");
  g_menu_append (view, _("_Properties"), "pane.properties");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (open));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (edit));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (view));
  return G_MENU_MODEL (menu);
}

static guint
n_selected (FerryFilePane *self)
{
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));

  return (guint) gtk_bitset_get_size (selected);
}

/* Actions that need rows are off without them; all are off while a
 * remote pane shows no folder (not connected). */
void
ferry_file_pane_update_actions (FerryFilePane *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean live = self->path != NULL;
  guint n = live ? n_selected (self) : 0;

  gtk_widget_action_set_enabled (widget, "pane.open", n == 1);
  gtk_widget_action_set_enabled (widget, "pane.transfer", n > 0);
  gtk_widget_action_set_enabled (widget, "pane.rename", n == 1);
  gtk_widget_action_set_enabled (widget, "pane.delete", n > 0);
  gtk_widget_action_set_enabled (widget, "pane.properties", n == 1);
  gtk_widget_action_set_enabled (widget, "pane.new-folder", live);
  gtk_widget_action_set_enabled (widget, "pane.refresh", live);
}

static void
popup_at (FerryFilePane *self,
          double         x,
          double         y)
{
  GdkRectangle rect = { (int) x, (int) y, 1, 1 };

  ferry_file_pane_update_actions (self);
  gtk_popover_set_pointing_to (GTK_POPOVER (self->context_menu), &rect);
  gtk_popover_popup (GTK_POPOVER (self->context_menu));
}

/* The first cell on screen of a selected row, if any. */
static GtkWidget *
find_selected_cell (GtkWidget *widget)
{
  GtkListItem *list_item = g_object_get_data (G_OBJECT (widget), LIST_ITEM_KEY);

  if (list_item != NULL && gtk_widget_get_mapped (widget) &&
      gtk_list_item_get_item (list_item) != NULL && gtk_list_item_get_selected (list_item))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_selected_cell (child);
      if (found != NULL)
        return found;
    }
  return NULL;
}

void
ferry_file_pane_popup_menu (FerryFilePane *self)
{
  GtkWidget *view = GTK_WIDGET (self->column_view);
  GtkWidget *cell;
  graphene_point_t point = GRAPHENE_POINT_INIT (24, 24);
  graphene_point_t out;

  g_return_if_fail (FERRY_IS_FILE_PANE (self));
  /* From the keyboard: under the selected row, else near the top of the
   * list, where the eye is. */
  cell = find_selected_cell (view);
  /* A row not laid out yet has no place to point at. */
  if (cell != NULL && gtk_widget_get_height (cell) > 0)
    {
      point = GRAPHENE_POINT_INIT (24, gtk_widget_get_height (cell));
      if (gtk_widget_compute_point (cell, GTK_WIDGET (self), &point, &out))
        {
          popup_at (self, out.x, out.y);
          return;
        }
      point = GRAPHENE_POINT_INIT (24, 24);
    }
  if (!gtk_widget_compute_point (view, GTK_WIDGET (self), &point, &out))
    out = point;
  popup_at (self, out.x, out.y);
}

GtkPopover *
ferry_file_pane_get_context_menu (FerryFilePane *self)
{
  g_return_val_if_fail (FERRY_IS_FILE_PANE (self), NULL);
  return GTK_POPOVER (self->context_menu);
}

static void
right_click_cb (GtkGestureClick *gesture,
                int              n_press,
                double           x,
                double           y,
                FerryFilePane   *self)
{
  GtkWidget *view = GTK_WIDGET (self->column_view);
  GtkWidget *picked = gtk_widget_pick (view, x, y, GTK_PICK_DEFAULT);
  GtkListItem *list_item = NULL;
  graphene_point_t point = GRAPHENE_POINT_INIT ((float) x, (float) y);
  graphene_point_t out;

  for (GtkWidget *w = picked; w != NULL && w != view && list_item == NULL; w = gtk_widget_get_parent (w))
    list_item = g_object_get_data (G_OBJECT (w), LIST_ITEM_KEY);

  /* A click on a row outside the selection means that row alone, like
   * in every file manager; on empty space, nothing. */
  if (list_item != NULL && gtk_list_item_get_item (list_item) != NULL)
    {
      if (!gtk_list_item_get_selected (list_item))
        gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection),
                                         gtk_list_item_get_position (list_item), TRUE);
    }
  else
    gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (self->selection));

  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  if (!gtk_widget_compute_point (view, GTK_WIDGET (self), &point, &out))
    out = point;
  popup_at (self, out.x, out.y);
}

static void
emit_file_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  FerryFilePane *self = FERRY_FILE_PANE (widget);
  const char *dot = strchr (action_name, '.');

  g_signal_emit (self, ferry_file_pane_signals[FERRY_FILE_PANE_SIGNAL_FILE_ACTION], 0,
                 dot ? dot + 1 : action_name);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  FerryFilePane *self = FERRY_FILE_PANE (widget);
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));

  if (gtk_bitset_get_size (selected) == 1)
    ferry_file_pane_activate_position (self, gtk_bitset_get_nth (selected, 0));
}

static void
show_menu_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  ferry_file_pane_popup_menu (FERRY_FILE_PANE (widget));
}

void
ferry_file_pane_menu_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "pane.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "pane.transfer", NULL, emit_file_action);
  gtk_widget_class_install_action (widget_class, "pane.rename", NULL, emit_file_action);
  gtk_widget_class_install_action (widget_class, "pane.delete", NULL, emit_file_action);
  gtk_widget_class_install_action (widget_class, "pane.new-folder", NULL, emit_file_action);
  gtk_widget_class_install_action (widget_class, "pane.properties", NULL, emit_file_action);
  gtk_widget_class_install_action (widget_class, "pane.show-menu", NULL, show_menu_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F2, 0, "pane.rename", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "pane.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "pane.new-folder", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "pane.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_ALT_MASK, "pane.properties", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Menu, 0, "pane.show-menu", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK, "pane.show-menu", NULL);
}

void
ferry_file_pane_menu_init (FerryFilePane *self)
{
  g_autoptr(GMenuModel) model = build_menu (self);
  GtkGesture *click = gtk_gesture_click_new ();

  self->context_menu = gtk_popover_menu_new_from_model (model);
  gtk_popover_set_has_arrow (GTK_POPOVER (self->context_menu), FALSE);
  gtk_widget_set_halign (self->context_menu, GTK_ALIGN_START);
  gtk_widget_set_parent (self->context_menu, GTK_WIDGET (self));

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
  g_signal_connect (click, "pressed", G_CALLBACK (right_click_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->column_view), GTK_EVENT_CONTROLLER (click));

  g_signal_connect_swapped (self->selection, "selection-changed",
                            G_CALLBACK (ferry_file_pane_update_actions), self);
  g_signal_connect_swapped (self->selection, "items-changed",
                            G_CALLBACK (ferry_file_pane_update_actions), self);
  ferry_file_pane_update_actions (self);
}

void
ferry_file_pane_menu_dispose (FerryFilePane *self)
{
  g_clear_pointer (&self->context_menu, gtk_widget_unparent);
}
