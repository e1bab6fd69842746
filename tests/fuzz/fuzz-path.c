/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Local-path safety: ferry_path_local_child never returns a path outside
 * the folder it is given.  The input is "DIR\nNAME" (no LF: the name
 * alone, under fixed folders); the result, resolved as the file system
 * would read it (".." and "." textually, no links), must be DIR/NAME
 * exactly: inside DIR, one level down.  The remote path helpers must not
 * crash on the same bytes.
 */
#include "fuzz-common.h"
#include "ferry-path.h"

FUZZ_DEFINE_INIT ()

/* The path as the kernel reads it, ".." resolved textually; "//" at the
 * start (which POSIX lets a system treat apart) is "/" on Linux. */
static char *
resolve (const char *path)
{
  char *c = g_canonicalize_filename (path, "/base");

  while (c[0] == '/' && c[1] == '/')
    memmove (c, c + 1, strlen (c));
  return c;
}

static void
check_child (const char *dir,
             const char *name)
{
  GError *error = NULL;
  char *child = ferry_path_local_child (dir, name, &error);
  char *resolved_dir, *resolved, *parent, *base;

  if (child == NULL)
    {
      FUZZ_CHECK (error != NULL);
      g_error_free (error);
      return;
    }
  FUZZ_CHECK (error == NULL);
  FUZZ_CHECK (ferry_path_name_is_safe (name));

  resolved_dir = resolve (dir);
  resolved = resolve (child);
  parent = g_path_get_dirname (resolved);
  base = g_path_get_basename (resolved);
  /* One level below the folder, and that level is the name. */
  FUZZ_CHECK (strcmp (parent, resolved_dir) == 0);
  FUZZ_CHECK (strcmp (base, name) == 0);
  FUZZ_CHECK (g_str_has_prefix (resolved, resolved_dir));

  g_free (base);
  g_free (parent);
  g_free (resolved);
  g_free (resolved_dir);
  g_free (child);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  static const char *const dirs[] = { "/tmp/ferry-fuzz/dir", "/", "relative/dir", "dir/", "/a/../b" };
  char *text = fuzz_strdup (data, size);
  char *nl = strchr (text, '\n');

  if (nl != NULL)
    {
      *nl = '\0';
      check_child (text, nl + 1);
    }
  else
    for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
      check_child (dirs[i], text);

  {
    char *joined = ferry_path_remote_join (text, nl ? nl + 1 : "x");
    char *parent = ferry_path_remote_parent (text);
    char *base = ferry_path_remote_basename (text);

    FUZZ_CHECK (joined != NULL && parent != NULL && base != NULL);
    g_free (joined);
    g_free (parent);
    g_free (base);
  }
  g_free (text);
  return 0;
}
