/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ferry-account-dialog.h"
#include "ferry-certificate-dialog.h"
#include "ferry-format.h"
#include "ferry-transfer-row.h"
#include "ferry-window-interaction.h"

struct _FerryWindowInteraction
{
  FerryInteraction  parent_instance;
  GWeakRef          parent;
  GQueue            overwrite_asks;     /* GTask: not shown yet */
  GTask            *overwrite_shown;    /* the one the dialog is for */
  GtkWidget        *overwrite_dialog;   /* weak */
  gulong            overwrite_handler;  /* on the shown task's cancellable */
};

G_DEFINE_FINAL_TYPE (FerryWindowInteraction, ferry_window_interaction, FERRY_TYPE_INTERACTION)

/* A certificate or account question waiting for its dialog.  Its
 * cancellable (fired on any thread) completes the task on the main
 * context; the dialog's later answer is then dropped. */
typedef struct
{
  gatomicrefcount  ref;
  GTask           *task;
  gulong           handler;
  gboolean         done;     /* main context */
} Ask;

static Ask *
ask_ref (Ask *ask)
{
  g_atomic_ref_count_inc (&ask->ref);
  return ask;
}

static void
ask_unref (gpointer data)
{
  Ask *ask = data;

  if (!g_atomic_ref_count_dec (&ask->ref))
    return;
  g_object_unref (ask->task);
  g_free (ask);
}

static gboolean
ask_cancel_idle (gpointer data)
{
  Ask *ask = data;

  if (!ask->done)
    {
      ask->done = TRUE;
      g_task_return_new_error (ask->task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s",
                               _("Operation was cancelled"));
    }
  return G_SOURCE_REMOVE;
}

static void
ask_cancelled_cb (GCancellable *cancellable,
                  Ask          *ask)
{
  g_main_context_invoke_full (ferry_interaction_get_context (g_task_get_source_object (ask->task)),
                              G_PRIORITY_DEFAULT, ask_cancel_idle, ask_ref (ask), ask_unref);
}

static Ask *
ask_new (GTask *task)
{
  Ask *ask = g_new0 (Ask, 1);
  GCancellable *cancellable = g_task_get_cancellable (task);

  g_atomic_ref_count_init (&ask->ref);
  ask->task = g_object_ref (task);
  if (cancellable != NULL)
    ask->handler = g_cancellable_connect (cancellable, G_CALLBACK (ask_cancelled_cb), ask, NULL);
  return ask;
}

/* The dialog lets go of @ask (after its answer). */
static void
ask_release (gpointer data)
{
  Ask *ask = data;

  if (ask->handler != 0)
    g_cancellable_disconnect (g_task_get_cancellable (ask->task), ask->handler);
  ask_unref (ask);
}

/* --- certificate and account ---------------------------------------- */

/* The dialog's answer (main context); @ask goes with the dialog's waiter. */
static void
certificate_answer (FerryCertificateAnswer  answer,
                    gpointer                user_data)
{
  Ask *ask = user_data;

  if (ask->done)
    return;
  ask->done = TRUE;
  g_task_return_int (ask->task, answer);
}

static void
account_answer (const char *account,
                gpointer    user_data)
{
  Ask *ask = user_data;

  if (ask->done)
    return;
  ask->done = TRUE;
  g_task_return_pointer (ask->task, g_strdup (account), g_free);
}

static void
window_accept_certificate_async (FerryInteraction     *interaction,
                                 GTlsCertificate      *cert,
                                 GTlsCertificateFlags  errors,
                                 const char           *host,
                                 gboolean              changed,
                                 GCancellable         *cancellable,
                                 GAsyncReadyCallback   callback,
                                 gpointer              user_data)
{
  FerryWindowInteraction *self = FERRY_WINDOW_INTERACTION (interaction);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GtkWindow) parent = g_weak_ref_get (&self->parent);
  Ask *ask = ask_new (task);

  ferry_certificate_dialog_ask (parent, cert, errors, host, changed, certificate_answer, ask, ask_release);
}

static void
window_ask_account_async (FerryInteraction    *interaction,
                          const char          *user,
                          const char          *host,
                          const char          *prompt,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  FerryWindowInteraction *self = FERRY_WINDOW_INTERACTION (interaction);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GtkWindow) parent = g_weak_ref_get (&self->parent);
  Ask *ask = ask_new (task);

  ferry_account_dialog_ask (parent, user, host, prompt, account_answer, ask, ask_release);
}

/* --- overwrite ------------------------------------------------------- */

static void show_next_overwrite (FerryWindowInteraction *self);

/* The shown question leaves the screen (answered or cancelled). */
static GTask *
take_shown (FerryWindowInteraction *self)
{
  GTask *task = g_steal_pointer (&self->overwrite_shown);

  if (task != NULL && self->overwrite_handler != 0)
    g_cancellable_disconnect (g_task_get_cancellable (task), self->overwrite_handler);
  self->overwrite_handler = 0;
  return task;
}

static gboolean
shown_cancelled_idle (gpointer data)
{
  GTask *task = data;
  FerryWindowInteraction *self = g_task_get_source_object (task);
  GtkWidget *dialog = self->overwrite_dialog;

  if (self->overwrite_shown != task)
    return G_SOURCE_REMOVE;
  g_object_unref (take_shown (self));
  g_clear_weak_pointer (&self->overwrite_dialog);
  if (dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (dialog));
  g_task_return_error_if_cancelled (task);
  show_next_overwrite (self);
  return G_SOURCE_REMOVE;
}

static void
shown_cancelled_cb (GCancellable *cancellable,
                    GTask        *task)
{
  g_main_context_invoke_full (ferry_interaction_get_context (g_task_get_source_object (task)),
                              G_PRIORITY_DEFAULT, shown_cancelled_idle,
                              g_object_ref (task), g_object_unref);
}

/* A question that became moot is answered here: TRUE when cancelled
 * (G_IO_ERROR_CANCELLED) or when its item is over already (SKIP). */
static gboolean
overwrite_settle_if_moot (GTask *task)
{
  FerryTransferItem *item = g_task_get_task_data (task);

  if (g_task_return_error_if_cancelled (task))
    return TRUE;
  if (ferry_transfer_state_is_final (ferry_transfer_item_get_state (item)))
    {
      ferry_interaction_return_overwrite (task, FERRY_OVERWRITE_CHOICE_SKIP, FALSE);
      return TRUE;
    }
  return FALSE;
}

static void
overwrite_response_cb (AdwMessageDialog       *dialog,
                       const char             *response,
                       FerryWindowInteraction *self)
{
  g_autoptr(GTask) task = take_shown (self);
  GtkWidget *check = adw_message_dialog_get_extra_child (dialog);
  gboolean all = gtk_check_button_get_active (GTK_CHECK_BUTTON (check));
  FerryOverwriteChoice choice;

  if (g_str_equal (response, "overwrite"))
    choice = FERRY_OVERWRITE_CHOICE_OVERWRITE;
  else if (g_str_equal (response, "newer"))
    choice = FERRY_OVERWRITE_CHOICE_NEWER;
  else if (g_str_equal (response, "resume"))
    choice = FERRY_OVERWRITE_CHOICE_RESUME;
  else if (g_str_equal (response, "rename"))
    choice = FERRY_OVERWRITE_CHOICE_RENAME;
  else
    choice = FERRY_OVERWRITE_CHOICE_SKIP;

  g_clear_weak_pointer (&self->overwrite_dialog);
  /* Cancelled meanwhile (the item, the queue): its answer is the error. */
  if (task != NULL && !overwrite_settle_if_moot (task))
    ferry_interaction_return_overwrite (task, choice, all);
  /* Everything waiting gets the same answer. */
  if (all)
    {
      GTask *other;

      while ((other = g_queue_pop_head (&self->overwrite_asks)) != NULL)
        {
          if (!overwrite_settle_if_moot (other))
            ferry_interaction_return_overwrite (other, choice, TRUE);
          g_object_unref (other);
        }
    }
  show_next_overwrite (self);
}

static char *
describe_existing (GFileInfo *existing)
{
  g_autofree char *size = NULL;
  g_autofree char *when = NULL;
  g_autoptr(GDateTime) mtime = NULL;

  if (existing == NULL)
    return g_strdup ("");
  if (g_file_info_has_attribute (existing, G_FILE_ATTRIBUTE_STANDARD_SIZE))
    size = g_format_size ((guint64) g_file_info_get_size (existing));
  if (g_file_info_has_attribute (existing, G_FILE_ATTRIBUTE_TIME_MODIFIED))
    mtime = g_file_info_get_modification_date_time (existing);
  when = mtime ? ferry_format_datetime (mtime) : NULL;
  if (size && when)
    /* Translators: the file that is there already: its size and date */
    return g_strdup_printf (_("The existing one: %s, modified %s."), size, when);
  if (size)
    return g_strdup_printf (_("The existing one: %s."), size);
  return g_strdup ("");
}

static void
show_next_overwrite (FerryWindowInteraction *self)
{
  g_autoptr(GtkWindow) parent = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *check;
  FerryTransferItem *item;
  GFileInfo *existing;
  GTask *task;
  g_autofree char *name = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *known = NULL;
  g_autofree char *body = NULL;
  gboolean download;

  if (self->overwrite_dialog != NULL)
    return;
  while ((task = g_queue_pop_head (&self->overwrite_asks)) != NULL && overwrite_settle_if_moot (task))
    g_object_unref (task);
  if (task == NULL)
    return;

  item = g_task_get_task_data (task);
  existing = g_object_get_data (G_OBJECT (task), "ferry-existing");
  download = ferry_transfer_item_get_direction (item) == FERRY_TRANSFER_DOWNLOAD;
  name = ferry_transfer_item_dup_display_name (item);
  heading = g_strdup_printf (_("Replace “%s”?"), name);
  known = describe_existing (existing);
  body = g_strdup_printf ("%s %s",
                          download ? _("A file with this name already exists in the local folder.")
                                   : _("A file with this name already exists on the server."),
                          known);
  parent = g_weak_ref_get (&self->parent);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent, heading, g_strstrip (body)));
  adw_message_dialog_add_responses (dialog,
                                    "skip", _("_Skip"),
                                    "rename", _("Re_name"),
                                    "resume", _("Re_sume"),
                                    "newer", _("If _Newer"),
                                    "overwrite", _("_Overwrite"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "overwrite", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "skip");
  adw_message_dialog_set_close_response (dialog, "skip");

  check = gtk_check_button_new_with_mnemonic (_("_Apply to all conflicts"));
  gtk_widget_set_halign (check, GTK_ALIGN_CENTER);
  adw_message_dialog_set_extra_child (dialog, check);

  self->overwrite_shown = task;
  if (g_task_get_cancellable (task) != NULL)
    self->overwrite_handler = g_cancellable_connect (g_task_get_cancellable (task),
                                                     G_CALLBACK (shown_cancelled_cb), task, NULL);
  g_set_weak_pointer (&self->overwrite_dialog, GTK_WIDGET (dialog));
  g_signal_connect_object (dialog, "response", G_CALLBACK (overwrite_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
window_ask_overwrite_async (FerryInteraction    *interaction,
                            FerryTransferItem   *item,
                            GFileInfo           *existing,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  FerryWindowInteraction *self = FERRY_WINDOW_INTERACTION (interaction);
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_task_data (task, g_object_ref (item), g_object_unref);
  if (existing != NULL)
    g_object_set_data_full (G_OBJECT (task), "ferry-existing", g_object_ref (existing), g_object_unref);
  g_queue_push_tail (&self->overwrite_asks, task);
  show_next_overwrite (self);
}

/* --- GObject --------------------------------------------------------- */

static void
ferry_window_interaction_dispose (GObject *object)
{
  FerryWindowInteraction *self = FERRY_WINDOW_INTERACTION (object);

  GTask *task;

  /* Nobody to ask any more: SKIP, as closing the dialog would. */
  while ((task = g_queue_pop_head (&self->overwrite_asks)) != NULL ||
         (task = take_shown (self)) != NULL)
    {
      if (!overwrite_settle_if_moot (task))
        ferry_interaction_return_overwrite (task, FERRY_OVERWRITE_CHOICE_SKIP, FALSE);
      g_object_unref (task);
    }
  if (self->overwrite_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->overwrite_dialog));
  g_clear_weak_pointer (&self->overwrite_dialog);
  G_OBJECT_CLASS (ferry_window_interaction_parent_class)->dispose (object);
}

static void
ferry_window_interaction_finalize (GObject *object)
{
  FerryWindowInteraction *self = FERRY_WINDOW_INTERACTION (object);

  g_weak_ref_clear (&self->parent);
  G_OBJECT_CLASS (ferry_window_interaction_parent_class)->finalize (object);
}

static void
ferry_window_interaction_class_init (FerryWindowInteractionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  FerryInteractionClass *interaction_class = FERRY_INTERACTION_CLASS (klass);

  object_class->dispose = ferry_window_interaction_dispose;
  object_class->finalize = ferry_window_interaction_finalize;
  interaction_class->accept_certificate_async = window_accept_certificate_async;
  interaction_class->ask_account_async = window_ask_account_async;
  interaction_class->ask_overwrite_async = window_ask_overwrite_async;
}

static void
ferry_window_interaction_init (FerryWindowInteraction *self)
{
  g_queue_init (&self->overwrite_asks);
}

FerryInteraction *
ferry_window_interaction_new (GtkWindow *parent)
{
  FerryWindowInteraction *self = g_object_new (FERRY_TYPE_WINDOW_INTERACTION, NULL);

  g_weak_ref_init (&self->parent, parent);
  return FERRY_INTERACTION (self);
}
