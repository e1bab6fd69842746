/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <sys/stat.h>

#include "ferry-file-item.h"
#include "ferry-path.h"

struct _FerryFileItem
{
  GObject         parent_instance;

  char           *name;
  char           *display_name;
  char           *path;
  GIcon          *icon;
  char           *permissions;
  GDateTime      *mtime;
  GFile          *file;
  gint64          size;
  FerryEntryType  type;
};

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

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->display_name, g_free);
  g_clear_pointer (&self->path, g_free);
  g_clear_object (&self->icon);
  g_clear_pointer (&self->permissions, g_free);
  g_clear_pointer (&self->mtime, g_date_time_unref);
  g_clear_object (&self->file);

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
      g_value_set_string (value, self->name);
      break;
    case PROP_DISPLAY_NAME:
      g_value_set_string (value, self->display_name);
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
      g_value_set_boxed (value, self->mtime);
      break;
    case PROP_ICON:
      g_value_set_object (value, self->icon);
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
}

/* Symbolic icons by content type keep both panes looking alike, whatever
 * the server tells us; a GThemedIcon carries its own fallbacks. */
static GIcon *
icon_for (FerryEntryType type, const char *display_name)
{
  g_autofree char *content_type = NULL;
  GIcon *icon;

  if (type == FERRY_ENTRY_DIR)
    return g_themed_icon_new ("folder-symbolic");
  if (type == FERRY_ENTRY_LINK)
    return g_themed_icon_new ("emblem-symbolic-link-symbolic");
  if (type == FERRY_ENTRY_OTHER)
    return g_themed_icon_new ("dialog-question-symbolic");

  content_type = g_content_type_guess (display_name, NULL, 0, NULL);
  icon = g_content_type_get_symbolic_icon (content_type);
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

static char *
mode_to_string (guint32 mode)
{
  static const char chars[] = "rwxrwxrwx";
  char buf[10];

  for (int i = 0; i < 9; i++)
    buf[i] = (mode & (1u << (8 - i))) ? chars[i] : '-';
  buf[9] = '\0';
  return g_strdup (buf);
}

FerryFileItem *
ferry_file_item_new_local (GFile     *parent,
                           GFileInfo *info)
{
  FerryFileItem *self;
  GFileType ftype;

  g_return_val_if_fail (G_IS_FILE (parent), NULL);
  g_return_val_if_fail (G_IS_FILE_INFO (info), NULL);

  self = g_object_new (FERRY_TYPE_FILE_ITEM, NULL);
  self->name = g_strdup (g_file_info_get_name (info));
  self->display_name = g_strdup (g_file_info_get_display_name (info));
  if (self->display_name == NULL)
    self->display_name = g_filename_display_name (self->name);
  self->file = g_file_get_child (parent, self->name);
  self->path = g_file_get_path (self->file);

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
    {
      g_autoptr(GDateTime) local = g_file_info_get_modification_date_time (info);
      if (local != NULL)
        self->mtime = g_date_time_to_utc (local);
    }
  if (g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_UNIX_MODE))
    self->permissions = mode_to_string (g_file_info_get_attribute_uint32 (info, G_FILE_ATTRIBUTE_UNIX_MODE));

  self->icon = icon_for (self->type, self->display_name);
  return self;
}

FerryFileItem *
ferry_file_item_new_remote (const char           *dir,
                            const FerryListEntry *entry)
{
  FerryFileItem *self;

  g_return_val_if_fail (dir != NULL, NULL);
  g_return_val_if_fail (entry != NULL, NULL);

  self = g_object_new (FERRY_TYPE_FILE_ITEM, NULL);
  self->name = g_strdup (entry->name);
  self->display_name = ferry_list_entry_dup_display_name (entry);
  self->path = ferry_path_remote_join (dir, entry->name);
  self->type = entry->type;
  self->size = entry->type == FERRY_ENTRY_DIR ? -1 : entry->size;
  self->mtime = entry->mtime ? g_date_time_ref (entry->mtime) : NULL;
  self->permissions = g_strdup (entry->perms);
  self->icon = icon_for (self->type, self->display_name);
  return self;
}

const char *
ferry_file_item_get_name (FerryFileItem *self)
{
  g_return_val_if_fail (FERRY_IS_FILE_ITEM (self), NULL);
  return self->name;
}

const char *
ferry_file_item_get_display_name (FerryFileItem *self)
{
  g_return_val_if_fail (FERRY_IS_FILE_ITEM (self), NULL);
  return self->display_name;
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

GDateTime *
ferry_file_item_get_mtime (FerryFileItem *self)
{
  g_return_val_if_fail (FERRY_IS_FILE_ITEM (self), NULL);
  return self->mtime;
}

GIcon *
ferry_file_item_get_icon (FerryFileItem *self)
{
  g_return_val_if_fail (FERRY_IS_FILE_ITEM (self), NULL);
  return self->icon;
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
  g_return_val_if_fail (FERRY_IS_FILE_ITEM (self), NULL);
  return self->file;
}
