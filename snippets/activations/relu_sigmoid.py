# --8<-- [start:basics]
import torch
from torch import nn

x = torch.tensor([[1.0, -0.5],
                  [-1.0, 3.0]])
x = torch.reshape(x, (-1, 1, 2, 2))  # any shape works; (N, C, H, W) here

relu = nn.ReLU()        # max(0, x): negatives become 0
sigmoid = nn.Sigmoid()  # 1 / (1 + e^-x): squeezes into (0, 1)
print(relu(x))
print(sigmoid(x))
# --8<-- [end:basics]

# --8<-- [start:formula]
# The same numbers from the formulas, element by element:
print(torch.equal(relu(x), torch.clamp(x, min=0)))
print(torch.allclose(sigmoid(x), 1 / (1 + torch.exp(-x))))
print(sigmoid(torch.tensor(0.0)).item())  # the middle of the S curve
# --8<-- [end:formula]
