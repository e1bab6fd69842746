/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * FerryWorker's accept-certificate path against pyftpdlib with TLS, in
 * process.  cmocka, not GTest: glib-networking turns TLS session reuse off
 * in a process that called g_test_init() (FTPS.md), and the listing below
 * needs a resumed data connection.
 *
 * No handler: refused.  Reject: refused, the signal carried the host and
 * the certificate.  Always: connected, listing over TLS works, the trust
 * store file holds the fingerprint; a new worker then connects without
 * asking.  A question left unanswered ends when the job is cancelled.
 * Through a scripted FerryInteraction shared by two workers, "accept
 * once" is asked once and not stored.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <glib/gstdio.h>

#include "ferry-tls.h"
#include "ferry-trust-store.h"
#include "ferry-worker.h"
#include "scripted-interaction.h"

static GSubprocess *server;
static guint16 port;
static char *tmp;
static char *fingerprint;
static char *store_path;

typedef struct
{
  int                     asked;
  gboolean                answer_now;
  FerryCertificateAnswer  answer;
  char                   *host;
  char                   *fingerprint;
  gboolean                changed;
  guint                   finished_job;
  gboolean                finished;
  GError                 *error;
  gboolean                listed;
} Run;

static void
accept_certificate_cb (FerryWorker          *worker,
                       GTlsCertificate      *cert,
                       GTlsCertificateFlags  errors,
                       const char           *host,
                       gboolean              changed,
                       Run                  *run)
{
  assert_true (errors != 0);
  run->asked++;
  g_free (run->host);
  run->host = g_strdup (host);
  g_free (run->fingerprint);
  run->fingerprint = ferry_tls_certificate_fingerprint (cert);
  run->changed = changed;
  if (run->answer_now)
    ferry_worker_answer_certificate (worker, run->answer);
}

static void
job_finished_cb (FerryWorker  *worker,
                 guint         job,
                 const GError *error,
                 Run          *run)
{
  if (job != run->finished_job)
    return;
  run->finished = TRUE;
  g_clear_error (&run->error);
  if (error != NULL)
    run->error = g_error_copy (error);
}

static void
listing_ready_cb (FerryWorker *worker,
                  guint        job,
                  const char  *path,
                  GPtrArray   *entries,
                  Run         *run)
{
  run->listed = entries != NULL && entries->len >= 1;
}

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
wait_finished (Run *run)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (20, timeout_cb, &timed_out);

  while (!run->finished && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  assert_false (timed_out);
}

static FerryWorker *
new_worker (Run *run)
{
  g_autoptr(FerrySite) site = ferry_site_parse_url ("ftpes://u:p@127.0.0.1/", NULL);
  FerryWorker *worker;

  site->port = port;
  site->timeout = 10;
  worker = ferry_worker_new (site);
  g_signal_connect (worker, "job-finished", G_CALLBACK (job_finished_cb), run);
  g_signal_connect (worker, "listing-ready", G_CALLBACK (listing_ready_cb), run);
  return worker;
}

static void
run_clear (Run *run)
{
  g_free (run->host);
  g_free (run->fingerprint);
  g_clear_error (&run->error);
  memset (run, 0, sizeof *run);
}

static void
test_no_handler_refuses (void **state)
{
  Run run = { 0 };
  g_autoptr(FerryWorker) worker = new_worker (&run);

  run.finished_job = ferry_worker_connect (worker);
  wait_finished (&run);
  assert_non_null (run.error);
  assert_true (g_error_matches (run.error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_TLS));
  assert_non_null (strstr (run.error->message, fingerprint));
  run_clear (&run);
}

static void
test_reject (void **state)
{
  Run run = { .answer_now = TRUE, .answer = FERRY_CERTIFICATE_REJECT };
  g_autoptr(FerryWorker) worker = new_worker (&run);

  g_signal_connect (worker, "accept-certificate", G_CALLBACK (accept_certificate_cb), &run);
  run.finished_job = ferry_worker_connect (worker);
  wait_finished (&run);
  assert_int_equal (run.asked, 1);
  assert_string_equal (run.host, "127.0.0.1");
  assert_string_equal (run.fingerprint, fingerprint);
  assert_false (run.changed);
  assert_non_null (run.error);
  assert_false (g_file_test (store_path, G_FILE_TEST_EXISTS));
  run_clear (&run);
}

static void
test_cancel_unblocks (void **state)
{
  Run run = { .answer_now = FALSE };
  g_autoptr(FerryWorker) worker = new_worker (&run);

  g_signal_connect (worker, "accept-certificate", G_CALLBACK (accept_certificate_cb), &run);
  run.finished_job = ferry_worker_connect (worker);
  while (run.asked == 0)
    g_main_context_iteration (NULL, TRUE);
  ferry_worker_cancel (worker, run.finished_job);
  wait_finished (&run);
  assert_non_null (run.error);
  run_clear (&run);
}

static void
test_always_then_silent (void **state)
{
  Run run = { .answer_now = TRUE, .answer = FERRY_CERTIFICATE_ACCEPT_ALWAYS };
  g_autoptr(FerryWorker) worker = new_worker (&run);
  g_autoptr(FerryWorker) second = NULL;
  g_autoptr(FerryTrustStore) store = NULL;
  g_autofree char *stored = NULL;

  g_signal_connect (worker, "accept-certificate", G_CALLBACK (accept_certificate_cb), &run);
  run.finished_job = ferry_worker_list (worker, NULL);
  wait_finished (&run);
  if (run.error != NULL)
    fail_msg ("%s", run.error->message);
  assert_int_equal (run.asked, 1);
  assert_true (run.listed);

  store = ferry_trust_store_new (store_path);
  stored = ferry_trust_store_lookup (store, "127.0.0.1", port);
  assert_non_null (stored);
  assert_string_equal (stored, fingerprint);
  g_clear_object (&worker);
  run_clear (&run);

  /* Stored: no question at all. */
  second = new_worker (&run);
  g_signal_connect (second, "accept-certificate", G_CALLBACK (accept_certificate_cb), &run);
  run.finished_job = ferry_worker_list (second, NULL);
  wait_finished (&run);
  assert_null (run.error);
  assert_int_equal (run.asked, 0);
  assert_true (run.listed);
  run_clear (&run);
}

/* Through a scripted interaction shared by two workers: ACCEPT_ONCE is
 * asked once, the second worker lists without a question, and nothing
 * is stored as trusted. */
static void
test_interaction_once_shared (void **state)
{
  Run run = { 0 };
  g_autoptr(ScriptedInteraction) interaction = scripted_interaction_new ();
  g_autoptr(FerryWorker) worker = new_worker (&run);
  g_autoptr(FerryWorker) second = NULL;

  interaction->certificate = FERRY_CERTIFICATE_ACCEPT_ONCE;
  ferry_worker_set_interaction (worker, FERRY_INTERACTION (interaction));
  /* The deprecated signal is not asked when there is an interaction. */
  g_signal_connect (worker, "accept-certificate", G_CALLBACK (accept_certificate_cb), &run);
  run.finished_job = ferry_worker_list (worker, NULL);
  wait_finished (&run);
  if (run.error != NULL)
    fail_msg ("%s", run.error->message);
  assert_int_equal (interaction->certificate_asked, 1);
  assert_string_equal (interaction->host, "127.0.0.1");
  assert_int_equal (run.asked, 0);
  assert_true (run.listed);
  run_clear (&run);

  second = new_worker (&run);
  ferry_worker_set_interaction (second, FERRY_INTERACTION (interaction));
  run.finished_job = ferry_worker_list (second, NULL);
  wait_finished (&run);
  assert_null (run.error);
  assert_true (run.listed);
  assert_int_equal (interaction->certificate_asked, 1);
  assert_false (g_file_test (store_path, G_FILE_TEST_EXISTS));
  run_clear (&run);
}

static int
setup (void **state)
{
  g_autofree char *key = NULL, *crt = NULL, *both = NULL, *root = NULL, *pem = NULL;
  g_autofree char *kdata = NULL, *cdata = NULL, *line = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsCertificate) cert = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  int status = 0;

  tmp = g_dir_make_tmp ("ferry-ftps-worker-XXXXXX", NULL);
  key = g_build_filename (tmp, "key.pem", NULL);
  crt = g_build_filename (tmp, "cert.pem", NULL);
  both = g_build_filename (tmp, "both.pem", NULL);
  root = g_build_filename (tmp, "root", NULL);
  store_path = g_build_filename (tmp, "config", "trusted-certificates", NULL);
  g_setenv ("FERRY_TRUST_STORE", store_path, TRUE);
  g_mkdir (root, 0755);
  {
    g_autofree char *file = g_build_filename (root, "hello.txt", NULL);
    g_file_set_contents (file, "hello\n", -1, NULL);
  }
  {
    const char *argv[] = { "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                           "-subj", "/CN=127.0.0.1", "-days", "2", "-keyout", key,
                           "-out", crt, NULL };
    if (!g_spawn_sync (NULL, (char **) argv, NULL,
                       G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                       NULL, NULL, NULL, NULL, &status, NULL) || status != 0)
      return -1;
  }
  g_file_get_contents (key, &kdata, NULL, NULL);
  g_file_get_contents (crt, &cdata, NULL, NULL);
  pem = g_strconcat (kdata, cdata, NULL);
  g_file_set_contents (both, pem, -1, NULL);
  cert = g_tls_certificate_new_from_file (crt, &error);
  if (cert == NULL)
    return -1;
  fingerprint = ferry_tls_certificate_fingerprint (cert);

  {
    const char *argv[] = { "/usr/bin/python3", FERRY_PYFTPD, "--root", root,
                           "--user", "u:p", "--tls", both, NULL };
    server = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                                &error);
  }
  if (server == NULL)
    return -1;
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server));
  line = g_data_input_stream_read_line (out, NULL, NULL, &error);
  if (line == NULL || !g_str_has_prefix (line, "PORT "))
    return -1;
  port = (guint16) g_ascii_strtoull (line + 5, NULL, 10);
  return 0;
}

static void
rm_rf (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);

  if (dir != NULL)
    {
      const char *name;

      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          rm_rf (child);
        }
      g_dir_close (dir);
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

static int
teardown (void **state)
{
  if (server != NULL)
    {
      g_output_stream_close (g_subprocess_get_stdin_pipe (server), NULL, NULL);
      g_subprocess_wait (server, NULL, NULL);
      g_clear_object (&server);
    }
  if (tmp != NULL)
    rm_rf (tmp);
  g_clear_pointer (&tmp, g_free);
  g_clear_pointer (&fingerprint, g_free);
  g_clear_pointer (&store_path, g_free);
  return 0;
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_no_handler_refuses),
    cmocka_unit_test (test_reject),
    cmocka_unit_test (test_cancel_unblocks),
    cmocka_unit_test (test_interaction_once_shared),
    cmocka_unit_test (test_always_then_silent),
  };

  return cmocka_run_group_tests (tests, setup, teardown);
}
