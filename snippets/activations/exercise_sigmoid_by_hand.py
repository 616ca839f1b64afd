# --8<-- [start:solution]
import math

import torch

x = torch.linspace(-5, 5, 11)


def my_sigmoid(t):
    return 1 / (1 + torch.exp(-t))


print(torch.allclose(my_sigmoid(x), torch.sigmoid(x)))
print(my_sigmoid(torch.tensor(0.0)).item())
# sigmoid(1) by hand with the math module
print(round(1 / (1 + math.exp(-1)), 4), round(torch.sigmoid(x[6]).item(), 4))
# --8<-- [end:solution]
