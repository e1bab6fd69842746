/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * FerryTransferQueue against real servers on 127.0.0.1: recursive
 * downloads and uploads (nested and empty folders) byte for byte at
 * concurrency 1 and 4, overwrite policies and the ask signal, a hostile
 * listing that must not write outside the target, a retry after the
 * server went away, save/load, and ferry-cli mirror with 5,000 files and
 * a 10,000-entry folder against vsftpd.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/xattr.h>
#include <unistd.h>
#include <utime.h>

#include "ferry-transfer-queue.h"

/* Under ASan/UBSan every small file costs several times more: the scale
 * tests keep their shape with fewer files there (the full counts run in
 * the normal build). */
#ifdef FERRY_TEST_SANITIZED
#define MANY_DIRS     10
#define WIDE_ENTRIES  2000
#else
#define MANY_DIRS     50
#define WIDE_ENTRIES  10000
#endif

#define USER      "ferry"
#define PASSWORD  "q-s3cret"

typedef struct
{
  GSubprocess *proc;
  guint16      port;
} Server;

static char *tmp_root;

/* ---------------------------------------------------------------------- */
/* Helpers                                                                  */

static gboolean
server_start_argv (Server      *server,
                   const char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;

  server->proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                          G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->proc));
  line = g_data_input_stream_read_line (out, NULL, NULL, &error);
  if (line == NULL || !g_str_has_prefix (line, "PORT "))
    {
      g_subprocess_force_exit (server->proc);
      g_subprocess_wait (server->proc, NULL, NULL);
      g_clear_object (&server->proc);
      return FALSE;
    }
  server->port = (guint16) g_ascii_strtoull (line + 5, NULL, 10);
  g_assert_cmpuint (server->port, >, 0);
  return TRUE;
}

static void
pyftpd_start (Server     *server,
              const char *root,
              guint16     port,
              const char *max_rate)
{
  g_autofree char *port_text = g_strdup_printf ("%u", port);
  const char *argv[] = {
    "/usr/bin/python3", FERRY_PYFTPD, "--root", root, "--user", USER ":" PASSWORD,
    "--port", port_text, max_rate ? "--max-rate" : NULL, max_rate, NULL
  };

  g_assert_true (server_start_argv (server, argv));
}

static void
server_stop (Server *server)
{
  if (server->proc == NULL)
    return;
  g_output_stream_close (g_subprocess_get_stdin_pipe (server->proc), NULL, NULL);
  for (int i = 0; i < 300 && g_subprocess_get_identifier (server->proc) != NULL; i++)
    g_usleep (10 * 1000);
  if (g_subprocess_get_identifier (server->proc) != NULL)
    g_subprocess_force_exit (server->proc);
  g_subprocess_wait (server->proc, NULL, NULL);
  g_clear_object (&server->proc);
}

static void
server_kill (Server *server)
{
  g_subprocess_send_signal (server->proc, SIGKILL);
  g_subprocess_wait (server->proc, NULL, NULL);
  g_clear_object (&server->proc);
}

static void
write_bytes (const char *path,
             const void *data,
             gsize       size)
{
  /* Plain stdio: g_file_set_contents' temp file + rename per file is
   * too slow for trees of thousands. */
  FILE *f = fopen (path, "wb");

  g_assert_nonnull (f);
  g_assert_cmpuint (fwrite (data, 1, size, f), ==, size);
  g_assert_cmpint (fclose (f), ==, 0);
}

static void
write_file (const char *path,
            gsize       size,
            guint32     seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autofree guint32 *buf = g_new (guint32, size / 4 + 1);

  for (gsize i = 0; i < size / 4 + 1; i++)
    buf[i] = g_rand_int (rand);
  write_bytes (path, buf, size);
}

static char *
make_dir (const char *parent,
          const char *name)
{
  char *path = g_build_filename (parent, name, NULL);
  g_assert_cmpint (g_mkdir_with_parents (path, 0755), ==, 0);
  return path;
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
          if (g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            g_unlink (child);
          else
            rm_rf (child);
        }
      g_dir_close (dir);
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

/* A tree: @n_files files spread over nested folders, plus empty ones. */
static void
make_tree (const char *root,
           guint       n_files)
{
  g_autofree char *a = make_dir (root, "a");
  g_autofree char *ab = make_dir (a, "b");
  g_autofree char *abc = make_dir (ab, "c d");
  g_autofree char *e1 = make_dir (root, "empty");
  g_autofree char *e2 = make_dir (ab, "empty too");
  const char *dirs[] = { root, a, ab, abc };

  for (guint i = 0; i < n_files; i++)
    {
      g_autofree char *name = g_strdup_printf ("file-%03u.bin", i);
      g_autofree char *path = g_build_filename (dirs[i % G_N_ELEMENTS (dirs)], name, NULL);
      /* Mostly small, a few larger, one empty. */
      gsize size = i == 0 ? 0 : (i % 50 == 0 ? 300 * 1024 + i : 1 + (i * 37) % 5000);
      write_file (path, size, i + 1);
    }
}

/* Every file and folder under @a exists under @b with the same bytes
 * (and the other way round).  Returns the number of entries compared. */
static guint
assert_trees_equal (const char *a,
                    const char *b)
{
  g_autoptr(GDir) dir = g_dir_open (a, 0, NULL);
  g_autoptr(GDir) other = g_dir_open (b, 0, NULL);
  const char *name;
  guint n = 0, direct = 0, n_other = 0;

  g_assert_nonnull (dir);
  if (other == NULL)
    g_error ("missing folder %s", b);
  while ((name = g_dir_read_name (other)) != NULL)
    n_other++;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *pa = g_build_filename (a, name, NULL);
      g_autofree char *pb = g_build_filename (b, name, NULL);

      n++;
      direct++;
      if (g_file_test (pa, G_FILE_TEST_IS_DIR))
        {
          g_assert_true (g_file_test (pb, G_FILE_TEST_IS_DIR));
          n += assert_trees_equal (pa, pb);
        }
      else
        {
          g_autofree char *ca = NULL, *cb = NULL;
          g_autofree char *sa = NULL, *sb = NULL;
          gsize la = 0, lb = 0;

          g_assert_true (g_file_get_contents (pa, &ca, &la, NULL));
          if (!g_file_get_contents (pb, &cb, &lb, NULL))
            g_error ("missing file %s", pb);
          sa = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (guchar *) ca, la);
          sb = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (guchar *) cb, lb);
          g_assert_cmpstr (sa, ==, sb);
        }
    }
  /* Nothing extra (no stray .part files). */
  g_assert_cmpuint (n_other, ==, direct);
  return n;
}

static FerrySite *
site_new (guint16 port)
{
  FerrySite *site = ferry_site_new ();

  site->host = g_strdup ("127.0.0.1");
  site->port = port;
  site->user = g_strdup (USER);
  site->password = g_strdup (PASSWORD);
  site->timeout = 10;
  return site;
}

typedef struct
{
  gboolean  finished;
  guint     n_finished_signals;
  guint     n_items_finished;
  guint     n_progress;
  guint     n_asked;
  FerryOverwriteChoice answer;
  gboolean  answer_all;
} Watch;

static void
finished_cb (FerryTransferQueue *queue,
             Watch              *w)
{
  g_assert_true (ferry_transfer_queue_is_idle (queue));
  w->finished = TRUE;
  w->n_finished_signals++;
}

static void
item_finished_cb (FerryTransferQueue *queue,
                  FerryTransferItem  *item,
                  Watch              *w)
{
  g_assert_true (ferry_transfer_state_is_final (ferry_transfer_item_get_state (item)));
  w->n_items_finished++;
}

static void
progress_cb (FerryTransferQueue *queue,
             guint64             done,
             guint64             total,
             double              rate,
             guint               files_done,
             guint               files_total,
             Watch              *w)
{
  g_assert_cmpuint (files_done, <=, files_total);
  w->n_progress++;
}

static void
ask_cb (FerryTransferQueue *queue,
        FerryTransferItem  *item,
        GFileInfo          *info,
        Watch              *w)
{
  g_assert_nonnull (g_file_info_get_name (info));
  /* The row shows "waiting for your answer", not a plain "Queued". */
  g_assert_cmpint (ferry_transfer_item_get_state (item), ==, FERRY_TRANSFER_QUEUED);
  g_assert_true (ferry_transfer_item_get_asking (item));
  w->n_asked++;
  ferry_transfer_queue_answer_overwrite (queue, item, w->answer, w->answer_all);
  g_assert_false (ferry_transfer_item_get_asking (item));
}

static FerryTransferQueue *
queue_new (guint16  port,
           guint    concurrency,
           Watch   *w)
{
  g_autoptr(FerrySite) site = site_new (port);
  FerryTransferQueue *queue = ferry_transfer_queue_new (site);

  ferry_transfer_queue_set_concurrency (queue, concurrency);
  ferry_transfer_queue_set_overwrite_policy (queue, FERRY_OVERWRITE_NEVER);
  ferry_transfer_queue_set_retry_delay (queue, 100);
  g_signal_connect (queue, "finished", G_CALLBACK (finished_cb), w);
  g_signal_connect (queue, "item-finished", G_CALLBACK (item_finished_cb), w);
  g_signal_connect (queue, "progress", G_CALLBACK (progress_cb), w);
  g_signal_connect (queue, "ask-overwrite", G_CALLBACK (ask_cb), w);
  return queue;
}

static void
run_until_finished (FerryTransferQueue *queue,
                    Watch              *w,
                    guint               seconds)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC;

  while (!w->finished)
    {
      g_main_context_iteration (NULL, FALSE);
      if (g_get_monotonic_time () > deadline)
        g_error ("the queue did not finish within %u s", seconds);
      g_usleep (200);
    }
}

static guint
count_state (FerryTransferQueue *queue,
             FerryTransferState  state)
{
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (queue)); i++)
    {
      g_autoptr(FerryTransferItem) item = g_list_model_get_item (G_LIST_MODEL (queue), i);
      if (ferry_transfer_item_get_state (item) == state)
        n++;
    }
  return n;
}

/* ---------------------------------------------------------------------- */
/* Tests                                                                    */

static void
test_download_tree (gconstpointer data)
{
  guint concurrency = GPOINTER_TO_UINT (data);
  g_autofree char *root = g_build_filename (tmp_root, "dl-srv", NULL);
  g_autofree char *tree = NULL;
  g_autofree char *target = g_strdup_printf ("%s/dl-%u/out", tmp_root, concurrency);
  g_autoptr(FerryTransferQueue) queue = NULL;
  FerryTransferTotals t;
  Server server = { 0 };
  Watch w = { 0 };

  rm_rf (root);
  tree = make_dir (root, "tree");
  make_tree (tree, 300);
  pyftpd_start (&server, root, 0, NULL);

  queue = queue_new (server.port, concurrency, &w);
  ferry_transfer_queue_add_download (queue, "/tree", target, TRUE, -1);
  run_until_finished (queue, &w, 50);

  ferry_transfer_queue_get_totals (queue, &t);
  g_assert_cmpuint (t.files_failed, ==, 0);
  g_assert_cmpuint (t.files_done, ==, 300);
  g_assert_cmpuint (t.dirs_done, ==, 6);   /* tree, a, b, "c d", two empty */
  g_assert_cmpuint (t.bytes_done, ==, t.bytes_total);
  g_assert_cmpuint (count_state (queue, FERRY_TRANSFER_DONE), ==, 306);
  g_assert_cmpuint (w.n_items_finished, ==, 306);
  g_assert_cmpuint (w.n_finished_signals, ==, 1);
  g_assert_cmpuint (assert_trees_equal (tree, target), ==, 305);

  g_clear_object (&queue);
  server_stop (&server);
}

static void
test_upload_tree (gconstpointer data)
{
  guint concurrency = GPOINTER_TO_UINT (data);
  g_autofree char *root = g_strdup_printf ("%s/up-srv-%u", tmp_root, concurrency);
  g_autofree char *src = g_strdup_printf ("%s/up-src-%u", tmp_root, concurrency);
  g_autofree char *dest = NULL;
  g_autoptr(FerryTransferQueue) queue = NULL;
  FerryTransferTotals t;
  Server server = { 0 };
  Watch w = { 0 };

  rm_rf (root);
  rm_rf (src);
  g_mkdir_with_parents (root, 0755);
  g_mkdir_with_parents (src, 0755);
  make_tree (src, 200);
  pyftpd_start (&server, root, 0, NULL);

  queue = queue_new (server.port, concurrency, &w);
  /* Relative to the login folder, and into a folder to be created. */
  ferry_transfer_queue_add_upload (queue, src, "incoming", TRUE);
  run_until_finished (queue, &w, 50);

  ferry_transfer_queue_get_totals (queue, &t);
  g_assert_cmpuint (t.files_failed, ==, 0);
  g_assert_cmpuint (t.files_done, ==, 200);
  g_assert_cmpuint (t.dirs_done, ==, 6);
  dest = g_build_filename (root, "incoming", NULL);
  g_assert_cmpuint (assert_trees_equal (src, dest), ==, 205);

  /* Again into the existing folder: MKD says 550, the folder is there,
   * and "never" skips every file. */
  w.finished = FALSE;
  ferry_transfer_queue_remove_finished (queue);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (queue)), ==, 0);
  ferry_transfer_queue_add_upload (queue, src, "/incoming", TRUE);
  run_until_finished (queue, &w, 50);
  ferry_transfer_queue_get_totals (queue, &t);
  g_assert_cmpuint (t.files_failed, ==, 0);
  g_assert_cmpuint (t.files_skipped, ==, 200);
  g_assert_cmpuint (t.dirs_done, ==, 6);

  g_clear_object (&queue);
  server_stop (&server);
}

static void
test_overwrite (void)
{
  g_autofree char *root = g_build_filename (tmp_root, "ow-srv", NULL);
  g_autofree char *local = g_build_filename (tmp_root, "ow-local", NULL);
  g_autofree char *remote_big = g_build_filename (root, "big.bin", NULL);
  g_autofree char *remote_small = g_build_filename (root, "small.txt", NULL);
  g_autofree char *local_big = g_build_filename (local, "big.bin", NULL);
  g_autofree char *local_small = g_build_filename (local, "small.txt", NULL);
  g_autofree char *renamed = g_build_filename (local, "small (1).txt", NULL);
  g_autofree char *part = g_strconcat (local_big, ".part", NULL);
  g_autofree char *big = NULL;
  g_autofree char *content = NULL;
  gsize big_len = 0;
  Server server = { 0 };

  rm_rf (root);
  rm_rf (local);
  g_mkdir_with_parents (root, 0755);
  g_mkdir_with_parents (local, 0755);
  write_file (remote_big, 2 * 1024 * 1024 + 3, 7);
  g_file_set_contents (remote_small, "new\n", -1, NULL);
  g_assert_true (g_file_get_contents (remote_big, &big, &big_len, NULL));
  pyftpd_start (&server, root, 0, NULL);

  /* never: both exist locally and stay as they are. */
  {
    g_autoptr(FerryTransferQueue) queue = NULL;
    Watch w = { 0 };

    g_file_set_contents (local_small, "old\n", -1, NULL);
    g_file_set_contents (local_big, "old big\n", -1, NULL);
    queue = queue_new (server.port, 2, &w);
    ferry_transfer_queue_add_download (queue, "/", local, TRUE, -1);
    run_until_finished (queue, &w, 30);
    g_assert_cmpuint (count_state (queue, FERRY_TRANSFER_SKIPPED), ==, 2);
    g_assert_true (g_file_get_contents (local_small, &content, NULL, NULL));
    g_assert_cmpstr (content, ==, "old\n");
    g_clear_pointer (&content, g_free);
  }

  /* resume: the .part holds the first megabyte; only the rest moves. */
  {
    g_autoptr(FerryTransferQueue) queue = NULL;
    g_autofree char *got = NULL;
    gsize got_len = 0;
    Watch w = { 0 };

    g_unlink (local_big);
    g_file_set_contents (part, big, 1024 * 1024, NULL);
    queue = queue_new (server.port, 1, &w);
    ferry_transfer_queue_set_overwrite_policy (queue, FERRY_OVERWRITE_RESUME);
    ferry_transfer_queue_add_download (queue, "/big.bin", local_big, FALSE, -1);
    run_until_finished (queue, &w, 30);
    g_assert_cmpuint (count_state (queue, FERRY_TRANSFER_DONE), ==, 1);
    g_assert_true (g_file_get_contents (local_big, &got, &got_len, NULL));
    g_assert_cmpuint (got_len, ==, big_len);
    g_assert_true (memcmp (got, big, big_len) == 0);
    g_assert_false (g_file_test (part, G_FILE_TEST_EXISTS));
  }

  /* ask → rename, for all: the existing file stays, "small (1).txt" is new. */
  {
    g_autoptr(FerryTransferQueue) queue = NULL;
    Watch w = { .answer = FERRY_OVERWRITE_CHOICE_RENAME, .answer_all = TRUE };

    queue = queue_new (server.port, 2, &w);
    ferry_transfer_queue_set_overwrite_policy (queue, FERRY_OVERWRITE_ASK);
    ferry_transfer_queue_add_download (queue, "/small.txt", local_small, FALSE, -1);
    run_until_finished (queue, &w, 30);
    g_assert_cmpuint (w.n_asked, ==, 1);
    g_assert_true (g_file_get_contents (local_small, &content, NULL, NULL));
    g_assert_cmpstr (content, ==, "old\n");
    g_clear_pointer (&content, g_free);
    g_assert_true (g_file_get_contents (renamed, &content, NULL, NULL));
    g_assert_cmpstr (content, ==, "new\n");
    g_clear_pointer (&content, g_free);
  }

  /* always: replaced. */
  {
    g_autoptr(FerryTransferQueue) queue = NULL;
    Watch w = { 0 };

    queue = queue_new (server.port, 2, &w);
    ferry_transfer_queue_set_overwrite_policy (queue, FERRY_OVERWRITE_ALWAYS);
    ferry_transfer_queue_add_download (queue, "/small.txt", local_small, FALSE, -1);
    run_until_finished (queue, &w, 30);
    g_assert_cmpuint (count_state (queue, FERRY_TRANSFER_DONE), ==, 1);
    g_assert_true (g_file_get_contents (local_small, &content, NULL, NULL));
    g_assert_cmpstr (content, ==, "new\n");
  }

  server_stop (&server);
}

static void
test_hostile (void)
{
  g_autofree char *sandbox = g_build_filename (tmp_root, "hostile", NULL);
  g_autofree char *target = NULL;
  g_autofree char *ok = NULL;
  g_autofree char *content = NULL;
  g_autoptr(FerryTransferQueue) queue = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;
  guint n = 0;
  Server server = { 0 };
  Watch w = { 0 };
  const char *argv[] = {
    "/usr/bin/python3", FERRY_FAULT_SERVER, "--scenario", "hostile-names",
    "--sandbox", NULL, NULL
  };

  rm_rf (sandbox);
  g_mkdir_with_parents (sandbox, 0755);
  target = make_dir (sandbox, "target");
  argv[5] = sandbox;
  g_assert_true (server_start_argv (&server, argv));

  queue = queue_new (server.port, 2, &w);
  ferry_transfer_queue_add_download (queue, "/", target, TRUE, -1);
  run_until_finished (queue, &w, 30);

  /* ok.txt arrived; the sandbox holds the target and nothing else, and
   * the target only names that are safe. */
  ok = g_build_filename (target, "ok.txt", NULL);
  g_assert_true (g_file_get_contents (ok, &content, NULL, NULL));
  dir = g_dir_open (sandbox, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_assert_cmpstr (name, ==, "target");
  g_clear_pointer (&dir, g_dir_close);
  dir = g_dir_open (target, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      for (const char *p = name; *p; p++)
        g_assert_true ((guchar) *p >= 0x20 && *p != '/');
      n++;
    }
  g_assert_cmpuint (n, >=, 1);
  {
    g_autofree char *abs_evil = g_build_filename (sandbox, "abs-evil", NULL);
    g_autofree char *evil = g_build_filename (sandbox, "evil", NULL);
    g_assert_false (g_file_test (abs_evil, G_FILE_TEST_EXISTS));
    g_assert_false (g_file_test (evil, G_FILE_TEST_EXISTS));
  }
  /* The refused names are in the queue as skipped, with the reason. */
  g_assert_cmpuint (count_state (queue, FERRY_TRANSFER_SKIPPED), >=, 2);

  g_clear_object (&queue);
  server_stop (&server);
}

/* Fresh @root with a 6 MiB "data.bin" (from @seed) and an empty @local;
 * a pyftpdlib at 2 MB/s on it, slow enough to be stopped in the middle. */
static void
start_slow_download_server (Server     *server,
                            const char *root,
                            const char *local,
                            guint32     seed)
{
  g_autofree char *remote_file = g_build_filename (root, "data.bin", NULL);

  rm_rf (root);
  rm_rf (local);
  g_mkdir_with_parents (root, 0755);
  g_mkdir_with_parents (local, 0755);
  write_file (remote_file, 6 * 1024 * 1024, seed);
  pyftpd_start (server, root, 0, "2000000");
}

static void
wait_bytes_done (FerryTransferItem *item,
                 guint64            bytes)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (ferry_transfer_item_get_bytes_done (item) < bytes)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
    }
}

static void
test_retry_after_drop (void)
{
  g_autofree char *root = g_build_filename (tmp_root, "retry-srv", NULL);
  g_autofree char *local = g_build_filename (tmp_root, "retry-local", NULL);
  g_autofree char *remote_file = g_build_filename (root, "data.bin", NULL);
  g_autofree char *local_file = g_build_filename (local, "data.bin", NULL);
  g_autoptr(FerryTransferQueue) queue = NULL;
  g_autoptr(FerryTransferItem) item = NULL;
  guint16 port;
  Server server = { 0 };
  Watch w = { 0 };

  start_slow_download_server (&server, root, local, 11);
  port = server.port;

  queue = queue_new (port, 1, &w);
  ferry_transfer_queue_set_max_retries (queue, 6);
  ferry_transfer_queue_set_retry_delay (queue, 200);
  ferry_transfer_queue_add_download (queue, "/data.bin", local_file, FALSE, -1);
  item = g_list_model_get_item (G_LIST_MODEL (queue), 0);
  wait_bytes_done (item, 1024 * 1024);

  /* The server dies mid-transfer and comes back on the same port. */
  server_kill (&server);
  pyftpd_start (&server, root, port, NULL);

  run_until_finished (queue, &w, 40);
  g_assert_cmpint (ferry_transfer_item_get_state (item), ==, FERRY_TRANSFER_DONE);
  g_assert_cmpuint (ferry_transfer_item_get_attempts (item), >=, 2);
  {
    g_autofree char *a = NULL, *b = NULL;
    gsize la = 0, lb = 0;
    g_assert_true (g_file_get_contents (remote_file, &a, &la, NULL));
    g_assert_true (g_file_get_contents (local_file, &b, &lb, NULL));
    g_assert_cmpuint (la, ==, lb);
    g_assert_true (memcmp (a, b, la) == 0);
  }

  g_clear_object (&queue);
  server_stop (&server);
}

/* Ferry quits in the middle of a download; the saved queue, loaded
 * again, continues the .part with REST.  The .part's first byte is
 * changed in between: it is still changed in the result, so those bytes
 * were not fetched again (the rest of the file is compared whole).
 * With @data: the remote file is replaced in between, by one of another
 * size (RESTORE_OTHER_SIZE) or of the same size and another time
 * (RESTORE_SAME_SIZE); the .part then starts over and the result is the
 * new file. */
enum { RESTORE_UNCHANGED, RESTORE_OTHER_SIZE, RESTORE_SAME_SIZE };

static void
test_restore_continues_part (gconstpointer data)
{
  guint how = GPOINTER_TO_UINT (data);
  gboolean changed = how != RESTORE_UNCHANGED;
  g_autofree char *root = g_build_filename (tmp_root, "restore-srv", NULL);
  g_autofree char *local = g_build_filename (tmp_root, "restore-local", NULL);
  g_autofree char *remote_file = g_build_filename (root, "data.bin", NULL);
  g_autofree char *local_file = g_build_filename (local, "data.bin", NULL);
  g_autofree char *part = g_strconcat (local_file, ".part", NULL);
  g_autofree char *state = g_build_filename (local, "queue.ini", NULL);
  g_autofree char *saved = NULL;
  g_autofree char *a = NULL, *b = NULL;
  g_autoptr(FerryTransferQueue) queue = NULL;
  g_autoptr(FerryTransferItem) item = NULL;
  g_autoptr(GError) error = NULL;
  gsize la = 0, lb = 0;
  GStatBuf st;
  Server server = { 0 };
  Watch w = { 0 };

  start_slow_download_server (&server, root, local, 12);
  queue = queue_new (server.port, 1, &w);
  ferry_transfer_queue_add_download (queue, "/data.bin", local_file, FALSE, -1);
  item = g_list_model_get_item (G_LIST_MODEL (queue), 0);
  wait_bytes_done (item, 1024 * 1024);
  g_assert_true (ferry_transfer_queue_save (queue, state, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (state, &saved, NULL, NULL));
  g_assert_nonnull (strstr (saved, "continue-part=true"));
  g_clear_object (&item);
  g_clear_object (&queue);   /* quitting: cancels, keeps the .part */
  server_stop (&server);

  g_assert_cmpint (g_stat (part, &st), ==, 0);
  /* The .part says which version of the file it holds (unless this file
   * system has no user xattrs). */
  {
    char version[64];
    ssize_t n = getxattr (part, "user.ferry.remote-version", version, sizeof version - 1);

    if (n >= 0)
      {
        version[n] = '\0';
        g_assert_true (g_str_has_prefix (version, "6291456 "));
      }
    else
      g_assert_cmpint (errno, ==, ENOTSUP);
  }
  g_assert_cmpint (st.st_size, >=, 1024 * 1024);
  g_assert_cmpint (st.st_size, <, 6 * 1024 * 1024);
  {
    int fd = g_open (part, O_WRONLY, 0);
    g_assert_cmpint (fd, >=, 0);
    g_assert_cmpint (pwrite (fd, "\xff", 1, 0), ==, 1);
    close (fd);
  }

  if (how == RESTORE_OTHER_SIZE)
    write_file (remote_file, 5 * 1024 * 1024 + 7, 13);
  else if (how == RESTORE_SAME_SIZE)
    {
      struct utimbuf when = { .actime = 1000000000, .modtime = 1000000000 };

      write_file (remote_file, 6 * 1024 * 1024, 14);
      g_assert_cmpint (g_utime (remote_file, &when), ==, 0);
    }
  pyftpd_start (&server, root, 0, NULL);
  {
    g_autoptr(FerrySite) site = ferry_transfer_queue_load_site (state, &error);

    g_assert_no_error (error);
    g_free (site->password);
    site->password = g_strdup (PASSWORD);
    site->port = server.port;
    queue = ferry_transfer_queue_new (site);
  }
  memset (&w, 0, sizeof w);
  g_signal_connect (queue, "finished", G_CALLBACK (finished_cb), &w);
  g_assert_true (ferry_transfer_queue_load (queue, state, &error));
  g_assert_no_error (error);
  run_until_finished (queue, &w, 40);
  item = g_list_model_get_item (G_LIST_MODEL (queue), 0);
  g_assert_cmpint (ferry_transfer_item_get_state (item), ==, FERRY_TRANSFER_DONE);

  g_assert_true (g_file_get_contents (remote_file, &a, &la, NULL));
  g_assert_true (g_file_get_contents (local_file, &b, &lb, NULL));
  g_assert_cmpuint (la, ==, lb);
  g_assert_cmpint ((guchar) a[0], !=, 0xff);
  if (changed)
    g_assert_true (memcmp (a, b, la) == 0);
  else
    {
      g_assert_cmpint ((guchar) b[0], ==, 0xff);
      g_assert_true (memcmp (a + 1, b + 1, la - 1) == 0);
    }
  g_assert_false (g_file_test (part, G_FILE_TEST_EXISTS));
  /* The mark stays on the .part: the finished file does not carry it. */
  g_assert_cmpint (getxattr (local_file, "user.ferry.remote-version", NULL, 0), <, 0);

  g_clear_object (&queue);
  server_stop (&server);
}

static void
test_permanent_error (void)
{
  g_autofree char *root = g_build_filename (tmp_root, "perm-srv", NULL);
  g_autofree char *local = g_build_filename (tmp_root, "perm-local", NULL);
  g_autofree char *local_file = g_build_filename (local, "missing.bin", NULL);
  g_autoptr(FerryTransferQueue) queue = NULL;
  g_autoptr(FerryTransferItem) item = NULL;
  Server server = { 0 };
  Watch w = { 0 };

  rm_rf (root);
  rm_rf (local);
  g_mkdir_with_parents (root, 0755);
  g_mkdir_with_parents (local, 0755);
  pyftpd_start (&server, root, 0, NULL);

  queue = queue_new (server.port, 1, &w);
  ferry_transfer_queue_add_download (queue, "/missing.bin", local_file, FALSE, -1);
  run_until_finished (queue, &w, 30);
  item = g_list_model_get_item (G_LIST_MODEL (queue), 0);
  /* 550: no retry, failed with the server's own words. */
  g_assert_cmpint (ferry_transfer_item_get_state (item), ==, FERRY_TRANSFER_FAILED);
  g_assert_cmpuint (ferry_transfer_item_get_attempts (item), ==, 1);
  g_assert_nonnull (strstr (ferry_transfer_item_get_error_message (item), "550"));
  g_assert_false (g_file_test (local_file, G_FILE_TEST_EXISTS));

  /* Retrying one failed item runs that one only; the other stays failed. */
  {
    g_autofree char *other_local = g_build_filename (local, "other.bin", NULL);
    g_autofree char *now_there = g_build_filename (root, "missing.bin", NULL);
    g_autoptr(FerryTransferItem) other = NULL;
    g_autofree char *got = NULL;

    w.finished = FALSE;
    ferry_transfer_queue_add_download (queue, "/other.bin", other_local, FALSE, -1);
    run_until_finished (queue, &w, 30);
    other = g_list_model_get_item (G_LIST_MODEL (queue), 1);
    g_assert_cmpint (ferry_transfer_item_get_state (other), ==, FERRY_TRANSFER_FAILED);

    g_assert_true (g_file_set_contents (now_there, "here now\n", -1, NULL));
    ferry_transfer_queue_retry_item (queue, item);
    /* Started at once: an idle connection is there. */
    g_assert_cmpint (ferry_transfer_item_get_state (item), !=, FERRY_TRANSFER_FAILED);
    g_assert_cmpuint (ferry_transfer_item_get_attempts (item), <=, 1);
    g_assert_cmpint (ferry_transfer_item_get_state (other), ==, FERRY_TRANSFER_FAILED);
    w.finished = FALSE;
    run_until_finished (queue, &w, 30);
    g_assert_cmpint (ferry_transfer_item_get_state (item), ==, FERRY_TRANSFER_DONE);
    g_assert_true (g_file_get_contents (local_file, &got, NULL, NULL));
    g_assert_cmpstr (got, ==, "here now\n");
    g_assert_cmpint (ferry_transfer_item_get_state (other), ==, FERRY_TRANSFER_FAILED);
    g_assert_cmpuint (ferry_transfer_item_get_attempts (other), ==, 1);
    g_assert_false (g_file_test (other_local, G_FILE_TEST_EXISTS));
  }

  g_clear_object (&queue);
  server_stop (&server);
}

static void
test_persistence (void)
{
  g_autofree char *path = g_build_filename (tmp_root, "state", "queue.ini", NULL);
  g_autofree char *text = NULL;
  g_autoptr(FerrySite) site = site_new (2121);
  g_autoptr(FerrySite) loaded_site = NULL;
  g_autoptr(FerryTransferQueue) queue = NULL;
  g_autoptr(FerryTransferQueue) again = NULL;
  g_autoptr(GError) error = NULL;
  const char *odd = "/srv/caf\xe9 %20 [x]/f.bin";
  GListModel *model;

  queue = ferry_transfer_queue_new (site);
  /* Paused: nothing connects, the items stay as they are. */
  ferry_transfer_queue_set_paused (queue, TRUE);
  ferry_transfer_queue_add_download (queue, odd, "/tmp/x/f.bin", FALSE, 1234);
  ferry_transfer_queue_add_upload (queue, "/tmp/up", "/remote/up", TRUE);
  ferry_transfer_queue_add_download (queue, "/done", "/tmp/done", FALSE, 1);
  {
    g_autoptr(FerryTransferItem) second = g_list_model_get_item (G_LIST_MODEL (queue), 1);
    g_autoptr(FerryTransferItem) third = g_list_model_get_item (G_LIST_MODEL (queue), 2);
    ferry_transfer_queue_pause_item (queue, second);
    ferry_transfer_queue_cancel_item (queue, third);
  }

  g_assert_true (ferry_transfer_queue_save (queue, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_null (strstr (text, PASSWORD));
  g_assert_true (g_utf8_validate (text, -1, NULL));

  loaded_site = ferry_transfer_queue_load_site (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (loaded_site->host, ==, "127.0.0.1");
  g_assert_cmpuint (loaded_site->port, ==, 2121);
  g_assert_cmpstr (loaded_site->user, ==, USER);
  g_assert_null (loaded_site->password);

  again = ferry_transfer_queue_new (loaded_site);
  ferry_transfer_queue_set_paused (again, TRUE);
  g_assert_true (ferry_transfer_queue_load (again, path, &error));
  g_assert_no_error (error);
  model = G_LIST_MODEL (again);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);   /* cancelled one dropped */
  {
    g_autoptr(FerryTransferItem) a = g_list_model_get_item (model, 0);
    g_autoptr(FerryTransferItem) b = g_list_model_get_item (model, 1);

    g_assert_cmpstr (ferry_transfer_item_get_remote_path (a), ==, odd);
    g_assert_cmpstr (ferry_transfer_item_get_local_path (a), ==, "/tmp/x/f.bin");
    g_assert_cmpint (ferry_transfer_item_get_size (a), ==, 1234);
    g_assert_false (ferry_transfer_item_get_is_dir (a));
    g_assert_cmpint (ferry_transfer_item_get_direction (a), ==, FERRY_TRANSFER_DOWNLOAD);
    g_assert_cmpint (ferry_transfer_item_get_state (a), ==, FERRY_TRANSFER_QUEUED);
    g_assert_cmpint (ferry_transfer_item_get_direction (b), ==, FERRY_TRANSFER_UPLOAD);
    g_assert_true (ferry_transfer_item_get_is_dir (b));
    g_assert_cmpint (ferry_transfer_item_get_state (b), ==, FERRY_TRANSFER_PAUSED);
    g_assert_cmpstr (ferry_transfer_item_get_remote_path (b), ==, "/remote/up");
  }
}

/* Runs ferry-cli with @args; returns its stdout; asserts exit status 0. */
static char *
run_cli (const char **args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  char *stdout_text = NULL;
  int status = 0;
  gint64 t0 = g_get_monotonic_time ();

  g_ptr_array_add (argv, (char *) g_getenv ("FERRY_CLI"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                &stdout_text, NULL, &status, &error);
  g_assert_no_error (error);
  g_test_message ("ferry-cli %s (%.2f s): %s", args[0],
                  (g_get_monotonic_time () - t0) / 1e6, stdout_text);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return stdout_text;
}

/* ferry-cli mirror against vsftpd: 5,000 small files over 4 connections
 * down and back up (the default run), or one folder of 10,000 entries
 * (its own process, "-m slow"), compared by checksum. */
static void
test_cli_mirror_vsftpd (gconstpointer data)
{
  gboolean wide = GPOINTER_TO_UINT (data);
  g_autofree char *root = g_build_filename (tmp_root, wide ? "vs-wide" : "vs-many", NULL);
  g_autofree char *tree = g_build_filename (root, "tree", NULL);
  g_autofree char *back = g_build_filename (root, "back", NULL);
  g_autofree char *out = g_build_filename (tmp_root, wide ? "vs-out-wide" : "vs-out-many", NULL);
  g_autofree char *url = NULL;
  g_autofree char *up_url = NULL;
  g_autofree char *expected = NULL;
  Server server = { 0 };
  const char *user = wide ? "ferryqueuew:" PASSWORD : "ferryqueue:" PASSWORD;
  const char *argv[] = {
    "/usr/bin/python3", FERRY_VSFTPD_LAUNCH, "--root", root, "--user", user, NULL
  };

  if (wide && !g_test_slow ())
    {
      g_test_skip ("10,000 entries: run with -m slow");
      return;
    }
  if (geteuid () != 0 || !g_file_test ("/usr/sbin/vsftpd", G_FILE_TEST_IS_EXECUTABLE) ||
      g_getenv ("FERRY_CLI") == NULL)
    {
      g_test_skip ("needs root, vsftpd and FERRY_CLI");
      return;
    }

  rm_rf (root);
  g_mkdir_with_parents (tree, 0755);
  if (wide)
    for (guint f = 0; f < WIDE_ENTRIES; f++)
      {
        g_autofree char *fname = g_strdup_printf ("entry-%05u", f);
        g_autofree char *fpath = g_build_filename (tree, fname, NULL);
        write_bytes (fpath, fname, f % 7);
      }
  else
    {
      for (guint d = 0; d < MANY_DIRS; d++)
        {
          g_autofree char *dname = g_strdup_printf ("d%02u", d);
          g_autofree char *dpath = make_dir (tree, dname);

          for (guint f = 0; f < 100; f++)
            {
              g_autofree char *fname = g_strdup_printf ("f%03u.bin", f);
              g_autofree char *fpath = g_build_filename (dpath, fname, NULL);
              write_file (fpath, 4096, d * 100 + f);
            }
        }
      g_free (make_dir (tree, "empty"));
    }

  if (!server_start_argv (&server, argv))
    {
      g_test_skip ("vsftpd did not start");
      return;
    }
  if (wide)
    {
      guint64 bytes = 0;
      for (guint f = 0; f < WIDE_ENTRIES; f++)
        bytes += f % 7;
      expected = g_strdup_printf ("mirror: %u files, 1 folders, %" G_GUINT64_FORMAT " bytes",
                                  WIDE_ENTRIES, bytes);
    }
  else
    expected = g_strdup_printf ("mirror: %u files, %u folders, %u bytes",
                                MANY_DIRS * 100, MANY_DIRS + 2, MANY_DIRS * 100 * 4096);
  url = g_strdup_printf ("ftp://%s@127.0.0.1:%u/tree", user, server.port);
  up_url = g_strdup_printf ("ftp://%s@127.0.0.1:%u/back", user, server.port);

  {
    const char *args[] = { "mirror", "-P", "4", url, out, NULL };
    g_autofree char *text = run_cli (args);

    g_assert_true (g_str_has_prefix (text, expected));
    g_assert_nonnull (strstr (text, ", 0 failed"));
    g_assert_cmpuint (assert_trees_equal (tree, out), ==, wide ? WIDE_ENTRIES : MANY_DIRS * 101 + 1);
  }

  if (!wide)
    {
      /* Back up again with --reverse into a new folder. */
      const char *args[] = { "mirror", "--reverse", "-P", "4", out, up_url, NULL };
      g_autofree char *text = run_cli (args);

      g_assert_true (g_str_has_prefix (text, expected));
      g_assert_cmpuint (assert_trees_equal (tree, back), ==, MANY_DIRS * 101 + 1);
    }

  server_stop (&server);
  rm_rf (root);
  rm_rf (out);
}

int
main (int argc, char **argv)
{
  int rc;

  g_test_init (&argc, &argv, NULL);
  tmp_root = g_dir_make_tmp ("ferry-test-queue-XXXXXX", NULL);
  g_assert_nonnull (tmp_root);

  g_test_add_data_func ("/queue/download-tree/concurrency-1", GUINT_TO_POINTER (1), test_download_tree);
  g_test_add_data_func ("/queue/download-tree/concurrency-4", GUINT_TO_POINTER (4), test_download_tree);
  g_test_add_data_func ("/queue/upload-tree/concurrency-1", GUINT_TO_POINTER (1), test_upload_tree);
  g_test_add_data_func ("/queue/upload-tree/concurrency-4", GUINT_TO_POINTER (4), test_upload_tree);
  g_test_add_func ("/queue/overwrite", test_overwrite);
  g_test_add_func ("/queue/hostile-names", test_hostile);
  g_test_add_func ("/queue/retry-after-drop", test_retry_after_drop);
  g_test_add_data_func ("/queue/restore/continues-part", GUINT_TO_POINTER (RESTORE_UNCHANGED),
                        test_restore_continues_part);
  g_test_add_data_func ("/queue/restore/other-size-starts-over", GUINT_TO_POINTER (RESTORE_OTHER_SIZE),
                        test_restore_continues_part);
  g_test_add_data_func ("/queue/restore/same-size-other-time-starts-over",
                        GUINT_TO_POINTER (RESTORE_SAME_SIZE), test_restore_continues_part);
  g_test_add_func ("/queue/permanent-error", test_permanent_error);
  g_test_add_func ("/queue/persistence", test_persistence);
  g_test_add_data_func ("/queue/cli-mirror-vsftpd/5000-files", GUINT_TO_POINTER (FALSE),
                        test_cli_mirror_vsftpd);
  g_test_add_data_func ("/queue/cli-mirror-vsftpd/10000-in-one-folder", GUINT_TO_POINTER (TRUE),
                        test_cli_mirror_vsftpd);

  rc = g_test_run ();
  rm_rf (tmp_root);
  g_free (tmp_root);
  return rc;
}
