/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "ferry-reply-sequence.h"

/* A verb longer than this is no command we know: any reply fits. */
#define VERB_MAX 8

typedef enum
{
  KNOWS_DATA  = 1 << 0,  /* may get the data connection's 425/426 */
  ANY_2XX     = 1 << 1,  /* free-form (SITE): any 2xx completes it */
  ABOR_REPLY  = 1 << 2,  /* a 4xx (the transfer's 426) comes before ABOR's 2xx */
} Flags;

typedef struct
{
  const char    *verb;
  guint16        preliminary[4];   /* 1xx it may get before the final, 0-ended */
  guint16        positive[5];      /* 2xx/3xx that may end it, 0-ended */
  Flags          flags;
} CommandReplies;

/* RFC 959 §5.4 and the seeds' tables, with the extensions Ferry sends
 * (RFC 2228, 2389, 2428, 3659, draft MFMT) and the positive codes real
 * servers use instead of the RFC's (vsftpd's 250 for CDUP, 200 for DELE
 * on some, 250 for a listing's end, 202 for OPTS, pyftpdlib's 230 for
 * REIN).  Any 4xx/5xx may
 * refuse any command (servers say 550, 450, 451, 503, 530 for nearly
 * anything); only 425/426, which speak of a data connection, are kept to
 * the commands that have one.  The greeting is the entry with verb "". */
static const CommandReplies commands[] = {
  { "",     { 120 },           { 220 },                0 },
  { "USER", { 0 },             { 230, 331, 332, 202 }, 0 },
  { "PASS", { 0 },             { 230, 202, 332 },      0 },
  { "ACCT", { 0 },             { 230, 202, 200 },      0 },
  { "CWD",  { 0 },             { 250, 200 },           0 },
  { "XCWD", { 0 },             { 250, 200 },           0 },
  { "CDUP", { 0 },             { 200, 250 },           0 },
  { "XCUP", { 0 },             { 200, 250 },           0 },
  { "SMNT", { 0 },             { 202, 250 },           0 },
  { "REIN", { 120 },           { 220, 230 },           0 },
  { "QUIT", { 0 },             { 221 },                0 },
  { "PORT", { 0 },             { 200 },                0 },
  { "EPRT", { 0 },             { 200 },                0 },
  { "PASV", { 0 },             { 227 },                0 },
  { "EPSV", { 0 },             { 229 },                0 },
  { "MODE", { 0 },             { 200 },                0 },
  { "TYPE", { 0 },             { 200 },                0 },
  { "STRU", { 0 },             { 200 },                0 },
  { "ALLO", { 0 },             { 200, 202 },           0 },
  { "REST", { 0 },             { 350 },                0 },
  { "STOR", { 110, 125, 150 }, { 226, 250 },           KNOWS_DATA },
  { "STOU", { 110, 125, 150 }, { 226, 250 },           KNOWS_DATA },
  { "APPE", { 110, 125, 150 }, { 226, 250 },           KNOWS_DATA },
  { "RETR", { 110, 125, 150 }, { 226, 250 },           KNOWS_DATA },
  { "LIST", { 125, 150 },      { 226, 250 },           KNOWS_DATA },
  { "NLST", { 125, 150 },      { 226, 250 },           KNOWS_DATA },
  { "MLSD", { 125, 150 },      { 226, 250 },           KNOWS_DATA },
  { "RNFR", { 0 },             { 350 },                0 },
  { "RNTO", { 0 },             { 250, 200 },           0 },
  { "DELE", { 0 },             { 250, 200 },           0 },
  { "RMD",  { 0 },             { 250, 200 },           0 },
  { "XRMD", { 0 },             { 250, 200 },           0 },
  { "MKD",  { 0 },             { 257, 250 },           0 },
  { "XMKD", { 0 },             { 257, 250 },           0 },
  { "PWD",  { 0 },             { 257 },                0 },
  { "XPWD", { 0 },             { 257 },                0 },
  /* The aborted transfer's late 1xx and its 426/451, then ABOR's 2xx. */
  { "ABOR", { 110, 125, 150 }, { 225, 226, 250 },      KNOWS_DATA | ABOR_REPLY },
  { "SYST", { 0 },             { 215 },                0 },
  { "STAT", { 0 },             { 211, 212, 213 },      0 },
  { "HELP", { 0 },             { 211, 214 },           0 },
  { "SITE", { 0 },             { 0 },                  ANY_2XX },
  { "NOOP", { 0 },             { 200 },                0 },
  { "FEAT", { 0 },             { 211 },                0 },
  { "OPTS", { 0 },             { 200, 202 },           0 },
  { "SIZE", { 0 },             { 213 },                0 },
  { "MDTM", { 0 },             { 213 },                0 },
  { "MFMT", { 0 },             { 213, 200, 250 },      0 },
  { "MLST", { 0 },             { 250 },                0 },
  { "AUTH", { 0 },             { 234, 334 },           0 },
  { "PBSZ", { 0 },             { 200 },                0 },
  { "PROT", { 0 },             { 200 },                0 },
  { "CCC",  { 0 },             { 200 },                0 },
};

typedef enum
{
  IDLE,
  AWAIT_FIRST,          /* sent, no reply yet */
  AFTER_PRELIMINARY,    /* a 1xx (or ABOR's 4xx) came */
} Phase;

struct _FerryReplySequence
{
  char                   verb[VERB_MAX + 1];
  const CommandReplies  *entry;    /* NULL: a verb we do not know */
  Phase                  phase;
};

FerryReplySequence *
ferry_reply_sequence_new (void)
{
  return g_new0 (FerryReplySequence, 1);
}

void
ferry_reply_sequence_free (FerryReplySequence *seq)
{
  g_free (seq);
}

void
ferry_reply_sequence_begin (FerryReplySequence *seq,
                            const char         *command)
{
  gsize len;

  g_return_if_fail (seq != NULL);

  if (command == NULL)
    command = "";
  len = strcspn (command, " ");
  seq->entry = NULL;
  seq->phase = AWAIT_FIRST;
  seq->verb[0] = '\0';
  if (len > VERB_MAX)
    return;
  for (gsize i = 0; i < len; i++)
    seq->verb[i] = g_ascii_toupper (command[i]);
  seq->verb[len] = '\0';
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (commands[i].verb, seq->verb) == 0)
      {
        seq->entry = &commands[i];
        break;
      }
}

void
ferry_reply_sequence_reset (FerryReplySequence *seq)
{
  g_return_if_fail (seq != NULL);
  seq->phase = IDLE;
}

gboolean
ferry_reply_sequence_is_pending (FerryReplySequence *seq)
{
  g_return_val_if_fail (seq != NULL, FALSE);
  return seq->phase != IDLE;
}

const char *
ferry_reply_sequence_get_verb (FerryReplySequence *seq)
{
  g_return_val_if_fail (seq != NULL, "");
  return seq->verb;
}

static gboolean
listed (const guint16 *codes,
        guint          n,
        guint          code)
{
  for (guint i = 0; i < n && codes[i] != 0; i++)
    if (codes[i] == code)
      return TRUE;
  return FALSE;
}

static FerryReplyFit
judge (const CommandReplies *entry,
       Phase                 phase,
       guint                 code)
{
  guint klass = code / 100;

  /* "Closing control connection" may come at any time. */
  if (code == 421)
    return FERRY_REPLY_FITS_FINAL;
  if (entry == NULL)
    return klass == 1 ? FERRY_REPLY_FITS_MORE : FERRY_REPLY_FITS_FINAL;

  switch (klass)
    {
    case 1:
      return listed (entry->preliminary, G_N_ELEMENTS (entry->preliminary), code)
             ? FERRY_REPLY_FITS_MORE : FERRY_REPLY_OUT_OF_STEP;
    case 2:
    case 3:
      /* A 3xx never ends a transfer that has begun. */
      if (phase == AFTER_PRELIMINARY && klass == 3)
        return FERRY_REPLY_OUT_OF_STEP;
      if ((entry->flags & ANY_2XX) && klass == 2)
        return FERRY_REPLY_FITS_FINAL;
      return listed (entry->positive, G_N_ELEMENTS (entry->positive), code)
             ? FERRY_REPLY_FITS_FINAL : FERRY_REPLY_OUT_OF_STEP;
    case 4:
    case 5:
      if ((code == 425 || code == 426) && !(entry->flags & KNOWS_DATA))
        return FERRY_REPLY_OUT_OF_STEP;
      if (klass == 4 && (entry->flags & ABOR_REPLY))
        return FERRY_REPLY_FITS_MORE;
      return FERRY_REPLY_FITS_FINAL;
    default:
      return FERRY_REPLY_OUT_OF_STEP;
    }
}

FerryReplyFit
ferry_reply_sequence_feed (FerryReplySequence *seq,
                           guint               code)
{
  FerryReplyFit fit;

  g_return_val_if_fail (seq != NULL, FERRY_REPLY_OUT_OF_STEP);

  if (seq->phase == IDLE)
    return FERRY_REPLY_OUT_OF_STEP;
  fit = judge (seq->entry, seq->phase, code);
  seq->phase = fit == FERRY_REPLY_FITS_MORE ? AFTER_PRELIMINARY : IDLE;
  return fit;
}
