from pathlib import Path

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


# A network that has learned nothing yet, saved in the format of
# snippets/training/train.py: a dict with the state_dict under "model" ...
torch.manual_seed(0)
decade = Decade()
optimizer = torch.optim.SGD(decade.parameters(), lr=0.01)
Path("checkpoints").mkdir(exist_ok=True)
torch.save({
    "model": decade.state_dict(),
    "optimizer": optimizer.state_dict(),
    "epoch": 0,
    "rng": torch.get_rng_state(),
    "classes": ["airplane", "automobile", "bird", "cat", "deer",
                "dog", "frog", "horse", "ship", "truck"],
}, "checkpoints/untrained.pt")

# ... and the same weights as snippets/training/train_simple.py saves them:
# the state_dict alone
torch.save(decade.state_dict(), "model_simple.pth")

checkpoint = torch.load("checkpoints/untrained.pt", weights_only=True)
print(list(checkpoint))
print(len(torch.load("model_simple.pth", weights_only=True)), "tensors")
