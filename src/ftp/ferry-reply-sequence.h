/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Which command the next reply on the control connection answers, and
 * whether its code can be an answer to it at all (RFC 959 §5.4
 * command–reply sequences, widened by what real servers send).  A reply
 * that cannot belong to the pending command, or that comes when none is
 * pending, means the connection is out of step: taking it as the answer
 * would hand every later command the reply of the one before.
 */
typedef struct _FerryReplySequence FerryReplySequence;

typedef enum
{
  FERRY_REPLY_FITS_MORE,      /* a 1xx (or ABOR's 4xx): more replies follow */
  FERRY_REPLY_FITS_FINAL,     /* the command's last reply: nothing pending now */
  FERRY_REPLY_OUT_OF_STEP,    /* cannot answer the pending command, or none is */
} FerryReplyFit;

FerryReplySequence *ferry_reply_sequence_new        (void);
void                ferry_reply_sequence_free       (FerryReplySequence *seq);

/* @command as sent (its verb decides), or NULL for the greeting that a
 * new connection (or REIN) waits for.  An unknown verb takes any reply. */
void                ferry_reply_sequence_begin      (FerryReplySequence *seq,
                                                     const char         *command);
/* Nothing pending: a reply now is unexpected. */
void                ferry_reply_sequence_reset      (FerryReplySequence *seq);
gboolean            ferry_reply_sequence_is_pending (FerryReplySequence *seq);
/* The pending (or last) command's verb, upper-case; "" for the greeting. */
const char         *ferry_reply_sequence_get_verb   (FerryReplySequence *seq);

/* Takes one reply: whether it fits and what is pending after it.  An
 * OUT_OF_STEP leaves nothing pending. */
FerryReplyFit       ferry_reply_sequence_feed       (FerryReplySequence *seq,
                                                     guint               code);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerryReplySequence, ferry_reply_sequence_free)

G_END_DECLS
