"""Loaded at start-up by every Python process the tests start (via PYTHONPATH).

It applies the same offline patches as the pytest plugin: no network, and
torchvision's CIFAR-10 md5 table pointed at the fixture (only once torchvision's
CIFAR module is really imported, so plain processes stay fast).
"""

import os
import sys

if os.environ.get("PTDOCS_OFFLINE") == "1":
    try:
        from ptdocs import offline
    except ImportError:
        # An interpreter without the project installed (gpu_check's --python):
        # the package is the folder above this one's, at the end of sys.path.
        sys.path.append(os.path.dirname(os.path.dirname(os.path.dirname(
            os.path.abspath(__file__)))))
        from ptdocs import offline
    offline.block_network()
    offline.patch_cifar_when_imported(os.environ["PTDOCS_CIFAR_MD5"])
