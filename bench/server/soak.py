#!/usr/bin/env python3
"""Soak: many mixed tasks through the real server, the node's RSS sampled along the way (issue 15).

usage: soak.py BASE_URL API_KEY PID TASKS CLIENTS WARMUP
CLIENTS threads each submit a task, poll it every 50 ms until it ends, and go on, until TASKS tasks have been sent.
The mix (344x256 inputs): enhance x1 and x2, color-correct, lighting, obj-removal with a mask, and two kinds of bad
request (scale 3: refused at submit; bytes that are no image: the task fails with error_decode_image). The node's
VmRSS (/proc/PID/status) is sampled after WARMUP tasks and every 10 % after; prints the samples, the outcome counts
and one JSON line with the drift from the warm-up sample to the end.
"""
import http.client, json, os, random, sys, threading, time, urllib.parse

sys.path.insert(0, os.path.dirname(__file__))
from submit_loop import png, upload  # noqa: E402


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def mask_png(w, h):
    import struct, zlib
    rows = b"".join(b"\x00" + bytes(255 if w // 3 <= x < w // 2 and h // 3 <= y < h // 2 else 0 for x in range(w))
                    for y in range(h))

    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def main():
    base, key, pid = sys.argv[1], sys.argv[2], int(sys.argv[3])
    total, clients, warmup = int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
    seed = int(os.environ.get("SOAK_SEED", "15"))
    print(f"seed {seed}", flush=True)
    u = urllib.parse.urlparse(base)
    auth = {"Authorization": "Bearer " + key, "Content-Type": "application/json"}

    def caller():
        conn = http.client.HTTPConnection(u.hostname, u.port, timeout=120)

        def call(method, path, body=None):
            conn.request(method, path, body=json.dumps(body) if body is not None else None, headers=auth)
            r = conn.getresponse()
            data = r.read()
            return r.status, json.loads(data) if data else None
        return call

    setup = caller()
    src = upload(setup, png(344, 256), "image/png", "s.png")
    msk = upload(setup, mask_png(344, 256), "image/png", "m.png")
    junk = upload(setup, b"this is not an image at all" * 40, "image/png", "j.png")
    mix = [("enhance", {"src_file_id": src, "scale": 1}, 25), ("enhance", {"src_file_id": src, "scale": 2}, 20),
           ("colorize/color-correct", {"src_file_id": src}, 15), ("lighting", {"src_file_id": src}, 15),
           ("obj-removal", {"src_file_id": src, "msk_file_id": msk}, 15),
           ("enhance", {"src_file_id": src, "scale": 3}, 5), ("enhance", {"src_file_id": junk, "scale": 1}, 5)]
    weights = [m[2] for m in mix]
    rng = random.Random(seed)
    plan = rng.choices(range(len(mix)), weights=weights, k=total)

    lock = threading.Lock()
    state = {"next": 0, "done": 0}
    outcomes = {}
    samples = []
    marks = sorted({warmup} | {warmup + (total - warmup) * k // 10 for k in range(1, 11)})

    def record(label):
        with lock:
            outcomes[label] = outcomes.get(label, 0) + 1
            state["done"] += 1
            done = state["done"]
            if marks and done >= marks[0]:
                marks.pop(0)
                samples.append((done, round(rss_mib(pid), 1)))
                print(f"{done} tasks: RSS {samples[-1][1]} MiB", flush=True)

    def work():
        call = caller()
        while True:
            with lock:
                i = state["next"]
                if i >= total:
                    return
                state["next"] += 1
            path, body, _ = mix[plan[i]]
            st, run = call("POST", "/s2s/v2.0/task/" + path, body)
            if st != 200:
                record(f"{path} refused {st} {run.get('error_code') if run else ''}")
                continue
            task = run["data"]["task_id"]
            while True:
                st, s = call("GET", f"/s2s/v2.0/task/{path}/{task}")
                if st != 200 or s["data"]["task_status"] not in ("running", "queued"):
                    break
                time.sleep(0.05)
            data = s.get("data", {}) if st == 200 else {}
            record(f"{path} {data.get('task_status', st)} {data.get('error', '')}".strip())

    t0 = time.time()
    threads = [threading.Thread(target=work) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.time() - t0
    for label, n in sorted(outcomes.items()):
        print(f"  {n:5d}  {label}")
    warm = samples[0][1]
    end = samples[-1][1]
    print(json.dumps({"tasks": total, "clients": clients, "wall_s": round(wall, 1), "rss_warm_mib": warm,
                      "rss_end_mib": end, "rss_max_mib": max(s[1] for s in samples),
                      "drift_pct": round(100 * (end - warm) / warm, 2)}))


if __name__ == "__main__":
    main()
