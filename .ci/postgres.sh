# shellcheck shell=bash
# Sourced by .ci/run: make a local PostgreSQL available to the store tests and export KHABAR_TEST_POSTGRES.
#
# On a fresh Debian machine (as root) it installs PostgreSQL, starts the default cluster, and creates the role and
# database "khabar" (password "khabar") reachable on 127.0.0.1. Idempotent: a second run finds the database answering
# and only re-exports the variable. Sourced, so it never calls `exit` and leaves the caller's shell options alone;
# a failure prints why and returns non-zero (which stops .ci/run under `set -e`).

_khabar_pg_port=5432
_khabar_pg_url="postgresql://khabar:khabar@127.0.0.1:5432/khabar"

_khabar_pg_as_postgres() {
    # Run a command as the postgres OS user (peer authentication on the local socket).
    if [ "$(id -u)" = 0 ]; then
        if command -v runuser >/dev/null 2>&1; then runuser -u postgres -- "$@"; else su postgres -s /bin/sh -c "$(printf '%q ' "$@")"; fi
    else
        sudo -n -u postgres -- "$@"
    fi
}

_khabar_pg_as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; else sudo -n -- "$@"; fi
}

_khabar_pg_install() {
    # Install the server only when no PostgreSQL binaries exist (fast path when already installed).
    if compgen -G "/usr/lib/postgresql/*/bin/postgres" >/dev/null; then return 0; fi
    echo "postgres.sh: installing PostgreSQL" >&2
    _khabar_pg_as_root apt-get update -qq &&
        _khabar_pg_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
}

_khabar_pg_start() {
    # Start (creating if needed) the newest version's "main" cluster and wait until it accepts connections.
    local ver
    ver=$(find /usr/lib/postgresql -mindepth 1 -maxdepth 1 -printf '%f\n' | sort -n | tail -n 1)
    [ -n "$ver" ] || { echo "postgres.sh: no PostgreSQL version found" >&2; return 1; }
    if [ ! -d "/etc/postgresql/$ver/main" ]; then
        _khabar_pg_as_root pg_createcluster "$ver" main >/dev/null || return 1
    fi
    local status
    status=$(pg_lsclusters -h "$ver" main 2>/dev/null || true)  # captured, not piped: safe under pipefail
    if [[ "$status" != *online* ]]; then
        _khabar_pg_as_root pg_ctlcluster "$ver" main start || _khabar_pg_as_root service postgresql start || return 1
    fi
    _khabar_pg_port=$(pg_lsclusters -h "$ver" main | awk '{print $3}')
    _khabar_pg_port=${_khabar_pg_port:-5432}
    _khabar_pg_url="postgresql://khabar:khabar@127.0.0.1:$_khabar_pg_port/khabar"
    local i
    for i in $(seq 1 30); do
        pg_isready -q -h 127.0.0.1 -p "$_khabar_pg_port" && return 0
        sleep 1
    done
    echo "postgres.sh: PostgreSQL $ver did not come up on 127.0.0.1:$_khabar_pg_port (after ${i}s)" >&2
    return 1
}

_khabar_pg_provision() {
    # Role and database "khabar"; re-running only re-applies the password.
    _khabar_pg_as_postgres psql -q -v ON_ERROR_STOP=1 -p "$_khabar_pg_port" -d postgres <<'SQL' >/dev/null || return 1
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'khabar') THEN
        CREATE ROLE khabar LOGIN PASSWORD 'khabar' CREATEDB;
    ELSE
        ALTER ROLE khabar LOGIN PASSWORD 'khabar' CREATEDB;
    END IF;
END
$$;
SQL
    local exists
    exists=$(_khabar_pg_as_postgres psql -qAt -p "$_khabar_pg_port" -d postgres \
        -c "SELECT 1 FROM pg_database WHERE datname = 'khabar'") || return 1
    if [ "$exists" != 1 ]; then
        _khabar_pg_as_postgres createdb -p "$_khabar_pg_port" -O khabar khabar || return 1
    fi
}

_khabar_pg_setup() {
    if command -v psql >/dev/null 2>&1 && psql "$_khabar_pg_url" -qAt -c 'SELECT 1' >/dev/null 2>&1; then
        return 0  # already installed, running and provisioned
    fi
    _khabar_pg_install && _khabar_pg_start && _khabar_pg_provision &&
        psql "$_khabar_pg_url" -qAt -c 'SELECT 1' >/dev/null
}

if _khabar_pg_setup; then
    export KHABAR_TEST_POSTGRES="$_khabar_pg_url"
    echo "postgres.sh: KHABAR_TEST_POSTGRES=$KHABAR_TEST_POSTGRES" >&2
else
    echo "postgres.sh: could not provide PostgreSQL for the store tests" >&2
    false
fi
