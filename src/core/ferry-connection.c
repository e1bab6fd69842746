/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ferry-connection.h"
#include "ferry-path.h"

struct _FerryConnection
{
  GObject             parent_instance;

  FerrySite          *site;
  FerryInteraction   *interaction;
  FerryWorker        *worker;
  FerryTransferQueue *queue;        /* NULL until asked for */
  GCancellable       *cancellable;  /* cancelled by dispose: every operation's */
};

G_DEFINE_FINAL_TYPE (FerryConnection, ferry_connection, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SITE,
  PROP_INTERACTION,
  PROP_STATE,
  PROP_CWD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---------------------------------------------------------------------- */
/* Operations                                                               */

static void
cancel_too (GCancellable *cancellable,
            GCancellable *other)
{
  g_cancellable_cancel (other);
}

/* The operation's own cancellable follows both the caller's (any
 * thread) and the connection's (dispose). */
static GCancellable *
op_cancellable (FerryConnection *self,
                GCancellable    *cancellable,
                GTask           *task)
{
  GCancellable *op = g_cancellable_new ();

  if (cancellable != NULL)
    g_object_set_data_full (G_OBJECT (task), "ferry-caller-handler",
                            GSIZE_TO_POINTER (g_cancellable_connect (cancellable, G_CALLBACK (cancel_too),
                                                                     g_object_ref (op), g_object_unref)),
                            NULL);
  g_signal_connect_object (self->cancellable, "cancelled", G_CALLBACK (g_cancellable_cancel), op,
                           G_CONNECT_SWAPPED);
  g_task_set_task_data (task, op, g_object_unref);
  return op;
}

static GTask *
op_new (FerryConnection     *self,
        GCancellable        *cancellable,
        GAsyncReadyCallback  callback,
        gpointer             user_data,
        gpointer             source_tag)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  op_cancellable (self, cancellable, task);
  return task;
}

static GCancellable *
op_get_cancellable (GTask *task)
{
  return g_task_get_task_data (task);
}

static void
op_done (GTask  *task,
         GError *error)
{
  GCancellable *caller = g_task_get_cancellable (task);
  gulong handler = (gulong) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (task), "ferry-caller-handler"));
  FerryConnection *self = g_task_get_source_object (task);

  if (handler != 0)
    g_cancellable_disconnect (caller, handler);
  g_signal_handlers_disconnect_by_data (self->cancellable, op_get_cancellable (task));
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* A worker job's end is the operation's. */
static void
job_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  g_autoptr(GTask) task = data;
  GError *error = NULL;

  ferry_worker_job_finish (FERRY_WORKER (source), result, &error);
  op_done (task, error);
}

static gboolean
op_finish (FerryConnection  *self,
           GAsyncResult     *result,
           gpointer          source_tag,
           GError          **error)
{
  g_return_val_if_fail (FERRY_IS_CONNECTION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
ferry_connection_connect_async (FerryConnection     *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (FERRY_IS_CONNECTION (self));
  task = op_new (self, cancellable, callback, user_data, ferry_connection_connect_async);
  ferry_worker_connect_async (self->worker, op_get_cancellable (task), job_done_cb, task);
}

gboolean
ferry_connection_connect_finish (FerryConnection  *self,
                                 GAsyncResult     *result,
                                 GError          **error)
{
  return op_finish (self, result, ferry_connection_connect_async, error);
}

static void
list_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(GTask) task = data;
  GError *error = NULL;
  char *path = NULL;
  GPtrArray *entries = ferry_worker_list_finish (FERRY_WORKER (source), result, &path, &error);

  if (entries != NULL)
    {
      g_object_set_data_full (G_OBJECT (task), "ferry-entries", entries, (GDestroyNotify) g_ptr_array_unref);
      g_object_set_data_full (G_OBJECT (task), "ferry-path", path, g_free);
    }
  op_done (task, error);
}

void
ferry_connection_list_stream_async (FerryConnection      *self,
                                    const char           *path,
                                    FerryWorkerBatchFunc  batch_func,
                                    gpointer              batch_data,
                                    GCancellable         *cancellable,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data)
{
  GTask *task;

  g_return_if_fail (FERRY_IS_CONNECTION (self));
  task = op_new (self, cancellable, callback, user_data, ferry_connection_list_async);
  ferry_worker_list_stream_async (self->worker, path, batch_func, batch_data, op_get_cancellable (task),
                                  list_done_cb, task);
}

void
ferry_connection_list_async (FerryConnection     *self,
                             const char          *path,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  ferry_connection_list_stream_async (self, path, NULL, NULL, cancellable, callback, user_data);
}

GPtrArray *
ferry_connection_list_finish (FerryConnection  *self,
                              GAsyncResult     *result,
                              char            **path_out,
                              GError          **error)
{
  if (!op_finish (self, result, ferry_connection_list_async, error))
    return NULL;
  if (path_out != NULL)
    *path_out = g_object_steal_data (G_OBJECT (result), "ferry-path");
  return g_object_steal_data (G_OBJECT (result), "ferry-entries");
}

void
ferry_connection_mkdir_async (FerryConnection     *self,
                              const char          *path,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (FERRY_IS_CONNECTION (self));
  task = op_new (self, cancellable, callback, user_data, ferry_connection_mkdir_async);
  ferry_worker_mkdir_async (self->worker, path, op_get_cancellable (task), job_done_cb, task);
}

gboolean
ferry_connection_mkdir_finish (FerryConnection  *self,
                               GAsyncResult     *result,
                               GError          **error)
{
  return op_finish (self, result, ferry_connection_mkdir_async, error);
}

void
ferry_connection_rename_async (FerryConnection     *self,
                               const char          *from,
                               const char          *to,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (FERRY_IS_CONNECTION (self));
  task = op_new (self, cancellable, callback, user_data, ferry_connection_rename_async);
  ferry_worker_rename_async (self->worker, from, to, op_get_cancellable (task), job_done_cb, task);
}

gboolean
ferry_connection_rename_finish (FerryConnection  *self,
                                GAsyncResult     *result,
                                GError          **error)
{
  return op_finish (self, result, ferry_connection_rename_async, error);
}

void
ferry_connection_chmod_async (FerryConnection     *self,
                              const char          *path,
                              guint                mode,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autofree char *command = NULL;
  GTask *task;

  g_return_if_fail (FERRY_IS_CONNECTION (self));
  g_return_if_fail (path != NULL);
  task = op_new (self, cancellable, callback, user_data, ferry_connection_chmod_async);
  command = g_strdup_printf ("SITE CHMOD %03o %s", mode & 07777, path);
  ferry_worker_raw_async (self->worker, command, op_get_cancellable (task), job_done_cb, task);
}

gboolean
ferry_connection_chmod_finish (FerryConnection  *self,
                               GAsyncResult     *result,
                               GError          **error)
{
  return op_finish (self, result, ferry_connection_chmod_async, error);
}

/* ---------------------------------------------------------------------- */
/* Recursive delete                                                         */

typedef struct
{
  char     *path;
  gboolean  listed;
} Frame;

typedef struct
{
  GPtrArray *stack;        /* Frame*: folders still to empty and remove */
  guint      outstanding;  /* worker jobs submitted, not finished */
  guint      deleted;
  GError    *error;
  gboolean   finished;
} DeleteJob;

static void
frame_free (gpointer data)
{
  Frame *frame = data;

  g_free (frame->path);
  g_free (frame);
}

static void
delete_job_free (gpointer data)
{
  DeleteJob *job = data;

  g_ptr_array_unref (job->stack);
  g_clear_error (&job->error);
  g_free (job);
}

static DeleteJob *
delete_job_of (GTask *task)
{
  return g_object_get_data (G_OBJECT (task), "ferry-delete-job");
}

static void delete_step (GTask *task);

static void
delete_maybe_done (GTask *task)
{
  DeleteJob *job = delete_job_of (task);

  if (job->finished || job->outstanding > 0 || (job->stack->len > 0 && job->error == NULL))
    return;
  job->finished = TRUE;
  op_done (task, job->error != NULL ? g_error_copy (job->error) : NULL);
}

static void
delete_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  g_autoptr(GTask) task = data;
  DeleteJob *job = delete_job_of (task);
  g_autoptr(GError) error = NULL;

  job->outstanding--;
  if (ferry_worker_job_finish (FERRY_WORKER (source), result, &error))
    job->deleted++;
  else if (job->error == NULL)
    job->error = g_steal_pointer (&error);
  delete_maybe_done (task);
}

static void
delete_submit (GTask      *task,
               const char *path,
               gboolean    is_dir)
{
  FerryConnection *self = g_task_get_source_object (task);

  delete_job_of (task)->outstanding++;
  ferry_worker_delete_async (self->worker, path, is_dir, op_get_cancellable (task),
                             delete_done_cb, g_object_ref (task));
}

static void
delete_listed_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  g_autoptr(GTask) task = data;
  DeleteJob *job = delete_job_of (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = ferry_worker_list_finish (FERRY_WORKER (source), result, NULL, &error);
  Frame *frame = job->stack->len > 0 ? g_ptr_array_index (job->stack, job->stack->len - 1) : NULL;
  g_autofree char *parent = frame != NULL ? g_strdup (frame->path) : NULL;

  job->outstanding--;
  if (entries == NULL)
    {
      if (job->error == NULL)
        job->error = g_steal_pointer (&error);
      delete_maybe_done (task);
      return;
    }

  frame->listed = TRUE;
  for (guint i = 0; i < entries->len; i++)
    {
      const FerryListEntry *entry = g_ptr_array_index (entries, i);
      g_autofree char *child = ferry_path_remote_join (parent, entry->name);

      /* Links are removed, never followed. */
      if (entry->type == FERRY_ENTRY_DIR)
        {
          Frame *sub = g_new0 (Frame, 1);

          sub->path = g_steal_pointer (&child);
          g_ptr_array_add (job->stack, sub);
        }
      else
        delete_submit (task, child, FALSE);
    }
  delete_step (task);
  delete_maybe_done (task);
}

/* Depth first: the top folder is listed, its files queued for DELE and
 * its folders pushed above it; it is removed once nothing is above it.
 * The worker runs jobs in order, so every DELE precedes the RMD after. */
static void
delete_step (GTask *task)
{
  FerryConnection *self = g_task_get_source_object (task);
  DeleteJob *job = delete_job_of (task);

  while (job->stack->len > 0 && job->error == NULL)
    {
      Frame *top = g_ptr_array_index (job->stack, job->stack->len - 1);

      if (!top->listed)
        {
          job->outstanding++;
          ferry_worker_list_async (self->worker, top->path, op_get_cancellable (task),
                                   delete_listed_cb, g_object_ref (task));
          return;
        }
      delete_submit (task, top->path, TRUE);
      g_ptr_array_set_size (job->stack, job->stack->len - 1);
    }
}

void
ferry_connection_delete_async (FerryConnection     *self,
                               const char * const  *files,
                               const char * const  *folders,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  DeleteJob *job;

  g_return_if_fail (FERRY_IS_CONNECTION (self));

  task = op_new (self, cancellable, callback, user_data, ferry_connection_delete_async);
  job = g_new0 (DeleteJob, 1);
  job->stack = g_ptr_array_new_with_free_func (frame_free);
  g_object_set_data_full (G_OBJECT (task), "ferry-delete-job", job, delete_job_free);

  /* Pushed in reverse so that the first folder is emptied first. */
  for (guint i = folders != NULL ? g_strv_length ((char **) folders) : 0; i > 0; i--)
    {
      Frame *frame = g_new0 (Frame, 1);

      frame->path = g_strdup (folders[i - 1]);
      g_ptr_array_add (job->stack, frame);
    }
  for (guint i = 0; files != NULL && files[i] != NULL; i++)
    delete_submit (task, files[i], FALSE);
  delete_step (task);
  delete_maybe_done (task);
}

gboolean
ferry_connection_delete_finish (FerryConnection  *self,
                                GAsyncResult     *result,
                                guint            *n_deleted,
                                GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (n_deleted != NULL)
    *n_deleted = delete_job_of (G_TASK (result))->deleted;
  return op_finish (self, result, ferry_connection_delete_async, error);
}

/* ---------------------------------------------------------------------- */
/* GObject                                                                  */

static void
worker_notify_cb (FerryConnection *self,
                  GParamSpec      *pspec)
{
  if (g_str_equal (pspec->name, "state"))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  else if (g_str_equal (pspec->name, "cwd"))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CWD]);
}

static void
ferry_connection_constructed (GObject *object)
{
  FerryConnection *self = FERRY_CONNECTION (object);

  G_OBJECT_CLASS (ferry_connection_parent_class)->constructed (object);

  g_assert (self->site != NULL);
  if (self->interaction == NULL)
    self->interaction = ferry_interaction_new ();
  self->worker = ferry_worker_new (self->site);
  ferry_worker_set_interaction (self->worker, self->interaction);
  g_signal_connect_object (self->worker, "notify", G_CALLBACK (worker_notify_cb), self, G_CONNECT_SWAPPED);
}

static void
ferry_connection_dispose (GObject *object)
{
  FerryConnection *self = FERRY_CONNECTION (object);

  g_cancellable_cancel (self->cancellable);
  if (self->queue != NULL)
    ferry_transfer_queue_cancel_all (self->queue);
  g_clear_object (&self->queue);
  g_clear_object (&self->worker);
  G_OBJECT_CLASS (ferry_connection_parent_class)->dispose (object);
}

static void
ferry_connection_finalize (GObject *object)
{
  FerryConnection *self = FERRY_CONNECTION (object);

  g_clear_pointer (&self->site, ferry_site_free);
  g_clear_object (&self->interaction);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (ferry_connection_parent_class)->finalize (object);
}

static void
ferry_connection_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  FerryConnection *self = FERRY_CONNECTION (object);

  switch (prop_id)
    {
    case PROP_SITE:
      g_value_set_boxed (value, self->site);
      break;
    case PROP_INTERACTION:
      g_value_set_object (value, self->interaction);
      break;
    case PROP_STATE:
      g_value_set_enum (value, ferry_connection_get_state (self));
      break;
    case PROP_CWD:
      g_value_set_string (value, ferry_connection_get_cwd (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_connection_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  FerryConnection *self = FERRY_CONNECTION (object);

  switch (prop_id)
    {
    case PROP_SITE:
      self->site = g_value_dup_boxed (value);
      break;
    case PROP_INTERACTION:
      self->interaction = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_connection_class_init (FerryConnectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = ferry_connection_constructed;
  object_class->dispose = ferry_connection_dispose;
  object_class->finalize = ferry_connection_finalize;
  object_class->get_property = ferry_connection_get_property;
  object_class->set_property = ferry_connection_set_property;

  properties[PROP_SITE] =
    g_param_spec_boxed ("site", NULL, NULL, FERRY_TYPE_SITE,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_INTERACTION] =
    g_param_spec_object ("interaction", NULL, NULL, FERRY_TYPE_INTERACTION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, FERRY_TYPE_WORKER_STATE, FERRY_WORKER_DISCONNECTED,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CWD] =
    g_param_spec_string ("cwd", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ferry_connection_init (FerryConnection *self)
{
  self->cancellable = g_cancellable_new ();
}

FerryConnection *
ferry_connection_new (const FerrySite  *site,
                      FerryInteraction *interaction)
{
  g_return_val_if_fail (site != NULL, NULL);
  g_return_val_if_fail (interaction == NULL || FERRY_IS_INTERACTION (interaction), NULL);

  return g_object_new (FERRY_TYPE_CONNECTION, "site", site, "interaction", interaction, NULL);
}

const FerrySite *
ferry_connection_get_site (FerryConnection *self)
{
  g_return_val_if_fail (FERRY_IS_CONNECTION (self), NULL);
  return self->site;
}

FerryInteraction *
ferry_connection_get_interaction (FerryConnection *self)
{
  g_return_val_if_fail (FERRY_IS_CONNECTION (self), NULL);
  return self->interaction;
}

FerryWorker *
ferry_connection_get_worker (FerryConnection *self)
{
  g_return_val_if_fail (FERRY_IS_CONNECTION (self), NULL);
  return self->worker;
}

FerryTransferQueue *
ferry_connection_get_queue (FerryConnection *self)
{
  g_return_val_if_fail (FERRY_IS_CONNECTION (self), NULL);

  if (self->queue == NULL)
    {
      self->queue = ferry_transfer_queue_new (self->site);
      ferry_transfer_queue_set_interaction (self->queue, self->interaction);
    }
  return self->queue;
}

FerryWorkerState
ferry_connection_get_state (FerryConnection *self)
{
  g_return_val_if_fail (FERRY_IS_CONNECTION (self), FERRY_WORKER_DISCONNECTED);
  return self->worker != NULL ? ferry_worker_get_state (self->worker) : FERRY_WORKER_DISCONNECTED;
}

const char *
ferry_connection_get_cwd (FerryConnection *self)
{
  g_return_val_if_fail (FERRY_IS_CONNECTION (self), NULL);
  return self->worker != NULL ? ferry_worker_get_cwd (self->worker) : NULL;
}
