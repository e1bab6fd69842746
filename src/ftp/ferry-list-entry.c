/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ferry-list-entry.h"

G_DEFINE_BOXED_TYPE (FerryListEntry, ferry_list_entry,
                     ferry_list_entry_copy, ferry_list_entry_free)

FerryListEntry *
ferry_list_entry_new (void)
{
  FerryListEntry *entry = g_new0 (FerryListEntry, 1);

  entry->type = FERRY_ENTRY_FILE;
  entry->size = -1;
  entry->precision = FERRY_TIME_NONE;
  return entry;
}

FerryListEntry *
ferry_list_entry_copy (const FerryListEntry *entry)
{
  FerryListEntry *copy;

  g_return_val_if_fail (entry != NULL, NULL);

  copy = g_new0 (FerryListEntry, 1);
  copy->name = g_strdup (entry->name);
  copy->type = entry->type;
  copy->size = entry->size;
  copy->mtime = entry->mtime ? g_date_time_ref (entry->mtime) : NULL;
  copy->precision = entry->precision;
  copy->perms = g_strdup (entry->perms);
  copy->owner = g_strdup (entry->owner);
  copy->group = g_strdup (entry->group);
  copy->target = g_strdup (entry->target);
  return copy;
}

void
ferry_list_entry_free (FerryListEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->name);
  g_clear_pointer (&entry->mtime, g_date_time_unref);
  g_free (entry->perms);
  g_free (entry->owner);
  g_free (entry->group);
  g_free (entry->target);
  g_free (entry);
}

char *
ferry_list_entry_dup_display_name (const FerryListEntry *entry)
{
  g_return_val_if_fail (entry != NULL, NULL);

  if (entry->name == NULL)
    return g_strdup ("");
  return g_utf8_make_valid (entry->name, -1);
}
