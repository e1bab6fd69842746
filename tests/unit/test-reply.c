/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include <gio/gio.h>

#include "ferry-ftp-error.h"
#include "ferry-reply.h"

/* Feeds NUL-terminated lines; returns the reply completed by the last one
 * (asserting that no earlier line completed one) or NULL with @error. */
static FerryReply *
feed_lines (FerryReplyParser  *parser,
            const char *const *lines,
            GError           **error)
{
  FerryReply *reply = NULL;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      assert_null (reply);
      if (!ferry_reply_parser_feed (parser, lines[i], strlen (lines[i]), &reply, error))
        return NULL;
    }
  return reply;
}

static void
test_single_line (void **state)
{
  g_autoptr(FerryReplyParser) parser = ferry_reply_parser_new ();
  g_autoptr(FerryReply) reply = NULL;
  g_autoptr(GError) error = NULL;

  assert_true (ferry_reply_parser_feed (parser, "220 Welcome to vsFTPd", 21, &reply, &error));
  assert_null (error);
  assert_non_null (reply);
  assert_int_equal (reply->code, 220);
  assert_string_equal (reply->text, "220 Welcome to vsFTPd");
  assert_string_equal (reply->message, "Welcome to vsFTPd");
  assert_int_equal (ferry_reply_get_class (reply), FERRY_REPLY_COMPLETION);
}

static void
test_bare_code (void **state)
{
  g_autoptr(FerryReplyParser) parser = ferry_reply_parser_new ();
  g_autoptr(FerryReply) reply = NULL;

  assert_true (ferry_reply_parser_feed (parser, "200", 3, &reply, NULL));
  assert_non_null (reply);
  assert_int_equal (reply->code, 200);
  assert_string_equal (reply->message, "");
}

static void
test_classes (void **state)
{
  static const struct { const char *line; FerryReplyClass klass; } cases[] = {
    { "150 Opening BINARY mode data connection", FERRY_REPLY_PRELIMINARY },
    { "226 Transfer complete", FERRY_REPLY_COMPLETION },
    { "331 Please specify the password.", FERRY_REPLY_INTERMEDIATE },
    { "421 Timeout.", FERRY_REPLY_TRANSIENT },
    { "550 Failed to open file.", FERRY_REPLY_PERMANENT },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(FerryReplyParser) parser = ferry_reply_parser_new ();
      g_autoptr(FerryReply) reply = NULL;

      assert_true (ferry_reply_parser_feed (parser, cases[i].line, strlen (cases[i].line), &reply, NULL));
      assert_non_null (reply);
      assert_int_equal (ferry_reply_get_class (reply), cases[i].klass);
    }
}

static void
test_multi_line (void **state)
{
  static const char *const lines[] = {
    "211-Features:",
    " EPRT",
    " EPSV",
    " MDTM",
    " MLST type*;size*;modify*;",
    " UTF8",
    "211 End",
    NULL
  };
  g_autoptr(FerryReplyParser) parser = ferry_reply_parser_new ();
  g_autoptr(FerryReply) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = feed_lines (parser, lines, &error);
  assert_null (error);
  assert_non_null (reply);
  assert_int_equal (reply->code, 211);
  assert_string_equal (reply->text,
                       "211-Features:\n EPRT\n EPSV\n MDTM\n MLST type*;size*;modify*;\n UTF8\n211 End");
  assert_string_equal (reply->message, "End");
}

/* RFC 959 4.2: inner lines may begin with digits, even other codes or
 * the same code followed by '-'; only "NNN " with the same code ends it. */
static void
test_multi_line_inner_codes (void **state)
{
  static const char *const lines[] = {
    "230-Welcome",
    "220 this is not the end",
    "230-nor is this",
    "2300 nor this",
    "23 short",
    "",
    "\tindented",
    "230 Login successful.",
    NULL
  };
  g_autoptr(FerryReplyParser) parser = ferry_reply_parser_new ();
  g_autoptr(FerryReply) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = feed_lines (parser, lines, &error);
  assert_null (error);
  assert_non_null (reply);
  assert_int_equal (reply->code, 230);
  assert_string_equal (reply->message, "Login successful.");
  assert_non_null (strstr (reply->text, "\n220 this is not the end\n"));
  assert_non_null (strstr (reply->text, "\n\n\tindented\n"));
}

static void
test_multi_line_bare_end (void **state)
{
  static const char *const lines[] = { "214-Help", "  USER PASS", "214", NULL };
  g_autoptr(FerryReplyParser) parser = ferry_reply_parser_new ();
  g_autoptr(FerryReply) reply = NULL;

  reply = feed_lines (parser, lines, NULL);
  assert_non_null (reply);
  assert_int_equal (reply->code, 214);
  assert_string_equal (reply->message, "");
}

/* The parser is reusable: two replies in a row. */
static void
test_consecutive (void **state)
{
  g_autoptr(FerryReplyParser) parser = ferry_reply_parser_new ();
  FerryReply *reply = NULL;

  assert_true (ferry_reply_parser_feed (parser, "150-a", 5, &reply, NULL));
  assert_null (reply);
  assert_true (ferry_reply_parser_feed (parser, "150 b", 5, &reply, NULL));
  assert_non_null (reply);
  assert_string_equal (reply->text, "150-a\n150 b");
  ferry_reply_free (reply);

  assert_true (ferry_reply_parser_feed (parser, "226 done", 8, &reply, NULL));
  assert_non_null (reply);
  assert_int_equal (reply->code, 226);
  assert_string_equal (reply->text, "226 done");
  ferry_reply_free (reply);
}

static void
expect_protocol_error (const char *line,
                       gsize       len)
{
  g_autoptr(FerryReplyParser) parser = ferry_reply_parser_new ();
  g_autoptr(GError) error = NULL;
  FerryReply *reply = (FerryReply *) 0x1;

  assert_false (ferry_reply_parser_feed (parser, line, len, &reply, &error));
  assert_null (reply);
  assert_non_null (error);
  assert_true (g_error_matches (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_PROTOCOL));
}

static void
test_garbage (void **state)
{
  expect_protocol_error ("", 0);
  expect_protocol_error ("hello", 5);
  expect_protocol_error ("22", 2);
  expect_protocol_error ("220Welcome", 10);
  expect_protocol_error ("220_Welcome", 11);
  expect_protocol_error ("2200 Welcome", 12);
  expect_protocol_error ("022 zero class", 14);
  expect_protocol_error ("620 class six", 13);
  expect_protocol_error ("999 nope", 8);
  expect_protocol_error (" 220 leading space", 18);
  expect_protocol_error ("2a0 letters", 11);
  expect_protocol_error ("SSH-2.0-OpenSSH_9.2", 19);
  expect_protocol_error ("HTTP/1.1 400 Bad Request", 24);
  expect_protocol_error ("\0" "20 nul", 6);
}

/* After an error the parser starts afresh instead of staying poisoned. */
static void
test_recovers_after_error (void **state)
{
  g_autoptr(FerryReplyParser) parser = ferry_reply_parser_new ();
  g_autoptr(FerryReply) reply = NULL;
  g_autoptr(GError) error = NULL;

  assert_false (ferry_reply_parser_feed (parser, "xyz", 3, &reply, &error));
  g_clear_error (&error);
  assert_true (ferry_reply_parser_feed (parser, "200 ok", 6, &reply, &error));
  assert_non_null (reply);
  assert_int_equal (reply->code, 200);
}

static void
test_line_too_long (void **state)
{
  g_autoptr(FerryReplyParser) parser = ferry_reply_parser_new ();
  g_autoptr(GError) error = NULL;
  gsize len = 1024 * 1024;
  g_autofree char *line = g_malloc (len);
  FerryReply *reply = NULL;

  memset (line, 'a', len);
  memcpy (line, "220 ", 4);
  assert_false (ferry_reply_parser_feed (parser, line, len, &reply, &error));
  assert_null (reply);
  assert_true (g_error_matches (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_TOO_LARGE));
  g_clear_error (&error);

  /* Exactly at the bound is still fine. */
  assert_true (ferry_reply_parser_feed (parser, line, FERRY_REPLY_MAX_LINE, &reply, &error));
  assert_non_null (reply);
  assert_int_equal (strlen (reply->text), FERRY_REPLY_MAX_LINE);
  ferry_reply_free (reply);

  /* Also inside a multi-line reply. */
  assert_true (ferry_reply_parser_feed (parser, "220-hi", 6, &reply, &error));
  assert_false (ferry_reply_parser_feed (parser, line, FERRY_REPLY_MAX_LINE + 1, &reply, &error));
  assert_true (g_error_matches (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_TOO_LARGE));
}

static void
test_too_many_lines (void **state)
{
  g_autoptr(FerryReplyParser) parser = ferry_reply_parser_new ();
  g_autoptr(GError) error = NULL;
  FerryReply *reply = NULL;
  gboolean ok = TRUE;
  guint i;

  assert_true (ferry_reply_parser_feed (parser, "250-start", 9, &reply, &error));
  for (i = 0; i < 10000 && ok; i++)
    {
      ok = ferry_reply_parser_feed (parser, " x", 2, &reply, &error);
      assert_null (reply);
    }
  assert_false (ok);
  assert_int_equal (i, FERRY_REPLY_MAX_LINES);
  assert_true (g_error_matches (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_TOO_LARGE));
}

static void
test_too_many_bytes (void **state)
{
  g_autoptr(FerryReplyParser) parser = ferry_reply_parser_new ();
  g_autoptr(GError) error = NULL;
  char line[8000];
  FerryReply *reply = NULL;
  gboolean ok = TRUE;
  guint i;

  memset (line, 'b', sizeof line);
  assert_true (ferry_reply_parser_feed (parser, "250-start", 9, &reply, &error));
  for (i = 0; i < 1000 && ok; i++)
    ok = ferry_reply_parser_feed (parser, line, sizeof line, &reply, &error);
  assert_false (ok);
  /* 256 KiB / 8001 bytes per line: the 33rd line is refused. */
  assert_true (i >= 30 && i <= 34);
  assert_true (g_error_matches (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_TOO_LARGE));
}

static void
test_invalid_utf8_and_cr (void **state)
{
  static const char line[] = "550 caf\xe9 \xff\xfe not found\r in here";
  g_autoptr(FerryReplyParser) parser = ferry_reply_parser_new ();
  g_autoptr(FerryReply) reply = NULL;
  g_autoptr(GError) error = NULL;

  assert_true (ferry_reply_parser_feed (parser, line, sizeof line - 1, &reply, NULL));
  assert_non_null (reply);
  /* The raw bytes survive for the log, which escapes them. */
  assert_string_equal (reply->text, line);

  ferry_reply_set_error (reply, &error);
  assert_non_null (error);
  assert_int_equal (error->code, 550);
  assert_true (g_utf8_validate (error->message, -1, NULL));
  assert_null (strchr (error->message, '\r'));
  assert_true (g_str_has_prefix (error->message, "550 caf"));
}

static void
test_nul_inside_line (void **state)
{
  static const char line[] = "220 abc\0def";
  g_autoptr(FerryReplyParser) parser = ferry_reply_parser_new ();
  g_autoptr(FerryReply) reply = NULL;

  assert_true (ferry_reply_parser_feed (parser, line, sizeof line - 1, &reply, NULL));
  assert_non_null (reply);
  /* Nothing after the NUL is lost. */
  assert_non_null (strstr (reply->text, "def"));
  assert_non_null (strstr (reply->message, "def"));
}

static void
test_set_error_multi_line (void **state)
{
  g_autoptr(FerryReply) reply = ferry_reply_new (550, "550-Permission denied\n550-   for you\n550 today", "today");
  g_autoptr(GError) error = NULL;

  ferry_reply_set_error (reply, &error);
  assert_true (g_error_matches (error, FERRY_FTP_ERROR, 550));
  assert_string_equal (error->message, "550 Permission denied for you today");
}

static void
test_set_error_inner_lines (void **state)
{
  g_autoptr(FerryReply) reply = ferry_reply_new (421, "421-Too many users\n  try later\n421 bye", "bye");
  g_autoptr(GError) error = NULL;

  ferry_reply_set_error (reply, &error);
  assert_string_equal (error->message, "421 Too many users try later bye");
  assert_true (ferry_ftp_error_is_transient (error));
}

static void
test_set_error_bounded (void **state)
{
  g_autoptr(GString) text = g_string_new ("500-");
  g_autoptr(FerryReply) reply = NULL;
  g_autoptr(GError) error = NULL;

  for (int i = 0; i < 2000; i++)
    g_string_append (text, "\xc3\xa9t\xc3\xa9 ");
  g_string_append (text, "\n500 end");
  reply = ferry_reply_new (500, text->str, "end");

  ferry_reply_set_error (reply, &error);
  assert_true (strlen (error->message) <= 1100);
  assert_true (strlen (error->message) >= 900);
  assert_true (g_utf8_validate (error->message, -1, NULL));
  assert_true (g_str_has_prefix (error->message, "500 été"));
}

static void
test_is_transient (void **state)
{
  g_autoptr(GError) e450 = g_error_new_literal (FERRY_FTP_ERROR, 450, "450 busy");
  g_autoptr(GError) e550 = g_error_new_literal (FERRY_FTP_ERROR, 550, "550 no");
  g_autoptr(GError) closed = g_error_new_literal (FERRY_FTP_ERROR, FERRY_FTP_ERROR_CLOSED, "closed");
  g_autoptr(GError) timeout = g_error_new_literal (FERRY_FTP_ERROR, FERRY_FTP_ERROR_TIMED_OUT, "t");
  g_autoptr(GError) unsafe = g_error_new_literal (FERRY_FTP_ERROR, FERRY_FTP_ERROR_UNSAFE_NAME, "u");
  g_autoptr(GError) io_timeout = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "t");
  g_autoptr(GError) io_perm = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED, "p");

  assert_true (ferry_ftp_error_is_transient (e450));
  assert_false (ferry_ftp_error_is_transient (e550));
  assert_true (ferry_ftp_error_is_transient (closed));
  assert_true (ferry_ftp_error_is_transient (timeout));
  assert_false (ferry_ftp_error_is_transient (unsafe));
  assert_true (ferry_ftp_error_is_transient (io_timeout));
  assert_false (ferry_ftp_error_is_transient (io_perm));
  assert_false (ferry_ftp_error_is_transient (NULL));
}

static void
test_explain (void **state)
{
  /* Every code in the seeds' table has its own explanation, not the
   * generic one of its class. */
  static const guint seeds[] = { 150, 200, 212, 213, 500, 125, 221, 202, 225, 226,
                                 227, 230, 331, 332, 425, 426, 450, 250, 530, 550 };
  const char *generic[6] = { NULL };

  for (guint c = 1; c <= 5; c++)
    generic[c] = ferry_ftp_reply_code_explain (c * 100 + 99);

  for (gsize i = 0; i < G_N_ELEMENTS (seeds); i++)
    {
      const char *s = ferry_ftp_reply_code_explain (seeds[i]);

      assert_non_null (s);
      assert_true (strlen (s) > 3);
      assert_string_not_equal (s, generic[seeds[i] / 100]);
    }
  assert_non_null (strstr (ferry_ftp_reply_code_explain (550), "unavailable"));
  assert_non_null (ferry_ftp_reply_code_explain (0));
  assert_non_null (ferry_ftp_reply_code_explain (999));
}

/* Random lines: every outcome is a valid reply, "need more", or an
 * error with the parser ready for the next reply. */
static void
test_random_lines (void **state)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (959);
  g_autoptr(FerryReplyParser) parser = ferry_reply_parser_new ();

  for (guint i = 0; i < 50000; i++)
    {
      char line[64];
      gsize len = g_rand_int_range (rand, 0, sizeof line);
      g_autoptr(GError) error = NULL;
      FerryReply *reply = NULL;

      for (gsize j = 0; j < len; j++)
        line[j] = g_rand_boolean (rand) ? "0123456789 -\r"[g_rand_int_range (rand, 0, 13)]
                                        : (char) g_rand_int_range (rand, 0, 256);
      if (len >= 3 && g_rand_int_range (rand, 0, 3) == 0)
        memcpy (line, "250", 3);

      if (ferry_reply_parser_feed (parser, line, len, &reply, &error))
        {
          assert_null (error);
          if (reply != NULL)
            {
              assert_true (reply->code >= 100 && reply->code <= 599);
              assert_non_null (reply->text);
              assert_non_null (reply->message);
              ferry_reply_free (reply);
            }
        }
      else
        {
          assert_null (reply);
          assert_true (g_error_matches (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_PROTOCOL) ||
                       g_error_matches (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_TOO_LARGE));
        }
    }
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_single_line),
    cmocka_unit_test (test_bare_code),
    cmocka_unit_test (test_classes),
    cmocka_unit_test (test_multi_line),
    cmocka_unit_test (test_multi_line_inner_codes),
    cmocka_unit_test (test_multi_line_bare_end),
    cmocka_unit_test (test_consecutive),
    cmocka_unit_test (test_garbage),
    cmocka_unit_test (test_recovers_after_error),
    cmocka_unit_test (test_line_too_long),
    cmocka_unit_test (test_too_many_lines),
    cmocka_unit_test (test_too_many_bytes),
    cmocka_unit_test (test_invalid_utf8_and_cr),
    cmocka_unit_test (test_nul_inside_line),
    cmocka_unit_test (test_set_error_multi_line),
    cmocka_unit_test (test_set_error_inner_lines),
    cmocka_unit_test (test_set_error_bounded),
    cmocka_unit_test (test_is_transient),
    cmocka_unit_test (test_explain),
    cmocka_unit_test (test_random_lines),
  };

  return cmocka_run_group_tests (tests, NULL, NULL);
}
