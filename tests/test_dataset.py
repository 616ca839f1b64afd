"""Claims of the Dataset & DataLoader chapter beyond the printed output."""

from __future__ import annotations

import math
import subprocess
import sys

import pytest
import torch
from torch.utils.data import DataLoader

from ptdocs.runner import ROOT, run_snippet

SNIPPETS = ROOT / "snippets" / "dataset"


@pytest.mark.parametrize("n, batch_size", [(500, 64), (10000, 64), (2000, 128),
                                           (10, 4), (128, 64), (5, 8)])
def test_batches_per_epoch_and_last_batch(n, batch_size):
    """The table on the page: drop_last=True drops the short last batch."""
    for drop_last in (False, True):
        loader = DataLoader(range(n), batch_size=batch_size, drop_last=drop_last)
        sizes = [len(batch) for batch in loader]
        expected = n // batch_size if drop_last else math.ceil(n / batch_size)
        assert len(loader) == len(sizes) == expected
        if n % batch_size and not drop_last:
            assert sizes[-1] == n % batch_size
        assert all(size == batch_size for size in sizes[:-1])


def test_shuffle_is_a_new_order_each_epoch_and_reproducible():
    def orders(seed):
        loader = DataLoader(range(500), batch_size=64, shuffle=True,
                            generator=torch.Generator().manual_seed(seed))
        return [torch.cat(list(loader)).tolist() for _ in range(2)]

    first, second = orders(0)
    assert first != second                        # a new order every epoch
    assert sorted(first) == list(range(500))      # each sample exactly once
    assert orders(0) == [first, second]           # same seed, same orders


def test_workers_give_the_same_batches_as_the_main_process(workdir):
    """num_workers changes who loads the data, not the data."""
    import torchvision

    test_data = torchvision.datasets.CIFAR10(
        str(workdir / "dataset"), train=False,
        transform=torchvision.transforms.ToTensor(), download=True)
    main = list(DataLoader(test_data, batch_size=64, num_workers=0))
    workers = list(DataLoader(test_data, batch_size=64, num_workers=2))
    assert len(main) == len(workers) == 8
    for (a, ta), (b, tb) in zip(main, workers):
        assert torch.equal(a, b) and torch.equal(ta, tb)


SPAWN_SCRIPT = """
import multiprocessing


def work():
    pass


multiprocessing.set_start_method("spawn", force=True)  # as on Windows/macOS
{guard}
    process = multiprocessing.Process(target=work)
    process.start()
    process.join()
    print("worker exit code", process.exitcode)
"""


def run_spawn_script(tmp_path, guard):
    script = tmp_path / "script.py"
    script.write_text(SPAWN_SCRIPT.format(guard=guard))
    # -I: an isolated Python (no PYTHONPATH, so no harness start-up code) starts
    # fast, and the spawned worker inherits the flag.
    return subprocess.run([sys.executable, "-I", str(script)], capture_output=True, text=True,
                          timeout=60)


def test_spawn_needs_the_main_guard(tmp_path):
    """The error the page quotes, and that the guard avoids it (plain
    multiprocessing, which DataLoader workers are built on)."""
    guarded = run_spawn_script(tmp_path, 'if __name__ == "__main__":')
    assert guarded.stdout == "worker exit code 0\n", guarded.stderr
    unguarded = run_spawn_script(tmp_path, "if True:  # no guard")
    assert "worker exit code 1" in unguarded.stdout
    message = " ".join(unguarded.stderr.split())
    assert ("An attempt has been made to start a new process before the current "
            "process has finished its bootstrapping phase") in message


def test_my_data_and_image_folder_agree(workdir):
    """MyData (labels as folder names) and ImageFolder (labels as indices) see
    the same pictures in the same order."""
    run_snippet(SNIPPETS / "my_data.py", workdir)
    import os

    from torchvision import datasets

    folder = datasets.ImageFolder(str(workdir / "data" / "train"))
    names = [os.path.relpath(path, workdir / "data" / "train") for path, _ in folder.samples]
    assert names == [f"cat/cat_{k}.jpg" for k in range(6)] + [
        f"coffee/coffee_{k}.jpg" for k in range(4)]
    assert [folder.classes[t] for _, t in folder.samples] == ["cat"] * 6 + ["coffee"] * 4


def test_add_images_stores_a_batch_of_64_as_one_8_by_8_grid():
    """The page: each batch of 64 CIFAR pictures becomes one 256x256 picture."""
    from torch.utils.tensorboard.summary import image

    summary = image("epoch 0", torch.rand(64, 3, 32, 32), dataformats="NCHW")
    stored = summary.value[0].image
    assert (stored.width, stored.height) == (256, 256)
