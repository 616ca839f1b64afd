# --8<-- [start:figure]
from pathlib import Path

import matplotlib.pyplot as plt
from PIL import Image
from torch import nn
from torchvision import transforms

photo = Image.open("snippets/photos/cat.jpg")
to_tensor = transforms.Compose([transforms.Resize(200), transforms.ToTensor()])
x = to_tensor(photo).unsqueeze(0)  # (1, 3, 200, 300)

results = {
    "input": x,
    "MaxPool2d(3)": nn.MaxPool2d(3)(x),
    "MaxPool2d(8)": nn.MaxPool2d(8)(x),
    "AvgPool2d(8)": nn.AvgPool2d(8)(x),
}
for name, t in results.items():
    print(f"{name:13} {tuple(t.shape)}")

fig, axes = plt.subplots(1, 4, figsize=(12, 2.5))
fig.subplots_adjust(left=0.01, right=0.99, bottom=0.02, top=0.84,
                    wspace=0.05)
for ax, (name, t) in zip(axes, results.items()):
    # drawn at the same size: fewer pixels show up as bigger blocks
    ax.imshow(t[0].permute(1, 2, 0).numpy(), interpolation="nearest")
    ax.set_title(f"{name}\n{tuple(t.shape[2:])}", fontsize=10)
    ax.axis("off")
Path("figures").mkdir(exist_ok=True)
fig.savefig("figures/photo_pooling.png", dpi=80)
# --8<-- [end:figure]
