/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ferry-file-transfer.h"
#include "ferry-transfer-item.h"

G_BEGIN_DECLS

/* For the queue's objects only (scheduler, slots, walker, store): what
 * the queue knows about an item besides what it shows.  One record per
 * transfer: this lives inside the FerryTransferItem. */

typedef struct _FerryTransferSlot FerryTransferSlot;

typedef enum
{
  FERRY_TRANSFER_STEP_NONE,
  FERRY_TRANSFER_STEP_TRANSFER,     /* RETR/STOR of a file */
  FERRY_TRANSFER_STEP_LIST,         /* listing a remote folder to download */
  FERRY_TRANSFER_STEP_MKDIR,        /* creating a remote folder to upload into */
  FERRY_TRANSFER_STEP_CHECK_DIR,    /* MKD failed: does the folder exist (CWD)? */
  FERRY_TRANSFER_STEP_WALK,         /* its children being found (walker thread) */
  FERRY_TRANSFER_STEP_PROBE,        /* its local file looked at before the next step (thread) */
} FerryTransferStep;

typedef enum
{
  FERRY_TRANSFER_INTENT_NONE,
  FERRY_TRANSFER_INTENT_PAUSE,      /* item paused while running */
  FERRY_TRANSFER_INTENT_CANCEL,     /* item cancelled while running */
  FERRY_TRANSFER_INTENT_REQUEUE,    /* queue paused while the item ran: back to QUEUED */
} FerryTransferIntent;

typedef struct
{
  gboolean            has_policy;      /* answered / chosen for this item */
  FerryOverwrite      policy;
  gboolean            is_link;         /* remote symlink, target type unknown */
  gint64              not_before;      /* monotonic µs; retry back-off */
  FerryTransferSlot  *slot;            /* while a job runs for it (borrowed) */
  FerryTransferStep   step;
  FerryTransferIntent intent;
  GPtrArray          *listing;         /* STEP_LIST result until the job ends */
  GPtrArray          *dropped;         /* STEP_LIST: FerryListingDrop, lines kept out */
  char               *listing_path;
  char               *step_error;      /* MKD's error while checking the folder */
  GArray             *ancestry;        /* guint: fingerprints of the listings above */
  gint64              listed_size;     /* download: from the listing, -1 unknown */
  gint64              listed_mtime;    /* download: exact (MLSD) listing time, -1 unknown */
  gboolean            used_listed;     /* the last attempt trusted listed_size */
  gboolean            continue_part;   /* a retry: the .part is ours, continue it */
  /* For the rate estimator (one for items, folders and the queue). */
  gint64              rate_time;
  guint64             rate_bytes;
} FerryTransferWork;

FerryTransferWork *ferry_transfer_item_get_work     (FerryTransferItem *self);
/* TRUE while a job runs for it on a slot (or its folder is being walked). */
gboolean           ferry_transfer_item_is_busy      (FerryTransferItem *self);

/* The folder whose tree @self belongs to (NULL: the queue's root). */
FerryTransferItem *ferry_transfer_item_get_parent   (FerryTransferItem *self);
/* Adds @self's tree to @parent's and every folder above (@parent keeps a
 * reference while @self lives). */
void               ferry_transfer_item_set_parent   (FerryTransferItem *self,
                                                     FerryTransferItem *parent);
/* A removed item stops counting in the trees above it. */
void               ferry_transfer_item_set_removed  (FerryTransferItem *self);
void               ferry_transfer_item_set_walked   (FerryTransferItem *self,
                                                     gboolean           walked);
/* Items in @self's tree (itself included) that are not final. */
guint              ferry_transfer_item_get_open     (FerryTransferItem *self);
/* Items in the tree that a worker runs or may run soon: RUNNING (walked
 * folders aside) and QUEUED. */
guint              ferry_transfer_item_get_n_running (FerryTransferItem *self);
guint              ferry_transfer_item_get_n_queued  (FerryTransferItem *self);
/* The estimator: @self's rate from its tree's bytes since the last call
 * (smoothed over about a second), stored as its "rate". */
void               ferry_transfer_item_update_rate  (FerryTransferItem *self,
                                                     gint64             now);

G_END_DECLS
