# --8<-- [start:solution]
import os
from pathlib import Path

import torch


def save_atomically(obj, path):
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as f:
        torch.save(obj, f)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def readable(path):
    try:
        torch.load(path, weights_only=True)
        return True
    except Exception:
        return False


# A save that dies half-way, like one hit by a full disk or a power cut:
# a lambda cannot be pickled, so torch.save fails after it began writing.
broken = {"w": torch.zeros(3), "oops": lambda: 0}
for name, save in [("torch.save", torch.save),
                   ("save_atomically", save_atomically)]:
    path = Path(f"checkpoint_{save.__name__}.pt")
    torch.save({"w": torch.ones(3)}, path)  # the last good checkpoint
    try:
        save(broken, path)
    except Exception as exc:
        print(f"{name}: {type(exc).__name__};", end=" ")
    print("old checkpoint still readable:", readable(path))
# --8<-- [end:solution]
