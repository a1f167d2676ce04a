#!/usr/bin/env python3
"""Submit -> success latency through the YouCam v2 task API, as a client sees it.

usage: submit_loop.py BASE_URL API_KEY N [poll_ms] [--print-task]
Uploads one small PNG, then runs N enhance (scale 2) tasks one after another, polling every poll_ms (default 1).
--print-task prints the id of the last (finished) task instead. Prints one JSON line: wall and overhead (wall minus the effect's own run_ms from the result metadata) percentiles.
"""
import http.client, json, struct, sys, time, urllib.parse, zlib


def png(w, h):
    rows = []
    for y in range(h):
        row = bytearray([0])
        for x in range(w):
            row += bytes(((x * 7 + y * 3) % 256, (x * 5) % 256, (y * 11) % 256))
        rows.append(bytes(row))
    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"".join(rows))) + chunk(b"IEND", b""))


def upload(call, data, content_type, name):
    """Creates a v2 upload slot with call(method, path, body) and PUTs data to it; returns the file id."""
    st, files = call("POST", "/s2s/v2.0/file", {"files": [{"content_type": content_type, "file_name": name,
                                                             "file_size": len(data)}]})
    slot = files["data"]["files"][0]
    req = slot["requests"][0]
    up = urllib.parse.urlparse(req["url"])
    upc = http.client.HTTPConnection(up.hostname, up.port)
    upc.request("PUT", up.path + ("?" + up.query if up.query else ""), body=data, headers=req.get("headers", {}))
    assert upc.getresponse().status == 200
    return slot["file_id"]


def main():
    base, key, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    poll = (float(sys.argv[4]) if len(sys.argv) > 4 else 1.0) / 1000
    print_task = "--print-task" in sys.argv
    u = urllib.parse.urlparse(base)
    conn = http.client.HTTPConnection(u.hostname, u.port)
    auth = {"Authorization": "Bearer " + key, "Content-Type": "application/json"}

    def call(method, path, body=None, headers=auth):
        conn.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
        r = conn.getresponse()
        data = r.read()
        return r.status, json.loads(data) if data else None

    file_id = upload(call, png(64, 48), "image/png", "b.png")

    walls, overheads = [], []
    for i in range(n):
        t0 = time.perf_counter()
        st, run = call("POST", "/s2s/v2.0/task/enhance", {"src_file_id": file_id, "scale": 2})
        assert st == 200, run
        task = run["data"]["task_id"]
        while True:
            st, s = call("GET", "/s2s/v2.0/task/enhance/" + task)
            assert st == 200, s
            if s["data"]["task_status"] != "running":
                break
            time.sleep(poll)
        wall = (time.perf_counter() - t0) * 1000
        assert s["data"]["task_status"] == "success", s
        run_ms = s["data"].get("metadata", {}).get("run_ms", 0)
        walls.append(wall)
        overheads.append(wall - run_ms)

    if print_task:
        print(task)
        return

    def pct(v, p):
        v = sorted(v)
        return round(v[min(len(v) - 1, int(p / 100 * len(v)))], 2)
    print(json.dumps({"n": n, "wall_p50": pct(walls, 50), "wall_p99": pct(walls, 99),
                      "overhead_p50": pct(overheads, 50), "overhead_p99": pct(overheads, 99)}))


if __name__ == "__main__":
    main()
