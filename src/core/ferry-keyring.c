/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>

#include "ferry-keyring.h"

/* The attributes identify the account, the secret is the password.  No
 * SECRET_SCHEMA_DONT_MATCH_NAME: only Ferry's own items match. */
static const SecretSchema *
ferry_keyring_schema (void)
{
  static const SecretSchema schema = {
    "io.github.ferryftp.Ferry.Password", SECRET_SCHEMA_NONE,
    {
      { "protocol", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "host", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "port", SECRET_SCHEMA_ATTRIBUTE_INTEGER },
      { "user", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
    0, NULL, NULL, NULL, NULL, NULL, NULL, NULL
  };
  return &schema;
}

static const char *
protocol_name (FerryProtocol protocol)
{
  switch (protocol)
    {
    case FERRY_PROTOCOL_FTPES: return "ftpes";
    case FERRY_PROTOCOL_FTPS: return "ftps";
    case FERRY_PROTOCOL_FTP:
    default: return "ftp";
    }
}

/* Host names compare case-insensitively, and "port 0" means the
 * protocol's default, so both are normalised before they become
 * attributes: ftp://Example.org and ftp://example.org:21 share a password. */
static GHashTable *
site_attributes (const FerrySite *site)
{
  GHashTable *attributes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  g_hash_table_insert (attributes, (gpointer) "protocol", g_strdup (protocol_name (site->protocol)));
  g_hash_table_insert (attributes, (gpointer) "host", g_ascii_strdown (site->host ? site->host : "", -1));
  g_hash_table_insert (attributes, (gpointer) "port", g_strdup_printf ("%u", ferry_site_get_port (site)));
  g_hash_table_insert (attributes, (gpointer) "user", g_strdup (site->user ? site->user : ""));
  return attributes;
}

typedef struct
{
  GCancellable *inner;        /* what libsecret sees */
  GCancellable *outer;        /* the caller's, or NULL */
  gulong        outer_handler;
  GSource      *timeout;
  gboolean      timed_out;
} KeyringOp;

static void
keyring_op_free (gpointer data)
{
  KeyringOp *op = data;

  if (op->outer != NULL)
    {
      g_cancellable_disconnect (op->outer, op->outer_handler);
      g_object_unref (op->outer);
    }
  if (op->timeout != NULL)
    {
      g_source_destroy (op->timeout);
      g_source_unref (op->timeout);
    }
  g_object_unref (op->inner);
  g_free (op);
}

static void
outer_cancelled_cb (GCancellable *outer G_GNUC_UNUSED,
                    gpointer      inner)
{
  g_cancellable_cancel (G_CANCELLABLE (inner));
}

/* A Secret Service that is activated but never answers (a locked keyring
 * with nobody to unlock it, a stuck daemon) must not keep the caller
 * waiting for D-Bus's own 25 s default or forever. */
static gboolean
timeout_cb (gpointer data)
{
  KeyringOp *op = data;

  op->timed_out = TRUE;
  g_cancellable_cancel (op->inner);
  return G_SOURCE_REMOVE;
}

/* FERRY_KEYRING_TIMEOUT in the environment shortens the wait for tests. */
static guint
keyring_timeout (void)
{
  const char *env = g_getenv ("FERRY_KEYRING_TIMEOUT");
  guint64 secs = 0;

  if (env != NULL && g_ascii_string_to_unsigned (env, 10, 1, 600, &secs, NULL))
    return (guint) secs;
  return FERRY_KEYRING_TIMEOUT;
}

static GTask *
keyring_task_new (GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data,
                  gpointer             source_tag)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  KeyringOp *op = g_new0 (KeyringOp, 1);

  g_task_set_source_tag (task, source_tag);
  op->inner = g_cancellable_new ();
  if (cancellable != NULL)
    {
      op->outer = g_object_ref (cancellable);
      op->outer_handler = g_cancellable_connect (cancellable, G_CALLBACK (outer_cancelled_cb),
                                                 op->inner, NULL);
    }
  op->timeout = g_timeout_source_new_seconds (keyring_timeout ());
  g_source_set_callback (op->timeout, timeout_cb, op, NULL);
  g_source_set_static_name (op->timeout, "[ferry] keyring timeout");
  g_source_attach (op->timeout, g_main_context_get_thread_default ());
  g_task_set_task_data (task, op, keyring_op_free);
  return task;
}

static GCancellable *
keyring_task_cancellable (GTask *task)
{
  return ((KeyringOp *) g_task_get_task_data (task))->inner;
}

/* Turns libsecret's error into one that tells the user which part failed;
 * FALSE when there was none. */
static gboolean
keyring_task_error (GTask  *task,
                    GError *error)
{
  KeyringOp *op = g_task_get_task_data (task);

  if (error == NULL)
    return FALSE;
  if (op->timed_out)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                               _("The desktop keyring did not answer within %u seconds"),
                               keyring_timeout ());
      g_error_free (error);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_task_return_error (task, error);
  else
    {
      g_prefix_error (&error, _("The desktop keyring (Secret Service) is not available: "));
      g_task_return_error (task, error);
    }
  return TRUE;
}

/* --- store ------------------------------------------------------------ */

static void
store_cb (GObject      *source G_GNUC_UNUSED,
          GAsyncResult *result,
          gpointer      data)
{
  g_autoptr(GTask) task = data;
  GError *error = NULL;

  if (secret_password_store_finish (result, &error))
    g_task_return_boolean (task, TRUE);
  else if (!keyring_task_error (task, error))
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                             _("The desktop keyring did not store the password"));
}

void
ferry_keyring_store_async (const FerrySite     *site,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GHashTable) attributes = NULL;
  g_autofree char *label = NULL;
  GTask *task;

  g_return_if_fail (site != NULL && site->password != NULL);

  task = keyring_task_new (cancellable, callback, user_data, ferry_keyring_store_async);
  attributes = site_attributes (site);
  /* The label is what a keyring manager (Seahorse) shows. */
  label = g_strdup_printf (_("Ferry: %s@%s:%u"),
                           site->user && *site->user ? site->user : "anonymous",
                           site->host ? site->host : "", ferry_site_get_port (site));
  secret_password_storev (ferry_keyring_schema (), attributes, SECRET_COLLECTION_DEFAULT,
                          label, site->password, keyring_task_cancellable (task),
                          store_cb, task);
}

gboolean
ferry_keyring_store_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- lookup ----------------------------------------------------------- */

static void
lookup_cb (GObject      *source G_GNUC_UNUSED,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(GTask) task = data;
  GError *error = NULL;
  char *password = secret_password_lookup_finish (result, &error);

  if (keyring_task_error (task, error))
    return;
  /* Out of libsecret's non-pageable memory into an ordinary string: the
   * caller hands it to a FerrySite, which frees with g_free. */
  g_task_return_pointer (task, g_strdup (password), g_free);
  secret_password_free (password);
}

void
ferry_keyring_lookup_async (const FerrySite     *site,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GHashTable) attributes = NULL;
  GTask *task;

  g_return_if_fail (site != NULL);

  task = keyring_task_new (cancellable, callback, user_data, ferry_keyring_lookup_async);
  attributes = site_attributes (site);
  secret_password_lookupv (ferry_keyring_schema (), attributes, keyring_task_cancellable (task),
                           lookup_cb, task);
}

char *
ferry_keyring_lookup_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- clear ------------------------------------------------------------ */

static void
clear_cb (GObject      *source G_GNUC_UNUSED,
          GAsyncResult *result,
          gpointer      data)
{
  g_autoptr(GTask) task = data;
  GError *error = NULL;
  gboolean removed = secret_password_clear_finish (result, &error);

  if (!keyring_task_error (task, error))
    g_task_return_boolean (task, removed);
}

void
ferry_keyring_clear_async (const FerrySite     *site,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GHashTable) attributes = NULL;
  GTask *task;

  g_return_if_fail (site != NULL);

  task = keyring_task_new (cancellable, callback, user_data, ferry_keyring_clear_async);
  attributes = site_attributes (site);
  secret_password_clearv (ferry_keyring_schema (), attributes, keyring_task_cancellable (task),
                          clear_cb, task);
}

gboolean
ferry_keyring_clear_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
