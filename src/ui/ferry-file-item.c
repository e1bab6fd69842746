/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ferry-file-item.h"
#include "ferry-path.h"

struct _FerryFileItem
{
  GObject         parent_instance;

  /* One allocation, "path\0[display name\0]sort key\0": the name is the
   * path's end, the display name is the name unless it has its own. */
  char           *path;
  const char     *permissions;    /* interned: a folder has few kinds */
  gint64          size;
  gint64          mtime;          /* unix seconds, G_MININT64: unknown */
  guint32         name_offset;
  guint32         display_offset;
  guint32         key_offset;
  guint8          type;           /* FerryEntryType */
  guint8          local : 1;
};

/* A local item's GFile, made on first use (few rows ever need one). */
#define FILE_KEY "ferry-file-item-file"

#define NAME(self) ((self)->path + (self)->name_offset)
#define DISPLAY_NAME(self) ((self)->path + (self)->display_offset)

G_DEFINE_FINAL_TYPE (FerryFileItem, ferry_file_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_DISPLAY_NAME,
  PROP_PATH,
  PROP_IS_DIR,
  PROP_SIZE,
  PROP_MTIME,
  PROP_ICON,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ferry_file_item_finalize (GObject *object)
{
  FerryFileItem *self = FERRY_FILE_ITEM (object);

  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (ferry_file_item_parent_class)->finalize (object);
}

static void
ferry_file_item_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  FerryFileItem *self = FERRY_FILE_ITEM (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, NAME (self));
      break;
    case PROP_DISPLAY_NAME:
      g_value_set_string (value, DISPLAY_NAME (self));
      break;
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_IS_DIR:
      g_value_set_boolean (value, self->type == FERRY_ENTRY_DIR);
      break;
    case PROP_SIZE:
      g_value_set_int64 (value, self->size);
      break;
    case PROP_MTIME:
      g_value_take_boxed (value, ferry_file_item_dup_mtime (self));
      break;
    case PROP_ICON:
      g_value_set_object (value, ferry_file_item_get_icon (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_file_item_class_init (FerryFileItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ferry_file_item_finalize;
  object_class->get_property = ferry_file_item_get_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DISPLAY_NAME] =
    g_param_spec_string ("display-name", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_IS_DIR] =
    g_param_spec_boolean ("is-dir", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SIZE] =
    g_param_spec_int64 ("size", NULL, NULL, -1, G_MAXINT64, -1, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_MTIME] =
    g_param_spec_boxed ("mtime", NULL, NULL, G_TYPE_DATE_TIME, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ICON] =
    g_param_spec_object ("icon", NULL, NULL, G_TYPE_ICON, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ferry_file_item_init (FerryFileItem *self)
{
  self->size = -1;
  self->mtime = G_MININT64;
}

/* --- icons ------------------------------------------------------------- */

/* Symbolic icons by content type keep both panes looking alike, whatever
 * the server tells us; a GThemedIcon carries its own fallbacks. */
static GIcon *
icon_for_name (const char *name)
{
  g_autofree char *content_type = g_content_type_guess (name, NULL, 0, NULL);
  GIcon *icon = g_content_type_get_symbolic_icon (content_type);

  /* Its fallbacks end in full-colour names ("application-x-generic"),
   * drawn as a pale page among symbolic ones: keep only symbolic names
   * and end with one Adwaita surely has. */
  if (G_IS_THEMED_ICON (icon))
    {
      const char * const *names = g_themed_icon_get_names (G_THEMED_ICON (icon));
      g_autoptr(GStrvBuilder) keep = g_strv_builder_new ();
      g_auto(GStrv) kept = NULL;

      for (guint i = 0; names && names[i]; i++)
        if (g_str_has_suffix (names[i], "-symbolic"))
          g_strv_builder_add (keep, names[i]);
      g_strv_builder_add (keep, "text-x-generic-symbolic");
      kept = g_strv_builder_end (keep);
      g_object_unref (icon);
      icon = g_themed_icon_new_from_names (kept, -1);
    }
  return icon;
}

/* What the content type of a name depends on, for the cache: its last
 * extension (two for ".tar.gz" and kin), lower case; "" for none, guessed
 * as a plain file (a name without a dot would otherwise make a cache
 * entry per file). */
static char *
extension_key (const char *name)
{
  const char *dot = strrchr (name, '.');

  if (dot == NULL || dot == name)
    return g_strdup ("");
  if (dot - name >= 4 && g_ascii_strncasecmp (dot - 4, ".tar", 4) == 0 && dot - 4 != name)
    dot -= 4;
  return g_utf8_strdown (dot, -1);
}

static GIcon *
cached_icon (const char *display_name)
{
  static GHashTable *by_extension;   /* main thread only */
  g_autofree char *key = extension_key (display_name);
  GIcon *icon;

  if (by_extension == NULL)
    by_extension = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  icon = g_hash_table_lookup (by_extension, key);
  if (icon == NULL)
    {
      g_autofree char *sample = g_strconcat ("file", key, NULL);
      icon = icon_for_name (sample);
      g_hash_table_insert (by_extension, g_steal_pointer (&key), icon);
    }
  return icon;
}

static GIcon *
shared_themed_icon (GIcon **slot, const char *name)
{
  if (*slot == NULL)
    *slot = g_themed_icon_new (name);
  return *slot;
}

GIcon *
ferry_file_item_get_icon (FerryFileItem *self)
{
  static GIcon *folder, *link, *other;

  g_return_val_if_fail (FERRY_IS_FILE_ITEM (self), NULL);
  switch (self->type)
    {
    case FERRY_ENTRY_DIR:
      return shared_themed_icon (&folder, "folder-symbolic");
    case FERRY_ENTRY_LINK:
      return shared_themed_icon (&link, "emblem-symbolic-link-symbolic");
    case FERRY_ENTRY_OTHER:
      return shared_themed_icon (&other, "dialog-question-symbolic");
    default:
      return cached_icon (DISPLAY_NAME (self));
    }
}

/* --- construction (any thread) ----------------------------------------- */

static const char *
mode_to_string (guint32 mode)
{
  static const char chars[] = "rwxrwxrwx";
  char buf[10];

  for (int i = 0; i < 9; i++)
    buf[i] = (mode & (1u << (8 - i))) ? chars[i] : '-';
  buf[9] = '\0';
  return g_intern_string (buf);
}

/* @name_offset: where the name starts in @path. */
static void
set_names (FerryFileItem *self,
           const char    *path,
           gsize          name_offset,
           const char    *display_name)
{
  gsize path_len = strlen (path);
  gboolean same = strcmp (path + name_offset, display_name) == 0;
  gsize display_len = same ? 0 : strlen (display_name) + 1;
  g_autofree char *folded = g_utf8_casefold (display_name, -1);
  g_autofree char *key = g_utf8_collate_key_for_filename (folded, -1);
  gsize key_len = strlen (key) + 1;

  self->path = g_malloc (path_len + 1 + display_len + key_len);
  memcpy (self->path, path, path_len + 1);
  self->name_offset = (guint32) name_offset;
  self->display_offset = (guint32) (same ? name_offset : path_len + 1);
  if (!same)
    memcpy (self->path + path_len + 1, display_name, display_len);
  self->key_offset = (guint32) (path_len + 1 + display_len);
  memcpy (self->path + self->key_offset, key, key_len);
}

FerryFileItem *
ferry_file_item_new_local (const char *parent_path,
                           GFileInfo  *info)
{
  FerryFileItem *self;
  GFileType ftype;
  const char *name;
  const char *display_name;
  g_autofree char *fallback = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (parent_path != NULL, NULL);
  g_return_val_if_fail (G_IS_FILE_INFO (info), NULL);

  self = g_object_new (FERRY_TYPE_FILE_ITEM, NULL);
  self->local = TRUE;
  name = g_file_info_get_name (info);
  display_name = g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME)
                 ? g_file_info_get_display_name (info) : NULL;
  if (display_name == NULL)
    display_name = fallback = g_filename_display_name (name);
  path = g_build_filename (parent_path, name, NULL);
  set_names (self, path, strlen (path) - strlen (name), display_name);

  ftype = g_file_info_get_file_type (info);
  if (ftype == G_FILE_TYPE_DIRECTORY)
    self->type = FERRY_ENTRY_DIR;
  else if (ftype == G_FILE_TYPE_REGULAR)
    self->type = FERRY_ENTRY_FILE;
  else if (ftype == G_FILE_TYPE_SYMBOLIC_LINK)
    self->type = FERRY_ENTRY_LINK;
  else
    self->type = FERRY_ENTRY_OTHER;

  /* Links that point at folders behave as folders for browsing. */
  if (g_file_info_get_is_symlink (info) && ftype == G_FILE_TYPE_DIRECTORY)
    self->type = FERRY_ENTRY_DIR;

  self->size = self->type == FERRY_ENTRY_DIR ? -1 : g_file_info_get_size (info);
  if (g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_TIME_MODIFIED))
    self->mtime = (gint64) g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED);
  if (g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_UNIX_MODE))
    self->permissions = mode_to_string (g_file_info_get_attribute_uint32 (info, G_FILE_ATTRIBUTE_UNIX_MODE));
  return self;
}

FerryFileItem *
ferry_file_item_new_remote (const char           *dir,
                            const FerryListEntry *entry)
{
  FerryFileItem *self;
  g_autofree char *path = NULL;
  g_autofree char *display_name = NULL;
  gsize len;

  g_return_val_if_fail (dir != NULL, NULL);
  g_return_val_if_fail (entry != NULL, NULL);

  self = g_object_new (FERRY_TYPE_FILE_ITEM, NULL);
  path = ferry_path_remote_join (dir, entry->name);
  len = strlen (path);
  display_name = ferry_list_entry_dup_display_name (entry);
  set_names (self, path, len - strlen (entry->name), display_name);
  self->type = entry->type;
  self->size = entry->type == FERRY_ENTRY_DIR ? -1 : entry->size;
  if (entry->mtime != NULL)
    self->mtime = g_date_time_to_unix (entry->mtime);
  if (entry->perms != NULL)
    self->permissions = g_intern_string (entry->perms);
  return self;
}

/* --- getters ----------------------------------------------------------- */

const char *
ferry_file_item_get_name (FerryFileItem *self)
{
  g_return_val_if_fail (FERRY_IS_FILE_ITEM (self), NULL);
  return NAME (self);
}

const char *
ferry_file_item_get_display_name (FerryFileItem *self)
{
  g_return_val_if_fail (FERRY_IS_FILE_ITEM (self), NULL);
  return DISPLAY_NAME (self);
}

const char *
ferry_file_item_get_path (FerryFileItem *self)
{
  g_return_val_if_fail (FERRY_IS_FILE_ITEM (self), NULL);
  return self->path;
}

gboolean
ferry_file_item_get_is_dir (FerryFileItem *self)
{
  g_return_val_if_fail (FERRY_IS_FILE_ITEM (self), FALSE);
  return self->type == FERRY_ENTRY_DIR;
}

FerryEntryType
ferry_file_item_get_entry_type (FerryFileItem *self)
{
  g_return_val_if_fail (FERRY_IS_FILE_ITEM (self), FERRY_ENTRY_OTHER);
  return self->type;
}

gint64
ferry_file_item_get_size (FerryFileItem *self)
{
  g_return_val_if_fail (FERRY_IS_FILE_ITEM (self), -1);
  return self->size;
}

gint64
ferry_file_item_get_mtime_unix (FerryFileItem *self)
{
  g_return_val_if_fail (FERRY_IS_FILE_ITEM (self), G_MININT64);
  return self->mtime;
}

GDateTime *
ferry_file_item_dup_mtime (FerryFileItem *self)
{
  g_return_val_if_fail (FERRY_IS_FILE_ITEM (self), NULL);
  if (self->mtime == G_MININT64)
    return NULL;
  return g_date_time_new_from_unix_utc (self->mtime);
}

const char *
ferry_file_item_get_permissions (FerryFileItem *self)
{
  g_return_val_if_fail (FERRY_IS_FILE_ITEM (self), NULL);
  return self->permissions;
}

GFile *
ferry_file_item_get_file (FerryFileItem *self)
{
  GFile *file;

  g_return_val_if_fail (FERRY_IS_FILE_ITEM (self), NULL);
  if (!self->local)
    return NULL;
  file = g_object_get_data (G_OBJECT (self), FILE_KEY);
  if (file == NULL)
    {
      file = g_file_new_for_path (self->path);
      g_object_set_data_full (G_OBJECT (self), FILE_KEY, file, g_object_unref);
    }
  return file;
}

const char *
ferry_file_item_get_sort_key (FerryFileItem *self)
{
  g_return_val_if_fail (FERRY_IS_FILE_ITEM (self), NULL);
  return self->path + self->key_offset;
}
