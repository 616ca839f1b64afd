# --8<-- [start:write]
from tensorboard.backend.event_processing.event_accumulator import (
    EventAccumulator,  # reads event files back (used further down)
)
from torch.utils.tensorboard import SummaryWriter

writer = SummaryWriter("logs/tensorboard/scalars")  # one folder = one run
for i in range(100):
    writer.add_scalar("y=2x", 2 * i, i)  # tag, value (y axis), step (x axis)
writer.close()  # flush what is still buffered to the event file
# --8<-- [end:write]

# --8<-- [start:check]
events = EventAccumulator("logs/tensorboard/scalars")
events.Reload()  # read the run's event files from disk
print(events.Tags()["scalars"])
points = events.Scalars("y=2x")  # ScalarEvent(wall_time, step, value)
print(len(points), [(p.step, p.value) for p in points[:3]])
print(points[-1].step, points[-1].value)
# --8<-- [end:check]

# --8<-- [start:plot]
from pathlib import Path  # noqa: E402

import matplotlib.pyplot as plt  # noqa: E402

# Draw what TensorBoard's scalar chart shows, from the event file's points.
fig, ax = plt.subplots(figsize=(5, 3), layout="constrained")
ax.plot([p.step for p in points], [p.value for p in points], color="#ff7043")
ax.set(title="scalars / y=2x  (read from the event file)",
       xlabel="step", ylabel="value")
ax.grid(alpha=0.3)
Path("figures").mkdir(exist_ok=True)
fig.savefig("figures/scalars.png", dpi=80)
# --8<-- [end:plot]
