/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One LIST line and one MLSD line: any bytes give a valid entry or NULL. */
#include "fuzz-common.h"
#include "fuzz-entry.h"
#include "ferry-listing.h"

FUZZ_DEFINE_INIT ()

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  /* An exact-size copy: a read past the line is an ASan report. */
  char *line = fuzz_memdup (data, size);
  FerryListEntry *a = ferry_listing_parse_list_line (line, size, fuzz_now ());
  FerryListEntry *b = ferry_listing_parse_mlsd_line (line, size);

  fuzz_check_entry (a);
  fuzz_check_entry (b);
  ferry_list_entry_free (a);
  ferry_list_entry_free (b);
  g_free (line);
  return 0;
}
