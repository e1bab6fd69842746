/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>

#include "ferry-transfer.h"

struct _FerryTransfer
{
  GObject                 parent_instance;

  char                   *name;
  char                   *source;
  char                   *destination;
  char                   *error;
  gpointer                worker;       /* borrowed; compared, never dereferenced here */
  guint64                 done;
  gint64                  total;
  double                  rate;
  guint                   job;
  FerryTransferDirection  direction;
  FerryTransferState      state;
};

G_DEFINE_FINAL_TYPE (FerryTransfer, ferry_transfer, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_STATE,
  PROP_DONE,
  PROP_TOTAL,
  PROP_RATE,
  PROP_FRACTION,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ferry_transfer_finalize (GObject *object)
{
  FerryTransfer *self = FERRY_TRANSFER (object);

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->source, g_free);
  g_clear_pointer (&self->destination, g_free);
  g_clear_pointer (&self->error, g_free);

  G_OBJECT_CLASS (ferry_transfer_parent_class)->finalize (object);
}

static void
ferry_transfer_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  FerryTransfer *self = FERRY_TRANSFER (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    case PROP_DONE:
      g_value_set_uint64 (value, self->done);
      break;
    case PROP_TOTAL:
      g_value_set_int64 (value, self->total);
      break;
    case PROP_RATE:
      g_value_set_double (value, self->rate);
      break;
    case PROP_FRACTION:
      g_value_set_double (value, ferry_transfer_get_fraction (self));
      break;
    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_transfer_class_init (FerryTransferClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ferry_transfer_finalize;
  object_class->get_property = ferry_transfer_get_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL, FERRY_TRANSFER_QUEUED, FERRY_TRANSFER_CANCELLED,
                      FERRY_TRANSFER_QUEUED,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DONE] =
    g_param_spec_uint64 ("done", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TOTAL] =
    g_param_spec_int64 ("total", NULL, NULL, -1, G_MAXINT64, -1,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RATE] =
    g_param_spec_double ("rate", NULL, NULL, 0, G_MAXDOUBLE, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FRACTION] =
    g_param_spec_double ("fraction", NULL, NULL, 0, 1, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ferry_transfer_init (FerryTransfer *self)
{
  self->total = -1;
}

FerryTransfer *
ferry_transfer_new (FerryTransferDirection  direction,
                    const char             *name,
                    const char             *source,
                    const char             *destination,
                    gint64                  total)
{
  FerryTransfer *self = g_object_new (FERRY_TYPE_TRANSFER, NULL);

  self->direction = direction;
  self->name = g_strdup (name);
  self->source = g_strdup (source);
  self->destination = g_strdup (destination);
  self->total = total;
  return self;
}

FerryTransferDirection
ferry_transfer_get_direction (FerryTransfer *self)
{
  g_return_val_if_fail (FERRY_IS_TRANSFER (self), FERRY_TRANSFER_DOWNLOAD);
  return self->direction;
}

const char *
ferry_transfer_get_name (FerryTransfer *self)
{
  g_return_val_if_fail (FERRY_IS_TRANSFER (self), NULL);
  return self->name;
}

const char *
ferry_transfer_get_source (FerryTransfer *self)
{
  g_return_val_if_fail (FERRY_IS_TRANSFER (self), NULL);
  return self->source;
}

const char *
ferry_transfer_get_destination (FerryTransfer *self)
{
  g_return_val_if_fail (FERRY_IS_TRANSFER (self), NULL);
  return self->destination;
}

FerryTransferState
ferry_transfer_get_state (FerryTransfer *self)
{
  g_return_val_if_fail (FERRY_IS_TRANSFER (self), FERRY_TRANSFER_QUEUED);
  return self->state;
}

guint64
ferry_transfer_get_done (FerryTransfer *self)
{
  g_return_val_if_fail (FERRY_IS_TRANSFER (self), 0);
  return self->done;
}

gint64
ferry_transfer_get_total (FerryTransfer *self)
{
  g_return_val_if_fail (FERRY_IS_TRANSFER (self), -1);
  return self->total;
}

double
ferry_transfer_get_rate (FerryTransfer *self)
{
  g_return_val_if_fail (FERRY_IS_TRANSFER (self), 0);
  return self->rate;
}

double
ferry_transfer_get_fraction (FerryTransfer *self)
{
  g_return_val_if_fail (FERRY_IS_TRANSFER (self), 0);
  if (self->state == FERRY_TRANSFER_DONE)
    return 1.0;
  if (self->total <= 0)
    return 0.0;
  return CLAMP ((double) self->done / (double) self->total, 0.0, 1.0);
}

gint64
ferry_transfer_get_eta (FerryTransfer *self)
{
  g_return_val_if_fail (FERRY_IS_TRANSFER (self), -1);
  if (self->state != FERRY_TRANSFER_RUNNING || self->total < 0 || self->rate <= 0)
    return -1;
  if ((guint64) self->total <= self->done)
    return 0;
  return (gint64) (((guint64) self->total - self->done) / self->rate + 0.5);
}

const char *
ferry_transfer_get_error (FerryTransfer *self)
{
  g_return_val_if_fail (FERRY_IS_TRANSFER (self), NULL);
  return self->error;
}

gboolean
ferry_transfer_is_finished (FerryTransfer *self)
{
  g_return_val_if_fail (FERRY_IS_TRANSFER (self), FALSE);
  return self->state >= FERRY_TRANSFER_DONE;
}

guint
ferry_transfer_get_job (FerryTransfer *self)
{
  g_return_val_if_fail (FERRY_IS_TRANSFER (self), 0);
  return self->job;
}

gpointer
ferry_transfer_get_worker (FerryTransfer *self)
{
  g_return_val_if_fail (FERRY_IS_TRANSFER (self), NULL);
  return self->worker;
}

void
ferry_transfer_set_job (FerryTransfer *self,
                        gpointer       worker,
                        guint          job)
{
  g_return_if_fail (FERRY_IS_TRANSFER (self));
  self->worker = worker;
  self->job = job;
}

static void
set_state (FerryTransfer      *self,
           FerryTransferState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

void
ferry_transfer_update (FerryTransfer *self,
                       guint64        done,
                       gint64         total,
                       double         rate)
{
  g_return_if_fail (FERRY_IS_TRANSFER (self));

  /* A late progress event after the end must not revive the row. */
  if (ferry_transfer_is_finished (self))
    return;

  g_object_freeze_notify (G_OBJECT (self));
  set_state (self, FERRY_TRANSFER_RUNNING);
  if (self->done != done)
    {
      self->done = done;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DONE]);
    }
  if (total >= 0 && self->total != total)
    {
      self->total = total;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL]);
    }
  if (self->rate != rate)
    {
      self->rate = MAX (rate, 0);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RATE]);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
  g_object_thaw_notify (G_OBJECT (self));
}

void
ferry_transfer_restart (FerryTransfer *self)
{
  g_return_if_fail (FERRY_IS_TRANSFER (self));

  g_object_freeze_notify (G_OBJECT (self));
  g_clear_pointer (&self->error, g_free);
  self->done = 0;
  self->rate = 0;
  self->job = 0;
  self->worker = NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DONE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RATE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
  set_state (self, FERRY_TRANSFER_QUEUED);
  g_object_thaw_notify (G_OBJECT (self));
}

void
ferry_transfer_finish (FerryTransfer *self,
                       const GError  *error)
{
  g_return_if_fail (FERRY_IS_TRANSFER (self));

  if (ferry_transfer_is_finished (self))
    return;

  g_object_freeze_notify (G_OBJECT (self));
  if (error == NULL)
    {
      if (self->total >= 0 && self->done != (guint64) self->total)
        {
          self->done = (guint64) self->total;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DONE]);
        }
      set_state (self, FERRY_TRANSFER_DONE);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    set_state (self, FERRY_TRANSFER_CANCELLED);
  else
    {
      g_free (self->error);
      self->error = g_strdup (error->message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
      set_state (self, FERRY_TRANSFER_FAILED);
    }
  self->rate = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RATE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
  g_object_thaw_notify (G_OBJECT (self));
}
