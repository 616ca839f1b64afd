"""The docs harness. Every environment variable it sets or reads, in one place.

Set by ``offline.activate()`` for the test process and every process it starts:

    PTDOCS_OFFLINE=1      tells site/sitecustomize.py (first on PYTHONPATH) to apply
                          the offline patches in each Python subprocess too
    PTDOCS_HARNESS_ROOT   the repository, so that sitecustomize.py finds offline.py
    PTDOCS_DATASET        the stand-in CIFAR-10; each page's working folder links it
                          as ./dataset
    PTDOCS_CIFAR_MD5      the md5.json that torchvision's CIFAR-10 integrity table is
                          pointed at (test_train and gpu_check set their own for
                          their own stand-ins)
    TORCH_HOME            where torch hub finds the stand-in VGG16 weights
    PYTHONPATH            tests/harness/site first (sitecustomize.py)
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
