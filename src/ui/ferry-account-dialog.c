/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ferry-account-dialog.h"

/* "user@host" → the account given in this process: main thread only. */
static GHashTable *given;

AdwMessageDialog *
ferry_account_dialog_new (GtkWindow  *parent,
                          const char *user,
                          const char *host,
                          const char *prompt)
{
  AdwMessageDialog *dialog;
  GtkWidget *entry;
  g_autofree char *heading = g_strdup_printf (_("Account for %s at %s"), user, host);
  g_autofree char *valid = g_utf8_make_valid (prompt != NULL ? prompt : "", -1);
  g_autofree char *body = g_strdup_printf (_("The server asks for an account before it goes on:\n%s"),
                                           valid);

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent, heading, body));
  entry = gtk_password_entry_new ();
  gtk_password_entry_set_show_peek_icon (GTK_PASSWORD_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Account"), -1);
  /* Enter answers like the default button. */
  g_object_set (entry, "activates-default", TRUE, NULL);
  adw_message_dialog_set_extra_child (dialog, entry);

  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "login", _("_Send Account"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "login", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "login");
  adw_message_dialog_set_close_response (dialog, "cancel");
  return dialog;
}

typedef struct
{
  GWeakRef   worker;
  char      *key;
  GtkWidget *entry;
} Pending;

static void
pending_free (Pending *pending)
{
  g_weak_ref_clear (&pending->worker);
  g_free (pending->key);
  g_free (pending);
}

static void
response_cb (AdwMessageDialog *dialog,
             const char       *response,
             Pending          *pending)
{
  g_autoptr(FerryWorker) worker = g_weak_ref_get (&pending->worker);
  const char *account = NULL;

  if (g_strcmp0 (response, "login") == 0)
    {
      account = gtk_editable_get_text (GTK_EDITABLE (pending->entry));
      g_hash_table_replace (given, g_strdup (pending->key), g_strdup (account));
    }
  if (worker != NULL)
    ferry_worker_answer_account (worker, account);
}

static void
ask_account_cb (FerryWorker *worker,
                const char  *user,
                const char  *prompt,
                GWeakRef    *parent_ref)
{
  g_autoptr(GtkWindow) parent = g_weak_ref_get (parent_ref);
  const FerrySite *site = ferry_worker_get_site (worker);
  g_autofree char *key = g_strdup_printf ("%s@%s:%u", user, site->host, ferry_site_get_port (site));
  const char *known;
  AdwMessageDialog *dialog;
  Pending *pending;

  if (given == NULL)
    given = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  known = g_hash_table_lookup (given, key);
  if (known != NULL)
    {
      ferry_worker_answer_account (worker, known);
      return;
    }

  dialog = ferry_account_dialog_new (parent, user, site->host, prompt);
  pending = g_new0 (Pending, 1);
  g_weak_ref_init (&pending->worker, worker);
  pending->key = g_steal_pointer (&key);
  pending->entry = adw_message_dialog_get_extra_child (dialog);
  g_signal_connect_data (dialog, "response", G_CALLBACK (response_cb), pending,
                         (GClosureNotify) (void (*) (void)) pending_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (pending->entry);
}

static void
weak_ref_free (GWeakRef *ref)
{
  g_weak_ref_clear (ref);
  g_free (ref);
}

void
ferry_account_dialog_watch (FerryWorker *worker,
                            GtkWindow   *parent)
{
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  g_return_if_fail (FERRY_IS_WORKER (worker));

  g_weak_ref_init (ref, parent);
  g_signal_connect_data (worker, "ask-account", G_CALLBACK (ask_account_cb), ref,
                         (GClosureNotify) (void (*) (void)) weak_ref_free, 0);
}
