"""ptdocs: the engine of the executable notes (installed by ``pip install -e .``).

It reads the pages as MkDocs renders them (pages, markers), runs their code
as a reader would (runner, execute, warm_python, offline) and judges it
(verdict); it makes the notebooks (notebooks) and the pictures (pictures);
the pytest side is pytest_plugin and scheduling, the MkDocs side the plugins
in ptdocs.site. Private internals of other packages: compat.

ROOT is the project it works on: the nearest folder, from the working
directory up, that holds mkdocs.yml; else $PTDOCS_ROOT (set by
``offline.activate()`` for every process the tests start, whose working
folders are temporary); else the folder above this package.

Every environment variable the engine sets or reads, in one place.

Set by ``offline.activate()`` for the test process and every process it starts:

    PTDOCS_OFFLINE=1      tells startup/sitecustomize.py (first on PYTHONPATH) to
                          apply the offline patches in each Python subprocess too
    PTDOCS_ROOT           the project (see ROOT above)
    PTDOCS_DATASET        the stand-in CIFAR-10; each page's working folder links it
                          as ./dataset
    PTDOCS_CIFAR_MD5      the md5.json that torchvision's CIFAR-10 integrity table is
                          pointed at (test_train and gpu_check set their own for
                          their own stand-ins)
    TORCH_HOME            where torch hub finds the stand-in VGG16 weights
    PYTHONPATH            ptdocs/startup first (sitecustomize.py)
    MPLBACKEND=Agg        matplotlib without a screen

Set by the plugin and the tests:

    OMP_NUM_THREADS, MKL_NUM_THREADS
                          each xdist worker's share of the cores (scheduling.share_the_cores,
                          only when not set already); test_train runs one thread each
    PYTHONWARNINGS        for shell blocks and programs: deprecations are errors
                          (runner.shell_env, the `shell_env` fixture; the categories
                          are verdict.DEPRECATIONS)
    CUDA_VISIBLE_DEVICES= gpu_check runs predict.py on the CPU of a GPU machine

Read:

    PTDOCS_CACHE          where the stand-in data is kept between runs
                          (default ~/.cache/pytorch-notes-tests)
    PTDOCS_WARM_PYTHON=0  turns the warm interpreter off (warm_python.py)
    PYTEST_XDIST_WORKER, PYTEST_XDIST_WORKER_COUNT
                          set by pytest-xdist: the shared site build, the cores' share
    warm_python.STARTUP_ENV
                          what a fresh interpreter reads at start-up (PYTHONPATH,
                          PYTHONHASHSEED, LD_PRELOAD, ...): a caller with other values
                          gets the real interpreter, not a fork of the warm one
"""

import os as _os
from pathlib import Path as _Path


def _find_root() -> _Path:
    here = _Path.cwd()
    for folder in (here, *here.parents):
        if (folder / "mkdocs.yml").is_file() and (folder / "snippets").is_dir():
            return folder
    if _os.environ.get("PTDOCS_ROOT"):
        return _Path(_os.environ["PTDOCS_ROOT"])
    return _Path(__file__).resolve().parent.parent


ROOT = _find_root()
