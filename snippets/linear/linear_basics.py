# --8<-- [start:basics]
import torch
from torch import nn

torch.manual_seed(0)
linear = nn.Linear(in_features=3072, out_features=10)
print(linear)
print(linear.weight.shape, linear.bias.shape)
print(sum(p.numel() for p in linear.parameters()))  # 3072 * 10 + 10

# Each output is a weighted sum of ALL inputs plus a bias: x W^T + b
x = torch.rand(4, 3072)  # 4 samples, 3072 features each
y = linear(x)
print(y.shape)
print(torch.allclose(y, x @ linear.weight.T + linear.bias, atol=1e-5))
# --8<-- [end:basics]

# --8<-- [start:last_dim]
# Linear works on the LAST dimension only; the others are kept as they are.
print(nn.Linear(32, 10)(torch.rand(64, 3, 32, 32)).shape)
# The notes' comment [1, 1, 1, 196608] -> [1, 1, 1, 10] is this rule:
print(nn.Linear(196608, 10)(torch.rand(1, 1, 1, 196608)).shape)
# --8<-- [end:last_dim]
