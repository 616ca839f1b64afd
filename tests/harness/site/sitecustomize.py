"""Loaded at start-up by every Python process the tests start (via PYTHONPATH).

It applies the same offline patches as the pytest plugin: no network, and
torchvision's CIFAR-10 md5 table pointed at the fixture (only once torchvision's
CIFAR module is really imported, so plain processes stay fast).
"""

import os
import sys

if os.environ.get("PTDOCS_OFFLINE") == "1":
    import importlib.util

    # Load offline.py by path, without importing the `tests` package into this
    # process (it may be another checkout's tests, e.g. in the harness's own tests).
    _spec = importlib.util.spec_from_file_location(
        "_ptdocs_offline",
        os.path.join(os.environ["PTDOCS_HARNESS_ROOT"], "tests", "harness", "offline.py"))
    offline = importlib.util.module_from_spec(_spec)
    _spec.loader.exec_module(offline)
    offline.block_network()

    offline.patch_cifar_when_imported(os.environ["PTDOCS_CIFAR_MD5"])
