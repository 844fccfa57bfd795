#!/usr/bin/env bash
# FakeSystemctl: stands in for systemd as PID 1 (which cannot run inside tests) for ONE service
# unit, behind the systemctl command line the agent uses:
#   stop UNIT | start UNIT | show [-p P]... [--property=P,..] [--value] UNIT | cat UNIT | daemon-reload
# It runs the unit's real command (QuestDB in the ITs) as a detached process, like systemd:
#   - start reads the unit as loaded by the last daemon-reload (drop-ins changed since are ignored
#     until the next daemon-reload), exports Environment=, runs the last ExecStart= left after
#     empty "ExecStart=" resets, and returns once the process is forked (Type=exec);
#   - a monitor process (standing in for PID 1) waits for it, records MainPID / ExecMainPID /
#     ExecMainStatus, and with Restart=always starts it again after RestartSec unless stopped;
#   - stop sends SIGTERM to MainPID and waits for the monitor to finish; after TimeoutStopSec
#     (default 90) it sends SIGKILL, as systemd's default SendSIGKILL=yes does.
# Layout, under the directory above this script's bin/:
#   etc/systemd/system/UNIT, etc/systemd/system/UNIT.d/*.conf   unit file and drop-ins
#   run/unit (the unit's name), run/loaded/ (last daemon-reload), run/state ("ActiveState SubState"),
#   run/main.pid, run/monitor.pid, run/exec-main.pid, run/exec-main.status, run/stopping
#   run/calls.log    one line per call ("daemon-reload", "stop questdb.service", ...)
#   journal.log      the unit's output (journald)
set -u
FAKE_ROOT=$(cd "$(dirname "$0")/.." && pwd)
UNIT_DIR=$FAKE_ROOT/etc/systemd/system
RUN=$FAKE_ROOT/run
UNIT=$(cat "$RUN/unit")
JOURNAL=$FAKE_ROOT/journal.log

alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }
pid_in() { [ -f "$1" ] && cat "$1" 2>/dev/null; }
state() { if [ -f "$RUN/state" ]; then cat "$RUN/state"; else echo "inactive dead"; fi; }

# Reads one property of the loaded unit ([Service] only): the last value wins, "ExecStart=" resets.
unit_value() {
    local key=$1 value="" section="" line file
    for file in "$RUN/loaded/$UNIT" "$RUN/loaded/$UNIT.d/"*.conf; do
        [ -f "$file" ] || continue
        while IFS= read -r line || [ -n "$line" ]; do
            line="${line#"${line%%[![:space:]]*}"}"
            case "$line" in
                '#'* | ';'* | '') continue ;;
                '['*) section=$line; continue ;;
            esac
            [ "$section" = "[Service]" ] || continue
            case "$line" in "$key="*) value="${line#"$key="}" ;; esac
        done < "$file"
    done
    printf '%s' "$value"
}

unit_environment() {
    local section="" line file
    for file in "$RUN/loaded/$UNIT" "$RUN/loaded/$UNIT.d/"*.conf; do
        [ -f "$file" ] || continue
        while IFS= read -r line || [ -n "$line" ]; do
            case "$line" in '['*) section=$line; continue ;; esac
            [ "$section" = "[Service]" ] || continue
            case "$line" in Environment=*) line="${line#Environment=}"; line="${line#\"}"; export "${line%\"}" ;; esac
        done < "$file"
    done
}

monitor() {
    echo $$ > "$RUN/monitor.pid"
    unit_environment
    local exec_start restart restart_sec restart_tenths success pid status
    exec_start=$(unit_value ExecStart)
    restart=$(unit_value Restart)
    restart_sec=$(unit_value RestartSec) # whole seconds; systemd's default is 100 ms
    restart_tenths=$(( ${restart_sec:-0} * 10 )); [ "$restart_tenths" -gt 0 ] || restart_tenths=1
    success=" 0 $(unit_value SuccessExitStatus) "
    while true; do
        echo "activating start" > "$RUN/state"
        eval "set -- $exec_start"
        "$@" < /dev/null &
        pid=$!
        echo "$pid" > "$RUN/exec-main.pid"
        echo "$pid" > "$RUN/main.pid"
        # A stop that found no MainPID (between the restart wait's last look and this launch) marked stopping
        # before it looked, and this looks after writing MainPID: one of the two always signals the new process.
        [ -e "$RUN/stopping" ] && kill -TERM "$pid" 2>/dev/null
        echo "active running" > "$RUN/state"
        wait "$pid"
        status=$?
        rm -f "$RUN/main.pid"
        echo "$status" > "$RUN/exec-main.status"
        [ -e "$RUN/stopping" ] && { echo "inactive dead" > "$RUN/state"; break; }
        if [ "$restart" = always ]; then
            echo "activating auto-restart" > "$RUN/state"
            local waited=0
            while [ ! -e "$RUN/stopping" ] && [ "$waited" -lt "$restart_tenths" ]; do sleep 0.1; waited=$((waited + 1)); done
            [ -e "$RUN/stopping" ] && { echo "inactive dead" > "$RUN/state"; break; }
            continue
        fi
        case "$success" in *" $status "*) echo "inactive dead" > "$RUN/state" ;; *) echo "failed failed" > "$RUN/state" ;; esac
        break
    done
    rm -f "$RUN/monitor.pid"
}

require_unit() {
    if [ "${1:-}" != "$UNIT" ]; then
        echo "Failed to $2 ${1:-}: Unit ${1:-} not found." >&2
        exit 5
    fi
}

command=${1:-}
[ "$command" = __monitor ] || echo "$*" >> "$RUN/calls.log"
shift || true
case "$command" in
    __monitor)
        monitor
        ;;
    daemon-reload)
        rm -rf "$RUN/loaded.new"
        mkdir -p "$RUN/loaded.new"
        cp "$UNIT_DIR/$UNIT" "$RUN/loaded.new/"
        [ -d "$UNIT_DIR/$UNIT.d" ] && cp -r "$UNIT_DIR/$UNIT.d" "$RUN/loaded.new/"
        rm -rf "$RUN/loaded"
        mv "$RUN/loaded.new" "$RUN/loaded"
        ;;
    cat)
        require_unit "${1:-}" cat
        echo "# $UNIT_DIR/$UNIT"
        cat "$UNIT_DIR/$UNIT"
        for dropin in "$UNIT_DIR/$UNIT.d/"*.conf; do
            [ -f "$dropin" ] || continue
            echo
            echo "# $dropin"
            cat "$dropin"
        done
        ;;
    show)
        props=() value=no unit=""
        while [ $# -gt 0 ]; do
            case "$1" in
                -p) props+=("$2"); shift ;;
                --property=*) IFS=, read -r -a more <<< "${1#--property=}"; props+=("${more[@]}") ;;
                --value) value=yes ;;
                *) unit=$1 ;;
            esac
            shift
        done
        main=$(pid_in "$RUN/main.pid"); alive "$main" || main=0
        read -r active sub <<< "$(state)"
        load=loaded
        if [ "$unit" != "$UNIT" ]; then load=not-found active=inactive sub=dead main=0; fi
        for p in "${props[@]}"; do
            case "$p" in
                LoadState) v=$load ;;
                ActiveState) v=$active ;;
                SubState) v=$sub ;;
                MainPID) v=$main ;;
                ExecMainPID) v=$(pid_in "$RUN/exec-main.pid"); v=${v:-0} ;;
                ExecMainStatus) v=$(pid_in "$RUN/exec-main.status"); v=${v:-0} ;;
                FragmentPath) v=$UNIT_DIR/$UNIT ;;
                *) v="" ;;
            esac
            if [ $value = yes ]; then echo "$v"; else echo "$p=$v"; fi
        done
        ;;
    start)
        require_unit "${1:-}" start
        alive "$(pid_in "$RUN/monitor.pid")" && exit 0
        [ -d "$RUN/loaded" ] || { echo "Failed to start $UNIT: unit not loaded (run daemon-reload)" >&2; exit 1; }
        rm -f "$RUN/stopping" "$RUN/main.pid"
        setsid "$0" __monitor < /dev/null >> "$JOURNAL" 2>&1 &
        for _ in $(seq 1 100); do
            [ -f "$RUN/main.pid" ] && exit 0
            case "$(state)" in failed*) break ;; esac
            sleep 0.1
        done
        echo "Job for $UNIT failed because the control process exited with error code." >&2
        echo "See \"systemctl status $UNIT\" and \"journalctl -xeu $UNIT\" for details." >&2
        exit 1
        ;;
    stop)
        require_unit "${1:-}" stop
        monitor_pid=$(pid_in "$RUN/monitor.pid")
        alive "$monitor_pid" || exit 0
        # The state first: the monitor writes "inactive dead" once it sees the stopping mark, and that must be last.
        echo "deactivating stop-sigterm" > "$RUN/state"
        touch "$RUN/stopping"
        main=$(pid_in "$RUN/main.pid")
        alive "$main" && kill -TERM "$main"
        timeout=$(unit_value TimeoutStopSec); timeout=${timeout:-90}
        for _ in $(seq 1 $((timeout * 10))); do
            alive "$monitor_pid" || exit 0
            sleep 0.1
        done
        main=$(pid_in "$RUN/main.pid") # the process now running, should a restart have launched one meanwhile
        alive "$main" && kill -KILL "$main"
        while alive "$monitor_pid"; do sleep 0.1; done
        ;;
    *)
        echo "Unknown command verb '$command'." >&2
        exit 1
        ;;
esac
