# --8<-- [start:setup]
import torch
from torch import nn

torch.manual_seed(0)
x, y = torch.randn(32, 3), torch.randn(32, 1)  # a tiny fixed data set
loss_fn = nn.MSELoss()


def new_model_and_optimizer():
    torch.manual_seed(1)  # the same starting weights every time
    model = nn.Linear(3, 1)
    optim = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    return model, optim


def train(model, optim, epochs):
    for _ in range(epochs):
        optim.zero_grad()
        loss_fn(model(x), y).backward()
        optim.step()


# The reference: 6 epochs without stopping.
model, optim = new_model_and_optimizer()
train(model, optim, 6)
reference = model.weight.detach().clone()
# --8<-- [end:setup]

# --8<-- [start:save]
model, optim = new_model_and_optimizer()
train(model, optim, 3)
torch.save({
    "epoch": 3,
    "model": model.state_dict(),
    "optimizer": optim.state_dict(),  # momentum buffers, lr, ...
}, "checkpoint.pth")
# --8<-- [end:save]

# --8<-- [start:resume]
# Later, maybe in another program: build both again, then load the states.
checkpoint = torch.load("checkpoint.pth", weights_only=True)
model, optim = new_model_and_optimizer()
model.load_state_dict(checkpoint["model"])
optim.load_state_dict(checkpoint["optimizer"])
start = checkpoint["epoch"]
train(model, optim, 6 - start)
print(start, torch.equal(model.weight, reference))
# --8<-- [end:resume]

# --8<-- [start:model_only]
model, optim = new_model_and_optimizer()
model.load_state_dict(checkpoint["model"])  # the optimizer starts afresh
train(model, optim, 6 - start)
print(torch.equal(model.weight, reference))
# --8<-- [end:model_only]
