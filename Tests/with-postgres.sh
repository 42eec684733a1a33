#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster.
#
# Usage: Tests/with-postgres.sh COMMAND [ARGS...]
#
# Starts a private server on 127.0.0.1 (free port, data and socket in a fresh
# temporary directory), creates the database `parley_test`, runs COMMAND with
#   PARLEY_TEST_DATABASE_URL   postgresql://postgres@127.0.0.1:PORT/parley_test
#   PARLEY_TEST_PG_SOCKET_DIR  directory holding the server's unix socket
#   PARLEY_TEST_PG_BIN         directory of the server binaries
#   PARLEY_TEST_PASSWORD_URL   the same database as a role that needs its password
#   PARLEY_TEST_TLS_URL        a database of a role that logs in over TLS only (when openssl is there)
# then stops the server, deletes everything and exits with COMMAND's status.
set -euo pipefail

readonly prog=with-postgres

say() { printf '%s: %s\n' "$prog" "$*" >&2; }
die() { say "$*"; exit 1; }

[[ $# -gt 0 ]] || die "usage: $0 COMMAND [ARGS...]"

# --- Locate the server binaries ---------------------------------------------

# Debian installs each major version side by side; take the newest
# (sort -V so that 9.6 < 10 < 15). Fall back to PATH for other layouts.
pg_bin=""
if compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; then
    pg_bin=$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
elif command -v initdb >/dev/null 2>&1; then
    pg_bin=$(dirname "$(command -v initdb)")
fi
[[ -n $pg_bin && -x $pg_bin/initdb && -x $pg_bin/pg_ctl ]] ||
    die "could not start PostgreSQL: no initdb/pg_ctl found (install the postgresql package)"

# The client tools normally sit next to the server; otherwise use PATH.
client_bin() {
    if [[ -x $pg_bin/$1 ]]; then printf '%s\n' "$pg_bin/$1"; else command -v "$1"; fi
}
psql=$(client_bin psql) || die "could not start PostgreSQL: psql not found"

# --- Server user ---------------------------------------------------------------

# initdb and postgres refuse to run as root, so root hands them to the
# unprivileged `postgres` account; everyone else runs them as themselves.
if [[ $(id -u) -eq 0 ]]; then
    id postgres >/dev/null 2>&1 ||
        die "could not start PostgreSQL: running as root but there is no 'postgres' user"
    command -v runuser >/dev/null 2>&1 ||
        die "could not start PostgreSQL: running as root but runuser is missing"
    as_server_user() {
        # cd first: postgres may not be allowed into the caller's directory.
        (cd "$tmp" && runuser -u postgres -- "$@")
    }
else
    as_server_user() { "$@"; }
fi

# --- Temporary directory and cleanup -----------------------------------------

tmp=""
started=0
child=""

# shellcheck disable=SC2317  # only reached through trap
cleanup() {
    local status=$?
    trap - EXIT INT TERM
    if [[ $started -eq 1 ]]; then
        # Immediate mode: the data is thrown away anyway, so skip the checkpoint.
        as_server_user "$pg_bin/pg_ctl" -D "$tmp/data" -m immediate -w -t 30 stop \
            >/dev/null 2>&1 || {
            # pg_ctl failed; make sure no server outlives us.
            if [[ -f $tmp/data/postmaster.pid ]]; then
                kill -KILL "$(head -n 1 "$tmp/data/postmaster.pid")" 2>/dev/null || true
            fi
        }
    fi
    if [[ -n $tmp ]]; then
        rm -rf -- "$tmp"
    fi
    exit "$status"
}

# shellcheck disable=SC2317  # only reached through trap
on_signal() {
    local sig=$1 code=$2
    # The command runs in the background (see below), so pass the signal on
    # and let it finish before the server disappears underneath it.
    if [[ -n $child ]]; then
        kill -"$sig" "$child" 2>/dev/null || true
        wait "$child" 2>/dev/null || true
    fi
    exit "$code"
}

trap cleanup EXIT
trap 'on_signal INT 130' INT
trap 'on_signal TERM 143' TERM

tmp=$(mktemp -d "${TMPDIR:-/tmp}/with-postgres.XXXXXX")
# Unix socket paths are limited to 107 bytes; a deep TMPDIR would not fit.
if [[ ${#tmp} -gt 90 ]]; then
    rm -rf -- "$tmp"
    tmp=$(mktemp -d /tmp/with-postgres.XXXXXX)
fi
if [[ $(id -u) -eq 0 ]]; then
    # A private TMPDIR (e.g. under /root) is out of reach for postgres.
    if ! runuser -u postgres -- test -x "$(dirname "$tmp")"; then
        rm -rf -- "$tmp"
        tmp=$(mktemp -d /tmp/with-postgres.XXXXXX)
    fi
    chown postgres: "$tmp"
fi
readonly log=$tmp/server.log

# --- Initialise the cluster ----------------------------------------------------

fail_start() {
    say "---- server output ($log) ----"
    [[ -f $log ]] && cat "$log" >&2
    say "----"
    die "could not start PostgreSQL: $*"
}

initdb_args=(-D "$tmp/data" -A trust --auth-local=trust -U postgres -E UTF8 --no-sync)
# C.UTF-8 keeps collation byte-wise (stable ordering) while still knowing
# Unicode character classes; plain C is the fallback where it is missing.
if ! as_server_user "$pg_bin/initdb" "${initdb_args[@]}" --locale=C.UTF-8 \
    >"$tmp/initdb.log" 2>&1; then
    rm -rf -- "${tmp:?}/data"
    as_server_user "$pg_bin/initdb" "${initdb_args[@]}" --locale=C \
        >"$tmp/initdb.log" 2>&1 || {
        cat "$tmp/initdb.log" >&2
        die "could not start PostgreSQL: initdb failed"
    }
fi

# Settings go into the config file rather than `pg_ctl -o`, which would
# re-split them through a shell and break on unusual paths. Durability is
# pointless for a cluster that is deleted afterwards, so trade it for speed.
cat >>"$tmp/data/postgresql.conf" <<EOF

# with-postgres: throwaway test server
listen_addresses = '127.0.0.1'
unix_socket_directories = '$tmp'
fsync = off
full_page_writes = off
synchronous_commit = off
EOF

# TLS with a certificate made for this run, so that tests can reach a role that
# logs in over TLS only. Without openssl the server takes plain connections only.
tls=0
if command -v openssl >/dev/null 2>&1 &&
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
        -subj /CN=127.0.0.1 -keyout "$tmp/server.key" -out "$tmp/server.crt" >/dev/null 2>&1; then
    chmod 0600 "$tmp/server.key"
    if [[ $(id -u) -eq 0 ]]; then chown postgres: "$tmp/server.key" "$tmp/server.crt"; fi
    cat >>"$tmp/data/postgresql.conf" <<EOF
ssl = on
ssl_cert_file = '$tmp/server.crt'
ssl_key_file = '$tmp/server.key'
EOF
    tls=1
fi

# Every login is trusted except one role that must give its password, so tests
# can check what a wrong password looks like, and one that must come over TLS.
# The first matching line wins.
{
    echo "host all parley_password 127.0.0.1/32 scram-sha-256"
    echo "hostnossl all parley_tls_only 127.0.0.1/32 reject"
    cat "$tmp/data/pg_hba.conf"
} >"$tmp/pg_hba.conf" && cat "$tmp/pg_hba.conf" >"$tmp/data/pg_hba.conf"

# --- Pick a port and start ---------------------------------------------------

# Let the kernel hand out a free port; without python3, guess from a range.
pick_port() {
    if command -v python3 >/dev/null 2>&1 &&
        python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' \
            2>/dev/null; then
        return
    fi
    local p
    for _ in 1 2 3 4 5 6 7 8 9 10; do
        p=$((20000 + RANDOM % 30000))
        # A successful connect means something already listens there.
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
            echo "$p"
            return
        fi
    done
    return 1
}

port=""
for attempt in 1 2 3 4 5; do
    port=$(pick_port) || fail_start "no free TCP port found"
    started=1
    if as_server_user "$pg_bin/pg_ctl" -D "$tmp/data" -l "$log" -w -t 60 \
        -o "-p $port" start >/dev/null 2>&1; then
        break
    fi
    started=0
    # Another process may have grabbed the port in the meantime: retry.
    if [[ $attempt -lt 5 ]] && grep -qi 'address already in use' "$log" 2>/dev/null; then
        continue
    fi
    # Make sure a half-started server does not linger.
    as_server_user "$pg_bin/pg_ctl" -D "$tmp/data" -m immediate -w stop >/dev/null 2>&1 || true
    fail_start "server did not come up on 127.0.0.1:$port"
done

# --- Database and environment ------------------------------------------------

# Go through TCP here so that the URL handed to the command is known to work.
"$psql" -X -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 \
    -c 'CREATE DATABASE parley_test' \
    -c "CREATE ROLE parley_password LOGIN PASSWORD 'correct-horse-battery'" \
    -c 'CREATE ROLE parley_tls_only LOGIN' -c 'CREATE DATABASE parley_tls OWNER parley_tls_only' >/dev/null ||
    fail_start "could not create database parley_test on 127.0.0.1:$port"

version=$("$psql" -X -At -h 127.0.0.1 -p "$port" -U postgres -d parley_test \
    -c 'SHOW server_version') || version="?"
say "PostgreSQL ${version%% *} on 127.0.0.1:$port"

export PARLEY_TEST_DATABASE_URL="postgresql://postgres@127.0.0.1:$port/parley_test"
export PARLEY_TEST_PG_SOCKET_DIR=$tmp
# A role that logs in only with this password (see pg_hba.conf above).
export PARLEY_TEST_PASSWORD_URL="postgresql://parley_password:correct-horse-battery@127.0.0.1:$port/parley_test"
export PARLEY_TEST_PG_BIN=$pg_bin
# A role that logs in over TLS only, with a database of its own (see pg_hba.conf above).
if [[ $tls -eq 1 ]]; then
    export PARLEY_TEST_TLS_URL="postgresql://parley_tls_only@127.0.0.1:$port/parley_tls"
fi

# --- Run the command ---------------------------------------------------------

# Run in the background and wait, so INT/TERM reach the trap at once instead
# of after the command ends. Background jobs start with INT/QUIT ignored and
# stdin on /dev/null; undo both so the command behaves as in the foreground.
(
    trap - INT QUIT
    exec "$@"
) <&0 &
child=$!
status=0
wait "$child" || status=$?
child=""
exit "$status"
