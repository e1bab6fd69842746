/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ferry-interaction.h"

G_BEGIN_DECLS

/*
 * FerryCliInteraction: ferry-cli's answers to the engine's questions.
 *   certificate: --insecure / --trust-fingerprint (ferry-cli-tls.c), the
 *                certificate shown on stderr when refused;
 *   account:     --account, or none (said once on stderr when @tell);
 *   overwrite:   a prompt on the terminal when @can_ask (stdin is one),
 *                else SKIP; end of input skips everything left.
 * @before_output is called before anything is written to stderr (the
 * mirror clears its progress line).
 */
#define FERRY_TYPE_CLI_INTERACTION (ferry_cli_interaction_get_type ())
G_DECLARE_FINAL_TYPE (FerryCliInteraction, ferry_cli_interaction, FERRY, CLI_INTERACTION, FerryInteraction)

FerryInteraction *ferry_cli_interaction_new (const char *account,
                                             gboolean    tell,
                                             gboolean    can_ask,
                                             void      (*before_output) (gpointer data),
                                             gpointer    data);

G_END_DECLS
