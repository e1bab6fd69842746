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
  /* A plain entry that hides its text, not GtkPasswordEntry: GTK 4.8's
   * leaves its caps-lock handler on the keyboard device when the dialog
   * goes, and the next key event casts a freed pointer (seen in tests/ui
   * as "invalid unclassed pointer in cast to GtkPasswordEntry"). */
  entry = gtk_entry_new ();
  gtk_entry_set_visibility (GTK_ENTRY (entry), FALSE);
  gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_PASSWORD);
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
  FerryAccountAnswerFunc  answer_func;
  gpointer                user_data;
  GDestroyNotify          destroy;
  char                   *key;
  GtkWidget              *entry;
  gboolean                answered;
} Pending;

static void
pending_free (Pending *pending)
{
  /* Closed without a response (its parent went): no account. */
  if (!pending->answered)
    pending->answer_func (NULL, pending->user_data);
  if (pending->destroy != NULL)
    pending->destroy (pending->user_data);
  g_free (pending->key);
  g_free (pending);
}

static void
response_cb (AdwMessageDialog *dialog,
             const char       *response,
             Pending          *pending)
{
  const char *account = NULL;

  if (g_strcmp0 (response, "login") == 0)
    {
      account = gtk_editable_get_text (GTK_EDITABLE (pending->entry));
      g_hash_table_replace (given, g_strdup (pending->key), g_strdup (account));
    }
  pending->answered = TRUE;
  pending->answer_func (account, pending->user_data);
}

void
ferry_account_dialog_ask (GtkWindow              *parent,
                          const char             *user,
                          const char             *host,
                          const char             *prompt,
                          FerryAccountAnswerFunc  answer_func,
                          gpointer                user_data,
                          GDestroyNotify          destroy)
{
  g_autofree char *key = g_strdup_printf ("%s@%s", user, host);
  const char *known;
  AdwMessageDialog *dialog;
  Pending *pending;

  if (given == NULL)
    given = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  /* Given already (to the browsing connection, say): not asked twice. */
  known = g_hash_table_lookup (given, key);
  if (known != NULL)
    {
      answer_func (known, user_data);
      if (destroy != NULL)
        destroy (user_data);
      return;
    }

  dialog = ferry_account_dialog_new (parent, user, host, prompt);
  pending = g_new0 (Pending, 1);
  pending->answer_func = answer_func;
  pending->user_data = user_data;
  pending->destroy = destroy;
  pending->key = g_steal_pointer (&key);
  pending->entry = adw_message_dialog_get_extra_child (dialog);
  g_signal_connect_data (dialog, "response", G_CALLBACK (response_cb), pending,
                         (GClosureNotify) (void (*) (void)) pending_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (pending->entry);
}
