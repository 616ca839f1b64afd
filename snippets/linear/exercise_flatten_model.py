# --8<-- [start:solution]
import torchvision
from torch import nn
from torch.utils.data import DataLoader


class Tudui(nn.Module):
    def __init__(self):
        super().__init__()
        self.flatten = nn.Flatten()  # (N, 3, 32, 32) -> (N, 3072)
        self.linear1 = nn.Linear(3072, 10)

    def forward(self, x):
        return self.linear1(self.flatten(x))


dataset = torchvision.datasets.CIFAR10(
    "./dataset", train=False, download=True,
    transform=torchvision.transforms.ToTensor())
dataloader = DataLoader(dataset, batch_size=64)

tudui = Tudui()
for imgs, targets in dataloader:
    output = tudui(imgs)
print(imgs.shape, output.shape)  # the last batch: 52 pictures, no error
# --8<-- [end:solution]
