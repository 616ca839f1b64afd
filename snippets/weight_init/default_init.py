# --8<-- [start:linear]
import math

import torch
from torch import nn

torch.manual_seed(0)
layer = nn.Linear(1024, 64)  # the notes' model has this layer
fan_in = layer.in_features   # inputs feeding each output
bound = 1 / math.sqrt(fan_in)
print(f"bound = 1/sqrt({fan_in}) = {bound:.5f}")

w_max = layer.weight.abs().max().item()
print(w_max <= bound, w_max > 0.99 * bound)  # inside, and nearly reaching
print(layer.bias.abs().max().item() <= bound)
# --8<-- [end:linear]

# --8<-- [start:conv]
conv = nn.Conv2d(3, 32, 5)  # weight shape (out, in, kH, kW)
fan_in, fan_out = nn.init._calculate_fan_in_and_fan_out(conv.weight)
print(tuple(conv.weight.shape), fan_in, fan_out)  # 3*5*5, 32*5*5

bound = 1 / math.sqrt(fan_in)
print(conv.weight.abs().max().item() <= bound)
print(conv.bias.abs().max().item() <= bound)
# --8<-- [end:conv]

# --8<-- [start:formula]
# kaiming_uniform_(w, a=sqrt(5)) computes its bound in three steps
a = math.sqrt(5)
gain = nn.init.calculate_gain("leaky_relu", a)  # sqrt(2 / (1 + a**2))
std = gain / math.sqrt(fan_in)
kaiming_bound = math.sqrt(3) * std  # uniform(-b, b) has std b / sqrt(3)
print(math.isclose(kaiming_bound, 1 / math.sqrt(fan_in)))
# --8<-- [end:formula]
