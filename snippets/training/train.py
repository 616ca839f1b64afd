# --8<-- [start:imports]
"""Train the notes' CIFAR-10 network (model.py) and save checkpoints.

    python snippets/training/train.py                   # 10 epochs
    python snippets/training/train.py --epochs 20 --resume

stdout: facts that are the same in every run (sizes, device, files).
stderr: progress bars, losses, accuracy, and errors (one line each).
Ctrl-C saves a checkpoint and exits with code 130; --resume goes on
from exactly that point.

A checkpoint is a dict; read it with torch.load(path, weights_only=True):
  "model"      Decade().state_dict()
  "optimizer"  SGD optimizer.state_dict()
  "epoch"      epochs completed (int)
  "progress"   {"batch", "images", "loss_sum"}: how far into the next
               epoch (batch 0 = saved at the end of an epoch)
  "rng"        {"torch", "cuda", "python", "loader"} random states
  "args"       {"batch_size", "lr", "momentum", "seed"}
  "classes"    class names (list of str), index = label
  "test_loss", "test_accuracy"  after the last epoch (float or None)
Files: epoch_003.pt after epoch 3, epoch_003_batch_0012.pt after a
Ctrl-C during epoch 4 (12 batches of it done).
"""
import argparse
import os
import pickle
import random
import re
import shutil
import signal
import sys
import threading
from pathlib import Path

import torch
import torchvision
from torch import nn
from torch.utils.data import DataLoader
from torch.utils.tensorboard import SummaryWriter
from tqdm import tqdm

# isort: split
from model import Decade  # model.py, next to this file (not pip)

# --8<-- [end:imports]


# --8<-- [start:errors]
def fail(message, code=1):
    """Stop with one line on stderr instead of a traceback."""
    print(f"error: {message}", file=sys.stderr)
    sys.exit(code)


def one_line(exc):
    """An exception as one short line (some messages span many)."""
    text = " ".join(str(exc).split()).split(". ")[0]  # first sentence
    if len(text) > 160:
        text = text[:157] + "..."
    return f"{type(exc).__name__}: {text}"
# --8<-- [end:errors]


# --8<-- [start:args]
DEFAULTS = {"batch_size": 64, "lr": 0.01, "momentum": 0.9, "seed": 0}


class Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse prints usage + message
        fail(f"{message} (see --help)", code=2)


def whole(minimum):
    def check(text):
        value = int(text)  # ValueError: argparse says "invalid value"
        if value < minimum:
            raise argparse.ArgumentTypeError(
                f"must be at least {minimum}, got {value}")
        return value
    check.__name__ = "integer"
    return check


def positive(text):
    value = float(text)
    if not 0 < value < float("inf"):  # also refuses nan
        raise argparse.ArgumentTypeError(f"must be > 0, got {text}")
    return value


def fraction(text):
    value = float(text)
    if not 0 <= value < 1:
        raise argparse.ArgumentTypeError(f"must be in [0, 1), got {text}")
    return value
# --8<-- [end:args]


# --8<-- [start:options]
def parse_args(argv=None):
    p = Parser(description="Train the CIFAR-10 model from model.py.")
    p.add_argument("--epochs", type=whole(1), default=10,
                   help="total epochs, counting resumed ones (default 10)")
    # None = "not given": a resumed run takes these from its checkpoint
    p.add_argument("--batch-size", type=whole(1), help="default 64")
    p.add_argument("--lr", type=positive, help="default 0.01")
    p.add_argument("--momentum", type=fraction, help="default 0.9")
    p.add_argument("--seed", type=int, help="default 0")
    p.add_argument("--num-workers", type=whole(0), default=0,
                   help="DataLoader worker processes (default 0)")
    p.add_argument("--device", default="auto",
                   choices=["auto", "cpu", "cuda", "mps"],
                   help="auto: CUDA, then MPS, then the CPU (default auto)")
    p.add_argument("--data", type=Path, default=Path("dataset"),
                   help="folder with cifar-10-batches-py; downloaded "
                        "there if missing (default dataset)")
    p.add_argument("--logdir", type=Path, default=Path("logs/training"),
                   help="TensorBoard logs (default logs/training)")
    p.add_argument("--checkpoint-dir", type=Path,
                   default=Path("checkpoints"),
                   help="where checkpoints go (default checkpoints)")
    p.add_argument("--resume", nargs="?", const="", metavar="PATH",
                   help="go on from PATH (no PATH: the latest checkpoint)")
    return p.parse_args(argv)
# --8<-- [end:options]


# --8<-- [start:device]
def pick_device(name):
    """auto = CUDA, then Apple's MPS, then the CPU."""
    has_cuda = torch.cuda.is_available()
    has_mps = torch.backends.mps.is_available()
    if name == "auto":
        name = "cuda" if has_cuda else "mps" if has_mps else "cpu"
    elif name == "cuda" and not has_cuda:
        fail("--device cuda: this machine has no CUDA GPU that torch "
             "can use (try --device auto)")
    elif name == "mps" and not has_mps:
        fail("--device mps: MPS is not available here (it needs an "
             "Apple-silicon Mac; try --device auto)")
    return torch.device(name)
# --8<-- [end:device]


# --8<-- [start:data]
CIFAR_URL = "https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz"


def load_cifar10(root):
    to_tensor = torchvision.transforms.ToTensor()
    made = root  # the outermost folder that a download would create
    while not made.parent.exists():
        made = made.parent
    existed = root.exists()
    try:
        train_set = torchvision.datasets.CIFAR10(
            root, train=True, transform=to_tensor, download=True)
        test_set = torchvision.datasets.CIFAR10(
            root, train=False, transform=to_tensor, download=True)
    except Exception as exc:  # offline, proxy, full disk, ...
        if not existed:  # remove the folders this failed attempt made
            shutil.rmtree(made, ignore_errors=True)
        fail(f"CIFAR-10 not found under {root} and the download failed "
             f"({one_line(exc)}). Download {CIFAR_URL} and extract it "
             f"into {root}, or give --data the folder that holds "
             "cifar-10-batches-py")
    return train_set, test_set
# --8<-- [end:data]


# --8<-- [start:rng]
def rng_state(loader_state):
    """Every random state the run depends on (numpy is not used)."""
    return {
        "torch": torch.get_rng_state(),
        "cuda": (torch.cuda.get_rng_state_all()
                 if torch.cuda.is_available() else []),
        "python": random.getstate(),
        # the shuffling generator, as it was when the epoch began
        "loader": loader_state,
    }


def restore_rng(state):
    torch.set_rng_state(state["torch"])
    if state["cuda"] and torch.cuda.is_available():
        torch.cuda.set_rng_state_all(state["cuda"])
    random.setstate(state["python"])
# --8<-- [end:rng]


# --8<-- [start:save]
def save_checkpoint(checkpoint, path):
    """Write to a temporary file first, so that a crash or a full disk
    never leaves a half-written checkpoint under the real name."""
    tmp = path.with_name(path.name + ".tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "wb") as f:
            torch.save(checkpoint, f)
            f.flush()
            os.fsync(f.fileno())  # the bytes are on disk, not in a cache
        os.replace(tmp, path)  # atomic: old file or new, nothing between
    except (OSError, RuntimeError) as exc:  # full disk, no permission...
        tmp.unlink(missing_ok=True)  # no half-written file left behind
        # (torch.save reports a failed write as a RuntimeError that names
        # only its own source line)
        why = (one_line(exc) if isinstance(exc, OSError)
               else "writing the file failed: is the disk full?")
        fail(f"cannot save a checkpoint in {path.parent}/ ({why}); "
             "the checkpoints saved before are intact")


def checkpoint_name(epoch, batch):
    if batch == 0:
        return f"epoch_{epoch:03d}.pt"
    return f"epoch_{epoch:03d}_batch_{batch:04d}.pt"
# --8<-- [end:save]


# --8<-- [start:latest]
NAME = re.compile(r"epoch_(\d+)(?:_batch_(\d+))?\.pt")
KEYS = {"model": None, "optimizer": None, "epoch": None,
        "progress": {"batch", "images", "loss_sum"},
        "rng": {"torch", "cuda", "python", "loader"},
        "args": set(DEFAULTS)}


def latest_checkpoint(folder):
    found = [((int(m[1]), int(m[2] or 0)), path)
             for path in folder.glob("epoch_*.pt")
             if (m := NAME.fullmatch(path.name))]
    if not found:
        fail(f"--resume: no checkpoint in {folder}/ (train without "
             "--resume first, or give the file: --resume PATH)")
    return max(found)[1]  # the most epochs and batches
# --8<-- [end:latest]


# --8<-- [start:load]
def read_checkpoint(path):
    if not path.is_file():
        fail(f"--resume: {path} is not a file" if path.exists()
             else f"--resume: no such file: {path}")
    try:
        # weights_only: tensors and plain data, never code to run
        ckpt = torch.load(path, map_location="cpu", weights_only=True)
    except pickle.UnpicklingError as exc:
        found = re.search(r"GLOBAL (\S+)", str(exc))
        if found:  # e.g. a whole model saved with torch.save(model)
            fail(f"--resume: {path} holds a pickled {found[1]} object, "
                 "which weights_only=True refuses to load; train.py "
                 "saves and resumes from state_dicts")
        fail(f"--resume: {path} is corrupt or not a checkpoint "
             "(unreadable pickle data)")
    except Exception as exc:  # truncated, empty, not a torch file
        fail(f"--resume: {path} is corrupt or not a checkpoint "
             f"({one_line(exc)})")
    if not has_keys(ckpt, KEYS):
        fail(f"--resume: {path} is not a train.py checkpoint (expected "
             f"a dict with keys {', '.join(KEYS)})")
    return ckpt


def has_keys(ckpt, keys):
    if not isinstance(ckpt, dict) or not keys.keys() <= ckpt.keys():
        return False
    return all(inner is None or (isinstance(ckpt[key], dict)
                                 and inner <= ckpt[key].keys())
               for key, inner in keys.items())
# --8<-- [end:load]


# --8<-- [start:epoch]
def train_one_epoch(model, loader, loss_fn, optimizer, device, epoch,
                    progress, stop, rng=None):
    """Train until the epoch ends or `stop` is set; True if it ended."""
    model.train()  # training behaviour for Dropout/BatchNorm layers
    bar = tqdm(total=len(loader.dataset), initial=progress["images"],
               unit="img", desc=f"epoch {epoch + 1}", file=sys.stderr)
    for i, (imgs, targets) in enumerate(loader):
        if i < progress["batch"]:
            continue  # trained before an interruption (same order)
        if i == progress["batch"] and rng is not None:
            restore_rng(rng)  # resumed: continue the saved randomness
        imgs, targets = imgs.to(device), targets.to(device)
        loss = loss_fn(model(imgs), targets)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        progress["batch"] += 1
        progress["images"] += len(targets)
        progress["loss_sum"] += loss.item() * len(targets)
        bar.set_postfix(loss=f"{loss.item():.3f}", refresh=False)
        bar.update(len(targets))  # tqdm shows img/s from these
        if stop.is_set() and progress["batch"] < len(loader):
            break  # Ctrl-C: stop between two batches
    bar.close()
    return progress["batch"] == len(loader)
# --8<-- [end:epoch]


# --8<-- [start:evaluate]
def evaluate(model, loader, loss_fn, device):
    """Mean loss per image and accuracy, both Python floats."""
    model.eval()
    loss_sum, correct = 0.0, 0
    with torch.no_grad():  # no graph: faster, less memory
        for imgs, targets in loader:
            imgs, targets = imgs.to(device), targets.to(device)
            outputs = model(imgs)
            loss_sum += loss_fn(outputs, targets).item() * len(targets)
            correct += (outputs.argmax(1) == targets).sum().item()
    n = len(loader.dataset)
    return loss_sum / n, correct / n
# --8<-- [end:evaluate]


# --8<-- [start:prepare]
def resume_point(args):
    """(checkpoint, path) to go on from, or (None, None)."""
    if args.resume is None:
        return None, None
    path = (Path(args.resume) if args.resume
            else latest_checkpoint(args.checkpoint_dir))
    return read_checkpoint(path), path


def settle(args, ckpt):
    """Fill in options not given; a resumed run keeps its settings."""
    saved = ckpt["args"] if ckpt else DEFAULTS
    for name, value in saved.items():
        given = getattr(args, name)
        if given is None:
            setattr(args, name, value)
        elif ckpt and given != value:
            fail(f"--{name.replace('_', '-')} {given} differs from "
                 f"{value} in the checkpoint; a resumed run keeps it")
# --8<-- [end:prepare]


# --8<-- [start:build]
def build(args, ckpt, path, device):
    """Model, optimizer and shuffling generator, restored on resume."""
    torch.manual_seed(args.seed)  # the model's initial weights
    random.seed(args.seed)
    model = Decade().to(device)
    optimizer = torch.optim.SGD(model.parameters(), lr=args.lr,
                                momentum=args.momentum)
    shuffle_gen = torch.Generator().manual_seed(args.seed)
    if ckpt:
        try:
            model.load_state_dict(ckpt["model"])
        except (RuntimeError, TypeError) as exc:
            fail(f"--resume: {path} holds the weights of another network "
                 f"({one_line(exc)})")
        try:
            optimizer.load_state_dict(ckpt["optimizer"])
            shuffle_gen.set_state(ckpt["rng"]["loader"])
            restore_rng(ckpt["rng"])  # a check: set again when training
        except (RuntimeError, ValueError, KeyError, TypeError) as exc:
            fail(f"--resume: {path} has a broken optimizer or random "
                 f"state ({one_line(exc)})")
    return model, optimizer, shuffle_gen
# --8<-- [end:build]


# --8<-- [start:loaders]
def ignore_sigint(worker_id):
    # Ctrl-C reaches DataLoader workers too; only the main process
    # should react, at a point where it can save.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def make_loaders(train_set, test_set, args, shuffle_gen):
    # shuffle: every epoch sees the images in a new order, drawn from
    # shuffle_gen (the checkpoints keep its state)
    train_loader = DataLoader(
        train_set, batch_size=args.batch_size, shuffle=True,
        generator=shuffle_gen, num_workers=args.num_workers,
        worker_init_fn=ignore_sigint)
    test_loader = DataLoader(
        test_set, batch_size=args.batch_size,
        num_workers=args.num_workers, worker_init_fn=ignore_sigint)
    return train_loader, test_loader
# --8<-- [end:loaders]


# --8<-- [start:log]
def end_of_epoch(model, test_loader, loss_fn, device, writer, epoch,
                 progress):
    """Test, log to TensorBoard and stderr; return the test results."""
    test_loss, test_acc = evaluate(model, test_loader, loss_fn, device)
    train_loss = progress["loss_sum"] / progress["images"]
    writer.add_scalar("train_loss", train_loss, epoch)
    writer.add_scalar("test_loss", test_loss, epoch)
    writer.add_scalar("test_accuracy", test_acc, epoch)
    writer.flush()
    tqdm.write(f"epoch {epoch}: train loss {train_loss:.3f}, test loss "
               f"{test_loss:.3f}, test accuracy {test_acc:.3f}",
               file=sys.stderr)
    return {"test_loss": test_loss, "test_accuracy": test_acc}
# --8<-- [end:log]


# --8<-- [start:fit]
def fit(args, model, optimizer, shuffle_gen, loaders, device, writer,
        stop, ckpt):
    """The epoch loop; a checkpoint after every epoch and on Ctrl-C."""
    train_loader, test_loader = loaders
    loss_fn = nn.CrossEntropyLoss()
    fresh = {"batch": 0, "images": 0, "loss_sum": 0.0}
    epoch, progress, rng = ((ckpt["epoch"], ckpt["progress"], ckpt["rng"])
                            if ckpt else (0, dict(fresh), None))
    results = {k: ckpt.get(k) if ckpt else None
               for k in ("test_loss", "test_accuracy")}
    while epoch < args.epochs:
        loader_state = shuffle_gen.get_state()  # before the shuffle
        done = train_one_epoch(model, train_loader, loss_fn, optimizer,
                               device, epoch, progress, stop, rng)
        rng = None
        if done:
            epoch += 1
            results = end_of_epoch(model, test_loader, loss_fn, device,
                                   writer, epoch, progress)
            progress = dict(fresh)
            loader_state = shuffle_gen.get_state()  # the next epoch's
        path = args.checkpoint_dir / checkpoint_name(epoch,
                                                     progress["batch"])
        save_checkpoint({
            "model": model.state_dict(),
            "optimizer": optimizer.state_dict(),
            "epoch": epoch,
            "progress": progress,
            "rng": rng_state(loader_state),
            "args": {name: getattr(args, name) for name in DEFAULTS},
            "classes": train_loader.dataset.classes,
            **results,
        }, path)
        if stop.is_set() and epoch < args.epochs:
            print(f"interrupted: saved {path}; continue with --resume",
                  file=sys.stderr)
            return 130  # the shell's code for "stopped by Ctrl-C"
        print(f"saved {path}")
    return 0
# --8<-- [end:fit]


# --8<-- [start:main]
def main(argv=None):
    args = parse_args(argv)
    device = pick_device(args.device)
    ckpt, path = resume_point(args)
    settle(args, ckpt)
    if ckpt and ckpt["epoch"] >= args.epochs:
        print(f"{path} has {ckpt['epoch']} epochs already; nothing to do "
              "(ask for more with --epochs)")
        return 0
    model, optimizer, shuffle_gen = build(args, ckpt, path, device)
    train_set, test_set = load_cifar10(args.data)
    print(f"device: {device}")
    print(f"train images: {len(train_set)}, test images: {len(test_set)}")
    if ckpt:
        print(f"resuming from {path} at epoch {ckpt['epoch'] + 1}, "
              f"batch {ckpt['progress']['batch'] + 1}")
    loaders = make_loaders(train_set, test_set, args, shuffle_gen)
    for folder in (args.checkpoint_dir, args.logdir):  # fail early
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            fail(f"cannot write in {folder}/ ({one_line(exc)})")
    # purge_step: on resume, drop points that a crashed run logged later
    writer = SummaryWriter(args.logdir,
                           purge_step=ckpt["epoch"] + 1 if ckpt else None)
    stop = threading.Event()  # set by Ctrl-C, checked between batches
    before = signal.signal(signal.SIGINT, lambda signum, frame: stop.set())
    try:
        return fit(args, model, optimizer, shuffle_gen, loaders, device,
                   writer, stop, ckpt)
    finally:
        signal.signal(signal.SIGINT, before)
        writer.close()
# --8<-- [end:main]


# --8<-- [start:run]
if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:  # Ctrl-C before training began
        print("interrupted before training began; nothing saved",
              file=sys.stderr)
        sys.exit(130)
# --8<-- [end:run]
