/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ferry-worker.h"

G_BEGIN_DECLS

/* Seconds of idle connection before a keep-alive NOOP. */
#define FERRY_WORKER_KEEPALIVE_DEFAULT_MS  (60 * 1000)

/* Minimum spacing of progress signals for one worker. */
#define FERRY_WORKER_PROGRESS_INTERVAL_MS  100

/* For tests: shortens the keep-alive interval (milliseconds; 0 = default).
 * Takes effect from the next time the worker thread goes idle. */
void ferry_worker_set_keepalive_interval (FerryWorker *self,
                                          guint        interval_ms);

G_END_DECLS
