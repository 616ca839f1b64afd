# --8<-- [start:step]
import shutil

from tensorboard.backend.event_processing.event_accumulator import (
    EventAccumulator,
)
from torch.utils.tensorboard import SummaryWriter

losses = [2.3, 1.9, 1.6, 1.4, 1.3]  # one per training step
shutil.rmtree("logs/tensorboard/no_step", ignore_errors=True)  # run again:
shutil.rmtree("logs/tensorboard/with_step", ignore_errors=True)  # start anew

with SummaryWriter("logs/tensorboard/no_step") as writer:
    for loss in losses:
        writer.add_scalar("train_loss", loss)  # wrong: no global_step
with SummaryWriter("logs/tensorboard/with_step") as writer:
    for step, loss in enumerate(losses):
        writer.add_scalar("train_loss", loss, step)  # right

for run in ["no_step", "with_step"]:
    events = EventAccumulator(f"logs/tensorboard/{run}")
    events.Reload()
    print(run, [p.step for p in events.Scalars("train_loss")])
# --8<-- [end:step]
