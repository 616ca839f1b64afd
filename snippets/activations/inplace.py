# --8<-- [start:not_inplace]
import torch
from torch import nn

x = torch.tensor([-1.0, 0.5, 2.0])
relu = nn.ReLU(inplace=False)  # the default
y = relu(x)
print(x)       # the input is untouched
print(y)       # the result is a new tensor
print(y is x)
# --8<-- [end:not_inplace]

# --8<-- [start:inplace]
x = torch.tensor([-1.0, 0.5, 2.0])
relu_inplace = nn.ReLU(inplace=True)
y = relu_inplace(x)
print(x)       # the input itself was overwritten
print(y is x)  # and the output IS the input: no new memory
print(relu_inplace)
# --8<-- [end:inplace]
