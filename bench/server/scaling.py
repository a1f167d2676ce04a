#!/usr/bin/env python3
"""CPU per task against the worker count (issue 19), through the real server, sides interleaved round by round.

usage: scaling.py PHOTO SCALE TASKS ROUNDS POLL_MS LABEL=URL,KEY,PID [LABEL=URL,KEY,PID ...]
Each side is a running node (e.g. ATELIER_WORKERS=1 and =2 on the same jar). Per round and side: TASKS enhance tasks
of PHOTO are submitted at once, each polled every POLL_MS until it finishes; the node's CPU time (utime + stime from
/proc/PID/stat, all threads) over the round is divided by TASKS, and split by thread name (/proc/PID/task/*/comm):
workers, ForkJoin/kernel pool, HTTP, GC + JIT, other. One warm-up round per side first. Prints a Markdown table of
medians.
"""
import http.client, json, os, statistics, sys, time, urllib.parse

sys.path.insert(0, os.path.dirname(__file__))
from submit_loop import upload  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")


def threads_cpu(pid):
    """{thread kind: CPU seconds} for every live thread of pid."""
    out = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/comm") as f:
                name = f.read().strip()
            with open(f"/proc/{pid}/task/{tid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        cpu = (int(fields[11]) + int(fields[12])) / TICK
        out[kind(name)] = out.get(kind(name), 0) + cpu
    return out


def kind(name):
    if name.startswith("worker") or name.startswith("atelier-worker"):
        return "workers"
    if name.startswith("ForkJoinPool.co") or name.startswith("atelier-kernel"):  # common pool (comm is 15 chars)
        return "pool"
    if name.startswith("ForkJoinPool-"):  # carriers of virtual threads
        return "http"
    if name.startswith("C1 Comp") or name.startswith("C2 Comp") or name.startswith("GC ") or name.startswith("G1 ") \
            or name.startswith("VM ") or name.startswith("Periodic"):
        return "gc+jit"
    if name.startswith("qtp") or name.startswith("http") or name.startswith("jetty") or "acceptor" in name.lower():
        return "http"
    return "other:" + name


def process_cpu(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


class Side:
    def __init__(self, label, spec, photo):
        self.label = label
        url, self.key, pid = spec.split(",")
        self.pid = int(pid)
        u = urllib.parse.urlparse(url)
        self.host, self.port = u.hostname, u.port
        self.conn = http.client.HTTPConnection(self.host, self.port)
        with open(photo, "rb") as f:
            data = f.read()
        ctype = "image/png" if photo.endswith(".png") else "image/jpeg"
        self.file_id = upload(self.call, data, ctype, os.path.basename(photo))

    def call(self, method, path, body=None):
        self.conn.request(method, path, body=json.dumps(body) if body is not None else None,
                          headers={"Authorization": "Bearer " + self.key, "Content-Type": "application/json"})
        r = self.conn.getresponse()
        data = r.read()
        return r.status, json.loads(data) if data else None

    def round(self, scale, tasks, poll):
        before, cpu0, t0 = threads_cpu(self.pid), process_cpu(self.pid), time.perf_counter()
        ids = []
        for _ in range(tasks):
            st, run = self.call("POST", "/s2s/v2.0/task/enhance", {"src_file_id": self.file_id, "scale": scale})
            assert st == 200, run
            ids.append(run["data"]["task_id"])
        pending, polls = set(ids), 0
        while pending:
            for task in list(pending):
                st, s = self.call("GET", "/s2s/v2.0/task/enhance/" + task)
                polls += 1
                assert st == 200, s
                if s["data"]["task_status"] != "running":
                    assert s["data"]["task_status"] == "success", s
                    pending.discard(task)
            time.sleep(poll)
        wall, cpu, after = time.perf_counter() - t0, process_cpu(self.pid) - cpu0, threads_cpu(self.pid)
        split = {k: (after.get(k, 0) - before.get(k, 0)) * 1000 / tasks for k in set(after) | set(before)}
        return {"cpu": cpu * 1000 / tasks, "wall": wall * 1000 / tasks, "polls": polls / tasks, **split}


def main():
    photo, scale, tasks, rounds, poll = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), \
        float(sys.argv[5]) / 1000
    sides = [Side(*a.split("=", 1), photo) for a in sys.argv[6:]]
    for s in sides:
        s.round(scale, tasks, poll)  # warm-up
    results = {s.label: [] for s in sides}
    for r in range(rounds):
        for s in sides:
            m = s.round(scale, tasks, poll)
            results[s.label].append(m)
            print(f"round {r + 1} {s.label}: {m['cpu']:.0f} ms CPU/task, {m['wall']:.0f} ms wall/task, "
                  f"{m['polls']:.1f} polls/task, load {os.getloadavg()[0]:.2f}", file=sys.stderr)
    kinds = ["workers", "pool", "http", "gc+jit"]
    print("| side | CPU per task (ms) | " + " | ".join(kinds) + " | other threads | wall per task (ms) | polls per task |")
    print("|---" * (len(kinds) + 5) + "|")
    for label, ms in results.items():
        med = lambda k: statistics.median(m.get(k, 0) for m in ms)  # noqa: E731
        other = statistics.median(sum(v for k, v in m.items() if k.startswith("other:")) for m in ms)
        print(f"| {label} | {med('cpu'):.0f} | " + " | ".join(f"{med(k):.0f}" for k in kinds)
              + f" | {other:.0f} | {med('wall'):.0f} | {med('polls'):.1f} |")
    top = {}
    for ms in results.values():
        for m in ms:
            for k, v in m.items():
                if k.startswith("other:"):
                    top[k] = top.get(k, 0) + v
    print("busiest other threads: " + ", ".join(f"{k[6:]} {v / rounds:.0f}" for k, v in
                                               sorted(top.items(), key=lambda kv: -kv[1])[:5]))
    print(f"medians of {rounds} rounds of {tasks} tasks, poll every {poll * 1000:.0f} ms; "
          f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
