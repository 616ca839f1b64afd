# --8<-- [start:write]
import torchvision
from torch.utils.data import DataLoader
from torch.utils.tensorboard import SummaryWriter

test_data = torchvision.datasets.CIFAR10(
    "./dataset", train=False,
    transform=torchvision.transforms.ToTensor(), download=True)
test_loader = DataLoader(dataset=test_data, batch_size=64, shuffle=True,
                         num_workers=0, drop_last=True)

writer = SummaryWriter("logs/dataloader")
for epoch in range(2):
    for i, data in enumerate(test_loader):
        imgs, targets = data  # imgs: (64, 3, 32, 32), targets: (64,)
        writer.add_images(f"epoch {epoch}", imgs, i)  # one grid per batch
    print(f"epoch {epoch}: {i + 1} batches of {tuple(imgs.shape)}")
writer.close()
# --8<-- [end:write]
