/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "fuzz-common.h"
#include "ferry-list-entry.h"

/* What ferry-list-entry.h promises of every entry a parser makes. */
static inline void
fuzz_check_entry (const FerryListEntry *entry)
{
  gsize len;

  if (entry == NULL)
    return;
  FUZZ_CHECK (entry->name != NULL);
  len = strlen (entry->name);
  FUZZ_CHECK (len > 0);
  FUZZ_CHECK (strcmp (entry->name, ".") != 0 && strcmp (entry->name, "..") != 0);
  FUZZ_CHECK (strpbrk (entry->name, "/\r\n") == NULL);
  FUZZ_CHECK (entry->size >= -1);
  FUZZ_CHECK (entry->type >= FERRY_ENTRY_FILE && entry->type <= FERRY_ENTRY_OTHER);
  FUZZ_CHECK ((entry->mtime == NULL) == (entry->precision == FERRY_TIME_NONE));
  FUZZ_CHECK (entry->precision >= FERRY_TIME_NONE && entry->precision <= FERRY_TIME_SECOND);
  if (entry->mtime != NULL)
    {
      int year = g_date_time_get_year (entry->mtime);
      FUZZ_CHECK (year >= 1 && year <= 9999);
    }
}

/* The reference date for dates without a year: fixed, so that a
 * finding reproduces any day. */
static inline GDateTime *
fuzz_now (void)
{
  static GDateTime *now;

  if (now == NULL)
    now = g_date_time_new_utc (2024, 6, 15, 12, 0, 0);
  return now;
}
