# --8<-- [start:imports]
"""Turn a whole-model file (the notes' torch.save(model)) into a
checkpoint of weights that predict.py reads.

    python snippets/inference/convert_whole_model.py OLD.pth NEW.pt
    python snippets/inference/convert_whole_model.py OLD.pth NEW.pt \
        --class mynet.Net        # your copy of the network, named so

It never runs code from the file, nor calls anything with the file's
data. torch.load keeps weights_only=True and allows, by name, only the
course's network class and the five layer types it is built of; each
of them is loaded as a stand-in that just keeps what the file stores.
The weights are copied from there into the course's network, checked,
and saved as a new file, which must load with weights_only=True before
it gets its name. A file that asks for anything else is refused, with
its name, in one line.
"""
import sys

try:  # importing torch takes seconds: a Ctrl-C meanwhile gets one line
    import argparse
    import contextlib
    import io
    import os
    import pickle
    import stat
    import tempfile
    import warnings
    import zipfile

    import torch
    from torch import nn
except KeyboardInterrupt:
    print("interrupted; nothing written", file=sys.stderr)
    sys.exit(130)  # the shell's code for "stopped by Ctrl-C"

CIFAR10_CLASSES = ["airplane", "automobile", "bird", "cat", "deer",
                   "dog", "frog", "horse", "ship", "truck"]
# The network as the course's own files name it: defined in the training
# script itself (__main__) or in model.py; Tudui in the videos, Decade in
# the notes
COURSE_NAMES = ["__main__.Decade", "model.Decade",
                "__main__.Tudui", "model.Tudui"]
LAYERS = [nn.Sequential, nn.Conv2d, nn.MaxPool2d, nn.Flatten, nn.Linear]
MAX_BYTES = 100_000_000  # the course's network takes 0.5 MB
UMASK = os.umask(0o22)  # read it, then set it back
os.umask(UMASK)
# --8<-- [end:imports]


class Decade(nn.Module):
    """The course's CIFAR-10 network, as in predict.py (same names)."""

    def __init__(self):
        super().__init__()
        self.model = nn.Sequential(
            nn.Conv2d(3, 32, 5, 1, 2), nn.MaxPool2d(2),
            nn.Conv2d(32, 32, 5, 1, 2), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 5, 1, 2), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(1024, 64), nn.Linear(64, 10),
        )

    def forward(self, x):
        return self.model(x)


class NotConverted(Exception):
    """Why a file is refused, in one line."""


def fail(message, code=1):
    text = "".join(c if c.isprintable() else repr(c)[1:-1]
                   for c in message)  # no control characters from a file
    print(f"error: {text}", file=sys.stderr)
    sys.exit(code)


def one_line(exc):
    text = " ".join(f"{type(exc).__name__}: {exc}".split()).rstrip(":")
    return text if len(text) <= 160 else text[:157] + "..."


def zip_problem(data):
    """Why data cannot be what torch.save writes, judged from its zip
    archive (None: no reason found). torch.save stores each part
    uncompressed, one after another; compressed or overlapping parts could
    make a small file take gigabytes of memory. A file in torch's older
    format, not a zip, is left to torch."""
    if not data.startswith(b"PK\x03\x04"):  # how a zip archive starts
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except Exception:  # truncated, crafted
        return "a damaged zip archive"
    if (any(p.compress_type != zipfile.ZIP_STORED for p in parts)
            or sum(p.file_size for p in parts) > len(data)):
        return ("a zip archive with compressed or overlapping parts, which "
                "torch.save never writes")
    return None


# --8<-- [start:load]
class Stored:
    """Stands in for a class that the file names: it keeps what the file
    stores for the object (its __dict__) and runs nothing else."""

    def __new__(cls, *args):  # the file's arguments are ignored
        return super().__new__(cls)

    def __setstate__(self, state):
        self.state = state


def full_name(cls):
    return f"{cls.__module__}.{cls.__qualname__}"


def load_stand_ins(data, networks):
    """Unpickle with weights_only=True, allowing the layer classes and the
    network names given, each as a Stored. Refuses any other name before
    loading: one pass over the file, however many names it holds."""
    names = [full_name(layer) for layer in LAYERS] + networks
    problem = zip_problem(data)  # before torch reads it
    if problem:
        raise NotConverted(f"is not a torch.save file ({problem})")
    others = sorted(torch.serialization.get_unsafe_globals_in_checkpoint(
        io.BytesIO(data)))  # names that torch does not allow by itself
    unknown = [name for name in others if name not in names]
    if unknown:
        more = f" and {len(unknown) - 3} more" if len(unknown) > 3 else ""
        raise NotConverted(
            f"needs {', '.join(unknown[:3])}{more}, which is not part of "
            "the course's network: not converted (your copy of it under "
            "another name? Then give that name: --class NAME)")
    allowed = [(type(name, (Stored,), {"name": name}), name)
               for name in names]
    with warnings.catch_warnings(), \
            torch.serialization.safe_globals(allowed):
        warnings.simplefilter("ignore", UserWarning)  # we explain failures
        return torch.load(io.BytesIO(data), map_location="cpu",
                          weights_only=True)
# --8<-- [end:load]


# --8<-- [start:weights]
def read_weights(root, networks):
    """The course's network's weights, read from the stand-ins layer by
    layer, where nn.Module.state_dict() would call the file's objects."""
    if not isinstance(root, Stored):
        raise NotConverted(f"holds a {type(root).__name__}, not a whole "
                           "model; predict.py may read it as it is")
    if root.name not in networks or children(root).keys() != {"model"}:
        raise NotConverted(f"holds another network than the course's "
                           f"({root.name})")
    ours = Decade()
    stored = children(root)["model"]
    if (not isinstance(stored, Stored) or stored.name != full_name(
            nn.Sequential) or len(children(stored)) != len(ours.model)):
        raise NotConverted("holds another network than the course's")
    weights = {}
    for i, layer in enumerate(ours.model):
        part = children(stored).get(str(i))
        if not isinstance(part, Stored) or part.name != full_name(
                type(layer)) or not same_settings(layer, part.state):
            raise NotConverted(f"holds another network than the course's "
                               f"(layer {i} is not {layer})")
        for key in layer.state_dict():
            weights[f"model.{i}.{key}"] = part.state["_parameters"][key]
    if not all(type(t) in (torch.Tensor, nn.Parameter)
               and t.is_floating_point() for t in weights.values()):
        raise NotConverted("holds weights that are not float tensors")
    try:
        ours.load_state_dict(weights)  # copies them; checks every shape
    except RuntimeError as exc:
        raise NotConverted(f"holds another network than the course's "
                           f"({one_line(exc)})") from None
    if not all(torch.isfinite(t).all() for t in ours.state_dict().values()):
        raise NotConverted("holds nan or inf weights")
    return ours.state_dict()


def children(stored):
    modules = stored.state.get("_modules") if isinstance(
        stored.state, dict) else None
    if not isinstance(modules, dict):
        raise NotConverted("holds no layers where a module keeps them")
    return modules


def same_settings(layer, state):
    """Kernel sizes, strides, features...: what the file stores for a
    layer agrees with the course's network (fields it lacks pass)."""
    ours = {k: v for k, v in vars(layer).items()
            if not k.startswith("_") and k != "training"}
    return isinstance(state, dict) and all(
        type(state[k]) is type(v) and state[k] == v
        for k, v in ours.items() if k in state)
# --8<-- [end:weights]


# --8<-- [start:save]
def save_new(checkpoint, new):
    """Write new whole or not at all, and never over an existing file: a
    temporary file created in the same folder (mkstemp: a fresh name,
    never through a symlink), fsynced, proved to load with
    weights_only=True, then renamed."""
    folder = os.path.dirname(os.path.abspath(new))
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".convert-",
                               suffix=".tmp")
    try:
        with open(fd, "wb") as f:
            with contextlib.suppress(OSError):  # what open() would give
                os.chmod(tmp, 0o666 & ~UMASK)
            torch.save(checkpoint, f)
            f.flush()
            os.fsync(f.fileno())
        if not loads_weights_only(tmp, checkpoint):
            raise NotConverted("the new file would not load with "
                               "weights_only=True: not written")
        if os.path.lexists(new):
            raise NotConverted(f"{new} appeared meanwhile; not written")
        os.replace(tmp, new)
    finally:
        if os.path.lexists(tmp):  # after a failure: no half-written file
            os.unlink(tmp)


def loads_weights_only(path, checkpoint):
    """Nothing but torch's own allowed names in the file (so it loads
    with an empty allowlist), and exactly the weights that were saved."""
    if torch.serialization.get_unsafe_globals_in_checkpoint(path):
        return False
    loaded = torch.load(path, weights_only=True)
    return (loaded.keys() == checkpoint.keys()
            and loaded["classes"] == checkpoint["classes"]
            and loaded["model"].keys() == checkpoint["model"].keys()
            and all(torch.equal(loaded["model"][k], v)
                    for k, v in checkpoint["model"].items()))
# --8<-- [end:save]


# --8<-- [start:main]
class Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse prints usage + message
        fail(f"{message} (usage: convert_whole_model.py OLD.pth NEW.pt "
             "[--class NAME])", code=2)


def read_file(path):
    """The bytes of a regular file (a FIFO would block forever)."""
    flags = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
             | getattr(os, "O_BINARY", 0))
    fd = os.open(path, flags)
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_BYTES:
        os.close(fd)
        raise NotConverted(f"{info.st_size:,} bytes, more than the "
                           f"{MAX_BYTES:,} this program reads"
                           if stat.S_ISREG(info.st_mode)
                           else "not a regular file")
    with os.fdopen(fd, "rb") as f:
        return f.read()


def main(argv=None):
    p = Parser(description="Whole-model file -> weights-only checkpoint.")
    p.add_argument("old", metavar="OLD.pth")
    p.add_argument("new", metavar="NEW.pt")
    p.add_argument("--class", dest="network", metavar="NAME",
                   help="module.Class of your copy of the course's "
                        "network, as the error message names it")
    args = p.parse_args(argv)
    old, new = args.old, args.new
    networks = COURSE_NAMES + ([args.network] if args.network else [])
    if not os.path.basename(new):  # "" or "folder/": no file name
        fail(f"{new!r} names no file; give one, such as NEW.pt", code=2)
    if os.path.lexists(new):
        fail(f"{new} exists already; give a new name (nothing written)")
    try:
        data = read_file(old)
    except FileNotFoundError:
        fail(f"no such file: {old}")
    except (OSError, NotConverted) as exc:
        fail(f"{old}: {exc}")
    try:
        root = load_stand_ins(data, networks)
        weights = read_weights(root, networks)
    except NotConverted as exc:
        fail(f"{old} {exc}")
    except (pickle.UnpicklingError, ValueError, RuntimeError, EOFError,
            OSError) as exc:  # not what torch.save writes, or damaged
        fail(f"{old} is not a torch.save file ({one_line(exc)})")
    except Exception as exc:  # crafted: IndexError, KeyError, MemoryError...
        fail(f"{old} is not a whole model this program can read "
             f"({one_line(exc)})")
    try:
        save_new({"model": weights, "classes": CIFAR10_CLASSES}, new)
    except NotConverted as exc:
        fail(str(exc))
    except Exception as exc:  # a full disk, no folder, no permission...
        fail(f"cannot write {new} ({one_line(exc)}); nothing written")
    print(f"{old}: the course's network ({root.name} in the file) "
          f"-> {new}, weights only")


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:  # the temporary file is already removed
        print("interrupted; nothing written", file=sys.stderr)
        sys.exit(130)
# --8<-- [end:main]
