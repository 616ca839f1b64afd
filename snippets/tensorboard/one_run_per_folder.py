# --8<-- [start:runs]
from tensorboard.backend.event_processing.event_multiplexer import (
    EventMultiplexer,
)
from torch.utils.tensorboard import SummaryWriter

for slope in [2, 3]:
    # A folder per run: TensorBoard draws each run as its own line.
    writer = SummaryWriter(f"logs/tensorboard/runs/slope_{slope}")
    for i in range(100):
        writer.add_scalar("y", slope * i, i)
    writer.close()

# EventMultiplexer reads a folder of runs, the way TensorBoard does.
runs = EventMultiplexer().AddRunsFromDirectory("logs/tensorboard/runs")
runs.Reload()
for run in sorted(runs.Runs()):
    points = runs.Scalars(run, "y")
    print(run, len(points), points[-1].value)
# --8<-- [end:runs]
