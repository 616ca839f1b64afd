# --8<-- [start:train]
import math

import torch
import torchvision
from torch import nn
from torch.utils.data import DataLoader


class Tudui(nn.Module):  # the notes' CIFAR-10 model
    def __init__(self):
        super().__init__()
        self.model = nn.Sequential(
            nn.Conv2d(3, 32, 5, 1, 2), nn.MaxPool2d(2),
            nn.Conv2d(32, 32, 5, 1, 2), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 5, 1, 2), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(1024, 64), nn.Linear(64, 10),
        )

    def forward(self, x):
        return self.model(x)


if torch.cuda.is_available():
    device = torch.device("cuda")
elif torch.backends.mps.is_available():
    device = torch.device("mps")
else:
    device = torch.device("cpu")

to_tensor = torchvision.transforms.ToTensor()
train_data = torchvision.datasets.CIFAR10("./dataset", train=True,
                                          transform=to_tensor, download=True)
test_data = torchvision.datasets.CIFAR10("./dataset", train=False,
                                         transform=to_tensor, download=True)
train_loader = DataLoader(train_data, batch_size=64, shuffle=True)
test_loader = DataLoader(test_data, batch_size=64)

torch.manual_seed(0)
tudui = Tudui().to(device)                  # 1. the model
loss_fn = nn.CrossEntropyLoss().to(device)  # 2. the loss
optimizer = torch.optim.SGD(tudui.parameters(), lr=0.01)
# --8<-- [end:train]

# --8<-- [start:loop]
MAX_BATCHES = 3  # a few batches, so the page stays fast on a CPU

tudui.train()
for step, (imgs, targets) in enumerate(train_loader, 1):
    imgs, targets = imgs.to(device), targets.to(device)  # 3. the data
    loss = loss_fn(tudui(imgs), targets)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if step == MAX_BATCHES:
        break
print(f"trained on {step} batches, "
      f"loss is finite: {math.isfinite(loss.item())}")
# --8<-- [end:loop]

# --8<-- [start:test]
tudui.eval()
correct, seen = 0, 0
with torch.no_grad():
    for step, (imgs, targets) in enumerate(test_loader, 1):
        imgs, targets = imgs.to(device), targets.to(device)
        outputs = tudui(imgs)
        correct += (outputs.argmax(1) == targets).sum().item()  # a number
        seen += len(targets)
        if step == MAX_BATCHES:
            break
print(f"tested {seen} images, accuracy in [0, 1]: {0 <= correct / seen <= 1}")
# --8<-- [end:test]
