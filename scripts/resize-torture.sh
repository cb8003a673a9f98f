#!/usr/bin/env bash
# Resize torture: runs the dashboard in a detached tmux window (its own tmux server, so
# no other session is touched), resizes the window 1000 times to random sizes from 1×1 to
# 300×100 (half one at a time, half in bursts with no pause), then checks that the
# dashboard is still alive and responding: back at 120×40, `/zhipu` Enter must open the
# Zhipu page showing its ticker 2513.
#
# usage: scripts/resize-torture.sh [COUNT]      (default 1000)
# Builds the release binary with the scratch path .build-bench (override with
# SINOAI_SCRATCH), or uses SINOAI_BIN when set. Needs tmux.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
COUNT=${1:-1000}
SCRATCH=${SINOAI_SCRATCH:-$ROOT/.build-bench}
if [ -z "${SINOAI_BIN:-}" ]; then
  swift build -c release --scratch-path "$SCRATCH" --product sinoai >&2
  SINOAI_BIN="$SCRATCH/release/sinoai"
fi
command -v tmux >/dev/null || { echo "resize-torture: tmux is required" >&2; exit 2; }

SOCKET="sinoai-resize-$$"
T() { tmux -L "$SOCKET" -f /dev/null "$@"; }
cleanup() { T kill-server 2>/dev/null || true; }
trap cleanup EXIT

export LANG=C.UTF-8 LC_ALL=C.UTF-8
T new-session -d -s torture -x 120 -y 40 "exec '$SINOAI_BIN' --data '$ROOT/Data'"
T set-option -g remain-on-exit on
T set-option -g window-size manual
PID=$(T display-message -p -t torture '#{pane_pid}')
wait_for() {  # wait_for TEXT SECONDS
  local deadline=$((SECONDS + $2))
  while [ $SECONDS -le $deadline ]; do
    if T capture-pane -p -t torture | grep -qF -- "$1"; then return 0; fi
    sleep 0.1
  done
  return 1
}
wait_for "as of" 10 || { echo "resize-torture: the dashboard did not start"; T capture-pane -p -t torture; exit 1; }
rss() { awk '/VmRSS/ {print $2}' "/proc/$PID/status" 2>/dev/null || echo "?"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$PID/stat" 2>/dev/null || echo 0; }
RSS_BEFORE=$(rss)
TICKS_BEFORE=$(cpu_ticks)

START=$(date +%s.%N)
RANDOM=2026
for ((i = 1; i <= COUNT; i++)); do
  W=$((RANDOM % 300 + 1))
  H=$((RANDOM % 100 + 1))
  # Every size edge case now and then: the smallest, the largest, one dimension at 1.
  case $((i % 97)) in
    0) W=1; H=1 ;;
    1) W=300; H=100 ;;
    2) W=1; H=100 ;;
    3) W=300; H=1 ;;
  esac
  T resize-window -t torture -x "$W" -y "$H"
  # Half the resizes one at a time, 20 ms apart (the dashboard redraws each), half in
  # bursts with no pause (tmux and the signalfd coalesce them).
  if (( (i / 50) % 2 == 0 )); then sleep 0.02; fi
done
END=$(date +%s.%N)

T resize-window -t torture -x 120 -y 40
sleep 0.5
DEAD=$(T display-message -p -t torture '#{pane_dead}')
if [ "$DEAD" != "0" ]; then
  echo "FAIL: the dashboard exited during the resizes (status $(T display-message -p -t torture '#{pane_dead_status}'))"
  T capture-pane -p -t torture | tail -20
  exit 1
fi
wait_for "as of" 5 || { echo "FAIL: no dashboard frame at 120×40 after the resizes"; T capture-pane -p -t torture; exit 1; }
T send-keys -t torture -l '/zhipu'
sleep 0.3
T send-keys -t torture Enter
if ! wait_for "2513" 5; then
  echo "FAIL: /zhipu Enter did not show 2513 after $COUNT resizes"
  T capture-pane -p -t torture
  exit 1
fi
RSS_AFTER=$(rss)
TICKS_AFTER=$(cpu_ticks)
HZ=$(getconf CLK_TCK)
printf 'PASS: %d resizes in %.1f s; still alive and responding (/zhipu Enter shows 2513)\n' "$COUNT" "$(awk "BEGIN {print $END - $START}")"
printf '      CPU during the resizes %.2f s; RSS %s kB before, %s kB after\n' "$(awk "BEGIN {print ($TICKS_AFTER - $TICKS_BEFORE) / $HZ}")" "$RSS_BEFORE" "$RSS_AFTER"
T send-keys -t torture q
