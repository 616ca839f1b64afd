# --8<-- [start:model]
import torch
from torch import nn


class Decade(nn.Module):
    """The notes' CIFAR-10 network: 3x32x32 image -> 10 class scores."""

    def __init__(self):
        super().__init__()
        self.model = nn.Sequential(
            nn.Conv2d(3, 32, 5, 1, 2),   # in, out, kernel, stride, padding
            nn.MaxPool2d(2),             # 32x32 -> 16x16
            nn.Conv2d(32, 32, 5, 1, 2),
            nn.MaxPool2d(2),             # 16x16 -> 8x8
            nn.Conv2d(32, 64, 5, 1, 2),
            nn.MaxPool2d(2),             # 8x8 -> 4x4
            nn.Flatten(),                # 64 * 4 * 4 = 1024
            nn.Linear(1024, 64),
            nn.Linear(64, 10),
        )

    def forward(self, x):
        return self.model(x)
# --8<-- [end:model]


# --8<-- [start:check]
# Runs only when this file is the program (python model.py), not when
# train.py imports it: a quick shape check of the network.
if __name__ == "__main__":
    decade = Decade()
    x = torch.ones((64, 3, 32, 32))
    print(decade(x).shape)
# --8<-- [end:check]
