#!/usr/bin/env python3
"""`cablegram serve` under load: time from saving a record to the reload event, and 1,000
concurrent requests.

    python3 benches/serve.py CABLEGRAM_BINARY SITE_DIR [--edits 5] [--concurrent 1000]

SITE_DIR is a site (content/*.md records and site.toml), e.g. one written by
`../shared/bench/gen_corpus.py --layout cablegram` (needs ../shared/ beside the repository)
plus a site.toml; its first record is edited
(body, then title) and restored afterwards. After each save, the first request for the
records download, the feed, the search index and the sitemap is timed (each is made from the
whole collection).
"""
import argparse, asyncio, pathlib, re, socket, statistics, subprocess, sys, threading, time

ap = argparse.ArgumentParser()
ap.add_argument("binary")
ap.add_argument("site")
ap.add_argument("--edits", type=int, default=5)
ap.add_argument("--concurrent", type=int, default=1000)
args = ap.parse_args()

site = pathlib.Path(args.site)
started = time.monotonic()
server = subprocess.Popen([args.binary, "serve", "--port", "0", "--root", str(site)],
                          stdout=subprocess.PIPE, text=True)
first = server.stdout.readline()
m = re.search(r"http://127\.0\.0\.1:(\d+)(/\S*)", first)
if not m:
    sys.exit(f"no URL from serve: {first!r}")
port, base = int(m.group(1)), m.group(2)
print(f"first build and ready: {time.monotonic() - started:.2f} s ({first.strip()})")
log = []
threading.Thread(target=lambda: [log.append(l.strip()) for l in server.stdout], daemon=True).start()

events = socket.create_connection(("127.0.0.1", port))
events.sendall(f"GET {base}__cablegram/events HTTP/1.1\r\nHost: x\r\n\r\n".encode())
stream = events.makefile("rb")

def wait_for(word, timeout=120):
    events.settimeout(timeout)
    while True:
        line = stream.readline()
        if not line:
            raise SystemExit("event stream closed")
        if word in line:
            return

def fetch(path):
    with socket.create_connection(("127.0.0.1", port)) as c:
        c.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
        data = b"".join(iter(lambda: c.recv(1 << 16), b""))
    return data.split(b" ", 2)[1].decode() if data.startswith(b"HTTP/1.1") else "none"

after_save = ["data/records.json.gz", "feed.xml", "search/meta.json", "sitemap.xml"]
first_after = {p: [] for p in after_save}
wait_for(b"connected")
record = sorted((site / "content").glob("*.md"))[0]
original = record.read_text()
times = []
try:
    for i in range(args.edits):
        for kind in ("body", "title"):
            text = original + f"\nEdited paragraph {i}.\n" if kind == "body" else \
                re.sub(r'^title = "', f'title = "Edited {i} ', original, count=1, flags=re.M)
            t = time.monotonic()
            record.write_text(text)
            wait_for(b"event: reload")
            times.append(((time.monotonic() - t) * 1000, kind))
            # The first request after a save for what is made from the whole collection.
            for path in after_save:
                t = time.monotonic()
                status = fetch(base + path)
                first_after[path].append(((time.monotonic() - t) * 1000, status))
            time.sleep(0.3)
finally:
    record.write_text(original)
for ms, kind in times:
    print(f"edit ({kind}) to reload event: {ms:.0f} ms")
print(f"median edit to reload event: {statistics.median(ms for ms, _ in times):.0f} ms over {len(times)} edits")
for path, got in first_after.items():
    statuses = sorted({s for _, s in got})
    print(f"first GET {path} after a save: median {statistics.median(ms for ms, _ in got):.0f} ms, "
          f"max {max(ms for ms, _ in got):.0f} ms (HTTP {', '.join(statuses)})")
print("server's lines:", *log[-3:], sep="\n  ")

async def one(path):
    r, w = await asyncio.open_connection("127.0.0.1", port)
    w.write(f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
    await w.drain()
    data = await r.read()
    w.close()
    return data.split(b" ", 2)[1] if data.startswith(b"HTTP/1.1") else b"none"

async def load():
    paths = [base, base + "timeline/", base + "assets/style.css", base + "nope/"]
    t = time.monotonic()
    results = await asyncio.gather(*(one(paths[i % 4]) for i in range(args.concurrent)),
                                   return_exceptions=True)
    took = time.monotonic() - t
    bad = [r for r in results if isinstance(r, Exception) or r not in (b"200", b"404")]
    print(f"{args.concurrent} concurrent requests: {len(bad)} errors, {took:.2f} s")

asyncio.run(load())
server.terminate()
