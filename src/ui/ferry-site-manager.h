/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ferry-site-store.h"

G_BEGIN_DECLS

/*
 * Manage Sites: the saved sites as rows (name, address) with Edit and
 * Delete (undoable from a toast; the keyring password goes only when the
 * deletion is final), and Add.
 */

#define FERRY_TYPE_SITE_MANAGER (ferry_site_manager_get_type ())
G_DECLARE_FINAL_TYPE (FerrySiteManager, ferry_site_manager, FERRY, SITE_MANAGER, AdwPreferencesWindow)

FerrySiteManager *ferry_site_manager_new      (GtkWindow       *parent,
                                               FerrySiteStore  *store);

/* "ftpes://user@host:port/path", what a row shows under the name. */
char             *ferry_site_manager_describe (const FerrySite *site);

G_END_DECLS
