# --8<-- [start:solution]
import torch
from torch import nn

model = nn.Sequential(
    nn.Conv2d(3, 32, 5, padding=2),
    nn.ReLU(),
    nn.MaxPool2d(2),
    nn.Conv2d(32, 32, 5, padding=2),
    nn.ReLU(),
    nn.MaxPool2d(2),
    nn.Conv2d(32, 64, 5, padding=2),
    nn.ReLU(),
    nn.MaxPool2d(2),
    nn.Flatten(),
    nn.Linear(1024, 64),
    nn.ReLU(),
    nn.Linear(64, 10),
)
print(model)

total = sum(p.numel() for p in model.parameters())
print(total, total == 145578)  # ReLU has no parameters: the same count
print(model(torch.ones(64, 3, 32, 32)).shape)
# --8<-- [end:solution]
