/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ferry-site.h"

G_BEGIN_DECLS

/* Site passwords in the desktop keyring (the Secret Service, through
 * libsecret), never in settings files or logs.  One item per protocol,
 * host, port and user (schema "io.github.ferryftp.Ferry.Password").
 *
 * Every call finishes on the thread-default main context of the caller.
 * When no Secret Service answers (no session bus, nothing provides
 * org.freedesktop.secrets) the _finish functions fail with a message that
 * says so; a service that does not answer within FERRY_KEYRING_TIMEOUT
 * seconds (or $FERRY_KEYRING_TIMEOUT, for tests) fails with
 * G_IO_ERROR_TIMED_OUT instead of hanging. */
#define FERRY_KEYRING_TIMEOUT 15

/* Stores site->password (which must not be NULL) for the site. */
void      ferry_keyring_store_async   (const FerrySite     *site,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
gboolean  ferry_keyring_store_finish  (GAsyncResult        *result,
                                       GError             **error);

/* Looks the password up; site->password is ignored.  Finishes with NULL
 * and no error when none is stored. */
void      ferry_keyring_lookup_async  (const FerrySite     *site,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
char     *ferry_keyring_lookup_finish (GAsyncResult        *result,
                                       GError             **error);

/* Removes the stored password.  TRUE if one was removed, FALSE with no
 * error if there was none. */
void      ferry_keyring_clear_async   (const FerrySite     *site,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
gboolean  ferry_keyring_clear_finish  (GAsyncResult        *result,
                                       GError             **error);

G_END_DECLS
