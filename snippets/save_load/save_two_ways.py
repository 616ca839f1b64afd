# --8<-- [start:save]
import os

import torch
from torch import nn


class Decade(nn.Module):  # the CIFAR-10 network of the notes
    def __init__(self):
        super().__init__()
        self.model = nn.Sequential(
            nn.Conv2d(3, 32, 5, padding=2), nn.MaxPool2d(2),
            nn.Conv2d(32, 32, 5, padding=2), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 5, padding=2), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(1024, 64), nn.Linear(64, 10),
        )

    def forward(self, x):
        return self.model(x)


torch.manual_seed(0)
decade = Decade()

# Method 1: the whole object, structure and parameters, pickled.
torch.save(decade, "decade_method1.pth")
# Method 2: only the parameters, a dict {name: tensor}. Recommended.
torch.save(decade.state_dict(), "decade_method2.pth")
# --8<-- [end:save]

# --8<-- [start:sizes]
size1 = os.path.getsize("decade_method1.pth")
size2 = os.path.getsize("decade_method2.pth")
n_params = sum(p.numel() for p in decade.parameters())
print(f"{n_params:,} parameters x 4 bytes = {n_params * 4 / 1024:.0f} KiB")
print(f"method 1: {size1 / 1024:.0f} KiB, method 2: {size2 / 1024:.0f} KiB")
print(f"method 1 is {size1 / size2:.2f} x method 2")
# --8<-- [end:sizes]

# --8<-- [start:state_dict]
state = torch.load("decade_method2.pth", weights_only=True)
print(type(state).__name__, len(state))
for name, tensor in list(state.items())[:3]:
    print(name, tuple(tensor.shape))
# --8<-- [end:state_dict]

# --8<-- [start:load_state_dict]
model = Decade()                       # first build the structure ...
result = model.load_state_dict(state)  # ... then copy the parameters in
print(result)
x = torch.rand(1, 3, 32, 32)
print(torch.equal(model(x), decade(x)))
# --8<-- [end:load_state_dict]

# --8<-- [start:unsafe_globals]
# What would loading method 1 have to import? Asked without running it:
names = torch.serialization.get_unsafe_globals_in_checkpoint(
    "decade_method1.pth")
for name in sorted(names):
    print(name)
# --8<-- [end:unsafe_globals]

# --8<-- [start:safe_globals]
allowed = [Decade, nn.Sequential, nn.Conv2d, nn.MaxPool2d, nn.Flatten,
           nn.Linear]
with torch.serialization.safe_globals(allowed):  # only while loading
    model = torch.load("decade_method1.pth", weights_only=True)
print(type(model).__name__, torch.equal(model(x), decade(x)))
# --8<-- [end:safe_globals]
