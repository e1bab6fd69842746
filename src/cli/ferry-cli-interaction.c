/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "ferry-cli-common.h"
#include "ferry-cli-interaction.h"
#include "ferry-cli-tls.h"

struct _FerryCliInteraction
{
  FerryInteraction  parent_instance;
  char             *account;
  gboolean          tell;
  gboolean          told;
  gboolean          can_ask;
  void            (*before_output) (gpointer data);
  gpointer          data;
};

G_DEFINE_FINAL_TYPE (FerryCliInteraction, ferry_cli_interaction, FERRY_TYPE_INTERACTION)

static void
before_output (FerryCliInteraction *self)
{
  if (self->before_output != NULL)
    self->before_output (self->data);
}

static void
cli_accept_certificate_async (FerryInteraction     *interaction,
                              GTlsCertificate      *cert,
                              GTlsCertificateFlags  errors,
                              const char           *host,
                              gboolean              changed,
                              GCancellable         *cancellable,
                              GAsyncReadyCallback   callback,
                              gpointer              user_data)
{
  FerryCliInteraction *self = FERRY_CLI_INTERACTION (interaction);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  before_output (self);
  g_task_return_int (task, ferry_cli_tls_accept (cert, errors, host, NULL)
                           ? FERRY_CERTIFICATE_ACCEPT_ONCE : FERRY_CERTIFICATE_REJECT);
}

static void
cli_ask_account_async (FerryInteraction    *interaction,
                       const char          *user,
                       const char          *host,
                       const char          *prompt,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  FerryCliInteraction *self = FERRY_CLI_INTERACTION (interaction);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  if (self->account == NULL && self->tell && !self->told)
    {
      g_autofree char *safe = ferry_cli_escape_for_terminal (prompt, FALSE);

      before_output (self);
      fprintf (stderr, "ferry-cli: the server asks for an account (give --account): %s\n", safe);
      self->told = TRUE;
    }
  g_task_return_pointer (task, g_strdup (self->account), g_free);
}

/* Blocks on the terminal: the workers keep running meanwhile, only new
 * answers wait. */
static void
cli_ask_overwrite_async (FerryInteraction    *interaction,
                         FerryTransferItem   *item,
                         GFileInfo           *existing,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  FerryCliInteraction *self = FERRY_CLI_INTERACTION (interaction);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  const char *target = ferry_transfer_item_get_direction (item) == FERRY_TRANSFER_DOWNLOAD
                       ? ferry_transfer_item_get_local_path (item)
                       : ferry_transfer_item_get_remote_path (item);
  g_autofree char *safe = ferry_cli_escape_for_terminal (target, FALSE);
  char line[64];

  if (!self->can_ask)
    {
      ferry_interaction_return_overwrite (task, FERRY_OVERWRITE_CHOICE_SKIP, FALSE);
      return;
    }

  for (;;)
    {
      FerryOverwriteChoice choice;
      gboolean all;

      before_output (self);
      fprintf (stderr, "%s exists: [o]verwrite, [n]ewer, [r]esume, re[N]ame, [s]kip "
               "(capital Y/A after it = all, e.g. \"oa\")? ", safe);
      fflush (stderr);
      if (fgets (line, sizeof line, stdin) == NULL)
        {
          ferry_interaction_return_overwrite (task, FERRY_OVERWRITE_CHOICE_SKIP, TRUE);
          return;
        }
      all = strchr (line + 1, 'a') != NULL || strchr (line + 1, 'A') != NULL;
      switch (line[0])
        {
        case 'o': choice = FERRY_OVERWRITE_CHOICE_OVERWRITE; break;
        case 'n': choice = FERRY_OVERWRITE_CHOICE_NEWER; break;
        case 'r': choice = FERRY_OVERWRITE_CHOICE_RESUME; break;
        case 'N': choice = FERRY_OVERWRITE_CHOICE_RENAME; break;
        case 's': choice = FERRY_OVERWRITE_CHOICE_SKIP; break;
        default: continue;
        }
      ferry_interaction_return_overwrite (task, choice, all);
      return;
    }
}

static void
ferry_cli_interaction_finalize (GObject *object)
{
  FerryCliInteraction *self = FERRY_CLI_INTERACTION (object);

  g_free (self->account);
  G_OBJECT_CLASS (ferry_cli_interaction_parent_class)->finalize (object);
}

static void
ferry_cli_interaction_class_init (FerryCliInteractionClass *klass)
{
  FerryInteractionClass *interaction_class = FERRY_INTERACTION_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = ferry_cli_interaction_finalize;
  interaction_class->accept_certificate_async = cli_accept_certificate_async;
  interaction_class->ask_account_async = cli_ask_account_async;
  interaction_class->ask_overwrite_async = cli_ask_overwrite_async;
}

static void
ferry_cli_interaction_init (FerryCliInteraction *self)
{
}

FerryInteraction *
ferry_cli_interaction_new (const char *account,
                           gboolean    tell,
                           gboolean    can_ask,
                           void      (*before) (gpointer data),
                           gpointer    data)
{
  FerryCliInteraction *self = g_object_new (FERRY_TYPE_CLI_INTERACTION, NULL);

  self->account = g_strdup (account);
  self->tell = tell;
  self->can_ask = can_ask;
  self->before_output = before;
  self->data = data;
  return FERRY_INTERACTION (self);
}
