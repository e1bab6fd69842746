/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/*
 * The application: `ferry [--local-dir DIR] [ftp://user:pass@host:port/path]`.
 * Each invocation opens a window; a URL connects it at once.
 */
#define FERRY_TYPE_APPLICATION (ferry_application_get_type ())
G_DECLARE_FINAL_TYPE (FerryApplication, ferry_application, FERRY, APPLICATION, AdwApplication)

FerryApplication *ferry_application_new (void);

G_END_DECLS
