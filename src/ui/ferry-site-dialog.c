/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ferry-keyring.h"
#include "ferry-site-dialog.h"
#include "ferry-window-private.h"

struct _FerrySiteDialog
{
  AdwWindow        parent_instance;

  /* template widgets */
  AdwEntryRow     *name_row;
  AdwComboRow     *protocol_row;
  AdwEntryRow     *host_row;
  AdwEntryRow     *port_row;
  AdwEntryRow     *path_row;
  GtkSwitch       *active_switch;
  AdwEntryRow     *user_row;
  AdwEntryRow     *password_row;
  GtkSwitch       *remember_switch;
  GtkLabel        *error_label;
  GtkButton       *save_button;

  /* owned */
  FerrySiteStore  *store;
  FerrySavedSite  *old;      /* the site being edited, or NULL */
};

G_DEFINE_FINAL_TYPE (FerrySiteDialog, ferry_site_dialog, ADW_TYPE_WINDOW)

enum { SAVED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* --- keyring, after the dialog is gone ---------------------------------- */

typedef struct
{
  FerrySiteStore *store;
  char           *id;
  GWeakRef        parent;
} KeyringJob;

static KeyringJob *
keyring_job_new (FerrySiteStore *store,
                 const char     *id,
                 GtkWindow      *parent)
{
  KeyringJob *job = g_new0 (KeyringJob, 1);

  job->store = g_object_ref (store);
  job->id = g_strdup (id);
  g_weak_ref_init (&job->parent, parent);
  return job;
}

static void
keyring_job_free (KeyringJob *job)
{
  g_object_unref (job->store);
  g_free (job->id);
  g_weak_ref_clear (&job->parent);
  g_free (job);
}

static void
keyring_stored_cb (GObject      *source G_GNUC_UNUSED,
                   GAsyncResult *result,
                   gpointer      data)
{
  KeyringJob *job = data;
  g_autoptr(GError) error = NULL;

  if (!ferry_keyring_store_finish (result, &error))
    {
      const FerrySavedSite *saved = ferry_site_store_lookup (job->store, job->id);
      g_autoptr(GtkWindow) parent = g_weak_ref_get (&job->parent);

      /* The site stays saved; only its password is not remembered. */
      if (saved != NULL && saved->remember_password)
        {
          g_autoptr(FerrySavedSite) copy = ferry_saved_site_copy (saved);

          copy->remember_password = FALSE;
          g_free (ferry_site_store_put (job->store, copy, NULL));
        }
      if (parent != NULL && FERRY_IS_WINDOW (parent))
        {
          g_autofree char *msg = g_strdup_printf (_("The password was not remembered: %s"),
                                                  error->message);
          ferry_window_toast (FERRY_WINDOW (parent), msg);
        }
      g_message ("Password not stored: %s", error->message);
    }
  keyring_job_free (job);
}

static void
keyring_cleared_cb (GObject      *source G_GNUC_UNUSED,
                    GAsyncResult *result,
                    gpointer      data)
{
  g_autoptr(GError) error = NULL;

  /* Nothing to undo: without a keyring there was nothing stored either. */
  if (!ferry_keyring_clear_finish (result, &error) && error != NULL)
    g_message ("Stored password not removed: %s", error->message);
}

/* --- saving ------------------------------------------------------------- */

static void
show_error (FerrySiteDialog *self,
            const char      *text,
            GtkWidget       *focus)
{
  gtk_label_set_text (self->error_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
  if (focus != NULL)
    gtk_widget_grab_focus (focus);
}

static gboolean
same_account (const FerrySite *a,
              const FerrySite *b)
{
  return a->protocol == b->protocol &&
         g_ascii_strcasecmp (a->host ? a->host : "", b->host ? b->host : "") == 0 &&
         ferry_site_get_port (a) == ferry_site_get_port (b) &&
         g_strcmp0 (a->user ? a->user : "", b->user ? b->user : "") == 0;
}

static void
save_clicked_cb (FerrySiteDialog *self)
{
  g_autoptr(FerrySavedSite) saved = g_new0 (FerrySavedSite, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  g_autofree char *host = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->host_row))));
  g_autofree char *port = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->port_row))));
  g_autofree char *path = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->path_row))));
  g_autofree char *id = NULL;
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  gboolean remember = gtk_switch_get_active (self->remember_switch);
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  guint64 port_num = 0;

  if (*name == '\0')
    {
      show_error (self, _("Give the site a name"), GTK_WIDGET (self->name_row));
      return;
    }
  if (*host == '\0' || strpbrk (host, "/ \t") != NULL)
    {
      show_error (self, _("Enter a host name or address (no ftp:// and no path)"),
                  GTK_WIDGET (self->host_row));
      return;
    }
  if (*port != '\0' && !g_ascii_string_to_unsigned (port, 10, 1, 65535, &port_num, NULL))
    {
      show_error (self, _("The port must be a number from 1 to 65535"), GTK_WIDGET (self->port_row));
      return;
    }

  saved->id = self->old ? g_strdup (self->old->id) : NULL;
  saved->name = g_strdup (name);
  saved->site = ferry_site_new ();
  saved->site->protocol = (FerryProtocol) adw_combo_row_get_selected (self->protocol_row);
  saved->site->host = g_strdup (host);
  saved->site->port = (guint16) port_num;
  saved->site->user = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->user_row)));
  saved->site->path = *path ? g_strdup (path) : NULL;
  saved->site->active = gtk_switch_get_active (self->active_switch);

  /* Which password ends up in the keyring, and which stored one goes:
   * an empty field while editing keeps the stored password, unless the
   * account it belongs to changed (it is then forgotten, not moved). */
  if (self->old != NULL && self->old->remember_password &&
      (!remember || !same_account (self->old->site, saved->site)))
    ferry_keyring_clear_async (self->old->site, NULL, keyring_cleared_cb, NULL);
  saved->remember_password =
    remember && (*password != '\0' ||
                 (self->old != NULL && self->old->remember_password &&
                  same_account (self->old->site, saved->site)));

  id = ferry_site_store_put (self->store, saved, &error);
  if (id == NULL)
    {
      g_autofree char *msg = g_strdup_printf (_("The site was not saved: %s"), error->message);
      show_error (self, msg, NULL);
      return;
    }
  if (remember && *password != '\0')
    {
      g_autoptr(FerrySite) with_password = ferry_site_copy (saved->site);

      g_free (with_password->password);
      with_password->password = g_strdup (password);
      ferry_keyring_store_async (with_password, NULL, keyring_stored_cb,
                                 keyring_job_new (self->store, id, parent));
    }
  g_signal_emit (self, signals[SAVED], 0, id);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
cancel_clicked_cb (FerrySiteDialog *self)
{
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
fill (FerrySiteDialog *self,
      const char      *name,
      const FerrySite *site)
{
  g_autofree char *port = site->port ? g_strdup_printf ("%u", site->port) : g_strdup ("");

  gtk_editable_set_text (GTK_EDITABLE (self->name_row), name ? name : "");
  adw_combo_row_set_selected (self->protocol_row, site->protocol);
  gtk_editable_set_text (GTK_EDITABLE (self->host_row), site->host ? site->host : "");
  gtk_editable_set_text (GTK_EDITABLE (self->port_row), port);
  gtk_editable_set_text (GTK_EDITABLE (self->path_row), site->path ? site->path : "");
  gtk_switch_set_active (self->active_switch, site->active);
  gtk_editable_set_text (GTK_EDITABLE (self->user_row), site->user ? site->user : "");
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), site->password ? site->password : "");
}

static void
ferry_site_dialog_dispose (GObject *object)
{
  FerrySiteDialog *self = FERRY_SITE_DIALOG (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->old, ferry_saved_site_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), FERRY_TYPE_SITE_DIALOG);
  G_OBJECT_CLASS (ferry_site_dialog_parent_class)->dispose (object);
}

static void
ferry_site_dialog_class_init (FerrySiteDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ferry_site_dialog_dispose;

  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/ferryftp/Ferry/ferry-site-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, FerrySiteDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, FerrySiteDialog, protocol_row);
  gtk_widget_class_bind_template_child (widget_class, FerrySiteDialog, host_row);
  gtk_widget_class_bind_template_child (widget_class, FerrySiteDialog, port_row);
  gtk_widget_class_bind_template_child (widget_class, FerrySiteDialog, path_row);
  gtk_widget_class_bind_template_child (widget_class, FerrySiteDialog, active_switch);
  gtk_widget_class_bind_template_child (widget_class, FerrySiteDialog, user_row);
  gtk_widget_class_bind_template_child (widget_class, FerrySiteDialog, password_row);
  gtk_widget_class_bind_template_child (widget_class, FerrySiteDialog, remember_switch);
  gtk_widget_class_bind_template_child (widget_class, FerrySiteDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, FerrySiteDialog, save_button);
  gtk_widget_class_bind_template_callback (widget_class, save_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ferry_site_dialog_init (FerrySiteDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

FerrySiteDialog *
ferry_site_dialog_new (GtkWindow       *parent,
                       FerrySiteStore  *store,
                       const char      *id,
                       const FerrySite *prefill)
{
  FerrySiteDialog *self = g_object_new (FERRY_TYPE_SITE_DIALOG, "transient-for", parent, NULL);
  const FerrySavedSite *old = id ? ferry_site_store_lookup (store, id) : NULL;

  self->store = g_object_ref (store);
  if (old != NULL)
    {
      self->old = ferry_saved_site_copy (old);
      gtk_window_set_title (GTK_WINDOW (self), _("Edit Site"));
      fill (self, old->name, old->site);
      gtk_switch_set_active (self->remember_switch, old->remember_password);
    }
  else if (prefill != NULL)
    {
      g_autofree char *name = NULL;

      if (prefill->user != NULL && *prefill->user != '\0')
        name = g_strdup_printf ("%s@%s", prefill->user, prefill->host ? prefill->host : "");
      else
        name = g_strdup (prefill->host);
      fill (self, name, prefill);
      gtk_switch_set_active (self->remember_switch,
                             prefill->password != NULL && *prefill->password != '\0');
    }
  return self;
}
