/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ferry-certificate-dialog.h"
#include "ferry-tls.h"

/* "host fingerprint" accepted once in this process: main thread only. */
static GHashTable *accepted_once;

static char *
describe_errors (GTlsCertificateFlags errors)
{
  static const struct { GTlsCertificateFlags flag; const char *text; } names[] = {
    { G_TLS_CERTIFICATE_UNKNOWN_CA,    N_("It is not signed by a trusted authority.") },
    { G_TLS_CERTIFICATE_BAD_IDENTITY,  N_("It was issued for another host name.") },
    { G_TLS_CERTIFICATE_NOT_ACTIVATED, N_("It is not valid yet.") },
    { G_TLS_CERTIFICATE_EXPIRED,       N_("It has expired.") },
    { G_TLS_CERTIFICATE_REVOKED,       N_("It has been revoked.") },
    { G_TLS_CERTIFICATE_INSECURE,      N_("It uses an insecure algorithm.") },
    { G_TLS_CERTIFICATE_GENERIC_ERROR, N_("It is not valid.") },
  };
  GString *text = g_string_new (NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    if (errors & names[i].flag)
      g_string_append_printf (text, "%s%s", text->len ? "\n" : "", _(names[i].text));
  return g_string_free (text, FALSE);
}

static char *
format_date (GDateTime *dt)
{
  g_autoptr(GDateTime) local = dt != NULL ? g_date_time_to_local (dt) : NULL;

  /* Not %x: in many locales (and C) that is a two-digit year. */
  return local != NULL ? g_date_time_format (local, "%Y-%m-%d %H:%M:%S %Z") : g_strdup (_("unknown"));
}

/* "AB:CD:…" of 32 bytes as two lines of 16: Pango's own wrapping broke
 * it at uneven places. */
static char *
two_lines (const char *fingerprint)
{
  gsize len = strlen (fingerprint);

  if (len != 32 * 3 - 1)
    return g_strdup (fingerprint);
  return g_strdup_printf ("%.*s\n%s", 16 * 3, fingerprint, fingerprint + 16 * 3);
}

AdwMessageDialog *
ferry_certificate_dialog_new (GtkWindow            *parent,
                              GTlsCertificate      *cert,
                              GTlsCertificateFlags  errors,
                              const char           *host,
                              gboolean              changed)
{
  g_autofree char *fingerprint = ferry_tls_certificate_fingerprint (cert);
  g_autofree char *subject = ferry_tls_certificate_subject (cert);
  g_autofree char *issuer = ferry_tls_certificate_issuer (cert);
  g_autoptr(GDateTime) before = ferry_tls_certificate_not_before (cert);
  g_autoptr(GDateTime) after = ferry_tls_certificate_not_after (cert);
  g_autofree char *from = format_date (before);
  g_autofree char *until = format_date (after);
  g_autofree char *problems = describe_errors (errors);
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *details;

  heading = changed
            ? g_strdup_printf (_("The certificate of %s has changed"), host)
            : g_strdup_printf (_("Trust the certificate of %s?"), host);
  body = changed
         ? g_strdup (_("This server showed a different certificate before, and you chose to "
                       "trust that one. Someone may be intercepting the connection. "
                       "Accept the new certificate only if you know why it changed."))
         : g_strdup_printf (_("The server's identity cannot be verified.\n%s"), problems);
  if (changed && problems[0] != '\0')
    {
      char *more = g_strconcat (body, "\n", problems, NULL);
      g_free (body);
      body = more;
    }

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent, heading, body));

  /* Captions in the dialog's font, values in monospace beside them: one
   * block of monospace text made the captions look like values. */
  {
    const char *captions[] = { N_("SHA-256 fingerprint"), N_("Subject"), N_("Issuer"),
                               N_("Valid from"), N_("Valid until") };
    g_autofree char *fp_lines = two_lines (fingerprint);
    const char *values[] = { fp_lines, subject, issuer, from, until };
    GtkGrid *grid = GTK_GRID (gtk_grid_new ());

    gtk_grid_set_row_spacing (grid, 6);
    gtk_grid_set_column_spacing (grid, 12);
    for (guint i = 0; i < G_N_ELEMENTS (captions); i++)
      {
        GtkWidget *caption = gtk_label_new (_(captions[i]));
        GtkWidget *value = gtk_label_new (values[i]);

        gtk_label_set_xalign (GTK_LABEL (caption), 1);
        gtk_label_set_yalign (GTK_LABEL (caption), 0);
        gtk_widget_add_css_class (caption, "dim-label");
        gtk_label_set_selectable (GTK_LABEL (value), TRUE);
        gtk_label_set_wrap (GTK_LABEL (value), TRUE);
        gtk_label_set_wrap_mode (GTK_LABEL (value), PANGO_WRAP_WORD_CHAR);
        /* A wrapping label asks for its narrowest width, which made the
         * dialog a tall strip: width-chars keeps it at the width of the
         * fingerprint's lines. */
        gtk_label_set_width_chars (GTK_LABEL (value), 48);
        gtk_label_set_max_width_chars (GTK_LABEL (value), 48);
        gtk_label_set_xalign (GTK_LABEL (value), 0);
        gtk_widget_set_hexpand (value, TRUE);
        gtk_widget_add_css_class (value, "monospace");
        gtk_accessible_update_relation (GTK_ACCESSIBLE (value), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                        caption, NULL, -1);
        gtk_grid_attach (grid, caption, 0, (int) i, 1, 1);
        gtk_grid_attach (grid, value, 1, (int) i, 1, 1);
      }
    details = GTK_WIDGET (grid);
    gtk_accessible_update_property (GTK_ACCESSIBLE (details),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, _("Certificate details"), -1);
    adw_message_dialog_set_extra_child (dialog, details);
  }

  adw_message_dialog_add_responses (dialog,
                                    "reject", _("_Reject"),
                                    "once", _("Accept _Once"),
                                    "always", _("_Always Trust"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "reject", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_appearance (dialog, "always", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "reject");
  adw_message_dialog_set_close_response (dialog, "reject");
  return dialog;
}

/* Who waits for the answer to one dialog: a worker's interaction or a
 * queue (which may go while the dialog is up: @destroy lets go of it). */
typedef struct
{
  FerryCertificateAnswerFunc  answer_func;
  gpointer                    user_data;
  GDestroyNotify              destroy;
} Waiter;

static void
waiter_free (Waiter *waiter)
{
  if (waiter->destroy != NULL)
    waiter->destroy (waiter->user_data);
  g_free (waiter);
}

/* "host fingerprint" → GPtrArray of Waiter: a dialog is up for it.  The
 * browsing connection and the transfer queue meet the same certificate
 * at about the same time; one dialog answers both. */
static GHashTable *asking;

static void
response_cb (AdwMessageDialog *dialog,
             const char       *response,
             const char       *key)
{
  g_autoptr(GPtrArray) waiters = NULL;
  FerryCertificateAnswer answer = FERRY_CERTIFICATE_REJECT;

  if (g_strcmp0 (response, "once") == 0)
    answer = FERRY_CERTIFICATE_ACCEPT_ONCE;
  else if (g_strcmp0 (response, "always") == 0)
    answer = FERRY_CERTIFICATE_ACCEPT_ALWAYS;
  if (answer != FERRY_CERTIFICATE_REJECT)
    g_hash_table_add (accepted_once, g_strdup (key));
  if (!g_hash_table_steal_extended (asking, key, NULL, (gpointer *) &waiters))
    return;
  for (guint i = 0; i < waiters->len; i++)
    {
      Waiter *waiter = g_ptr_array_index (waiters, i);

      waiter->answer_func (answer, waiter->user_data);
    }
}

/* Closed without an answer (its parent went): refused, so that nobody
 * waits for a dialog that is not there. */
static void
dialog_gone (gpointer  key,
             GClosure *closure)
{
  response_cb (NULL, "reject", key);
  g_free (key);
}

static void
add_waiter (GPtrArray                  *waiters,
            FerryCertificateAnswerFunc  answer_func,
            gpointer                    user_data,
            GDestroyNotify              destroy)
{
  Waiter *waiter = g_new0 (Waiter, 1);

  waiter->answer_func = answer_func;
  waiter->user_data = user_data;
  waiter->destroy = destroy;
  g_ptr_array_add (waiters, waiter);
}

void
ferry_certificate_dialog_ask (GtkWindow                  *parent,
                              GTlsCertificate            *cert,
                              GTlsCertificateFlags        errors,
                              const char                 *host,
                              gboolean                    changed,
                              FerryCertificateAnswerFunc  answer_func,
                              gpointer                    user_data,
                              GDestroyNotify              destroy)
{
  g_autofree char *fingerprint = ferry_tls_certificate_fingerprint (cert);
  g_autofree char *key = g_strdup_printf ("%s %s", host, fingerprint);
  AdwMessageDialog *dialog;
  GPtrArray *waiters;

  g_return_if_fail (answer_func != NULL);

  if (accepted_once == NULL)
    accepted_once = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (asking == NULL)
    asking = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                    (GDestroyNotify) g_ptr_array_unref);
  /* Accepted already (by the browsing connection, say): the same
   * certificate is not asked about twice. */
  if (g_hash_table_contains (accepted_once, key))
    {
      answer_func (FERRY_CERTIFICATE_ACCEPT_ONCE, user_data);
      if (destroy != NULL)
        destroy (user_data);
      return;
    }
  waiters = g_hash_table_lookup (asking, key);
  if (waiters != NULL)
    {
      add_waiter (waiters, answer_func, user_data, destroy);
      return;
    }

  waiters = g_ptr_array_new_with_free_func ((GDestroyNotify) waiter_free);
  add_waiter (waiters, answer_func, user_data, destroy);
  g_hash_table_insert (asking, g_strdup (key), waiters);

  dialog = ferry_certificate_dialog_new (parent, cert, errors, host, changed);
  g_signal_connect_data (dialog, "response", G_CALLBACK (response_cb), g_steal_pointer (&key),
                         dialog_gone, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}
