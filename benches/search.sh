#!/usr/bin/env bash
# Search benchmark: builds sites of 4,451 (FRUS), 9,463 (DFAT), 10,000 and 100,000 documents and prints, for
# each, the search stage's share of the build, the index size on disk, and the bytes a browser
# downloads for a first query (search.js included) and for the queries after it, as served and
# gzipped (tests/browser/search.mjs --bench).
#
#   bash benches/search.sh [SIZES...]     sizes: frus dfat 10000 100000 (default: all four)
#
# Sites go under $BENCH_DIR (default /dev/shm/cablegram-search-bench) and are deleted after.
# Needs a release build (cargo build --release), ../shared beside the repository, Chromium and
# `npm ci --prefix tests/browser`.
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${CARGO_TARGET_DIR:-target}/release/cablegram"
work="${BENCH_DIR:-/dev/shm/cablegram-search-bench}"
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(frus dfat 10000 100000)
mkdir -p "$work"
trap 'rm -rf "$work"' EXIT

for size in "${sizes[@]}"; do
  root="$work/$size"
  rm -rf "$root"
  mkdir -p "$root"
  if [ "$size" = frus ]; then
    ln -s "$(realpath "${SHARED:-../shared}"/corpus/frus)" "$root/content"
    queries=(castro "nuclear test ban" khrushchev)
  elif [ "$size" = dfat ]; then
    # Real text with a far larger vocabulary than the synthetic corpus's.
    ln -s "$(realpath "${SHARED:-../shared}"/corpus/dfat)" "$root/content"
    queries=(menzies "wool prices" indonesia)
  else
    python3 "${SHARED:-../shared}"/bench/gen_corpus.py --n "$size" --layout cablegram --out "$root" >/dev/null
    # Words of the generated vocabulary: a frequent one, a phrase of two, a rarer one.
    queries=("$(sed -n '/^+++$/,/^+++$/!p' "$root"/content/*000001*.md 2>/dev/null | tr -cs 'a-z' '\n' | awk 'length > 5' | head -n 1)" \
      "$(sed -n '/^+++$/,/^+++$/!p' "$root"/content/*000002*.md 2>/dev/null | tr -cs 'a-z' '\n' | awk 'length > 4' | sed -n '3,4p' | paste -sd ' ')" \
      "$(sed -n '/^+++$/,/^+++$/!p' "$root"/content/*000003*.md 2>/dev/null | tr -cs 'a-z' '\n' | awk 'length > 7' | tail -n 1)")
  fi
  printf 'title = "Bench %s"\n' "$size" > "$root/site.toml"
  echo "== $size"
  /usr/bin/time -f "  peak memory %M kB" "$bin" build --root "$root" --out "$root/public" --timings | tee "$root/timings.txt"
  awk '/^  [a-z]/ && $1 !~ /\*$/ { total += $2 } $1 == "search*" { s = $2 } END { printf "  search index %.1f s (made beside the pages) of a %.1f s build\n", s / 1000, total / 1000 }' "$root/timings.txt"
  echo "  index on disk: $(du -sh --exclude=index.html "$root/public/search" | cut -f1) in $(find "$root/public/search" -type f ! -name index.html | wc -l) files ($(find "$root/public/search" -name '*.json' -print0 | du -cb --files0-from=- | tail -n 1 | cut -f1) bytes of JSON); whole site $(du -sh "$root/public" | cut -f1)"
  args=()
  for q in "${queries[@]}"; do args+=(--query "$q"); done
  node tests/browser/search.mjs --bench "$root/public" "${args[@]}" \
    | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{for(const q of JSON.parse(s).queries)console.log(`  ${q.first?"first":"next "} query ${JSON.stringify(q.query)}: ${(q.bytes/1024).toFixed(1)} kB (${(q.gzip/1024).toFixed(1)} kB gzipped) in ${q.requests} requests; ${q.results}; largest: ${q.by_kind.slice(0,4).map(([k,b])=>k+" "+(b/1024).toFixed(1)+" kB").join(", ")}`)})'
  rm -rf "$root"
done
