#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# ferry_keyring_* (src/core/ferry-keyring.c) against a real, private
# gnome-keyring-daemon and against no Secret Service at all.  Nothing of the
# user's own keyring or session bus is touched: each part runs in its own
# dbus-run-session with HOME and the XDG folders in a temp folder.
#
#   test-keyring.sh TEST-KEYRING-BINARY        (TAP on stdout)
set -u
bin=$(realpath "$1")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ferry-keyring-XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
n=0
failed=0

# Numbers the "ok"/"not ok - ..." lines a part wrote to $tmp/$1 (its
# exit status in $2); counts failures.  $3 names the part.
run_part() {
  [ -s "$tmp/$1.err" ] && sed 's/^\([^#]\)/# \1/' "$tmp/$1.err" >&2
  if [ ! -s "$tmp/$1" ]; then
    n=$((n + 1)); failed=$((failed + 1))
    echo "not ok $n - $3: printed nothing (exit $2)"
    return
  fi
  before=$failed
  while IFS= read -r line; do
    n=$((n + 1))
    case $line in
      "ok - "*) echo "ok $n - $3: ${line#ok - }" ;;
      *) failed=$((failed + 1)); echo "not ok $n - $3: ${line#not ok - }" ;;
    esac
  done <"$tmp/$1"
  if [ "$2" -ne 0 ] && [ "$failed" -eq "$before" ]; then
    n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $3: exited $2"
  fi
}

private_env() {
  export HOME="$tmp/$1/home" XDG_DATA_HOME="$tmp/$1/data" XDG_CONFIG_HOME="$tmp/$1/config" \
         XDG_CACHE_HOME="$tmp/$1/cache" XDG_RUNTIME_DIR="$tmp/$1/run"
  mkdir -p "$HOME" "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"
  chmod 700 "$XDG_RUNTIME_DIR"
  unset DISPLAY WAYLAND_DISPLAY GNOME_KEYRING_CONTROL
}

# 1. A real Secret Service: gnome-keyring-daemon, unlocked from stdin with
#    a password of our own (it creates the "login" keyring under
#    $XDG_DATA_HOME and makes it the default collection).
if command -v gnome-keyring-daemon >/dev/null 2>&1 && command -v dbus-run-session >/dev/null 2>&1; then
  cat >"$tmp/with-service.sh" <<'SCRIPT'
printf 'ferry-test-keyring' | gnome-keyring-daemon --foreground --unlock --components=secrets \
  >"$tmp/gkd.log" 2>&1 &
gkd=$!
# The daemon owns org.freedesktop.secrets once it is ready.
i=0
while [ $i -lt 50 ] && ! gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
        --method org.freedesktop.DBus.NameHasOwner org.freedesktop.secrets 2>/dev/null | grep -q true; do
  sleep 0.1; i=$((i + 1))
done
"$bin" roundtrip
rc=$?
kill $gkd 2>/dev/null
wait $gkd 2>/dev/null
exit $rc
SCRIPT
  (private_env with; export tmp bin; timeout 60 dbus-run-session -- sh "$tmp/with-service.sh") >"$tmp/part1" 2>"$tmp/part1.err"
  rc=$?
  run_part part1 $rc "gnome-keyring"
  # The secret went into the private keyring file, encrypted.
  keyring="$tmp/with/data/keyrings/login.keyring"
  n=$((n + 1))
  if [ $rc -eq 0 ] && [ -s "$keyring" ] && ! grep -q 'hunter2\|s3cret' "$keyring"; then
    echo "ok $n - the private login keyring exists and holds no password in clear"
  else
    failed=$((failed + 1)); echo "not ok $n - private keyring file $keyring missing or holds a clear password"
  fi
else
  n=$((n + 1)); echo "ok $n - with gnome-keyring-daemon # SKIP gnome-keyring or dbus-run-session not installed"
fi

# 2. No session bus at all.
(private_env none; export DBUS_SESSION_BUS_ADDRESS="unix:path=$tmp/no-such-bus"
 timeout 30 "$bin" no-service) >"$tmp/part2" 2>"$tmp/part2.err"
rc=$?
run_part part2 $rc "no session bus"

# 3. A bus where org.freedesktop.secrets is activatable but the service
#    never claims its name (as a stuck daemon would): our timeout, not
#    D-Bus's two-minute activation timeout, ends the wait.
if command -v dbus-run-session >/dev/null 2>&1; then
  mkdir -p "$tmp/services"
  printf '[D-BUS Service]\nName=org.freedesktop.secrets\nExec=/bin/sleep 15\n' \
    >"$tmp/services/org.freedesktop.secrets.service"
  cat >"$tmp/bus.conf" <<CONF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir=$tmp</listen>
  <auth>EXTERNAL</auth>
  <servicedir>$tmp/services</servicedir>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
CONF
  (private_env stuck; export FERRY_KEYRING_TIMEOUT=2
   timeout 40 dbus-run-session --config-file="$tmp/bus.conf" -- "$bin" stuck) >"$tmp/part3" 2>"$tmp/part3.err"
  rc=$?
  run_part part3 $rc "stuck Secret Service"
fi

echo "1..$n"
[ "$failed" -eq 0 ]
