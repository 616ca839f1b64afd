# --8<-- [start:solution]
import torchvision
from torch.utils.data import DataLoader

train_data = torchvision.datasets.CIFAR10(
    "./dataset", train=True,
    transform=torchvision.transforms.ToTensor(), download=True)
print(len(train_data))

for drop_last in [False, True]:
    loader = DataLoader(train_data, batch_size=128, drop_last=drop_last)
    # len(loader) is computed from len(train_data): no pass over the data
    print(f"drop_last={drop_last}: {len(loader)} batches")
print("left over:", len(train_data) % 128)  # the short last batch, or dropped
# --8<-- [end:solution]
