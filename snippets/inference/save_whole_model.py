import torch
from torch import nn


class Decade(nn.Module):
    def __init__(self):
        super().__init__()
        self.model = nn.Sequential(
            nn.Conv2d(3, 32, 5, 1, 2),
            nn.MaxPool2d(2),
            nn.Conv2d(32, 32, 5, 1, 2),
            nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 5, 1, 2),
            nn.MaxPool2d(2),
            nn.Flatten(),
            nn.Linear(1024, 64),
            nn.Linear(64, 10),
        )

    def forward(self, x):
        return self.model(x)


# What the notes' training loop did after every epoch: pickle the whole
# model object. The file then refers to the class by name: __main__.Decade
decade = Decade()
torch.save(decade, "decade_9.pth")
print("saved decade_9.pth")
