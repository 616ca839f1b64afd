# --8<-- [start:collapse]
import torch
from torch import nn

torch.manual_seed(0)
f1 = nn.Linear(4, 8)
f2 = nn.Linear(8, 3)
x = torch.randn(5, 4)

# Two linear layers in a row are ONE linear layer in disguise:
# W2 (W1 x + b1) + b2 = (W2 W1) x + (W2 b1 + b2)
one = nn.Linear(4, 3)
with torch.no_grad():
    one.weight.copy_(f2.weight @ f1.weight)
    one.bias.copy_(f2.weight @ f1.bias + f2.bias)
print(torch.allclose(f2(f1(x)), one(x), atol=1e-6))

# A ReLU in between breaks this: no single linear layer matches it.
print(torch.allclose(f2(torch.relu(f1(x))), one(x), atol=1e-6))
# --8<-- [end:collapse]
