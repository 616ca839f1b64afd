# --8<-- [start:solution]
import torch
from torch import nn


class DecadeLong(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 32, 5, padding=2)
        self.pool1 = nn.MaxPool2d(2)
        self.conv2 = nn.Conv2d(32, 32, 5, padding=2)
        self.pool2 = nn.MaxPool2d(2)
        self.conv3 = nn.Conv2d(32, 64, 5, padding=2)
        self.pool3 = nn.MaxPool2d(2)
        self.flatten = nn.Flatten()
        self.linear1 = nn.Linear(1024, 64)
        self.linear2 = nn.Linear(64, 10)

    def forward(self, x):  # every step written out by hand
        x = self.pool1(self.conv1(x))
        x = self.pool2(self.conv2(x))
        x = self.pool3(self.conv3(x))
        x = self.flatten(x)
        return self.linear2(self.linear1(x))


short = nn.Sequential(
    nn.Conv2d(3, 32, 5, padding=2), nn.MaxPool2d(2),
    nn.Conv2d(32, 32, 5, padding=2), nn.MaxPool2d(2),
    nn.Conv2d(32, 64, 5, padding=2), nn.MaxPool2d(2),
    nn.Flatten(), nn.Linear(1024, 64), nn.Linear(64, 10),
)
long = DecadeLong()
print(sum(p.numel() for p in long.parameters()),
      sum(p.numel() for p in short.parameters()))

# Same parameters in the same order: copy the weights across by position.
long.load_state_dict(dict(zip(long.state_dict(),
                              short.state_dict().values())))
x = torch.rand(8, 3, 32, 32)
print(torch.allclose(long(x), short(x), atol=1e-6))
# --8<-- [end:solution]
