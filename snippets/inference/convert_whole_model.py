# --8<-- [start:imports]
"""Turn a whole-model file (the notes' torch.save(model)) into a
checkpoint of weights that predict.py reads.

    python snippets/inference/convert_whole_model.py OLD.pth NEW.pt

It never unpickles arbitrary code: torch.load keeps weights_only=True and
allows, by name, only the course's network class (Tudui or Decade, from
whatever file it was defined in) and the five layer types it is built of.
A file that asks for anything else is refused, with its name.
"""
import os
import pickle
import re
import sys

import torch
from torch import nn

CIFAR10_CLASSES = ["airplane", "automobile", "bird", "cat", "deer",
                   "dog", "frog", "horse", "ship", "truck"]
COURSE_NAMES = {"Tudui", "Decade"}  # what the notes call the network
LAYERS = [nn.Sequential, nn.Conv2d, nn.MaxPool2d, nn.Flatten, nn.Linear]
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


def fail(message):
    print(f"error: {message}", file=sys.stderr)
    sys.exit(1)


# --8<-- [start:load]
def load_whole_model(path):
    """Unpickle with weights_only=True, allowing the course's class under
    the module name the file gives it (__main__, model, ...). Returns the
    model and that name."""
    allowed, name = list(LAYERS), None
    while True:
        try:
            with torch.serialization.safe_globals(allowed):
                model = torch.load(path, map_location="cpu",
                                   weights_only=True)
            return model, name
        except pickle.UnpicklingError as exc:
            found = re.search(r"GLOBAL ([\w.]+)", str(exc))
            if not found:
                fail(f"{path} is not a torch.save file (unreadable pickle)")
            name = found[1]
            if name.rsplit(".", 1)[-1] not in COURSE_NAMES or any(
                    isinstance(a, tuple) and a[1] == name for a in allowed):
                fail(f"{path} needs {name}, which is not part of the "
                     "course's network: not converted")
            allowed.append((Decade, name))  # e.g. "__main__.Tudui"
# --8<-- [end:load]


# --8<-- [start:main]
def main(argv):
    if len(argv) != 2:
        fail("usage: convert_whole_model.py OLD.pth NEW.pt")
    old, new = argv
    if not os.path.isfile(old):
        fail(f"no such file: {old}")
    if os.path.exists(new):
        fail(f"{new} exists already; give a new name (nothing written)")
    try:
        model, name = load_whole_model(old)
    except (RuntimeError, EOFError, OSError) as exc:
        fail(f"{old} is not a torch.save file ({type(exc).__name__})")
    if not isinstance(model, nn.Module):
        fail(f"{old} holds a {type(model).__name__}, not a whole model; "
             "predict.py may read it as it is")
    try:
        Decade().load_state_dict(model.state_dict())  # every key and shape
    except RuntimeError:
        fail(f"{old} holds another network than the course's CIFAR-10 one")
    tmp = new + ".tmp"
    torch.save({"model": model.state_dict(), "classes": CIFAR10_CLASSES},
               tmp)
    os.replace(tmp, new)  # no half-written file under the new name
    print(f"{old}: the course's network ({name or 'no class'} in the file) "
          f"-> {new}, weights only")


if __name__ == "__main__":
    main(sys.argv[1:])
# --8<-- [end:main]
