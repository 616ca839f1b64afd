# --8<-- [start:solution]
from tensorboard.backend.event_processing.event_accumulator import (
    EventAccumulator,
)
from torch.utils.tensorboard import SummaryWriter

with SummaryWriter("logs/tensorboard/exercise_two_tags") as writer:
    for x in range(50):
        writer.add_scalar("y=x^2", x**2, x)  # two tags, one run:
        writer.add_scalar("y=100-x", 100 - x, x)  # two charts

events = EventAccumulator("logs/tensorboard/exercise_two_tags")
events.Reload()
print(sorted(events.Tags()["scalars"]))
for tag in sorted(events.Tags()["scalars"]):
    points = events.Scalars(tag)
    print(tag, len(points), points[-1].value)
# --8<-- [end:solution]
