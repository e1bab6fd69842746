/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ferry-transfer-item.h"

G_BEGIN_DECLS

/*
 * FerryInteraction: every question the engine asks the user, in one
 * object (modelled on GTlsInteraction).  A worker or a queue is given one
 * and never talks to a dialog, a terminal or a test directly:
 *
 *   question            asked by             answer
 *   accept-certificate  a worker thread      REJECT / ACCEPT_ONCE / ACCEPT_ALWAYS
 *                       (TLS handshake)
 *   ask-account         a worker thread      the account, or NULL for none
 *                       (332 at login, 532 on a transfer)
 *   ask-overwrite       the queue (main)     a FerryOverwriteChoice and
 *                       (the target exists)  "apply to all"
 *
 * Implementations override the _async/_finish virtual methods; they are
 * always called on the main context the interaction was created on
 * (ferry_interaction_get_context), may answer now or later (a dialog's
 * response) and must complete the task once, also when @cancellable
 * fires (G_IO_ERROR_CANCELLED).  The defaults answer at once: REJECT, no
 * account, SKIP.  The window implements them with dialogs, ferry-cli
 * with its flags and a terminal prompt, tests with a scripted subclass.
 *
 * Worker threads use the ferry_interaction_invoke_* wrappers: they run
 * the _async method on the interaction's context, block until it
 * completes or @cancellable fires, and share answers between everyone
 * using this interaction (a connection's browsing worker and all of its
 * queue's workers):
 *   - certificates: an ACCEPT_ONCE/ACCEPT_ALWAYS answer is remembered for
 *     the interaction's life per "host:port fingerprint" and not asked
 *     again; threads asking about the same certificate while it is being
 *     asked wait for that one answer.  Storing ACCEPT_ALWAYS in the trust
 *     store is the caller's business (the worker does it).
 *   - accounts: the account given is remembered; a caller that may reuse
 *     it (@may_reuse: it did not offer that one in this session yet) gets
 *     it without a question.  Threads asking while the question is up
 *     wait for that one answer (also when it is "none").
 */
#define FERRY_TYPE_INTERACTION (ferry_interaction_get_type ())
G_DECLARE_DERIVABLE_TYPE (FerryInteraction, ferry_interaction, FERRY, INTERACTION, GObject)

typedef enum
{
  FERRY_CERTIFICATE_REJECT,
  FERRY_CERTIFICATE_ACCEPT_ONCE,     /* for the interaction's life */
  FERRY_CERTIFICATE_ACCEPT_ALWAYS,   /* stored in the trust store */
} FerryCertificateAnswer;

#define FERRY_TYPE_CERTIFICATE_ANSWER (ferry_certificate_answer_get_type ())
GType ferry_certificate_answer_get_type (void) G_GNUC_CONST;

/* What the user answered to "the target exists". */
typedef enum
{
  FERRY_OVERWRITE_CHOICE_OVERWRITE,
  FERRY_OVERWRITE_CHOICE_NEWER,      /* overwrite if the source is newer, else skip */
  FERRY_OVERWRITE_CHOICE_RESUME,
  FERRY_OVERWRITE_CHOICE_RENAME,     /* the new file becomes "name (1).ext" */
  FERRY_OVERWRITE_CHOICE_SKIP,
} FerryOverwriteChoice;

#define FERRY_TYPE_OVERWRITE_CHOICE (ferry_overwrite_choice_get_type ())
GType ferry_overwrite_choice_get_type (void) G_GNUC_CONST;

struct _FerryInteractionClass
{
  GObjectClass parent_class;

  /* @cert: the server's certificate; @errors: why it does not verify;
   * @host: the host name connected to; @changed: another certificate is
   * stored as trusted for this host and port (a warning sign). */
  void                    (*accept_certificate_async)  (FerryInteraction     *self,
                                                        GTlsCertificate      *cert,
                                                        GTlsCertificateFlags  errors,
                                                        const char           *host,
                                                        gboolean              changed,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
  FerryCertificateAnswer  (*accept_certificate_finish) (FerryInteraction     *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);

  /* @user: the user logging in at @host; @prompt: the server's 332/532 text.
   * Finish returns the account (newly allocated) or NULL for none. */
  void                    (*ask_account_async)         (FerryInteraction     *self,
                                                        const char           *user,
                                                        const char           *host,
                                                        const char           *prompt,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
  char                   *(*ask_account_finish)        (FerryInteraction     *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);

  /* @item: the transfer whose target exists (direction, paths, size);
   * @existing: what is known of the target (name; for downloads size and
   * modification time), may be NULL.  Finish sets *@apply_to_all when the
   * user wants the same answer for every later conflict. */
  void                    (*ask_overwrite_async)       (FerryInteraction     *self,
                                                        FerryTransferItem    *item,
                                                        GFileInfo            *existing,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
  FerryOverwriteChoice    (*ask_overwrite_finish)      (FerryInteraction     *self,
                                                        GAsyncResult         *result,
                                                        gboolean             *apply_to_all,
                                                        GError              **error);

  gpointer padding[8];
};

/* For implementations of ask_overwrite_async that keep the default
 * finish: completes @task with @choice and @apply_to_all. */
void                   ferry_interaction_return_overwrite        (GTask                *task,
                                                                  FerryOverwriteChoice  choice,
                                                                  gboolean              apply_to_all);

/* The default interaction (the defaults above), on the thread-default
 * main context. */
FerryInteraction      *ferry_interaction_new                     (void);
/* The main context the _async methods run on: the thread-default one of
 * the thread that created the interaction. */
GMainContext          *ferry_interaction_get_context             (FerryInteraction     *self);

/* Main context: the virtual methods, called directly. */
void                   ferry_interaction_accept_certificate_async  (FerryInteraction     *self,
                                                                    GTlsCertificate      *cert,
                                                                    GTlsCertificateFlags  errors,
                                                                    const char           *host,
                                                                    gboolean              changed,
                                                                    GCancellable         *cancellable,
                                                                    GAsyncReadyCallback   callback,
                                                                    gpointer              user_data);
FerryCertificateAnswer ferry_interaction_accept_certificate_finish (FerryInteraction     *self,
                                                                    GAsyncResult         *result,
                                                                    GError              **error);
void                   ferry_interaction_ask_account_async         (FerryInteraction     *self,
                                                                    const char           *user,
                                                                    const char           *host,
                                                                    const char           *prompt,
                                                                    GCancellable         *cancellable,
                                                                    GAsyncReadyCallback   callback,
                                                                    gpointer              user_data);
char                  *ferry_interaction_ask_account_finish        (FerryInteraction     *self,
                                                                    GAsyncResult         *result,
                                                                    GError              **error);
void                   ferry_interaction_ask_overwrite_async       (FerryInteraction     *self,
                                                                    FerryTransferItem    *item,
                                                                    GFileInfo            *existing,
                                                                    GCancellable         *cancellable,
                                                                    GAsyncReadyCallback   callback,
                                                                    gpointer              user_data);
FerryOverwriteChoice   ferry_interaction_ask_overwrite_finish      (FerryInteraction     *self,
                                                                    GAsyncResult         *result,
                                                                    gboolean             *apply_to_all,
                                                                    GError              **error);

/* Any thread but the interaction's own context: asks on that context and
 * blocks until the answer or @cancellable (then REJECT / NULL and
 * G_IO_ERROR_CANCELLED).  Shares answers as described above; @port is
 * part of the certificate's key. */
FerryCertificateAnswer ferry_interaction_invoke_accept_certificate (FerryInteraction     *self,
                                                                    GTlsCertificate      *cert,
                                                                    GTlsCertificateFlags  errors,
                                                                    const char           *host,
                                                                    guint16               port,
                                                                    gboolean              changed,
                                                                    GCancellable         *cancellable,
                                                                    GError              **error);
char                  *ferry_interaction_invoke_ask_account        (FerryInteraction     *self,
                                                                    const char           *user,
                                                                    const char           *host,
                                                                    const char           *prompt,
                                                                    gboolean              may_reuse,
                                                                    GCancellable         *cancellable,
                                                                    GError              **error);

G_END_DECLS
