# --8<-- [start:module]
import torch
from torch import nn

# On a CPU-only machine a dtype shows what a device change would:
# .to() works the same way for both.
model = nn.Linear(3, 2)
returned = model.to(torch.float64)  # no assignment needed ...
print(returned is model, model.weight.dtype)  # ... the module changed
# --8<-- [end:module]

# --8<-- [start:tensor]
t = torch.ones(3)
t.to(torch.float64)  # the result is thrown away
print(t.dtype)  # t itself did not change

t64 = t.to(torch.float64)  # a new tensor: assign it
print(t64.dtype, t64 is t)
print(t.to("cpu") is t)  # already there: .to() returns t itself
# --8<-- [end:tensor]
