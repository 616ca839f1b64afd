# --8<-- [start:model]
import torch
from torch import nn


class Decade(nn.Module):  # the notes' CIFAR-10 model
    def __init__(self):
        super().__init__()
        self.model = nn.Sequential(
            nn.Conv2d(3, 32, 5, 1, 2),
            nn.MaxPool2d(2),
            nn.Conv2d(32, 32, 5, 1, 2),
            nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 5, 1, 2),
            nn.MaxPool2d(2),
            nn.Flatten(),
            nn.Linear(1024, 64),
            nn.Linear(64, 10),
        )

    def forward(self, x):
        return self.model(x)
# --8<-- [end:model]


# --8<-- [start:apply]
visited = []


def init_weights(m):
    visited.append(type(m).__name__)
    if isinstance(m, nn.Conv2d):
        nn.init.kaiming_normal_(m.weight, mode="fan_out",
                                nonlinearity="relu")
        nn.init.zeros_(m.bias)
    elif isinstance(m, nn.Linear):
        nn.init.xavier_uniform_(m.weight)
        nn.init.zeros_(m.bias)
    # MaxPool2d, Flatten, Sequential, Decade: nothing to initialise


torch.manual_seed(0)
model = Decade()
model.apply(init_weights)  # calls init_weights on every submodule
print(len(visited), visited[:2], visited[-3:])  # children first
# --8<-- [end:apply]

# --8<-- [start:check]
biases = [m.bias for m in model.modules()
          if isinstance(m, (nn.Conv2d, nn.Linear))]
print(len(biases), all(b.abs().max().item() == 0 for b in biases))
print(model(torch.zeros(2, 3, 32, 32)).shape)  # still a working model
# --8<-- [end:check]
