/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "ferry-ftp-error.h"
#include "ferry-reply.h"

/* Longest message ferry_reply_set_error() puts in a GError: a hostile
 * server must not be able to fill the UI (or the log) through an error. */
#define FERRY_REPLY_MAX_ERROR_MESSAGE 1024

FerryReply *
ferry_reply_new (guint       code,
                 const char *text,
                 const char *message)
{
  FerryReply *reply = g_new0 (FerryReply, 1);

  reply->code = code;
  reply->text = g_strdup (text ? text : "");
  reply->message = g_strdup (message ? message : "");
  return reply;
}

void
ferry_reply_free (FerryReply *reply)
{
  if (reply == NULL)
    return;
  g_free (reply->text);
  g_free (reply->message);
  g_free (reply);
}

FerryReplyClass
ferry_reply_get_class (const FerryReply *reply)
{
  g_return_val_if_fail (reply != NULL, FERRY_REPLY_PERMANENT);
  return (FerryReplyClass) (reply->code / 100);
}

static gboolean
line_has_code_prefix (const char *line,
                      gsize       len,
                      guint       code)
{
  return len >= 3 &&
         line[0] == (char) ('0' + code / 100) &&
         line[1] == (char) ('0' + (code / 10) % 10) &&
         line[2] == (char) ('0' + code % 10);
}

void
ferry_reply_set_error (const FerryReply  *reply,
                       GError           **error)
{
  g_autoptr(GString) msg = NULL;
  g_autofree char *valid = NULL;
  g_auto(GStrv) lines = NULL;

  g_return_if_fail (reply != NULL);

  if (error == NULL)
    return;

  msg = g_string_new (NULL);
  g_string_append_printf (msg, "%03u", reply->code);

  /* Each line loses its own "NNN-" / "NNN " so that a multi-line reply
   * reads as one sentence: "550 first line second line". */
  lines = g_strsplit (reply->text ? reply->text : "", "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *p = lines[i];
      gsize len = strlen (p);

      if (line_has_code_prefix (p, len, reply->code) &&
          (len == 3 || p[3] == ' ' || p[3] == '-'))
        p += len == 3 ? 3 : 4;

      while (*p == ' ' || *p == '\t')
        p++;
      if (*p == '\0')
        continue;

      g_string_append_c (msg, ' ');
      for (; *p != '\0'; p++)
        g_string_append_c (msg, ((guchar) *p < 0x20 || *p == 0x7f) ? ' ' : *p);

      if (msg->len > FERRY_REPLY_MAX_ERROR_MESSAGE)
        break;
    }

  /* A GError message is UTF-8; the raw bytes stay in reply->text. */
  valid = g_utf8_make_valid (msg->str, msg->len);
  if (strlen (valid) > FERRY_REPLY_MAX_ERROR_MESSAGE)
    {
      const char *cut = g_utf8_find_prev_char (valid, valid + FERRY_REPLY_MAX_ERROR_MESSAGE);
      g_autofree char *shortened = g_strndup (valid, cut - valid);

      g_set_error (error, FERRY_FTP_ERROR, (int) reply->code, "%s…", shortened);
      return;
    }

  g_set_error_literal (error, FERRY_FTP_ERROR, (int) reply->code, valid);
}

struct _FerryReplyParser
{
  GString *text;     /* lines so far, '\n'-joined */
  guint    code;     /* code of a multi-line reply in progress, else 0 */
  guint    n_lines;
};

FerryReplyParser *
ferry_reply_parser_new (void)
{
  FerryReplyParser *parser = g_new0 (FerryReplyParser, 1);

  parser->text = g_string_new (NULL);
  return parser;
}

void
ferry_reply_parser_free (FerryReplyParser *parser)
{
  if (parser == NULL)
    return;
  g_string_free (parser->text, TRUE);
  g_free (parser);
}

void
ferry_reply_parser_reset (FerryReplyParser *parser)
{
  g_return_if_fail (parser != NULL);

  g_string_truncate (parser->text, 0);
  parser->code = 0;
  parser->n_lines = 0;
}

gboolean
ferry_reply_parser_is_partial (FerryReplyParser *parser)
{
  g_return_val_if_fail (parser != NULL, FALSE);
  return parser->code != 0;
}

/* NUL cannot survive in a C string; it becomes U+FFFD so the rest of the
 * line is not silently cut off.  Every other byte is kept as it came. */
static void
append_line (GString    *text,
             const char *line,
             gsize       len)
{
  const char *p = line;
  const char *end = line + len;

  if (text->len > 0)
    g_string_append_c (text, '\n');

  while (p < end)
    {
      const char *nul = memchr (p, '\0', end - p);

      if (nul == NULL)
        {
          g_string_append_len (text, p, end - p);
          break;
        }
      g_string_append_len (text, p, nul - p);
      g_string_append (text, "\xef\xbf\xbd");
      p = nul + 1;
    }
}

static char *
message_of_line (const char *line,
                 gsize       len)
{
  g_autoptr(GString) tmp = g_string_new (NULL);

  if (len <= 4)
    return g_strdup ("");
  append_line (tmp, line + 4, len - 4);
  return g_string_free (g_steal_pointer (&tmp), FALSE);
}

static gboolean
fail (FerryReplyParser  *parser,
      GError           **error,
      int                code,
      const char        *message)
{
  ferry_reply_parser_reset (parser);
  g_set_error_literal (error, FERRY_FTP_ERROR, code, message);
  return FALSE;
}

gboolean
ferry_reply_parser_feed (FerryReplyParser  *parser,
                         const char        *line,
                         gsize              len,
                         FerryReply       **out_reply,
                         GError           **error)
{
  g_return_val_if_fail (parser != NULL, FALSE);
  g_return_val_if_fail (line != NULL || len == 0, FALSE);
  g_return_val_if_fail (out_reply != NULL, FALSE);

  *out_reply = NULL;

  if (len > FERRY_REPLY_MAX_LINE)
    return fail (parser, error, FERRY_FTP_ERROR_TOO_LARGE,
                 _("Reply line too long"));

  if (parser->code == 0)
    {
      guint code;

      /* The first line must be "NNN", "NNN text" or "NNN-text" with a
       * code in 100..599. */
      if (len < 3 ||
          line[0] < '1' || line[0] > '5' ||
          !g_ascii_isdigit (line[1]) || !g_ascii_isdigit (line[2]))
        return fail (parser, error, FERRY_FTP_ERROR_PROTOCOL,
                     _("Malformed reply: no reply code"));

      code = (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');

      if (len == 3 || line[3] == ' ')
        {
          g_autoptr(GString) text = g_string_new (NULL);
          g_autofree char *message = message_of_line (line, len);

          append_line (text, line, len);
          *out_reply = ferry_reply_new (code, text->str, message);
          return TRUE;
        }

      if (line[3] != '-')
        return fail (parser, error, FERRY_FTP_ERROR_PROTOCOL,
                     _("Malformed reply: bad separator after the reply code"));

      g_string_truncate (parser->text, 0);
      append_line (parser->text, line, len);
      parser->code = code;
      parser->n_lines = 1;
      return TRUE;
    }

  /* Inside a multi-line reply any line is text until "NNN " with the
   * same code, even lines that start with other codes. */
  parser->n_lines++;
  if (parser->n_lines > FERRY_REPLY_MAX_LINES)
    return fail (parser, error, FERRY_FTP_ERROR_TOO_LARGE,
                 _("Reply has too many lines"));
  if (parser->text->len + 1 + len > FERRY_REPLY_MAX_BYTES)
    return fail (parser, error, FERRY_FTP_ERROR_TOO_LARGE,
                 _("Reply too large"));

  append_line (parser->text, line, len);

  if (line_has_code_prefix (line, len, parser->code) &&
      (len == 3 || line[3] == ' '))
    {
      g_autofree char *message = message_of_line (line, len);

      *out_reply = ferry_reply_new (parser->code, parser->text->str, message);
      ferry_reply_parser_reset (parser);
    }

  return TRUE;
}
