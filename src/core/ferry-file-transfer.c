/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <gio/gunixinputstream.h>
#include <gio/gunixoutputstream.h>

#include "ferry-file-transfer.h"

static gboolean
set_local_error (GError     **error,
                 int          errsv,
                 const char  *what,
                 const char  *path)
{
  g_autofree char *display = g_filename_display_name (path);

  g_set_error (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_LOCAL,
               "%s “%s”: %s", what, display, g_strerror (errsv));
  return FALSE;
}

static gint64
stat_mtime (const struct stat *st)
{
  return (gint64) st->st_mtim.tv_sec;
}

/* The remote file's modification time (seconds since the epoch); FALSE
 * with FERRY_FTP_ERROR_EXISTS when the server cannot tell, since then we
 * cannot know whether replacing is wanted. */
static gboolean
remote_mtime_get (FerrySession  *session,
                  const char    *remote_path,
                  gint64        *mtime,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autoptr(GDateTime) remote = NULL;
  g_autoptr(GError) local_error = NULL;

  remote = ferry_session_mdtm (session, remote_path, cancellable, &local_error);
  if (remote == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_EXISTS,
                     "Cannot tell which file is newer: %s", local_error->message);
      return FALSE;
    }
  *mtime = g_date_time_to_unix (remote);
  return TRUE;
}

/* Which version of the remote file a .part holds: "SIZE MTIME" (-1 for
 * what the server did not say) in an extended attribute of the .part, so
 * that a later attempt, even after a restart, continues it only while
 * the server still has that version.  File systems without user xattrs
 * keep only the size check (part_for_size). */
#define PART_VERSION_XATTR "user.ferry.remote-version"

static void
part_version_format (char   *buf,
                     gsize   len,
                     gint64  size,
                     gint64  mtime)
{
  g_snprintf (buf, len, "%" G_GINT64_FORMAT " %" G_GINT64_FORMAT, size, mtime);
}

/* FALSE only when the .part says it holds another version. */
static gboolean
part_version_matches (int     fd,
                      gint64  size,
                      gint64  mtime)
{
  char stored[64], want[64];
  ssize_t n = fgetxattr (fd, PART_VERSION_XATTR, stored, sizeof stored - 1);

  if (n < 0)
    return TRUE;   /* not marked (older Ferry, another program, no xattrs) */
  stored[n] = '\0';
  part_version_format (want, sizeof want, size, mtime);
  return strcmp (stored, want) == 0;
}

/* Copies a shorter existing target into the .part file, so that resuming
 * it never modifies the target itself until the final rename. */
static gboolean
copy_into (int          dst,
           const char  *src_path,
           GError     **error)
{
  int src = open (src_path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  gboolean ok = TRUE;

  if (src < 0)
    return set_local_error (error, errno, "Cannot open", src_path);
  for (;;)
    {
      gssize n = copy_file_range (src, NULL, dst, NULL, 64 * 1024 * 1024, 0);
      if (n == 0)
        break;
      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          ok = set_local_error (error, errno, "Cannot copy", src_path);
          break;
        }
    }
  close (src);
  return ok;
}

void
ferry_transfer_options_init (FerryTransferOptions *options)
{
  memset (options, 0, sizeof *options);
  options->preserve_mtime = TRUE;
  options->known_size = -1;
  options->known_mtime = -1;
  options->part_for_size = -1;
}

/* The speed limit rides on the progress callback, which every copy loop
 * calls once per chunk: sleeping there slows the loop (and, through TCP,
 * the server) without a hook in each loop. */
typedef struct
{
  FerryThrottle     *throttle;
  GCancellable      *cancellable;
  FerryProgressFunc  progress;
  gpointer           progress_data;
  gboolean           started;
  guint64            last;
} Throttled;

static void
throttled_progress_cb (guint64   done,
                       gint64    total,
                       gpointer  user_data)
{
  Throttled *t = user_data;

  /* The first call reports where the transfer starts (a resume offset). */
  if (t->started && done > t->last)
    ferry_throttle_consume (t->throttle, done - t->last, t->cancellable);
  t->started = TRUE;
  t->last = done;
  if (t->progress != NULL)
    t->progress (done, total, t->progress_data);
}

static void
throttled_init (Throttled                  *t,
                const FerryTransferOptions *options,
                FerryProgressFunc          *progress,
                gpointer                   *progress_data,
                GCancellable               *cancellable)
{
  memset (t, 0, sizeof *t);
  if (options->throttle == NULL)
    return;
  t->throttle = options->throttle;
  t->cancellable = cancellable;
  t->progress = *progress;
  t->progress_data = *progress_data;
  *progress = throttled_progress_cb;
  *progress_data = t;
}

char *
ferry_file_transfer_part_path (const char *local_path)
{
  g_return_val_if_fail (local_path != NULL, NULL);
  return g_strconcat (local_path, ".part", NULL);
}

/* The .part's lock: a descriptor of its own (a dup of the writing one),
 * closed only after the rename, so that no second writer can take the
 * .part between our last write and the rename. */
typedef int PartLock;

static void
part_lock_release (PartLock fd)
{
  close (fd);
}

G_DEFINE_AUTO_CLEANUP_FREE_FUNC (PartLock, part_lock_release, -1)

/* Opens @part for writing, created if missing, truncated when @truncate,
 * and locked (flock, exclusive) until *lock is closed: one writer per
 * .part, also across Ferry processes.  A .part that another writer holds
 * is an error at once, never waited for nor shared.  An existing .part is
 * locked as it is, so that resuming keeps working. */
static int
open_part_locked (const char  *part,
                  gboolean     truncate,
                  PartLock    *lock,
                  GError     **error)
{
  /* A .part renamed into place by its writer between our open and our
   * lock is that writer's finished file: open the path again. */
  for (guint attempt = 0; attempt < 3; attempt++)
    {
      struct stat fd_st, path_st;
      int fd = open (part, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0666);

      if (fd < 0)
        return set_local_error (error, errno, "Cannot create", part), -1;
      if (fstat (fd, &fd_st) != 0 || !S_ISREG (fd_st.st_mode))
        {
          int errsv = S_ISREG (fd_st.st_mode) ? errno : EINVAL;

          close (fd);
          return set_local_error (error, errsv, "Cannot use", part), -1;
        }
      if (flock (fd, LOCK_EX | LOCK_NB) != 0)
        {
          int errsv = errno;
          g_autofree char *display = g_filename_display_name (part);

          close (fd);
          if (errsv == EWOULDBLOCK)
            g_set_error (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_LOCAL,
                         "“%s” is being written by another transfer", display);
          else
            set_local_error (error, errsv, "Cannot lock", part);
          return -1;
        }
      if (lstat (part, &path_st) != 0 || path_st.st_ino != fd_st.st_ino ||
          path_st.st_dev != fd_st.st_dev)
        {
          close (fd);
          continue;
        }
      if (truncate && ftruncate (fd, 0) != 0)
        {
          int errsv = errno;

          close (fd);
          return set_local_error (error, errsv, "Cannot truncate", part), -1;
        }
      *lock = dup (fd);
      if (*lock < 0)
        {
          int errsv = errno;

          close (fd);
          return set_local_error (error, errsv, "Cannot use", part), -1;
        }
      return fd;
    }
  return set_local_error (error, EAGAIN, "Cannot use", part), -1;
}

static gboolean
rename_into_place (const char      *part,
                   const char      *local_path,
                   FerryOverwrite   policy,
                   GError         **error)
{
  if (policy == FERRY_OVERWRITE_NEVER || policy == FERRY_OVERWRITE_ASK)
    {
      /* The target may have appeared while we downloaded: never replace it. */
      if (renameat2 (AT_FDCWD, part, AT_FDCWD, local_path, RENAME_NOREPLACE) == 0)
        return TRUE;
      if (errno == EEXIST)
        {
          g_autofree char *display = g_filename_display_name (local_path);
          g_set_error (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_EXISTS,
                       "“%s” already exists", display);
          return FALSE;
        }
      if (errno != EINVAL && errno != ENOSYS)
        return set_local_error (error, errno, "Cannot rename the download to", local_path);
      /* File systems without RENAME_NOREPLACE: check, then rename. */
      if (access (local_path, F_OK) == 0)
        {
          g_autofree char *display = g_filename_display_name (local_path);
          g_set_error (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_EXISTS,
                       "“%s” already exists", display);
          return FALSE;
        }
    }
  if (rename (part, local_path) != 0)
    return set_local_error (error, errno, "Cannot rename the download to", local_path);
  return TRUE;
}

gboolean
ferry_file_transfer_download (FerrySession       *session,
                              const char         *remote_path,
                              const char         *local_path,
                              FerryOverwrite      policy,
                              FerryProgressFunc   progress,
                              gpointer            progress_data,
                              GCancellable       *cancellable,
                              GError            **error)
{
  FerryTransferOptions options;

  ferry_transfer_options_init (&options);
  return ferry_file_transfer_download_full (session, remote_path, local_path, policy, &options,
                                            progress, progress_data, cancellable, error);
}

gboolean
ferry_file_transfer_download_full (FerrySession               *session,
                                   const char                 *remote_path,
                                   const char                 *local_path,
                                   FerryOverwrite              policy,
                                   const FerryTransferOptions *options,
                                   FerryProgressFunc           progress,
                                   gpointer                    progress_data,
                                   GCancellable               *cancellable,
                                   GError                    **error)
{
  Throttled throttled;
  g_autofree char *part = NULL;
  g_autoptr(GOutputStream) out = NULL;
  g_autoptr(GDateTime) remote_mtime = NULL;
  struct stat target_st, part_st;
  gboolean target_exists, resume;
  gint64 remote_size = -1;
  gint64 remote_time = options->known_mtime;
  guint64 offset = 0;
  guint64 received = 0;
  gboolean ok;
  char version[64];
  g_auto(PartLock) lock = -1;
  int fd;

  g_return_val_if_fail (FERRY_IS_SESSION (session), FALSE);
  g_return_val_if_fail (remote_path != NULL && local_path != NULL, FALSE);
  g_return_val_if_fail (options != NULL, FALSE);

  throttled_init (&throttled, options, &progress, &progress_data, cancellable);
  part = ferry_file_transfer_part_path (local_path);
  target_exists = lstat (local_path, &target_st) == 0;
  if (target_exists && S_ISDIR (target_st.st_mode))
    {
      g_autofree char *display = g_filename_display_name (local_path);
      g_set_error (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_EXISTS,
                   "“%s” is a folder", display);
      return FALSE;
    }

  if (target_exists)
    {
      switch (policy)
        {
        case FERRY_OVERWRITE_ASK:
        case FERRY_OVERWRITE_NEVER:
          {
            g_autofree char *display = g_filename_display_name (local_path);
            g_set_error (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_EXISTS,
                         "“%s” already exists", display);
            return FALSE;
          }
        case FERRY_OVERWRITE_NEWER:
          if (remote_time < 0 &&
              !remote_mtime_get (session, remote_path, &remote_time, cancellable, error))
            return FALSE;
          if (remote_time <= stat_mtime (&target_st))
            {
              g_autofree char *display = g_filename_display_name (local_path);
              g_set_error (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_EXISTS,
                           "“%s” is not older than the remote file; skipped", display);
              return FALSE;
            }
          break;
        case FERRY_OVERWRITE_ALWAYS:
        case FERRY_OVERWRITE_RESUME:
        default:
          break;
        }
    }

  if (options->known_size >= 0)
    remote_size = options->known_size;
  else if (ferry_session_has_feature (session, "SIZE"))
    {
      g_autoptr(GError) size_error = NULL;

      remote_size = ferry_session_size (session, remote_path, cancellable, &size_error);
      /* A missing file is reported by RETR below; only a dead connection
       * stops us here. */
      if (remote_size < 0 && !ferry_session_is_open (session))
        {
          g_propagate_error (error, g_steal_pointer (&size_error));
          return FALSE;
        }
    }

  if (policy == FERRY_OVERWRITE_RESUME && !options->continue_part && target_exists &&
      remote_size >= 0 && target_st.st_size == remote_size)
    return TRUE;   /* already complete */

  resume = policy == FERRY_OVERWRITE_RESUME || options->continue_part;

  /* The time is needed to keep it (preserve_mtime) and to tell a .part of
   * another version; asked before RETR rather than after, so that the
   * .part is marked with it from the start. */
  if (remote_time < 0 && (options->preserve_mtime || resume) &&
      ferry_session_has_feature (session, "MDTM"))
    {
      g_autoptr(GError) mdtm_error = NULL;

      remote_mtime = ferry_session_mdtm (session, remote_path, cancellable, &mdtm_error);
      if (remote_mtime != NULL)
        remote_time = g_date_time_to_unix (remote_mtime);
      else if (!ferry_session_is_open (session))
        {
          g_propagate_error (error, g_steal_pointer (&mdtm_error));
          return FALSE;
        }
    }
  part_version_format (version, sizeof version, remote_size, remote_time);

  fd = open_part_locked (part, !resume, &lock, error);
  if (fd < 0)
    return FALSE;
  if (fstat (fd, &part_st) != 0)
    {
      close (fd);
      return set_local_error (error, errno, "Cannot use", part);
    }

  if (resume)
    {
      /* Continue the .part, or else (RESUME) a shorter target, copied so
       * that the target stays as it was until the download is whole. */
      if (policy == FERRY_OVERWRITE_RESUME && !options->continue_part &&
          part_st.st_size == 0 && target_exists && S_ISREG (target_st.st_mode) &&
          (remote_size < 0 || target_st.st_size < remote_size))
        {
          if (!copy_into (fd, local_path, error))
            {
              close (fd);
              return FALSE;
            }
          if (fstat (fd, &part_st) != 0)
            {
              close (fd);
              return set_local_error (error, errno, "Cannot use", part);
            }
        }
      offset = part_st.st_size;
      if ((remote_size >= 0 &&
           (offset > (guint64) remote_size ||
            (options->continue_part && options->part_for_size >= 0 &&
             options->part_for_size != remote_size))) ||
          (offset > 0 && !part_version_matches (fd, remote_size, remote_time)))
        {
          /* Longer than the remote file, or begun for another version of
           * it: not a prefix of it, start over. */
          if (ftruncate (fd, 0) != 0)
            {
              close (fd);
              return set_local_error (error, errno, "Cannot truncate", part);
            }
          offset = 0;
        }
      if (lseek (fd, offset, SEEK_SET) < 0)
        {
          close (fd);
          return set_local_error (error, errno, "Cannot seek in", part);
        }
    }

  /* Best effort: without xattrs only the size tells versions apart. */
  if (remote_size >= 0 || remote_time >= 0)
    fsetxattr (fd, PART_VERSION_XATTR, version, strlen (version), 0);
  else
    fremovexattr (fd, PART_VERSION_XATTR);

  out = g_unix_output_stream_new (fd, TRUE);
  if (remote_size >= 0 && offset == (guint64) remote_size)
    ok = TRUE;   /* the .part is already whole */
  else
    ok = ferry_session_download (session, remote_path, out, offset, remote_size,
                                 progress, progress_data, &received, cancellable, error);

  if (ok)
    fremovexattr (fd, PART_VERSION_XATTR);   /* the finished file is not a .part */
  if (ok && options->preserve_mtime && remote_time >= 0)
    {
      /* Keep the server's time, so that "newer" comparisons mean something. */
      struct timespec times[2] = {
        { .tv_sec = 0, .tv_nsec = UTIME_OMIT },
        { .tv_sec = remote_time, .tv_nsec = 0 },
      };
      futimens (fd, times);
    }

  if (!g_output_stream_close (out, NULL, ok ? error : NULL) && ok)
    {
      /* Delayed write errors (NFS, quotas) show up at close. */
      g_autoptr(GError) close_error = error ? g_steal_pointer (error) : NULL;
      g_set_error (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_LOCAL,
                   "Cannot write “%s”: %s", part,
                   close_error ? close_error->message : "close failed");
      return FALSE;
    }

  if (!ok)
    {
      /* Keep the .part for a later resume, unless nothing ever reached it. */
      if (offset == 0 && received == 0)
        unlink (part);
      return FALSE;
    }

  return rename_into_place (part, local_path, policy, error);
}

gboolean
ferry_file_transfer_upload (FerrySession       *session,
                            const char         *local_path,
                            const char         *remote_path,
                            FerryOverwrite      policy,
                            FerryProgressFunc   progress,
                            gpointer            progress_data,
                            GCancellable       *cancellable,
                            GError            **error)
{
  FerryTransferOptions options;

  ferry_transfer_options_init (&options);
  return ferry_file_transfer_upload_full (session, local_path, remote_path, policy, &options,
                                          progress, progress_data, cancellable, error);
}

gboolean
ferry_file_transfer_upload_full (FerrySession               *session,
                                 const char                 *local_path,
                                 const char                 *remote_path,
                                 FerryOverwrite              policy,
                                 const FerryTransferOptions *options,
                                 FerryProgressFunc           progress,
                                 gpointer                    progress_data,
                                 GCancellable               *cancellable,
                                 GError                    **error)
{
  Throttled throttled;
  g_autoptr(GInputStream) in = NULL;
  g_autoptr(GError) size_error = NULL;
  struct stat st;
  gint64 remote_size;
  guint64 offset = 0;
  gboolean verify = TRUE;
  int fd;

  g_return_val_if_fail (FERRY_IS_SESSION (session), FALSE);
  g_return_val_if_fail (remote_path != NULL && local_path != NULL, FALSE);
  g_return_val_if_fail (options != NULL, FALSE);

  throttled_init (&throttled, options, &progress, &progress_data, cancellable);
  fd = open (local_path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return set_local_error (error, errno, "Cannot open", local_path);
  in = g_unix_input_stream_new (fd, TRUE);
  if (fstat (fd, &st) != 0)
    return set_local_error (error, errno, "Cannot read", local_path);
  if (!S_ISREG (st.st_mode))
    return set_local_error (error, S_ISDIR (st.st_mode) ? EISDIR : EINVAL,
                            "Cannot upload", local_path);

  /* Does the remote file exist?  SIZE answers 550 when it does not; a
   * server without SIZE leaves us unable to tell, and then we upload.
   * "always" replaces whatever is there, so the answer would change
   * nothing: skip the round trip (one of four per file in a mirror of
   * small files). */
  if (policy == FERRY_OVERWRITE_ALWAYS)
    remote_size = -1;
  else
    remote_size = ferry_session_size (session, remote_path, cancellable, &size_error);
  if (remote_size < 0 && !ferry_session_is_open (session))
    {
      g_propagate_error (error, g_steal_pointer (&size_error));
      return FALSE;
    }
  if (g_error_matches (size_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, g_steal_pointer (&size_error));
      return FALSE;
    }

  if (remote_size >= 0)
    {
      gint64 remote_time = 0;

      switch (policy)
        {
        case FERRY_OVERWRITE_ASK:
        case FERRY_OVERWRITE_NEVER:
          g_set_error (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_EXISTS,
                       "The remote file “%s” already exists", remote_path);
          return FALSE;
        case FERRY_OVERWRITE_NEWER:
          if (!remote_mtime_get (session, remote_path, &remote_time, cancellable, error))
            return FALSE;
          if (stat_mtime (&st) <= remote_time)
            {
              g_set_error (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_EXISTS,
                           "The remote file “%s” is not older than the local one; skipped",
                           remote_path);
              return FALSE;
            }
          break;
        case FERRY_OVERWRITE_RESUME:
          if (remote_size == st.st_size)
            return TRUE;
          if (remote_size < st.st_size)
            {
              offset = remote_size;
              if (lseek (fd, offset, SEEK_SET) < 0)
                return set_local_error (error, errno, "Cannot seek in", local_path);
            }
          /* A longer remote file is not a prefix: replace it whole. */
          break;
        case FERRY_OVERWRITE_ALWAYS:
        default:
          break;
        }
    }

  if (!ferry_session_upload (session, in, remote_path, offset, st.st_size,
                             progress, progress_data, cancellable, error))
    return FALSE;

  /* The 226 says the server has every byte we sent; a whole-file STOR
   * that sent exactly the size we announced leaves SIZE nothing to add,
   * as curl and lftp reason too.  And it would cost: servers answer only
   * after closing the file, which for vsftpd on ext4 means writing back
   * what it truncated (0.15-0.4 s for 1 GiB, measured).  A resumed upload
   * is still checked: its result depends on the server's part too, and
   * so is a file that changed size while we read it (the read position
   * is what was sent: every byte read went out before the 226). */
  if (offset == 0 && lseek (fd, 0, SEEK_CUR) == st.st_size)
    verify = FALSE;

  if (verify && ferry_session_has_feature (session, "SIZE"))
    {
      g_autoptr(GError) check_error = NULL;
      gint64 stored = ferry_session_size (session, remote_path, cancellable, &check_error);

      if (stored < 0 && !ferry_session_is_open (session))
        {
          g_propagate_error (error, g_steal_pointer (&check_error));
          return FALSE;
        }
      if (stored >= 0 && stored != st.st_size)
        {
          g_set_error (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_SIZE_MISMATCH,
                       "The server has %" G_GINT64_FORMAT " bytes of “%s”, but %"
                       G_GINT64_FORMAT " were sent",
                       stored, remote_path, (gint64) st.st_size);
          return FALSE;
        }
    }

  if (options->preserve_mtime && ferry_session_has_feature (session, "MFMT"))
    {
      /* Carry the local time over, so that "newer" means something later. */
      g_autoptr(GDateTime) mtime = g_date_time_new_from_unix_utc (stat_mtime (&st));
      g_autofree char *stamp = mtime ? g_date_time_format (mtime, "%Y%m%d%H%M%S") : NULL;
      g_autofree char *command = stamp ? g_strdup_printf ("MFMT %s %s", stamp, remote_path) : NULL;
      g_autoptr(FerryReply) reply = command ? ferry_session_command (session, command,
                                                                    cancellable, NULL)
                                            : NULL;
    }

  return TRUE;
}
