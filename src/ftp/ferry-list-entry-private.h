/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ferry-list-entry.h"

G_BEGIN_DECLS

/* Bytes of a line (not NUL-terminated); s == NULL means "absent". */
typedef struct
{
  const char *s;
  gsize       len;
} FerrySpan;

/* An entry while a parser reads it: spans point into the line (or a
 * parser's buffer), so nothing is allocated until the entry is known to
 * be good; ferry_entry_draft_finish then copies everything into one
 * block. */
typedef struct
{
  FerryEntryType      type;
  gint64              size;
  GDateTime          *mtime;       /* owned */
  FerryTimePrecision  precision;
  FerrySpan           name;
  FerrySpan           perms;
  FerrySpan           owner;
  FerrySpan           group;
  FerrySpan           target;
} FerryEntryDraft;

void             ferry_entry_draft_init    (FerryEntryDraft *draft);
void             ferry_entry_draft_clear   (FerryEntryDraft *draft);

/* The entry, or NULL (draft cleared) when the name is empty, "." or
 * "..", or holds '/', NUL, CR or LF: the one place that rule lives. */
FerryListEntry  *ferry_entry_draft_finish  (FerryEntryDraft *draft);

gboolean         ferry_entry_name_is_valid (const char *name,
                                            gsize       len);

G_END_DECLS
