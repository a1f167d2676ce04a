#!/usr/bin/python3
"""OpenCV baseline of the quality suite: cv2.inpaint (TELEA and Navier-Stokes, radius 3) on the prepared cases.

Usage: /usr/bin/python3 opencv_inpaint.py JOBS_JSON
Each job names an input PNG, a mask PNG (white = hole) and the two output PNGs to write.
Needs Debian's python3-opencv (importable by /usr/bin/python3).
"""
import json
import sys

import cv2

cv2.setNumThreads(2)


def main():
    with open(sys.argv[1]) as f:
        jobs = json.load(f)
    for job in jobs:
        src = cv2.imread(job["input"], cv2.IMREAD_COLOR)
        mask = cv2.imread(job["mask"], cv2.IMREAD_GRAYSCALE)
        cv2.imwrite(job["telea"], cv2.inpaint(src, mask, 3, cv2.INPAINT_TELEA))
        cv2.imwrite(job["ns"], cv2.inpaint(src, mask, 3, cv2.INPAINT_NS))
    print(f"OpenCV {cv2.__version__}: {len(jobs)} cases inpainted")


if __name__ == "__main__":
    main()
