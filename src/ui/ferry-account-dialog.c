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

/* Gives the answer to whoever asked: a worker or a transfer queue. */
typedef void (*AnswerFunc) (GObject *target, const char *account);

typedef struct
{
  GWeakRef    target;
  AnswerFunc  answer_func;
  char       *key;
  GtkWidget  *entry;
} Pending;

static void
pending_free (Pending *pending)
{
  g_weak_ref_clear (&pending->target);
  g_free (pending->key);
  g_free (pending);
}

static void
response_cb (AdwMessageDialog *dialog,
             const char       *response,
             Pending          *pending)
{
  g_autoptr(GObject) target = g_weak_ref_get (&pending->target);
  const char *account = NULL;

  if (g_strcmp0 (response, "login") == 0)
    {
      account = gtk_editable_get_text (GTK_EDITABLE (pending->entry));
      g_hash_table_replace (given, g_strdup (pending->key), g_strdup (account));
    }
  if (target != NULL)
    pending->answer_func (target, account);
}

static void
ask (GObject         *target,
     AnswerFunc       answer_func,
     const FerrySite *site,
     const char      *user,
     const char      *prompt,
     GWeakRef        *parent_ref)
{
  g_autoptr(GtkWindow) parent = g_weak_ref_get (parent_ref);
  g_autofree char *key = g_strdup_printf ("%s@%s:%u", user, site->host, ferry_site_get_port (site));
  const char *known;
  AdwMessageDialog *dialog;
  Pending *pending;

  if (given == NULL)
    given = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  /* Given already (to the browsing connection, say): not asked twice. */
  known = g_hash_table_lookup (given, key);
  if (known != NULL)
    {
      answer_func (target, known);
      return;
    }

  dialog = ferry_account_dialog_new (parent, user, site->host, prompt);
  pending = g_new0 (Pending, 1);
  g_weak_ref_init (&pending->target, target);
  pending->answer_func = answer_func;
  pending->key = g_steal_pointer (&key);
  pending->entry = adw_message_dialog_get_extra_child (dialog);
  g_signal_connect_data (dialog, "response", G_CALLBACK (response_cb), pending,
                         (GClosureNotify) (void (*) (void)) pending_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (pending->entry);
}

static void
answer_worker (GObject    *target,
               const char *account)
{
  ferry_worker_answer_account (FERRY_WORKER (target), account);
}

static void
ask_account_cb (FerryWorker *worker,
                const char  *user,
                const char  *prompt,
                GWeakRef    *parent_ref)
{
  ask (G_OBJECT (worker), answer_worker, ferry_worker_get_site (worker), user, prompt, parent_ref);
}

static void
answer_queue (GObject    *target,
              const char *account)
{
  ferry_transfer_queue_answer_account (FERRY_TRANSFER_QUEUE (target), account);
}

static void
queue_ask_account_cb (FerryTransferQueue *queue,
                      const char         *user,
                      const char         *prompt,
                      GWeakRef           *parent_ref)
{
  ask (G_OBJECT (queue), answer_queue, ferry_transfer_queue_get_site (queue), user, prompt, parent_ref);
}

static void
weak_ref_free (GWeakRef *ref)
{
  g_weak_ref_clear (ref);
  g_free (ref);
}

static void
watch (GObject   *source,
       GCallback  callback,
       GtkWindow *parent)
{
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  g_weak_ref_init (ref, parent);
  g_signal_connect_data (source, "ask-account", callback, ref,
                         (GClosureNotify) (void (*) (void)) weak_ref_free, 0);
}

void
ferry_account_dialog_watch (FerryWorker *worker,
                            GtkWindow   *parent)
{
  g_return_if_fail (FERRY_IS_WORKER (worker));
  watch (G_OBJECT (worker), G_CALLBACK (ask_account_cb), parent);
}

void
ferry_account_dialog_watch_queue (FerryTransferQueue *queue,
                                  GtkWindow          *parent)
{
  g_return_if_fail (FERRY_IS_TRANSFER_QUEUE (queue));
  watch (G_OBJECT (queue), G_CALLBACK (queue_ask_account_cb), parent);
}
