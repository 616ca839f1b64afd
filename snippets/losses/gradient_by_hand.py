# --8<-- [start:grad]
import torch
from torch import nn

layer = nn.Linear(2, 1)
with torch.no_grad():  # set easy weights instead of random ones
    layer.weight.copy_(torch.tensor([[0.5, -1.0]]))
    layer.bias.fill_(0.25)

x = torch.tensor([[1.0, 2.0]])
y = torch.tensor([[3.0]])
loss = nn.MSELoss()(layer(x), y)  # (0.5*1 - 1.0*2 + 0.25 - 3) ** 2
print(loss.item())
print(layer.weight.grad)  # None before backward()
loss.backward()
print(layer.weight.grad)  # same shape as layer.weight: (1, 2)
print(layer.bias.grad)
# --8<-- [end:grad]

# --8<-- [start:check]
# loss = (w1*x1 + w2*x2 + b - y) ** 2, so by the chain rule
# d loss/d w_i = 2 * (prediction - y) * x_i  and  d loss/d b = 2 * (prediction - y)
prediction = 0.5 * 1.0 + (-1.0) * 2.0 + 0.25
error = prediction - 3.0
by_hand = torch.tensor([[2 * error * 1.0, 2 * error * 2.0]])
print(prediction, error)
print(torch.allclose(layer.weight.grad, by_hand))
print(torch.allclose(layer.bias.grad, torch.tensor([2 * error])))
# --8<-- [end:check]
