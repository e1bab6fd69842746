/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "ferry-application.h"

/* Run from the build tree (`_build/x/src/ui/ferry`, the demo, the tests)
 * the installed schema may be missing: use the one compiled at build
 * time.  Decided before GSettings caches its schema source. */
static void
find_schema (void)
{
  g_autofree char *compiled = g_build_filename (FERRY_BUILD_SCHEMA_DIR, "gschemas.compiled", NULL);

  if (g_getenv ("GSETTINGS_SCHEMA_DIR") != NULL)
    return;
  if (g_file_test (FERRY_INSTALLED_SCHEMA, G_FILE_TEST_EXISTS))
    return;
  if (g_file_test (compiled, G_FILE_TEST_EXISTS))
    g_setenv ("GSETTINGS_SCHEMA_DIR", FERRY_BUILD_SCHEMA_DIR, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(FerryApplication) app = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  find_schema ();
  g_set_application_name (_("Ferry"));

  app = ferry_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
