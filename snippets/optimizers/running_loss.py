# --8<-- [start:tensor]
import weakref

import torch
from torch import nn

torch.manual_seed(0)
model = nn.Linear(4, 1)
loss_fn = nn.MSELoss()

running_loss = 0.0
for step in range(5):
    x, y = torch.randn(64, 4), torch.randn(64, 1)  # a new batch
    if step == 0:
        first_batch = weakref.ref(x)  # watch it without keeping it alive
    loss = loss_fn(model(x), y)
    running_loss += loss          # as in the notes: adds a tensor
del x, y, loss

print(type(running_loss).__name__, running_loss.requires_grad)
print(running_loss.grad_fn is not None, running_loss.grad_fn.name())
print(first_batch() is not None)  # still in memory
# --8<-- [end:tensor]

# --8<-- [start:chain]
links = 0
node = running_loss.grad_fn
while node is not None and node.name() == "AddBackward0":
    links += 1                       # one "+" per batch ...
    node = node.next_functions[0][0]
print(links)                         # ... each holding its batch's graph
# --8<-- [end:chain]

# --8<-- [start:item]
running_loss = 0.0
for step in range(5):
    x, y = torch.randn(64, 4), torch.randn(64, 1)
    if step == 0:
        first_batch = weakref.ref(x)
    loss = loss_fn(model(x), y)
    running_loss += loss.item()   # a plain Python float: no graph
del x, y, loss

print(type(running_loss).__name__)
print(first_batch() is not None)  # freed with its graph
# --8<-- [end:item]
