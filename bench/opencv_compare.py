#!/usr/bin/python3
"""OpenCV side of bench/compare.sh: runs cv2 on the jobs the Java harness prepared and records timings.

Usage: /usr/bin/python3 opencv_compare.py WORK_DIR
Reads WORK_DIR/jobs.json, writes outputs next to the inputs and WORK_DIR/opencv_times.json (median seconds).
Needs Debian's python3-opencv (importable by /usr/bin/python3).
"""
import json
import statistics
import sys
import time

import cv2

cv2.setNumThreads(2)  # the machine budget: 2 cores


def timed(fn, repeat):
    times = []
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return result, statistics.median(times)


def main():
    work = sys.argv[1]
    with open(f"{work}/jobs.json") as f:
        jobs = json.load(f)
    out = {"inpaint": {}, "resize": {}, "version": cv2.__version__}
    for job in jobs["inpaint"]:
        src = cv2.imread(job["source"], cv2.IMREAD_COLOR)
        mask = cv2.imread(job["mask"], cv2.IMREAD_GRAYSCALE)
        for name, flag in (("telea", cv2.INPAINT_TELEA), ("ns", cv2.INPAINT_NS)):
            result, seconds = timed(lambda: cv2.inpaint(src, mask, 3, flag), 3)
            cv2.imwrite(job[name], result)
            out["inpaint"].setdefault(job["id"], {})[name] = seconds
    for job in jobs["resize"]:
        def decode_resize_encode():
            img = cv2.imread(job["source"], cv2.IMREAD_COLOR)
            small = cv2.resize(img, (job["thumb_w"], job["thumb_h"]), interpolation=cv2.INTER_LANCZOS4)
            ok, data = cv2.imencode(".jpg", small, [cv2.IMWRITE_JPEG_QUALITY, 90])
            return data
        _, pipeline = timed(decode_resize_encode, 5)
        img = cv2.imread(job["source"], cv2.IMREAD_COLOR)
        _, decode = timed(lambda: cv2.imread(job["source"], cv2.IMREAD_COLOR), 5)
        _, resize = timed(lambda: cv2.resize(img, (job["thumb_w"], job["thumb_h"]), interpolation=cv2.INTER_LANCZOS4), 5)
        _, encode = timed(lambda: cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, 90]), 3)
        back = cv2.resize(img, (job["orig_w"], job["orig_h"]), interpolation=cv2.INTER_LANCZOS4)
        cv2.imwrite(job["opencv_back"], back)
        out["resize"][job["id"]] = {"pipeline": pipeline, "decode": decode, "resize": resize, "encode": encode}
    with open(f"{work}/opencv_times.json", "w") as f:
        json.dump(out, f, indent=1)


if __name__ == "__main__":
    main()
