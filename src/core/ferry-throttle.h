/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * FerryThrottle: a token bucket shared by every transfer of one direction
 * (all the workers of a FerryTransferQueue), so that the limit is global
 * and not per connection.  Thread-safe; the rate may change at any time
 * and sleeping transfers follow the new rate within ~50 ms.
 */
typedef struct _FerryThrottle FerryThrottle;

#define FERRY_TYPE_THROTTLE (ferry_throttle_get_type ())
GType          ferry_throttle_get_type (void) G_GNUC_CONST;

/* @bytes_per_second 0 = unlimited. */
FerryThrottle *ferry_throttle_new      (guint64        bytes_per_second);
FerryThrottle *ferry_throttle_ref      (FerryThrottle *self);
void           ferry_throttle_unref    (FerryThrottle *self);

void           ferry_throttle_set_rate (FerryThrottle *self,
                                        guint64        bytes_per_second);
guint64        ferry_throttle_get_rate (FerryThrottle *self);

/* Takes @bytes from the bucket, first sleeping while it is in debt.
 * Returns early (FALSE) when @cancellable is cancelled. */
gboolean       ferry_throttle_consume  (FerryThrottle *self,
                                        guint64        bytes,
                                        GCancellable  *cancellable);

/* Parses "500K", "2M", "1.5m", "100000" (K = 1024); FALSE when invalid. */
gboolean       ferry_throttle_parse_rate (const char  *text,
                                          guint64     *bytes_per_second);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerryThrottle, ferry_throttle_unref)

G_END_DECLS
