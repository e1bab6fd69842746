/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The control-reply parser, fed the input line by line as the line
 * reader would (split on LF, CR stripped): every reply it completes has a
 * code 100..599 and bounded text; an error resets it, as the session
 * drops the connection then.
 */
#include "fuzz-common.h"
#include "ferry-ftp-error.h"
#include "ferry-reply.h"

FUZZ_DEFINE_INIT ()

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  FerryReplyParser *parser = ferry_reply_parser_new ();
  const char *p = (const char *) data, *end = p + size;

  while (p < end)
    {
      const char *nl = memchr (p, '\n', end - p);
      gsize len = (nl ? nl : end) - p;
      char *line = g_memdup2 (p, len ? len : 1);
      FerryReply *reply = NULL;
      GError *error = NULL;

      if (len > 0 && line[len - 1] == '\r')
        len--;
      if (ferry_reply_parser_feed (parser, line, len, &reply, &error))
        {
          FUZZ_CHECK (error == NULL);
          if (reply != NULL)
            {
              FUZZ_CHECK (reply->code >= 100 && reply->code <= 599);
              FUZZ_CHECK (reply->text != NULL && reply->message != NULL);
              FUZZ_CHECK (strlen (reply->text) <= FERRY_REPLY_MAX_BYTES + FERRY_REPLY_MAX_LINES);
              (void) ferry_reply_get_class (reply);
              {
                GError *as_error = NULL;
                ferry_reply_set_error (reply, &as_error);
                g_clear_error (&as_error);
              }
              ferry_reply_free (reply);
            }
        }
      else
        {
          FUZZ_CHECK (reply == NULL && error != NULL);
          FUZZ_CHECK (error->domain == FERRY_FTP_ERROR);
          g_error_free (error);
          ferry_reply_parser_reset (parser);
        }
      g_free (line);
      p = nl ? nl + 1 : end;
    }
  ferry_reply_parser_free (parser);
  return 0;
}
