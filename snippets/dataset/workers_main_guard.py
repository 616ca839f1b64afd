# --8<-- [start:workers]
import torchvision
from torch.utils.data import DataLoader


def main():
    test_data = torchvision.datasets.CIFAR10(
        "./dataset", train=False,
        transform=torchvision.transforms.ToTensor(), download=True)
    # Two worker processes prepare batches while the main process works.
    test_loader = DataLoader(test_data, batch_size=64, num_workers=2)
    count = sum(imgs.shape[0] for imgs, targets in test_loader)
    print(count, "images in", len(test_loader), "batches, 2 workers")


# On Windows and macOS each worker starts a fresh Python that imports this
# file again; the guard stops that import from starting workers of its own.
if __name__ == "__main__":
    main()
# --8<-- [end:workers]
