/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * FerryWorker against a real pyftpdlib server on 127.0.0.1: signals arrive
 * on the main thread in order, progress is coalesced, transfers are byte
 * exact, errors carry the reply code, cancel is quick and leaves the worker
 * usable, and dispose joins the thread even when the server is silent.
 */
#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "ferry-worker.h"
#include "ferry-worker-private.h"

#define USER      "ferry"
#define PASSWORD  "s3cret-pw"

#define DATA_SIZE   (8 * 1024 * 1024)
/* pyftpdlib's throttle sends this much at once, then pauses ~2 s. */
#define SLOW_RATE   (8 * 1024 * 1024)
#define UP_SIZE     (3 * 1024 * 1024 + 17)
#define HUGE_SIZE   ((gint64) 200 * 1024 * 1024)

typedef struct
{
  GSubprocess *proc;
  guint16      port;
} Server;

static Server fast_server;
static Server slow_server;
static char *remote_root;
static char *local_dir;
static GThread *main_thread;

/* ---------------------------------------------------------------------- */
/* Helpers                                                                  */

static void
server_start (Server     *server,
              const char *extra_arg)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;
  const char *argv[] = {
    "/usr/bin/python3", FERRY_PYFTPD, "--root", remote_root,
    "--user", USER ":" PASSWORD, extra_arg, NULL
  };

  server->proc = g_subprocess_newv (argv,
                                    G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                    G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                                    &error);
  g_assert_no_error (error);

  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->proc));
  line = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "PORT "));
  server->port = (guint16) g_ascii_strtoull (line + 5, NULL, 10);
  g_assert_cmpuint (server->port, >, 0);
}

static void
server_stop (Server *server)
{
  /* The server exits when its stdin reaches EOF. */
  g_output_stream_close (g_subprocess_get_stdin_pipe (server->proc), NULL, NULL);
  for (int i = 0; i < 300 && g_subprocess_get_identifier (server->proc) != NULL; i++)
    g_usleep (10 * 1000);
  if (g_subprocess_get_identifier (server->proc) != NULL)
    g_subprocess_force_exit (server->proc);
  g_subprocess_wait (server->proc, NULL, NULL);
  g_clear_object (&server->proc);
}

static void
write_random_file (const char *path,
                   gsize       size,
                   guint32     seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autofree guint32 *buf = g_new (guint32, size / 4 + 1);
  g_autoptr(GError) error = NULL;

  for (gsize i = 0; i < size / 4 + 1; i++)
    buf[i] = g_rand_int (rand);
  g_file_set_contents (path, (const char *) buf, size, &error);
  g_assert_no_error (error);
}

static void
assert_files_equal (const char *a,
                    const char *b)
{
  g_autofree char *ca = NULL;
  g_autofree char *cb = NULL;
  gsize la = 0, lb = 0;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (a, &ca, &la, &error);
  g_assert_no_error (error);
  g_file_get_contents (b, &cb, &lb, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (la, ==, lb);
  g_assert_true (memcmp (ca, cb, la) == 0);
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

/* Threads named "ferry-worker" (the name a worker gives its thread). */
static guint
count_worker_threads (void)
{
  GDir *dir = g_dir_open ("/proc/self/task", 0, NULL);
  const char *tid;
  guint n = 0;

  g_assert_nonnull (dir);
  while ((tid = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_strdup_printf ("/proc/self/task/%s/comm", tid);
      g_autofree char *comm = NULL;

      if (g_file_get_contents (path, &comm, NULL, NULL) &&
          g_str_has_prefix (comm, "ferry-worker"))
        n++;
    }
  g_dir_close (dir);
  return n;
}

static FerrySite *
site_new (guint16     port,
          const char *password)
{
  FerrySite *site = ferry_site_new ();

  site->protocol = FERRY_PROTOCOL_FTP;
  site->host = g_strdup ("127.0.0.1");
  site->port = port;
  site->user = g_strdup (USER);
  site->password = g_strdup (password);
  site->timeout = 10;
  return site;
}

/* ---------------------------------------------------------------------- */
/* Recording the signals                                                    */

typedef struct
{
  gboolean  done;
  GError   *error;
} Finished;

typedef struct
{
  FerryWorker *worker;
  GArray      *states;          /* FerryWorkerState */
  GHashTable  *finished;        /* job → Finished */
  GArray      *finish_order;    /* guint job ids as job-finished came */
  GPtrArray   *commands;        /* FERRY_LOG_COMMAND texts */
  GArray      *reply_codes;     /* guint, from "reply" */
  guint        n_log_replies;   /* log-line with FERRY_LOG_REPLY */
  guint        n_replies;
  guint        n_reconnects;    /* the worker's own "reconnecting" notes */

  guint        listing_job;
  char        *listing_path;
  GPtrArray   *listing;
  GPtrArray   *batched;         /* names from listing-batch, in order */
  guint        n_batches;

  guint        progress_job;
  guint        n_progress;
  gint64       first_progress_us;
  gint64       last_progress_us;
  gint64       min_gap_us;      /* between consecutive progress signals,
                                 * the last one (the final report) excluded */
  gint64       last_gap_us;
  guint64      last_done;
  gint64       last_total;
  double       max_rate;
  gboolean     backwards;       /* done decreased */
  gboolean     progress_after_finish;

  guint        cancel_job;      /* cancel this job on its first progress */
  gint64       cancel_us;
  guint64      done_at_cancel;
} Recorder;

static void
finished_free (gpointer data)
{
  Finished *f = data;

  g_clear_error (&f->error);
  g_free (f);
}

static void
assert_main_thread (void)
{
  g_assert_true (g_thread_self () == main_thread);
  g_assert_true (g_main_context_is_owner (g_main_context_default ()));
}

static void
state_changed_cb (FerryWorker      *worker,
                  FerryWorkerState  state,
                  Recorder         *rec)
{
  assert_main_thread ();
  g_array_append_val (rec->states, state);
}

static void
log_line_cb (FerryWorker *worker,
             int          kind,
             guint        code,
             const char  *text,
             Recorder    *rec)
{
  assert_main_thread ();
  g_assert_nonnull (text);
  /* The password never reaches the log. */
  g_assert_null (strstr (text, PASSWORD));
  if (kind == FERRY_LOG_COMMAND)
    g_ptr_array_add (rec->commands, g_strdup (text));
  else if (kind == FERRY_LOG_REPLY)
    rec->n_log_replies++;
  else
    {
      g_test_message ("log: %s", text);
      if (kind == FERRY_LOG_INFO && strstr (text, "reconnecting") != NULL)
        rec->n_reconnects++;
    }
}

static void
reply_cb (FerryWorker *worker,
          guint        code,
          const char  *text,
          Recorder    *rec)
{
  assert_main_thread ();
  g_assert_cmpuint (code, >=, 100);
  g_assert_cmpuint (code, <=, 599);
  g_array_append_val (rec->reply_codes, code);
  rec->n_replies++;
}

static void
listing_ready_cb (FerryWorker *worker,
                  guint        job,
                  const char  *path,
                  GPtrArray   *entries,
                  Recorder    *rec)
{
  assert_main_thread ();
  rec->listing_job = job;
  g_free (rec->listing_path);
  rec->listing_path = g_strdup (path);
  g_clear_pointer (&rec->listing, g_ptr_array_unref);
  rec->listing = g_ptr_array_ref (entries);
  /* The cwd is updated before the signal. */
  g_assert_cmpstr (ferry_worker_get_cwd (worker), ==, path);
}

/* A part of a listing: before its listing-ready and its job-finished. */
static void
listing_batch_cb (FerryWorker *worker,
                  guint        job,
                  const char  *path,
                  GPtrArray   *entries,
                  Recorder    *rec)
{
  assert_main_thread ();
  g_assert_nonnull (path);
  g_assert_cmpuint (entries->len, >, 0);
  g_assert_cmpuint (rec->listing_job, !=, job);
  g_assert_false (g_hash_table_contains (rec->finished, GUINT_TO_POINTER (job)));
  for (guint i = 0; i < entries->len; i++)
    g_ptr_array_add (rec->batched, g_strdup (((FerryListEntry *) g_ptr_array_index (entries, i))->name));
  rec->n_batches++;
}

/* The parts of the last listing were all of it, in its order. */
static void
assert_batches_are_listing (Recorder *rec)
{
  g_assert_cmpuint (rec->n_batches, >, 0);
  g_assert_cmpuint (rec->batched->len, ==, rec->listing->len);
  for (guint i = 0; i < rec->listing->len; i++)
    g_assert_cmpstr (g_ptr_array_index (rec->batched, i), ==,
                     ((FerryListEntry *) g_ptr_array_index (rec->listing, i))->name);
  g_ptr_array_set_size (rec->batched, 0);
  rec->n_batches = 0;
}

static void
progress_cb (FerryWorker *worker,
             guint        job,
             guint64      done,
             gint64       total,
             double       rate,
             Recorder    *rec)
{
  gint64 now = g_get_monotonic_time ();

  assert_main_thread ();
  if (g_hash_table_contains (rec->finished, GUINT_TO_POINTER (job)))
    rec->progress_after_finish = TRUE;

  if (job != rec->progress_job)
    {
      rec->progress_job = job;
      rec->n_progress = 0;
      rec->first_progress_us = now;
      rec->min_gap_us = G_MAXINT64;
      rec->last_gap_us = -1;
      rec->last_done = 0;
      rec->max_rate = 0;
      rec->backwards = FALSE;
    }
  else
    {
      if (rec->last_gap_us >= 0)
        rec->min_gap_us = MIN (rec->min_gap_us, rec->last_gap_us);
      rec->last_gap_us = now - rec->last_progress_us;
    }

  if (done < rec->last_done)
    rec->backwards = TRUE;
  rec->n_progress++;
  rec->last_progress_us = now;
  rec->last_done = done;
  rec->last_total = total;
  rec->max_rate = MAX (rec->max_rate, rate);

  /* Mid-way: once some bytes have arrived. */
  if (job == rec->cancel_job && rec->cancel_us == 0 && done > 0)
    {
      rec->cancel_us = now;
      rec->done_at_cancel = done;
      ferry_worker_cancel (worker, job);
    }
}

static void
job_finished_cb (FerryWorker  *worker,
                 guint         job,
                 const GError *error,
                 Recorder     *rec)
{
  Finished *f = g_new0 (Finished, 1);

  assert_main_thread ();
  g_assert_false (g_hash_table_contains (rec->finished, GUINT_TO_POINTER (job)));
  f->done = TRUE;
  f->error = error ? g_error_copy (error) : NULL;
  g_hash_table_insert (rec->finished, GUINT_TO_POINTER (job), f);
  g_array_append_val (rec->finish_order, job);
}

static Recorder *
recorder_new (const FerrySite *site)
{
  Recorder *rec = g_new0 (Recorder, 1);

  rec->states = g_array_new (FALSE, FALSE, sizeof (FerryWorkerState));
  rec->finished = g_hash_table_new_full (NULL, NULL, NULL, finished_free);
  rec->finish_order = g_array_new (FALSE, FALSE, sizeof (guint));
  rec->commands = g_ptr_array_new_with_free_func (g_free);
  rec->reply_codes = g_array_new (FALSE, FALSE, sizeof (guint));
  rec->batched = g_ptr_array_new_with_free_func (g_free);
  rec->worker = ferry_worker_new (site);
  g_assert_cmpint (ferry_worker_get_state (rec->worker), ==, FERRY_WORKER_DISCONNECTED);

  g_signal_connect (rec->worker, "state-changed", G_CALLBACK (state_changed_cb), rec);
  g_signal_connect (rec->worker, "log-line", G_CALLBACK (log_line_cb), rec);
  g_signal_connect (rec->worker, "reply", G_CALLBACK (reply_cb), rec);
  g_signal_connect (rec->worker, "listing-ready", G_CALLBACK (listing_ready_cb), rec);
  g_signal_connect (rec->worker, "listing-batch", G_CALLBACK (listing_batch_cb), rec);
  g_signal_connect (rec->worker, "progress", G_CALLBACK (progress_cb), rec);
  g_signal_connect (rec->worker, "job-finished", G_CALLBACK (job_finished_cb), rec);
  return rec;
}

/* Drops the worker and checks that it is really gone: finalized at once,
 * its thread joined, no source left that could emit later. */
static void
recorder_free (Recorder *rec)
{
  gpointer weak = rec->worker;
  gint64 start = g_get_monotonic_time ();
  guint threads = count_worker_threads ();

  g_assert_cmpuint (threads, >=, 1);
  g_object_add_weak_pointer (G_OBJECT (rec->worker), &weak);
  g_object_unref (rec->worker);
  g_assert_null (weak);
  g_assert_cmpuint (count_worker_threads (), ==, threads - 1);
  g_test_message ("dispose took %.1f ms", (g_get_monotonic_time () - start) / 1000.0);

  /* Leftover sources must be harmless. */
  while (g_main_context_iteration (NULL, FALSE))
    ;

  g_array_unref (rec->states);
  g_hash_table_unref (rec->finished);
  g_array_unref (rec->finish_order);
  g_ptr_array_unref (rec->commands);
  g_array_unref (rec->reply_codes);
  g_free (rec->listing_path);
  g_clear_pointer (&rec->listing, g_ptr_array_unref);
  g_ptr_array_unref (rec->batched);
  g_free (rec);
}

static gboolean
tick_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Runs the main loop until @job has finished or @timeout_ms passed. */
static const Finished *
wait_job (Recorder *rec,
          guint     job,
          guint     timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  guint tick = g_timeout_add (10, tick_cb, NULL);
  Finished *f;

  g_assert_cmpuint (job, >, 0);
  while ((f = g_hash_table_lookup (rec->finished, GUINT_TO_POINTER (job))) == NULL &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (tick);

  if (f == NULL)
    g_error ("job %u did not finish within %u ms", job, timeout_ms);
  return f;
}

static void
spin (guint ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) ms * 1000;
  guint tick = g_timeout_add (10, tick_cb, NULL);

  while (g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (tick);
}

static gboolean
listing_has (GPtrArray      *entries,
             const char     *name,
             FerryEntryType  type)
{
  for (guint i = 0; i < entries->len; i++)
    {
      const FerryListEntry *e = g_ptr_array_index (entries, i);

      if (g_strcmp0 (e->name, name) == 0)
        return e->type == type;
    }
  return FALSE;
}

static void
assert_states (Recorder               *rec,
               const FerryWorkerState *expected,
               guint                   n)
{
  g_assert_cmpuint (rec->states->len, ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpint (g_array_index (rec->states, FerryWorkerState, i), ==, expected[i]);
}

static gboolean
saw_command (Recorder   *rec,
             const char *prefix)
{
  for (guint i = 0; i < rec->commands->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (rec->commands, i), prefix))
      return TRUE;
  return FALSE;
}

static guint
count_commands (Recorder   *rec,
                const char *prefix)
{
  guint n = 0;

  for (guint i = 0; i < rec->commands->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (rec->commands, i), prefix))
      n++;
  return n;
}

/* ---------------------------------------------------------------------- */
/* Tests                                                                    */

static void
test_connect_list (void)
{
  g_autoptr(FerrySite) site = site_new (fast_server.port, PASSWORD);
  Recorder *rec = recorder_new (site);
  const FerryWorkerState connect_states[] = {
    FERRY_WORKER_CONNECTING, FERRY_WORKER_IDLE,
  };
  const FerryWorkerState list_states[] = {
    FERRY_WORKER_CONNECTING, FERRY_WORKER_IDLE,
    FERRY_WORKER_BUSY, FERRY_WORKER_IDLE,
  };
  const Finished *f;
  guint job;

  job = ferry_worker_connect (rec->worker);
  g_assert_cmpuint (job, ==, 1);
  f = wait_job (rec, job, 10000);
  g_assert_no_error (f->error);
  assert_states (rec, connect_states, G_N_ELEMENTS (connect_states));
  g_assert_cmpint (ferry_worker_get_state (rec->worker), ==, FERRY_WORKER_IDLE);
  g_assert_cmpstr (ferry_worker_get_cwd (rec->worker), ==, "/");
  g_assert_true (saw_command (rec, "USER " USER));
  g_assert_true (saw_command (rec, "PASS "));
  g_assert_cmpuint (rec->n_replies, >, 0);
  g_assert_cmpuint (rec->n_replies, ==, rec->n_log_replies);
  g_assert_cmpuint (g_array_index (rec->reply_codes, guint, 0), ==, 220);

  job = ferry_worker_list (rec->worker, "/");
  g_assert_cmpuint (job, ==, 2);
  f = wait_job (rec, job, 10000);
  g_assert_no_error (f->error);
  g_assert_cmpuint (rec->listing_job, ==, job);
  g_assert_cmpstr (rec->listing_path, ==, "/");
  g_assert_true (listing_has (rec->listing, "hello.txt", FERRY_ENTRY_FILE));
  g_assert_true (listing_has (rec->listing, "data.bin", FERRY_ENTRY_FILE));
  g_assert_true (listing_has (rec->listing, "huge.bin", FERRY_ENTRY_FILE));
  g_assert_true (listing_has (rec->listing, "sub", FERRY_ENTRY_DIR));
  g_assert_false (listing_has (rec->listing, ".", FERRY_ENTRY_DIR));
  g_assert_false (listing_has (rec->listing, "..", FERRY_ENTRY_DIR));
  g_assert_cmpuint (rec->listing->len, ==, 4);
  assert_batches_are_listing (rec);
  assert_states (rec, list_states, G_N_ELEMENTS (list_states));

  /* Relative paths and ".." resolve through the server's PWD. */
  f = wait_job (rec, ferry_worker_list (rec->worker, "sub"), 10000);
  g_assert_no_error (f->error);
  g_assert_cmpstr (rec->listing_path, ==, "/sub");
  g_assert_cmpuint (rec->listing->len, ==, 1);
  g_assert_true (listing_has (rec->listing, "inner.txt", FERRY_ENTRY_FILE));
  assert_batches_are_listing (rec);

  f = wait_job (rec, ferry_worker_list (rec->worker, NULL), 10000);
  g_assert_no_error (f->error);
  g_assert_cmpstr (rec->listing_path, ==, "/sub");

  f = wait_job (rec, ferry_worker_list (rec->worker, ".."), 10000);
  g_assert_no_error (f->error);
  g_assert_cmpstr (rec->listing_path, ==, "/");
  g_assert_cmpstr (ferry_worker_get_cwd (rec->worker), ==, "/");

  /* A missing folder fails with the server's code and lists nothing. */
  rec->listing_job = 0;
  g_ptr_array_set_size (rec->batched, 0);
  rec->n_batches = 0;
  job = ferry_worker_list (rec->worker, "/no-such-dir");
  f = wait_job (rec, job, 10000);
  g_assert_error (f->error, FERRY_FTP_ERROR, 550);
  g_assert_cmpuint (rec->listing_job, ==, 0);
  g_assert_cmpuint (rec->n_batches, ==, 0);
  g_assert_cmpint (ferry_worker_get_state (rec->worker), ==, FERRY_WORKER_IDLE);

  job = ferry_worker_disconnect (rec->worker);
  f = wait_job (rec, job, 10000);
  g_assert_no_error (f->error);
  g_assert_cmpint (ferry_worker_get_state (rec->worker), ==, FERRY_WORKER_DISCONNECTED);
  g_assert_true (saw_command (rec, "QUIT"));

  recorder_free (rec);
}

static void
test_download (void)
{
  g_autoptr(FerrySite) site = site_new (fast_server.port, PASSWORD);
  Recorder *rec = recorder_new (site);
  g_autofree char *local = g_build_filename (local_dir, "data.bin", NULL);
  g_autofree char *part = g_strconcat (local, ".part", NULL);
  g_autofree char *remote = g_build_filename (remote_root, "data.bin", NULL);
  gint64 start = g_get_monotonic_time ();
  double secs;
  const Finished *f;
  guint job;

  /* Connects on its own. */
  job = ferry_worker_download (rec->worker, "/data.bin", local, FERRY_OVERWRITE_NEVER);
  f = wait_job (rec, job, 15000);
  secs = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  g_assert_no_error (f->error);

  g_assert_cmpuint (rec->progress_job, ==, job);
  g_assert_cmpuint (rec->n_progress, >=, 1);
  g_assert_cmpuint (rec->n_progress, <=, secs * 10 + 2);
  g_assert_cmpuint (rec->last_done, ==, DATA_SIZE);
  g_assert_false (rec->backwards);
  g_assert_false (rec->progress_after_finish);
  assert_files_equal (local, remote);
  g_assert_false (g_file_test (part, G_FILE_TEST_EXISTS));
  g_test_message ("8 MiB download: %.3f s, %u progress signals", secs, rec->n_progress);

  /* NEVER keeps an existing target. */
  f = wait_job (rec, ferry_worker_download (rec->worker, "/hello.txt", local,
                                            FERRY_OVERWRITE_NEVER), 10000);
  g_assert_nonnull (f->error);
  assert_files_equal (local, remote);

  recorder_free (rec);
}

/* A 200 MB download at loopback speed: hundreds of engine callbacks, a
 * handful of signals, spaced by the coalescing interval. */
static void
test_progress_coalesced (void)
{
  g_autoptr(FerrySite) site = site_new (fast_server.port, PASSWORD);
  Recorder *rec = recorder_new (site);
  g_autofree char *local = g_build_filename (local_dir, "huge-full.bin", NULL);
  GStatBuf st;
  gint64 start;
  double secs;
  const Finished *f;
  guint job;

  f = wait_job (rec, ferry_worker_connect (rec->worker), 10000);
  g_assert_no_error (f->error);

  start = g_get_monotonic_time ();
  job = ferry_worker_download (rec->worker, "/huge.bin", local, FERRY_OVERWRITE_ALWAYS);
  f = wait_job (rec, job, 15000);
  secs = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  g_assert_no_error (f->error);
  g_assert_cmpint (g_stat (local, &st), ==, 0);
  g_assert_cmpint (st.st_size, ==, HUGE_SIZE);

  g_test_message ("200 MB download: %.3f s, %u progress signals, min gap %.1f ms "
                  "(final excluded), max rate %.0f MB/s",
                  secs, rec->n_progress, rec->min_gap_us / 1000.0, rec->max_rate / 1e6);
  g_assert_cmpuint (rec->progress_job, ==, job);
  g_assert_cmpuint (rec->n_progress, >=, 2);
  g_assert_cmpuint (rec->n_progress, <=, secs * 10 + 2);
  if (rec->n_progress >= 3)
    g_assert_cmpint (rec->min_gap_us, >=, 90 * 1000);
  g_assert_cmpuint (rec->last_done, ==, HUGE_SIZE);
  g_assert_cmpint (rec->last_total, ==, HUGE_SIZE);
  g_assert_false (rec->backwards);
  g_assert_false (rec->progress_after_finish);
  /* Some rate, and not more than physics allows on this machine. */
  g_assert_cmpfloat (rec->max_rate, >, 0);
  g_assert_cmpfloat (rec->max_rate, <, 100e9);

  g_unlink (local);
  recorder_free (rec);
}

static void
test_upload_and_files (void)
{
  g_autoptr(FerrySite) site = site_new (fast_server.port, PASSWORD);
  Recorder *rec = recorder_new (site);
  g_autofree char *local = g_build_filename (local_dir, "up.bin", NULL);
  g_autofree char *back = g_build_filename (local_dir, "up-back.bin", NULL);
  g_autofree char *on_server = g_build_filename (remote_root, "work", "up.bin", NULL);
  g_autofree char *dir = g_build_filename (remote_root, "work", NULL);
  g_autofree char *renamed = g_build_filename (remote_root, "work", "moved.bin", NULL);
  g_autofree char *renamed_dir = g_build_filename (remote_root, "done", NULL);
  const Finished *f;
  guint job;

  write_random_file (local, UP_SIZE, 7);

  f = wait_job (rec, ferry_worker_mkdir (rec->worker, "/work"), 10000);
  g_assert_no_error (f->error);
  g_assert_true (g_file_test (dir, G_FILE_TEST_IS_DIR));

  job = ferry_worker_upload (rec->worker, local, "/work/up.bin", FERRY_OVERWRITE_NEVER);
  f = wait_job (rec, job, 15000);
  g_assert_no_error (f->error);
  assert_files_equal (local, on_server);
  g_assert_cmpuint (rec->progress_job, ==, job);
  g_assert_cmpuint (rec->last_done, ==, UP_SIZE);

  /* Round trip. */
  f = wait_job (rec, ferry_worker_download (rec->worker, "/work/up.bin", back,
                                            FERRY_OVERWRITE_NEVER), 15000);
  g_assert_no_error (f->error);
  assert_files_equal (local, back);

  f = wait_job (rec, ferry_worker_rename (rec->worker, "/work/up.bin", "/work/moved.bin"), 10000);
  g_assert_no_error (f->error);
  g_assert_false (g_file_test (on_server, G_FILE_TEST_EXISTS));
  assert_files_equal (local, renamed);

  f = wait_job (rec, ferry_worker_list (rec->worker, "/work"), 10000);
  g_assert_no_error (f->error);
  g_assert_cmpuint (rec->listing->len, ==, 1);
  g_assert_true (listing_has (rec->listing, "moved.bin", FERRY_ENTRY_FILE));

  /* A folder that is not empty is refused by the server. */
  f = wait_job (rec, ferry_worker_delete (rec->worker, "/work", TRUE), 10000);
  g_assert_error (f->error, FERRY_FTP_ERROR, 550);
  g_assert_true (g_file_test (dir, G_FILE_TEST_IS_DIR));

  f = wait_job (rec, ferry_worker_delete (rec->worker, "/work/moved.bin", FALSE), 10000);
  g_assert_no_error (f->error);
  g_assert_false (g_file_test (renamed, G_FILE_TEST_EXISTS));

  f = wait_job (rec, ferry_worker_rename (rec->worker, "/work", "/done"), 10000);
  g_assert_no_error (f->error);
  g_assert_true (g_file_test (renamed_dir, G_FILE_TEST_IS_DIR));

  f = wait_job (rec, ferry_worker_delete (rec->worker, "/done", TRUE), 10000);
  g_assert_no_error (f->error);
  g_assert_false (g_file_test (renamed_dir, G_FILE_TEST_EXISTS));

  f = wait_job (rec, ferry_worker_delete (rec->worker, "/no-such-file", FALSE), 10000);
  g_assert_error (f->error, FERRY_FTP_ERROR, 550);
  g_assert_cmpint (ferry_worker_get_state (rec->worker), ==, FERRY_WORKER_IDLE);

  recorder_free (rec);
}

static void
test_raw (void)
{
  g_autoptr(FerrySite) site = site_new (fast_server.port, PASSWORD);
  Recorder *rec = recorder_new (site);
  const Finished *f;
  guint before;

  f = wait_job (rec, ferry_worker_connect (rec->worker), 10000);
  g_assert_no_error (f->error);

  before = rec->reply_codes->len;
  f = wait_job (rec, ferry_worker_raw (rec->worker, "NOOP"), 10000);
  g_assert_no_error (f->error);
  g_assert_cmpuint (rec->reply_codes->len, ==, before + 1);
  g_assert_cmpuint (g_array_index (rec->reply_codes, guint, before), ==, 200);
  g_assert_cmpstr (g_ptr_array_index (rec->commands, rec->commands->len - 1), ==, "NOOP");

  f = wait_job (rec, ferry_worker_raw (rec->worker, "XYZZY"), 10000);
  g_assert_error (f->error, FERRY_FTP_ERROR, 500);
  g_assert_cmpuint (g_array_index (rec->reply_codes, guint, rec->reply_codes->len - 1), ==, 500);

  /* Refused before anything is sent. */
  before = rec->commands->len;
  f = wait_job (rec, ferry_worker_raw (rec->worker, "NOOP\r\nDELE hello.txt"), 10000);
  g_assert_nonnull (f->error);
  g_assert_cmpuint (rec->commands->len, ==, before);

  f = wait_job (rec, ferry_worker_raw (rec->worker, "NOOP"), 10000);
  g_assert_no_error (f->error);

  /* The server hangs up after QUIT; the next job notices, logs in again
   * and runs as if nothing happened. */
  f = wait_job (rec, ferry_worker_raw (rec->worker, "QUIT"), 10000);
  g_assert_no_error (f->error);
  g_assert_cmpuint (g_array_index (rec->reply_codes, guint, rec->reply_codes->len - 1), ==, 221);
  f = wait_job (rec, ferry_worker_list (rec->worker, "/sub"), 10000);
  g_assert_no_error (f->error);
  g_assert_cmpstr (rec->listing_path, ==, "/sub");
  g_assert_cmpuint (count_commands (rec, "USER "), ==, 2);
  g_assert_cmpuint (rec->n_reconnects, ==, 1);
  g_assert_cmpint (ferry_worker_get_state (rec->worker), ==, FERRY_WORKER_IDLE);

  recorder_free (rec);
}

/* pyftpdlib answers a failed login only after 3 s: both workers at once. */
static void
test_bad_password (void)
{
  g_autoptr(FerrySite) site = site_new (fast_server.port, "wrong-password");
  Recorder *rec = recorder_new (site);
  Recorder *rec2 = recorder_new (site);
  const FerryWorkerState states[] = { FERRY_WORKER_CONNECTING, FERRY_WORKER_DISCONNECTED };
  const Finished *f;
  guint job, job2;

  job = ferry_worker_connect (rec->worker);
  /* A job that needs the connection makes it, and fails the same way. */
  job2 = ferry_worker_list (rec2->worker, "/");

  f = wait_job (rec, job, 10000);
  g_assert_error (f->error, FERRY_FTP_ERROR, 530);
  assert_states (rec, states, G_N_ELEMENTS (states));
  g_assert_cmpint (ferry_worker_get_state (rec->worker), ==, FERRY_WORKER_DISCONNECTED);

  f = wait_job (rec2, job2, 10000);
  g_assert_error (f->error, FERRY_FTP_ERROR, 530);
  assert_states (rec2, states, G_N_ELEMENTS (states));
  g_assert_cmpuint (rec2->listing_job, ==, 0);

  recorder_free (rec);
  recorder_free (rec2);
}

static void
test_cancel (void)
{
  g_autoptr(FerrySite) site = site_new (slow_server.port, PASSWORD);
  Recorder *rec = recorder_new (site);
  g_autofree char *local = g_build_filename (local_dir, "huge.bin", NULL);
  const Finished *f;
  guint job, queued;
  gint64 finish_us;

  f = wait_job (rec, ferry_worker_connect (rec->worker), 10000);
  g_assert_no_error (f->error);

  job = ferry_worker_download (rec->worker, "/huge.bin", local, FERRY_OVERWRITE_ALWAYS);
  queued = ferry_worker_list (rec->worker, "/");
  ferry_worker_cancel (rec->worker, queued);
  rec->cancel_job = job;

  f = wait_job (rec, job, 15000);
  finish_us = g_get_monotonic_time ();
  g_assert_error (f->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (rec->cancel_us, >, 0);
  g_test_message ("cancel at %" G_GUINT64_FORMAT " of %" G_GINT64_FORMAT " bytes, "
                  "job-finished %.1f ms later",
                  rec->done_at_cancel, HUGE_SIZE, (finish_us - rec->cancel_us) / 1000.0);
  g_assert_cmpuint (rec->done_at_cancel, >, 0);
  g_assert_cmpuint (rec->done_at_cancel, <, HUGE_SIZE);
  g_assert_cmpuint (rec->last_done, <, HUGE_SIZE);
  g_assert_cmpint (finish_us - rec->cancel_us, <, 3 * G_USEC_PER_SEC);
  g_assert_false (rec->progress_after_finish);
  g_assert_false (g_file_test (local, G_FILE_TEST_EXISTS));

  /* The queued list was skipped, cancelled, and listed nothing; it was
   * reported at once, not after the transfer ahead of it. */
  f = wait_job (rec, queued, 10000);
  g_assert_error (f->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (rec->listing_job, ==, 0);
  g_assert_cmpuint (rec->finish_order->len, ==, 3);
  g_assert_cmpuint (g_array_index (rec->finish_order, guint, 1), ==, queued);
  g_assert_cmpuint (g_array_index (rec->finish_order, guint, 2), ==, job);

  /* The same worker still works (reconnecting if the engine dropped the
   * connection to interrupt the transfer). */
  job = ferry_worker_list (rec->worker, "/");
  f = wait_job (rec, job, 10000);
  g_assert_no_error (f->error);
  g_assert_cmpuint (rec->listing_job, ==, job);
  g_assert_true (listing_has (rec->listing, "huge.bin", FERRY_ENTRY_FILE));

  /* Cancel-all takes queued jobs too. */
  job = ferry_worker_raw (rec->worker, "NOOP");
  queued = ferry_worker_list (rec->worker, "/");
  ferry_worker_cancel (rec->worker, 0);
  f = wait_job (rec, queued, 10000);
  g_assert_error (f->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  f = wait_job (rec, job, 10000);
  g_assert_error (f->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  recorder_free (rec);
  g_unlink (local);
  {
    g_autofree char *part = g_strconcat (local, ".part", NULL);
    g_unlink (part);
  }
}

/* The _async API: results only through the callbacks (no job-finished,
 * no listing-ready), progress still as signals, a cancellable that
 * cancels a running transfer. */
static void
result_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  gint64 deadline = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;

  while (*slot == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (*slot);
  return *slot;
}

static gboolean
cancel_when_running_cb (gpointer data)
{
  void **args = data;
  Recorder *rec = args[0];

  if (rec->n_progress == 0)
    return G_SOURCE_CONTINUE;
  g_cancellable_cancel (args[1]);
  return G_SOURCE_REMOVE;
}

static void
test_async (void)
{
  g_autoptr(FerrySite) site = site_new (fast_server.port, PASSWORD);
  g_autoptr(FerrySite) slow = site_new (slow_server.port, PASSWORD);
  Recorder *rec = recorder_new (site);
  Recorder *slow_rec = recorder_new (slow);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *local = g_build_filename (local_dir, "huge-async.bin", NULL);
  g_autoptr(GError) error = NULL;
  GAsyncResult *res = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  void *args[2];

  ferry_worker_connect_async (rec->worker, NULL, result_cb, &res);
  g_assert_true (ferry_worker_job_finish (rec->worker, wait_result (&res), &error));
  g_assert_no_error (error);
  g_clear_object (&res);

  ferry_worker_mkdir_async (rec->worker, "/async-dir", NULL, result_cb, &res);
  g_assert_true (ferry_worker_job_finish (rec->worker, wait_result (&res), &error));
  g_clear_object (&res);

  ferry_worker_list_async (rec->worker, "/", NULL, result_cb, &res);
  entries = ferry_worker_list_finish (rec->worker, wait_result (&res), &path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (path, ==, "/");
  g_assert_true (listing_has (entries, "async-dir", FERRY_ENTRY_DIR));
  g_clear_object (&res);

  ferry_worker_rename_async (rec->worker, "/async-dir", "/async-dir2", NULL, result_cb, &res);
  g_assert_true (ferry_worker_job_finish (rec->worker, wait_result (&res), &error));
  g_clear_object (&res);
  ferry_worker_delete_async (rec->worker, "/async-dir2", TRUE, NULL, result_cb, &res);
  g_assert_true (ferry_worker_job_finish (rec->worker, wait_result (&res), &error));
  g_clear_object (&res);
  /* Gone: deleting it again fails with the server's 550. */
  ferry_worker_delete_async (rec->worker, "/async-dir2", TRUE, NULL, result_cb, &res);
  g_assert_false (ferry_worker_job_finish (rec->worker, wait_result (&res), &error));
  g_assert_error (error, FERRY_FTP_ERROR, 550);
  g_clear_error (&error);
  g_clear_object (&res);

  g_assert_cmpuint (rec->finish_order->len, ==, 0);
  g_assert_cmpuint (rec->listing_job, ==, 0);

  /* Cancelling the cancellable stops a running download. */
  args[0] = slow_rec;
  args[1] = cancellable;
  g_timeout_add (20, cancel_when_running_cb, args);
  ferry_worker_download_async (slow_rec->worker, "/huge.bin", local, FERRY_OVERWRITE_ALWAYS, NULL,
                               cancellable, result_cb, &res);
  g_assert_false (ferry_worker_job_finish (slow_rec->worker, wait_result (&res), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (slow_rec->n_progress, >, 0);
  g_clear_object (&res);

  recorder_free (rec);
  recorder_free (slow_rec);
  g_unlink (local);
  {
    g_autofree char *part = g_strconcat (local, ".part", NULL);
    g_unlink (part);
  }
}

/* Dropping the worker in the middle of a transfer: dispose cancels it
 * (ABOR on the control connection), says QUIT and joins, quickly. */
static void
test_dispose_mid_transfer (void)
{
  g_autoptr(FerrySite) site = site_new (slow_server.port, PASSWORD);
  Recorder *rec = recorder_new (site);
  g_autofree char *local = g_build_filename (local_dir, "huge-dispose.bin", NULL);
  g_autofree char *part = g_strconcat (local, ".part", NULL);
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  guint tick = g_timeout_add (10, tick_cb, NULL);
  gint64 start;
  guint job;

  job = ferry_worker_download (rec->worker, "/huge.bin", local, FERRY_OVERWRITE_ALWAYS);
  while ((rec->progress_job != job || rec->last_done == 0) &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (tick);
  g_assert_cmpuint (rec->last_done, >, 0);
  g_assert_cmpuint (rec->last_done, <, HUGE_SIZE);

  start = g_get_monotonic_time ();
  recorder_free (rec);
  g_test_message ("dispose mid-transfer: %.1f ms", (g_get_monotonic_time () - start) / 1000.0);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
  g_assert_false (g_file_test (local, G_FILE_TEST_EXISTS));
  g_unlink (part);
}

static void
test_keepalive (void)
{
  g_autoptr(FerrySite) site = site_new (fast_server.port, PASSWORD);
  Recorder *rec = recorder_new (site);
  const Finished *f;

  ferry_worker_set_keepalive_interval (rec->worker, 200);
  f = wait_job (rec, ferry_worker_connect (rec->worker), 10000);
  g_assert_no_error (f->error);
  g_assert_false (saw_command (rec, "NOOP"));

  spin (700);
  g_assert_true (saw_command (rec, "NOOP"));
  /* Keep-alive is not a job: the worker stays idle throughout. */
  g_assert_cmpint (g_array_index (rec->states, FerryWorkerState, rec->states->len - 1),
                   ==, FERRY_WORKER_IDLE);
  g_assert_cmpuint (rec->states->len, ==, 2);

  recorder_free (rec);
}

/* A server that accepts the TCP connection and never says a word: the
 * worker blocks on the greeting, and dropping it must still be quick. */
static void
test_dispose_silent_server (void)
{
  g_autoptr(GSocket) listener = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(FerrySite) site = NULL;
  g_autoptr(GError) error = NULL;
  Recorder *rec;
  gint64 start;

  listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                           G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (listener, any_port, TRUE, &error);
  g_assert_no_error (error);
  g_socket_listen (listener, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (listener, &error);
  g_assert_no_error (error);

  site = site_new (g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)), PASSWORD);
  site->timeout = 30;
  rec = recorder_new (site);
  ferry_worker_connect (rec->worker);
  ferry_worker_list (rec->worker, "/");
  spin (300);
  g_assert_cmpint (ferry_worker_get_state (rec->worker), ==, FERRY_WORKER_CONNECTING);

  start = g_get_monotonic_time ();
  recorder_free (rec);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
}

/* ---------------------------------------------------------------------- */

static void
make_remote_tree (void)
{
  g_autofree char *sub = g_build_filename (remote_root, "sub", NULL);
  g_autofree char *inner = g_build_filename (sub, "inner.txt", NULL);
  g_autofree char *hello = g_build_filename (remote_root, "hello.txt", NULL);
  g_autofree char *data = g_build_filename (remote_root, "data.bin", NULL);
  g_autofree char *huge = g_build_filename (remote_root, "huge.bin", NULL);
  g_autoptr(GError) error = NULL;
  int fd;

  g_assert_cmpint (g_mkdir (sub, 0755), ==, 0);
  g_file_set_contents (inner, "inner\n", -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (hello, "hello, world\n", -1, &error);
  g_assert_no_error (error);
  write_random_file (data, DATA_SIZE, 1);

  /* Sparse: 200 MB on the wire, nothing on disk. */
  fd = g_open (huge, O_CREAT | O_WRONLY | O_TRUNC, 0644);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, HUGE_SIZE), ==, 0);
  close (fd);
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *rate_arg = g_strdup_printf ("--max-rate=%d", SLOW_RATE);
  int ret;

  g_test_init (&argc, &argv, NULL);
  main_thread = g_thread_self ();

  remote_root = g_dir_make_tmp ("ferry-worker-remote-XXXXXX", &error);
  g_assert_no_error (error);
  local_dir = g_dir_make_tmp ("ferry-worker-local-XXXXXX", &error);
  g_assert_no_error (error);
  make_remote_tree ();

  server_start (&fast_server, NULL);
  server_start (&slow_server, rate_arg);

  g_test_add_func ("/worker/connect-list", test_connect_list);
  g_test_add_func ("/worker/download", test_download);
  g_test_add_func ("/worker/progress-coalesced", test_progress_coalesced);
  g_test_add_func ("/worker/upload-and-files", test_upload_and_files);
  g_test_add_func ("/worker/raw", test_raw);
  g_test_add_func ("/worker/bad-password", test_bad_password);
  g_test_add_func ("/worker/cancel", test_cancel);
  g_test_add_func ("/worker/async", test_async);
  g_test_add_func ("/worker/dispose-mid-transfer", test_dispose_mid_transfer);
  g_test_add_func ("/worker/keepalive", test_keepalive);
  g_test_add_func ("/worker/dispose-silent-server", test_dispose_silent_server);

  ret = g_test_run ();

  server_stop (&fast_server);
  server_stop (&slow_server);
  rm_rf (remote_root);
  rm_rf (local_dir);
  g_free (remote_root);
  g_free (local_dir);
  return ret;
}
