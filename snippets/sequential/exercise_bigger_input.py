# --8<-- [start:solution]
import torch
from torch import nn

# 64 -> 32 -> 16 -> 8 after three MaxPool2d(2): 64 channels of 8 x 8.
print(64 * 8 * 8)

model = nn.Sequential(
    nn.Conv2d(3, 32, 5, padding=2), nn.MaxPool2d(2),
    nn.Conv2d(32, 32, 5, padding=2), nn.MaxPool2d(2),
    nn.Conv2d(32, 64, 5, padding=2), nn.MaxPool2d(2),
    nn.Flatten(), nn.Linear(64 * 8 * 8, 64), nn.Linear(64, 10),
)
print(model(torch.ones(2, 3, 64, 64)).shape)
# --8<-- [end:solution]
