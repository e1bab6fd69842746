/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Reply classes by first digit, as the seeds describe them. */
typedef enum
{
  FERRY_REPLY_PRELIMINARY  = 1,  /* 1xx */
  FERRY_REPLY_COMPLETION   = 2,  /* 2xx */
  FERRY_REPLY_INTERMEDIATE = 3,  /* 3xx */
  FERRY_REPLY_TRANSIENT    = 4,  /* 4xx */
  FERRY_REPLY_PERMANENT    = 5,  /* 5xx */
} FerryReplyClass;

typedef struct
{
  guint  code;       /* 100..599 */
  char  *text;       /* every line without CRLF, joined by '\n', codes included */
  char  *message;    /* the final line's text after "NNN ", for display */
} FerryReply;

FerryReply      *ferry_reply_new       (guint code, const char *text, const char *message);
void             ferry_reply_free      (FerryReply *reply);
FerryReplyClass  ferry_reply_get_class (const FerryReply *reply);

/* Sets @error from a failing reply: domain FERRY_FTP_ERROR, code = reply
 * code, message "NNN text" (the whole reply, lines joined by spaces). */
void             ferry_reply_set_error (const FerryReply *reply, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerryReply, ferry_reply_free)

/*
 * Incremental reply parser.  Lines are fed one at a time (CRLF or LF
 * already stripped).  It understands single-line replies ("220 hi"),
 * multi-line replies ("123-first" … "123 last", with any lines between,
 * even ones that start with other digits) and refuses garbage and
 * replies over the bounds with an error instead of growing without end.
 */
typedef struct _FerryReplyParser FerryReplyParser;

#define FERRY_REPLY_MAX_LINE   (8 * 1024)     /* bytes in one line */
#define FERRY_REPLY_MAX_BYTES  (256 * 1024)   /* bytes in one reply */
#define FERRY_REPLY_MAX_LINES  (4096)         /* lines in one reply */

FerryReplyParser *ferry_reply_parser_new   (void);
void              ferry_reply_parser_free  (FerryReplyParser *parser);
void              ferry_reply_parser_reset (FerryReplyParser *parser);
/* TRUE between a multi-line reply's first line and its last. */
gboolean          ferry_reply_parser_is_partial (FerryReplyParser *parser);

/* Returns TRUE with *out_reply set when @line completes a reply, TRUE
 * with *out_reply NULL when more lines are needed, FALSE with @error set
 * (FERRY_FTP_ERROR_PROTOCOL or _TOO_LARGE) when the input is not a valid
 * reply. @line need not be NUL-terminated and may hold invalid UTF-8. */
gboolean          ferry_reply_parser_feed  (FerryReplyParser  *parser,
                                            const char        *line,
                                            gsize              len,
                                            FerryReply       **out_reply,
                                            GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerryReplyParser, ferry_reply_parser_free)

G_END_DECLS
