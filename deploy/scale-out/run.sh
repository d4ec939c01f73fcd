#!/usr/bin/env bash
# Three sales-assistant instances behind nginx on one machine, with PostgreSQL, a Chroma server
# and Redis: the set-up of README's "Running several instances".
#
#   deploy/scale-out/run.sh up          start everything (installs nginx with apt-get if missing)
#   deploy/scale-out/run.sh load        1, 2 and 3 instances behind the proxy: turns/s, latency, CPU
#   deploy/scale-out/run.sh failover    the failover tests (SIGKILL one instance mid-load)
#   deploy/scale-out/run.sh soak        30 minutes at moderate load: RSS, open files, errors
#   deploy/scale-out/run.sh status      what runs, with process ids
#   deploy/scale-out/run.sh proxy N     put instances 1..N in nginx's rotation
#   deploy/scale-out/run.sh start-instance I | kill-instance I
#   deploy/scale-out/run.sh down        stop everything started here, drop the database
#
# PostgreSQL (trust auth) and Redis are expected on this machine; the script makes a database
# of its own and uses a Redis database number of its own. Everything else lives in $STATE.
# Extra arguments of load and soak go to the Python module (see --help).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
# The Python of the virtual environment sales-assistant is installed in.
PYTHON="${PYTHON:-$ROOT/.venv/bin/python}"
[ -x "$PYTHON" ] || { echo "scale-out: set PYTHON to the venv's python (no $PYTHON)" >&2; exit 1; }
BIN="$(dirname "$PYTHON")"

STATE="${SCALE_OUT_STATE:-/tmp/sales-assistant-scale-out}"
INSTANCES="${SCALE_OUT_INSTANCES:-3}"
FIRST_PORT="${SCALE_OUT_FIRST_PORT:-8101}"
PROXY_PORT="${SCALE_OUT_PROXY_PORT:-8100}"
CHROMA_PORT="${SCALE_OUT_CHROMA_PORT:-8110}"
PG_SERVER="${SCALE_OUT_PG_SERVER:-postgresql+psycopg://postgres@127.0.0.1:5432}"
PG_DATABASE="${SCALE_OUT_PG_DATABASE:-sales_assistant_scale_out}"
REDIS_URL="${SCALE_OUT_REDIS_URL:-redis://127.0.0.1:6379/11}"

export PYTHONPATH="$ROOT${PYTHONPATH:+:$PYTHONPATH}"

say() { printf 'scale-out: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

wait_http() { # url seconds
    local url="$1" deadline=$((SECONDS + $2))
    until curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null; do
        [ "$SECONDS" -lt "$deadline" ] || return 1
        sleep 0.5
    done
}

instance_port() { echo $((FIRST_PORT + $1 - 1)); }

psql_admin() {
    psql "postgresql://postgres@127.0.0.1:5432/postgres" -v ON_ERROR_STOP=1 -qAt "$@"
}

write_env() { # the settings every instance and set-up command reads
    cat > "$STATE/env" <<ENV
SALES_ASSISTANT_DATA_DIR=$STATE/data
SALES_ASSISTANT_DATABASE_URL=$PG_SERVER/$PG_DATABASE
SALES_ASSISTANT_CHROMA_URL=http://127.0.0.1:$CHROMA_PORT
SALES_ASSISTANT_REDIS_URL=$REDIS_URL
SALES_ASSISTANT_LIVE_BACKEND=redis
SALES_ASSISTANT_PUBLIC_BASE_URL=http://127.0.0.1:$PROXY_PORT
SALES_ASSISTANT_LOG_LEVEL=WARNING
SALES_ASSISTANT_SERVER_KEEP_ALIVE_S=5
SALES_ASSISTANT_RATE_LIMIT_PER_MINUTE=${SCALE_OUT_RATE_LIMIT:-100000}
SALES_ASSISTANT_RATE_LIMIT_CLIENT_PER_MINUTE=${SCALE_OUT_RATE_LIMIT:-100000}
ENV
}

env_args() { grep -v '^#' "$STATE/env" | xargs; }

with_env() { env $(env_args) "$@"; }

ensure_nginx() {
    command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] && return 0
    say "nginx is not installed: installing Debian's package (apt-get install -y nginx)"
    if [ "$(id -u)" -eq 0 ]; then
        apt-get install -y nginx >&2
    else
        sudo apt-get install -y nginx >&2
    fi
}

nginx_bin() { command -v nginx 2>/dev/null || echo /usr/sbin/nginx; }

nginx_run() { # nginx's workers run as whoever starts it
    local user=()
    [ "$(id -u)" -eq 0 ] && user=(-g "user root;")
    "$(nginx_bin)" -c "$STATE/nginx/nginx.conf" -p "$STATE/nginx" "${user[@]}" "$@"
}

start_postgres_database() {
    psql_admin -c "SELECT 1" >/dev/null || die "PostgreSQL does not answer on 127.0.0.1:5432"
    if [ -z "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$PG_DATABASE'")" ]; then
        psql_admin -c "CREATE DATABASE \"$PG_DATABASE\"" >/dev/null
        say "database $PG_DATABASE created"
    fi
}

check_redis() {
    "$PYTHON" - "$REDIS_URL" <<'PY' || die "Redis does not answer at $REDIS_URL"
import sys, redis
redis.Redis.from_url(sys.argv[1], socket_timeout=2).ping()
PY
}

start_chroma() {
    pid_alive "$STATE/chroma.pid" && return 0
    mkdir -p "$STATE/chroma"
    nohup "$BIN/chroma" run --path "$STATE/chroma" --host 127.0.0.1 --port "$CHROMA_PORT" \
        > "$STATE/chroma.log" 2>&1 &
    echo $! > "$STATE/chroma.pid"
    wait_http "http://127.0.0.1:$CHROMA_PORT/api/v2/heartbeat" 120 || die "Chroma did not start (see $STATE/chroma.log)"
    say "Chroma server on 127.0.0.1:$CHROMA_PORT (pid $(cat "$STATE/chroma.pid"))"
}

load_store() {
    [ -f "$STATE/store-loaded" ] && return 0
    (cd "$STATE" && with_env "$BIN/sales-assistant" init && with_env "$BIN/sales-assistant" load-demo) >&2
    touch "$STATE/store-loaded"
}

start_instance() { # index
    local index="$1" port pidfile
    port="$(instance_port "$index")"
    pidfile="$STATE/instance-$index.pid"
    pid_alive "$pidfile" && return 0
    mkdir -p "$STATE/instance-$index"
    # exec: the process id in the file is the server's own (kill-instance sends it SIGKILL)
    (cd "$STATE/instance-$index" && exec nohup env $(env_args) "$BIN/sales-assistant" serve \
        --host 127.0.0.1 --port "$port" --workers 1 > "$STATE/instance-$index.log" 2>&1) &
    echo $! > "$pidfile"
    echo "$port" > "$STATE/instance-$index.port"
}

wait_instance() { # index
    local port
    port="$(instance_port "$1")"
    wait_http "http://127.0.0.1:$port/readyz" 240 || die "instance $1 did not start (see $STATE/instance-$1.log)"
    say "instance $1 on 127.0.0.1:$port (pid $(cat "$STATE/instance-$1.pid"))"
}

write_proxy_config() { # how many instances are in rotation
    local count="$1" lines="" index
    [ "$count" -ge 1 ] && [ "$count" -le "$INSTANCES" ] || die "between 1 and $INSTANCES instances"
    for index in $(seq 1 "$count"); do
        lines+="        server 127.0.0.1:$(instance_port "$index") max_fails=1 fail_timeout=5s;"$'\n'
    done
    mkdir -p "$STATE/nginx"
    local template="$HERE/nginx.conf.template"
    UPSTREAMS="$lines" "$PYTHON" - "$template" "$STATE" "127.0.0.1:$PROXY_PORT" > "$STATE/nginx/nginx.conf" <<'PY'
import os, sys
template, state, listen = sys.argv[1:4]
text = open(template, encoding="utf-8").read()
text = text.replace("@STATE@", state).replace("@LISTEN@", listen)
print(text.replace("@UPSTREAMS@\n", os.environ["UPSTREAMS"]), end="")
PY
    echo "$count" > "$STATE/in-rotation"
}

start_proxy() {
    ensure_nginx
    write_proxy_config "${1:-$INSTANCES}"
    nginx_run -t -q
    if pid_alive "$STATE/nginx/nginx.pid"; then
        kill -HUP "$(cat "$STATE/nginx/nginx.pid")"
    else
        nginx_run
    fi
    wait_http "http://127.0.0.1:$PROXY_PORT/healthz" 30 || die "nginx does not answer on $PROXY_PORT"
    say "nginx on 127.0.0.1:$PROXY_PORT, instances 1..$(cat "$STATE/in-rotation") in rotation"
}

cmd_up() {
    mkdir -p "$STATE"
    write_env
    check_redis
    start_postgres_database
    start_chroma
    load_store
    local index
    for index in $(seq 1 "$INSTANCES"); do start_instance "$index"; done
    for index in $(seq 1 "$INSTANCES"); do wait_instance "$index"; done
    start_proxy "$INSTANCES"
    say "up: http://127.0.0.1:$PROXY_PORT (state in $STATE)"
}

stop_pidfile() { # pidfile name
    if pid_alive "$1"; then
        local pid
        pid="$(cat "$1")"
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
        kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
        say "stopped $2 (pid $pid)"
    fi
    rm -f "$1"
}

cmd_down() {
    [ -d "$STATE" ] || { say "nothing to stop ($STATE does not exist)"; return 0; }
    stop_pidfile "$STATE/nginx/nginx.pid" nginx
    local pidfile
    rm -f "$STATE"/instance-*.port
    for pidfile in "$STATE"/instance-*.pid; do
        [ -e "$pidfile" ] && stop_pidfile "$pidfile" "$(basename "$pidfile" .pid)"
    done
    stop_pidfile "$STATE/chroma.pid" "Chroma server"
    if psql_admin -c "SELECT 1" >/dev/null 2>&1; then
        psql_admin -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '$PG_DATABASE'" >/dev/null
        psql_admin -c "DROP DATABASE IF EXISTS \"$PG_DATABASE\"" >/dev/null
        say "database $PG_DATABASE dropped"
    fi
    "$PYTHON" - "$REDIS_URL" <<'PY' 2>/dev/null || true
import sys, redis
redis.Redis.from_url(sys.argv[1], socket_timeout=2).flushdb()
PY
    rm -rf "$STATE"
    say "down"
}

cmd_status() {
    local name
    for name in nginx/nginx chroma $(cd "$STATE" 2>/dev/null && ls instance-*.pid 2>/dev/null | sed 's/\.pid$//'); do
        if pid_alive "$STATE/$name.pid"; then
            echo "$(basename "$name") running pid $(cat "$STATE/$name.pid")"
        else
            echo "$(basename "$name") stopped"
        fi
    done
}

require_up() { pid_alive "$STATE/nginx/nginx.pid" || die "not up: run $0 up first"; }

case "${1:-}" in
    up) cmd_up ;;
    down) cmd_down ;;
    status) cmd_status ;;
    proxy) require_up; start_proxy "${2:?how many instances}" ;;
    start-instance) start_instance "${2:?which instance}"; wait_instance "$2" ;;
    kill-instance) kill -9 "$(cat "$STATE/instance-${2:?which instance}.pid")"; say "instance $2 killed" ;;
    load) require_up; shift; cd "$ROOT"; "$PYTHON" -m benchmarks.scale_out.load --state "$STATE" "$@" ;;
    soak) require_up; shift; cd "$ROOT"; "$PYTHON" -m benchmarks.scale_out.soak --state "$STATE" "$@" ;;
    failover)
        require_up; shift; cd "$ROOT"
        SALES_ASSISTANT_TEST_SCALE_OUT=1 SCALE_OUT_STATE="$STATE" \
            "$PYTHON" -m pytest tests/scale_out -x -q -p no:cacheprovider "$@" ;;
    *) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
