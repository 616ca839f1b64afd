# --8<-- [start:step]
import torch
from torch import nn

layer = nn.Linear(2, 1)
with torch.no_grad():  # the easy weights of the losses chapter
    layer.weight.copy_(torch.tensor([[0.5, -1.0]]))
    layer.bias.fill_(0.25)
x = torch.tensor([[1.0, 2.0]])
y = torch.tensor([[3.0]])
loss_fn = nn.MSELoss()
optim = torch.optim.SGD(layer.parameters(), lr=0.01)

loss = loss_fn(layer(x), y)
optim.zero_grad()  # 1. throw away gradients left from before
loss.backward()    # 2. compute new ones into .grad
optim.step()       # 3. move each weight: w = w - lr * w.grad
print(layer.weight.grad, layer.bias.grad)
print(layer.weight.detach(), layer.bias.detach())
# --8<-- [end:step]

# --8<-- [start:check]
# By hand: w = w - lr * grad, with the gradients printed above.
print(0.5 - 0.01 * -8.5, -1.0 - 0.01 * -17.0, 0.25 - 0.01 * -8.5)
new_loss = loss_fn(layer(x), y)
print(round(loss.item(), 4), "->", round(new_loss.item(), 4))
# --8<-- [end:check]
