# --8<-- [start:solution]
from pathlib import Path

import torch
from torch import nn

if torch.cuda.is_available():
    device = torch.device("cuda")
elif torch.backends.mps.is_available():
    device = torch.device("mps")
else:
    device = torch.device("cpu")
model = nn.Linear(4, 2).to(device)  # trained on the GPU, say
Path("checkpoints").mkdir(exist_ok=True)
torch.save(model.state_dict(), "checkpoints/linear.pth")

# map_location: put every tensor on the CPU while loading, wherever it was
state = torch.load("checkpoints/linear.pth", map_location="cpu",
                   weights_only=True)
print({name: t.device.type for name, t in state.items()})

cpu_model = nn.Linear(4, 2)
cpu_model.load_state_dict(state)
print(torch.equal(cpu_model.weight, model.weight.cpu()))
# --8<-- [end:solution]
