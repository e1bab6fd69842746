/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ferry-tls.h"
#include "ferry-trust-store.h"
#include "ferry-worker-certificate.h"
#include "ferry-worker-question.h"

/*
 * When a server's certificate does not verify, the worker thread (inside
 * the TLS handshake) asks the main context with accept-certificate and
 * waits for ferry_worker_answer_certificate(), or for the job to be
 * cancelled.  A certificate stored as "always trusted" passes silently;
 * one accepted once passes for the rest of this worker's life.
 */

#define STATE_KEY "ferry-worker-certificate-state"

typedef struct
{
  gatomicrefcount      ref;
  FerryWorkerQuestion *question;
  FerryTrustStore     *store;

  /* Under the question's lock: */
  char                *asking_fingerprint;
  char                *asking_host;
  guint16              asking_port;
  GHashTable          *accepted;      /* "host:port fingerprint" accepted once */
} CertState;

static guint accept_certificate_signal;

static CertState *
state_ref (CertState *state)
{
  g_atomic_ref_count_inc (&state->ref);
  return state;
}

static void
state_unref (CertState *state)
{
  if (!g_atomic_ref_count_dec (&state->ref))
    return;
  ferry_worker_question_unref (state->question);
  g_clear_object (&state->store);
  g_free (state->asking_fingerprint);
  g_free (state->asking_host);
  g_hash_table_unref (state->accepted);
  g_free (state);
}

void
ferry_worker_certificate_class_init (GObjectClass *klass)
{
  /**
   * FerryWorker::accept-certificate:
   * @cert: the server's GTlsCertificate
   * @errors: GTlsCertificateFlags: why it does not verify
   * @host: the host name the user connected to
   * @changed: TRUE when another certificate is stored as trusted for
   *   this host and port (a warning sign)
   *
   * Answer with ferry_worker_answer_certificate(), now or later; until
   * then the connection waits (cancelling the job ends the wait).
   */
  accept_certificate_signal =
    g_signal_new ("accept-certificate", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 4,
                  G_TYPE_TLS_CERTIFICATE, G_TYPE_TLS_CERTIFICATE_FLAGS,
                  G_TYPE_STRING, G_TYPE_BOOLEAN);
}

void
ferry_worker_certificate_init (FerryWorker *self)
{
  CertState *state = g_new0 (CertState, 1);

  g_atomic_ref_count_init (&state->ref);
  /* Nobody to ask: the certificate stays refused. */
  state->question = ferry_worker_question_new (self, accept_certificate_signal,
                                               GINT_TO_POINTER (FERRY_CERTIFICATE_REJECT), NULL);
  state->store = g_object_ref (ferry_trust_store_get_default ());
  state->accepted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_object_set_data_full (G_OBJECT (self), STATE_KEY, state, (GDestroyNotify) state_unref);
}

typedef struct
{
  GTlsCertificate      *cert;
  GTlsCertificateFlags  errors;
  char                 *host;
  gboolean              changed;
} Request;

static void
request_free (Request *req)
{
  g_object_unref (req->cert);
  g_free (req->host);
  g_free (req);
}

/* Main context. */
static void
emit_cb (FerryWorker *worker,
         gpointer     data)
{
  Request *req = data;

  g_signal_emit (worker, accept_certificate_signal, 0,
                 req->cert, req->errors, req->host, req->changed);
}

void
ferry_worker_answer_certificate (FerryWorker            *self,
                                 FerryCertificateAnswer  value)
{
  CertState *state;
  g_autofree char *fingerprint = NULL;
  g_autofree char *host = NULL;
  guint16 port = 0;
  guint request;

  g_return_if_fail (FERRY_IS_WORKER (self));

  state = g_object_get_data (G_OBJECT (self), STATE_KEY);
  ferry_worker_question_lock (state->question);
  request = ferry_worker_question_pending_locked (state->question);
  if (request != 0)
    {
      fingerprint = g_strdup (state->asking_fingerprint);
      host = g_strdup (state->asking_host);
      port = state->asking_port;
    }
  ferry_worker_question_unlock (state->question);
  if (request == 0)
    return;

  if (value == FERRY_CERTIFICATE_ACCEPT_ALWAYS)
    {
      g_autoptr(GError) error = NULL;

      if (!ferry_trust_store_add (state->store, host, port, fingerprint, &error))
        g_warning ("Cannot remember the certificate: %s", error->message);
    }
  ferry_worker_question_answer (state->question, request, GINT_TO_POINTER (value));
}

typedef struct
{
  CertState     *state;
  GCancellable  *cancellable;
  guint16        port;
} Attach;

static void
attach_free (Attach *att)
{
  state_unref (att->state);
  g_clear_object (&att->cancellable);
  g_free (att);
}

/* Worker thread, inside the handshake. */
static gboolean
certificate_cb (GTlsCertificate      *cert,
                GTlsCertificateFlags  errors,
                const char           *host,
                gpointer              user_data)
{
  Attach *att = user_data;
  CertState *state = att->state;
  g_autofree char *fingerprint = ferry_tls_certificate_fingerprint (cert);
  g_autofree char *once_key = g_strdup_printf ("%s:%u %s", host, att->port, fingerprint);
  FerryWorkerQuestion *question = state->question;
  FerryTrustResult trust;
  Request *req;
  guint request;
  gpointer answer = NULL;
  gboolean accepted;

  trust = ferry_trust_store_check (state->store, host, att->port, fingerprint);
  if (trust == FERRY_TRUST_TRUSTED)
    return TRUE;

  ferry_worker_question_lock (question);
  if (g_hash_table_contains (state->accepted, once_key))
    {
      ferry_worker_question_unlock (question);
      return TRUE;
    }
  request = ferry_worker_question_begin_locked (question);
  g_free (state->asking_fingerprint);
  state->asking_fingerprint = g_strdup (fingerprint);
  g_free (state->asking_host);
  state->asking_host = g_strdup (host);
  state->asking_port = att->port;
  ferry_worker_question_unlock (question);

  req = g_new0 (Request, 1);
  req->cert = g_object_ref (cert);
  req->errors = errors;
  req->host = g_strdup (host);
  req->changed = trust == FERRY_TRUST_CHANGED;

  accepted = ferry_worker_question_wait (question, request, emit_cb, req,
                                         (GDestroyNotify) request_free, att->cancellable, &answer) &&
             GPOINTER_TO_INT (answer) != FERRY_CERTIFICATE_REJECT;
  if (accepted)
    g_hash_table_add (state->accepted, g_steal_pointer (&once_key));
  ferry_worker_question_unlock (question);
  return accepted;
}

void
ferry_worker_certificate_attach (FerryWorker  *self,
                                 FerrySession *session,
                                 GCancellable *cancellable)
{
  CertState *state = g_object_get_data (G_OBJECT (self), STATE_KEY);
  Attach *att;

  if (state == NULL)
    return;
  att = g_new0 (Attach, 1);
  att->state = state_ref (state);
  att->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  att->port = ferry_site_get_port (ferry_worker_get_site (self));
  ferry_session_set_certificate_func (session, certificate_cb, att, (GDestroyNotify) attach_free);
}
