# --8<-- [start:solution]
import torch
from torch import nn
from torch.utils.flop_counter import FlopCounterMode

wider = nn.Sequential(  # every channel count doubled
    nn.Conv2d(3, 64, 5, 1, 2), nn.MaxPool2d(2),
    nn.Conv2d(64, 64, 5, 1, 2), nn.MaxPool2d(2),
    nn.Conv2d(64, 128, 5, 1, 2), nn.MaxPool2d(2),
    nn.Flatten(), nn.Linear(2048, 64), nn.Linear(64, 10),
)
macs = (32 * 32 * 64 * 3 * 25 + 16 * 16 * 64 * 64 * 25
        + 8 * 8 * 128 * 64 * 25 + 2048 * 64 + 64 * 10)
print(f"by hand: {2 * macs / 1e6:.1f} MFLOP per image")

counter = FlopCounterMode(display=False)
with counter:
    wider(torch.rand(1, 3, 32, 32))
print(f"counted: {counter.get_total_flops() / 1e6:.1f} MFLOP per image")
# --8<-- [end:solution]
