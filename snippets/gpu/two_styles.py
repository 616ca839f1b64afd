# --8<-- [start:setup]
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


test_data = torchvision.datasets.CIFAR10(
    "./dataset", train=False, download=True,
    transform=torchvision.transforms.ToTensor())
data = next(iter(DataLoader(test_data, batch_size=64)))  # one batch
# --8<-- [end:setup]

# --8<-- [start:cuda]
tudui = Tudui()
if torch.cuda.is_available():  # without this check, no-GPU machines fail
    tudui = tudui.cuda()

loss_fn = nn.CrossEntropyLoss()
if torch.cuda.is_available():
    loss_fn = loss_fn.cuda()

imgs, targets = data
if torch.cuda.is_available():
    imgs = imgs.cuda()
    targets = targets.cuda()

outputs = tudui(imgs)
loss = loss_fn(outputs, targets)
print(outputs.shape)
print(imgs.device == next(tudui.parameters()).device)  # same device
# --8<-- [end:cuda]

# --8<-- [start:to_device]
# choose once: CUDA, then Apple's MPS, then the CPU
if torch.cuda.is_available():
    device = torch.device("cuda")
elif torch.backends.mps.is_available():
    device = torch.device("mps")
else:
    device = torch.device("cpu")

tudui = Tudui().to(device)
loss_fn = nn.CrossEntropyLoss().to(device)

imgs, targets = data
imgs = imgs.to(device)  # tensors: assign the result
targets = targets.to(device)

outputs = tudui(imgs)
loss = loss_fn(outputs, targets)
print(outputs.shape)
print(imgs.device == next(tudui.parameters()).device)  # same device
# --8<-- [end:to_device]
