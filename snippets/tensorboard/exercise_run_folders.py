# --8<-- [start:solution]
from datetime import datetime

from tensorboard.backend.event_processing.event_multiplexer import (
    EventMultiplexer,
)
from torch.utils.tensorboard import SummaryWriter

for slope in [2, 3]:  # two runs of the script
    # The start time names the folder. Microseconds (%f), because two runs
    # in the same second would otherwise share one folder again.
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    with SummaryWriter(f"logs/tensorboard/exercise_runs/{stamp}") as writer:
        for i in range(100):
            writer.add_scalar("y=2x", slope * i, i)

runs = EventMultiplexer().AddRunsFromDirectory("logs/tensorboard/exercise_runs")
runs.Reload()
print(len(runs.Runs()), "runs")
print(sorted(len(runs.Scalars(run, "y=2x")) for run in runs.Runs()))
# --8<-- [end:solution]
