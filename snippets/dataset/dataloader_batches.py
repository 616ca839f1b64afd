# --8<-- [start:batches]
import torch
import torchvision
from torch.utils.data import DataLoader

test_data = torchvision.datasets.CIFAR10(
    "./dataset", train=False,
    transform=torchvision.transforms.ToTensor(), download=True)

for drop_last in [False, True]:
    test_loader = DataLoader(dataset=test_data, batch_size=64, shuffle=False,
                             num_workers=0, drop_last=drop_last)
    sizes = [imgs.shape[0] for imgs, targets in test_loader]
    print(f"drop_last={drop_last}: {len(test_loader)} batches,",
          f"{sum(sizes)} images, last batch {sizes[-1]}")
# --8<-- [end:batches]

# --8<-- [start:one_batch]
imgs, targets = next(iter(test_loader))  # the first batch
print(imgs.shape, targets.shape, targets.dtype)
print(targets[:8])
# --8<-- [end:one_batch]

# --8<-- [start:full_size]
# The real CIFAR-10 test set has 10,000 images. Any object with __len__ and
# __getitem__ is a dataset, so range(10000) stands in for it here.
for drop_last in [False, True]:
    loader = DataLoader(range(10000), batch_size=64, drop_last=drop_last)
    print(f"drop_last={drop_last}: {len(loader)} batches,",
          f"last batch {len(list(loader)[-1])}")
# --8<-- [end:full_size]

# --8<-- [start:shuffle]
# shuffle=True draws a new order every epoch; a seeded generator makes the
# orders reproducible.
generator = torch.Generator().manual_seed(0)
shuffled = DataLoader(range(500), batch_size=64, shuffle=True,
                      generator=generator)
for epoch in range(2):
    first_batch = next(iter(shuffled))  # iter() starts a new epoch
    print(f"epoch {epoch}:", first_batch[:8].tolist())

in_order = DataLoader(range(500), batch_size=64, shuffle=False)
print("no shuffle:", next(iter(in_order))[:8].tolist())
# --8<-- [end:shuffle]
