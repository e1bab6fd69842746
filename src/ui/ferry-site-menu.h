/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ferry-site-store.h"
#include "ferry-window.h"

G_BEGIN_DECLS

/*
 * The site menu of the connect bar: a menu button (first in the bar)
 * listing the saved sites — choosing one fills the bar and connects, with
 * the password from the desktop keyring when it was remembered — then
 * "Save Site…" (a FerrySiteDialog filled from the bar) and "Manage
 * Sites…".  Actions live in the window's "site" group:
 *   site.connect (s: site id), site.save, site.manage
 */
void        ferry_site_menu_attach     (FerryWindow    *window,
                                        FerrySiteStore *store);

/* For tests: the menu button, and the store attach() was given. */
GtkWidget  *ferry_site_menu_get_button (FerryWindow    *window);

G_END_DECLS
