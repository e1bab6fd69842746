/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * FerrySession against a scripted server on a socket pair (no network):
 * replies already waiting before a command are read and logged as
 * unexpected, never taken for the command's answer; a reply that arrives
 * after the command but cannot answer it closes the connection with
 * FERRY_FTP_ERROR_OUT_OF_STEP, and nothing more is sent.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include <sys/socket.h>
#include <unistd.h>

#include <gio/gio.h>

#include "ferry-session-private.h"

/* One step of the server's script: the command it waits for (a prefix)
 * and the bytes it then sends.  A step with command NULL is sent at once
 * (the greeting). */
typedef struct
{
  const char *command;
  const char *send;
} Step;

typedef struct
{
  int          fd;
  const Step  *steps;
  GPtrArray   *received;    /* the commands the server read */
  GThread     *thread;
} Server;

static char *
read_line (int fd)
{
  GString *line = g_string_new (NULL);
  char c;

  while (read (fd, &c, 1) == 1)
    {
      if (c == '\n')
        {
          if (line->len > 0 && line->str[line->len - 1] == '\r')
            g_string_truncate (line, line->len - 1);
          return g_string_free (line, FALSE);
        }
      g_string_append_c (line, c);
    }
  g_string_free (line, TRUE);
  return NULL;
}

static void
send_all (int         fd,
          const char *text)
{
  gsize len = strlen (text);

  /* One write: what follows a reply in the same step arrives with it. */
  assert_int_equal (write (fd, text, len), (gssize) len);
}

static gpointer
server_thread (gpointer data)
{
  Server *server = data;

  for (const Step *step = server->steps; step->send != NULL || step->command != NULL; step++)
    {
      if (step->command != NULL)
        {
          char *line = read_line (server->fd);

          if (line == NULL)
            break;
          g_ptr_array_add (server->received, line);
          if (!g_str_has_prefix (line, step->command))
            break;
        }
      if (step->send != NULL)
        send_all (server->fd, step->send);
    }
  /* Anything the client sends after the script is recorded too. */
  for (char *line; (line = read_line (server->fd)) != NULL;)
    g_ptr_array_add (server->received, line);
  close (server->fd);
  return NULL;
}

typedef struct
{
  FerrySession *session;
  Server        server;
  GString      *log;
} Fixture;

static void
log_cb (FerryLogKind  kind,
        guint         code,
        const char   *text,
        gpointer      user_data)
{
  GString *log = user_data;

  g_string_append_printf (log, "%c %s\n",
                          kind == FERRY_LOG_COMMAND ? '>' : kind == FERRY_LOG_REPLY ? '<' :
                          kind == FERRY_LOG_ERROR ? '!' : '*', text);
}

/* The login every test starts with (FEAT offers nothing). */
#define GREETING  { NULL, "220 ready\r\n" }
#define LOGIN     { "USER u", "331 password\r\n" }, { "PASS p", "230 in\r\n" }, \
                  { "FEAT", "211-Features:\r\n SIZE\r\n MDTM\r\n211 End\r\n" }, \
                  { "TYPE I", "200 binary\r\n" }
#define END       { NULL, NULL }

static gboolean
open_scripted (Fixture     *f,
               const Step  *steps,
               GError     **error)
{
  int fds[2];
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(FerrySite) site = ferry_site_new ();

  assert_int_equal (socketpair (AF_UNIX, SOCK_STREAM, 0, fds), 0);
  f->server.fd = fds[1];
  f->server.steps = steps;
  f->server.received = g_ptr_array_new_with_free_func (g_free);
  f->server.thread = g_thread_new ("scripted-server", server_thread, &f->server);

  socket = g_socket_new_from_fd (fds[0], NULL);
  assert_non_null (socket);
  connection = g_socket_connection_factory_create_connection (socket);

  site->host = g_strdup ("socketpair");
  site->user = g_strdup ("u");
  site->password = g_strdup ("p");
  site->timeout = 5;

  f->session = ferry_session_new ();
  f->log = g_string_new (NULL);
  ferry_session_set_log_func (f->session, log_cb, f->log, NULL);
  return ferry_session_open_connection (f->session, site, connection, NULL, error);
}

/* Closes the client side and waits for the server: received is final. */
static void
finish (Fixture *f)
{
  ferry_session_drop (f->session);
  g_thread_join (f->server.thread);
}

static void
fixture_clear (Fixture *f)
{
  g_clear_object (&f->session);
  g_ptr_array_unref (f->server.received);
  g_string_free (f->log, TRUE);
}

static guint
count (const char *haystack,
       const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

/* Strays already waiting before every command of the login and before
 * PWD, SIZE and MDTM (a second 226, ABOR's late 226, a multi-line 211,
 * a late 150): each is logged as unexpected and every command gets its
 * own answer. */
static void
test_waiting_strays_are_drained (void **state)
{
  static const Step steps[] = {
    { NULL, "220 ready\r\n226 stray before USER\r\n" },
    { "USER u", "331 password\r\n150 stray before PASS\r\n" },
    { "PASS p", "230 in\r\n211-stray multi-line\r\n 226 inside\r\n211 stray end\r\n" },
    { "FEAT", "211-Features:\r\n SIZE\r\n MDTM\r\n211 End\r\n225 stray before TYPE\r\n" },
    { "TYPE I", "200 binary\r\n226 second 226\r\n" },
    { "PWD", "257 \"/right\" is the directory\r\n426 late\r\n226 late\r\n" },
    { "SIZE /f", "213 42\r\n226 stray before MDTM\r\n" },
    { "MDTM /f", "213 20240102030405\r\n" },
    END,
  };
  Fixture f = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *pwd = NULL;
  g_autoptr(GDateTime) mtime = NULL;

  assert_true (open_scripted (&f, steps, &error));
  pwd = ferry_session_pwd (f.session, NULL, &error);
  assert_null (error);
  assert_string_equal (pwd, "/right");
  assert_int_equal (ferry_session_size (f.session, "/f", NULL, &error), 42);
  mtime = ferry_session_mdtm (f.session, "/f", NULL, &error);
  assert_null (error);
  assert_int_equal (g_date_time_get_day_of_month (mtime), 2);
  assert_true (ferry_session_is_open (f.session));

  finish (&f);
  /* 226, 150, 211, 225, 226, 426, 226, 226: eight unexpected replies. */
  assert_int_equal (count (f.log->str, "Unexpected reply"), 8);
  assert_int_equal (f.server.received->len, 7);
  fixture_clear (&f);
}

/* A stray that arrives after the command was sent, ahead of its answer,
 * for every command of the login and the simple ones: out of step, the
 * connection is closed, the stray is not taken as the answer, and the
 * server gets no further command. */
static void
test_stray_after_each_command_is_out_of_step (void **state)
{
  static const char *const commands[] = { "USER u", "PASS p", "FEAT", "TYPE I", "PWD",
                                          "SIZE /f", "MDTM /f", "CWD /d", "MKD /d",
                                          "DELE /f", "RNFR /a", "NOOP", "SYST" };
  static const char *const answers[] = { "331 password\r\n", "230 in\r\n",
                                         "211-Features:\r\n SIZE\r\n MDTM\r\n211 End\r\n",
                                         "200 binary\r\n", "257 \"/\"\r\n", "213 42\r\n",
                                         "213 20240102030405\r\n", "250 ok\r\n",
                                         "257 \"/d\" created\r\n", "250 deleted\r\n",
                                         "350 ready for RNTO\r\n", "200 ok\r\n",
                                         "215 UNIX\r\n" };
  static const char *const strays[] = { "226 stray\r\n", "150 stray\r\n", "225 stray\r\n",
                                        "426 stray\r\n", "227 Entering Passive Mode (127,0,0,1,4,1)\r\n" };

  for (guint at = 0; at < G_N_ELEMENTS (commands); at++)
    for (guint s = 0; s < G_N_ELEMENTS (strays); s++)
      {
        Step steps[G_N_ELEMENTS (commands) + 2];
        g_autofree char *bad = NULL;
        Fixture f = { 0 };
        g_autoptr(GError) error = NULL;
        gboolean opened;
        guint n = 0;

        steps[n++] = (Step) GREETING;
        /* The login's commands up to @at, then the one that gets it. */
        for (guint i = 0; i < MIN (at, 4); i++)
          steps[n++] = (Step) { commands[i], answers[i] };
        bad = g_strconcat (strays[s], answers[at], NULL);
        steps[n++] = (Step) { commands[at], bad };
        steps[n] = (Step) END;

        opened = open_scripted (&f, steps, &error);
        if (at >= 4)
          {
            /* The login went well; the stray hits a later command. */
            assert_true (opened);
            switch (at)
              {
              case 4: g_free (ferry_session_pwd (f.session, NULL, &error)); break;
              case 5: ferry_session_size (f.session, "/f", NULL, &error); break;
              case 6:
                {
                  GDateTime *t = ferry_session_mdtm (f.session, "/f", NULL, &error);
                  assert_null (t);
                }
                break;
              case 7: ferry_session_cwd (f.session, "/d", NULL, &error); break;
              case 8: ferry_session_mkdir (f.session, "/d", NULL, &error); break;
              case 9: ferry_session_delete (f.session, "/f", NULL, &error); break;
              case 10: ferry_session_rename (f.session, "/a", "/b", NULL, &error); break;
              case 11: ferry_session_noop (f.session, NULL, &error); break;
              case 12: g_free (ferry_session_syst (f.session, NULL, &error)); break;
              }
          }
        else
          assert_false (opened);

        if (!g_error_matches (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_OUT_OF_STEP))
          fail_msg ("stray %.3s before the answer to %s: %s", strays[s], commands[at],
                    error ? error->message : "taken as the answer");
        assert_false (ferry_session_is_open (f.session));
        finish (&f);
        /* Nothing sent after the command that got the stray (RNFR's RNTO
         * above all). */
        assert_int_equal (f.server.received->len, MIN (at, 4) + 1);
        assert_string_equal (g_ptr_array_index (f.server.received, MIN (at, 4)), commands[at]);
        assert_true (strstr (f.log->str, "out of step") != NULL);
        fixture_clear (&f);
      }
}

/* The run from the issue: RETR's 226 came twice; the second reached the
 * wire only after MDTM was sent.  MDTM must not take it (and EPSV must
 * not then take MDTM's 213). */
static void
test_late_second_226_before_mdtm (void **state)
{
  static const Step steps[] = {
    GREETING, LOGIN,
    { "MDTM /b", "226 Transfer complete (again)\r\n213 20240101000000\r\n" },
    END,
  };
  Fixture f = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) mtime = NULL;

  assert_true (open_scripted (&f, steps, &error));
  mtime = ferry_session_mdtm (f.session, "/b", NULL, &error);
  assert_null (mtime);
  assert_true (g_error_matches (error, FERRY_FTP_ERROR, FERRY_FTP_ERROR_OUT_OF_STEP));
  assert_true (strstr (error->message, "226") != NULL && strstr (error->message, "MDTM") != NULL);
  assert_true (ferry_ftp_error_is_transient (error));
  finish (&f);
  fixture_clear (&f);
}

/* A 421 already waiting: the next command fails with it, unsent. */
static void
test_waiting_421 (void **state)
{
  static const Step steps[] = {
    GREETING,
    { "USER u", "331 password\r\n" }, { "PASS p", "230 in\r\n" },
    { "FEAT", "211-Features:\r\n211 End\r\n" },
    { "TYPE I", "200 binary\r\n421 idle too long, closing\r\n" },
    END,
  };
  Fixture f = { 0 };
  g_autoptr(GError) error = NULL;

  assert_true (open_scripted (&f, steps, &error));
  assert_false (ferry_session_noop (f.session, NULL, &error));
  assert_true (g_error_matches (error, FERRY_FTP_ERROR, 421));
  assert_false (ferry_session_is_open (f.session));
  finish (&f);
  assert_int_equal (f.server.received->len, 4);
  fixture_clear (&f);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_waiting_strays_are_drained),
    cmocka_unit_test (test_stray_after_each_command_is_out_of_step),
    cmocka_unit_test (test_late_second_226_before_mdtm),
    cmocka_unit_test (test_waiting_421),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
