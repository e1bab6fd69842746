/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * FerryWorker's ask-account path against the fault server, in process:
 * "needs-account" answers PASS with 332.  An answer "secret" logs in (the
 * signal carried the user and the server's prompt); giving up (NULL)
 * fails the connect with 332; a wrong account fails with 530; no handler
 * fails with 332 without waiting; "store-needs-account" answers STOR with
 * 532 and the upload goes through after the account is given.  With a
 * scripted FerryInteraction: two workers sharing it are asked once, and
 * cancelling the job ends the interaction's question.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <glib/gstdio.h>

#include "ferry-worker.h"
#include "scripted-interaction.h"

typedef struct
{
  GSubprocess  *server;
  guint16       port;
  FerryWorker  *worker;
  int           asked;
  char         *user;
  char         *prompt;
  const char   *answer;
  gboolean      finished;
  GError       *error;
} Fixture;

static void
start_server (Fixture *f, const char *scenario)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) in = NULL;
  g_autofree char *line = NULL;

  f->server = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                                &error, "/usr/bin/python3", FERRY_FAULT_SERVER,
                                "--scenario", scenario, NULL);
  assert_non_null (f->server);
  in = g_data_input_stream_new (g_subprocess_get_stdout_pipe (f->server));
  line = g_data_input_stream_read_line (in, NULL, NULL, &error);
  assert_non_null (line);
  assert_true (g_str_has_prefix (line, "PORT "));
  f->port = (guint16) atoi (line + 5);
}

static void
ask_cb (FerryWorker *worker, const char *user, const char *prompt, Fixture *f)
{
  f->asked++;
  g_free (f->user);
  f->user = g_strdup (user);
  g_free (f->prompt);
  f->prompt = g_strdup (prompt);
  ferry_worker_answer_account (worker, f->answer);
}

static void
finished_cb (FerryWorker *worker, guint job, const GError *error, Fixture *f)
{
  f->finished = TRUE;
  g_clear_error (&f->error);
  if (error != NULL)
    f->error = g_error_copy (error);
}

static void
make_worker (Fixture *f, gboolean handler)
{
  g_autoptr(FerrySite) site = ferry_site_new ();

  site->host = g_strdup ("127.0.0.1");
  site->port = f->port;
  site->user = g_strdup ("someone");
  site->password = g_strdup ("pw");
  site->timeout = 10;
  f->worker = ferry_worker_new (site);
  if (handler)
    g_signal_connect (f->worker, "ask-account", G_CALLBACK (ask_cb), f);
  g_signal_connect (f->worker, "job-finished", G_CALLBACK (finished_cb), f);
}

static void
run_job (Fixture *f, guint job)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  assert_true (job > 0);
  f->finished = FALSE;
  while (!f->finished && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  assert_true (f->finished);
}

static int
teardown (void **state)
{
  Fixture *f = *state;

  g_clear_object (&f->worker);
  if (f->server != NULL)
    {
      g_subprocess_force_exit (f->server);
      g_subprocess_wait (f->server, NULL, NULL);
      g_clear_object (&f->server);
    }
  g_free (f->user);
  g_free (f->prompt);
  g_clear_error (&f->error);
  g_free (f);
  return 0;
}

static int
setup (void **state)
{
  *state = g_new0 (Fixture, 1);
  return 0;
}

static void
test_account_given (void **state)
{
  Fixture *f = *state;

  start_server (f, "needs-account");
  f->answer = "secret";
  make_worker (f, TRUE);
  run_job (f, ferry_worker_connect (f->worker));
  assert_null (f->error);
  assert_int_equal (f->asked, 1);
  assert_string_equal (f->user, "someone");
  assert_non_null (strstr (f->prompt, "332"));
  assert_int_equal (ferry_worker_get_state (f->worker), FERRY_WORKER_IDLE);
}

static void
test_account_refused (void **state)
{
  Fixture *f = *state;

  start_server (f, "needs-account");
  f->answer = NULL;
  make_worker (f, TRUE);
  run_job (f, ferry_worker_connect (f->worker));
  assert_int_equal (f->asked, 1);
  assert_non_null (f->error);
  assert_true (g_error_matches (f->error, FERRY_FTP_ERROR, 332));
}

static void
test_account_wrong (void **state)
{
  Fixture *f = *state;

  start_server (f, "needs-account");
  f->answer = "guess";
  make_worker (f, TRUE);
  run_job (f, ferry_worker_connect (f->worker));
  assert_non_null (f->error);
  assert_true (g_error_matches (f->error, FERRY_FTP_ERROR, 530));
}

static void
test_no_handler (void **state)
{
  Fixture *f = *state;

  start_server (f, "needs-account");
  make_worker (f, FALSE);
  run_job (f, ferry_worker_connect (f->worker));
  assert_non_null (f->error);
  assert_true (g_error_matches (f->error, FERRY_FTP_ERROR, 332));
}

static void
test_store_needs_account (void **state)
{
  Fixture *f = *state;
  g_autofree char *dir = g_dir_make_tmp ("ferry-acct-XXXXXX", NULL);
  g_autofree char *file = g_build_filename (dir, "up.bin", NULL);

  assert_true (g_file_set_contents (file, "0123456789", 10, NULL));
  start_server (f, "store-needs-account");
  f->answer = "secret";
  make_worker (f, TRUE);
  run_job (f, ferry_worker_upload (f->worker, file, "/up.bin", FERRY_OVERWRITE_ALWAYS));
  assert_int_equal (f->asked, 1);
  assert_non_null (strstr (f->prompt, "532"));
  if (f->error != NULL)
    fail_msg ("upload failed: %s", f->error->message);
  g_unlink (file);
  g_rmdir (dir);
}

/* Two workers sharing one interaction (a connection's browsing worker
 * and its queue's): both connect at once, the question is asked once
 * and the account given reaches both; a reconnect does not ask again. */
static void
test_interaction_shared (void **state)
{
  Fixture *f = *state;
  g_autoptr(ScriptedInteraction) interaction = scripted_interaction_new ();
  g_autoptr(FerryWorker) second = NULL;
  Fixture f2 = { 0 };
  gint64 deadline;

  start_server (f, "needs-account");
  interaction->account = g_strdup ("secret");
  interaction->delay_ms = 300;   /* the second asks while the first waits */
  make_worker (f, FALSE);
  ferry_worker_set_interaction (f->worker, FERRY_INTERACTION (interaction));
  f2.port = f->port;
  make_worker (&f2, FALSE);
  second = g_steal_pointer (&f2.worker);
  ferry_worker_set_interaction (second, FERRY_INTERACTION (interaction));

  f->finished = FALSE;
  ferry_worker_connect (f->worker);
  ferry_worker_connect (second);
  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while ((!f->finished || !f2.finished) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  assert_true (f->finished && f2.finished);
  assert_null (f->error);
  assert_null (f2.error);
  assert_int_equal (interaction->account_asked, 1);
  assert_string_equal (interaction->user, "someone");
  assert_non_null (strstr (interaction->prompt, "332"));

  run_job (f, ferry_worker_disconnect (f->worker));
  run_job (f, ferry_worker_connect (f->worker));
  assert_null (f->error);
  assert_int_equal (interaction->account_asked, 1);
  g_clear_error (&f2.error);
}

/* A question nobody answers ends with the job: cancelling it cancels the
 * interaction's task too (the dialog would close). */
static void
test_interaction_cancel (void **state)
{
  Fixture *f = *state;
  g_autoptr(ScriptedInteraction) interaction = scripted_interaction_new ();
  guint job;

  start_server (f, "needs-account");
  interaction->hold = TRUE;
  make_worker (f, FALSE);
  ferry_worker_set_interaction (f->worker, FERRY_INTERACTION (interaction));
  job = ferry_worker_connect (f->worker);
  while (interaction->account_asked == 0)
    g_main_context_iteration (NULL, TRUE);
  ferry_worker_cancel (f->worker, job);
  run_job (f, job);
  assert_true (g_error_matches (f->error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
  while (interaction->cancelled == 0)
    g_main_context_iteration (NULL, TRUE);
  assert_int_equal (interaction->cancelled, 1);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown (test_account_given, setup, teardown),
    cmocka_unit_test_setup_teardown (test_account_refused, setup, teardown),
    cmocka_unit_test_setup_teardown (test_account_wrong, setup, teardown),
    cmocka_unit_test_setup_teardown (test_no_handler, setup, teardown),
    cmocka_unit_test_setup_teardown (test_store_needs_account, setup, teardown),
    cmocka_unit_test_setup_teardown (test_interaction_shared, setup, teardown),
    cmocka_unit_test_setup_teardown (test_interaction_cancel, setup, teardown),
  };

  return cmocka_run_group_tests (tests, NULL, NULL);
}
