# --8<-- [start:solution]
import math

import torch
from torch import nn

# Pooling uses the convolution formula; ceil_mode picks floor or ceil.
h, k = 32, 3
s = k  # the default stride
print(math.floor((h - k) / s + 1), math.ceil((h - k) / s + 1))

x = torch.ones(1, 3, h, h)
print(nn.MaxPool2d(k)(x).shape)
print(nn.MaxPool2d(k, ceil_mode=True)(x).shape)
# --8<-- [end:solution]
