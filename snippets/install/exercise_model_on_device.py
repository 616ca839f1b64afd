# --8<-- [start:solution]
import torch
from torch import nn

if torch.cuda.is_available():
    device = torch.device("cuda")
elif torch.backends.mps.is_available():
    device = torch.device("mps")
else:
    device = torch.device("cpu")

model = nn.Linear(3, 1).to(device)  # the model's weights move ...
batch = torch.rand(4, 3).to(device)  # ... and so must the data
output = model(batch)
print(output.shape, output.device.type == device.type)
# --8<-- [end:solution]
