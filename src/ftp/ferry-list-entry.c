/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Entries made by the parsers (and copies) hold their strings in the
 * same allocation as the struct: a listing of a million entries then
 * costs a million mallocs instead of five or six million, which was
 * most of the parse time.  The public fields stay plain char pointers;
 * ferry_list_entry_free frees only the ones that point outside the
 * entry's own block, so a field replaced with a new g_malloc'd string
 * is freed as usual.
 */
#include "config.h"

#include <string.h>

#include "ferry-list-entry-private.h"

typedef struct
{
  FerryListEntry  entry;      /* first: the public pointer is the block */
  gsize           inline_len;
  char            inline_data[];
} EntryBlock;

G_DEFINE_BOXED_TYPE (FerryListEntry, ferry_list_entry,
                     ferry_list_entry_copy, ferry_list_entry_free)

static gboolean
is_inline (const EntryBlock *block,
           const char       *s)
{
  return s >= block->inline_data && s < block->inline_data + block->inline_len;
}

FerryListEntry *
ferry_list_entry_new (void)
{
  EntryBlock *block = g_malloc0 (sizeof (EntryBlock));

  block->entry.type = FERRY_ENTRY_FILE;
  block->entry.size = -1;
  block->entry.precision = FERRY_TIME_NONE;
  return &block->entry;
}

static char *
put (char           **cursor,
     const FerrySpan *span)
{
  char *s = *cursor;

  if (span->s == NULL)
    return NULL;
  memcpy (s, span->s, span->len);
  s[span->len] = '\0';
  *cursor += span->len + 1;
  return s;
}

static FerryListEntry *
pack (FerryEntryType      type,
      gint64              size,
      GDateTime          *mtime,
      FerryTimePrecision  precision,
      const FerrySpan    *name,
      const FerrySpan    *perms,
      const FerrySpan    *owner,
      const FerrySpan    *group,
      const FerrySpan    *target)
{
  const FerrySpan *spans[5] = { name, perms, owner, group, target };
  gsize total = 0;
  EntryBlock *block;
  char *cursor;

  for (guint i = 0; i < G_N_ELEMENTS (spans); i++)
    if (spans[i]->s != NULL)
      total += spans[i]->len + 1;

  block = g_malloc (sizeof (EntryBlock) + total);
  block->inline_len = total;
  cursor = block->inline_data;
  block->entry.type = type;
  block->entry.size = size;
  block->entry.mtime = mtime;
  block->entry.precision = mtime != NULL ? precision : FERRY_TIME_NONE;
  block->entry.name = put (&cursor, name);
  block->entry.perms = put (&cursor, perms);
  block->entry.owner = put (&cursor, owner);
  block->entry.group = put (&cursor, group);
  block->entry.target = put (&cursor, target);
  return &block->entry;
}

static FerrySpan
span_of (const char *s)
{
  FerrySpan span = { s, s ? strlen (s) : 0 };

  return span;
}

FerryListEntry *
ferry_list_entry_copy (const FerryListEntry *entry)
{
  FerrySpan name, perms, owner, group, target;

  g_return_val_if_fail (entry != NULL, NULL);

  name = span_of (entry->name);
  perms = span_of (entry->perms);
  owner = span_of (entry->owner);
  group = span_of (entry->group);
  target = span_of (entry->target);
  return pack (entry->type, entry->size,
               entry->mtime ? g_date_time_ref (entry->mtime) : NULL, entry->precision,
               &name, &perms, &owner, &group, &target);
}

void
ferry_list_entry_free (FerryListEntry *entry)
{
  EntryBlock *block = (EntryBlock *) entry;

  if (entry == NULL)
    return;
  if (!is_inline (block, entry->name))
    g_free (entry->name);
  if (!is_inline (block, entry->perms))
    g_free (entry->perms);
  if (!is_inline (block, entry->owner))
    g_free (entry->owner);
  if (!is_inline (block, entry->group))
    g_free (entry->group);
  if (!is_inline (block, entry->target))
    g_free (entry->target);
  g_clear_pointer (&entry->mtime, g_date_time_unref);
  g_free (block);
}

char *
ferry_list_entry_dup_display_name (const FerryListEntry *entry)
{
  g_return_val_if_fail (entry != NULL, NULL);

  if (entry->name == NULL)
    return g_strdup ("");
  return g_utf8_make_valid (entry->name, -1);
}

void
ferry_entry_draft_init (FerryEntryDraft *draft)
{
  memset (draft, 0, sizeof *draft);
  draft->type = FERRY_ENTRY_FILE;
  draft->size = -1;
}

void
ferry_entry_draft_clear (FerryEntryDraft *draft)
{
  g_clear_pointer (&draft->mtime, g_date_time_unref);
}

gboolean
ferry_entry_name_is_valid (const char *name,
                           gsize       len)
{
  if (name == NULL || len == 0)
    return FALSE;
  if (name[0] == '.' && (len == 1 || (len == 2 && name[1] == '.')))
    return FALSE;

  for (gsize i = 0; i < len; i++)
    {
      char c = name[i];

      if (c == '/' || c == '\0' || c == '\r' || c == '\n')
        return FALSE;
    }
  return TRUE;
}

FerryListEntry *
ferry_entry_draft_finish (FerryEntryDraft *draft)
{
  FerryListEntry *entry;

  if (!ferry_entry_name_is_valid (draft->name.s, draft->name.len))
    {
      ferry_entry_draft_clear (draft);
      return NULL;
    }
  entry = pack (draft->type, draft->size < -1 ? -1 : draft->size,
                g_steal_pointer (&draft->mtime), draft->precision,
                &draft->name, &draft->perms, &draft->owner, &draft->group, &draft->target);
  return entry;
}
