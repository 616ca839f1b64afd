# --8<-- [start:tensor]
import weakref

import torch
from torch import nn

torch.manual_seed(0)
model = nn.Linear(4, 1)
loss_fn = nn.MSELoss()
optim = torch.optim.SGD(model.parameters(), lr=0.01)

running_loss = 0.0
for step in range(5):
    x, y = torch.randn(64, 4), torch.randn(64, 1)  # a new batch
    if step == 0:
        first_batch = weakref.ref(x)  # watch it without keeping it alive
    loss = loss_fn(model(x), y)
    optim.zero_grad()
    loss.backward()               # frees the values this graph saved
    optim.step()
    running_loss += loss          # as in the notes: adds a tensor
del x, y, loss

print(type(running_loss).__name__, running_loss.requires_grad)
print(running_loss.grad_fn.name())
print(first_batch() is None)      # the first batch is already freed
# --8<-- [end:tensor]

# --8<-- [start:chain]
links = 0
node = running_loss.grad_fn
while node.name() == "AddBackward0":
    links += 1                    # one "+" per batch
    node = node.next_functions[0][0]

seen, todo = set(), [running_loss.grad_fn]
while todo:                       # every node still reachable
    node = todo.pop()
    if node is not None and node not in seen:
        seen.add(node)
        todo.extend(fn for fn, _ in node.next_functions)
print(links, len(seen))
# --8<-- [end:chain]

# --8<-- [start:item]
running_loss = 0.0
for step in range(5):
    x, y = torch.randn(64, 4), torch.randn(64, 1)
    loss = loss_fn(model(x), y)
    optim.zero_grad()
    loss.backward()
    optim.step()
    running_loss += loss.item()   # a plain Python float: no graph

print(type(running_loss).__name__)
print(hasattr(running_loss, "grad_fn"))
# --8<-- [end:item]
