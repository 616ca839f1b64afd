# --8<-- [start:solution]
import torch
from torch import nn

torch.manual_seed(0)
net = nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 2))
for m in net:
    if isinstance(m, nn.Linear):
        nn.init.constant_(m.weight, 0.5)  # every unit starts the same
        nn.init.zeros_(m.bias)
optimizer = torch.optim.SGD(net.parameters(), lr=0.1)

x, y = torch.randn(16, 4), torch.randint(0, 2, (16,))
for step in range(20):
    loss = nn.functional.cross_entropy(net(x), y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()

w = net[0].weight  # one row per hidden unit
print(not torch.allclose(w, torch.full_like(w, 0.5)))  # it did learn
# the three hidden units got the same gradients, so they are still clones
print(torch.allclose(w[0], w[1]), torch.allclose(w[1], w[2]))
# --8<-- [end:solution]
