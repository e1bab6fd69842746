/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "ferry-application.h"

/* Run from the build tree (`_build/x/src/ui/ferry`, the demo, the tests):
 * the build's own translations and schema, not whatever an older install
 * left in the prefix. */
static gboolean
running_uninstalled (void)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);

  return exe != NULL && g_str_has_prefix (exe, FERRY_BUILD_ROOT "/");
}

/* FERRY_LOCALEDIR (meson devenv, build-aux/demo) first, then the build's
 * catalogs when uninstalled, else the prefix's. */
static const char *
locale_dir (gboolean uninstalled)
{
  const char *env = g_getenv ("FERRY_LOCALEDIR");

  if (env != NULL && *env != '\0')
    return env;
  return uninstalled ? FERRY_BUILD_LOCALE_DIR : LOCALEDIR;
}

/* GSettings finds schemas only under XDG_DATA_DIRS: installed into another
 * prefix (`meson setup --prefix=/opt/ferry`), ours would be missing and
 * g_settings_new() abort.  GSETTINGS_SCHEMA_DIR adds a folder in front of
 * those.  Decided before GSettings caches its schema source. */
static void
find_schema (gboolean uninstalled)
{
  g_autofree char *build_compiled = g_build_filename (FERRY_BUILD_SCHEMA_DIR, "gschemas.compiled", NULL);
  g_autofree char *installed_compiled = g_build_filename (FERRY_INSTALLED_SCHEMA_DIR, "gschemas.compiled", NULL);
  const char * const *dirs = g_get_system_data_dirs ();

  if (g_getenv ("GSETTINGS_SCHEMA_DIR") != NULL)
    return;
  if (uninstalled && g_file_test (build_compiled, G_FILE_TEST_EXISTS))
    {
      g_setenv ("GSETTINGS_SCHEMA_DIR", FERRY_BUILD_SCHEMA_DIR, TRUE);
      return;
    }
  for (guint i = 0; dirs[i] != NULL; i++)
    {
      g_autofree char *dir = g_build_filename (dirs[i], "glib-2.0", "schemas", NULL);
      g_autofree char *canonical = g_canonicalize_filename (dir, "/");
      if (g_strcmp0 (canonical, FERRY_INSTALLED_SCHEMA_DIR) == 0)
        return;   /* found the usual way */
    }
  if (g_file_test (installed_compiled, G_FILE_TEST_EXISTS))
    g_setenv ("GSETTINGS_SCHEMA_DIR", FERRY_INSTALLED_SCHEMA_DIR, TRUE);
  else if (g_file_test (build_compiled, G_FILE_TEST_EXISTS))
    g_setenv ("GSETTINGS_SCHEMA_DIR", FERRY_BUILD_SCHEMA_DIR, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(FerryApplication) app = NULL;
  gboolean uninstalled = running_uninstalled ();

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, locale_dir (uninstalled));
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  find_schema (uninstalled);
  g_set_application_name (_("Ferry"));

  app = ferry_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
