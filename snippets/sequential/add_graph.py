# --8<-- [start:write]
import warnings

import torch
from torch import nn
from torch.utils.tensorboard import SummaryWriter


class Decade(nn.Module):
    def __init__(self):
        super().__init__()
        self.module1 = nn.Sequential(
            nn.Conv2d(3, 32, 5, padding=2),
            nn.MaxPool2d(2),
            nn.Conv2d(32, 32, 5, padding=2),
            nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 5, padding=2),
            nn.MaxPool2d(2),
            nn.Flatten(),
            nn.Linear(1024, 64),
            nn.Linear(64, 10),
        )

    def forward(self, x):
        return self.module1(x)


decade = Decade()
x = torch.ones((64, 3, 32, 32))

writer = SummaryWriter("logs/sequential")
with warnings.catch_warnings():
    # add_graph records the model with torch.jit.trace, which PyTorch has
    # deprecated; silence exactly that warning and nothing else.
    warnings.filterwarnings(
        "ignore", message=r"`torch\.jit\.trace(_method)?` is deprecated",
        category=FutureWarning)
    writer.add_graph(decade, x)
writer.close()
# --8<-- [end:write]

# --8<-- [start:check]
from tensorboard.backend.event_processing.event_accumulator import (  # noqa: E402
    EventAccumulator,
)

events = EventAccumulator("logs/sequential")
events.Reload()
print(events.Tags()["graph"])  # True: a graph was written

graph = events.Graph()  # a TensorFlow GraphDef: one node per operation
for node in graph.node:
    if node.op.startswith("aten::"):  # the computations, not constants
        scope = node.name.rsplit("/", 1)[0]
        print(f"{scope:40} {node.op}")
# --8<-- [end:check]
