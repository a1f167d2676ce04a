#!/usr/bin/env python3
"""Peak RSS of a node serving background removal (sod, ISNet) over a bounded number of photos.

usage: sod_rss.py BASE_URL API_KEY PID PHOTO...
Runs one sod task per photo, one after another; after each prints the node's VmRSS, and at the end its VmHWM
(peak resident set), the node's CPU time per task (utime + stime of all its threads, the first task, which opens the
model's session, left out) and the median of the tasks' own run_ms, as one JSON line.
"""
import http.client, json, mimetypes, os, sys, time, urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from submit_loop import upload  # noqa: E402


def status_kb(pid, field):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return -1


def cpu_s(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main():
    base, key, pid, photos = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4:]
    u = urllib.parse.urlparse(base)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=600)
    auth = {"Authorization": "Bearer " + key, "Content-Type": "application/json"}

    def call(method, path, body=None):
        conn.request(method, path, body=json.dumps(body) if body is not None else None, headers=auth)
        r = conn.getresponse()
        return r.status, json.loads(r.read() or b"null")

    curve, cpus, runs = [], [], []
    for p in photos:
        cpu0 = cpu_s(pid)
        data = open(p, "rb").read()
        ctype = mimetypes.guess_type(p)[0] or "image/jpeg"
        st, run = call("POST", "/s2s/v2.0/task/sod", {"src_file_id": upload(call, data, ctype, p.split("/")[-1])})
        assert st == 200, run
        task = run["data"]["task_id"]
        while True:
            st, s = call("GET", "/s2s/v2.0/task/sod/" + task)
            if s["data"]["task_status"] != "running":
                break
            time.sleep(0.2)
        assert s["data"]["task_status"] == "success", s
        curve.append(round(status_kb(pid, "VmRSS") / 1024))
        cpus.append(cpu_s(pid) - cpu0)
        runs.append(s["data"].get("metadata", {}).get("run_ms", 0))
        print(f"{p}: rss {curve[-1]} MiB", file=sys.stderr)
    print(json.dumps({"photos": len(photos), "peak_rss_mib": round(status_kb(pid, "VmHWM") / 1024),
                      "cpu_ms_per_task": round(1000 * sum(cpus[1:]) / max(1, len(cpus) - 1)),
                      "run_ms_median": sorted(runs)[len(runs) // 2], "rss_after_each_mib": curve}))


if __name__ == "__main__":
    main()
