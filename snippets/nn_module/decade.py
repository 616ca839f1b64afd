# --8<-- [start:model]
import torch
from torch import nn


class Decade(nn.Module):
    def __init__(self):
        super().__init__()  # sets up the Module machinery first

    def forward(self, x):
        return x + 1


decade = Decade()
x = torch.tensor(1.0)
y = decade(x)  # call the module itself; it runs forward for us
print(x, y)
# --8<-- [end:model]

# --8<-- [start:batch]
# forward is ordinary tensor code: it works on any shape.
print(decade(torch.tensor([[1.0, 2.0], [3.0, 4.0]])))
print(decade)  # a module without layers prints as its class name
print(len(list(decade.parameters())))  # nothing to learn
# --8<-- [end:batch]
