# --8<-- [start:model]
import torch
import torchvision
from torch import nn
from torch.utils.data import DataLoader

dataset = torchvision.datasets.CIFAR10(
    "./dataset", train=False, download=True,
    transform=torchvision.transforms.ToTensor())
# drop_last=True: the only way the notes' model gets through an epoch
dataloader = DataLoader(dataset, batch_size=64, drop_last=True)


class Tudui(nn.Module):
    def __init__(self):
        super().__init__()
        self.linear1 = nn.Linear(196608, 10)

    def forward(self, x):
        return self.linear1(x)


torch.manual_seed(0)
tudui = Tudui()
for imgs, targets in dataloader:
    print(imgs.shape)
    output = torch.flatten(imgs)  # the WHOLE batch becomes one vector
    print(output.shape)
    output = tudui(output)
    print(output.shape)  # 10 numbers for 64 pictures
    break
# --8<-- [end:model]

# --8<-- [start:mixed]
# 196608 = 64 * 3 * 32 * 32: the layer's size is tied to the batch size.
print(64 * 3 * 32 * 32)
print(output.shape, targets.shape)  # one prediction, 64 labels

# Every picture in the batch pushes on the same 10 numbers:
# change picture 5 and the "prediction" for the batch changes.
changed = imgs.clone()
changed[5] = 0
print(torch.equal(tudui(torch.flatten(changed)), output))

# And drop_last=True silently skips the last 52 test pictures.
print(len(dataset), len(dataloader), len(dataset) - 64 * len(dataloader))
# --8<-- [end:mixed]
