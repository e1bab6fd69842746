/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Which replies each command may get (ferry-reply-sequence.c): every
 * command of the seeds' table and the extensions Ferry sends, each with a
 * scripted sequence from RFC 959 §5.4, then the same sequence with a
 * stray reply inserted before each reply and after the last.  A stray
 * must be refused wherever it cannot belong; the script itself must fit.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include <glib.h>

#include "ferry-reply-sequence.h"

typedef struct
{
  const char *command;
  guint       script[4];     /* the replies in order, 0-ended */
  /* Every 1xx/2xx/3xx the command may get (any position): the test's own
   * statement of RFC 959 §5.4 plus the documented server variants. */
  guint       own[8];
  gboolean    data;          /* may get 425/426 */
} Sequence;

static const Sequence sequences[] = {
  /* Connection establishment (the greeting): 120 then 220, or 220. */
  { NULL,        { 120, 220 },      { 120, 220 } },
  { "USER ann",  { 331 },           { 230, 331, 332, 202 } },
  { "PASS x",    { 230 },           { 230, 202, 332 } },
  { "ACCT a",    { 230 },           { 230, 202, 200 } },
  { "CWD /a",    { 250 },           { 250, 200 } },
  { "CDUP",      { 200 },           { 200, 250 } },
  { "SMNT /m",   { 250 },           { 202, 250 } },
  { "REIN",      { 120, 220 },      { 120, 220, 230 } },
  { "QUIT",      { 221 },           { 221 } },
  { "PORT 127,0,0,1,4,1", { 200 },  { 200 } },
  { "PASV",      { 227 },           { 227 } },
  { "MODE S",    { 200 },           { 200 } },
  { "TYPE I",    { 200 },           { 200 } },
  { "STRU F",    { 200 },           { 200 } },
  { "ALLO 10",   { 202 },           { 200, 202 } },
  { "REST 5",    { 350 },           { 350 } },
  { "STOR f",    { 150, 226 },      { 110, 125, 150, 226, 250 }, TRUE },
  { "STOU",      { 150, 226 },      { 110, 125, 150, 226, 250 }, TRUE },
  { "RETR f",    { 150, 110, 226 }, { 110, 125, 150, 226, 250 }, TRUE },
  { "LIST",      { 125, 226 },      { 125, 150, 226, 250 }, TRUE },
  { "NLST",      { 150, 250 },      { 125, 150, 226, 250 }, TRUE },
  { "APPE f",    { 150, 226 },      { 110, 125, 150, 226, 250 }, TRUE },
  { "RNFR a",    { 350 },           { 350 } },
  { "RNTO b",    { 250 },           { 250, 200 } },
  { "DELE f",    { 250 },           { 250, 200 } },
  { "RMD d",     { 250 },           { 250, 200 } },
  { "MKD d",     { 257 },           { 257, 250 } },
  { "PWD",       { 257 },           { 257 } },
  /* The aborted transfer's 426, then ABOR's 226 (or 225 alone). */
  { "ABOR",      { 426, 226 },      { 110, 125, 150, 225, 226, 250 }, TRUE },
  { "SYST",      { 215 },           { 215 } },
  { "STAT",      { 211 },           { 211, 212, 213 } },
  { "HELP",      { 214 },           { 211, 214 } },
  { "NOOP",      { 200 },           { 200 } },
  /* Extensions: RFC 2228, 2389, 2428, 3659 and draft MFMT. */
  { "EPSV",      { 229 },           { 229 } },
  { "EPRT |1|127.0.0.1|1025|", { 200 }, { 200 } },
  { "FEAT",      { 211 },           { 211 } },
  { "OPTS UTF8 ON", { 200 },        { 200, 202 } },
  { "SIZE f",    { 213 },           { 213 } },
  { "MDTM f",    { 213 },           { 213 } },
  { "MFMT 20240101000000 f", { 213 }, { 213, 200, 250 } },
  { "MLST f",    { 250 },           { 250 } },
  { "MLSD",      { 150, 226 },      { 125, 150, 226, 250 }, TRUE },
  { "AUTH TLS",  { 234 },           { 234, 334 } },
  { "PBSZ 0",    { 200 },           { 200 } },
  { "PROT P",    { 200 },           { 200 } },
};

/* The replies that turn up out of place in real sessions, and the
 * codes of other commands. */
static const guint strays[] = {
  110, 120, 125, 150, 200, 202, 211, 213, 214, 215, 220, 221, 225, 226, 227,
  229, 230, 234, 250, 257, 331, 332, 350, 425, 426,
};

static gboolean
in (const guint *codes,
    guint        n,
    guint        code)
{
  for (guint i = 0; i < n && codes[i] != 0; i++)
    if (codes[i] == code)
      return TRUE;
  return FALSE;
}

static guint
script_length (const Sequence *s)
{
  guint n = 0;

  while (n < G_N_ELEMENTS (s->script) && s->script[n] != 0)
    n++;
  return n;
}

/* Whether @code may come at a point where @had_preliminary tells if a
 * 1xx came already: by the test's own table, not the engine's. */
static gboolean
may_come (const Sequence *s,
          gboolean        had_preliminary,
          guint           code)
{
  if (code == 425 || code == 426)
    return s->data;
  if (code >= 400)
    return TRUE;
  if (had_preliminary && code >= 300)
    return FALSE;
  return in (s->own, G_N_ELEMENTS (s->own), code);
}

static void
begin (FerryReplySequence *seq,
       const Sequence     *s)
{
  ferry_reply_sequence_begin (seq, s->command);
  assert_true (ferry_reply_sequence_is_pending (seq));
}

/* Feeds the script's first @upto replies, asserting each fits. */
static void
feed_script (FerryReplySequence *seq,
             const Sequence     *s,
             guint               upto)
{
  guint n = script_length (s);

  for (guint i = 0; i < upto; i++)
    {
      FerryReplyFit fit = ferry_reply_sequence_feed (seq, s->script[i]);

      if (i + 1 < n)
        assert_int_equal (fit, FERRY_REPLY_FITS_MORE);
      else
        assert_int_equal (fit, FERRY_REPLY_FITS_FINAL);
    }
}

static void
test_every_script_fits (void **state)
{
  g_autoptr(FerryReplySequence) seq = ferry_reply_sequence_new ();

  for (guint i = 0; i < G_N_ELEMENTS (sequences); i++)
    {
      const Sequence *s = &sequences[i];

      begin (seq, s);
      feed_script (seq, s, script_length (s));
      assert_false (ferry_reply_sequence_is_pending (seq));
    }
}

/* A stray before reply @k of the script (k = length: after the last). */
static void
test_strays_at_every_point (void **state)
{
  g_autoptr(FerryReplySequence) seq = ferry_reply_sequence_new ();
  guint refused = 0;

  for (guint i = 0; i < G_N_ELEMENTS (sequences); i++)
    {
      const Sequence *s = &sequences[i];
      guint n = script_length (s);

      for (guint k = 0; k <= n; k++)
        for (guint j = 0; j < G_N_ELEMENTS (strays); j++)
          {
            guint code = strays[j];
            gboolean had_preliminary = k > 0 && s->script[k - 1] < 200;
            FerryReplyFit fit;

            begin (seq, s);
            feed_script (seq, s, k);
            fit = ferry_reply_sequence_feed (seq, code);

            if (k == n)
              {
                /* Nothing is pending after the final reply: anything
                 * now answers a command that was not sent. */
                if (fit != FERRY_REPLY_OUT_OF_STEP)
                  fail_msg ("%s: %u after the last reply was taken", s->command, code);
              }
            else if (may_come (s, had_preliminary, code))
              {
                if (fit == FERRY_REPLY_OUT_OF_STEP)
                  fail_msg ("%s: %u refused before reply %u", s->command ? s->command : "greeting",
                            code, k);
              }
            else
              {
                if (fit != FERRY_REPLY_OUT_OF_STEP)
                  fail_msg ("%s: stray %u taken before reply %u", s->command ? s->command : "greeting",
                            code, k);
                assert_false (ferry_reply_sequence_is_pending (seq));
                refused++;
              }
          }
    }
  /* Most strays are refused somewhere in every sequence. */
  assert_true (refused > G_N_ELEMENTS (sequences) * 20);
}

/* Refusals (4xx/5xx) may answer anything, but the data connection's
 * 425/426 only a command that has one. */
static void
test_errors (void **state)
{
  static const guint errors[] = { 421, 450, 451, 452, 500, 501, 502, 503, 504, 530, 532, 550, 553 };
  g_autoptr(FerryReplySequence) seq = ferry_reply_sequence_new ();

  for (guint i = 0; i < G_N_ELEMENTS (sequences); i++)
    {
      const Sequence *s = &sequences[i];

      for (guint j = 0; j < G_N_ELEMENTS (errors); j++)
        {
          FerryReplyFit fit;

          begin (seq, s);
          fit = ferry_reply_sequence_feed (seq, errors[j]);
          /* ABOR: a 4xx is the aborted transfer's, ABOR's own follows. */
          if (s->command != NULL && g_str_equal (s->command, "ABOR") &&
              errors[j] / 100 == 4 && errors[j] != 421)
            assert_int_equal (fit, FERRY_REPLY_FITS_MORE);
          else
            assert_int_equal (fit, FERRY_REPLY_FITS_FINAL);
        }
      for (guint code = 425; code <= 426; code++)
        {
          begin (seq, s);
          if (s->data)
            assert_int_not_equal (ferry_reply_sequence_feed (seq, code), FERRY_REPLY_OUT_OF_STEP);
          else
            assert_int_equal (ferry_reply_sequence_feed (seq, code), FERRY_REPLY_OUT_OF_STEP);
        }
    }
}

/* The run from the issue: MDTM after a transfer gets the stray 226. */
static void
test_mdtm_gets_stray_226 (void **state)
{
  g_autoptr(FerryReplySequence) seq = ferry_reply_sequence_new ();

  ferry_reply_sequence_begin (seq, "RETR /a");
  assert_int_equal (ferry_reply_sequence_feed (seq, 150), FERRY_REPLY_FITS_MORE);
  assert_int_equal (ferry_reply_sequence_feed (seq, 226), FERRY_REPLY_FITS_FINAL);
  /* The second 226, read when nothing is pending. */
  assert_int_equal (ferry_reply_sequence_feed (seq, 226), FERRY_REPLY_OUT_OF_STEP);
  ferry_reply_sequence_begin (seq, "MDTM /b");
  assert_string_equal (ferry_reply_sequence_get_verb (seq), "MDTM");
  assert_int_equal (ferry_reply_sequence_feed (seq, 226), FERRY_REPLY_OUT_OF_STEP);
  ferry_reply_sequence_begin (seq, "EPSV");
  assert_int_equal (ferry_reply_sequence_feed (seq, 213), FERRY_REPLY_OUT_OF_STEP);
}

/* Commands typed by the user (raw) that Ferry does not know: any reply. */
static void
test_unknown_and_lower_case (void **state)
{
  g_autoptr(FerryReplySequence) seq = ferry_reply_sequence_new ();

  ferry_reply_sequence_begin (seq, "XYZZY magic");
  assert_int_equal (ferry_reply_sequence_feed (seq, 150), FERRY_REPLY_FITS_MORE);
  assert_int_equal (ferry_reply_sequence_feed (seq, 226), FERRY_REPLY_FITS_FINAL);
  ferry_reply_sequence_begin (seq, "averyveryverylongverb");
  assert_int_equal (ferry_reply_sequence_feed (seq, 213), FERRY_REPLY_FITS_FINAL);
  ferry_reply_sequence_begin (seq, "size f");
  assert_string_equal (ferry_reply_sequence_get_verb (seq), "SIZE");
  assert_int_equal (ferry_reply_sequence_feed (seq, 226), FERRY_REPLY_OUT_OF_STEP);
  ferry_reply_sequence_begin (seq, "SITE CHMOD 644 f");
  assert_int_equal (ferry_reply_sequence_feed (seq, 200), FERRY_REPLY_FITS_FINAL);
  ferry_reply_sequence_begin (seq, "SITE HELP");
  assert_int_equal (ferry_reply_sequence_feed (seq, 214), FERRY_REPLY_FITS_FINAL);
  ferry_reply_sequence_begin (seq, "SITE X");
  assert_int_equal (ferry_reply_sequence_feed (seq, 150), FERRY_REPLY_OUT_OF_STEP);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_every_script_fits),
    cmocka_unit_test (test_strays_at_every_point),
    cmocka_unit_test (test_errors),
    cmocka_unit_test (test_mdtm_gets_stray_226),
    cmocka_unit_test (test_unknown_and_lower_case),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
