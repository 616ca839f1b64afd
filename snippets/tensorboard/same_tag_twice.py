# --8<-- [start:twice]
from pathlib import Path

from tensorboard.backend.event_processing.event_accumulator import (
    EventAccumulator,  # reads event files back (used further down)
)
from torch.utils.tensorboard import SummaryWriter

# Two runs of the same script into the same folder and the same tag;
# between the runs the formula was edited from 2x to 3x (the tag was not).
for slope in [2, 3]:
    writer = SummaryWriter("logs/tensorboard/same_tag")  # new event file
    for i in range(100):
        writer.add_scalar("y=2x", slope * i, i)
    writer.close()

files = sorted(Path("logs/tensorboard/same_tag").glob("events.out.tfevents.*"))
print(len(files), "event files")
# --8<-- [end:twice]

# --8<-- [start:check]
events = EventAccumulator("logs/tensorboard/same_tag")
events.Reload()  # reads every event file in the folder, oldest first
points = events.Scalars("y=2x")
print(len(points), "points")
print([(p.step, p.value) for p in points[98:102]])  # the line jumps back
# --8<-- [end:check]

# --8<-- [start:plot]
import matplotlib.pyplot as plt  # noqa: E402

# TensorBoard joins a tag's points in the order it read them: after step 99
# of the first run the line goes back to step 0 (along the 2x line) and
# carries on with the second run.
fig, ax = plt.subplots(figsize=(5, 3), layout="constrained")
ax.plot([p.step for p in points], [p.value for p in points],
        color="#ff7043", marker=".", markersize=3)
ax.text(60, 85, "1st run: 2x, then back\nfrom step 99 to step 0",
        ha="left", va="top", fontsize=9)
ax.text(45, 160, "2nd run: 3x", ha="right", va="bottom", fontsize=9)
ax.set(title=f"same_tag / y=2x  ({len(points)} points, one line)",
       xlabel="step", ylabel="value")
ax.grid(alpha=0.3)
Path("figures").mkdir(exist_ok=True)
fig.savefig("figures/same_tag.png", dpi=80)
# --8<-- [end:plot]
