/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gi18n-lib.h>

#include "ferry-target-set.h"

typedef struct
{
  FerryTargetSide  side;
  char            *path;        /* exactly as claimed */
  gconstpointer    owner;
} Claim;

/* A key somebody waited for: what its last writer left there. */
typedef struct
{
  char            *path;        /* NULL until a writer finished */
  dev_t            dev;
  ino_t            ino;
  gboolean         have_inode;  /* local side: the finished file was found */
} Contested;

struct _FerryTargetSet
{
  GObject      parent_instance;

  GHashTable  *claims;      /* key → Claim */
  GHashTable  *by_owner;    /* owner → key (borrowed from claims) */
  GHashTable  *contested;   /* key → Contested; only keys that had a waiter */
};

G_DEFINE_FINAL_TYPE (FerryTargetSet, ferry_target_set, G_TYPE_OBJECT)

static void
claim_free (Claim *claim)
{
  g_free (claim->path);
  g_free (claim);
}

static void
contested_free (Contested *contested)
{
  g_free (contested->path);
  g_free (contested);
}

/* Names a file system may store as one file get one key: Unicode
 * compatibility composed (NFKC), case folded, trailing dots and spaces of
 * the last part dropped.  Bytes that are not UTF-8 are folded as ASCII.
 * A wider key only makes two transfers wait for each other. */
static char *
target_key (FerryTargetSide  side,
            const char      *path)
{
  g_autofree char *trimmed = g_strdup (path);
  g_autofree char *folded = NULL;
  const char *base = strrchr (trimmed, '/');
  gsize len = strlen (trimmed);

  base = base != NULL ? base + 1 : trimmed;
  while (len > (gsize) (base - trimmed) + 1 && (trimmed[len - 1] == '.' || trimmed[len - 1] == ' '))
    trimmed[--len] = '\0';

  if (g_utf8_validate (trimmed, -1, NULL))
    {
      g_autofree char *composed = g_utf8_normalize (trimmed, -1, G_NORMALIZE_ALL_COMPOSE);
      folded = g_utf8_casefold (composed, -1);
    }
  else
    folded = g_ascii_strdown (trimmed, -1);
  return g_strconcat (side == FERRY_TARGET_LOCAL ? "L" : "R", folded, NULL);
}

static void
ferry_target_set_finalize (GObject *object)
{
  FerryTargetSet *self = FERRY_TARGET_SET (object);

  g_clear_pointer (&self->by_owner, g_hash_table_unref);
  g_clear_pointer (&self->claims, g_hash_table_unref);
  g_clear_pointer (&self->contested, g_hash_table_unref);
  G_OBJECT_CLASS (ferry_target_set_parent_class)->finalize (object);
}

static void
ferry_target_set_class_init (FerryTargetSetClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ferry_target_set_finalize;
}

static void
ferry_target_set_init (FerryTargetSet *self)
{
  self->claims = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) claim_free);
  self->by_owner = g_hash_table_new (NULL, NULL);
  self->contested = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify) contested_free);
}

FerryTargetSet *
ferry_target_set_new (void)
{
  return g_object_new (FERRY_TYPE_TARGET_SET, NULL);
}

gboolean
ferry_target_set_is_busy (FerryTargetSet  *self,
                          FerryTargetSide  side,
                          const char      *path,
                          gconstpointer    owner)
{
  g_autofree char *key = NULL;
  Claim *claim;

  g_return_val_if_fail (FERRY_IS_TARGET_SET (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  key = target_key (side, path);
  claim = g_hash_table_lookup (self->claims, key);
  if (claim == NULL || claim->owner == owner)
    return FALSE;
  if (!g_hash_table_contains (self->contested, key))
    g_hash_table_insert (self->contested, g_steal_pointer (&key), g_new0 (Contested, 1));
  return TRUE;
}

/* The note for @path, which waited for @contested's writer. */
static char *
describe_wait (FerryTargetSide   side,
               const char       *path,
               const Contested  *contested)
{
  g_autofree char *mine = g_filename_display_name (path);
  g_autofree char *theirs = g_filename_display_name (contested->path);
  struct stat st;

  if (side == FERRY_TARGET_REMOTE)
    {
      if (strcmp (path, contested->path) == 0)
        return g_strdup_printf (_("%s: listed twice; the second copy was sent after the first, "
                                  "through the overwrite rule"), mine);
      return g_strdup_printf (_("%s: the server may store it and “%s” as one file; sent after "
                                "it, through the overwrite rule"), mine, theirs);
    }

  /* Create-and-check: the first name's file is there now; the second
   * name is the same file when it leads to the same inode. */
  if (!contested->have_inode || lstat (path, &st) != 0 ||
      st.st_dev != contested->dev || st.st_ino != contested->ino)
    return NULL;
  if (strcmp (path, contested->path) == 0)
    return g_strdup_printf (_("%s: listed twice; the second copy goes through the overwrite rule"),
                            mine);
  return g_strdup_printf (_("%s: this folder stores it and “%s” as one file (their names differ "
                            "only in case or form); it goes through the overwrite rule"),
                          mine, theirs);
}

void
ferry_target_set_claim (FerryTargetSet  *self,
                        FerryTargetSide  side,
                        const char      *path,
                        gconstpointer    owner,
                        char           **note)
{
  g_autofree char *key = NULL;
  Contested *contested;
  Claim *claim;

  g_return_if_fail (FERRY_IS_TARGET_SET (self));
  g_return_if_fail (path != NULL);
  g_return_if_fail (!ferry_target_set_is_busy (self, side, path, owner));

  if (note != NULL)
    *note = NULL;
  ferry_target_set_release (self, owner, FALSE);

  key = target_key (side, path);
  contested = g_hash_table_lookup (self->contested, key);
  /* Another waiter, if any, marks it again (is_busy). */
  if (contested != NULL)
    {
      if (note != NULL && contested->path != NULL)
        *note = describe_wait (side, path, contested);
      g_hash_table_remove (self->contested, key);
    }

  claim = g_new0 (Claim, 1);
  claim->side = side;
  claim->path = g_strdup (path);
  claim->owner = owner;
  g_hash_table_insert (self->by_owner, (gpointer) owner, key);
  g_hash_table_insert (self->claims, g_steal_pointer (&key), claim);
}

void
ferry_target_set_release (FerryTargetSet *self,
                          gconstpointer   owner,
                          gboolean        written)
{
  const char *key;
  Contested *contested;
  Claim *claim;

  g_return_if_fail (FERRY_IS_TARGET_SET (self));

  key = g_hash_table_lookup (self->by_owner, owner);
  if (key == NULL)
    return;
  claim = g_hash_table_lookup (self->claims, key);
  contested = g_hash_table_lookup (self->contested, key);
  if (contested != NULL && written)
    {
      struct stat st;

      g_free (contested->path);
      contested->path = g_strdup (claim->path);
      contested->have_inode = claim->side == FERRY_TARGET_LOCAL && lstat (claim->path, &st) == 0;
      if (contested->have_inode)
        {
          contested->dev = st.st_dev;
          contested->ino = st.st_ino;
        }
    }
  g_hash_table_remove (self->by_owner, owner);
  g_hash_table_remove (self->claims, key);
}
