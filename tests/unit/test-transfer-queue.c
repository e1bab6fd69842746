/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The queue's scheduler and retry logic with fake connections (no
 * server): a FerryTransferSlot subclass that records the jobs it is
 * given and ends them when the test says so.
 */
#include "config.h"

#include <glib/gstdio.h>

#include "ferry-listing.h"
#include "ferry-transfer-queue-private.h"

/* --- the fake connection ---------------------------------------------- */

#define FAKE_TYPE_SLOT (fake_slot_get_type ())
G_DECLARE_FINAL_TYPE (FakeSlot, fake_slot, FAKE, SLOT, FerryTransferSlot)

struct _FakeSlot
{
  FerryTransferSlot  parent_instance;
  GPtrArray         *jobs;        /* FerryTransferItem: started, not ended */
  GPtrArray         *kinds;       /* FerrySlotJobKind per job, as started */
  GPtrArray         *cancelled;   /* FerryTransferItem asked to stop */
};

G_DEFINE_FINAL_TYPE (FakeSlot, fake_slot, FERRY_TYPE_TRANSFER_SLOT)

typedef struct
{
  GPtrArray *slots;               /* FakeSlot (borrowed; the queue owns them) */
  guint      connect_failures;    /* the next logins that fail (421) */
  gboolean   connect_permanent;   /* ... with 530 instead */
} Fixture;

static Fixture *fixture;

static gboolean
connect_done_cb (gpointer data)
{
  FerryTransferSlot *slot = data;

  if (fixture->connect_failures > 0)
    {
      g_autoptr(GError) error = NULL;

      fixture->connect_failures--;
      error = fixture->connect_permanent
              ? g_error_new_literal (FERRY_FTP_ERROR, 530, "530 Login incorrect")
              : g_error_new_literal (FERRY_FTP_ERROR, 421, "421 Too many users");
      ferry_transfer_slot_connect_done (slot, NULL, error);
    }
  else
    ferry_transfer_slot_connect_done (slot, "/home", NULL);
  g_object_unref (slot);
  return G_SOURCE_REMOVE;
}

static void
fake_connect (FerryTransferSlot *slot)
{
  g_idle_add (connect_done_cb, g_object_ref (slot));
}

static void
fake_start (FerryTransferSlot  *slot,
            FerryTransferItem  *item,
            const FerrySlotJob *job)
{
  FakeSlot *self = FAKE_SLOT (slot);

  g_ptr_array_add (self->jobs, g_object_ref (item));
  g_ptr_array_add (self->kinds, GINT_TO_POINTER (job->kind));
}

static void
fake_cancel (FerryTransferSlot *slot,
             FerryTransferItem *item)
{
  g_ptr_array_add (FAKE_SLOT (slot)->cancelled, g_object_ref (item));
}

static void
fake_slot_finalize (GObject *object)
{
  FakeSlot *self = FAKE_SLOT (object);

  if (fixture != NULL)
    g_ptr_array_remove (fixture->slots, self);
  g_ptr_array_unref (self->jobs);
  g_ptr_array_unref (self->kinds);
  g_ptr_array_unref (self->cancelled);
  G_OBJECT_CLASS (fake_slot_parent_class)->finalize (object);
}

static void
fake_slot_class_init (FakeSlotClass *klass)
{
  FerryTransferSlotClass *slot_class = FERRY_TRANSFER_SLOT_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = fake_slot_finalize;
  slot_class->connect = fake_connect;
  slot_class->start = fake_start;
  slot_class->cancel = fake_cancel;
}

static void
fake_slot_init (FakeSlot *self)
{
  self->jobs = g_ptr_array_new_with_free_func (g_object_unref);
  self->kinds = g_ptr_array_new ();
  self->cancelled = g_ptr_array_new_with_free_func (g_object_unref);
}

static FerryTransferSlot *
fake_factory (const FerrySite *site,
              gpointer         data)
{
  FakeSlot *slot = g_object_new (FAKE_TYPE_SLOT, NULL);

  g_ptr_array_add (fixture->slots, slot);
  return FERRY_TRANSFER_SLOT (slot);
}

/* Ends @item's job on whichever fake runs it. */
static void
fake_end (FerryTransferItem *item,
          const GError      *error)
{
  for (guint i = 0; i < fixture->slots->len; i++)
    {
      FakeSlot *slot = g_ptr_array_index (fixture->slots, i);
      guint index;

      if (g_ptr_array_find (slot->jobs, item, &index))
        {
          g_autoptr(FerryTransferItem) hold = g_object_ref (item);

          g_ptr_array_remove_index (slot->jobs, index);
          g_ptr_array_remove_index (slot->kinds, index);
          ferry_transfer_slot_job_done (FERRY_TRANSFER_SLOT (slot), item, error);
          return;
        }
    }
  g_assert_not_reached ();
}

static guint
jobs_in_flight (void)
{
  guint n = 0;

  for (guint i = 0; i < fixture->slots->len; i++)
    n += ((FakeSlot *) g_ptr_array_index (fixture->slots, i))->jobs->len;
  return n;
}

static FakeSlot *
slot_running (FerryTransferItem *item)
{
  for (guint i = 0; i < fixture->slots->len; i++)
    {
      FakeSlot *slot = g_ptr_array_index (fixture->slots, i);
      if (g_ptr_array_find (slot->jobs, item, NULL))
        return slot;
    }
  return NULL;
}

/* --- helpers ------------------------------------------------------------ */

typedef gboolean (*Condition) (gpointer data);

static gboolean
run_until (Condition cond,
           gpointer  data,
           guint     timeout_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!cond (data))
    {
      if (g_get_monotonic_time () > end)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (200);
    }
  return TRUE;
}

static gboolean
has_jobs_cb (gpointer data)
{
  return jobs_in_flight () >= GPOINTER_TO_UINT (data);
}

static gboolean
idle_cb (gpointer data)
{
  return ferry_transfer_queue_is_idle (data);
}

typedef struct
{
  FerryTransferItem  *item;
  FerryTransferState  state;
} StateWait;

static gboolean
state_cb (gpointer data)
{
  StateWait *w = data;
  return ferry_transfer_item_get_state (w->item) == w->state && !ferry_transfer_item_is_busy (w->item);
}

static void
wait_state (FerryTransferItem  *item,
            FerryTransferState  state)
{
  StateWait w = { item, state };

  g_assert_true (run_until (state_cb, &w, 5000));
}

static void
spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (500);
    }
}

static FerryTransferQueue *
queue_new (guint concurrency)
{
  FerrySite site = { 0 };
  FerryTransferQueue *queue;

  site.host = (char *) "127.0.0.1";
  queue = ferry_transfer_queue_new (&site);
  ferry_transfer_queue_set_slot_factory (queue, fake_factory, NULL);
  ferry_transfer_queue_set_concurrency (queue, concurrency);
  ferry_transfer_queue_set_retry_delay (queue, 50);
  return queue;
}

static FerryTransferItem *
nth (FerryTransferQueue *queue,
     guint               i)
{
  FerryTransferItem *item = g_list_model_get_item (G_LIST_MODEL (queue), i);

  g_object_unref (item);   /* the queue keeps it */
  return item;
}

static void
add_files (FerryTransferQueue *queue,
           guint               n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *remote = g_strdup_printf ("/f%u", i);
      g_autofree char *local = g_strdup_printf ("/nonexistent/ferry-test/f%u", i);

      ferry_transfer_queue_add_download (queue, remote, local, FALSE, 100);
    }
}

static void
setup (void)
{
  fixture = g_new0 (Fixture, 1);
  fixture->slots = g_ptr_array_new ();
}

static void
teardown (void)
{
  g_ptr_array_unref (fixture->slots);
  g_clear_pointer (&fixture, g_free);
}

/* --- tests -------------------------------------------------------------- */

/* Two connections, never more; every one gets a job before any gets a
 * second, and none more than the pipeline. */
static void
test_concurrency (void)
{
  g_autoptr(FerryTransferQueue) queue = NULL;

  setup ();
  queue = queue_new (2);
  add_files (queue, 10);
  g_assert_true (run_until (has_jobs_cb, GUINT_TO_POINTER (4), 2000));
  spin (50);
  g_assert_cmpuint (fixture->slots->len, ==, 2);
  g_assert_cmpuint (jobs_in_flight (), ==, 2 * FERRY_SCHEDULER_PIPELINE);
  for (guint i = 0; i < fixture->slots->len; i++)
    g_assert_cmpuint (((FakeSlot *) g_ptr_array_index (fixture->slots, i))->jobs->len, ==,
                      FERRY_SCHEDULER_PIPELINE);

  /* With both connections free, each gets one job before either gets a
   * second: the first two items go to different connections. */
  {
    g_autoptr(GError) cancelled = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");

    ferry_transfer_queue_set_paused (queue, TRUE);
    for (guint i = 0; i < 4; i++)
      fake_end (nth (queue, i), cancelled);
    g_assert_cmpuint (jobs_in_flight (), ==, 0);
    for (guint i = 0; i < 4; i++)
      wait_state (nth (queue, i), FERRY_TRANSFER_QUEUED);
    ferry_transfer_queue_set_paused (queue, FALSE);
    g_assert_cmpuint (jobs_in_flight (), ==, 4);
    g_assert_nonnull (slot_running (nth (queue, 0)));
    g_assert_true (slot_running (nth (queue, 0)) != slot_running (nth (queue, 1)));
    g_assert_true (slot_running (nth (queue, 0)) == slot_running (nth (queue, 2)));
  }

  /* Ending one job gives that connection the next item. */
  {
    FakeSlot *slot = slot_running (nth (queue, 0));

    fake_end (nth (queue, 0), NULL);
    g_assert_cmpint (ferry_transfer_item_get_state (nth (queue, 0)), ==, FERRY_TRANSFER_DONE);
    g_assert_true (slot_running (nth (queue, 4)) == slot);
  }

  /* Lowering the concurrency retires a connection once it is idle. */
  ferry_transfer_queue_set_concurrency (queue, 1);
  while (jobs_in_flight () > 0)
    {
      for (guint i = 0; i < 10; i++)
        if (slot_running (nth (queue, i)) != NULL)
          {
            fake_end (nth (queue, i), NULL);
            break;
          }
      spin (1);
    }
  g_assert_true (run_until (idle_cb, queue, 2000));
  g_assert_cmpuint (fixture->slots->len, ==, 1);
  for (guint i = 0; i < 10; i++)
    g_assert_cmpint (ferry_transfer_item_get_state (nth (queue, i)), ==, FERRY_TRANSFER_DONE);
  g_clear_object (&queue);
  teardown ();
}

/* 421 is transient: retried after the back-off, up to max-retries. */
static void
test_retry_backoff (void)
{
  g_autoptr(FerryTransferQueue) queue = NULL;
  g_autoptr(GError) transient = g_error_new_literal (FERRY_FTP_ERROR, 421, "421 Timeout");
  FerryTransferItem *item;
  gint64 failed_at, restarted_at;

  setup ();
  queue = queue_new (1);
  ferry_transfer_queue_set_max_retries (queue, 2);
  ferry_transfer_queue_set_retry_delay (queue, 100);
  ferry_transfer_queue_add_upload (queue, "/nonexistent/up.bin", "/up.bin", FALSE);
  item = nth (queue, 0);
  g_assert_true (run_until (has_jobs_cb, GUINT_TO_POINTER (1), 2000));

  /* First failure: QUEUED again, not before 100 ms. */
  failed_at = g_get_monotonic_time ();
  fake_end (item, transient);
  g_assert_cmpint (ferry_transfer_item_get_state (item), ==, FERRY_TRANSFER_QUEUED);
  g_assert_cmpstr (ferry_transfer_item_get_error_message (item), ==, "421 Timeout");
  g_assert_cmpuint (jobs_in_flight (), ==, 0);
  g_assert_true (run_until (has_jobs_cb, GUINT_TO_POINTER (1), 2000));
  restarted_at = g_get_monotonic_time ();
  g_assert_cmpint (restarted_at - failed_at, >=, 100 * 1000);
  g_assert_cmpuint (ferry_transfer_item_get_attempts (item), ==, 2);

  /* Second: the back-off doubles. */
  failed_at = g_get_monotonic_time ();
  fake_end (item, transient);
  g_assert_true (run_until (has_jobs_cb, GUINT_TO_POINTER (1), 2000));
  g_assert_cmpint (g_get_monotonic_time () - failed_at, >=, 200 * 1000);
  g_assert_cmpuint (ferry_transfer_item_get_attempts (item), ==, 3);

  /* Third failure with max-retries 2: given up. */
  fake_end (item, transient);
  wait_state (item, FERRY_TRANSFER_FAILED);
  spin (300);
  g_assert_cmpuint (jobs_in_flight (), ==, 0);
  g_assert_cmpuint (ferry_transfer_item_get_attempts (item), ==, 3);
  g_assert_true (ferry_transfer_queue_is_idle (queue));
  g_assert_cmpuint (ferry_transfer_scheduler_retry_delay_ms (queue->scheduler, 30), ==,
                    FERRY_SCHEDULER_RETRY_CAP_MS);
  g_clear_object (&queue);
  teardown ();
}

/* 550 is permanent: failed at once, no retry; a retry by the user runs it again. */
static void
test_permanent_error (void)
{
  g_autoptr(FerryTransferQueue) queue = NULL;
  g_autoptr(GError) permanent = g_error_new_literal (FERRY_FTP_ERROR, 550, "550 No such file");
  FerryTransferItem *item;

  setup ();
  queue = queue_new (1);
  ferry_transfer_queue_add_upload (queue, "/nonexistent/up.bin", "/up.bin", FALSE);
  item = nth (queue, 0);
  g_assert_true (run_until (has_jobs_cb, GUINT_TO_POINTER (1), 2000));
  fake_end (item, permanent);
  g_assert_cmpint (ferry_transfer_item_get_state (item), ==, FERRY_TRANSFER_FAILED);
  spin (200);
  g_assert_cmpuint (jobs_in_flight (), ==, 0);
  g_assert_cmpuint (ferry_transfer_item_get_attempts (item), ==, 1);
  {
    FerryTransferTotals t;
    ferry_transfer_queue_get_totals (queue, &t);
    g_assert_cmpuint (t.files_failed, ==, 1);
    g_assert_cmpuint (t.files_total, ==, 1);
  }

  ferry_transfer_queue_retry_item (queue, item);
  g_assert_true (run_until (has_jobs_cb, GUINT_TO_POINTER (1), 2000));
  g_assert_cmpuint (ferry_transfer_item_get_attempts (item), ==, 1);
  fake_end (item, NULL);
  g_assert_cmpint (ferry_transfer_item_get_state (item), ==, FERRY_TRANSFER_DONE);
  g_clear_object (&queue);
  teardown ();
}

/* A login that fails for good fails what waits; a transient one is retried. */
static void
test_connect_failures (void)
{
  g_autoptr(FerryTransferQueue) queue = NULL;

  setup ();
  fixture->connect_failures = 2;
  queue = queue_new (1);
  ferry_transfer_queue_set_retry_delay (queue, 20);
  add_files (queue, 1);
  g_assert_true (run_until (has_jobs_cb, GUINT_TO_POINTER (1), 3000));
  fake_end (nth (queue, 0), NULL);
  g_clear_object (&queue);
  teardown ();

  setup ();
  fixture->connect_failures = 1;
  fixture->connect_permanent = TRUE;
  queue = queue_new (1);
  add_files (queue, 3);
  wait_state (nth (queue, 2), FERRY_TRANSFER_FAILED);
  g_assert_cmpstr (ferry_transfer_item_get_error_message (nth (queue, 0)), ==, "530 Login incorrect");
  g_assert_true (ferry_transfer_queue_is_idle (queue));
  g_clear_object (&queue);
  teardown ();
}

/* Pause All stops running jobs (back to QUEUED) and starts nothing;
 * resuming starts them again.  One item paused alone stays paused. */
static void
test_pause_resume (void)
{
  g_autoptr(FerryTransferQueue) queue = NULL;
  g_autoptr(GError) cancelled = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");

  setup ();
  queue = queue_new (1);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *local = g_strdup_printf ("/nonexistent/u%u", i);
      g_autofree char *remote = g_strdup_printf ("/u%u", i);
      ferry_transfer_queue_add_upload (queue, local, remote, FALSE);
    }
  g_assert_true (run_until (has_jobs_cb, GUINT_TO_POINTER (2), 2000));

  ferry_transfer_queue_set_paused (queue, TRUE);
  g_assert_cmpuint (((FakeSlot *) g_ptr_array_index (fixture->slots, 0))->cancelled->len, ==, 2);
  fake_end (nth (queue, 0), cancelled);
  fake_end (nth (queue, 1), cancelled);
  spin (50);
  g_assert_cmpuint (jobs_in_flight (), ==, 0);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpint (ferry_transfer_item_get_state (nth (queue, i)), ==, FERRY_TRANSFER_QUEUED);
  g_assert_true (ferry_transfer_queue_is_idle (queue));

  ferry_transfer_queue_pause_item (queue, nth (queue, 2));
  g_assert_cmpint (ferry_transfer_item_get_state (nth (queue, 2)), ==, FERRY_TRANSFER_PAUSED);
  ferry_transfer_queue_set_paused (queue, FALSE);
  g_assert_true (run_until (has_jobs_cb, GUINT_TO_POINTER (2), 2000));
  g_assert_null (slot_running (nth (queue, 2)));
  fake_end (nth (queue, 0), NULL);
  fake_end (nth (queue, 1), NULL);
  spin (50);
  g_assert_cmpuint (jobs_in_flight (), ==, 0);
  g_assert_true (ferry_transfer_queue_is_idle (queue));

  ferry_transfer_queue_resume_item (queue, nth (queue, 2));
  g_assert_true (run_until (has_jobs_cb, GUINT_TO_POINTER (1), 2000));
  fake_end (nth (queue, 2), NULL);
  g_assert_cmpint (ferry_transfer_item_get_state (nth (queue, 2)), ==, FERRY_TRANSFER_DONE);
  g_clear_object (&queue);
  teardown ();
}

/* Cancel asks the connection to stop the job; the item ends CANCELLED
 * and does not count. */
static void
test_cancel (void)
{
  g_autoptr(FerryTransferQueue) queue = NULL;
  g_autoptr(GError) cancelled = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");
  FerryTransferTotals t;

  setup ();
  queue = queue_new (1);
  add_files (queue, 4);
  g_assert_true (run_until (has_jobs_cb, GUINT_TO_POINTER (2), 2000));
  ferry_transfer_queue_cancel_item (queue, nth (queue, 0));
  g_assert_cmpuint (((FakeSlot *) g_ptr_array_index (fixture->slots, 0))->cancelled->len, ==, 1);
  fake_end (nth (queue, 0), cancelled);
  wait_state (nth (queue, 0), FERRY_TRANSFER_CANCELLED);

  /* A queued item is cancelled without a job. */
  g_assert_null (slot_running (nth (queue, 3)));
  ferry_transfer_queue_cancel_item (queue, nth (queue, 3));
  g_assert_cmpint (ferry_transfer_item_get_state (nth (queue, 3)), ==, FERRY_TRANSFER_CANCELLED);
  g_assert_true (run_until (has_jobs_cb, GUINT_TO_POINTER (2), 2000));
  fake_end (nth (queue, 1), NULL);
  fake_end (nth (queue, 2), NULL);
  g_assert_true (run_until (idle_cb, queue, 2000));
  ferry_transfer_queue_get_totals (queue, &t);
  g_assert_cmpuint (t.files_total, ==, 2);
  g_assert_cmpuint (t.files_done, ==, 2);
  g_assert_cmpuint (t.bytes_total, ==, 200);

  ferry_transfer_queue_remove_finished (queue);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (queue)), ==, 0);
  ferry_transfer_queue_get_totals (queue, &t);
  g_assert_cmpuint (t.files_total, ==, 0);
  g_clear_object (&queue);
  teardown ();
}

static GPtrArray *
listing_of (guint n)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    g_string_append_printf (text, "type=file;size=10;modify=20240101120000; file%u\r\n", i);
  return ferry_listing_parse (text->str, text->len, TRUE, NULL);
}

typedef struct
{
  FerryTransferQueue *queue;
  guint               n;
} CountWait;

static gboolean
n_items_cb (gpointer data)
{
  CountWait *w = data;
  return g_list_model_get_n_items (G_LIST_MODEL (w->queue)) >= w->n;
}

/* A folder is done only when every file in it is; the files are counted
 * as soon as the listing is walked. */
static void
test_folder_completion (void)
{
  g_autoptr(FerryTransferQueue) queue = NULL;
  g_autoptr(GPtrArray) listing = listing_of (2500);
  g_autofree char *tmp = g_dir_make_tmp ("ferry-unit-XXXXXX", NULL);
  g_autofree char *local = g_build_filename (tmp, "dl", NULL);
  FerryTransferItem *folder;
  FerryTransferTotals t;
  CountWait cw;

  setup ();
  queue = queue_new (2);
  ferry_transfer_queue_add_download (queue, "/tree", local, TRUE, -1);
  folder = nth (queue, 0);
  g_assert_true (run_until (has_jobs_cb, GUINT_TO_POINTER (1), 2000));
  g_assert_cmpint (GPOINTER_TO_INT (g_ptr_array_index (slot_running (folder)->kinds, 0)), ==,
                   FERRY_SLOT_JOB_LIST);
  ferry_transfer_slot_emit_listing (FERRY_TRANSFER_SLOT (slot_running (folder)), folder, "/tree", listing);
  fake_end (folder, NULL);

  /* Walked in a thread, handed over in batches. */
  cw.queue = queue;
  cw.n = 1 + 2500;
  g_assert_true (run_until (n_items_cb, &cw, 5000));
  g_assert_true (g_file_test (local, G_FILE_TEST_IS_DIR));
  g_assert_cmpint (ferry_transfer_item_get_state (folder), ==, FERRY_TRANSFER_RUNNING);
  ferry_transfer_queue_get_totals (queue, &t);
  g_assert_cmpuint (t.files_total, ==, 2500);
  g_assert_cmpuint (t.bytes_total, ==, 25000);
  ferry_transfer_item_get_totals (folder, &t);
  g_assert_cmpuint (t.files_total, ==, 2500);
  g_assert_cmpuint (t.files_done, ==, 0);

  /* All but one done: the folder is not. */
  for (guint done = 0; done < 2499; )
    {
      for (guint i = 1; i <= 2500 && done < 2499; i++)
        if (slot_running (nth (queue, i)) != NULL)
          {
            ferry_transfer_item_set_progress (nth (queue, i), 10, 0);
            fake_end (nth (queue, i), NULL);
            done++;
          }
      g_main_context_iteration (NULL, FALSE);
    }
  ferry_transfer_item_get_totals (folder, &t);
  g_assert_cmpuint (t.files_done, ==, 2499);
  g_assert_cmpuint (t.bytes_done, ==, 24990);
  g_assert_cmpint (ferry_transfer_item_get_state (folder), ==, FERRY_TRANSFER_RUNNING);
  g_assert_false (ferry_transfer_queue_is_idle (queue));

  g_assert_true (run_until (has_jobs_cb, GUINT_TO_POINTER (1), 2000));
  fake_end (nth (queue, 2500), NULL);
  g_assert_cmpint (ferry_transfer_item_get_state (folder), ==, FERRY_TRANSFER_DONE);
  ferry_transfer_queue_get_totals (queue, &t);
  g_assert_cmpuint (t.files_done, ==, 2500);
  g_assert_cmpuint (t.dirs_done, ==, 1);
  g_assert_true (run_until (idle_cb, queue, 2000));

  g_clear_object (&queue);
  g_rmdir (local);
  g_rmdir (tmp);
  teardown ();
}

static gboolean
file_exists_cb (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_EXISTS);
}

/* The saved picture of a queue written in a thread: a folder already
 * walked is not saved (its children are). */
static void
test_save_async (void)
{
  g_autoptr(FerryTransferQueue) queue = NULL;
  g_autoptr(FerryTransferQueue) loaded = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("ferry-unit-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (tmp, "queue.ini", NULL);
  FerrySite site = { 0 };

  setup ();
  queue = queue_new (1);
  ferry_transfer_queue_set_paused (queue, TRUE);
  add_files (queue, 3);
  ferry_transfer_queue_save_async (queue, path, NULL, NULL, NULL);
  g_assert_true (run_until (file_exists_cb, path, 2000));
  spin (100);
  site.host = (char *) "127.0.0.1";
  loaded = ferry_transfer_queue_new (&site);
  ferry_transfer_queue_set_paused (loaded, TRUE);
  g_assert_true (ferry_transfer_queue_load (loaded, path, NULL));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (loaded)), ==, 3);

  /* Nothing left: the async save removes the file. */
  ferry_transfer_queue_cancel_all (queue);
  ferry_transfer_queue_save_async (queue, path, NULL, NULL, NULL);
  spin (300);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_clear_object (&queue);
  g_clear_object (&loaded);
  g_rmdir (tmp);
  teardown ();
}

/* --- a scripted interaction ------------------------------------------- */

#define TEST_TYPE_INTERACTION (test_interaction_get_type ())
G_DECLARE_FINAL_TYPE (TestInteraction, test_interaction, TEST, INTERACTION, FerryInteraction)

struct _TestInteraction
{
  FerryInteraction      parent_instance;
  guint                 asked;
  FerryOverwriteChoice  choice;
  gboolean              all;
};

G_DEFINE_FINAL_TYPE (TestInteraction, test_interaction, FERRY_TYPE_INTERACTION)

static void
test_ask_overwrite_async (FerryInteraction    *interaction,
                          FerryTransferItem   *item,
                          GFileInfo           *existing,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  TestInteraction *self = TEST_INTERACTION (interaction);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  self->asked++;
  g_task_return_int (task, self->choice);
}

static FerryOverwriteChoice
test_ask_overwrite_finish (FerryInteraction  *interaction,
                           GAsyncResult      *result,
                           gboolean          *apply_to_all,
                           GError           **error)
{
  if (apply_to_all != NULL)
    *apply_to_all = TEST_INTERACTION (interaction)->all;
  return (FerryOverwriteChoice) g_task_propagate_int (G_TASK (result), error);
}

static void
test_interaction_class_init (TestInteractionClass *klass)
{
  FerryInteractionClass *interaction_class = FERRY_INTERACTION_CLASS (klass);

  interaction_class->ask_overwrite_async = test_ask_overwrite_async;
  interaction_class->ask_overwrite_finish = test_ask_overwrite_finish;
}

static void
test_interaction_init (TestInteraction *self)
{
}

static void
ask_overwrite_signal_cb (FerryTransferQueue *queue,
                         FerryTransferItem  *item,
                         GFileInfo          *info,
                         gpointer            data)
{
  g_assert_not_reached ();
}

/* With an interaction the overwrite question goes there (not to the
 * signal); "apply to all" answers the later conflicts without asking. */
static void
test_overwrite_interaction (void)
{
  g_autoptr(FerryTransferQueue) queue = NULL;
  g_autoptr(TestInteraction) interaction = g_object_new (TEST_TYPE_INTERACTION, NULL);
  g_autoptr(GError) exists = g_error_new_literal (FERRY_FTP_ERROR, FERRY_FTP_ERROR_EXISTS, "exists");

  setup ();
  queue = queue_new (1);
  interaction->choice = FERRY_OVERWRITE_CHOICE_OVERWRITE;
  interaction->all = TRUE;
  ferry_transfer_queue_set_interaction (queue, FERRY_INTERACTION (interaction));
  g_signal_connect (queue, "ask-overwrite", G_CALLBACK (ask_overwrite_signal_cb), NULL);
  add_files (queue, 2);
  g_assert_true (run_until (has_jobs_cb, GUINT_TO_POINTER (2), 2000));
  fake_end (nth (queue, 0), exists);
  g_assert_true (run_until (has_jobs_cb, GUINT_TO_POINTER (2), 2000));
  g_assert_cmpuint (interaction->asked, ==, 1);
  g_assert_nonnull (slot_running (nth (queue, 0)));
  g_assert_true (ferry_transfer_item_get_work (nth (queue, 0))->has_policy);
  g_assert_cmpint (ferry_transfer_item_get_work (nth (queue, 0))->policy, ==, FERRY_OVERWRITE_ALWAYS);

  fake_end (nth (queue, 1), exists);
  g_assert_true (run_until (has_jobs_cb, GUINT_TO_POINTER (2), 2000));
  g_assert_cmpuint (interaction->asked, ==, 1);
  fake_end (nth (queue, 0), NULL);
  fake_end (nth (queue, 1), NULL);
  g_assert_true (run_until (idle_cb, queue, 2000));
  g_clear_object (&queue);
  teardown ();
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/transfer-queue/concurrency", test_concurrency);
  g_test_add_func ("/transfer-queue/retry-backoff", test_retry_backoff);
  g_test_add_func ("/transfer-queue/permanent-error", test_permanent_error);
  g_test_add_func ("/transfer-queue/connect-failures", test_connect_failures);
  g_test_add_func ("/transfer-queue/pause-resume", test_pause_resume);
  g_test_add_func ("/transfer-queue/cancel", test_cancel);
  g_test_add_func ("/transfer-queue/folder-completion", test_folder_completion);
  g_test_add_func ("/transfer-queue/save-async", test_save_async);
  g_test_add_func ("/transfer-queue/overwrite-interaction", test_overwrite_interaction);
  return g_test_run ();
}
