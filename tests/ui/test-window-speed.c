/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ferry-file-list.h"
#include "ferry-log-view.h"
#include "ferry-site.h"
#include "ferry-stall-probe.h"
#include "ferry-window.h"
#include "ui-fixture.h"

/*
 * A window that never freezes (#14): a folder of 100,000 entries opened in
 * the local pane, or typed into "Remote folder" on vsftpd (LIST) or
 * pyftpdlib (MLSD), then sorted by each column and scrolled with End, with
 * the stall probe on.  Fails on any main-loop gap longer than
 * FERRY_UI_MAX_STALL_MS (50) and when the rows cost more than
 * FERRY_UI_MAX_MEMORY_MB (30) of peak memory (VmHWM, reset before).
 *
 *   test-window-speed --tap -p /speed/local|/speed/vsftpd|/speed/pyftpdlib
 *
 * FERRY_UI_BENCH=1 (bench/window): print the figures, fail on nothing but
 * wrong rows.  FERRY_UI_ENTRIES: another folder size.
 */

#define TAG "speed: "

typedef struct
{
  char        *root;          /* holds big/ */
  char        *big;
  guint        n_entries;
  GSubprocess *server;
  guint16      port;
  FerryWindow *window;
  gboolean     bench;
  gboolean     wall;
  guint        max_stall_ms;
  guint        max_memory_mb;
  guint        longest_stall;  /* over the whole test */
} Speed;

static Speed S;

/* --- the folder -------------------------------------------------------- */

/* 100,000 entries: one folder in 50, names of mixed kinds and scripts,
 * sizes and times that differ, so that each column's order means something. */
static void
make_folder (const char *dir,
             guint       n)
{
  static const char *words[] = { "report", "photo", "Data", "notes", "backup", "track", "IMG", "文件", "log", "Ärger" };
  static const char *exts[] = { ".txt", ".jpg", ".bin", ".pdf", ".tar.gz", ".c", ".png", ".mp3", "", ".odt" };
  GRand *rand = g_rand_new_with_seed (14);
  static char filler[3000];
  int fd;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = NULL;
      g_autofree char *path = NULL;

      if (i % 50 == 0)
        {
          name = g_strdup_printf ("folder %u", i);
          path = g_build_filename (dir, name, NULL);
          g_assert_cmpint (g_mkdir (path, 0755), ==, 0);
          continue;
        }
      name = g_strdup_printf ("%s_%06u-%u%s", words[g_rand_int_range (rand, 0, 10)],
                              g_rand_int_range (rand, 0, 1000000), i, exts[g_rand_int_range (rand, 0, 10)]);
      path = g_build_filename (dir, name, NULL);
      fd = open (path, O_WRONLY | O_CREAT | O_EXCL, 0644);
      g_assert_cmpint (fd, >=, 0);
      if (i % 7 == 0)
        g_assert_cmpint (write (fd, filler, i % sizeof filler), ==, (int) (i % sizeof filler));
      if (i % 3 == 0)
        {
          struct timespec times[2] = { { 0, UTIME_OMIT }, { 1500000000 + g_rand_int_range (rand, 0, 200000000), 0 } };
          g_assert_cmpint (futimens (fd, times), ==, 0);
        }
      close (fd);
    }
  g_rand_free (rand);
}

/* --- measuring --------------------------------------------------------- */

static guint
vm_hwm_kb (void)
{
  g_autofree char *status = NULL;
  const char *p;

  g_assert_true (g_file_get_contents ("/proc/self/status", &status, NULL, NULL));
  p = strstr (status, "VmHWM:");
  g_assert_nonnull (p);
  return (guint) g_ascii_strtoull (p + 6, NULL, 10);
}

/* Peak memory from now on (Linux: "5" resets VmHWM to the current RSS). */
static void
reset_peak (void)
{
  g_file_set_contents ("/proc/self/clear_refs", "5", 1, NULL);
}

static double
seconds_since (gint64 t0)
{
  return (g_get_monotonic_time () - t0) / 1e6;
}

/* Fails on a gap in which the main thread worked longer than the limit.
 * The gap itself is printed too, but on a shared, loaded machine it also
 * holds the time the thread waited for a CPU (FERRY_UI_STALL_WALL=1:
 * fail on that instead, on an idle machine). */
static void
check_stall (const char *what)
{
  const char *activity = NULL;
  const char *busy_activity = NULL;
  guint ms = ferry_stall_probe_get_longest (&activity);
  guint busy = ferry_stall_probe_get_longest_busy (&busy_activity);
  guint judged = S.wall ? ms : busy;

  printf ("# " TAG "%s: longest main-loop stall %u ms (%s), main thread busy %u ms at most (%s), "
          "%u gaps > %u ms\n", what, ms, activity ? activity : "idle", busy,
          busy_activity ? busy_activity : "idle", ferry_stall_probe_get_count (), S.max_stall_ms);
  S.longest_stall = MAX (S.longest_stall, judged);
  if (!S.bench && judged > S.max_stall_ms)
    g_error ("%s: the main loop stalled %u ms (%s)", what, judged,
             (S.wall ? activity : busy_activity) ? (S.wall ? activity : busy_activity) : "idle");
}

typedef gboolean (*Until) (FerryFilePane *pane);

static void
iterate_until (FerryFilePane *pane,
               Until          until,
               const char    *what)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (!until (pane))
    {
      if (g_get_monotonic_time () > deadline)
        {
          g_autofree char *log = S.window ? ferry_log_view_dup_text (ferry_window_get_log_view (S.window)) : NULL;
          g_printerr ("session log:\n%s\n", log ? log + (strlen (log) > 3000 ? strlen (log) - 3000 : 0) : "");
          g_error ("timed out waiting for %s", what);
        }
      g_main_context_iteration (NULL, TRUE);
    }
}

static guint
n_rows (FerryFilePane *pane)
{
  return g_list_model_get_n_items (ferry_file_pane_get_model (pane));
}

/* The first rows of big/ show (not those of the folder before). */
static gboolean
some_rows (FerryFilePane *pane)
{
  g_autoptr(FerryFileItem) first = g_list_model_get_item (ferry_file_pane_get_model (pane), 0);

  return first != NULL && strstr (ferry_file_item_get_path (first), "/big/") != NULL;
}

static gboolean
all_rows (FerryFilePane *pane)
{
  return !ferry_file_pane_get_loading (pane) && n_rows (pane) == S.n_entries;
}

static gboolean
remote_root_listed (FerryFilePane *pane)
{
  return !ferry_file_pane_get_loading (pane) && n_rows (pane) == 1;
}

/* Opens big/ in @pane (by @open) and measures it. */
static void
measure_open (FerryFilePane *pane,
              void         (*open) (FerryFilePane *pane),
              const char    *what)
{
  gint64 t0;
  double first, all;
  guint before_kb, n_first;
  gboolean first_loading;
  int mb;

  before_kb = vm_hwm_kb ();
  reset_peak ();
  ferry_stall_probe_reset ();
  t0 = g_get_monotonic_time ();
  open (pane);
  iterate_until (pane, some_rows, "the first rows");
  first = seconds_since (t0);
  /* Streamed: the first rows show while the rest is still on its way. */
  n_first = n_rows (pane);
  first_loading = ferry_file_pane_get_loading (pane);
  iterate_until (pane, all_rows, "all rows");
  all = seconds_since (t0);
  mb = ((int) vm_hwm_kb () - (int) MIN (before_kb, vm_hwm_kb ())) / 1024;
  printf ("# " TAG "%s: first rows %.3f s (%u rows%s), all %u rows %.3f s, peak memory +%d MB (%d B an entry)\n",
          what, first, n_first, first_loading ? ", still loading" : "", S.n_entries, all, mb,
          (int) ((gint64) mb * 1024 * 1024 / S.n_entries));
  check_stall (what);
  if (!S.bench && mb > (int) S.max_memory_mb)
    g_error ("%s: +%d MB for %u rows (goal %u MB)", what, mb, S.n_entries, S.max_memory_mb);
}

/* --- sorting and End --------------------------------------------------- */

static gboolean sorted;

static void
view_changed_cb (FerryFileList *list,
                 gboolean       resorted,
                 gpointer       data)
{
  sorted = TRUE;
}

static gboolean
is_sorted (FerryFilePane *pane)
{
  return sorted;
}

static GtkAdjustment *
vadjustment (FerryFilePane *pane)
{
  return gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (ferry_file_pane_get_column_view (pane)));
}

static FerryFileItem *
row (FerryFilePane *pane, guint i)
{
  g_autoptr(FerryFileItem) item = g_list_model_get_item (ferry_file_pane_get_model (pane), i);
  return item;   /* the list keeps it */
}

static void
assert_order (FerryFilePane *pane, FerryFileSortColumn column, gboolean descending)
{
  guint n = n_rows (pane);
  guint first_file = n / 50 + 1;   /* folders first */

  g_assert_true (ferry_file_item_get_is_dir (row (pane, 0)));
  g_assert_false (ferry_file_item_get_is_dir (row (pane, first_file + 1)));
  for (guint i = first_file; i + 1 < n; i += n / 97)
    {
      int c = ferry_file_list_compare (row (pane, i), row (pane, i + 1), column);
      g_assert_cmpint (descending ? -c : c, <=, 0);
    }
}

static void
sort_by (FerryFilePane *pane,
         const char    *column_title,
         FerryFileSortColumn column,
         GtkSortType    order)
{
  GtkColumnView *view = GTK_COLUMN_VIEW (ferry_file_pane_get_column_view (pane));
  GListModel *columns = gtk_column_view_get_columns (view);
  GtkColumnViewColumn *found = NULL;
  g_autofree char *what = NULL;
  gint64 t0;

  for (guint i = 0; i < g_list_model_get_n_items (columns) && found == NULL; i++)
    {
      g_autoptr(GtkColumnViewColumn) c = g_list_model_get_item (columns, i);
      if (g_strcmp0 (gtk_column_view_column_get_title (c), column_title) == 0)
        found = c;
    }
  g_assert_nonnull (found);

  /* Away from the top: a re-sort brings the view back there. */
  gtk_adjustment_set_value (vadjustment (pane), gtk_adjustment_get_upper (vadjustment (pane)) / 2);
  settle (100);
  ferry_stall_probe_reset ();
  sorted = FALSE;
  t0 = g_get_monotonic_time ();
  gtk_column_view_sort_by_column (view, found, order);
  iterate_until (pane, is_sorted, "the sorted rows");
  what = g_strdup_printf ("sort by %s %s", column_title, order == GTK_SORT_ASCENDING ? "ascending" : "descending");
  printf ("# " TAG "%s: %.3f s\n", what, seconds_since (t0));
  settle (100);
  check_stall (what);
  assert_order (pane, column, order == GTK_SORT_DESCENDING);
  g_assert_cmpfloat (gtk_adjustment_get_value (vadjustment (pane)), ==, 0);
}

static void
xdotool (const char *arg1, const char *arg2, const char *arg3)
{
  const char *argv[] = { "xdotool", arg1, arg2, arg3, NULL };
  g_autoptr(GError) error = NULL;
  int status = -1;

  /* Descriptors left open: GLib then uses posix_spawn (vfork) instead of
   * fork, which would copy the page tables of a process holding 100,000
   * rows and make the window's next write to each page fault (copy on
   * write), counted as main-thread work of the key pressed. */
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_LEAVE_DESCRIPTORS_OPEN,
                NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

static gboolean
at_bottom (FerryFilePane *pane)
{
  GtkAdjustment *adj = vadjustment (pane);
  return gtk_adjustment_get_value (adj) > 0 &&
         gtk_adjustment_get_value (adj) + gtk_adjustment_get_page_size (adj) >= gtk_adjustment_get_upper (adj) - 1;
}

static void
press_end (FerryFilePane *pane)
{
  GtkWidget *view = ferry_file_pane_get_column_view (pane);
  graphene_point_t p;
  g_autofree char *x = NULL;
  g_autofree char *y = NULL;

  /* The pointer over the list: with no window manager the keyboard goes
   * to the window under it. */
  g_assert_true (gtk_widget_compute_point (view, GTK_WIDGET (S.window), &GRAPHENE_POINT_INIT (100, 100), &p));
  x = g_strdup_printf ("%d", (int) p.x);
  y = g_strdup_printf ("%d", (int) p.y);
  xdotool ("mousemove", x, y);
  settle (200);
  ferry_file_pane_focus_list (pane);
  settle (200);
  ferry_stall_probe_reset ();
  xdotool ("key", "End", NULL);
  iterate_until (pane, at_bottom, "the end of the list");
  settle (200);
  check_stall ("End");
}

static void
sort_each_column (FerryFilePane *pane)
{
  sort_by (pane, "Size", FERRY_FILE_SORT_SIZE, GTK_SORT_ASCENDING);
  sort_by (pane, "Size", FERRY_FILE_SORT_SIZE, GTK_SORT_DESCENDING);
  sort_by (pane, "Modified", FERRY_FILE_SORT_MODIFIED, GTK_SORT_ASCENDING);
  sort_by (pane, "Name", FERRY_FILE_SORT_NAME, GTK_SORT_DESCENDING);
  sort_by (pane, "Name", FERRY_FILE_SORT_NAME, GTK_SORT_ASCENDING);
  press_end (pane);
}

/* --- the window -------------------------------------------------------- */

static gboolean
window_ready (FerryFilePane *pane)
{
  return gtk_widget_get_mapped (GTK_WIDGET (S.window)) && !ferry_file_pane_get_loading (pane);
}

static void
open_window (const char *local_dir)
{
  FerryFilePane *local;

  S.window = ferry_window_new (NULL);
  ferry_window_set_local_dir (S.window, local_dir);
  gtk_window_set_default_size (GTK_WINDOW (S.window), 1000, 700);
  gtk_window_present (GTK_WINDOW (S.window));
  local = ferry_window_get_local_pane (S.window);
  iterate_until (local, window_ready, "the window");
  settle (300);
}

static gboolean
speed_window_gone (FerryFilePane *pane)
{
  return S.window == NULL;
}

static void
close_window (void)
{
  g_object_add_weak_pointer (G_OBJECT (S.window), (gpointer *) &S.window);
  gtk_window_destroy (GTK_WINDOW (S.window));
  iterate_until (NULL, speed_window_gone, "the window to close");
}

static void
watch_sorting (FerryFilePane *pane)
{
  /* The list under the selection model: where view-changed comes from. */
  GListModel *list = gtk_multi_selection_get_model (GTK_MULTI_SELECTION (ferry_file_pane_get_model (pane)));
  g_signal_connect (list, "view-changed", G_CALLBACK (view_changed_cb), NULL);
}

static void
open_big_local (FerryFilePane *pane)
{
  ferry_file_pane_set_path (pane, S.big);
}

/* A folder with a few rows of each kind: the window starts there, so that
 * what any shown row costs once (fonts, icons, row widgets) is in the idle
 * memory the 100,000 rows are measured against, as for a person who opens
 * a big folder from a small one. */
static char *
make_home (void)
{
  char *home = g_dir_make_tmp ("ferry-speed-home-XXXXXX", NULL);
  g_autoptr(GBytes) bytes = g_bytes_new_static ("x\n", 2);
  g_autofree char *sub = g_build_filename (home, "Documents", NULL);

  g_assert_cmpint (g_mkdir (sub, 0755), ==, 0);
  write_file (home, "notes.txt", bytes);
  write_file (home, "photo.jpg", bytes);
  write_file (home, "archive.tar.gz", bytes);
  return home;
}

static void
remove_home (const char *home)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", home);

  g_assert_cmpint (system (cmd), ==, 0);
}

static void
test_local (void)
{
  g_autofree char *home = make_home ();
  FerryFilePane *pane;

  open_window (home);
  pane = ferry_window_get_local_pane (S.window);
  watch_sorting (pane);
  measure_open (pane, open_big_local, "local folder");
  sort_each_column (pane);
  close_window ();
  remove_home (home);
}

/* "/big" typed into "Remote folder", as a person would. */
static void
type_big_remote (FerryFilePane *pane)
{
  GtkEditable *entry = GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (pane), FERRY_TYPE_FILE_PANE,
                                                                    "path_entry"));
  gtk_editable_set_text (entry, "/big");
  g_signal_emit_by_name (entry, "activate");
}

static void
start_speed_server (const char *launcher)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;
  g_autofree char *script = g_build_filename (SOURCE_ROOT, "tests", "servers", launcher, NULL);
  guint64 port = 0;

  /* --keep-owner: vsftpd would chown 100,000 files to its user. */
  S.server = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                               &error, "/usr/bin/python3", script,
                               "--root", S.root, "--user", "ferryspeed:secret14",
                               g_str_has_prefix (launcher, "vsftpd") ? "--keep-owner" : NULL, NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (S.server));
  line = g_data_input_stream_read_line (out, NULL, NULL, &error);
  if (line == NULL || !g_str_has_prefix (line, "PORT "))
    {
      g_subprocess_wait (S.server, NULL, NULL);
      g_clear_object (&S.server);
      return;
    }
  g_assert_true (g_ascii_string_to_unsigned (line + 5, 10, 1, 65535, &port, NULL));
  S.port = (guint16) port;
}

static void
test_remote (gconstpointer data)
{
  const char *launcher = data;
  g_autofree char *home = make_home ();
  g_autofree char *url = NULL;
  g_autoptr(FerrySite) site = NULL;
  FerryFilePane *pane;

  start_speed_server (launcher);
  if (S.server == NULL)
    {
      g_test_skip ("the server did not start (vsftpd needs root)");
      return;
    }
  open_window (home);
  pane = ferry_window_get_remote_pane (S.window);
  watch_sorting (pane);
  url = g_strdup_printf ("ftp://ferryspeed:secret14@127.0.0.1:%u/", S.port);
  site = ferry_site_parse_url (url, NULL);
  g_assert_nonnull (site);
  ferry_window_connect_site (S.window, site);
  iterate_until (pane, remote_root_listed, "the server's root");
  settle (300);

  measure_open (pane, type_big_remote, launcher);
  sort_each_column (pane);

  close_window ();
  g_subprocess_send_signal (S.server, SIGTERM);
  g_subprocess_wait (S.server, NULL, NULL);
  g_clear_object (&S.server);
  remove_home (home);
}

int
main (int   argc,
      char *argv[])
{
  char *data_home = ui_test_init (&argc, &argv);
  const char *env;
  const char *keep;
  g_autofree char *cmd = NULL;
  int status;

  S.bench = g_getenv ("FERRY_UI_BENCH") != NULL;
  S.wall = g_getenv ("FERRY_UI_STALL_WALL") != NULL;
  S.n_entries = (env = g_getenv ("FERRY_UI_ENTRIES")) ? (guint) atoi (env) : 100000;
  S.max_stall_ms = (env = g_getenv ("FERRY_UI_MAX_STALL_MS")) ? (guint) atoi (env) : 50;
  S.max_memory_mb = (env = g_getenv ("FERRY_UI_MAX_MEMORY_MB")) ? (guint) atoi (env) : 30;
  /* The probe ticks at high priority every 5 ms, as for FERRY_DEBUG_STALLS. */
  ferry_stall_probe_start (S.max_stall_ms);

  /* FERRY_UI_FOLDER: keep the folder there for the next run (bench). */
  keep = g_getenv ("FERRY_UI_FOLDER");
  S.root = keep ? g_strdup (keep) : g_dir_make_tmp ("ferry-speed-XXXXXX", NULL);
  g_assert_nonnull (S.root);
  g_mkdir_with_parents (S.root, 0755);
  /* vsftpd reads the folder as its test user. */
  g_chmod (S.root, 0755);
  S.big = g_build_filename (S.root, "big", NULL);
  if (!g_file_test (S.big, G_FILE_TEST_IS_DIR))
    {
      gint64 t0 = g_get_monotonic_time ();
      g_autofree char *part = g_strconcat (S.big, ".part", NULL);
      g_autofree char *rm = g_strdup_printf ("rm -rf '%s'", part);

      /* Made aside and renamed, so that an interrupted run leaves no half folder. */
      g_assert_cmpint (system (rm), ==, 0);
      make_folder (part, S.n_entries);
      g_assert_cmpint (g_rename (part, S.big), ==, 0);
      printf ("# " TAG "made %u entries in %.1f s\n", S.n_entries, seconds_since (t0));
    }

  g_test_add_func ("/speed/local", test_local);
  g_test_add_data_func ("/speed/vsftpd", "vsftpd-launch", test_remote);
  g_test_add_data_func ("/speed/pyftpdlib", "pyftpd.py", test_remote);
  status = g_test_run ();

  cmd = g_strdup_printf ("rm -rf '%s'", S.root);
  if (keep == NULL)
    g_assert_cmpint (system (cmd), ==, 0);
  g_free (S.root);
  g_free (S.big);
  ui_test_cleanup (data_home);
  return status;
}
