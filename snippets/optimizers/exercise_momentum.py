# --8<-- [start:solution]
import torch
from torch import nn

layer = nn.Linear(2, 1)
with torch.no_grad():
    layer.weight.copy_(torch.tensor([[0.5, -1.0]]))
    layer.bias.fill_(0.25)
x, y = torch.tensor([[1.0, 2.0]]), torch.tensor([[3.0]])
loss_fn = nn.MSELoss()
optim = torch.optim.SGD(layer.parameters(), lr=0.01, momentum=0.9)

w = layer.weight.detach().clone()
velocity = torch.zeros_like(w)
for step in range(2):
    optim.zero_grad()
    loss_fn(layer(x), y).backward()
    grad = layer.weight.grad.clone()
    optim.step()
    velocity = 0.9 * velocity + grad  # remembers earlier gradients
    w = w - 0.01 * velocity
    print(step, torch.allclose(layer.weight, w))

# The velocity is the optimizer's state: saving a checkpoint must keep it.
print(list(optim.state_dict()["state"][0]))
# --8<-- [end:solution]
