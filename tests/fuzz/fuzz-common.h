/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * What every libFuzzer target here shares.  A broken invariant is an
 * abort(), which libFuzzer reports as a crash with the input that made it.
 */
#pragma once

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#define FUZZ_CHECK(cond)                                                   \
  do {                                                                     \
    if (!(cond))                                                           \
      {                                                                    \
        fprintf (stderr, "%s:%d: invariant broken: %s\n",                  \
                 __FILE__, __LINE__, #cond);                               \
        abort ();                                                          \
      }                                                                    \
  } while (0)

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);
int LLVMFuzzerInitialize (int *argc, char ***argv);

/* The input as a NUL-terminated string (bytes after a NUL are cut off). */
static inline char *
fuzz_strdup (const uint8_t *data,
             size_t         size)
{
  return g_strndup ((const char *) data, size);
}

/* An exact-size copy of the input, so that ASan sees a read past its
 * end (one byte for an empty input, never read). */
static inline char *
fuzz_memdup (const uint8_t *data,
             size_t         size)
{
  return size > 0 ? g_memdup2 (data, size) : g_malloc0 (1);
}

/* criticals and warnings are bugs too */
static inline void
fuzz_init_logging (void)
{
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
}

/* The LLVMFuzzerInitialize of a target that needs nothing but that. */
#define FUZZ_DEFINE_INIT()                                                 \
  int                                                                      \
  LLVMFuzzerInitialize (int *argc, char ***argv)                           \
  {                                                                        \
    fuzz_init_logging ();                                                  \
    return 0;                                                              \
  }
