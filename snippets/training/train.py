# --8<-- [start:imports]
"""Train the notes' CIFAR-10 network (model.py) and save checkpoints.

    python snippets/training/train.py                   # 10 epochs
    python snippets/training/train.py --epochs 20 --resume

stdout: facts that are the same in every run (sizes, device, files).
stderr: progress bars, losses, accuracy, and errors (one line each).
Ctrl-C saves a checkpoint and exits with code 130; --resume goes on
from exactly that point. One run at a time may write into a checkpoint
or log folder: each run locks them (.train.lock, .train.owner).

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
import sys

try:  # importing torch takes seconds: a Ctrl-C meanwhile gets one line
    import argparse
    import contextlib
    import math
    import os
    import pickle
    import random
    import re
    import shutil
    import signal
    import stat
    import tempfile
    import threading
    import time
    import zipfile
    from pathlib import Path

    import torch
    import torchvision
    from filelock import FileLock, Timeout
    from torch import nn
    from torch.utils.data import DataLoader
    from torch.utils.tensorboard import SummaryWriter
    from tqdm import tqdm

    # model.py, next to this file (not pip); "isort: skip" keeps it here
    from model import Decade  # isort: skip
except KeyboardInterrupt:
    print("interrupted before training began; nothing saved",
          file=sys.stderr)
    sys.exit(130)  # the shell's code for "stopped by Ctrl-C"
# --8<-- [end:imports]


# --8<-- [start:errors]
def fail(message, code=1):
    """Stop with one line on stderr instead of a traceback."""
    print(f"error: {printable(message)}", file=sys.stderr)
    sys.exit(code)


def one_line(exc):
    """An exception as one short line (some messages span many)."""
    text = " ".join(str(exc).split()).split(". ")[0]  # first sentence
    if len(text) > 160:
        text = text[:157] + "..."
    return f"{type(exc).__name__}: {text}"


def printable(text):
    """Control characters (escape, newline, ...) shown as escapes: text
    from a file name or a crafted file must not move the cursor or
    recolour the terminal."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
# --8<-- [end:errors]


# --8<-- [start:args]
DEFAULTS = {"batch_size": 64, "lr": 0.01, "momentum": 0.9, "seed": 0}


class Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse prints usage + message
        fail(f"{message} (see --help)", code=2)


def whole(minimum, maximum):
    """An integer option within limits (they also bound time and memory)."""
    def check(text):
        value = int(text)  # ValueError: argparse says "invalid value"
        if value < minimum:
            raise argparse.ArgumentTypeError(
                f"must be at least {minimum}, got {value}")
        if value > maximum:
            raise argparse.ArgumentTypeError(
                f"must be at most {maximum}, got {value}")
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


EPOCHS = whole(0, 100_000)
SETTINGS = {"batch_size": whole(1, 4096), "lr": positive,
            "momentum": fraction, "seed": whole(0, 2**32 - 1)}
# --8<-- [end:args]


# --8<-- [start:options]
def parse_args(argv=None):
    p = Parser(description="Train the CIFAR-10 model from model.py.")
    p.add_argument("--epochs", type=whole(1, 100_000), default=10,
                   help="total epochs, counting resumed ones (default 10)")
    # None = "not given": a resumed run takes these from its checkpoint
    p.add_argument("--batch-size", type=SETTINGS["batch_size"],
                   help="default 64")
    p.add_argument("--lr", type=positive, help="default 0.01")
    p.add_argument("--momentum", type=fraction, help="default 0.9")
    p.add_argument("--seed", type=SETTINGS["seed"], help="default 0")
    p.add_argument("--num-workers", type=whole(0, 64), default=0,
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
CIFAR10 = torchvision.datasets.CIFAR10


def load_cifar10(root):
    to_tensor = torchvision.transforms.ToTensor()
    made = root  # the outermost folder that a download would create
    while not made.parent.exists():
        made = made.parent
    existed = root.exists()
    # torchvision reads these names; a FIFO among them would block forever
    names = [CIFAR10.filename, f"{CIFAR10.base_folder}/batches.meta",
             *(f"{CIFAR10.base_folder}/{name}" for name, _
               in CIFAR10.train_list + CIFAR10.test_list)]
    for name in names:
        if (root / name).exists() and not (root / name).is_file():
            fail(f"{root / name} is not a regular file")
    try:
        train_set = CIFAR10(root, train=True, transform=to_tensor,
                            download=True)
        test_set = CIFAR10(root, train=False, transform=to_tensor,
                           download=True)
    except BaseException as exc:  # offline, full disk, Ctrl-C, ...
        if not existed:  # remove the folders this failed attempt made
            shutil.rmtree(made, ignore_errors=True)
        if not isinstance(exc, Exception):
            raise  # Ctrl-C: one line from the end of the file
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
UMASK = os.umask(0o22)  # read it, then set it back
os.umask(UMASK)


def write_file(path, write):
    """Create path whole or not at all. write(f) fills a new temporary
    file in the same folder (mkstemp: a fresh name, never an existing
    file or a symlink); fsync puts its bytes on the disk; os.replace then
    gives it the real name (atomic: the old file or the new, nothing
    between; a symlink there is replaced, not followed)."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.",
                               suffix=".tmp")
    try:
        with open(fd, "wb") as f:
            # mkstemp allows only its owner to read the file; give it the
            # permissions that open() would (the umask decides)
            with contextlib.suppress(OSError):
                os.chmod(tmp, 0o666 & ~UMASK)
            write(f)
            f.flush()
            os.fsync(f.fileno())  # the bytes are on disk, not in a cache
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)  # left only by a failure


def save_checkpoint(checkpoint, path):
    """A crash or a full disk never leaves a half-written checkpoint."""
    try:
        write_file(path, lambda f: torch.save(checkpoint, f))
    except (OSError, RuntimeError) as exc:  # full disk, no permission...
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


def is_finite(model, optimizer):
    """No nan or inf in the weights or the momentum buffers."""
    tensors = [*model.state_dict().values(),
               *(value for state in optimizer.state.values()
                 for value in state.values()
                 if isinstance(value, torch.Tensor))]
    return all(torch.isfinite(t).all() for t in tensors)
# --8<-- [end:save]


# --8<-- [start:lock]
LOCK, OWNER = ".train.lock", ".train.owner"


@contextlib.contextmanager
def claim(folder):
    """Make folder and lock it for this run: a second train.py into the
    same folder would mix its checkpoints or event files with ours.
    filelock: one well-tested lock for Windows, macOS and Linux, released
    when the process ends, even when it is killed."""
    lock = FileLock(folder / LOCK)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(dir=folder)  # does it take files?
        os.close(fd)
        os.remove(probe)
        lock.acquire(timeout=0)
        started = time.strftime("%Y-%m-%d %H:%M:%S")
        # bytes too, before training: a full disk still makes empty files
        write_file(folder / OWNER, lambda f: f.write(
            f"pid {os.getpid()}, started {started}\n".encode()))
    except Timeout:
        fail(f"{folder}/ is in use by another train.py "
             f"({owner(folder / OWNER)}); wait for it to end, or give "
             "another --checkpoint-dir or --logdir")
    except OSError as exc:  # read-only, full disk, a file of that name
        fail(f"cannot write in {folder}/ ({one_line(exc)})")
    try:
        yield
    finally:
        (folder / OWNER).unlink(missing_ok=True)
        lock.release()


def owner(path):
    """The run that holds a lock, as its .train.owner file says. That run
    writes the file just after it takes the lock: wait up to 2 s for it."""
    for _ in range(20):
        text = ""
        with contextlib.suppress(OSError):
            f = open_regular(path)
            if f:
                with f:
                    text = f.read(100).decode("ascii", "replace")
        if re.fullmatch(r"pid \d+, started [\d: -]+\n", text):
            return text.strip()
        time.sleep(0.1)
    return "owner unknown"


def open_regular(path):
    """Open a file for reading if it is a regular file, else None: a FIFO
    or a device could block forever or never end. (O_NONBLOCK: opening a
    FIFO does not wait for a writer; a regular file reads as always.)"""
    flags = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
             | getattr(os, "O_BINARY", 0))  # Windows: no newline changes
    fd = os.open(path, flags)
    if stat.S_ISREG(os.fstat(fd).st_mode):
        return os.fdopen(fd, "rb")
    os.close(fd)
    return None
# --8<-- [end:lock]


# --8<-- [start:latest]
NAME = re.compile(r"epoch_(\d+)(?:_batch_(\d+))?\.pt")
KEYS = {"model": None, "optimizer": None, "epoch": None,
        "progress": {"batch", "images", "loss_sum"},
        "rng": {"torch", "cuda", "python", "loader"},
        "args": set(DEFAULTS)}


def checkpoints_in(folder):
    """[((epoch, batch), path), ...] of the checkpoints in folder."""
    return sorted(((int(m[1]), int(m[2] or 0)), path)
                  for path in folder.glob("epoch_*.pt")
                  if (m := NAME.fullmatch(path.name)))


def latest_checkpoint(folder):
    found = checkpoints_in(folder)
    if not found:
        fail(f"--resume: no checkpoint in {folder}/ (train without "
             "--resume first, or give the file: --resume PATH)")
    return found[-1][1]  # the most epochs and batches
# --8<-- [end:latest]


# --8<-- [start:load]
def read_checkpoint(path):
    try:
        f = open_regular(path)
    except FileNotFoundError:
        fail(f"--resume: no such file: {path}")
    except OSError as exc:
        fail(f"--resume: cannot read {path} ({one_line(exc)})")
    if f is None:
        fail(f"--resume: {path} is not a file")
    try:
        with f:
            problem = zip_problem(f)  # before torch.load reads it
            if problem:
                fail(f"--resume: {path} is corrupt or not a checkpoint "
                     f"({problem})")
            # weights_only: tensors and plain data, never code to run
            ckpt = torch.load(f, map_location="cpu", weights_only=True)
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
    check_fields(ckpt, path)
    return ckpt


def zip_problem(f):
    """Why f cannot be what torch.save writes, judged from its zip archive
    (None: no reason found). torch.save stores each part uncompressed,
    one after another; compressed or overlapping parts could make a small
    file take gigabytes of memory. A file in torch's older format, not a
    zip, is left to torch.load."""
    try:
        if f.read(4) != b"PK\x03\x04":  # how a zip archive starts
            return None
        with zipfile.ZipFile(f) as archive:
            parts = archive.infolist()
    except Exception:  # truncated, crafted
        return "a damaged zip archive"
    finally:
        f.seek(0)
    if (any(p.compress_type != zipfile.ZIP_STORED for p in parts)
            or sum(p.file_size for p in parts) > os.fstat(f.fileno()).st_size):
        return ("a zip archive with compressed or overlapping parts, which "
                "torch.save never writes")
    return None


def has_keys(ckpt, keys):
    if not isinstance(ckpt, dict) or not keys.keys() <= ckpt.keys():
        return False
    return all(inner is None or (isinstance(ckpt[key], dict)
                                 and inner <= ckpt[key].keys())
               for key, inner in keys.items())
# --8<-- [end:load]


# --8<-- [start:check]
def check_fields(ckpt, path):
    """Type and range of each plain field that resuming uses: a damaged
    or crafted file gets one line, not a traceback or a strange run."""
    def valid(value, check):  # as if the value came from the command line
        try:
            return type(value) in (int, float) and check(str(value)) == value
        except (ValueError, argparse.ArgumentTypeError):
            return False

    def broken(field, value):
        fail(f"--resume: {path} has a broken {field} ({value!r:.60})")

    if not valid(ckpt["epoch"], EPOCHS):
        broken("epoch", ckpt["epoch"])
    for name, check in SETTINGS.items():
        if not valid(ckpt["args"][name], check):
            broken(f"args[{name!r}]", ckpt["args"][name])
    batch, images, loss_sum = (ckpt["progress"][key]
                               for key in ("batch", "images", "loss_sum"))
    if not (valid(batch, whole(0, 10**9)) and type(images) is int
            and images == batch * ckpt["args"]["batch_size"]
            and valid(loss_sum, float) and math.isfinite(loss_sum)
            and loss_sum >= 0 and (batch > 0 or loss_sum == 0)):
        broken("progress", ckpt["progress"])
    for name, top in (("test_loss", math.inf), ("test_accuracy", 1)):
        value = ckpt.get(name)
        if value is not None and not (valid(value, float)
                                      and math.isfinite(value)
                                      and 0 <= value <= top):
            broken(name, value)
    classes = ckpt.get("classes", [])
    if not (isinstance(classes, list)
            and all(type(name) is str for name in classes)):
        broken("classes", classes)


def check_against_data(ckpt, path, train_loader):
    """A checkpoint from the middle of an epoch fits only the data it was
    made with: same images, so the same number of batches."""
    batches, done = len(train_loader), ckpt["progress"]["batch"]
    if done >= batches:
        fail(f"--resume: {path} stopped after batch {done} of an epoch, "
             f"but the data now has {batches} batches per epoch "
             f"({len(train_loader.dataset)} images): was it changed? "
             "Resume from an epoch_NNN.pt instead")
    if ckpt.get("classes", train_loader.dataset.classes) != (
            train_loader.dataset.classes):
        fail(f"--resume: {path} names other classes than the data in "
             "--data")
# --8<-- [end:check]


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
        if not math.isfinite(loss.item()):  # diverged: nan or inf
            bar.close()
            fail(f"the loss became {loss.item()} in epoch {epoch + 1}, "
                 f"batch {i + 1} (is --lr too large?); nothing saved from"
                 " this epoch, the checkpoints saved before are intact")
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


def refuse_overwriting(args, ckpt, path):
    """A new run needs folders without checkpoints or event files; a
    resumed one must not be behind a checkpoint it would overwrite."""
    start = (ckpt["epoch"], ckpt["progress"]["batch"]) if ckpt else None
    later = [p for key, p in checkpoints_in(args.checkpoint_dir)
             if start is None or key > start]
    if later and ckpt:
        fail(f"{args.checkpoint_dir}/ holds {later[-1].name}, which is "
             f"further than {path}: resuming from it would overwrite "
             "that; give another --checkpoint-dir")
    if later:
        fail(f"{args.checkpoint_dir}/ holds checkpoints of an earlier run "
             f"({later[-1].name}); go on with --resume, or give another "
             "--checkpoint-dir")
    if not ckpt and any(args.logdir.glob("events.out.tfevents.*")):
        fail(f"{args.logdir}/ holds TensorBoard logs of an earlier run; "
             "go on with --resume, or give another --logdir")
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
    if not ckpt:
        return model, optimizer, shuffle_gen
    keys = ("lr", "momentum", "dampening", "weight_decay", "nesterov")
    wanted = [{key: optimizer.param_groups[0][key] for key in keys}]
    try:
        model.load_state_dict(ckpt["model"])
    except Exception as exc:
        fail(f"--resume: {path} holds the weights of another network "
             f"({one_line(exc)})")
    try:
        optimizer.load_state_dict(ckpt["optimizer"])
        shuffle_gen.set_state(ckpt["rng"]["loader"])
        restore_rng(ckpt["rng"])  # a check: set again when training
    except Exception as exc:
        fail(f"--resume: {path} has a broken optimizer or random "
             f"state ({one_line(exc)})")
    groups = [{key: g.get(key) for key in keys}
              for g in optimizer.param_groups]
    if groups != wanted or not all(fits(optimizer.state.get(p), p)
                                   for p in model.parameters()):
        fail(f"--resume: {path} has optimizer settings or momentum "
             "buffers that do not fit its args and network")
    if not is_finite(model, optimizer):
        fail(f"--resume: {path} holds nan or inf weights")
    return model, optimizer, shuffle_gen


def fits(state, param):
    """An SGD state of one parameter: no momentum yet, or its buffer."""
    if state is None:
        return True
    buffer = state.get("momentum_buffer") if isinstance(state, dict) else 0
    return buffer is None or (isinstance(buffer, torch.Tensor)
                              and buffer.shape == param.shape)
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
class Log:
    """TensorBoard's SummaryWriter, made when the first point is logged: a
    run that stops before that (a diverging loss, Ctrl-C) leaves no event
    file without points behind."""

    def __init__(self, logdir, purge_step):
        self.logdir, self.purge_step, self.writer = logdir, purge_step, None

    def add(self, epoch, **scalars):
        if self.writer is None:
            self.writer = open_log(self.logdir, self.purge_step)
        try:
            for tag, value in scalars.items():
                self.writer.add_scalar(tag, value, epoch)
            self.writer.flush()
        except Exception as exc:  # a full disk, ...
            log_failed(self.logdir, exc)

    def close(self):
        if self.writer is not None:
            with contextlib.suppress(Exception):
                self.writer.close()


def open_log(logdir, purge_step):
    """A SummaryWriter, or one line if the log folder cannot take it."""
    threading.excepthook = quiet_log_thread
    before = set(logdir.glob("events.out.tfevents.*"))
    try:
        return SummaryWriter(logdir, purge_step=purge_step)
    except Exception as exc:
        for empty in set(logdir.glob("events.out.tfevents.*")) - before:
            empty.unlink(missing_ok=True)  # the file it could not write
        log_failed(logdir, exc)


def quiet_log_thread(hook):
    """TensorBoard writes from a thread of its own. An error there comes
    back at the next add_scalar or flush, where it becomes one line: the
    thread need not print its own traceback too."""
    if type(hook.thread).__name__ != "_AsyncWriterThread":
        threading.__excepthook__(hook)


def log_failed(logdir, exc):
    fail(f"cannot write TensorBoard logs in {logdir}/ ({one_line(exc)}); "
         "the checkpoints saved before are intact")


def end_of_epoch(model, test_loader, loss_fn, device, log, epoch,
                 progress):
    """Test, log to TensorBoard and stderr; return the test results."""
    test_loss, test_acc = evaluate(model, test_loader, loss_fn, device)
    if not math.isfinite(test_loss):
        fail(f"the test loss became {test_loss} after epoch {epoch} (is "
             "--lr too large?); nothing saved from this epoch, the "
             "checkpoints saved before are intact")
    train_loss = progress["loss_sum"] / progress["images"]
    log.add(epoch, train_loss=train_loss, test_loss=test_loss,
            test_accuracy=test_acc)
    tqdm.write(f"epoch {epoch}: train loss {train_loss:.3f}, test loss "
               f"{test_loss:.3f}, test accuracy {test_acc:.3f}",
               file=sys.stderr)
    return {"test_loss": test_loss, "test_accuracy": test_acc}
# --8<-- [end:log]


# --8<-- [start:fit]
def fit(args, model, optimizer, shuffle_gen, loaders, device, log, stop,
        ckpt):
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
                                   log, epoch, progress)
            progress = dict(fresh)
            loader_state = shuffle_gen.get_state()  # the next epoch's
        if not is_finite(model, optimizer):
            fail(f"the weights hold nan or inf after epoch {epoch} (is "
                 "--lr too large?); the checkpoints saved before are "
                 "intact")
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
        # Every pass ends an epoch or returns: no endless loop
        if not done or (stop.is_set() and epoch < args.epochs):
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
        done = ckpt["epoch"]
        print(f"{path} has {done} epoch{'s' if done != 1 else ''} already; "
              "nothing to do (ask for more with --epochs)")
        return 0
    with contextlib.ExitStack() as held:  # the locks, until the end
        folders = {f.resolve(): f for f in (args.logdir, args.checkpoint_dir)}
        for folder in folders.values():
            held.enter_context(claim(folder))
        refuse_overwriting(args, ckpt, path)
        model, optimizer, shuffle_gen = build(args, ckpt, path, device)
        train_set, test_set = load_cifar10(args.data)
        print(f"device: {device}")
        print(f"train images: {len(train_set)}, "
              f"test images: {len(test_set)}")
        loaders = make_loaders(train_set, test_set, args, shuffle_gen)
        if ckpt:
            check_against_data(ckpt, path, loaders[0])
            print(f"resuming from {path} at epoch {ckpt['epoch'] + 1}, "
                  f"batch {ckpt['progress']['batch'] + 1}")
        # purge_step: on resume, drop points that a crashed run logged later
        log = Log(args.logdir, purge_step=ckpt["epoch"] + 1 if ckpt else None)
        stop = threading.Event()  # set by Ctrl-C, checked between batches
        before = signal.signal(signal.SIGINT,
                               lambda signum, frame: stop.set())
        try:
            return fit(args, model, optimizer, shuffle_gen, loaders,
                       device, log, stop, ckpt)
        finally:
            log.close()  # (every point was flushed at the end of its epoch)
            signal.signal(signal.SIGINT, before)
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
