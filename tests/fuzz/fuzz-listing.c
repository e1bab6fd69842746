/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Whole listings: the first byte picks LIST or MLSD, whether SYST said
 * MVS, and how the listing is cut into pieces for the incremental
 * parser; the rest is the listing.  Every entry must be valid, and the pieces must give exactly
 * what the whole gives (entries and dropped lines).
 */
#include "fuzz-common.h"
#include "fuzz-entry.h"
#include "ferry-listing.h"

FUZZ_DEFINE_INIT ()

static void
count_drop (const FerryListingDrop *drop,
            gpointer                user_data)
{
  GPtrArray *drops = user_data;

  FUZZ_CHECK (drop->reason > FERRY_LISTING_DROP_NONE && drop->reason <= FERRY_LISTING_DROP_TOO_LONG);
  FUZZ_CHECK (drop->line != NULL && strlen (drop->line) <= FERRY_LISTING_MAX_DROP_LINE);
  FUZZ_CHECK ((drop->name != NULL) == (drop->reason >= FERRY_LISTING_DROP_NAME_SLASH &&
                                       drop->reason <= FERRY_LISTING_DROP_DOT));
  g_ptr_array_add (drops, ferry_listing_drop_copy (drop));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  GPtrArray *whole, *whole_drops = NULL;
  GPtrArray *pieces, *piece_drops;
  FerryListingParser *parser;
  gboolean mlsd, mvs;
  gsize step, at;
  char *copy;

  if (size < 1)
    return 0;
  mlsd = data[0] & 1;
  mvs = (data[0] >> 1) & 1;
  step = (data[0] >> 2) + 1;        /* 1..64 bytes a piece */
  data++, size--;
  copy = fuzz_memdup (data, size);

  {
    FerryListingParser *one = ferry_listing_parser_new (mlsd, fuzz_now ());

    whole = g_ptr_array_new_with_free_func ((GDestroyNotify) ferry_list_entry_free);
    whole_drops = g_ptr_array_new_with_free_func ((GDestroyNotify) ferry_listing_drop_free);
    ferry_listing_parser_set_system (one, mvs ? "MVS is the operating system of this server" : NULL);
    ferry_listing_parser_set_drop_func (one, count_drop, whole_drops);
    ferry_listing_parser_feed (one, copy, size, whole);
    ferry_listing_parser_finish (one, whole);
    ferry_listing_parser_free (one);
  }
  if (!mvs)
    {
      /* ferry_listing_parse_full is that parser too */
      GPtrArray *full_drops = NULL;
      GPtrArray *full = ferry_listing_parse_full (copy, size, mlsd, fuzz_now (), &full_drops);

      FUZZ_CHECK (full->len == whole->len && full_drops->len == whole_drops->len);
      g_ptr_array_unref (full);
      g_ptr_array_unref (full_drops);
    }
  for (guint i = 0; i < whole->len; i++)
    fuzz_check_entry (whole->pdata[i]);

  pieces = g_ptr_array_new_with_free_func ((GDestroyNotify) ferry_list_entry_free);
  piece_drops = g_ptr_array_new_with_free_func ((GDestroyNotify) ferry_listing_drop_free);
  parser = ferry_listing_parser_new (mlsd, fuzz_now ());
  ferry_listing_parser_set_system (parser, mvs ? "MVS is the operating system of this server" : NULL);
  ferry_listing_parser_set_drop_func (parser, count_drop, piece_drops);
  for (at = 0; at < size; at += step)
    {
      gsize n = MIN (step, size - at);
      char *piece = fuzz_memdup ((const uint8_t *) copy + at, n);

      ferry_listing_parser_feed (parser, piece, n, pieces);
      g_free (piece);
    }
  ferry_listing_parser_finish (parser, pieces);
  ferry_listing_parser_free (parser);

  FUZZ_CHECK (pieces->len == whole->len);
  for (guint i = 0; i < whole->len; i++)
    {
      const FerryListEntry *x = whole->pdata[i], *y = pieces->pdata[i];
      FUZZ_CHECK (strcmp (x->name, y->name) == 0);
      FUZZ_CHECK (x->size == y->size && x->type == y->type);
    }
  FUZZ_CHECK (piece_drops->len == whole_drops->len);
  for (guint i = 0; i < whole_drops->len; i++)
    {
      const FerryListingDrop *x = whole_drops->pdata[i], *y = piece_drops->pdata[i];
      FUZZ_CHECK (x->reason == y->reason && strcmp (x->line, y->line) == 0);
    }

  g_ptr_array_unref (whole);
  g_ptr_array_unref (whole_drops);
  g_ptr_array_unref (pieces);
  g_ptr_array_unref (piece_drops);
  g_free (copy);
  return 0;
}
