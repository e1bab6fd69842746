/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ferry-site-store.h"

G_BEGIN_DECLS

/*
 * Save Site / Edit Site: a modal window with the site's name, protocol,
 * host, port, initial folder, active mode, user, password and "Remember
 * password".  Save writes the site to @store (never the password) and,
 * when asked to remember it, puts the password in the desktop keyring;
 * turning Remember off (or changing the account without typing a new
 * password) removes the stored one.  A keyring that is not available only
 * means the password is not remembered: the site is saved anyway and the
 * parent FerryWindow shows a toast saying so.
 */

#define FERRY_TYPE_SITE_DIALOG (ferry_site_dialog_get_type ())
G_DECLARE_FINAL_TYPE (FerrySiteDialog, ferry_site_dialog, FERRY, SITE_DIALOG, AdwWindow)

/* @id NULL: a new site filled from @prefill (may be NULL; its password
 * is offered for remembering); else edits the saved site @id. */
FerrySiteDialog *ferry_site_dialog_new (GtkWindow       *parent,
                                        FerrySiteStore  *store,
                                        const char      *id,
                                        const FerrySite *prefill);

/* Signal "saved" (const char *id): the site was written to the store
 * (keyring work may still be running). */

G_END_DECLS
