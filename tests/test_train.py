"""snippets/training/train.py, run the way a reader runs it:

    python snippets/training/train.py --epochs 3 [--resume [PATH]] ...

A run stopped by a real SIGINT and then resumed ends with exactly the weights
of a run that was never stopped; training on the fixture data learns; every
bad input gets one line on stderr and a non-zero exit code, never a traceback.
The complete-training page's ReLU exercise (train_simple.py with the answer's
network) trains as well.

Every program here runs in a process of its own, and all of them start at
once. Starting Python and importing torch and torchvision costs several
seconds of CPU each (more than most of these runs), so ``python`` is the
harness's warm interpreter (ptdocs/warm_python.py): each run is a fork
of a process that imported them once, and still its own process that runs
train.py as ``__main__`` with its own cwd, argv, environment, stdio, exit code
and signals. One bad-input case also runs with the real interpreter and must
print exactly what its warm twin printed.
"""

from __future__ import annotations

import functools
import importlib.util
import math
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
import torch
from torch import nn

from ptdocs import offline, runner
from ptdocs.pages import ROOT

TRAIN = "snippets/training/train.py"
CLASSES = offline.CIFAR_CLASSES
# As in the page's shell blocks (deprecations fail the program), with one
# thread per program: several run at once on two cores.
ENV = {**runner.shell_env(), "OMP_NUM_THREADS": "1"}
TIMEOUT = 600
TINY = ["--epochs", 4, "--batch-size", 16, "--seed", 3, "--num-workers", 0,
        "--device", "cpu"]


def start(workdir: Path, *args, env=None, warm=True, script=True) -> subprocess.Popen:
    """`python train.py ARGS` from workdir (script=False: `python ARGS`);
    warm: the harness's warm python."""
    env = env or ENV
    python = "python" if warm else sys.executable
    if warm:
        env = runner.warm_python().env_for(env)
    return subprocess.Popen([python, *([TRAIN] if script else []), *map(str, args)],
                            cwd=workdir, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def finish(proc) -> subprocess.CompletedProcess:
    """Wait for a run and keep what it printed."""
    if not hasattr(proc, "result"):
        out, err = proc.communicate(timeout=TIMEOUT)
        proc.result = subprocess.CompletedProcess(proc.args, proc.returncode, out, err)
    return proc.result


def load(path: Path) -> dict:
    return torch.load(path, map_location="cpu", weights_only=True)


# --- bad input files and the cases --------------------------------------------

def bad_files(folder: Path) -> None:
    folder.mkdir(exist_ok=True)
    # snippets/training/model.py imported as `model`, as train.py imports it
    # (pickle finds the class by that module name)
    sys.path.insert(0, str(ROOT / "snippets" / "training"))
    saved = sys.modules.pop("model", None)
    try:
        model_py = importlib.import_module("model")
        decade = model_py.Decade()
        torch.save(decade, folder / "whole_model.pt")  # the notes' way
    finally:
        sys.path.remove(str(ROOT / "snippets" / "training"))
        del sys.modules["model"]
        if saved is not None:
            sys.modules["model"] = saved
    good = {
        "model": decade.state_dict(),
        "optimizer": {"state": {}, "param_groups": []},
        "epoch": 1,
        "progress": {"batch": 0, "images": 0, "loss_sum": 0.0},
        "rng": {"torch": torch.get_rng_state(), "cuda": [], "python": None,
                "loader": torch.get_rng_state()},
        "args": {"batch_size": 64, "lr": 0.01, "momentum": 0.9, "seed": 0},
        "classes": CLASSES,
    }
    torch.save(good, folder / "good.pt")
    # A checkpoint that passes every check, 3 batches into epoch 1 of the
    # 2,000-image data (batch size 64: 32 batches), and variants of it
    # that a damaged or crafted file could hold.
    optimizer = torch.optim.SGD(decade.parameters(), lr=0.01, momentum=0.9)
    base = {**good, "epoch": 0, "optimizer": optimizer.state_dict(),
            "progress": {"batch": 3, "images": 192, "loss_sum": 400.0},
            "rng": {"torch": torch.get_rng_state(), "cuda": [],
                    "python": random.getstate(),
                    "loader": torch.Generator().get_state()}}
    nan_weights = dict(decade.state_dict())
    nan_weights["model.0.weight"] = torch.full_like(nan_weights["model.0.weight"], math.nan)
    crafted = {
        "string_epoch": {"epoch": "1"},
        "negative_epoch": {"epoch": -1},
        "text_loss_sum": {"progress": {"batch": 3, "images": 192, "loss_sum": "x"}},
        "nan_lr": {"args": {**good["args"], "lr": math.nan}},
        "classes_none": {"classes": None},
        "python_rng": {"rng": {**base["rng"], "python": (3, (2**70,) * 625, None)}},
        "momentum_shape": {"optimizer": {"state": {0: {"momentum_buffer": torch.zeros(3)}},
                                         "param_groups": base["optimizer"]["param_groups"]}},
        "nan_weights": {"model": nan_weights},
        # saved after batch 200 of an epoch: the data had more images then
        "shrank": {"progress": {"batch": 200, "images": 12800, "loss_sum": 1000.0}},
    }
    # lr 1e6 (as if given to the run that saved it): diverges at once
    groups = [{**group, "lr": 1e6} for group in base["optimizer"]["param_groups"]]
    crafted["diverging"] = {"args": {**good["args"], "lr": 1e6},
                            "optimizer": {**base["optimizer"], "param_groups": groups}}
    # one batch before the end of epoch 1 of the 320-image data
    crafted["last_batch"] = {"progress": {"batch": 4, "images": 256, "loss_sum": 500.0}}
    for name, changes in crafted.items():
        torch.save({**base, **changes}, folder / f"{name}.pt")
    # torch.save never compresses: compressed parts make a zip bomb (a few
    # kB that load as gigabytes); this one holds a good checkpoint
    with zipfile.ZipFile(folder / "good.pt") as src, \
            zipfile.ZipFile(folder / "compressed.pt", "w") as dst:
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info), zipfile.ZIP_DEFLATED)
    data = (folder / "good.pt").read_bytes()
    (folder / "truncated.pt").write_bytes(data[: len(data) // 2])
    (folder / "random.pt").write_bytes(os.urandom(4096))
    other = nn.Sequential(nn.Conv2d(3, 8, 3), nn.Flatten(), nn.Linear(7200, 10))
    torch.save({**good, "model": other.state_dict()}, folder / "other_net.pt")
    torch.save(decade.state_dict(), folder / "bare_state_dict.pt")
    (folder / "no_data").mkdir(exist_ok=True)
    (folder / "a_file").write_text("not a folder")
    (folder / "no_checkpoints").mkdir(exist_ok=True)


BAD = {
    # case: (arguments, words the one line must contain)
    "negative epochs": (["--epochs", "-1"], "--epochs: must be at least 1, got -1"),
    "zero epochs": (["--epochs", "0"], "--epochs: must be at least 1, got 0"),
    "zero batch size": (["--batch-size", "0"], "--batch-size: must be at least 1, got 0"),
    "zero lr": (["--lr", "0"], "--lr: must be > 0, got 0"),
    "negative lr": (["--lr", "-0.1"], "--lr: must be > 0, got -0.1"),
    "negative workers": (["--num-workers", "-1"], "--num-workers: must be at least 0"),
    "momentum of 1": (["--momentum", "1"], "--momentum: must be in [0, 1), got 1"),
    "not a number": (["--epochs", "ten"], "--epochs: invalid integer value: 'ten'"),
    "missing resume file": (["--resume", "bad/nothing.pt"], "no such file: bad/nothing.pt"),
    "no checkpoint to resume": (["--resume", "--checkpoint-dir", "bad/no_checkpoints"],
                                "no checkpoint in bad/no_checkpoints/"),
    "truncated checkpoint": (["--resume", "bad/truncated.pt"],
                             "bad/truncated.pt is corrupt or not a checkpoint (a damaged zip "
                             "archive)"),
    "random bytes": (["--resume", "bad/random.pt"],
                     "bad/random.pt is corrupt or not a checkpoint"),
    "another network": (["--resume", "bad/other_net.pt"],
                        "bad/other_net.pt holds the weights of another network"),
    "whole pickled model": (["--resume", "bad/whole_model.pt"],
                            "holds a pickled model.Decade object, which weights_only=True"),
    "bare state_dict": (["--resume", "bad/bare_state_dict.pt"],
                        "bad/bare_state_dict.pt is not a train.py checkpoint"),
    "changed batch size": (["--resume", "bad/good.pt", "--batch-size", "32"],
                           "--batch-size 32 differs from 64 in the checkpoint"),
    "no dataset offline": (["--data", "bad/no_data"],
                           "CIFAR-10 not found under bad/no_data and the download failed"),
    "new data folder offline": (["--data", "bad/new/cifar"],
                                "CIFAR-10 not found under bad/new/cifar and the download failed"),
    "checkpoint folder is a file": (["--checkpoint-dir", "bad/a_file"],
                                    "cannot write in bad/a_file/ (FileExistsError"),
    "no cuda": (["--device", "cuda"], "--device cuda: this machine has no CUDA GPU"),
    "no mps": (["--device", "mps"], "--device mps: MPS is not available here"),
}
UNAVAILABLE = {"no cuda": torch.cuda.is_available(),
               "no mps": torch.backends.mps.is_available()}
COLD = "no dataset offline"  # also run as a plain subprocess

# Bad input that main() itself gets, in this process (a forked run costs
# 0.2 CPU-s even when it stops at once): case: (arguments, the one line
# (BAD is bad_files' folder), exit code)
IN_PROCESS = {
    # limits that bound time and memory
    "huge seed": (["--seed", "100000000000000000000000"], "argument --seed: must be at "
                  "most 4294967295, got 100000000000000000000000 (see --help)", 2),
    "huge batch size": (["--batch-size", "100000000000000000000"], "argument --batch-size: "
                        "must be at most 4096, got 100000000000000000000 (see --help)", 2),
    "negative seed": (["--seed", "-1"], "argument --seed: must be at least 0, got -1 "
                      "(see --help)", 2),
    # crafted or damaged fields of a checkpoint, checked before they are used
    "string epoch": (["--resume", "BAD/string_epoch.pt"],
                     "--resume: BAD/string_epoch.pt has a broken epoch ('1')", 1),
    "negative epoch": (["--resume", "BAD/negative_epoch.pt"],
                       "--resume: BAD/negative_epoch.pt has a broken epoch (-1)", 1),
    "text loss_sum": (["--resume", "BAD/text_loss_sum.pt"], "--resume: BAD/text_loss_sum.pt "
                      "has a broken progress ({'batch': 3, 'images': 192, 'loss_sum': 'x'})", 1),
    "nan lr": (["--resume", "BAD/nan_lr.pt"],
               "--resume: BAD/nan_lr.pt has a broken args['lr'] (nan)", 1),
    "classes not a list": (["--resume", "BAD/classes_none.pt"],
                           "--resume: BAD/classes_none.pt has a broken classes (None)", 1),
    "broken python random state": (["--resume", "BAD/python_rng.pt"],
                                   "--resume: BAD/python_rng.pt has a broken optimizer or random "
                                   "state (OverflowError: Python int too large to convert to C "
                                   "unsigned long)", 1),
    "momentum buffer of another shape": (["--resume", "BAD/momentum_shape.pt"],
                                         "--resume: BAD/momentum_shape.pt has optimizer settings "
                                         "or momentum buffers that do not fit its args and "
                                         "network", 1),
    "compressed": (["--resume", "BAD/compressed.pt"],
                   "--resume: BAD/compressed.pt is corrupt or not a checkpoint (a zip archive "
                   "with compressed or overlapping parts, which torch.save never writes)", 1),
    "nan weights": (["--resume", "BAD/nan_weights.pt"],
                    "--resume: BAD/nan_weights.pt holds nan or inf weights", 1),
    # (the old program rewrote this checkpoint forever)
    "dataset shrank": (["--resume", "BAD/shrank.pt"],
                       "--resume: BAD/shrank.pt stopped after batch 200 of an epoch, but the "
                       "data now has 32 batches per epoch (2000 images): was it changed? Resume "
                       "from an epoch_NNN.pt instead", 1),
}


def own_folders(args: list, name: str) -> list[str]:
    """A checkpoint and a log folder of its own for a run, where its
    arguments name none: runs into the same folder would wait for each other."""
    return ((["--checkpoint-dir", f"ck_{name}"] if "--checkpoint-dir" not in args else [])
            + (["--logdir", f"logs/{name}"] if "--logdir" not in args else []))


def python_c(code: str) -> str:
    """`python -c CODE train.py ARGS`: CODE prepares, then runs train.py."""
    return (code + "\nimport runpy, sys\nsys.argv = sys.argv[1:]\n"
            "sys.path.insert(0, 'snippets/training')\n"
            "runpy.run_path(sys.argv[0], run_name='__main__')\n")


# Ctrl-C while the program still imports its modules (torch takes seconds
# when not cached): the SIGINT arrives in the middle of an import statement.
INTERRUPT_AT_IMPORT = python_c(
    "import os, signal, sys\n"
    "class Interrupt:\n"
    "    def find_spec(self, name, path=None, target=None):\n"
    "        if name == 'torch.utils.tensorboard':\n"
    "            os.kill(os.getpid(), signal.SIGINT)\n"
    "sys.meta_path.insert(0, Interrupt())")


def unwritable_folder(work: Path) -> str:
    """A folder in which no file can be made: read-only, or (for root, whom
    permissions do not stop) /proc/self, which takes no new files."""
    folder = work / "read_only"
    folder.mkdir(exist_ok=True)
    folder.chmod(0o555)
    try:
        (folder / "probe").touch()
    except PermissionError:
        return "read_only"
    (folder / "probe").unlink()
    if Path("/proc/self").is_dir():
        return "/proc/self"
    pytest.skip("root, and no /proc: no folder here refuses new files")

# --- every program of this module starts at once -----------------------------

@pytest.fixture(scope="module")
def work():
    """A working directory like the repository root (snippets/, dataset/)."""
    folder = offline.make_workdir("train")
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def runs(work):
    # A 320/100-image CIFAR-10 in the real format for the resume test: the
    # 2,000-image fixture would make the same point, only slower.
    tiny = work / "tiny"
    offline.write_cifar10(tiny, train_per_batch=64, test_images=100, seed=1)
    tiny_env = {**ENV, "PTDOCS_CIFAR_MD5": str(tiny / "cifar-10-batches-py" / "md5.json")}
    bad_files(work / "bad")
    fork = functools.partial(start, work)
    procs = {"cold": start(work, *BAD[COLD][0], *own_folders([], "cold"), warm=False)}
    procs["stopped"] = fork(*TINY, "--data", tiny, "--checkpoint-dir", "ck_stopped",
                            "--logdir", "logs/stopped", env=tiny_env)
    procs["straight"] = fork(*TINY, "--data", tiny, "--checkpoint-dir", "ck_straight",
                             "--logdir", "logs/straight", env=tiny_env)
    # The complete-training page's exercise: train_simple.py with the ReLU
    # network of the answer in place of its own (what the reader does).
    (work / "relu_train.py").write_text(train_simple_with_relu(seed=0), encoding="utf-8")
    procs["relu"] = subprocess.Popen(["python", "relu_train.py"], cwd=work,
                                     env=runner.warm_python().env_for(ENV),
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    for i, (case, (args, _)) in enumerate(BAD.items()):
        if not UNAVAILABLE.get(case):
            procs[case] = fork(*args, *own_folders(args, f"bad{i}"))
    # Ctrl-C during the imports; folders that take no files; a full disk
    procs["ctrl-c at import"] = fork("-c", INTERRUPT_AT_IMPORT, TRAIN, "--data", tiny,
                                     *own_folders([], "import"), env=tiny_env, script=False)
    procs["full log disk"] = fork("-c", full_disk(0), TRAIN, *own_folders([], "full0"),
                                  script=False)
    # Two runs into one folder at once, where the old program's temporary
    # file name holds a symlink to a file outside
    (work / "ck_race").mkdir()
    (work / "victim.txt").write_text("not a checkpoint\n")
    (work / "ck_race" / "epoch_001.pt.tmp").symlink_to(work / "victim.txt")
    for name in ("race_a", "race_b"):
        procs[name] = fork(*TINY, "--epochs", 1, "--data", tiny, "--checkpoint-dir", "ck_race",
                           "--logdir", "logs/race", env=tiny_env)
    yield procs, fork, tiny_env, work
    for proc in procs.values():
        if proc.poll() is None:
            proc.terminate()        # `python` passes it on to the warm child
        finish(proc)


# --- a stopped and resumed run is the same run -----------------------------

def test_sigint_then_resume_gives_the_same_weights(work, runs):
    procs, fork, tiny_env, _ = runs
    stopped = procs["stopped"]
    first = work / "ck_stopped" / "epoch_001.pt"
    deadline = time.monotonic() + TIMEOUT
    while not first.exists() and stopped.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert first.exists(), finish(stopped).stderr[-2000:]
    stopped.send_signal(signal.SIGINT)  # what Ctrl-C sends
    interrupted = finish(stopped)
    assert interrupted.returncode == 130, interrupted.stderr[-2000:]
    last = interrupted.stderr.splitlines()[-1]
    assert last.startswith("interrupted: saved ck_stopped/epoch_00"), last
    assert last.endswith("; continue with --resume"), last
    assert "Traceback" not in interrupted.stderr
    saved = last.removeprefix("interrupted: saved ").removesuffix("; continue with --resume")
    print(f"SIGINT landed; {saved} saved")

    resumed = finish(fork(*TINY, "--data", work / "tiny", "--checkpoint-dir", "ck_stopped",
                          "--logdir", "logs/stopped", "--resume", env=tiny_env))
    assert resumed.returncode == 0, resumed.stderr[-2000:]
    assert f"resuming from {saved} at epoch " in resumed.stdout
    straight = finish(procs["straight"])
    assert straight.returncode == 0, straight.stderr[-2000:]

    a = load(work / "ck_straight" / "epoch_004.pt")
    b = load(work / "ck_stopped" / "epoch_004.pt")
    assert a["model"].keys() == b["model"].keys()
    for name in a["model"]:
        assert torch.equal(a["model"][name], b["model"][name]), name
    for i, state in a["optimizer"]["state"].items():  # momentum buffers
        assert torch.equal(state["momentum_buffer"],
                           b["optimizer"]["state"][i]["momentum_buffer"]), i
    assert torch.equal(a["rng"]["loader"], b["rng"]["loader"])
    assert a["test_accuracy"] == b["test_accuracy"]

    # TensorBoard: the same three scalars per epoch in both runs, although
    # the stopped run's log is split over two event files.
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

    def scalars(logdir):
        acc = EventAccumulator(str(work / logdir)).Reload()
        return {tag: [(e.step, e.value) for e in acc.Scalars(tag)]
                for tag in acc.Tags()["scalars"]}

    logged = scalars("logs/straight")
    assert sorted(logged) == ["test_accuracy", "test_loss", "train_loss"]
    assert [step for step, _ in logged["train_loss"]] == [1, 2, 3, 4]
    assert scalars("logs/stopped") == logged

    # Resuming a finished run says so and changes nothing.
    again = finish(fork(*TINY, "--data", work / "tiny", "--checkpoint-dir", "ck_stopped",
                        "--logdir", "logs/stopped", "--resume", env=tiny_env))
    assert (again.returncode, again.stdout, again.stderr) == (
        0, "ck_stopped/epoch_004.pt has 4 epochs already; nothing to do "
        "(ask for more with --epochs)\n", ""), again.stderr[-2000:]


def test_checkpoint_format(work, runs):
    """What snippets/inference/predict.py relies on."""
    assert finish(runs[0]["straight"]).returncode == 0
    folder = work / "ck_straight"
    ckpt = load(folder / "epoch_004.pt")
    assert {"model", "optimizer", "epoch", "progress", "rng", "args", "classes",
            "test_loss", "test_accuracy"} <= ckpt.keys()
    assert ckpt["epoch"] == 4 and ckpt["progress"]["batch"] == 0
    assert ckpt["classes"] == CLASSES
    assert ckpt["args"] == {"batch_size": 16, "lr": 0.01, "momentum": 0.9, "seed": 3}
    assert {"torch", "cuda", "python", "loader"} <= ckpt["rng"].keys()
    assert isinstance(ckpt["test_accuracy"], float)
    assert sorted(p.name for p in folder.iterdir()) == [  # no *.tmp, lock free
        ".train.lock", "epoch_001.pt", "epoch_002.pt", "epoch_003.pt", "epoch_004.pt"]


# --- a full disk ------------------------------------------------------------

# `python train.py ARGS` in a process whose files may not grow past 200 kB, as
# on a full disk: a write past it fails with EFBIG (SIGXFSZ ignored).
def full_disk(limit: int) -> str:
    return python_c("import resource, signal\n"
                    "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
                    f"resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, {limit}))")


def test_a_full_disk_leaves_the_last_checkpoint_resumable(work, runs):
    procs, fork, tiny_env, _ = runs
    assert finish(procs["straight"]).returncode == 0
    folder = work / "ck_full"
    folder.mkdir()
    shutil.copy(work / "ck_straight" / "epoch_002.pt", folder)
    args = [*TINY, "--data", work / "tiny", "--checkpoint-dir", "ck_full",
            "--logdir", "logs/full", "--resume"]
    env = runner.warm_python().env_for(tiny_env)
    full = subprocess.run(["python", "-c", full_disk(200_000), TRAIN, *map(str, args)], cwd=work,
                          env=env, capture_output=True, text=True, timeout=TIMEOUT)
    assert full.returncode == 1 and "Traceback" not in full.stderr, full.stderr[-2000:]
    assert full.stderr.splitlines()[-1] == (
        "error: cannot save a checkpoint in ck_full/ (writing the file failed: is the disk "
        "full?); the checkpoints saved before are intact"), full.stderr[-500:]
    # no temporary file; the lock is free again
    assert sorted(p.name for p in folder.iterdir()) == [".train.lock", "epoch_002.pt"]
    # With room again, the same command goes on from epoch 2 to the end.
    again = finish(fork(*args, env=tiny_env))
    assert again.returncode == 0, again.stderr[-2000:]
    a = load(work / "ck_straight" / "epoch_004.pt")["model"]
    b = load(folder / "epoch_004.pt")["model"]
    assert all(torch.equal(a[k], b[k]) for k in a)


# --- it learns ---------------------------------------------------------------

def test_training_learns(runs):
    """train.py: the 4-epoch run on the 320/100-image data (seed 3) measured
    0.59 test accuracy; chance is 0.1."""
    assert finish(runs[0]["straight"]).returncode == 0
    accuracy = load(runs[3] / "ck_straight" / "epoch_004.pt")["test_accuracy"]
    print(f"train.py, tiny data, 4 epochs: test accuracy {accuracy:.3f}")
    assert accuracy > 0.3


def train_simple_with_relu(seed: int) -> str:
    """snippets/training/train_simple.py with exercise_relu.py's network
    (the answer's class replaces the program's), seeded."""
    program = (ROOT / "snippets" / "training" / "train_simple.py").read_text(encoding="utf-8")
    answer = (ROOT / "snippets" / "training" / "exercise_relu.py").read_text(encoding="utf-8")
    relu = answer[answer.index("class Decade"):answer.index("\n\n\nprint(")]
    start, end = program.index("class Decade"), program.index("model = Decade()")
    assert "nn.ReLU()" not in program[start:end] and relu.count("nn.ReLU()") == 4
    seeded = program[:start].replace("import torch\n",
                                     f"import torch\ntorch.manual_seed({seed})\n", 1)
    return seeded + relu + "\n\n\n" + program[end:]


def test_the_relu_exercise_trains(runs):
    """The ReLU network trains with train_simple.py's loop on the 2,000-image
    data. Seeds 0-2 measured 0.52-0.62 after 3 epochs (the network without
    ReLU: 0.64-0.70); chance is 0.1."""
    proc = finish(runs[0]["relu"])
    assert proc.returncode == 0, proc.stderr[-2000:]
    lines = proc.stdout.splitlines()
    assert lines[-1] == "saved model_simple.pth" and len(lines) == 4, proc.stdout
    accuracy = float(lines[-2].rsplit(" ", 1)[1])
    print(lines[-2])
    assert lines[-2].startswith("epoch 3: train loss ") and accuracy > 0.35


# --- bad input: one line, no traceback -------------------------------------

@pytest.mark.parametrize("case", BAD)
def test_bad_input_gets_one_line(case, runs):
    if UNAVAILABLE.get(case):
        pytest.skip(f"this machine has the device that {case!r} asks for")
    proc = finish(runs[0][case])
    words = BAD[case][1]
    assert proc.returncode not in (0, 130), (proc.returncode, proc.stderr)
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.stderr.count("\n") == 1 and proc.stderr.endswith("\n"), proc.stderr
    assert proc.stderr.startswith("error: ") and words in proc.stderr, proc.stderr
    if case == "no dataset offline":
        assert ("cifar-10-python.tar.gz and extract it into bad/no_data, or give --data the "
                "folder that holds cifar-10-batches-py") in proc.stderr
    if case == "new data folder offline":  # the folders it made are gone again
        assert not (runs[3] / "bad" / "new").exists()


def test_cold_start_gives_the_same_line(runs):
    """The real interpreter prints just what its warm twin did."""
    cold = finish(runs[0]["cold"])
    twin = finish(runs[0][COLD])
    assert (cold.returncode, cold.stdout, cold.stderr) == (
        twin.returncode, twin.stdout, twin.stderr)


# --- faults: one line, nothing lost, nothing overwritten ---------------------

def one_error_line(proc, code=1) -> str:
    """The one line a failed run ends with (before it: only progress bars)."""
    assert proc.returncode == code, (proc.returncode, proc.stderr[-2000:])
    assert "Traceback" not in proc.stderr and "Exception in" not in proc.stderr, proc.stderr
    last = proc.stderr.splitlines()[-1]
    assert proc.stderr.endswith(last + "\n") and last.startswith("error: "), proc.stderr
    return last


def test_ctrl_c_during_the_imports_gets_one_line(runs):
    proc = finish(runs[0]["ctrl-c at import"])
    assert (proc.returncode, proc.stdout, proc.stderr) == (
        130, "", "interrupted before training began; nothing saved\n")


def test_a_full_disk_at_the_start_is_found_before_training(runs):
    """Not one byte fits: found before any data is read, and no empty event
    file is left (TensorBoard's writer is never made)."""
    proc = finish(runs[0]["full log disk"])
    line = one_error_line(proc)
    assert proc.stdout == "" and proc.stderr.count("\n") == 1, proc.stderr
    assert line.startswith("error: cannot write in logs/full0/ (OSError: [Errno 27] File too "
                           "large"), line
    assert not list((runs[3] / "logs" / "full0").glob("events.*"))


def test_two_runs_into_one_folder(runs):
    """One trains; the other refuses in one line. Neither writes through the
    symlink at the old program's fixed temporary name."""
    work = runs[3]
    procs = [finish(runs[0][name]) for name in ("race_a", "race_b")]
    assert sorted(p.returncode for p in procs) == [0, 1], [p.stderr[-500:] for p in procs]
    refused = next(p for p in procs if p.returncode)
    line = one_error_line(refused)
    assert (line.startswith("error: logs/race/ is in use by another train.py (pid ")
            or line.startswith("error: ck_race/ is in use by another train.py (pid ")
            or line.startswith("error: ck_race/ holds checkpoints of an earlier run")), line
    assert (work / "victim.txt").read_text() == "not a checkpoint\n"
    assert load(work / "ck_race" / "epoch_001.pt")["epoch"] == 1
    assert len(list((work / "logs" / "race").glob("events.out.tfevents.*"))) == 1


def test_a_locked_folder_names_the_run_that_holds_it(runs):
    """While another run holds the checkpoint folder (its lock taken and its
    .train.owner written, as train.py does), a second run refuses."""
    from filelock import FileLock

    procs, fork, _, work = runs
    (work / "ck_busy").mkdir()
    (work / "ck_busy" / ".train.owner").write_text("pid 4242, started 2026-01-02 03:04:05\n")
    with FileLock(work / "ck_busy" / ".train.lock"):
        proc = finish(fork("--checkpoint-dir", "ck_busy", "--logdir", "logs/busy"))
    assert one_error_line(proc) == (
        "error: ck_busy/ is in use by another train.py (pid 4242, started 2026-01-02 "
        "03:04:05); wait for it to end, or give another --checkpoint-dir or --logdir")
    assert proc.stdout == "" and sorted(p.name for p in (work / "ck_busy").iterdir()) == [
        ".train.lock", ".train.owner"]


# --- the same faults, in this process: main(ARGS) ---------------------------

@pytest.fixture(scope="module")
def train_py():
    """train.py's functions (main, ...), imported without running its command
    line, as plot_curves.py imports it."""
    folder = str(ROOT / "snippets" / "training")
    sys.path.insert(0, folder)          # (train.py imports model.py when it runs)
    try:
        yield runner.import_snippet(ROOT / TRAIN)
    finally:
        sys.path.remove(folder)
        runner.forget_snippet_state()


@pytest.fixture
def main(train_py, capsys, tmp_path):
    """main(*ARGS) -> (exit code, stdout, stderr), with the 2,000-image data
    and folders of its own unless ARGS name others."""
    def run(*args):
        args = [str(a) for a in args]
        args += own_folders(args, "run")
        args += [] if "--data" in args else ["--data", os.environ["PTDOCS_DATASET"]]
        cwd = os.getcwd()
        os.chdir(tmp_path)  # the folders of own_folders go here
        try:
            code = train_py["main"](args)
        except SystemExit as exc:
            code = exc.code
        finally:
            os.chdir(cwd)
        out, err = capsys.readouterr()
        return code, out, err
    return run


@pytest.fixture
def tiny_data(runs, monkeypatch):
    """--data for the 320/100-image CIFAR-10, whose md5 sums torchvision
    checks in this process until the test ends."""
    from torchvision.datasets import CIFAR10

    tiny = runs[3] / "tiny"
    for name in ("train_list", "test_list", "meta"):
        monkeypatch.setattr(CIFAR10, name, getattr(CIFAR10, name))
    offline.patch_cifar_md5(tiny / "cifar-10-batches-py" / "md5.json", CIFAR10)
    return ["--data", tiny]


@pytest.mark.parametrize("case", IN_PROCESS)
def test_bad_settings_and_crafted_checkpoints_get_one_line(case, main, runs):
    args, line, code = IN_PROCESS[case]
    bad = str(runs[3] / "bad")
    got, out, err = main(*[a.replace("BAD", bad) for a in args], "--epochs", 2)
    assert (got, err) == (code, f"error: {line.replace('BAD', bad)}\n"), (got, err)
    # (only the data's size is known before that check)
    assert out == "" or case == "dataset shrank" and "train images: 2000," in out, out


def test_a_finished_run_says_so_in_good_english(main, runs):
    """One epoch is "1 epoch", not "1 epochs"."""
    good = runs[3] / "bad" / "good.pt"  # saved after epoch 1
    assert main("--resume", good, "--epochs", 1) == (
        0, f"{good} has 1 epoch already; nothing to do (ask for more with --epochs)\n", "")


@pytest.mark.parametrize("option", ["--checkpoint-dir", "--logdir"])
def test_a_folder_that_takes_no_files_is_found_before_training(option, main, runs, tmp_path):
    """Nothing is read or trained: stdout stays empty."""
    folder = unwritable_folder(tmp_path)
    code, out, err = main(option, folder)
    assert (code, out) == (1, "") and err.count("\n") == 1, err
    assert err.startswith(f"error: cannot write in {folder}/ ("), err


def test_symlinks_at_the_lock_files_are_not_followed(main, tmp_path, tiny_data):
    """A symlink at .train.lock is refused (filelock opens it with O_NOFOLLOW);
    one at .train.owner is replaced, then removed. Their target stays as it was."""
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n")
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / ".train.lock").symlink_to(victim)
    code, out, err = main("--checkpoint-dir", tmp_path / "locked", "--epochs", 1, *tiny_data)
    assert (code, out) == (1, "") and err.count("\n") == 1, err
    assert err.startswith(f"error: cannot write in {tmp_path}/locked/ (OSError: [Errno 40] "), err
    (tmp_path / "owned").mkdir()
    (tmp_path / "owned" / ".train.owner").symlink_to(victim)
    (tmp_path / "owned" / "epoch_001.pt").write_bytes(b"")  # refused after the lock is taken
    code, out, err = main("--checkpoint-dir", tmp_path / "owned", "--epochs", 1, *tiny_data)
    assert (code, out) == (1, "") and "holds checkpoints of an earlier run" in err, err
    assert victim.read_text() == "keep me\n"
    assert sorted(p.name for p in (tmp_path / "owned").iterdir()) == [".train.lock",
                                                                      "epoch_001.pt"]


def test_a_new_run_does_not_overwrite_an_earlier_one(main, runs, tmp_path):
    """Without --resume, a folder that holds checkpoints or event files is refused."""
    work = runs[3]
    assert finish(runs[0]["straight"]).returncode == 0
    before = (work / "ck_straight" / "epoch_001.pt").read_bytes()
    assert main("--checkpoint-dir", work / "ck_straight") == (
        1, "", f"error: {work}/ck_straight/ holds checkpoints of an earlier run "
        "(epoch_004.pt); go on with --resume, or give another --checkpoint-dir\n")
    assert main("--logdir", work / "logs" / "straight") == (
        1, "", f"error: {work}/logs/straight/ holds TensorBoard logs of an earlier run; go on "
        "with --resume, or give another --logdir\n")
    assert (work / "ck_straight" / "epoch_001.pt").read_bytes() == before
    assert not list((tmp_path / "ck_run").glob("*.pt"))


def test_a_diverging_run_stops_and_keeps_the_last_good_checkpoint(main, runs, tmp_path,
                                                                   tiny_data):
    """lr 1e6, resumed at batch 4 of epoch 1: the training or the test loss
    becomes nan or inf within two batches. One line; the resumed checkpoint stays the newest,
    unchanged, and nothing else is saved, not even an event file."""
    folder = tmp_path / "ck"
    folder.mkdir()
    shutil.copy(runs[3] / "bad" / "diverging.pt", folder / "epoch_000_batch_0003.pt")
    saved = (folder / "epoch_000_batch_0003.pt").read_bytes()
    code, out, err = main("--checkpoint-dir", folder, "--resume", "--epochs", 1, *tiny_data)
    line = err.splitlines()[-1]
    assert code == 1 and "Traceback" not in err and err.endswith(line + "\n"), err
    assert re.match(r"error: the (loss became \S+ in epoch 1, batch \d+|test loss became "
                    r"\S+ after epoch 1) ", line), line
    assert line.endswith("(is --lr too large?); nothing saved from this epoch, the "
                         "checkpoints saved before are intact"), line
    assert sorted(p.name for p in folder.iterdir()) == [".train.lock", "epoch_000_batch_0003.pt"]
    assert (folder / "epoch_000_batch_0003.pt").read_bytes() == saved
    # no event file without points, which would block a new run into that folder
    assert not list((tmp_path / "logs" / "run").glob("events.*"))


@pytest.mark.parametrize("records", [0, 2])
def test_a_log_disk_that_fills_stops_with_one_line(records, main, runs, tmp_path, monkeypatch,
                                                   tiny_data):
    """The disk fills after the event file's first `records` records: when
    TensorBoard's writer starts (0: its first record, the file's header, fails)
    or at the end of the epoch. TensorBoard writes from a thread: its error
    gets no traceback of its own either. No empty event file is left, and no
    checkpoint of the epoch whose points were not logged."""
    from tensorboard.summary.writer import record_writer

    write, calls = record_writer.RecordWriter.write, []

    def failing(self, data):
        calls.append(data)
        if len(calls) > records:
            raise OSError(28, "No space left on device")
        write(self, data)

    monkeypatch.setattr(record_writer.RecordWriter, "write", failing)
    shutil.copy(runs[3] / "bad" / "last_batch.pt", tmp_path / "last_batch.pt")
    code, out, err = main("--resume", tmp_path / "last_batch.pt", "--logdir", tmp_path / "logs",
                          "--epochs", 1, *tiny_data)
    assert (code, err.splitlines()[-1]) == (1, (
        f"error: cannot write TensorBoard logs in {tmp_path}/logs/ (OSError: [Errno 28] No "
        "space left on device); the checkpoints saved before are intact")), err
    assert "Traceback" not in err and "Exception in" not in err, err
    sizes = [p.stat().st_size for p in (tmp_path / "logs").glob("events.*")]
    assert sizes == [] if records == 0 else len(sizes) == 1 and sizes[0] > 0, sizes
    assert not list((tmp_path / "ck_run").glob("*.pt"))
