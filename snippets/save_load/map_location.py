# --8<-- [start:map]
import torch
from torch import nn

model = nn.Linear(4, 2)
torch.save(model.state_dict(), "linear.pth")

# Put every tensor on the CPU, wherever it was when it was saved.
state = torch.load("linear.pth", map_location="cpu", weights_only=True)
print(state["weight"].device)
# --8<-- [end:map]

# --8<-- [start:device]
if torch.cuda.is_available():
    device = torch.device("cuda")
elif torch.backends.mps.is_available():
    device = torch.device("mps")
else:
    device = torch.device("cpu")

state = torch.load("linear.pth", map_location=device, weights_only=True)
model = nn.Linear(4, 2).to(device)
model.load_state_dict(state)
print(state["weight"].device.type == device.type)
print(model.weight.device.type == device.type)
# --8<-- [end:device]
