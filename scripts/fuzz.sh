#!/usr/bin/env bash
# Fuzzes the snapshot loader with libFuzzer for a bounded time.
#
# usage: scripts/fuzz.sh [SECONDS] [extra libFuzzer flags…]     (default 300 s)
#
# Builds the `sinoai-fuzz` target with -sanitize=fuzzer,address (release, so ASan and
# Swift's own checks stay on while it runs fast) into .build-bench/fuzz, seeds the corpus
# from Data/ and the minimal test fixture (each seed is a selector byte + one file), adds
# a dictionary of the schema's keys and values, and runs for SECONDS with a 10 s per-input
# timeout (a hang is a finding) and a 2 GB memory limit. Every crash, timeout or
# out-of-memory input is copied to Tests/SinoAIDomainTests/Fixtures/hostile/fuzz/, where
# `swift test` replays it; the script then exits 1.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
RUN_SECONDS=${1:-300}
shift || true
SCRATCH=${SINOAI_FUZZ_SCRATCH:-$ROOT/.build-bench/fuzz}
WORK=$SCRATCH/work
ARTIFACTS=$ROOT/fuzz-artifacts
FINDINGS=$ROOT/Tests/SinoAIDomainTests/Fixtures/hostile/fuzz
BASE=$ROOT/Tests/SinoAIDomainTests/Fixtures/minimal

swift build -c release --product sinoai-fuzz --scratch-path "$SCRATCH" \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -DSINOAI_FUZZ >&2
FUZZER="$SCRATCH/release/sinoai-fuzz"

mkdir -p "$WORK/corpus" "$WORK/seeds" "$ARTIFACTS" "$FINDINGS"
# Seeds: selector byte (index in manifest, companies, ipos, policies, risk) + the file.
python3 - "$ROOT/Data" "$BASE" "$WORK/seeds" "$WORK/json.dict" <<'PY'
import json, os, sys
data, base, seeds, dictionary = sys.argv[1:5]
files = ["manifest.json", "companies.json", "ipos.json", "policies.json", "risk.json"]
tokens = set()
def walk(value):
    if isinstance(value, dict):
        for k, v in value.items():
            tokens.add(json.dumps(k)); walk(v)
    elif isinstance(value, list):
        for v in value: walk(v)
    elif isinstance(value, str) and len(value) <= 24:
        tokens.add(json.dumps(value, ensure_ascii=False))
for folder, tag in ((data, "data"), (base, "minimal")):
    for i, name in enumerate(files):
        with open(os.path.join(folder, name), "rb") as f:
            content = f.read()
        with open(os.path.join(seeds, f"{tag}-{name}"), "wb") as f:
            f.write(bytes([i]) + content)
        walk(json.loads(content))
tokens |= {'"\\u001b"', '"\\ud800"', "1e400", "-0", "NaN", "null", "true", "false", "[]", "{}", '"2026-02-30"', '"HKX"'}
with open(dictionary, "w", encoding="utf-8") as f:
    for i, token in enumerate(sorted(tokens)):
        # libFuzzer dictionaries take printable ASCII; other bytes as \xNN.
        escaped = "".join(chr(b) if 0x20 <= b < 0x7F and b not in (0x22, 0x5C) else f"\\x{b:02X}" for b in token.encode())
        f.write(f'kw{i}="{escaped}"\n')
PY

echo "fuzzing SnapshotLoader for ${RUN_SECONDS}s (corpus $WORK/corpus, artifacts $ARTIFACTS)" >&2
STAMP=$WORK/.run-started
touch "$STAMP"
set +e
ASAN_OPTIONS=detect_leaks=0:handle_abort=1 SINOAI_FUZZ_BASE="$BASE" "$FUZZER" \
  -max_total_time="$RUN_SECONDS" -timeout=10 -rss_limit_mb=2048 -max_len=262144 \
  -dict="$WORK/json.dict" -artifact_prefix="$ARTIFACTS/" -print_final_stats=1 \
  "$@" "$WORK/corpus" "$WORK/seeds" 2>&1 | tee "$WORK/last-run.log" | grep -E "^#[0-9]+.*(pulse|DONE)|INFO: Seed|ERROR|SUMMARY|stat::|Test unit written|Done [0-9]+ runs" >&2
status=${PIPESTATUS[0]}
set -e

found=0
for artifact in $(find "$ARTIFACTS" -maxdepth 1 -type f -newer "$STAMP" \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'leak-*' \)); do
  name=$(basename "$artifact")
  if [ ! -e "$FINDINGS/$name" ]; then
    cp "$artifact" "$FINDINGS/$name"
    echo "finding: $name → Tests/SinoAIDomainTests/Fixtures/hostile/fuzz/$name (replayed by swift test)" >&2
  fi
  found=$((found + 1))
done
if [ "$status" -ne 0 ] || [ "$found" -gt 0 ]; then
  echo "fuzz: libFuzzer exited $status with $found finding(s); see $WORK/last-run.log" >&2
  exit 1
fi
echo "fuzz: no crash, no hang, no out-of-memory in ${RUN_SECONDS}s (log: $WORK/last-run.log)" >&2
