# --8<-- [start:load]
import torchvision

dataset_transform = torchvision.transforms.Compose([
    torchvision.transforms.ToTensor(),
])

train_set = torchvision.datasets.CIFAR10(root="./dataset", train=True,
                                         transform=dataset_transform,
                                         download=True)
test_set = torchvision.datasets.CIFAR10(root="./dataset", train=False,
                                        transform=dataset_transform,
                                        download=True)
print(len(train_set), len(test_set))
# --8<-- [end:load]

# --8<-- [start:classes]
print(test_set.classes)
print(test_set.class_to_idx["cat"])

img, target = test_set[0]  # one sample: (picture, class index)
print(img.shape, img.dtype, target, test_set.classes[target])
# --8<-- [end:classes]

# --8<-- [start:raw]
# Without a transform, a sample's picture is a PIL image.
raw_set = torchvision.datasets.CIFAR10(root="./dataset", train=False,
                                       download=True)
img, target = raw_set[0]
print(type(img).__name__, img.size, img.mode, target)
# --8<-- [end:raw]

# --8<-- [start:source]
# Where download=True fetches from, and what it checks the file against:
CIFAR10 = torchvision.datasets.CIFAR10
print(CIFAR10.url)
print(CIFAR10.filename, CIFAR10.tgz_md5)
# --8<-- [end:source]
