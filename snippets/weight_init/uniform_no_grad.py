# --8<-- [start:notes]
import torch
from torch import nn


def uniform_init_(tensor, bound):
    # the notes' two lines: fill in place, with autograd switched off
    with torch.no_grad():
        return tensor.uniform_(-bound, bound)


layer = nn.Linear(4, 3)
out = uniform_init_(layer.weight, 0.1)
print(out is layer.weight)  # trailing _: in place, returns the same tensor
print(layer.weight.abs().max().item() <= 0.1)
print(layer.weight.requires_grad)  # still a trainable parameter
# --8<-- [end:notes]
