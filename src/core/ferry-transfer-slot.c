/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ferry-transfer-slot.h"

typedef struct
{
  /* what the scheduler reads */
  gboolean          connecting;
  gboolean          connected;
  gboolean          dead;
  gboolean          retiring;
  guint             connect_failures;
  guint             reconnect_source;
  char             *home;
  GHashTable       *jobs;            /* FerryTransferItem (ref) set: in flight here */
} FerryTransferSlotPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (FerryTransferSlot, ferry_transfer_slot, G_TYPE_OBJECT)

enum {
  SIGNAL_CONNECT_FINISHED,
  SIGNAL_JOB_FINISHED,
  SIGNAL_PROGRESS,
  SIGNAL_LISTING_READY,
  SIGNAL_LOG_LINE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

#define PRIV(self) ((FerryTransferSlotPrivate *) ferry_transfer_slot_get_instance_private (self))

static void
ferry_transfer_slot_dispose (GObject *object)
{
  FerryTransferSlotPrivate *priv = PRIV (FERRY_TRANSFER_SLOT (object));
  GHashTableIter iter;
  gpointer item;

  g_clear_handle_id (&priv->reconnect_source, g_source_remove);
  /* Items outlive their slot: they must not point at it. */
  if (priv->jobs != NULL)
    {
      g_hash_table_iter_init (&iter, priv->jobs);
      while (g_hash_table_iter_next (&iter, &item, NULL))
        ferry_transfer_item_get_work (item)->slot = NULL;
      g_hash_table_remove_all (priv->jobs);
    }

  G_OBJECT_CLASS (ferry_transfer_slot_parent_class)->dispose (object);
}

static void
ferry_transfer_slot_finalize (GObject *object)
{
  FerryTransferSlotPrivate *priv = PRIV (FERRY_TRANSFER_SLOT (object));

  g_clear_pointer (&priv->jobs, g_hash_table_unref);
  g_free (priv->home);

  G_OBJECT_CLASS (ferry_transfer_slot_parent_class)->finalize (object);
}

static void
ferry_transfer_slot_class_init (FerryTransferSlotClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GType type = G_TYPE_FROM_CLASS (klass);

  object_class->dispose = ferry_transfer_slot_dispose;
  object_class->finalize = ferry_transfer_slot_finalize;

  signals[SIGNAL_CONNECT_FINISHED] =
    g_signal_new ("connect-finished", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_POINTER);
  signals[SIGNAL_JOB_FINISHED] =
    g_signal_new ("job-finished", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, FERRY_TYPE_TRANSFER_ITEM, G_TYPE_POINTER);
  signals[SIGNAL_PROGRESS] =
    g_signal_new ("progress", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, FERRY_TYPE_TRANSFER_ITEM, G_TYPE_UINT64, G_TYPE_INT64);
  signals[SIGNAL_LISTING_READY] =
    g_signal_new ("listing-ready", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, FERRY_TYPE_TRANSFER_ITEM,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE, G_TYPE_PTR_ARRAY);
  signals[SIGNAL_LOG_LINE] =
    g_signal_new ("log-line", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_INT, G_TYPE_UINT,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
ferry_transfer_slot_init (FerryTransferSlot *self)
{
  PRIV (self)->jobs = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
}

/* --- for the scheduler ------------------------------------------------- */

void
ferry_transfer_slot_connect (FerryTransferSlot *self)
{
  FerryTransferSlotPrivate *priv = PRIV (self);

  g_return_if_fail (FERRY_IS_TRANSFER_SLOT (self));
  g_clear_handle_id (&priv->reconnect_source, g_source_remove);
  priv->connecting = TRUE;
  FERRY_TRANSFER_SLOT_GET_CLASS (self)->connect (self);
}

static gboolean
reconnect_cb (gpointer data)
{
  FerryTransferSlot *self = data;

  PRIV (self)->reconnect_source = 0;
  ferry_transfer_slot_connect (self);
  return G_SOURCE_REMOVE;
}

void
ferry_transfer_slot_connect_later (FerryTransferSlot *self,
                                   guint              delay_ms)
{
  FerryTransferSlotPrivate *priv = PRIV (self);

  g_return_if_fail (FERRY_IS_TRANSFER_SLOT (self));
  g_clear_handle_id (&priv->reconnect_source, g_source_remove);
  priv->connecting = TRUE;
  priv->reconnect_source = g_timeout_add (delay_ms, reconnect_cb, self);
}

/* The one place a job joins a slot: the scheduler's first job for an
 * item and the follow-up ones (CWD after a failed MKD) alike. */
void
ferry_transfer_slot_start (FerryTransferSlot  *self,
                           FerryTransferItem  *item,
                           const FerrySlotJob *job)
{
  FerryTransferWork *work = ferry_transfer_item_get_work (item);

  g_return_if_fail (FERRY_IS_TRANSFER_SLOT (self));
  g_return_if_fail (work->slot == NULL);

  work->slot = self;
  g_hash_table_add (PRIV (self)->jobs, g_object_ref (item));
  FERRY_TRANSFER_SLOT_GET_CLASS (self)->start (self, item, job);
}

void
ferry_transfer_slot_cancel (FerryTransferSlot *self,
                            FerryTransferItem *item)
{
  g_return_if_fail (FERRY_IS_TRANSFER_SLOT (self));
  if (g_hash_table_contains (PRIV (self)->jobs, item))
    FERRY_TRANSFER_SLOT_GET_CLASS (self)->cancel (self, item);
}

guint
ferry_transfer_slot_get_inflight (FerryTransferSlot *self)
{
  return g_hash_table_size (PRIV (self)->jobs);
}

gboolean
ferry_transfer_slot_get_connected (FerryTransferSlot *self)
{
  return PRIV (self)->connected;
}

gboolean
ferry_transfer_slot_get_connecting (FerryTransferSlot *self)
{
  return PRIV (self)->connecting;
}

gboolean
ferry_transfer_slot_get_dead (FerryTransferSlot *self)
{
  return PRIV (self)->dead;
}

void
ferry_transfer_slot_set_dead (FerryTransferSlot *self)
{
  PRIV (self)->dead = TRUE;
}

gboolean
ferry_transfer_slot_get_retiring (FerryTransferSlot *self)
{
  return PRIV (self)->retiring;
}

void
ferry_transfer_slot_set_retiring (FerryTransferSlot *self)
{
  PRIV (self)->retiring = TRUE;
}

guint
ferry_transfer_slot_get_connect_failures (FerryTransferSlot *self)
{
  return PRIV (self)->connect_failures;
}

const char *
ferry_transfer_slot_get_home (FerryTransferSlot *self)
{
  return PRIV (self)->home;
}

gboolean
ferry_transfer_slot_can_take (FerryTransferSlot *self,
                              guint              depth)
{
  FerryTransferSlotPrivate *priv = PRIV (self);

  return priv->connected && !priv->dead && !priv->retiring &&
         g_hash_table_size (priv->jobs) < depth;
}

/* --- for subclasses ---------------------------------------------------- */

void
ferry_transfer_slot_connect_done (FerryTransferSlot *self,
                                  const char        *home,
                                  const GError      *error)
{
  FerryTransferSlotPrivate *priv = PRIV (self);
  g_autoptr(FerryTransferSlot) hold = g_object_ref (self);

  priv->connecting = FALSE;
  if (error == NULL)
    {
      priv->connected = TRUE;
      priv->connect_failures = 0;
      if (home != NULL)
        {
          g_free (priv->home);
          priv->home = g_strdup (home);
        }
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    priv->connect_failures++;
  g_signal_emit (self, signals[SIGNAL_CONNECT_FINISHED], 0, error);
}

void
ferry_transfer_slot_job_done (FerryTransferSlot *self,
                              FerryTransferItem *item,
                              const GError      *error)
{
  FerryTransferSlotPrivate *priv = PRIV (self);
  g_autoptr(FerryTransferSlot) hold = g_object_ref (self);
  g_autoptr(FerryTransferItem) item_ref = g_object_ref (item);

  if (!g_hash_table_remove (priv->jobs, item))
    return;
  ferry_transfer_item_get_work (item)->slot = NULL;
  g_signal_emit (self, signals[SIGNAL_JOB_FINISHED], 0, item, error);
}

void
ferry_transfer_slot_emit_progress (FerryTransferSlot *self,
                                   FerryTransferItem *item,
                                   guint64            done,
                                   gint64             total)
{
  if (g_hash_table_contains (PRIV (self)->jobs, item))
    g_signal_emit (self, signals[SIGNAL_PROGRESS], 0, item, done, total);
}

void
ferry_transfer_slot_emit_listing (FerryTransferSlot *self,
                                  FerryTransferItem *item,
                                  const char        *path,
                                  GPtrArray         *entries)
{
  if (g_hash_table_contains (PRIV (self)->jobs, item))
    g_signal_emit (self, signals[SIGNAL_LISTING_READY], 0, item, path, entries);
}

void
ferry_transfer_slot_emit_log (FerryTransferSlot *self,
                              int                kind,
                              guint              code,
                              const char        *text)
{
  g_signal_emit (self, signals[SIGNAL_LOG_LINE], 0, kind, code, text);
}
