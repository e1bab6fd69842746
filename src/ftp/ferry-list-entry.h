/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  FERRY_ENTRY_FILE,
  FERRY_ENTRY_DIR,
  FERRY_ENTRY_LINK,
  FERRY_ENTRY_OTHER,     /* device, fifo, …: listed, never transferred */
} FerryEntryType;

typedef enum
{
  FERRY_TIME_NONE,       /* no date known */
  FERRY_TIME_DAY,        /* YYYY-MM-DD */
  FERRY_TIME_MINUTE,     /* YYYY-MM-DDTHH:MM */
  FERRY_TIME_SECOND,     /* YYYY-MM-DDTHH:MM:SS */
} FerryTimePrecision;

/*
 * One entry of a remote listing.  @name is the server's bytes as they
 * came (possibly not UTF-8, so that round trips keep them); the parsers
 * never produce a name that is empty, "." or "..", or that holds '/',
 * NUL, CR or LF.
 *
 * The strings live inside the entry's own allocation (one allocation per
 * entry keeps million-line listings cheap): read them freely, but never
 * g_free() one; copy with ferry_list_entry_copy().
 */
typedef struct
{
  char               *name;
  FerryEntryType      type;
  gint64              size;        /* -1 when unknown */
  GDateTime          *mtime;       /* UTC; NULL when unknown */
  FerryTimePrecision  precision;
  char               *perms;       /* "rwxr-xr-x", MLSD perm facts, or NULL */
  char               *owner;       /* or NULL */
  char               *group;       /* or NULL */
  char               *target;      /* symlink target or NULL */
} FerryListEntry;

#define FERRY_TYPE_LIST_ENTRY (ferry_list_entry_get_type ())
GType            ferry_list_entry_get_type (void) G_GNUC_CONST;

FerryListEntry  *ferry_list_entry_new      (void);
FerryListEntry  *ferry_list_entry_copy     (const FerryListEntry *entry);
void             ferry_list_entry_free     (FerryListEntry *entry);

/* The name for display: valid UTF-8, invalid bytes as U+FFFD. */
char            *ferry_list_entry_dup_display_name (const FerryListEntry *entry);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerryListEntry, ferry_list_entry_free)

G_END_DECLS
