# --8<-- [start:arithmetic]
import torch
from torch import nn

# Conv2d(k=5, padding=2) keeps the size: (32 + 2*2 - 5) / 1 + 1 = 32.
# MaxPool2d(2) halves it. Three conv+pool pairs: 32 -> 16 -> 8 -> 4.
size = 32
for _ in range(3):
    size = (size + 2 * 2 - 5) // 1 + 1  # conv
    size = size // 2                    # pool
print(size, 64 * size * size)  # 64 channels of 4 x 4

# Or let PyTorch tell you: run everything before the Linear once.
features = nn.Sequential(
    nn.Conv2d(3, 32, 5, padding=2), nn.MaxPool2d(2),
    nn.Conv2d(32, 32, 5, padding=2), nn.MaxPool2d(2),
    nn.Conv2d(32, 64, 5, padding=2), nn.MaxPool2d(2),
    nn.Flatten(),
)
print(features(torch.ones(1, 3, 32, 32)).shape)
# --8<-- [end:arithmetic]

# --8<-- [start:lazy]
# nn.LazyLinear works out in_features itself on the first call.
lazy = nn.LazyLinear(64)
print(lazy)
lazy(features(torch.ones(1, 3, 32, 32)))
print(lazy)
# --8<-- [end:lazy]
