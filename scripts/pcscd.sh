#!/usr/bin/env bash
# Starts or stops the pcscd that the PC/SC end-to-end tests talk to.
#
#   scripts/pcscd.sh start   stop any pcscd already running (by its pid files), clear
#                            a stale socket, start `pcscd --foreground` in the
#                            background and wait until it serves its socket;
#                            on failure print its log and exit 1
#   scripts/pcscd.sh stop    stop the pcscd this script started and wait for it
#   scripts/pcscd.sh status  exit 0 if the pcscd this script started is serving
#
# Both commands are idempotent. pcscd loads its readers from /etc/reader.conf.d,
# where vsmartcard-vpcd registers the virtual reader `Virtual PCD 00 00` that
# `jpki sim card-serve` connects to (TCP, 127.0.0.1:35963).
#
# Needs root (pcscd owns /run/pcscd); re-runs itself with sudo otherwise.
# Files: target/pcscd/pcscd.log (the daemon's output) and target/pcscd/pcscd.pid.
# APDU logging stays off: the log would show PINs.
set -euo pipefail
cd "$(dirname "$0")/.."

RUN_DIR=/run/pcscd
SOCKET="$RUN_DIR/pcscd.comm"
DAEMON_PID_FILE="$RUN_DIR/pcscd.pid" # written by pcscd itself
STATE_DIR="$PWD/target/pcscd"
PID_FILE="$STATE_DIR/pcscd.pid" # the pcscd this script started
LOG="$STATE_DIR/pcscd.log"
START_TIMEOUT_TENTHS=100        # 10 s
STOP_TIMEOUT_TENTHS=100         # 10 s, then SIGKILL

say() { printf 'pcscd.sh: %s\n' "$*"; }
die() {
    printf 'pcscd.sh: error: %s\n' "$*" >&2
    exit 1
}

usage() {
    echo "usage: $0 start|stop|status" >&2
    exit 2
}

[ "$#" -eq 1 ] || usage
case "$1" in start | stop | status) ;; *) usage ;; esac

if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || die "must run as root (pcscd owns $RUN_DIR) and sudo is missing"
    exec sudo "$0" "$@"
fi

# True if PID is a live process (a zombie left unreaped by a container's init
# counts as dead).
is_alive() {
    local pid="$1" stat
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    stat="$(cat "/proc/$pid/stat" 2>/dev/null)" || return 1
    stat="${stat##*) }" # the fields after "pid (comm) "
    [ "${stat%% *}" != Z ]
}

# True if PID is a live pcscd process (guards against a recycled pid).
is_pcscd() {
    local pid="$1"
    is_alive "$pid" && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = pcscd ]
}

read_pid() {
    local file="$1"
    [ -f "$file" ] || return 1
    tr -dc '0-9' <"$file"
}

# Stops the pcscd with PID (TERM, then KILL after the timeout) and waits for it.
stop_pid() {
    local pid="$1" i
    is_pcscd "$pid" || return 0
    say "stopping pcscd (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < STOP_TIMEOUT_TENTHS; i++)); do
        is_pcscd "$pid" || return 0
        sleep 0.1
    done
    say "pcscd (pid $pid) ignored SIGTERM; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    for ((i = 0; i < STOP_TIMEOUT_TENTHS; i++)); do
        is_pcscd "$pid" || return 0
        sleep 0.1
    done
    die "pcscd (pid $pid) does not exit"
}

# Removes the socket and pid file a dead pcscd left behind.
clear_stale() {
    local pid
    pid="$(read_pid "$DAEMON_PID_FILE" || true)"
    if [ -n "$pid" ] && is_pcscd "$pid"; then
        return 0
    fi
    if [ -e "$DAEMON_PID_FILE" ]; then
        say "removing stale $DAEMON_PID_FILE"
        rm -f "$DAEMON_PID_FILE"
    fi
    if [ -e "$SOCKET" ]; then
        say "removing stale $SOCKET"
        rm -f "$SOCKET"
    fi
}

serving() {
    local pid
    pid="$(read_pid "$PID_FILE" || true)"
    [ -n "$pid" ] && is_pcscd "$pid" && [ -S "$SOCKET" ]
}

start() {
    command -v pcscd >/dev/null 2>&1 || die "pcscd is not installed (apt-get install pcscd vsmartcard-vpcd)"
    [ -e /etc/reader.conf.d/vpcd ] || say "warning: /etc/reader.conf.d/vpcd is missing; no virtual reader will appear (apt-get install vsmartcard-vpcd)"

    # A systemd-managed pcscd (socket activation) would hold the socket and restart
    # on demand; hand the socket over to ours for the duration of the tests.
    if command -v systemctl >/dev/null 2>&1; then
        for unit in pcscd.socket pcscd.service; do
            if systemctl is-active --quiet "$unit" 2>/dev/null; then
                say "stopping systemd unit $unit"
                systemctl stop "$unit" || true
            fi
        done
    fi

    # Ours from an earlier run, then whichever pcscd owns the pid file.
    stop_pid "$(read_pid "$PID_FILE" || true)"
    rm -f "$PID_FILE"
    stop_pid "$(read_pid "$DAEMON_PID_FILE" || true)"
    clear_stale

    mkdir -p "$STATE_DIR" "$RUN_DIR"
    : >"$LOG"
    nohup pcscd --foreground --info >"$LOG" 2>&1 </dev/null &
    local pid=$! i
    echo "$pid" >"$PID_FILE"

    for ((i = 0; i < START_TIMEOUT_TENTHS; i++)); do
        # Our child: alive is enough (it is still nohup for a moment before it
        # becomes pcscd).
        if ! is_alive "$pid"; then
            break
        fi
        if is_pcscd "$pid" && [ -S "$SOCKET" ]; then
            say "pcscd running (pid $pid, socket $SOCKET, log $LOG)"
            return 0
        fi
        sleep 0.1
    done

    if is_pcscd "$pid"; then
        echo "pcscd.sh: error: pcscd (pid $pid) did not create $SOCKET within 10 s; its log:" >&2
        stop_pid "$pid" || true
    else
        echo "pcscd.sh: error: pcscd exited during start-up; its log:" >&2
    fi
    rm -f "$PID_FILE"
    sed 's/^/    /' "$LOG" >&2 || true
    exit 1
}

stop() {
    local pid
    pid="$(read_pid "$PID_FILE" || true)"
    if [ -z "$pid" ]; then
        say "no pcscd started by this script"
    else
        stop_pid "$pid"
        rm -f "$PID_FILE"
        say "pcscd stopped"
    fi
    clear_stale
}

case "$1" in
start) start ;;
stop) stop ;;
status)
    if serving; then
        say "pcscd running (pid $(read_pid "$PID_FILE"))"
    else
        say "pcscd (started by this script) is not running"
        exit 1
    fi
    ;;
esac
