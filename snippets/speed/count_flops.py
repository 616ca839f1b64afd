# --8<-- [start:count]
import torch
from torch import nn
from torch.utils.flop_counter import FlopCounterMode

model = nn.Sequential(  # the course's CNN
    nn.Conv2d(3, 32, 5, 1, 2), nn.MaxPool2d(2),
    nn.Conv2d(32, 32, 5, 1, 2), nn.MaxPool2d(2),
    nn.Conv2d(32, 64, 5, 1, 2), nn.MaxPool2d(2),
    nn.Flatten(), nn.Linear(1024, 64), nn.Linear(64, 10),
)
imgs = torch.rand(64, 3, 32, 32)
targets = torch.randint(0, 10, (64,))

counter = FlopCounterMode(display=False)
with counter:
    loss = nn.functional.cross_entropy(model(imgs), targets)
forward = counter.get_total_flops()
with counter:  # counting starts again from 0
    loss = nn.functional.cross_entropy(model(imgs), targets)
    loss.backward()
train = counter.get_total_flops()
print(f"forward: {forward / 64 / 1e6:.1f} MFLOP per image")
print(f"train:   {train / 64 / 1e6:.1f} MFLOP per image")
# --8<-- [end:count]

# --8<-- [start:layers]
# Multiply-adds of one conv layer, by hand: every output value needs
# in_channels * 5 * 5 of them; a FLOP counts the multiply and the add.
for c_in, c_out, size in [(3, 32, 32), (32, 32, 16), (32, 64, 8)]:
    macs = size * size * c_out * c_in * 5 * 5
    print(f"conv {c_in:>2}->{c_out}, {size}x{size}: "
          f"{2 * macs / 1e6:5.2f} MFLOP")
# --8<-- [end:layers]
