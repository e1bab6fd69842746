/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ferry-ftp-error.h"
#include "ferry-preferences-window.h"
#include "ferry-window-interaction.h"
#include "ferry-site-menu.h"
#include "ferry-window-private.h"

G_DEFINE_FINAL_TYPE (FerryWindow, ferry_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_TRANSFERS_PAUSED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* --- feedback ---------------------------------------------------------- */

void
ferry_window_toast (FerryWindow *self,
                    const char  *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* "550 No such file (File unavailable)": the server's words and what the
 * code means, for people who do not read FTP reply codes. */
char *
ferry_window_error_text (const GError *error)
{
  if (error->domain == FERRY_FTP_ERROR && error->code >= 100 && error->code < 600)
    return g_strdup_printf ("%s (%s)", error->message,
                            ferry_ftp_reply_code_explain ((guint) error->code));
  return g_strdup (error->message);
}

void
ferry_window_report_error (FerryWindow  *self,
                           const char   *prefix,
                           const GError *error)
{
  g_autofree char *text = ferry_window_error_text (error);
  g_autofree char *msg = prefix ? g_strdup_printf ("%s: %s", prefix, text) : g_steal_pointer (&text);

  ferry_log_view_append (self->log_view, FERRY_LOG_ERROR, 0, msg);
  ferry_window_toast (self, msg);
}

static FerryWorkerState
connection_state (FerryWindow *self)
{
  return self->connection ? ferry_connection_get_state (self->connection) : FERRY_WORKER_DISCONNECTED;
}

static void
update_connection_ui (FerryWindow *self)
{
  FerryWorkerState state = connection_state (self);
  gboolean busy = state == FERRY_WORKER_CONNECTING || (self->connecting && !self->connected);
  g_autofree char *subtitle = NULL;

  if (self->connected && self->site != NULL)
    {
      const char *user = self->site->user && *self->site->user ? self->site->user : "anonymous";
      /* Translators: window subtitle, e.g. "demo@ftp.example.org" */
      subtitle = g_strdup_printf (_("%s@%s"), user, self->site->host);
    }
  else if (busy)
    subtitle = g_strdup (_("Connecting…"));
  else
    subtitle = g_strdup (_("Not connected"));
  adw_window_title_set_subtitle (self->window_title, subtitle);

  gtk_button_set_label (self->connect_button,
                        self->connected || busy ? _("_Disconnect") : _("_Connect"));
  /* GTK 4.8 copies the raw label ("_Connect") into the accessible label
   * while the mnemonic label also names the button: AT-SPI would read
   * both ("_Connect Connect"). */
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->connect_button), GTK_ACCESSIBLE_PROPERTY_LABEL);
  gtk_widget_remove_css_class (GTK_WIDGET (self->connect_button),
                               self->connected || busy ? "suggested-action" : "destructive-action");
  gtk_widget_add_css_class (GTK_WIDGET (self->connect_button),
                            self->connected || busy ? "destructive-action" : "suggested-action");

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.upload", self->connected);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.download", self->connected);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.disconnect", self->connected || busy);
  ferry_log_view_set_command_enabled (self->log_view, self->connected);
}

/* --- the connection's operations --------------------------------------- */

typedef struct
{
  FerryWindow       *self;          /* owned ref */
  FerryConnection   *connection;    /* the one it ran on (not a ref) */
  FerryWindowOpDone  done;
  gpointer           data;
  GDestroyNotify     destroy;
} WindowOp;

gpointer
ferry_window_op (FerryWindow       *self,
                 FerryWindowOpDone  done,
                 gpointer           data,
                 GDestroyNotify     destroy)
{
  WindowOp *op = g_new0 (WindowOp, 1);

  g_assert (self->connection != NULL);
  op->self = g_object_ref (self);
  op->connection = self->connection;
  op->done = done;
  op->data = data;
  op->destroy = destroy;
  self->pending_ops++;
  return op;
}

/* The connection is gone for good only when nothing is left to
 * reconnect for: an operation still running makes it reconnect. */
static void
check_connection_lost (FerryWindow *self)
{
  if (self->connection == NULL || !self->connected || self->connecting ||
      connection_state (self) != FERRY_WORKER_DISCONNECTED || self->pending_ops > 0)
    return;

  self->connected = FALSE;
  self->list_serial++;
  ferry_file_pane_set_placeholder (self->remote_pane, "network-offline-symbolic",
                                   _("Disconnected"), _("The server closed the connection"));
}

void
ferry_window_op_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  WindowOp *op = user_data;
  FerryWindow *self = op->self;

  self->pending_ops--;
  /* The window may have moved on to another connection, or be closing. */
  if (self->connection != NULL && self->connection == op->connection)
    {
      op->done (self, source, result, op->data);
      check_connection_lost (self);
      update_connection_ui (self);
    }
  if (op->destroy != NULL)
    op->destroy (op->data);
  g_object_unref (self);
  g_free (op);
}

/* A browsing listing under way. */
typedef struct
{
  FerryWindow *self;      /* the op holds it */
  guint        serial;
  gboolean     started;   /* a part of it went to the pane */
} NavListing;

/* A part of the listing while it arrives: the first rows show at once. */
static gboolean
nav_batch (const char *path,
           GPtrArray  *entries,
           gpointer    data)
{
  NavListing *nav = data;

  gboolean more;

  if (nav->serial != nav->self->list_serial)
    return FALSE;
  more = ferry_file_pane_add_remote_batch (nav->self->remote_pane, path, entries, !nav->started);
  nav->started = TRUE;
  return more;
}

static void
nav_listed (FerryWindow  *self,
            GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  NavListing *nav = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GPtrArray) entries = ferry_connection_list_finish (FERRY_CONNECTION (source), result,
                                                               &path, &error);

  /* A listing the user already navigated away from. */
  if (nav->serial != self->list_serial)
    return;
  if (entries != NULL)
    ferry_file_pane_set_remote_listing (self->remote_pane, path, entries);
  else
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        ferry_window_report_error (self, _("Could not list the folder"), error);
      ferry_file_pane_load_failed (self->remote_pane);
    }
}

/* Navigation never cancels the listing under way: cancelling a command
 * in the middle of its reply costs the connection.  The newest request
 * wins; older listings are dropped when they arrive. */
static void
remote_list (FerryWindow *self,
             const char  *path)
{
  NavListing *nav = g_new0 (NavListing, 1);

  nav->self = self;
  nav->serial = ++self->list_serial;
  ferry_connection_list_stream_async (self->connection, path, nav_batch, nav, NULL, ferry_window_op_cb,
                                      ferry_window_op (self, nav_listed, nav, g_free));
}

static void
log_line_cb (FerryWorker  *worker,
             FerryLogKind  kind,
             guint         code,
             const char   *text,
             FerryWindow  *self)
{
  ferry_log_view_append (self->log_view, kind, code, text);
}

static void
state_changed_cb (FerryWindow *self)
{
  /* A dropped connection: the worker reconnects on the next job, but the
   * pane must not pretend to be live meanwhile. */
  if (connection_state (self) == FERRY_WORKER_DISCONNECTED)
    check_connection_lost (self);
  update_connection_ui (self);
}

static void
connected (FerryWindow  *self,
           GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(GError) error = NULL;

  self->connecting = FALSE;
  if (!ferry_connection_connect_finish (FERRY_CONNECTION (source), result, &error))
    {
      g_autofree char *why = ferry_window_error_text (error);
      g_autofree char *msg = g_strdup_printf (_("Could not connect: %s"), why);

      self->connected = FALSE;
      ferry_log_view_append (self->log_view, FERRY_LOG_ERROR, 0, msg);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        ferry_window_toast (self, msg);
      ferry_file_pane_set_placeholder (self->remote_pane, "network-error-symbolic",
                                       _("Connection Failed"), error->message);
      return;
    }
  self->connected = TRUE;
  remote_list (self, NULL);
  ferry_file_pane_set_placeholder (self->remote_pane, NULL, NULL, NULL);
}

static void
remote_load_request_cb (FerryWindow   *self,
                        const char    *path,
                        FerryFilePane *pane)
{
  if (self->connection == NULL || !self->connected)
    {
      ferry_file_pane_load_failed (pane);
      return;
    }
  remote_list (self, path);
}

/* Disposing the connection cancels what it runs; those callbacks see
 * another (or no) connection and do nothing. */
static void
drop_connection (FerryWindow *self)
{
  g_signal_group_set_target (self->connection_signals, NULL);
  g_signal_group_set_target (self->worker_signals, NULL);
  if (self->connection != NULL)
    g_object_run_dispose (G_OBJECT (self->connection));
  g_clear_object (&self->connection);
  self->connecting = FALSE;
  self->connected = FALSE;
  self->list_serial++;
}

/* --- connect bar ------------------------------------------------------- */

static FerrySite *
site_from_fields (FerryWindow  *self,
                  GError      **error)
{
  g_autoptr(FerrySite) site = NULL;
  const char *host = gtk_editable_get_text (GTK_EDITABLE (self->host_entry));
  const char *port = gtk_editable_get_text (GTK_EDITABLE (self->port_entry));
  g_autofree char *host_stripped = g_strstrip (g_strdup (host));
  guint64 port_num = 0;

  /* A whole URL pasted into the host field is welcome too. */
  if (strstr (host_stripped, "://") != NULL)
    {
      site = ferry_site_parse_url (host_stripped, error);
      if (site != NULL)
        site->active = g_settings_get_boolean (self->settings, "active-mode");
      return g_steal_pointer (&site);
    }
  if (*host_stripped == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("Enter a host name"));
      return NULL;
    }
  if (*port != '\0' &&
      (!g_ascii_string_to_unsigned (port, 10, 1, 65535, &port_num, NULL)))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("The port must be a number from 1 to 65535"));
      return NULL;
    }

  site = ferry_site_new ();
  site->protocol = (FerryProtocol) gtk_drop_down_get_selected (self->protocol_dropdown);
  site->host = g_steal_pointer (&host_stripped);
  site->port = (guint16) port_num;
  site->user = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->user_entry)));
  site->password = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->password_entry)));
  site->active = g_settings_get_boolean (self->settings, "active-mode");
  return g_steal_pointer (&site);
}

static void
fill_fields (FerryWindow     *self,
             const FerrySite *site)
{
  g_autofree char *port = site->port ? g_strdup_printf ("%u", site->port) : g_strdup ("");

  gtk_editable_set_text (GTK_EDITABLE (self->host_entry), site->host ? site->host : "");
  gtk_editable_set_text (GTK_EDITABLE (self->port_entry), port);
  gtk_editable_set_text (GTK_EDITABLE (self->user_entry), site->user ? site->user : "");
  gtk_editable_set_text (GTK_EDITABLE (self->password_entry), site->password ? site->password : "");
  gtk_drop_down_set_selected (self->protocol_dropdown, site->protocol);
}

static void
start_connection (FerryWindow     *self,
                  const FerrySite *site)
{
  ferry_window_transfers_stop (self);
  drop_connection (self);
  g_clear_pointer (&self->site, ferry_site_free);

  self->site = ferry_site_copy (site);
  self->connection = ferry_connection_new (self->site, self->interaction);
  g_signal_group_set_target (self->connection_signals, self->connection);
  g_signal_group_set_target (self->worker_signals, ferry_connection_get_worker (self->connection));

  ferry_file_pane_set_placeholder (self->remote_pane, "network-transmit-receive-symbolic",
                                   _("Connecting…"), site->host);
  self->connecting = TRUE;
  ferry_connection_connect_async (self->connection, NULL, ferry_window_op_cb,
                                  ferry_window_op (self, connected, NULL, NULL));
  ferry_window_transfers_start (self);
  update_connection_ui (self);
}

void
ferry_window_connect_site (FerryWindow     *self,
                           const FerrySite *site)
{
  g_return_if_fail (FERRY_IS_WINDOW (self));
  g_return_if_fail (site != NULL);

  fill_fields (self, site);
  start_connection (self, site);
}

static void
connect_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  FerryWindow *self = FERRY_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(FerrySite) site = site_from_fields (self, &error);

  if (site == NULL)
    {
      ferry_window_toast (self, error->message);
      return;
    }
  start_connection (self, site);
}

static void
disconnect_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  FerryWindow *self = FERRY_WINDOW (widget);

  ferry_window_transfers_stop (self);
  drop_connection (self);
  ferry_file_pane_set_placeholder (self->remote_pane, "network-server-symbolic", _("Not Connected"),
                                   _("Enter a server above and press Connect"));
  update_connection_ui (self);
}

static void
connect_clicked_cb (FerryWindow *self)
{
  gboolean busy = self->connected || self->connecting;

  gtk_widget_activate_action (GTK_WIDGET (self), busy ? "win.disconnect" : "win.connect", NULL);
}

static void
field_activate_cb (FerryWindow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.connect", NULL);
}

/* --- other actions ----------------------------------------------------- */

static void
upload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ferry_window_upload_selected (FERRY_WINDOW (widget));
}

static void
download_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  ferry_window_download_selected (FERRY_WINDOW (widget));
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  FerryWindow *self = FERRY_WINDOW (widget);

  ferry_file_pane_reload (self->local_pane);
  if (self->connected)
    ferry_file_pane_reload (self->remote_pane);
}

static void
focus_path_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  FerryWindow *self = FERRY_WINDOW (widget);

  ferry_file_pane_focus_path_entry (self->last_pane ? self->last_pane : self->local_pane);
}

static void
show_error_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  FerryWindow *self = FERRY_WINDOW (widget);
  const char *message = g_variant_get_string (parameter, NULL);

  ferry_log_view_append (self->log_view, FERRY_LOG_ERROR, 0, message);
  ferry_window_toast (self, message);
}

static void
show_log_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  gtk_stack_set_visible_child_name (FERRY_WINDOW (widget)->bottom_stack, "log");
}

static void
show_transfers_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  gtk_stack_set_visible_child_name (FERRY_WINDOW (widget)->bottom_stack, "transfers");
}

static void
preferences_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  gtk_window_present (GTK_WINDOW (ferry_preferences_window_new (GTK_WINDOW (widget))));
}

static void
focus_widget_changed_cb (FerryWindow *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  if (focus == NULL)
    return;
  if (gtk_widget_is_ancestor (focus, GTK_WIDGET (self->remote_pane)))
    self->last_pane = self->remote_pane;
  else if (gtk_widget_is_ancestor (focus, GTK_WIDGET (self->local_pane)))
    self->last_pane = self->local_pane;
}

static void
show_hidden_changed_cb (FerryWindow *self)
{
  gboolean show = g_settings_get_boolean (self->settings, "show-hidden");

  ferry_file_pane_set_show_hidden (self->local_pane, show);
  ferry_file_pane_set_show_hidden (self->remote_pane, show);
}

/* --- public ------------------------------------------------------------ */

void
ferry_window_set_local_dir (FerryWindow *self,
                            const char  *path)
{
  g_return_if_fail (FERRY_IS_WINDOW (self));
  ferry_file_pane_set_path (self->local_pane, path);
}

FerryFilePane *
ferry_window_get_local_pane (FerryWindow *self)
{
  g_return_val_if_fail (FERRY_IS_WINDOW (self), NULL);
  return self->local_pane;
}

FerryFilePane *
ferry_window_get_remote_pane (FerryWindow *self)
{
  g_return_val_if_fail (FERRY_IS_WINDOW (self), NULL);
  return self->remote_pane;
}

FerryTransferList *
ferry_window_get_transfer_list (FerryWindow *self)
{
  g_return_val_if_fail (FERRY_IS_WINDOW (self), NULL);
  return self->transfer_list;
}

FerryLogView *
ferry_window_get_log_view (FerryWindow *self)
{
  g_return_val_if_fail (FERRY_IS_WINDOW (self), NULL);
  return self->log_view;
}

gboolean
ferry_window_get_connected (FerryWindow *self)
{
  g_return_val_if_fail (FERRY_IS_WINDOW (self), FALSE);
  return self->connected;
}

/* --- GObject ----------------------------------------------------------- */

static gboolean
ferry_window_close_request (GtkWindow *window)
{
  FerryWindow *self = FERRY_WINDOW (window);
  int width, height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
  /* Pending and failed transfers survive quitting. */
  ferry_window_transfers_save (self);

  return GTK_WINDOW_CLASS (ferry_window_parent_class)->close_request (window);
}

static void
ferry_window_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  FerryWindow *self = FERRY_WINDOW (object);

  switch (prop_id)
    {
    case PROP_TRANSFERS_PAUSED:
      g_value_set_boolean (value, self->transfers_paused);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_window_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  FerryWindow *self = FERRY_WINDOW (object);

  switch (prop_id)
    {
    case PROP_TRANSFERS_PAUSED:
      if (self->transfers_paused != g_value_get_boolean (value))
        {
          self->transfers_paused = g_value_get_boolean (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_window_dispose (GObject *object)
{
  FerryWindow *self = FERRY_WINDOW (object);

  ferry_window_transfers_dispose (self);
  drop_connection (self);
  g_clear_object (&self->connection_signals);
  g_clear_object (&self->worker_signals);
  g_clear_object (&self->queue_bindings);
  /* Closes whatever it still shows, answering "no". */
  g_clear_object (&self->interaction);
  /* The settings actions outlive the window's action group otherwise and
   * tell the dead group about the next change of their key. */
  g_action_map_remove_action (G_ACTION_MAP (self), "show-hidden");
  g_action_map_remove_action (G_ACTION_MAP (self), "active-mode");
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  self->last_pane = NULL;

  gtk_widget_dispose_template (GTK_WIDGET (self), FERRY_TYPE_WINDOW);

  G_OBJECT_CLASS (ferry_window_parent_class)->dispose (object);
}

static void
ferry_window_finalize (GObject *object)
{
  FerryWindow *self = FERRY_WINDOW (object);

  g_clear_pointer (&self->site, ferry_site_free);

  G_OBJECT_CLASS (ferry_window_parent_class)->finalize (object);
}

static void
ferry_window_class_init (FerryWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = ferry_window_dispose;
  object_class->finalize = ferry_window_finalize;
  object_class->get_property = ferry_window_get_property;
  object_class->set_property = ferry_window_set_property;

  /* The current queue's "paused", through queue_bindings: what the
   * win.pause-all property action toggles. */
  properties[PROP_TRANSFERS_PAUSED] =
    g_param_spec_boolean ("transfers-paused", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  window_class->close_request = ferry_window_close_request;

  g_type_ensure (FERRY_TYPE_FILE_PANE);
  g_type_ensure (FERRY_TYPE_TRANSFER_LIST);
  g_type_ensure (FERRY_TYPE_LOG_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ferryftp/Ferry/ferry-window.ui");
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, host_entry);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, port_entry);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, user_entry);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, password_entry);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, protocol_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, connect_button);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, files_paned);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, bottom_paned);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, local_pane);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, remote_pane);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, bottom_stack);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, transfer_list);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, log_view);
  gtk_widget_class_bind_template_callback (widget_class, connect_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, field_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, remote_load_request_cb);

  gtk_widget_class_install_action (widget_class, "win.connect", NULL, connect_action);
  gtk_widget_class_install_action (widget_class, "win.disconnect", NULL, disconnect_action);
  gtk_widget_class_install_action (widget_class, "win.upload", NULL, upload_action);
  gtk_widget_class_install_action (widget_class, "win.download", NULL, download_action);
  gtk_widget_class_install_action (widget_class, "win.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "win.focus-path", NULL, focus_path_action);
  gtk_widget_class_install_action (widget_class, "win.show-error", "s", show_error_action);
  gtk_widget_class_install_action (widget_class, "win.show-log", NULL, show_log_action);
  gtk_widget_class_install_action (widget_class, "win.show-transfers", NULL, show_transfers_action);
  gtk_widget_class_install_action (widget_class, "win.preferences", NULL, preferences_action);
  gtk_widget_class_install_property_action (widget_class, "win.pause-all", "transfers-paused");

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_u, GDK_CONTROL_MASK, "win.upload", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_d, GDK_CONTROL_MASK, "win.download", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK, "win.focus-path", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_comma, GDK_CONTROL_MASK, "win.preferences", NULL);
}

static void
ferry_window_init (FerryWindow *self)
{
  g_autoptr(GAction) show_hidden = NULL;
  g_autoptr(GAction) active_mode = NULL;
  const char *home = g_get_home_dir ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->interaction = ferry_window_interaction_new (GTK_WINDOW (self));
  /* "The current connection": its signals follow it (editor-window style). */
  self->connection_signals = g_signal_group_new (FERRY_TYPE_CONNECTION);
  g_signal_group_connect_swapped (self->connection_signals, "notify::state",
                                  G_CALLBACK (state_changed_cb), self);
  self->queue_bindings = g_binding_group_new ();
  g_binding_group_bind (self->queue_bindings, "paused", self, "transfers-paused",
                        G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  self->worker_signals = g_signal_group_new (FERRY_TYPE_WORKER);
  g_signal_group_connect (self->worker_signals, "log-line", G_CALLBACK (log_line_cb), self);

  self->settings = g_settings_new (APP_ID);
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  show_hidden = g_settings_create_action (self->settings, "show-hidden");
  g_action_map_add_action (G_ACTION_MAP (self), show_hidden);
  /* Takes effect on the next connection. */
  active_mode = g_settings_create_action (self->settings, "active-mode");
  g_action_map_add_action (G_ACTION_MAP (self), active_mode);
  g_signal_connect_swapped (self->settings, "changed::show-hidden",
                            G_CALLBACK (show_hidden_changed_cb), self);
  show_hidden_changed_cb (self);

  g_signal_connect_swapped (self, "notify::focus-widget", G_CALLBACK (focus_widget_changed_cb), self);

  ferry_window_transfers_init (self);
  ferry_window_fileops_init (self);
  ferry_window_command_init (self);
  ferry_site_menu_attach (self, ferry_site_store_get_default ());
  ferry_file_pane_set_path (self->local_pane, home);
  update_connection_ui (self);
}

FerryWindow *
ferry_window_new (GtkApplication *application)
{
  return g_object_new (FERRY_TYPE_WINDOW, "application", application, NULL);
}
