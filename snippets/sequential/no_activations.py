# --8<-- [start:merge]
import torch
from torch import nn

torch.manual_seed(0)
x = torch.randn(5, 1024)  # 5 images after Flatten, as in the notes' model
first, second = nn.Linear(1024, 64), nn.Linear(64, 10)  # its last 2 layers

# One layer that does the same as the two: weight and bias multiplied out
merged = nn.Linear(1024, 10)
with torch.no_grad():
    merged.weight.copy_(second.weight @ first.weight)
    merged.bias.copy_(second.weight @ first.bias + second.bias)

same = torch.allclose(second(first(x)), merged(x), atol=1e-5)
print("no ReLU:", same)
same = torch.allclose(second(torch.relu(first(x))), merged(x), atol=1e-5)
print("ReLU:", same)
# --8<-- [end:merge]
