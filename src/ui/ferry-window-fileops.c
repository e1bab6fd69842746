/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ferry-path.h"
#include "ferry-properties-dialog.h"
#include "ferry-window-private.h"

/*
 * File operations from the panes' pane.* actions: rename, new folder,
 * delete (remote folders recursively, local files to the trash) and
 * properties with a permission editor.  Local ones go through GIO,
 * asynchronously; remote ones are FerryConnection operations (the
 * recursive delete included), run by its browsing worker in order, so
 * that they queue behind the listing the user is looking at.
 */

#define MAX_NAMED_ITEMS 5

static gboolean
is_remote (FerryWindow   *self,
           FerryFilePane *pane)
{
  return pane == self->remote_pane;
}

static void
reload_pane (FerryWindow   *self,
             FerryFilePane *pane)
{
  if (!is_remote (self, pane) || self->connected)
    ferry_file_pane_reload (pane);
}

static gboolean
valid_name (const char *name)
{
  return name != NULL && *name != '\0' && strchr (name, '/') == NULL &&
         strcmp (name, ".") != 0 && strcmp (name, "..") != 0 &&
         strpbrk (name, "\r\n") == NULL;
}

/* --- remote jobs with one outcome ------------------------------------- */

typedef struct
{
  FerryFilePane *pane;
  char          *failure;     /* "Could not rename “a”" */
} SimpleOp;

static void
simple_op_free (gpointer data)
{
  SimpleOp *op = data;

  g_free (op->failure);
  g_free (op);
}

/* Rename and mkdir finish alike (FALSE and the error on failure). */
typedef gboolean (*ConnectionFinish) (FerryConnection *connection,
                                      GAsyncResult    *result,
                                      GError         **error);

static void
simple_op_done (FerryWindow  *self,
                GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  SimpleOp *op = data;
  g_autoptr(GError) error = NULL;
  ConnectionFinish finish = g_task_get_source_tag (G_TASK (result)) == ferry_connection_rename_async
                            ? ferry_connection_rename_finish : ferry_connection_mkdir_finish;

  if (!finish (FERRY_CONNECTION (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    ferry_window_report_error (self, op->failure, error);
  reload_pane (self, op->pane);
}

static gpointer
simple_op (FerryWindow   *self,
           FerryFilePane *pane,
           char          *failure)
{
  SimpleOp *op = g_new0 (SimpleOp, 1);

  op->pane = pane;
  op->failure = failure;
  return ferry_window_op (self, simple_op_done, op, simple_op_free);
}

/* --- local jobs with one outcome -------------------------------------- */

typedef struct
{
  FerryWindow   *self;        /* owned ref */
  FerryFilePane *pane;
  char          *failure;
} LocalOp;

static LocalOp *
local_op_new (FerryWindow   *self,
              FerryFilePane *pane,
              char          *failure)
{
  LocalOp *op = g_new0 (LocalOp, 1);

  op->self = g_object_ref (self);
  op->pane = pane;
  op->failure = failure;
  return op;
}

static void
local_op_finish (LocalOp      *op,
                 const GError *error)
{
  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    ferry_window_report_error (op->self, op->failure, error);
  ferry_file_pane_reload (op->pane);
  g_object_unref (op->self);
  g_free (op->failure);
  g_free (op);
}

static void
local_rename_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) renamed = g_file_set_display_name_finish (G_FILE (source), result, &error);

  local_op_finish (data, error);
}

static void
local_mkdir_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  g_autoptr(GError) error = NULL;

  g_file_make_directory_finish (G_FILE (source), result, &error);
  local_op_finish (data, error);
}

/* --- asking for a name ------------------------------------------------- */

typedef struct
{
  FerryWindow   *self;
  FerryFilePane *pane;
  FerryFileItem *item;        /* owned; NULL: a new folder */
  GtkEntry      *entry;       /* owned ref */
} NameRequest;

static void
name_request_free (NameRequest *req)
{
  g_clear_object (&req->item);
  g_clear_object (&req->entry);
  g_free (req);
}

static void
do_rename (FerryWindow   *self,
           FerryFilePane *pane,
           FerryFileItem *item,
           const char    *name)
{
  /* Translators: the start of an error message, e.g. "Could not rename “a.txt”: Permission denied" */
  char *failure = g_strdup_printf (_("Could not rename “%s”"), ferry_file_item_get_display_name (item));

  if (is_remote (self, pane))
    {
      const char *from = ferry_file_item_get_path (item);
      g_autofree char *dir = ferry_path_remote_parent (from);
      g_autofree char *to = ferry_path_remote_join (dir, name);

      ferry_connection_rename_async (self->connection, from, to, NULL, ferry_window_op_cb,
                                     simple_op (self, pane, failure));
    }
  else
    g_file_set_display_name_async (ferry_file_item_get_file (item), name, G_PRIORITY_DEFAULT, NULL,
                                   local_rename_cb, local_op_new (self, pane, failure));
}

static void
do_mkdir (FerryWindow   *self,
          FerryFilePane *pane,
          const char    *name)
{
  const char *dir = ferry_file_pane_get_path (pane);
  /* Translators: the start of an error message */
  char *failure = g_strdup_printf (_("Could not create the folder “%s”"), name);

  if (is_remote (self, pane))
    {
      g_autofree char *path = ferry_path_remote_join (dir, name);

      ferry_connection_mkdir_async (self->connection, path, NULL, ferry_window_op_cb,
                                    simple_op (self, pane, failure));
    }
  else
    {
      g_autoptr(GFile) parent = g_file_new_for_path (dir);
      g_autoptr(GFile) child = g_file_get_child_for_display_name (parent, name, NULL);

      if (child == NULL)
        child = g_file_get_child (parent, name);
      g_file_make_directory_async (child, G_PRIORITY_DEFAULT, NULL,
                                   local_mkdir_cb, local_op_new (self, pane, failure));
    }
}

static void
name_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  NameRequest      *req)
{
  const char *name = gtk_editable_get_text (GTK_EDITABLE (req->entry));

  if (g_str_equal (response, "ok") && valid_name (name) &&
      (!is_remote (req->self, req->pane) || req->self->connection != NULL))
    {
      if (req->item != NULL)
        {
          if (g_strcmp0 (name, ferry_file_item_get_display_name (req->item)) != 0)
            do_rename (req->self, req->pane, req->item, name);
        }
      else
        do_mkdir (req->self, req->pane, name);
    }
  name_request_free (req);
}

static void
name_changed_cb (GtkEditable      *entry,
                 AdwMessageDialog *dialog)
{
  adw_message_dialog_set_response_enabled (dialog, "ok", valid_name (gtk_editable_get_text (entry)));
}

static void
name_activate_cb (GtkEntry         *entry,
                  AdwMessageDialog *dialog)
{
  if (adw_message_dialog_get_response_enabled (dialog, "ok"))
    adw_message_dialog_response (dialog, "ok");
}

static void
ask_name (FerryWindow   *self,
          FerryFilePane *pane,
          FerryFileItem *item)
{
  NameRequest *req = g_new0 (NameRequest, 1);
  AdwMessageDialog *dialog;
  const char *initial = item ? ferry_file_item_get_display_name (item) : _("New Folder");
  g_autofree char *heading = item ? g_strdup_printf (_("Rename “%s”"), initial)
                                  : g_strdup (_("New Folder"));
  const char *dot;

  req->self = self;
  req->pane = pane;
  req->item = item ? g_object_ref (item) : NULL;
  req->entry = g_object_ref_sink (GTK_ENTRY (gtk_entry_new ()));
  gtk_editable_set_text (GTK_EDITABLE (req->entry), initial);
  gtk_accessible_update_property (GTK_ACCESSIBLE (req->entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Name"), -1);

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading, NULL));
  adw_message_dialog_set_extra_child (dialog, GTK_WIDGET (req->entry));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "ok", item ? _("_Rename") : _("C_reate"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "ok", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "ok");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect (req->entry, "changed", G_CALLBACK (name_changed_cb), dialog);
  g_signal_connect (req->entry, "activate", G_CALLBACK (name_activate_cb), dialog);
  g_signal_connect (dialog, "response", G_CALLBACK (name_response_cb), req);
  gtk_window_present (GTK_WINDOW (dialog));

  /* Like file managers: the name without its extension is selected. */
  gtk_widget_grab_focus (GTK_WIDGET (req->entry));
  dot = item && !ferry_file_item_get_is_dir (item) ? strrchr (initial, '.') : NULL;
  gtk_editable_select_region (GTK_EDITABLE (req->entry), 0,
                              dot && dot != initial ? (int) g_utf8_pointer_to_offset (initial, dot) : -1);
}

/* --- remote delete: FerryConnection's, recursive ----------------------- */

static void
remote_deleted (FerryWindow  *self,
                GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  g_autoptr(GError) error = NULL;

  if (!ferry_connection_delete_finish (FERRY_CONNECTION (source), result, NULL, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    ferry_window_report_error (self, _("Could not delete"), error);
  reload_pane (self, self->remote_pane);
}

static void
remote_delete (FerryWindow *self,
               GPtrArray   *items)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new ();
  g_autoptr(GPtrArray) folders = g_ptr_array_new ();

  for (guint i = 0; i < items->len; i++)
    {
      FerryFileItem *item = g_ptr_array_index (items, i);
      const char *path = ferry_file_item_get_path (item);

      /* Links are removed, never followed. */
      g_ptr_array_add (ferry_file_item_get_entry_type (item) == FERRY_ENTRY_DIR ? folders : files,
                       (gpointer) path);
    }
  g_ptr_array_add (files, NULL);
  g_ptr_array_add (folders, NULL);
  ferry_connection_delete_async (self->connection, (const char * const *) files->pdata,
                                 (const char * const *) folders->pdata, NULL, ferry_window_op_cb,
                                 ferry_window_op (self, remote_deleted, NULL, NULL));
}

/* --- local delete: trash, else (asked) for good ----------------------- */

typedef struct
{
  FerryWindow *self;          /* owned ref */
  GPtrArray   *untrashable;   /* GFile* the trash refused */
  GError      *error;
  guint        outstanding;
} LocalDelete;

static void
local_delete_free (LocalDelete *op)
{
  g_object_unref (op->self);
  g_ptr_array_unref (op->untrashable);
  g_clear_error (&op->error);
  g_free (op);
}

static gboolean
delete_recursive (GFile         *file,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autoptr(GFileEnumerator) children = NULL;

  /* Links are removed, never followed. */
  if (g_file_query_file_type (file, G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, cancellable) == G_FILE_TYPE_DIRECTORY)
    {
      children = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                            G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, cancellable, error);
      if (children == NULL)
        return FALSE;
      for (;;)
        {
          GFile *child = NULL;

          if (!g_file_enumerator_iterate (children, NULL, &child, cancellable, error))
            return FALSE;
          if (child == NULL)
            break;
          if (!delete_recursive (child, cancellable, error))
            return FALSE;
        }
    }
  return g_file_delete (file, cancellable, error);
}

static void
delete_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  GPtrArray *files = data;
  GError *error = NULL;

  for (guint i = 0; i < files->len; i++)
    if (!delete_recursive (g_ptr_array_index (files, i), cancellable, &error))
      {
        g_task_return_error (task, error);
        return;
      }
  g_task_return_boolean (task, TRUE);
}

static void
delete_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  FerryWindow *self = FERRY_WINDOW (source);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    ferry_window_report_error (self, _("Could not delete"), error);
  ferry_file_pane_reload (self->local_pane);
}

static void
delete_for_good (FerryWindow *self,
                 GPtrArray   *files)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, delete_done_cb, NULL);

  g_task_set_task_data (task, g_ptr_array_ref (files), (GDestroyNotify) g_ptr_array_unref);
  g_task_run_in_thread (task, delete_thread);
}

static void
for_good_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      LocalDelete      *op)
{
  if (g_str_equal (response, "delete"))
    delete_for_good (op->self, op->untrashable);
  local_delete_free (op);
}

static void
local_delete_maybe_done (LocalDelete *op)
{
  AdwMessageDialog *dialog;

  if (op->outstanding > 0)
    return;
  ferry_file_pane_reload (op->self->local_pane);
  if (op->error != NULL)
    ferry_window_report_error (op->self, _("Could not move to the trash"), op->error);
  if (op->untrashable->len == 0)
    {
      local_delete_free (op);
      return;
    }

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (op->self),
                                                       _("Delete Permanently?"),
                                                       ngettext ("This item cannot be moved to the trash. "
                                                                 "Deleting it permanently cannot be undone.",
                                                                 "These items cannot be moved to the trash. "
                                                                 "Deleting them permanently cannot be undone.",
                                                                 op->untrashable->len)));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "delete", _("_Delete Permanently"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (for_good_response_cb), op);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
trash_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  LocalDelete *op = data;
  g_autoptr(GError) error = NULL;

  op->outstanding--;
  if (!g_file_trash_finish (G_FILE (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED))
        g_ptr_array_add (op->untrashable, g_object_ref (source));
      else if (op->error == NULL)
        op->error = g_steal_pointer (&error);
    }
  local_delete_maybe_done (op);
}

static void
local_delete (FerryWindow *self,
              GPtrArray   *items)
{
  LocalDelete *op = g_new0 (LocalDelete, 1);

  op->self = g_object_ref (self);
  op->untrashable = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < items->len; i++)
    {
      GFile *file = ferry_file_item_get_file (g_ptr_array_index (items, i));

      if (file == NULL)
        continue;
      op->outstanding++;
      g_file_trash_async (file, G_PRIORITY_DEFAULT, NULL, trash_cb, op);
    }
  if (op->outstanding == 0)
    local_delete_free (op);
}

/* --- delete: confirmation ---------------------------------------------- */

typedef struct
{
  FerryWindow   *self;
  FerryFilePane *pane;
  GPtrArray     *items;
} DeleteRequest;

static void
delete_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    DeleteRequest    *req)
{
  if (g_str_equal (response, "delete"))
    {
      if (!is_remote (req->self, req->pane))
        local_delete (req->self, req->items);
      else if (req->self->connection != NULL && req->self->connected)
        remote_delete (req->self, req->items);
    }
  g_ptr_array_unref (req->items);
  g_free (req);
}

static void
confirm_delete (FerryWindow   *self,
                FerryFilePane *pane,
                GPtrArray     *items)
{
  DeleteRequest *req;
  AdwMessageDialog *dialog;
  g_autofree char *heading = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  gboolean remote = is_remote (self, pane);
  guint folders = 0;

  if (items->len == 0)
    return;
  for (guint i = 0; i < items->len; i++)
    {
      FerryFileItem *item = g_ptr_array_index (items, i);

      folders += ferry_file_item_get_is_dir (item);
      if (i < MAX_NAMED_ITEMS)
        g_string_append_printf (body, "%s%s%s", i ? "\n" : "", ferry_file_item_get_display_name (item),
                                ferry_file_item_get_is_dir (item) ? "/" : "");
    }
  if (items->len > MAX_NAMED_ITEMS)
    {
      guint more = items->len - MAX_NAMED_ITEMS;
      /* Translators: after a list of names */
      g_autofree char *tail = g_strdup_printf (ngettext ("…and %u more", "…and %u more", more), more);

      g_string_append_printf (body, "\n%s", tail);
    }
  g_string_append (body, "\n\n");
  if (remote)
    g_string_append (body, folders > 0
                     ? _("Folders are deleted with everything in them. This cannot be undone.")
                     : _("This cannot be undone."));
  else
    g_string_append (body, _("Items are moved to the trash where the file system has one."));

  if (items->len == 1)
    heading = g_strdup_printf (_("Delete “%s”?"),
                               ferry_file_item_get_display_name (g_ptr_array_index (items, 0)));
  else
    heading = g_strdup_printf (ngettext ("Delete %u Item?", "Delete %u Items?", items->len), items->len);

  req = g_new0 (DeleteRequest, 1);
  req->self = self;
  req->pane = pane;
  req->items = g_ptr_array_ref (items);

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading, body->str));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "delete", _("_Delete"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (delete_response_cb), req);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* --- properties -------------------------------------------------------- */

typedef struct
{
  FerryPropertiesDialog *dialog;   /* weak */
  FerryFilePane         *pane;
} ChmodOp;

static void
chmod_op_free (gpointer data)
{
  ChmodOp *op = data;

  g_clear_weak_pointer (&op->dialog);
  g_free (op);
}

static void
chmod_done (FerryWindow  *self,
            GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  ChmodOp *op = data;
  g_autoptr(GError) error = NULL;

  if (ferry_connection_chmod_finish (FERRY_CONNECTION (source), result, &error))
    {
      if (op->dialog != NULL)
        gtk_window_destroy (GTK_WINDOW (op->dialog));
      reload_pane (self, op->pane);
      return;
    }
  ferry_window_report_error (self, _("Could not change the permissions"), error);
  if (op->dialog != NULL)
    {
      g_autofree char *text = ferry_window_error_text (error);
      ferry_properties_dialog_set_error (op->dialog, text);
    }
}

static void
properties_apply_cb (FerryPropertiesDialog *dialog,
                     guint                  mode,
                     FerryWindow           *self)
{
  FerryFileItem *item = ferry_properties_dialog_get_item (dialog);
  FerryFilePane *pane = g_object_get_data (G_OBJECT (dialog), "ferry-pane");

  if (is_remote (self, pane))
    {
      ChmodOp *op;

      if (self->connection == NULL || !self->connected)
        {
          ferry_properties_dialog_set_error (dialog, _("Not connected"));
          return;
        }
      op = g_new0 (ChmodOp, 1);
      g_set_weak_pointer (&op->dialog, dialog);
      op->pane = pane;
      ferry_connection_chmod_async (self->connection, ferry_file_item_get_path (item), mode, NULL,
                                    ferry_window_op_cb, ferry_window_op (self, chmod_done, op, chmod_op_free));
    }
  else
    {
      g_autoptr(GError) error = NULL;

      /* One chmod(2): not worth a thread. */
      if (!g_file_set_attribute_uint32 (ferry_file_item_get_file (item), G_FILE_ATTRIBUTE_UNIX_MODE, mode,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, &error))
        {
          ferry_properties_dialog_set_error (dialog, error->message);
          return;
        }
      gtk_window_destroy (GTK_WINDOW (dialog));
      ferry_file_pane_reload (pane);
    }
}

static void
show_properties (FerryWindow   *self,
                 FerryFilePane *pane,
                 FerryFileItem *item)
{
  FerryPropertiesDialog *dialog = ferry_properties_dialog_new (GTK_WINDOW (self), item);

  g_object_set_data (G_OBJECT (dialog), "ferry-pane", pane);
  g_signal_connect_object (dialog, "apply", G_CALLBACK (properties_apply_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* --- entry point ------------------------------------------------------- */

static void
file_action_cb (FerryFilePane *pane,
                const char    *action,
                FerryWindow   *self)
{
  g_autoptr(GPtrArray) items = ferry_file_pane_get_selected_items (pane);
  FerryFileItem *first = items->len > 0 ? g_ptr_array_index (items, 0) : NULL;

  if (is_remote (self, pane) && (!self->connected || self->connection == NULL))
    return;

  if (g_str_equal (action, "transfer"))
    {
      if (is_remote (self, pane))
        ferry_window_download_selected (self);
      else
        ferry_window_upload_selected (self);
    }
  else if (g_str_equal (action, "rename") && items->len == 1)
    ask_name (self, pane, first);
  else if (g_str_equal (action, "new-folder") && ferry_file_pane_get_path (pane) != NULL)
    ask_name (self, pane, NULL);
  else if (g_str_equal (action, "delete"))
    confirm_delete (self, pane, items);
  else if (g_str_equal (action, "properties") && items->len == 1)
    show_properties (self, pane, first);
}

void
ferry_window_fileops_init (FerryWindow *self)
{
  g_signal_connect_object (self->local_pane, "file-action", G_CALLBACK (file_action_cb), self, 0);
  g_signal_connect_object (self->remote_pane, "file-action", G_CALLBACK (file_action_cb), self, 0);
}
