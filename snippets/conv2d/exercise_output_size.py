# --8<-- [start:solution]
import math

import torch
from torch import nn

# H_out = floor((H + 2p - d(k - 1) - 1) / s + 1)
h, k, s, p, d = 32, 5, 2, 2, 1
predicted = math.floor((h + 2 * p - d * (k - 1) - 1) / s + 1)
print(predicted)  # floor(31 / 2 + 1) = floor(16.5) = 16

conv = nn.Conv2d(3, 16, kernel_size=k, stride=s, padding=p)
print(conv(torch.ones(1, 3, h, h)).shape)
# --8<-- [end:solution]
