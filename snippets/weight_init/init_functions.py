# --8<-- [start:init]
import math

import torch
from torch import nn

torch.manual_seed(0)
w = torch.empty(256, 512)  # (fan_out, fan_in), like a Linear(512, 256)
fan_in, fan_out = 512, 256

nn.init.xavier_uniform_(w)  # std sqrt(2 / (fan_in + fan_out))
expected = math.sqrt(2 / (fan_in + fan_out))
print("xavier_uniform_", round(w.std().item() / expected, 2))

nn.init.kaiming_normal_(w, nonlinearity="relu")  # std sqrt(2 / fan_in)
expected = math.sqrt(2 / fan_in)
print("kaiming_normal_", round(w.std().item() / expected, 2))

nn.init.zeros_(w)
print("zeros_", w.abs().max().item())
nn.init.constant_(w, 0.1)
print("constant_", w.unique())
# --8<-- [end:init]
