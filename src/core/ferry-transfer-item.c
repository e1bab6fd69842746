/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "ferry-transfer-item.h"
#include "ferry-transfer-item-private.h"

/* A tree's figures, kept up to date by every change below it, so that no
 * one counts by looping over the queue.  Signed: changes are deltas. */
typedef struct
{
  gint64 bytes_done;
  gint64 bytes_total;
  gint64 files_done;
  gint64 files_total;
  gint64 files_failed;
  gint64 files_skipped;
  gint64 dirs_done;
  gint64 open;
  gint64 running;
  gint64 queued;
} Tally;

struct _FerryTransferItem
{
  GObject                 parent_instance;

  FerryTransferDirection  direction;
  gboolean                is_dir;
  char                   *local_path;
  char                   *remote_path;
  gint64                  size;
  guint64                 bytes_done;
  double                  rate;
  FerryTransferState      state;
  char                   *error_message;
  guint                   attempts;
  guint                   batch_id;
  guint                   depth;
  gboolean                asking;

  /* the queue's */
  FerryTransferItem      *parent;     /* owned ref */
  gboolean                walked;
  gboolean                removed;
  Tally                   tree;       /* itself and everything below */
  FerryTransferWork       work;
};

G_DEFINE_FINAL_TYPE (FerryTransferItem, ferry_transfer_item, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (FerryTransferDirection, ferry_transfer_direction,
  G_DEFINE_ENUM_VALUE (FERRY_TRANSFER_DOWNLOAD, "download"),
  G_DEFINE_ENUM_VALUE (FERRY_TRANSFER_UPLOAD, "upload"))

G_DEFINE_ENUM_TYPE (FerryTransferState, ferry_transfer_state,
  G_DEFINE_ENUM_VALUE (FERRY_TRANSFER_QUEUED, "queued"),
  G_DEFINE_ENUM_VALUE (FERRY_TRANSFER_RUNNING, "running"),
  G_DEFINE_ENUM_VALUE (FERRY_TRANSFER_PAUSED, "paused"),
  G_DEFINE_ENUM_VALUE (FERRY_TRANSFER_DONE, "done"),
  G_DEFINE_ENUM_VALUE (FERRY_TRANSFER_FAILED, "failed"),
  G_DEFINE_ENUM_VALUE (FERRY_TRANSFER_CANCELLED, "cancelled"),
  G_DEFINE_ENUM_VALUE (FERRY_TRANSFER_SKIPPED, "skipped"))

enum {
  PROP_0,
  PROP_DIRECTION,
  PROP_LOCAL_PATH,
  PROP_REMOTE_PATH,
  PROP_IS_DIR,
  PROP_SIZE,
  PROP_BYTES_DONE,
  PROP_RATE,
  PROP_STATE,
  PROP_ERROR_MESSAGE,
  PROP_ATTEMPTS,
  PROP_BATCH_ID,
  PROP_DEPTH,
  PROP_ASKING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];
static guint totals_changed_signal;

/* What @self adds to the trees above it, by itself. */
static void
own_tally (FerryTransferItem *self,
           Tally             *t)
{
  gboolean counted;

  memset (t, 0, sizeof *t);
  if (self->removed)
    return;
  t->open = !ferry_transfer_state_is_final (self->state);
  t->running = self->state == FERRY_TRANSFER_RUNNING && !self->walked;
  t->queued = self->state == FERRY_TRANSFER_QUEUED;
  if (self->is_dir)
    {
      t->dirs_done = self->state == FERRY_TRANSFER_DONE;
      t->files_failed = self->state == FERRY_TRANSFER_FAILED;
      return;
    }
  if (self->state == FERRY_TRANSFER_SKIPPED)
    {
      t->files_skipped = 1;
      return;
    }
  counted = self->state != FERRY_TRANSFER_CANCELLED;
  if (!counted)
    return;
  t->files_total = 1;
  t->files_done = self->state == FERRY_TRANSFER_DONE;
  t->files_failed = self->state == FERRY_TRANSFER_FAILED;
  t->bytes_total = self->size > 0 ? self->size : 0;
  t->bytes_done = (gint64) self->bytes_done;
}

static gboolean
tally_sub (Tally       *delta,
           const Tally *after,
           const Tally *before)
{
  const gint64 *a = (const gint64 *) after;
  const gint64 *b = (const gint64 *) before;
  gint64 *d = (gint64 *) delta;
  gboolean any = FALSE;

  for (guint i = 0; i < sizeof (Tally) / sizeof (gint64); i++)
    {
      d[i] = a[i] - b[i];
      any |= d[i] != 0;
    }
  return any;
}

/* Adds @delta to @from's tree and to every folder above it. */
static void
tally_propagate (FerryTransferItem *from,
                 const Tally       *delta)
{
  for (FerryTransferItem *p = from; p != NULL; p = p->parent)
    {
      gint64 *t = (gint64 *) &p->tree;
      const gint64 *d = (const gint64 *) delta;

      for (guint i = 0; i < sizeof (Tally) / sizeof (gint64); i++)
        t[i] += d[i];
      g_signal_emit (p, totals_changed_signal, 0);
    }
}

/* Runs around every change that may alter own_tally(). */
#define TALLY_BEGIN(self) Tally tally_before_; own_tally ((self), &tally_before_)
#define TALLY_END(self)                                         \
  G_STMT_START {                                                \
    Tally tally_after_, tally_delta_;                           \
    own_tally ((self), &tally_after_);                          \
    if (tally_sub (&tally_delta_, &tally_after_, &tally_before_)) \
      tally_propagate ((self), &tally_delta_);                  \
  } G_STMT_END

static void
ferry_transfer_item_finalize (GObject *object)
{
  FerryTransferItem *self = FERRY_TRANSFER_ITEM (object);

  g_free (self->local_path);
  g_free (self->remote_path);
  g_free (self->error_message);
  g_clear_pointer (&self->work.listing, g_ptr_array_unref);
  g_clear_pointer (&self->work.dropped, g_ptr_array_unref);
  g_free (self->work.listing_path);
  g_free (self->work.step_error);
  g_clear_pointer (&self->work.ancestry, g_array_unref);
  g_clear_object (&self->parent);

  G_OBJECT_CLASS (ferry_transfer_item_parent_class)->finalize (object);
}

static void
ferry_transfer_item_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  FerryTransferItem *self = FERRY_TRANSFER_ITEM (object);

  switch (prop_id)
    {
    case PROP_DIRECTION:     g_value_set_enum (value, self->direction); break;
    case PROP_LOCAL_PATH:    g_value_set_string (value, self->local_path); break;
    case PROP_REMOTE_PATH:   g_value_set_string (value, self->remote_path); break;
    case PROP_IS_DIR:        g_value_set_boolean (value, self->is_dir); break;
    case PROP_SIZE:          g_value_set_int64 (value, self->size); break;
    case PROP_BYTES_DONE:    g_value_set_uint64 (value, self->bytes_done); break;
    case PROP_RATE:          g_value_set_double (value, self->rate); break;
    case PROP_STATE:         g_value_set_enum (value, self->state); break;
    case PROP_ERROR_MESSAGE: g_value_set_string (value, self->error_message); break;
    case PROP_ATTEMPTS:      g_value_set_uint (value, self->attempts); break;
    case PROP_BATCH_ID:      g_value_set_uint (value, self->batch_id); break;
    case PROP_DEPTH:         g_value_set_uint (value, self->depth); break;
    case PROP_ASKING:        g_value_set_boolean (value, self->asking); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_transfer_item_class_init (FerryTransferItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ferry_transfer_item_finalize;
  object_class->get_property = ferry_transfer_item_get_property;

  properties[PROP_DIRECTION] =
    g_param_spec_enum ("direction", NULL, NULL, FERRY_TYPE_TRANSFER_DIRECTION,
                       FERRY_TRANSFER_DOWNLOAD, flags);
  properties[PROP_LOCAL_PATH] = g_param_spec_string ("local-path", NULL, NULL, NULL, flags);
  properties[PROP_REMOTE_PATH] = g_param_spec_string ("remote-path", NULL, NULL, NULL, flags);
  properties[PROP_IS_DIR] = g_param_spec_boolean ("is-dir", NULL, NULL, FALSE, flags);
  properties[PROP_SIZE] = g_param_spec_int64 ("size", NULL, NULL, -1, G_MAXINT64, -1, flags);
  properties[PROP_BYTES_DONE] =
    g_param_spec_uint64 ("bytes-done", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_RATE] = g_param_spec_double ("rate", NULL, NULL, 0, G_MAXDOUBLE, 0, flags);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, FERRY_TYPE_TRANSFER_STATE,
                       FERRY_TRANSFER_QUEUED, flags);
  properties[PROP_ERROR_MESSAGE] = g_param_spec_string ("error-message", NULL, NULL, NULL, flags);
  properties[PROP_ATTEMPTS] = g_param_spec_uint ("attempts", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_BATCH_ID] = g_param_spec_uint ("batch-id", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_DEPTH] = g_param_spec_uint ("depth", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_ASKING] = g_param_spec_boolean ("asking", NULL, NULL, FALSE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  totals_changed_signal =
    g_signal_new ("totals-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
ferry_transfer_item_init (FerryTransferItem *self)
{
  self->size = -1;
  self->work.listed_size = -1;
  self->work.listed_mtime = -1;
}

FerryTransferItem *
ferry_transfer_item_new (FerryTransferDirection  direction,
                         const char             *local_path,
                         const char             *remote_path,
                         gboolean                is_dir,
                         gint64                  size)
{
  FerryTransferItem *self = g_object_new (FERRY_TYPE_TRANSFER_ITEM, NULL);

  self->direction = direction;
  self->local_path = g_strdup (local_path);
  self->remote_path = g_strdup (remote_path);
  self->is_dir = !!is_dir;
  self->size = size < 0 ? -1 : size;
  own_tally (self, &self->tree);
  return self;
}

#define GETTER(type, name, field, fallback)                          \
  type                                                               \
  ferry_transfer_item_get_##name (FerryTransferItem *self)           \
  {                                                                  \
    g_return_val_if_fail (FERRY_IS_TRANSFER_ITEM (self), fallback);  \
    return self->field;                                              \
  }

GETTER (FerryTransferDirection, direction, direction, FERRY_TRANSFER_DOWNLOAD)
GETTER (const char *, local_path, local_path, NULL)
GETTER (const char *, remote_path, remote_path, NULL)
GETTER (gboolean, is_dir, is_dir, FALSE)
GETTER (gint64, size, size, -1)
GETTER (guint64, bytes_done, bytes_done, 0)
GETTER (double, rate, rate, 0)
GETTER (FerryTransferState, state, state, FERRY_TRANSFER_QUEUED)
GETTER (const char *, error_message, error_message, NULL)
GETTER (guint, attempts, attempts, 0)
GETTER (guint, batch_id, batch_id, 0)
GETTER (guint, depth, depth, 0)
GETTER (gboolean, asking, asking, FALSE)

#undef GETTER

gboolean
ferry_transfer_state_is_final (FerryTransferState state)
{
  return state == FERRY_TRANSFER_DONE || state == FERRY_TRANSFER_FAILED ||
         state == FERRY_TRANSFER_CANCELLED || state == FERRY_TRANSFER_SKIPPED;
}

static void
set_string (FerryTransferItem  *self,
            char              **field,
            const char         *value,
            guint               prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

void
ferry_transfer_item_set_local_path (FerryTransferItem *self,
                                    const char        *path)
{
  g_return_if_fail (FERRY_IS_TRANSFER_ITEM (self));
  set_string (self, &self->local_path, path, PROP_LOCAL_PATH);
}

void
ferry_transfer_item_set_remote_path (FerryTransferItem *self,
                                     const char        *path)
{
  g_return_if_fail (FERRY_IS_TRANSFER_ITEM (self));
  set_string (self, &self->remote_path, path, PROP_REMOTE_PATH);
}

void
ferry_transfer_item_set_size (FerryTransferItem *self,
                              gint64             size)
{
  g_return_if_fail (FERRY_IS_TRANSFER_ITEM (self));
  size = size < 0 ? -1 : size;
  if (self->size == size)
    return;
  {
    TALLY_BEGIN (self);
    self->size = size;
    TALLY_END (self);
  }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIZE]);
}

void
ferry_transfer_item_set_progress (FerryTransferItem *self,
                                  guint64            bytes_done,
                                  double             rate)
{
  g_return_if_fail (FERRY_IS_TRANSFER_ITEM (self));

  /* Frozen so a row bound to both sees one consistent update. */
  g_object_freeze_notify (G_OBJECT (self));
  if (self->bytes_done != bytes_done)
    {
      TALLY_BEGIN (self);
      self->bytes_done = bytes_done;
      TALLY_END (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTES_DONE]);
    }
  if (self->rate != rate)
    {
      self->rate = rate;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RATE]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

void
ferry_transfer_item_set_state (FerryTransferItem  *self,
                               FerryTransferState  state,
                               const char         *error_message)
{
  g_return_if_fail (FERRY_IS_TRANSFER_ITEM (self));

  g_object_freeze_notify (G_OBJECT (self));
  set_string (self, &self->error_message, error_message, PROP_ERROR_MESSAGE);
  if (self->state != state)
    {
      TALLY_BEGIN (self);
      self->state = state;
      if (ferry_transfer_state_is_final (state))
        self->walked = FALSE;
      TALLY_END (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

void
ferry_transfer_item_set_attempts (FerryTransferItem *self,
                                  guint              attempts)
{
  g_return_if_fail (FERRY_IS_TRANSFER_ITEM (self));
  if (self->attempts == attempts)
    return;
  self->attempts = attempts;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ATTEMPTS]);
}

void
ferry_transfer_item_set_batch_id (FerryTransferItem *self,
                                  guint              batch_id)
{
  g_return_if_fail (FERRY_IS_TRANSFER_ITEM (self));
  if (self->batch_id == batch_id)
    return;
  self->batch_id = batch_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BATCH_ID]);
}

void
ferry_transfer_item_set_depth (FerryTransferItem *self,
                               guint              depth)
{
  g_return_if_fail (FERRY_IS_TRANSFER_ITEM (self));
  if (self->depth == depth)
    return;
  self->depth = depth;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEPTH]);
}

void
ferry_transfer_item_set_asking (FerryTransferItem *self,
                                gboolean           asking)
{
  g_return_if_fail (FERRY_IS_TRANSFER_ITEM (self));
  asking = !!asking;
  if (self->asking == asking)
    return;
  self->asking = asking;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ASKING]);
}

/* --- for the queue ----------------------------------------------------- */

void
ferry_transfer_item_get_totals (FerryTransferItem   *self,
                                FerryTransferTotals *totals)
{
  g_return_if_fail (FERRY_IS_TRANSFER_ITEM (self));
  g_return_if_fail (totals != NULL);

  totals->bytes_done = (guint64) MAX (0, self->tree.bytes_done);
  totals->bytes_total = (guint64) MAX (0, self->tree.bytes_total);
  totals->files_done = (guint) MAX (0, self->tree.files_done);
  totals->files_total = (guint) MAX (0, self->tree.files_total);
  totals->files_failed = (guint) MAX (0, self->tree.files_failed);
  totals->files_skipped = (guint) MAX (0, self->tree.files_skipped);
  totals->dirs_done = (guint) MAX (0, self->tree.dirs_done);
  totals->items_open = (guint) MAX (0, self->tree.open);
  totals->rate = self->rate;
}

gboolean
ferry_transfer_item_get_walked (FerryTransferItem *self)
{
  g_return_val_if_fail (FERRY_IS_TRANSFER_ITEM (self), FALSE);
  return self->walked;
}

FerryTransferWork *
ferry_transfer_item_get_work (FerryTransferItem *self)
{
  return &self->work;
}

gboolean
ferry_transfer_item_is_busy (FerryTransferItem *self)
{
  return self->work.slot != NULL || self->work.step == FERRY_TRANSFER_STEP_WALK ||
         self->work.step == FERRY_TRANSFER_STEP_PROBE;
}

FerryTransferItem *
ferry_transfer_item_get_parent (FerryTransferItem *self)
{
  return self->parent;
}

void
ferry_transfer_item_set_parent (FerryTransferItem *self,
                                FerryTransferItem *parent)
{
  g_return_if_fail (self->parent == NULL);

  if (parent == NULL)
    return;
  self->parent = g_object_ref (parent);
  tally_propagate (parent, &self->tree);
}

void
ferry_transfer_item_set_removed (FerryTransferItem *self)
{
  TALLY_BEGIN (self);
  self->removed = TRUE;
  TALLY_END (self);
}

void
ferry_transfer_item_set_walked (FerryTransferItem *self,
                                gboolean           walked)
{
  TALLY_BEGIN (self);
  self->walked = !!walked;
  TALLY_END (self);
}

guint
ferry_transfer_item_get_open (FerryTransferItem *self)
{
  return (guint) MAX (0, self->tree.open);
}

guint
ferry_transfer_item_get_n_running (FerryTransferItem *self)
{
  return (guint) MAX (0, self->tree.running);
}

guint
ferry_transfer_item_get_n_queued (FerryTransferItem *self)
{
  return (guint) MAX (0, self->tree.queued);
}

void
ferry_transfer_item_update_rate (FerryTransferItem *self,
                                 gint64             now)
{
  FerryTransferWork *w = &self->work;
  guint64 bytes = (guint64) MAX (0, self->tree.bytes_done);
  double rate = self->rate;

  /* Smoothed over about a second: small files finish in bursts. */
  if (w->rate_time != 0 && now > w->rate_time && bytes >= w->rate_bytes)
    {
      double dt = (now - w->rate_time) / (double) G_USEC_PER_SEC;
      double inst = (bytes - w->rate_bytes) / dt;
      double alpha = MIN (1.0, dt);

      rate = rate * (1 - alpha) + inst * alpha;
    }
  w->rate_time = now;
  w->rate_bytes = bytes;
  if (self->rate != rate)
    {
      self->rate = rate;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RATE]);
    }
}
