#!/usr/bin/env bash
# Terminal benchmarks of the real binary in a pseudo-terminal (120×40, TERM=xterm-256color):
#   - time to first frame with the bundled data (spawn → the as-of date on screen), target ≤ 30 ms
#   - bytes written for the first frame and per scroll step (`j`)
#   - `sinoai watch` on a temporary copy of Data/: bytes and latency per reload after one
#     figure changes (written atomically, as a data job would)
#   - `sinoai watch` idle for 10 s: CPU (all threads, from /proc/PID/task/*/schedstat, ns)
#     and bytes written; targets ≤ 0.1 % of a core and ≤ 20 bytes/s
#
# usage: scripts/term-bench.sh [--json] [--runs N] [--idle SECONDS]
# Builds the release binary with the scratch path .build-bench (override with
# SINOAI_SCRATCH), or uses SINOAI_BIN when set. Never touches Data/ (it copies it).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
SCRATCH=${SINOAI_SCRATCH:-$ROOT/.build-bench}
if [ -z "${SINOAI_BIN:-}" ]; then
  swift build -c release --scratch-path "$SCRATCH" --product sinoai >&2
  SINOAI_BIN="$SCRATCH/release/sinoai"
fi
exec python3 - "$SINOAI_BIN" "$ROOT/Data" "$@" <<'PY'
import fcntl, json, os, pty, re, select, shutil, signal, statistics, struct, sys, tempfile, termios, time

binary, data = sys.argv[1], sys.argv[2]
args = sys.argv[3:]
as_json = "--json" in args
runs = int(args[args.index("--runs") + 1]) if "--runs" in args else 10
idle_seconds = float(args[args.index("--idle") + 1]) if "--idle" in args else 10.0
COLS, ROWS = 120, 40

def as_of(folder):
    with open(os.path.join(folder, "manifest.json"), encoding="utf-8") as f:
        return json.load(f)["asOf"]

class Session:
    """The binary on the slave side of a pty; we read everything it writes."""
    def __init__(self, argv, extra_env=None):
        self.start = time.perf_counter()
        pid, fd = pty.fork()
        if pid == 0:
            # Child: size the terminal before exec so the first frame is 120×40.
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
            env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "NO_COLOR", "TMUX")}
            env.update(TERM="xterm-256color", LANG="C.UTF-8", LC_ALL="C.UTF-8")
            env.update(extra_env or {})
            os.execve(argv[0], argv, env)
        self.pid, self.fd = pid, fd
        self.total = 0
        self.buffer = bytearray()

    def read(self, timeout):
        """Bytes available within `timeout` seconds (b"" on timeout or EOF)."""
        ready, _, _ = select.select([self.fd], [], [], max(0, timeout))
        if not ready:
            return b""
        try:
            chunk = os.read(self.fd, 65536)
        except OSError:
            return b""
        self.total += len(chunk)
        self.buffer += chunk
        return chunk

    def wait_for(self, needle, timeout=10):
        """Seconds from spawn until `needle` has been written, or None."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            self.read(deadline - time.perf_counter())
            if needle in self.buffer:
                return time.perf_counter() - self.start
        return None

    def drain(self, quiet=0.3, limit=10):
        """Reads until nothing arrives for `quiet` seconds; returns the bytes read."""
        got = 0
        deadline = time.perf_counter() + limit
        while time.perf_counter() < deadline:
            chunk = self.read(quiet)
            if not chunk:
                break
            got += len(chunk)
        return got

    def send(self, data):
        os.write(self.fd, data)

    def cpu_ns(self):
        """CPU time of each live thread of the process, in nanoseconds, by thread id."""
        times = {}
        for task in os.listdir(f"/proc/{self.pid}/task"):
            try:
                with open(f"/proc/{self.pid}/task/{task}/schedstat") as f:
                    times[task] = int(f.read().split()[0])
            except (FileNotFoundError, ProcessLookupError):
                pass
        return times

    @staticmethod
    def cpu_spent(before, after):
        """CPU used between two samples: threads alive at the end, counted from their
        first sample (or from their start if they are new). A thread that exits in between
        (an idle worker of the loader's thread pool) drops out instead of making the sum
        go down."""
        return sum(ns - before.get(task, 0) for task, ns in after.items())

    def close(self):
        try:
            self.send(b"q")
        except OSError:
            pass
        deadline = time.perf_counter() + 3
        while time.perf_counter() < deadline:
            self.read(0.05)
            done, _ = os.waitpid(self.pid, os.WNOHANG)
            if done:
                break
        else:
            os.kill(self.pid, signal.SIGTERM)
            time.sleep(0.5)
            if os.waitpid(self.pid, os.WNOHANG)[0] == 0:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
        os.close(self.fd)

results = []
def report(name, value, unit, target=None, note=""):
    results.append({"benchmark": name, "value": round(value, 4), "unit": unit, "target": target, "note": note})

date = as_of(data).encode()

# 1. Time to first frame and bytes per scroll step, on the bundled data.
first_frames, first_bytes, step_bytes = [], [], []
for run in range(runs):
    s = Session([binary, "--data", data])
    t = s.wait_for(date)
    if t is None:
        s.close()
        sys.exit(f"term-bench: the dashboard never showed its as-of date {date.decode()}; output: {bytes(s.buffer[:400])!r}")
    first_frames.append(t * 1000)
    s.drain(0.3)
    first_bytes.append(s.total)
    if run == 0:
        # Down the company list to its end (steps past the end write nothing and are
        # not counted): the first steps move the cursor, later ones scroll the table.
        for _ in range(60):
            s.send(b"j")
            got = s.drain(0.15)
            if got == 0:
                break
            step_bytes.append(got)
    s.close()
report("first_frame_ms", statistics.median(first_frames), "ms", 30,
       f"median of {runs}; min {min(first_frames):.1f}, max {max(first_frames):.1f}")
report("first_frame_bytes", statistics.median(first_bytes), "bytes")
report("scroll_step_bytes", statistics.median(step_bytes), "bytes", None,
       f"median of {len(step_bytes)} `j` down the company panel; min {min(step_bytes)}, max {max(step_bytes)}, mean {statistics.mean(step_bytes):.0f}")

# 2. Watch mode on a temporary copy: idle, then reloads after one figure changes.
folder = tempfile.mkdtemp(prefix="sinoai-term-bench-")
try:
    for name in os.listdir(data):
        if name.endswith(".json"):
            shutil.copy(os.path.join(data, name), folder)
    ipos_path = os.path.join(folder, "ipos.json")
    with open(ipos_path, encoding="utf-8") as f:
        original = f.read()
    # One figure that is on screen: the latest close of the first listed IPO that has
    # one (for the bundled data, Zhipu's), shown as "vs offer" in the IPO panel and
    # "vs IPO" in the company panel.
    match = None
    for ipo in sorted(json.loads(original)["ipos"], key=lambda i: i["companyId"] != "zhipu-ai"):
        closes = [p for p in ipo.get("pricePoints", []) if p.get("kind") == "close"]
        if not closes:
            continue
        latest = max(closes, key=lambda p: p["date"])
        start = original.find(f'"id": "{ipo["id"]}"')
        pattern = r'("date"\s*:\s*"' + re.escape(latest["date"]) + r'"\s*,\s*"price"\s*:\s*)([0-9.]+)'
        match = re.compile(pattern).search(original, start)
        if start >= 0 and match:
            changed_ipo = ipo["id"]
            break
    if not match:
        sys.exit("term-bench: no close price found in ipos.json")

    s = Session([binary, "watch", "--data", folder])
    if s.wait_for(date) is None:
        sys.exit("term-bench: watch mode never drew a frame")
    s.drain(1.0)

    def idle(label):
        time.sleep(0.5)
        s.drain(0.2)
        cpu0, bytes0, t0 = s.cpu_ns(), s.total, time.perf_counter()
        end = t0 + idle_seconds
        while time.perf_counter() < end:
            s.read(end - time.perf_counter())
        elapsed = time.perf_counter() - t0
        cpu = Session.cpu_spent(cpu0, s.cpu_ns()) / 1e9 / elapsed * 100
        rate = (s.total - bytes0) / elapsed
        return cpu, rate

    cpu, rate = idle("fresh")
    report("idle_cpu_percent", cpu, "% of a core", 0.1, f"watch mode, {idle_seconds:.0f} s, no changes on screen")
    report("idle_bytes_per_s", rate, "bytes/s", 20, f"watch mode, {idle_seconds:.0f} s")

    reload_bytes, reload_latency = [], []
    for i in range(5):
        value = f"{float(match.group(2)) + 1 + i:.2f}"
        text = original[:match.start(2)] + value + original[match.end(2):]
        temp = ipos_path + ".tmp"
        with open(temp, "w", encoding="utf-8") as f:
            f.write(text)
        before = s.total
        t0 = time.perf_counter()
        os.replace(temp, ipos_path)  # atomic, as a data job writes
        first = None
        deadline = t0 + 10
        while time.perf_counter() < deadline:
            chunk = s.read(1.0 if first is not None else deadline - time.perf_counter())
            if chunk and first is None:
                first = time.perf_counter() - t0
            if not chunk and first is not None:
                break
        reload_bytes.append(s.total - before)
        reload_latency.append((first or float("nan")) * 1000)
        time.sleep(0.3)
    report("reload_bytes", statistics.median(reload_bytes), "bytes", None,
           f"median of 5 reloads, each changing the latest close of {changed_ipo}; min {min(reload_bytes)}, max {max(reload_bytes)}")
    report("reload_latency_ms", statistics.median(reload_latency), "ms", None,
           "file replaced → first byte on the terminal (includes the 200 ms debounce)")

    cpu, rate = idle("after reload")
    report("idle_cpu_percent_after_reload", cpu, "% of a core", 0.1, "watch mode while change marks fade (a tick every 5 s)")
    report("idle_bytes_per_s_after_reload", rate, "bytes/s", 20, "watch mode while change marks fade")
    s.close()
finally:
    shutil.rmtree(folder, ignore_errors=True)

if as_json:
    for r in results:
        print(json.dumps(r, ensure_ascii=False))
else:
    print(f"Terminal benchmarks: {binary}, {COLS}×{ROWS} pty, TERM=xterm-256color")
    for r in results:
        target = r["target"]
        mark = "" if target is None else ("✓" if r["value"] <= target else "✗")
        target_text = "" if target is None else f"(target ≤ {target} {r['unit']})"
        print(f"{mark:1} {r['benchmark']:32} {r['value']:>10} {r['unit']:12} {target_text:24} {r['note']}")
PY
