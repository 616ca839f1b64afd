# --8<-- [start:solution]
import torch
from torch import nn


class Decade(nn.Module):
    """train_simple.py's network with a ReLU after each convolution and
    after the first Linear layer."""

    def __init__(self):
        super().__init__()
        self.model = nn.Sequential(
            nn.Conv2d(3, 32, 5, 1, 2), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 32, 5, 1, 2), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 5, 1, 2), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(),
            nn.Linear(1024, 64), nn.ReLU(),
            nn.Linear(64, 10),
        )

    def forward(self, x):
        return self.model(x)


print(Decade()(torch.zeros(1, 3, 32, 32)).shape)
# --8<-- [end:solution]
