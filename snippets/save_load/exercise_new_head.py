# --8<-- [start:solution]
import torch
from torch import nn


def make_net(classes):
    return nn.Sequential(nn.Flatten(), nn.Linear(12, 8), nn.ReLU(),
                         nn.Linear(8, classes))


torch.save(make_net(10).state_dict(), "ten_classes.pth")
state = torch.load("ten_classes.pth", weights_only=True)

five = make_net(5)
try:
    five.load_state_dict(state)  # the last layer has the wrong shape
except RuntimeError as err:
    for line in str(err).splitlines():
        print(line.strip())

# Keep every tensor except the old head's; strict=False lets the new
# head keep its fresh random weights.
body = {k: v for k, v in state.items() if not k.startswith("3.")}
result = five.load_state_dict(body, strict=False)
print(result.missing_keys, result.unexpected_keys)
print(torch.equal(five[1].weight, state["1.weight"]))
# --8<-- [end:solution]
