/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Transfer commands beyond RETR/STOR: LIST/MLSD (parsed as they arrive),
 * NLST, APPE, STOU and the TYPE A (line-end converting) variants of
 * downloads and uploads.  They share ferry-session.c's transfer steps
 * (begin, finish, abort).
 */
#include "config.h"

#include <string.h>

#include "ferry-ascii-converter.h"
#include "ferry-session-private.h"

static gboolean
refuse_ascii_offset (guint64   offset,
                     GError  **error)
{
  if (offset == 0)
    return TRUE;
  /* Local and remote byte counts differ once line ends are converted, so
   * no offset means the same place on both sides. */
  g_set_error_literal (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_BAD_ARGUMENT,
                       "Cannot resume a transfer in ASCII mode (TYPE A)");
  return FALSE;
}

gboolean
ferry_session_download_ascii (FerrySession       *self,
                              const char         *remote_path,
                              GOutputStream      *out,
                              guint64             offset,
                              FerryProgressFunc   progress,
                              gpointer            progress_data,
                              guint64            *bytes_out,
                              GCancellable       *cancellable,
                              GError            **error)
{
  g_autoptr(FerryAsciiConverter) converter = NULL;
  g_autoptr(GOutputStream) converted = NULL;
  g_autoptr(FerryDataConnection) data = NULL;
  g_autofree char *command = NULL;
  FerryReply *final = NULL;
  guint64 done = 0;

  if (bytes_out != NULL)
    *bytes_out = 0;
  if (!refuse_ascii_offset (offset, error) ||
      !ferry_session_argument_is_safe (remote_path, error))
    return FALSE;

  command = g_strdup_printf ("RETR %s", remote_path);
  data = ferry_session_transfer_begin (self, command, 0, &final, cancellable, error);
  if (data == NULL && final == NULL)
    return FALSE;

  converter = ferry_ascii_converter_new (FERRY_ASCII_TO_LOCAL);
  converted = g_converter_output_stream_new (out, G_CONVERTER (converter));
  /* The caller owns @out and closes it. */
  g_filter_output_stream_set_close_base_stream (G_FILTER_OUTPUT_STREAM (converted), FALSE);

  if (progress != NULL)
    progress (0, -1, progress_data);
  if (data != NULL)
    {
      /* The size on the wire is not the local one: no size to check. */
      if (!ferry_data_connection_download (data, converted, 0, -1, progress, progress_data,
                                           &done, cancellable, error) ||
          !g_output_stream_close (converted, cancellable, error))
        {
          if (bytes_out != NULL)
            *bytes_out = done;
          g_clear_pointer (&final, ferry_reply_free);
          ferry_session_transfer_abort (self, g_steal_pointer (&data));
          return FALSE;
        }
      g_clear_pointer (&data, ferry_data_connection_free);
    }
  if (bytes_out != NULL)
    *bytes_out = done;
  return ferry_session_transfer_finish (self, final, cancellable, error);
}

gboolean
ferry_session_upload_verb (FerrySession       *self,
                           const char         *verb,
                           GInputStream       *in,
                           const char         *remote_path,
                           guint64             offset,
                           gint64              total,
                           FerryProgressFunc   progress,
                           gpointer            progress_data,
                           GCancellable       *cancellable,
                           GError            **error)
{
  g_autoptr(FerryAsciiConverter) converter = NULL;
  g_autoptr(GInputStream) converted = NULL;
  g_autoptr(FerryDataConnection) data = NULL;
  g_autofree char *command = NULL;
  FerryReply *final = NULL;
  guint64 done = 0;

  if (self->ascii && !refuse_ascii_offset (offset, error))
    return FALSE;

  /* ALLO first when the size is known (RFC 959): most servers answer
   * 202 "superfluous", and one that does not know it is fine too; only a
   * dead connection matters. */
  if (total >= 0 && !self->ascii)
    {
      g_autofree char *allo = g_strdup_printf ("ALLO %" G_GINT64_FORMAT, total);
      g_autoptr(FerryReply) reply = ferry_session_command (self, allo, cancellable, error);
      if (reply == NULL)
        return FALSE;
    }

  command = remote_path != NULL && remote_path[0] != '\0'
            ? g_strdup_printf ("%s %s", verb, remote_path)
            : g_strdup (verb);
  data = ferry_session_transfer_begin (self, command, offset, &final, cancellable, error);
  if (data == NULL)
    {
      if (final != NULL)
        {
          g_set_error (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_PROTOCOL,
                       "The server ended the upload before it started: %s", final->message);
          ferry_reply_free (final);
        }
      return FALSE;
    }

  if (self->ascii)
    {
      converter = ferry_ascii_converter_new (FERRY_ASCII_TO_NETWORK);
      converted = g_converter_input_stream_new (in, G_CONVERTER (converter));
      g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (converted), FALSE);
      in = converted;
      total = -1;
    }

  if (progress != NULL)
    progress (offset, total, progress_data);
  if (!ferry_data_connection_upload (data, in, offset, total, progress, progress_data,
                                     &done, cancellable, error) ||
      !ferry_data_connection_finish_upload (data, cancellable, error))
    {
      ferry_session_transfer_abort (self, g_steal_pointer (&data));
      return FALSE;
    }
  g_clear_pointer (&data, ferry_data_connection_free);
  return ferry_session_transfer_finish (self, NULL, cancellable, error);
}

gboolean
ferry_session_append (FerrySession       *self,
                      GInputStream       *in,
                      const char         *remote_path,
                      gint64              total,
                      FerryProgressFunc   progress,
                      gpointer            progress_data,
                      GCancellable       *cancellable,
                      GError            **error)
{
  g_return_val_if_fail (FERRY_IS_SESSION (self), FALSE);
  g_return_val_if_fail (G_IS_INPUT_STREAM (in) && remote_path != NULL, FALSE);

  return ferry_session_upload_verb (self, "APPE", in, remote_path, 0, total,
                                    progress, progress_data, cancellable, error);
}

/* ---- STOU ------------------------------------------------------------- */

typedef struct
{
  FerryLogFunc  func;
  gpointer      data;
  GString      *replies;
} ReplyCapture;

static void
capture_log (FerryLogKind  kind,
             guint         code,
             const char   *text,
             gpointer      user_data)
{
  ReplyCapture *capture = user_data;

  if (kind == FERRY_LOG_REPLY && (code / 100 == 1 || code / 100 == 2))
    g_string_append_printf (capture->replies, "%s\n", text);
  if (capture->func != NULL)
    capture->func (kind, code, text, capture->data);
}

/* The unique name from STOU's replies.  RFC 1123 4.1.2.9 asks for
 * "150 FILE: pppp" (vsftpd, proftpd, pyftpdlib, pure-ftpd); others say
 * "... unique file name:pppp" or "... as pppp". */
static char *
parse_unique_name (const char *replies)
{
  static const char *const markers[] = { "FILE: ", "file name:", "file name: ", " as " };
  g_auto(GStrv) lines = g_strsplit (replies, "\n", -1);

  for (guint m = 0; m < G_N_ELEMENTS (markers); m++)
    for (guint i = 0; lines[i] != NULL; i++)
      {
        const char *at = strstr (lines[i], markers[m]);
        g_autofree char *name = NULL;
        char *end;

        if (at == NULL)
          continue;
        name = g_strdup (at + strlen (markers[m]));
        g_strstrip (name);
        /* "… as “x”", "(unique file name: x)", "x." */
        end = name + strlen (name);
        while (end > name && strchr (")\".'", end[-1]) != NULL)
          *--end = '\0';
        {
          const char *start = name;
          while (*start == '"' || *start == '\'')
            start++;
          if (*start != '\0')
            return g_strdup (start);
        }
      }
  return g_strdup ("");
}

char *
ferry_session_upload_unique (FerrySession       *self,
                             GInputStream       *in,
                             const char         *hint,
                             gint64              total,
                             FerryProgressFunc   progress,
                             gpointer            progress_data,
                             GCancellable       *cancellable,
                             GError            **error)
{
  ReplyCapture capture;
  gboolean ok;

  g_return_val_if_fail (FERRY_IS_SESSION (self), NULL);
  g_return_val_if_fail (G_IS_INPUT_STREAM (in), NULL);

  /* The name comes in the 150 that the transfer steps read themselves:
   * listen to the replies as the log does. */
  capture.func = self->log_func;
  capture.data = self->log_data;
  capture.replies = g_string_new (NULL);
  self->log_func = capture_log;
  self->log_data = &capture;
  ok = ferry_session_upload_verb (self, "STOU", in, hint, 0, total,
                                  progress, progress_data, cancellable, error);
  self->log_func = capture.func;
  self->log_data = capture.data;

  if (!ok)
    {
      g_string_free (capture.replies, TRUE);
      return NULL;
    }
  {
    char *name = parse_unique_name (capture.replies->str);
    g_string_free (capture.replies, TRUE);
    return name;
  }
}

/* ---- LIST / MLSD ------------------------------------------------------- */

/* Bytes per read: large enough that a 100k-entry listing takes few
 * system calls, small enough that the first batch comes at once. */
#define LIST_READ_SIZE (128 * 1024)

void
ferry_session_set_max_entries (FerrySession *self,
                               guint64       max_entries)
{
  g_return_if_fail (FERRY_IS_SESSION (self));

  self->max_entries = max_entries;
}

guint64
ferry_session_get_max_entries (FerrySession *self)
{
  g_return_val_if_fail (FERRY_IS_SESSION (self), 0);

  return self->max_entries != 0 ? self->max_entries : FERRY_SESSION_DEFAULT_MAX_ENTRIES;
}

/* The SYST reply, asked once per session before its first listing (the
 * dialect of some lines depends on it); "" when the server has none. */
static const char *
listing_system (FerrySession  *self,
                GCancellable  *cancellable,
                GError       **error)
{
  static GQuark quark;
  const char *cached;
  g_autoptr(GError) local_error = NULL;
  char *syst;

  if (quark == 0)
    quark = g_quark_from_static_string ("ferry-session-listing-syst");
  if ((cached = g_object_get_qdata (G_OBJECT (self), quark)) != NULL)
    return cached;
  syst = ferry_session_syst (self, cancellable, &local_error);
  if (syst == NULL)
    {
      /* A refusal (500, 502) is an answer; a lost connection is not. */
      if (local_error->domain != FERRY_FTP_ERROR ||
          local_error->code < 400 || local_error->code >= 600)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      syst = g_strdup ("");
    }
  g_object_set_qdata_full (G_OBJECT (self), quark, syst, g_free);
  return syst;
}

typedef struct
{
  FerryListBatchFunc  func;
  gpointer            data;
  GPtrArray          *batch;
  guint64             handed_out;
} Batcher;

static GPtrArray *
new_batch (void)
{
  return g_ptr_array_new_full (FERRY_SESSION_LIST_BATCH + 1024, (GDestroyNotify) ferry_list_entry_free);
}

static void
hand_out (Batcher *b)
{
  if (b->batch->len == 0)
    return;
  b->handed_out += b->batch->len;
  b->func (g_steal_pointer (&b->batch), b->data);
  b->batch = new_batch ();
}

/* Reads and parses the data connection to its end. */
static gboolean
stream_entries (FerrySession         *self,
                FerryDataConnection  *data,
                FerryListingParser   *parser,
                Batcher              *b,
                GCancellable         *cancellable,
                GError              **error)
{
  g_autofree char *buf = g_malloc (LIST_READ_SIZE);
  guint64 limit = ferry_session_get_max_entries (self);

  for (;;)
    {
      gssize n = ferry_data_connection_read (data, buf, LIST_READ_SIZE, cancellable, error);

      if (n < 0)
        return FALSE;
      if (n == 0)
        return TRUE;
      ferry_listing_parser_feed (parser, buf, n, b->batch);
      if (b->handed_out + b->batch->len > limit)
        {
          g_set_error (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_TOO_LARGE,
                       "The listing has more than %" G_GUINT64_FORMAT " entries", limit);
          return FALSE;
        }
      /* The first entries at once, then in batches. */
      if (b->handed_out == 0 || b->batch->len >= FERRY_SESSION_LIST_BATCH)
        hand_out (b);
    }
}

gboolean
ferry_session_list_stream (FerrySession          *self,
                           const char            *path,
                           FerryListBatchFunc     batch_func,
                           FerryListingDropFunc   drop_func,
                           gpointer               user_data,
                           guint64               *n_entries_out,
                           GCancellable          *cancellable,
                           GError               **error)
{
  g_autoptr(FerryDataConnection) data = NULL;
  g_autoptr(FerryListingParser) parser = NULL;
  g_autofree char *command = NULL;
  FerryReply *final = NULL;
  Batcher b = { batch_func, user_data, NULL, 0 };
  const char *syst = NULL;
  gboolean mlsd, ok = FALSE;

  if (n_entries_out != NULL)
    *n_entries_out = 0;
  g_return_val_if_fail (FERRY_IS_SESSION (self) && batch_func != NULL, FALSE);
  if (!ferry_session_check_open (self, error))
    return FALSE;

  /* RFC 3659: a server that lists MLST in FEAT also has MLSD. */
  mlsd = ferry_session_has_feature (self, "MLSD") || ferry_session_has_feature (self, "MLST");
  if (!mlsd && (syst = listing_system (self, cancellable, error)) == NULL)
    return FALSE;
  command = path != NULL && path[0] != '\0'
            ? g_strdup_printf ("%s %s", mlsd ? "MLSD" : "LIST", path)
            : g_strdup (mlsd ? "MLSD" : "LIST");

  data = ferry_session_transfer_begin (self, command, 0, &final, cancellable, error);
  if (data == NULL && final == NULL)
    return FALSE;

  parser = ferry_listing_parser_new (mlsd, NULL);
  ferry_listing_parser_set_system (parser, syst);
  ferry_listing_parser_set_drop_func (parser, drop_func, user_data);
  b.batch = new_batch ();
  if (data != NULL)
    {
      if (!stream_entries (self, data, parser, &b, cancellable, error))
        {
          g_clear_pointer (&final, ferry_reply_free);
          ferry_session_transfer_abort (self, g_steal_pointer (&data));
          goto out;
        }
      g_clear_pointer (&data, ferry_data_connection_free);
    }
  ferry_listing_parser_finish (parser, b.batch);
  if (!ferry_session_transfer_finish (self, final, cancellable, error))
    goto out;
  hand_out (&b);
  ok = TRUE;

out:
  g_ptr_array_unref (b.batch);
  if (n_entries_out != NULL)
    *n_entries_out = b.handed_out;
  return ok;
}

static void
collect_batch (GPtrArray *batch,
               gpointer   user_data)
{
  GPtrArray **all = user_data;

  if (all[0] == NULL)
    all[0] = batch;
  else
    {
      g_ptr_array_extend_and_steal (all[0], batch);
    }
}

static void
collect_drop (const FerryListingDrop *drop,
              gpointer                user_data)
{
  GPtrArray **all = user_data;

  if (all[1] != NULL)
    g_ptr_array_add (all[1], ferry_listing_drop_copy (drop));
}

GPtrArray *
ferry_session_list_full (FerrySession  *self,
                         const char    *path,
                         GPtrArray    **dropped,
                         GCancellable  *cancellable,
                         GError       **error)
{
  /* [0] the entries, [1] the drops */
  GPtrArray *all[2] = { NULL, NULL };

  if (dropped != NULL)
    all[1] = *dropped = g_ptr_array_new_with_free_func ((GDestroyNotify) ferry_listing_drop_free);
  if (!ferry_session_list_stream (self, path, collect_batch, collect_drop, all,
                                  NULL, cancellable, error))
    {
      g_clear_pointer (&all[0], g_ptr_array_unref);
      return NULL;
    }
  return all[0] != NULL ? all[0]
                        : g_ptr_array_new_with_free_func ((GDestroyNotify) ferry_list_entry_free);
}

GPtrArray *
ferry_session_list (FerrySession  *self,
                    const char    *path,
                    GCancellable  *cancellable,
                    GError       **error)
{
  return ferry_session_list_full (self, path, NULL, cancellable, error);
}

/* ---- NLST ------------------------------------------------------------- */

GBytes *
ferry_session_list_raw (FerrySession  *self,
                        const char    *command,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autoptr(FerryDataConnection) data = NULL;
  g_autoptr(GBytes) bytes = NULL;
  FerryReply *final = NULL;

  g_return_val_if_fail (FERRY_IS_SESSION (self) && command != NULL, NULL);
  if (!ferry_session_check_open (self, error))
    return NULL;

  data = ferry_session_transfer_begin (self, command, 0, &final, cancellable, error);
  if (data == NULL && final == NULL)
    return NULL;
  if (data != NULL)
    {
      bytes = ferry_data_connection_read_all (data, FERRY_SESSION_MAX_LISTING, cancellable, error);
      if (bytes == NULL)
        {
          g_clear_pointer (&final, ferry_reply_free);
          ferry_session_transfer_abort (self, g_steal_pointer (&data));
          return NULL;
        }
      g_clear_pointer (&data, ferry_data_connection_free);
    }
  if (!ferry_session_transfer_finish (self, final, cancellable, error))
    return NULL;
  return bytes != NULL ? g_steal_pointer (&bytes) : g_bytes_new (NULL, 0);
}

char **
ferry_session_nlst (FerrySession  *self,
                    const char    *path,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autofree char *command = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_auto(GStrv) lines = NULL;

  g_return_val_if_fail (FERRY_IS_SESSION (self), NULL);

  /* An empty folder may be "550 No files found" (proftpd, vsftpd) or
   * "226" with no data: the first stays an error, as the caller could not
   * tell it from a missing folder otherwise. */
  command = path != NULL && path[0] != '\0' ? g_strdup_printf ("NLST %s", path)
                                            : g_strdup ("NLST");
  bytes = ferry_session_list_raw (self, command, cancellable, error);
  if (bytes == NULL)
    return NULL;

  names = g_ptr_array_new_with_free_func (g_free);
  if (bytes != NULL)
    {
      g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      lines = g_strsplit (text, "\n", -1);
      for (guint i = 0; lines[i] != NULL; i++)
        {
          char *line = lines[i];
          gsize len = strlen (line);

          if (len > 0 && line[len - 1] == '\r')
            line[--len] = '\0';
          if (len == 0)
            continue;
          /* proftpd and pure-ftpd list "." and ".." when asked for
           * hidden files; they are not names in the folder. */
          {
            const char *base = strrchr (line, '/');
            base = base != NULL ? base + 1 : line;
            if (g_str_equal (base, ".") || g_str_equal (base, ".."))
              continue;
          }
          g_ptr_array_add (names, g_strdup (line));
        }
    }
  g_ptr_array_add (names, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&names), FALSE);
}
