/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ferry-site.h"

G_BEGIN_DECLS

/*
 * Saved sites: name, protocol, host, port, user, initial path and active
 * mode, one group per site in a key file (by default
 * $XDG_CONFIG_HOME/ferry/sites.ini, mode 0600).  Never a password: that
 * goes to the desktop keyring (ferry-keyring.h) when the user asks to
 * remember it, and the store only records that it did.
 */

typedef struct
{
  char      *id;                 /* stable key of the site in the file */
  char      *name;               /* shown in the site menu */
  FerrySite *site;               /* password always NULL */
  gboolean   remember_password;  /* a password was put in the keyring */
} FerrySavedSite;

FerrySavedSite *ferry_saved_site_copy (const FerrySavedSite *saved);
void            ferry_saved_site_free (FerrySavedSite *saved);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerrySavedSite, ferry_saved_site_free)

#define FERRY_TYPE_SITE_STORE (ferry_site_store_get_type ())
G_DECLARE_FINAL_TYPE (FerrySiteStore, ferry_site_store, FERRY, SITE_STORE, GObject)

/* The process's store over the default file (created on first use). */
FerrySiteStore       *ferry_site_store_get_default (void);
/* A store over @path (tests); loads it if it exists. */
FerrySiteStore       *ferry_site_store_new         (const char           *path);

/* Ids of all sites, sorted by name (case-insensitively). */
GStrv                 ferry_site_store_list_ids    (FerrySiteStore       *self);
/* The site with @id, or NULL; owned by the store until its next change. */
const FerrySavedSite *ferry_site_store_lookup      (FerrySiteStore       *self,
                                                    const char           *id);
/* Adds @saved (saved->id NULL) or replaces the site with saved->id, and
 * writes the file.  Returns the site's id, or NULL with @error set. */
char                 *ferry_site_store_put         (FerrySiteStore       *self,
                                                    const FerrySavedSite *saved,
                                                    GError              **error);
gboolean              ferry_site_store_remove      (FerrySiteStore       *self,
                                                    const char           *id,
                                                    GError              **error);

/* Signal "changed": after every put/remove. */

G_END_DECLS
