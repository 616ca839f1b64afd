"""The TensorBoard chapter's logs, read back by a real TensorBoard server.

The chapter's own snippets write the logs (in a fresh working directory);
one ``tensorboard`` process serves them on loopback, and the tests ask it
through the same HTTP API that its web page uses:

    GET data/plugin/scalars/scalars?run=R&tag=T  -> [[wall_time, step, value], ...]
    GET data/plugin/images/images?run=R&tag=T    -> [{"step": .., "query": ..}, ...]
    GET data/plugin/images/individualImage?<query> -> PNG bytes
"""

from __future__ import annotations

import io
import json
import queue
import shutil
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request

import pytest
from PIL import Image

from ptdocs import offline
from ptdocs.runner import ROOT, run_snippet

SNIPPETS = ROOT / "snippets" / "tensorboard"
WRITERS = ["write_scalars.py", "write_images.py", "same_tag_twice.py",
           "one_run_per_folder.py"]
START_TIMEOUT = 60


def write_purge_runs(logdir):
    """The page's claim about purge_step: the server honours it only when the
    run already holds a start marker, i.e. when the first run used it too."""
    from torch.utils.tensorboard import SummaryWriter

    for folder, first_purge in [("purge_second_only", None), ("purge_both", 0)]:
        for slope, purge in [(2, first_purge), (3, 0)]:
            with SummaryWriter(str(logdir / folder), purge_step=purge) as writer:
                for i in range(100):
                    writer.add_scalar("y", slope * i, i)


def start_server(logdir):
    proc = subprocess.Popen(
        [sys.executable, "-m", "tensorboard.main", "--logdir", str(logdir),
         "--host", "127.0.0.1", "--port", "0", "--load_fast=false",
         # read everything once, before serving: no race with the first request
         "--reload_interval=0", "--reload_task=blocking"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    lines: queue.Queue[str | None] = queue.Queue()

    def pump():
        for line in proc.stderr:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=pump, daemon=True).start()
    deadline, seen = time.monotonic() + START_TIMEOUT, []
    while True:
        try:
            line = lines.get(timeout=max(0.1, deadline - time.monotonic()))
        except queue.Empty:
            line = None
        if line is None or time.monotonic() > deadline:
            stop_server(proc)
            raise RuntimeError("TensorBoard did not print its URL:\n" + "".join(seen))
        seen.append(line)
        if " at http://" in line:
            return proc, line.split(" at ")[1].split()[0]


def stop_server(proc):
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=30)


@pytest.fixture(scope="module")
def server():
    work = offline.make_workdir("tensorboard-server")
    proc = None
    try:
        for name in WRITERS:
            run_snippet(SNIPPETS / name, work)
        logdir = work / "logs" / "tensorboard"
        write_purge_runs(logdir)
        proc, url = start_server(logdir)

        def get(path, **query):
            full = f"{url}{path}?{urllib.parse.urlencode(query)}"
            with urllib.request.urlopen(full, timeout=30) as response:
                body = response.read()
            return body if path.endswith("individualImage") else json.loads(body)

        yield get
    finally:
        if proc is not None:
            stop_server(proc)
        shutil.rmtree(work, ignore_errors=True)


def test_server_lists_the_chapters_runs(server):
    assert set(server("data/runs")) == {
        "scalars", "images", "same_tag", "runs/slope_2", "runs/slope_3",
        "purge_second_only", "purge_both"}


def test_scalars_are_what_write_scalars_wrote(server):
    points = server("data/plugin/scalars/scalars", run="scalars", tag="y=2x")
    assert [step for _, step, _ in points] == list(range(100))
    assert [value for _, _, value in points] == [2.0 * i for i in range(100)]


def test_same_tag_twice_gives_one_line_with_both_runs(server):
    points = server("data/plugin/scalars/scalars", run="same_tag", tag="y=2x")
    assert len(points) == 200
    assert [step for _, step, _ in points] == list(range(100)) * 2
    assert [value for _, _, value in points] == (
        [2.0 * i for i in range(100)] + [3.0 * i for i in range(100)])


def test_one_folder_per_run_gives_separate_runs(server):
    for slope in (2, 3):
        points = server("data/plugin/scalars/scalars", run=f"runs/slope_{slope}", tag="y")
        assert [value for _, _, value in points] == [slope * 1.0 * i for i in range(100)]


def test_purge_step_needs_a_start_marker_from_the_first_run(server):
    second_only = server("data/plugin/scalars/scalars", run="purge_second_only", tag="y")
    both = server("data/plugin/scalars/scalars", run="purge_both", tag="y")
    assert len(second_only) == 200  # nothing hidden: the first START is "initial"
    assert [value for _, _, value in both] == [3.0 * i for i in range(100)]


@pytest.mark.parametrize("tag, steps, size", [
    ("test", [1, 2], (400, 267)),     # the HWC array and the CHW tensor
    ("photos", [0], (512, 128)),      # add_images: four 128x128 photos in a row
])
def test_images_are_listed_and_decode(server, tag, steps, size):
    listed = server("data/plugin/images/images", run="images", tag=tag)
    assert [entry["step"] for entry in listed] == steps
    for entry in listed:
        png = server("data/plugin/images/individualImage",
                     **dict(urllib.parse.parse_qsl(entry["query"])))
        image = Image.open(io.BytesIO(png))
        assert image.format == "PNG"
        assert image.size == size
