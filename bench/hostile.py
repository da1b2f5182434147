#!/usr/bin/env python
"""How fast hostile files are refused: the roster files of tests/villages/test_roster_limits.py and
the oversized PNGs of tests/inspections/test_photo_bounds.py, each read the way an upload is read,
with its wall time and Python's peak allocation:

    roster=zip-bomb seconds=0.021 peak_mb=10.4 refused="文件解压后过大(50.0 MB,上限 10 MB)…"
    photo=40-megapixel-png seconds=0.004 peak_mb=0.1 refused="PNG 图片像素过大…"

Target: every one refused in well under a second and 50 MB (the tests keep the memory bound and
that each is refused; wall time depends on the machine, so it is measured here).
Usage: python bench/hostile.py
"""

import os
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402

from inspections.photos import process_photo  # noqa: E402
from tests.inspections.test_photo_bounds import forty_megapixel_png, png_declaring  # noqa: E402
from tests.villages.test_roster_limits import HOSTILE  # noqa: E402
from villages.roster import read_rows  # noqa: E402

PHOTOS = {
    "40-megapixel-png": forty_megapixel_png,
    "declared-10-gigapixel": lambda: png_declaring(100_000, 100_000),
    "declared-25-megapixel": lambda: png_declaring(5000, 5000),
}


def timed(function):
    """Wall time of a plain run, then the peak allocation of a second run (tracing slows it)."""
    start = time.perf_counter()
    try:
        function()
        outcome = "ACCEPTED"
    except Exception as error:  # each should be refused with its message
        outcome = str(error)[:60]
    seconds = time.perf_counter() - start
    tracemalloc.start()
    try:
        function()
    except Exception:
        pass
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seconds, peak / 1024 / 1024, outcome


def main():
    worst = 0.0
    for name, (build, _message) in HOSTILE.items():
        data = build()
        seconds, peak, outcome = timed(lambda data=data: read_rows("roster.xlsx", data))
        worst = max(worst, seconds)
        print(f'roster={name} seconds={seconds:.3f} peak_mb={peak:.1f} refused="{outcome}"')
    for name, build in PHOTOS.items():
        data = build()
        seconds, peak, outcome = timed(lambda data=data: process_photo(SimpleUploadedFile("p.png", data)))
        worst = max(worst, seconds)
        print(f'photo={name} seconds={seconds:.3f} peak_mb={peak:.1f} refused="{outcome}"')
    print(f"worst_seconds={worst:.3f} target=<1")


if __name__ == "__main__":
    main()
