# --8<-- [start:tags]
import shutil

from tensorboard.backend.event_processing.event_accumulator import (
    EventAccumulator,
)
from torch.utils.tensorboard import SummaryWriter

train_losses = [2.1, 1.7, 1.5]  # one per epoch
test_losses = [2.2, 1.9, 1.8]
shutil.rmtree("logs/tensorboard/one_tag", ignore_errors=True)  # run again:
shutil.rmtree("logs/tensorboard/two_tags", ignore_errors=True)  # start anew

with SummaryWriter("logs/tensorboard/one_tag") as writer:
    for epoch in range(3):
        writer.add_scalar("loss", train_losses[epoch], epoch)  # wrong: the
        writer.add_scalar("loss", test_losses[epoch], epoch)  # same tag
with SummaryWriter("logs/tensorboard/two_tags") as writer:
    for epoch in range(3):
        writer.add_scalar("train_loss", train_losses[epoch], epoch)  # right
        writer.add_scalar("test_loss", test_losses[epoch], epoch)

for run in ["one_tag", "two_tags"]:
    events = EventAccumulator(f"logs/tensorboard/{run}")
    events.Reload()
    for tag in sorted(events.Tags()["scalars"]):
        points = events.Scalars(tag)  # values are stored as float32
        print(run, tag, [(p.step, round(p.value, 2)) for p in points])
# --8<-- [end:tags]
