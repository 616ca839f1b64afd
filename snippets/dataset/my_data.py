# --8<-- [start:folder]
import os
from pathlib import Path

from PIL import Image
from torch.utils.data import DataLoader, Dataset
from torchvision import datasets, transforms

# A small image folder in the notes' layout: one sub-folder per class, and
# the sub-folder's name is the label. The pictures are 96x96 tiles cut
# from two of the repository's photos.
for label, count in [("cat", 6), ("coffee", 4)]:
    folder = Path("data/train") / label
    folder.mkdir(parents=True, exist_ok=True)
    photo = Image.open(f"snippets/photos/{label}.jpg")
    for k in range(count):
        left, top = 50 * k, 40 + 30 * (k % 2)
        tile = photo.crop((left, top, left + 96, top + 96))
        tile.save(folder / f"{label}_{k}.jpg")

print(sorted(os.listdir("data/train")))
print(sorted(os.listdir("data/train/coffee")))
# --8<-- [end:folder]


# --8<-- [start:class]
class MyData(Dataset):
    def __init__(self, root_dir, label_dir):
        self.root_dir = root_dir
        self.label_dir = label_dir  # the folder's name is the label
        self.path = os.path.join(self.root_dir, self.label_dir)
        # listdir's order depends on the file system: sort it
        self.img_path = sorted(os.listdir(self.path))

    def __getitem__(self, idx):
        img_name = self.img_path[idx]
        img_item_path = os.path.join(self.path, img_name)
        img = Image.open(img_item_path).convert("RGB")
        label = self.label_dir
        return img, label

    def __len__(self):
        return len(self.img_path)
# --8<-- [end:class]


# --8<-- [start:use]
root_dir = "data/train"
cat_dataset = MyData(root_dir, "cat")
coffee_dataset = MyData(root_dir, "coffee")

img, label = cat_dataset[0]  # dataset[i] calls __getitem__(i)
print(img.size, label, len(cat_dataset))  # len() calls __len__()

train_dataset = cat_dataset + coffee_dataset  # a ConcatDataset
print(type(train_dataset).__name__, len(train_dataset))
print(train_dataset[5][1], train_dataset[6][1])  # where the two meet
# --8<-- [end:use]

# --8<-- [start:image_folder]
# ImageFolder does all of the above: sub-folder names become the classes,
# sorted and numbered from 0, and a transform turns each picture into a tensor.
train_set = datasets.ImageFolder("data/train", transform=transforms.ToTensor())
print(train_set.classes, train_set.class_to_idx, len(train_set))
img, target = train_set[0]
print(img.shape, target)

imgs, targets = next(iter(DataLoader(train_set, batch_size=4)))
print(imgs.shape, targets)
# --8<-- [end:image_folder]
