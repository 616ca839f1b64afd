# --8<-- [start:hooks]
import torch
from torch import nn


class Decade(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x):
        return x + 1


decade = Decade()


def report(module, inputs, output):
    # A forward hook sees every call that goes through module(...)
    print(f"hook: {type(module).__name__} gave {output.item()}")


decade.register_forward_hook(report)
x = torch.tensor(1.0)

print("decade(x):")
y1 = decade(x)  # __call__ runs the hooks around forward
print("decade.forward(x):")
y2 = decade.forward(x)  # skips every hook
print(y1, y2)
# --8<-- [end:hooks]
