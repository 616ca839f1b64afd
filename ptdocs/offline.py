"""Offline stand-ins for what the snippets would download.

Nothing here replaces library code: torchvision's real ``CIFAR10`` class reads
a small CIFAR-10 that we write in the real on-disk format, and torch hub finds
a stand-in VGG16 checkpoint in its cache. The only patch is the md5 table that
torchvision checks the CIFAR files against, pointed at our files' own sums.

The same patches are applied in-process (by the pytest plugin) and in every
Python subprocess that the tests start (through ``site/sitecustomize.py``).
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import socket
import sys
from pathlib import Path

import numpy as np

# Bump when the generated data changes, so cached copies are rebuilt.
DATA_VERSION = "1"

CIFAR_CLASSES = [
    "airplane", "automobile", "bird", "cat", "deer",
    "dog", "frog", "horse", "ship", "truck",
]
# One base colour per class (RGB in 0..1); stripes add a second cue.
_PALETTE = np.array([
    [0.85, 0.20, 0.20], [0.20, 0.75, 0.25], [0.20, 0.35, 0.90],
    [0.90, 0.80, 0.15], [0.75, 0.25, 0.80], [0.15, 0.80, 0.80],
    [0.95, 0.55, 0.10], [0.50, 0.50, 0.50], [0.55, 0.35, 0.15],
    [0.95, 0.95, 0.95],
])

TRAIN_PER_BATCH = 400   # 5 files -> 2,000 training images
TEST_IMAGES = 500

# The folder put first on PYTHONPATH: its sitecustomize.py makes every Python
# process the tests start offline too.
STARTUP = Path(__file__).resolve().parent / "startup"
CACHE = Path(os.environ.get("PTDOCS_CACHE", Path.home() / ".cache" / "pytorch-notes-tests"))


def cifar_images(labels: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Images (N, 3072) uint8, row-major CHW as in the real files.

    Each class has a colour and a stripe orientation, both jittered and buried
    in noise: a small CNN learns it in an epoch or two, but not instantly.
    """
    n = len(labels)
    yy, xx = np.mgrid[0:32, 0:32].astype(np.float32)
    angle = labels * (np.pi / 10) + rng.normal(0, 0.08, n)
    freq = 0.45 + 0.04 * (labels % 3)
    phase = rng.uniform(0, 2 * np.pi, n)
    proj = (np.cos(angle)[:, None, None] * xx + np.sin(angle)[:, None, None] * yy)
    stripes = 0.5 + 0.5 * np.sin(freq[:, None, None] * proj + phase[:, None, None])
    colour = _PALETTE[labels] + rng.normal(0, 0.12, (n, 3))
    img = 0.15 + 0.7 * colour[:, :, None, None] * (0.35 + 0.65 * stripes[:, None])
    img += rng.normal(0, 0.12, img.shape)
    return (np.clip(img, 0, 1) * 255).astype(np.uint8).reshape(n, 3072)


def _md5(path: Path) -> str:
    return hashlib.md5(path.read_bytes()).hexdigest()


def write_cifar10(root: Path, train_per_batch: int = TRAIN_PER_BATCH,
                  test_images: int = TEST_IMAGES, seed: int = 0) -> dict:
    """Write ``root/cifar-10-batches-py`` and return {filename: md5}."""
    folder = Path(root) / "cifar-10-batches-py"
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    names = [f"data_batch_{i}" for i in range(1, 6)] + ["test_batch"]
    for name in names:
        n = test_images if name == "test_batch" else train_per_batch
        labels = rng.permutation(np.arange(n) % 10)
        entry = {
            "batch_label": f"fixture {name}",
            "labels": labels.tolist(),
            "data": cifar_images(labels, rng),
            "filenames": [f"{name}_{i:05d}.png" for i in range(n)],
        }
        with open(folder / name, "wb") as fh:
            pickle.dump(entry, fh, protocol=2)
    with open(folder / "batches.meta", "wb") as fh:
        pickle.dump({"label_names": CIFAR_CLASSES, "num_cases_per_batch": train_per_batch,
                     "num_vis": 3072}, fh, protocol=2)
    sums = {p.name: _md5(p) for p in sorted(folder.iterdir()) if p.name != "md5.json"}
    (folder / "md5.json").write_text(json.dumps(sums, indent=1))
    return sums


def patch_cifar_md5(md5_file: str | Path, CIFAR10=None) -> None:
    """Point torchvision's integrity table at the fixture's own md5 sums."""
    if CIFAR10 is None:
        from torchvision.datasets import CIFAR10

    sums = json.loads(Path(md5_file).read_text())
    CIFAR10.train_list = [[n, sums[n]] for n, _ in CIFAR10.train_list]
    CIFAR10.test_list = [[n, sums[n]] for n, _ in CIFAR10.test_list]
    CIFAR10.meta = {**CIFAR10.meta, "md5": sums["batches.meta"]}


def write_vgg16_checkpoint(torch_home: Path) -> Path:
    """A stand-in for VGG16_Weights.IMAGENET1K_V1: right shapes, random values."""
    target = Path(torch_home) / "hub" / "checkpoints" / "vgg16-397923af.pth"
    if target.exists():
        return target
    import torch
    from torchvision.models import vgg16

    target.parent.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(0)
    tmp = target.with_suffix(".tmp")
    torch.save(vgg16(weights=None).state_dict(), tmp)
    os.replace(tmp, target)
    return target


def prepare_cache() -> dict[str, str]:
    """Build (once, then reuse) the offline data; return the env to run under."""
    import fcntl

    root = CACHE / f"v{DATA_VERSION}"
    root.mkdir(parents=True, exist_ok=True)
    cifar_root = root / "dataset"
    md5_file = cifar_root / "cifar-10-batches-py" / "md5.json"
    # Several pytest processes (xdist workers) may start at once: one builds.
    with open(root / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not md5_file.exists():
            write_cifar10(cifar_root)
        write_vgg16_checkpoint(root / "torch_home")
    return {
        "PTDOCS_OFFLINE": "1",
        "PTDOCS_DATASET": str(cifar_root),
        "PTDOCS_CIFAR_MD5": str(md5_file),
        "TORCH_HOME": str(root / "torch_home"),
    }


def activate() -> dict[str, str]:
    """Make this process, and every Python process it starts, run offline."""
    from ptdocs import ROOT

    env = prepare_cache()
    env["PTDOCS_ROOT"] = str(ROOT)
    site = str(STARTUP)
    # (idempotent: called again, it must not grow PYTHONPATH)
    env["PYTHONPATH"] = os.pathsep.join(
        [site] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep)
                  if p and p != site])
    env["MPLBACKEND"] = "Agg"
    os.environ.update(env)
    block_network()
    patch_cifar_when_imported(env["PTDOCS_CIFAR_MD5"])
    return env


def patch_cifar_when_imported(md5_file: str) -> None:
    """patch_cifar_md5 as soon as torchvision's CIFAR module is imported (now,
    if it is), so that a process that never uses torchvision never pays for
    importing it (the xdist controller, a plain subprocess)."""
    import importlib.abc
    import importlib.util

    target = "torchvision.datasets.cifar"
    if target in sys.modules:
        patch_cifar_md5(md5_file, sys.modules[target].CIFAR10)
        return

    class PatchCifarAfterImport(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path, target_=None):
            if name != target:
                return None
            sys.meta_path.remove(self)
            spec = importlib.util.find_spec(name)
            exec_module = spec.loader.exec_module

            def exec_and_patch(module):
                exec_module(module)
                patch_cifar_md5(md5_file, module.CIFAR10)

            spec.loader.exec_module = exec_and_patch
            return spec

    # (called again, the latest md5 table wins)
    sys.meta_path[:] = [f for f in sys.meta_path
                        if type(f).__name__ != "PatchCifarAfterImport"]
    sys.meta_path.insert(0, PatchCifarAfterImport())


def make_workdir(prefix: str) -> Path:
    """A fresh folder that looks like the repository root to snippet code:
    ``snippets/`` and ``dataset/`` are links, everything else starts empty."""
    import tempfile

    from ptdocs import ROOT

    work = Path(tempfile.mkdtemp(prefix=f"ptdocs-{prefix}-"))
    (work / "snippets").symlink_to(ROOT / "snippets", target_is_directory=True)
    (work / "dataset").symlink_to(os.environ["PTDOCS_DATASET"], target_is_directory=True)
    return work


# --- no network ------------------------------------------------------------

class NetworkBlocked(RuntimeError):
    pass


def _is_loopback(host) -> bool:
    if host in ("localhost", "", None):
        return True
    try:
        import ipaddress
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False


def block_network() -> None:
    """Make any connection to a non-loopback address fail loudly."""
    if getattr(socket.socket, "_ptdocs_blocked", False):
        return
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex
    real_getaddrinfo = socket.getaddrinfo

    def check(address):
        if isinstance(address, tuple) and not _is_loopback(address[0]):
            raise NetworkBlocked(
                f"offline test tried to reach the network: {address[0]}:{address[1]}")

    def connect(self, address):
        check(address)
        return real_connect(self, address)

    def connect_ex(self, address):
        check(address)
        return real_connect_ex(self, address)

    def getaddrinfo(host, *args, **kwargs):
        if not _is_loopback(host) and not _looks_numeric(host):
            raise NetworkBlocked(f"offline test tried to reach the network: {host}")
        return real_getaddrinfo(host, *args, **kwargs)

    socket.socket.connect = connect
    socket.socket.connect_ex = connect_ex
    socket.getaddrinfo = getaddrinfo
    socket.socket._ptdocs_blocked = True


def _looks_numeric(host) -> bool:
    import ipaddress
    try:
        ipaddress.ip_address(str(host))
        return True
    except ValueError:
        return False
