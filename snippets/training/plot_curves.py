# --8<-- [start:plot]
import math
import sys
from pathlib import Path

import matplotlib.pyplot as plt
from tensorboard.backend.event_processing.event_accumulator import (
    EventAccumulator,
)

# isort: split
import train  # train.py, next to this file

logdir = Path("logs/training")
if not list(logdir.glob("events.out.tfevents.*")):
    # No run yet (a fresh checkout): train one first, 4 epochs unless
    # arguments for train.py are given.
    code = train.main(sys.argv[1:] or ["--epochs", "4"])
    if code:
        sys.exit(code)

# Every event file of the run, a resumed run's too, read back
run = EventAccumulator(str(logdir)).Reload()


def curve(tag):
    points = run.Scalars(tag)
    return [p.step for p in points], [p.value for p in points]
# --8<-- [end:plot]


# --8<-- [start:figure]
fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.4), dpi=80)
highest = 0.0
for tag, style in [("train_loss", "o-"), ("test_loss", "s--")]:
    epochs, values = curve(tag)
    left.plot(epochs, values, style, label=tag)
    highest = max(highest, *values)
# The loss axis from 0 up to the next half: the same axis whatever the
# last digits of the losses
left.set(xlabel="epoch", ylabel="cross-entropy loss", title="loss",
         ylim=(0, math.ceil(highest * 2 + 0.1) / 2))
left.legend()
right.plot(*curve("test_accuracy"), "o-", color="tab:green")
right.axhline(0.1, color="gray", linestyle=":", label="chance (10 classes)")
right.set(xlabel="epoch", ylim=(0, 1), title="test accuracy")
right.legend(loc="lower right")
for ax in (left, right):
    ax.xaxis.get_major_locator().set_params(integer=True)
fig.tight_layout()
Path("figures").mkdir(exist_ok=True)
fig.savefig("figures/training_curves.png")
# --8<-- [end:figure]
