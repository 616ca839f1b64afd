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
import os
import shutil
import signal
import subprocess
import sys
import time
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


def start(workdir: Path, *args, env=None, warm=True) -> subprocess.Popen:
    """`python train.py ARGS` from workdir; warm: the harness's warm python."""
    env = env or ENV
    python = "python" if warm else sys.executable
    if warm:
        env = runner.warm_python().env_for(env)
    return subprocess.Popen([python, TRAIN, *map(str, args)], cwd=workdir, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


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
    spec = importlib.util.spec_from_file_location(
        "model", ROOT / "snippets" / "training" / "model.py")
    model_py = importlib.util.module_from_spec(spec)
    sys.modules["model"] = model_py  # pickle finds classes by module name
    try:
        spec.loader.exec_module(model_py)
        decade = model_py.Decade()
        torch.save(decade, folder / "whole_model.pt")  # the notes' way
    finally:
        del sys.modules["model"]
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
                             "bad/truncated.pt is corrupt or not a checkpoint (RuntimeError"),
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
    procs = {"cold": start(work, *BAD[COLD][0], warm=False)}
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
    for case, (args, _) in BAD.items():
        if not UNAVAILABLE.get(case):
            procs[case] = fork(*args)
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
    assert sorted(p.name for p in folder.iterdir()) == [
        "epoch_001.pt", "epoch_002.pt", "epoch_003.pt", "epoch_004.pt"]  # no *.tmp


# --- a full disk ------------------------------------------------------------

# `python train.py ARGS` in a process whose files may not grow past 200 kB, as
# on a full disk: a write past it fails with EFBIG (SIGXFSZ ignored).
FULL_DISK = ("import resource, runpy, signal, sys; "
             "signal.signal(signal.SIGXFSZ, signal.SIG_IGN); "
             "resource.setrlimit(resource.RLIMIT_FSIZE, (200_000, 200_000)); "
             "sys.argv = sys.argv[1:]; sys.path.insert(0, 'snippets/training'); "
             "runpy.run_path(sys.argv[0], run_name='__main__')")


def test_a_full_disk_leaves_the_last_checkpoint_resumable(work, runs):
    procs, fork, tiny_env, _ = runs
    assert finish(procs["straight"]).returncode == 0
    folder = work / "ck_full"
    folder.mkdir()
    shutil.copy(work / "ck_straight" / "epoch_002.pt", folder)
    args = [*TINY, "--data", work / "tiny", "--checkpoint-dir", "ck_full",
            "--logdir", "logs/full", "--resume"]
    env = runner.warm_python().env_for(tiny_env)
    full = subprocess.run(["python", "-c", FULL_DISK, TRAIN, *map(str, args)], cwd=work,
                          env=env, capture_output=True, text=True, timeout=TIMEOUT)
    assert full.returncode == 1 and "Traceback" not in full.stderr, full.stderr[-2000:]
    assert full.stderr.splitlines()[-1] == (
        "error: cannot save a checkpoint in ck_full/ (writing the file failed: is the disk "
        "full?); the checkpoints saved before are intact"), full.stderr[-500:]
    assert sorted(p.name for p in folder.iterdir()) == ["epoch_002.pt"]  # no .tmp
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
