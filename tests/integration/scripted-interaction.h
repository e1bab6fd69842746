/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/*
 * A FerryInteraction for tests: answers what it was told to, counts the
 * questions, and can hold a question unanswered (hold = TRUE) to see the
 * wait end by cancellation.
 */

#include "ferry-interaction.h"

G_BEGIN_DECLS

#define SCRIPTED_TYPE_INTERACTION (scripted_interaction_get_type ())
G_DECLARE_FINAL_TYPE (ScriptedInteraction, scripted_interaction, SCRIPTED, INTERACTION, FerryInteraction)

struct _ScriptedInteraction
{
  FerryInteraction        parent_instance;

  /* The script. */
  gboolean                hold;          /* answer only when cancelled */
  guint                   delay_ms;      /* answer after this long */
  FerryCertificateAnswer  certificate;
  char                   *account;

  /* What happened. */
  guint                   certificate_asked;
  guint                   account_asked;
  guint                   cancelled;     /* questions ended by their cancellable */
  char                   *host;
  char                   *user;
  char                   *prompt;
};

ScriptedInteraction *scripted_interaction_new (void);

G_END_DECLS
