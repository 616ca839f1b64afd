# --8<-- [start:fresh]
import shutil

from tensorboard.backend.event_processing.event_accumulator import (
    EventAccumulator,
)
from torch.utils.tensorboard import SummaryWriter

for slope in [2, 3]:  # the same two runs as before ...
    # ... but each starts by deleting what the previous run wrote
    shutil.rmtree("logs/tensorboard/fresh", ignore_errors=True)
    writer = SummaryWriter("logs/tensorboard/fresh")
    for i in range(100):
        writer.add_scalar("y", slope * i, i)
    writer.close()

events = EventAccumulator("logs/tensorboard/fresh")
events.Reload()
points = events.Scalars("y")
print(len(points), points[-1].value)
# --8<-- [end:fresh]
