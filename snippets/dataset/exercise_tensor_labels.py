# --8<-- [start:solution]
import os
from pathlib import Path

from PIL import Image
from torch.utils.data import DataLoader, Dataset
from torchvision import transforms

# The chapter's small image folder: data/train/cat and data/train/coffee.
for label, count in [("cat", 6), ("coffee", 4)]:
    folder = Path("data/train") / label
    folder.mkdir(parents=True, exist_ok=True)
    photo = Image.open(f"snippets/photos/{label}.jpg")
    for k in range(count):
        left, top = 50 * k, 40 + 30 * (k % 2)
        photo.crop((left, top, left + 96, top + 96)).save(
            folder / f"{label}_{k}.jpg")


class MyData(Dataset):
    def __init__(self, root_dir, label_dir, label, transform=None):
        self.path = os.path.join(root_dir, label_dir)
        self.img_path = sorted(os.listdir(self.path))
        self.label = label  # a class index, as a loss function wants it
        self.transform = transform

    def __getitem__(self, idx):
        img = Image.open(os.path.join(self.path, self.img_path[idx]))
        img = img.convert("RGB")
        if self.transform is not None:
            img = self.transform(img)
        return img, self.label

    def __len__(self):
        return len(self.img_path)


to_tensor = transforms.ToTensor()
train_dataset = (MyData("data/train", "cat", 0, to_tensor)
                 + MyData("data/train", "coffee", 1, to_tensor))
loader = DataLoader(train_dataset, batch_size=4, shuffle=False)
for imgs, labels in loader:
    print(imgs.shape, labels)
# --8<-- [end:solution]
