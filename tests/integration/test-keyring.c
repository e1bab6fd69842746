/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ferry_keyring_* against a real Secret Service, or against none.
 *
 *   test-keyring roundtrip    a gnome-keyring-daemon (unlocked) is on the
 *                             session bus: store, look up, clear
 *   test-keyring no-service   no session bus at all: errors, quickly
 *   test-keyring stuck        org.freedesktop.secrets is activatable but
 *                             never answers: G_IO_ERROR_TIMED_OUT after
 *                             $FERRY_KEYRING_TIMEOUT seconds, no hang
 *
 * Run by test-keyring.sh, which sets up a private bus and HOME.  Prints
 * one "ok"/"not ok" line per check on stdout (the script numbers them)
 * and notes on stderr; exit status 1 if a check failed.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "ferry-keyring.h"

static int failures;

static void
check (gboolean    ok,
       const char *what)
{
  printf ("%s - %s\n", ok ? "ok" : "not ok", what);
  fflush (stdout);
  if (!ok)
    failures++;
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static void
got_result (GObject      *source G_GNUC_UNUSED,
            GAsyncResult *result,
            gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static gboolean
store (const FerrySite *site,
       GError         **error)
{
  g_autoptr(GAsyncResult) r = NULL;

  ferry_keyring_store_async (site, NULL, got_result, &r);
  return ferry_keyring_store_finish (wait_for (&r), error);
}

static char *
lookup (const FerrySite *site,
        GError         **error)
{
  g_autoptr(GAsyncResult) r = NULL;

  ferry_keyring_lookup_async (site, NULL, got_result, &r);
  return ferry_keyring_lookup_finish (wait_for (&r), error);
}

static gboolean
clear (const FerrySite *site,
       GError         **error)
{
  g_autoptr(GAsyncResult) r = NULL;

  ferry_keyring_clear_async (site, NULL, got_result, &r);
  return ferry_keyring_clear_finish (wait_for (&r), error);
}

static FerrySite *
make_site (FerryProtocol protocol,
           const char   *host,
           guint16       port,
           const char   *user,
           const char   *password)
{
  FerrySite *site = ferry_site_new ();

  site->protocol = protocol;
  site->host = g_strdup (host);
  site->port = port;
  site->user = g_strdup (user);
  site->password = g_strdup (password);
  return site;
}

static void
note_error (const GError *error)
{
  if (error != NULL)
    g_printerr ("# %s\n", error->message);
}

static void
roundtrip (void)
{
  g_autoptr(FerrySite) a = make_site (FERRY_PROTOCOL_FTPES, "files.example.org", 0, "alice", "s3cret ü €");
  g_autoptr(FerrySite) b = make_site (FERRY_PROTOCOL_FTPES, "files.example.org", 0, "bob", "hunter2");
  /* Same account as @a written differently: upper-case host, explicit
   * default port, and a password that must be ignored by lookup. */
  g_autoptr(FerrySite) a_alias = make_site (FERRY_PROTOCOL_FTPES, "FILES.Example.ORG", 21, "alice", "ignored");
  g_autoptr(FerrySite) a_plain = make_site (FERRY_PROTOCOL_FTP, "files.example.org", 0, "alice", NULL);
  g_autoptr(FerrySite) a_port = make_site (FERRY_PROTOCOL_FTPES, "files.example.org", 2121, "alice", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *pw = NULL;
  gboolean ok;

  ok = store (a, &error);
  note_error (error);
  check (ok && error == NULL, "store alice's password");
  g_clear_error (&error);
  ok = store (b, &error);
  note_error (error);
  check (ok && error == NULL, "store bob's password (same host)");
  g_clear_error (&error);

  pw = lookup (a, &error);
  note_error (error);
  check (g_strcmp0 (pw, "s3cret ü €") == 0, "lookup gives alice's password back, UTF-8 intact");
  g_clear_pointer (&pw, g_free);
  g_clear_error (&error);

  pw = lookup (a_alias, &error);
  check (g_strcmp0 (pw, "s3cret ü €") == 0,
         "host case and explicit default port find the same item; site->password ignored");
  g_clear_pointer (&pw, g_free);
  g_clear_error (&error);

  pw = lookup (b, &error);
  check (g_strcmp0 (pw, "hunter2") == 0, "bob's password is his own");
  g_clear_pointer (&pw, g_free);

  pw = lookup (a_plain, &error);
  check (pw == NULL && error == NULL, "another protocol: nothing stored, no error");
  pw = lookup (a_port, &error);
  check (pw == NULL && error == NULL, "another port: nothing stored, no error");

  /* Storing again replaces, it does not add a second item. */
  g_free (a->password);
  a->password = g_strdup ("changed");
  ok = store (a, &error);
  pw = lookup (a, &error);
  check (ok && g_strcmp0 (pw, "changed") == 0, "storing again replaces the password");
  g_clear_pointer (&pw, g_free);

  ok = clear (a, &error);
  note_error (error);
  check (ok && error == NULL, "clear alice's password: one removed");
  g_clear_error (&error);
  pw = lookup (a, &error);
  check (pw == NULL && error == NULL, "after clear: lookup finds nothing");
  ok = clear (a, &error);
  check (!ok && error == NULL, "clear again: nothing removed, no error");
  pw = lookup (b, &error);
  check (g_strcmp0 (pw, "hunter2") == 0, "bob's password survives alice's clear");
  g_clear_pointer (&pw, g_free);
  ok = clear (b, &error);
  check (ok, "clear bob's password");
}

static void
unavailable (gboolean expect_timeout)
{
  g_autoptr(FerrySite) a = make_site (FERRY_PROTOCOL_FTP, "127.0.0.1", 2121, "alice", "pw");
  g_autoptr(GError) error = NULL;
  g_autofree char *pw = NULL;
  gint64 t0 = g_get_monotonic_time ();
  gboolean ok;
  double secs;

  ok = store (a, &error);
  secs = (g_get_monotonic_time () - t0) / 1e6;
  note_error (error);
  g_printerr ("# store failed after %.2f s\n", secs);
  if (expect_timeout)
    check (!ok && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT) &&
           strstr (error->message, "keyring") != NULL && secs < 10,
           "a Secret Service that never answers: store times out with a clear error");
  else
    check (!ok && error != NULL && strstr (error->message, "Secret Service") != NULL && secs < 5,
           "no Secret Service: store fails at once with a clear error");
  g_clear_error (&error);

  t0 = g_get_monotonic_time ();
  pw = lookup (a, &error);
  secs = (g_get_monotonic_time () - t0) / 1e6;
  check (pw == NULL && error != NULL && secs < 10,
         "no usable Secret Service: lookup fails too, no password, no hang");
}

int
main (int    argc,
      char **argv)
{
  if (argc != 2)
    {
      g_printerr ("usage: %s roundtrip|no-service|stuck\n", argv[0]);
      return 2;
    }
  if (strcmp (argv[1], "roundtrip") == 0)
    roundtrip ();
  else if (strcmp (argv[1], "no-service") == 0)
    unavailable (FALSE);
  else if (strcmp (argv[1], "stuck") == 0)
    unavailable (TRUE);
  else
    return 2;
  return failures ? 1 : 0;
}
