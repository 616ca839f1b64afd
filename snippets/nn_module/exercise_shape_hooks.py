# --8<-- [start:solution]
import torch
from torch import nn

model = nn.Sequential(
    nn.Conv2d(3, 8, kernel_size=3, padding=1),
    nn.MaxPool2d(2),
    nn.Flatten(),
    nn.Linear(8 * 16 * 16, 10),
)


def show_shape(module, inputs, output):
    print(f"{type(module).__name__:10} {tuple(output.shape)}")


# One hook per child: every model(x) call now reports each layer's output.
for child in model.children():
    child.register_forward_hook(show_shape)

out = model(torch.ones(4, 3, 32, 32))
# --8<-- [end:solution]
