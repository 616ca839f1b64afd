# --8<-- [start:figure]
from pathlib import Path

import matplotlib.pyplot as plt
import torch
from PIL import Image
from torch import nn
from torchvision import transforms

CLASSES = ["airplane", "automobile", "bird", "cat", "deer",
           "dog", "frog", "horse", "ship", "truck"]


class Decade(nn.Module):
    def __init__(self):
        super().__init__()
        self.model = nn.Sequential(
            nn.Conv2d(3, 32, 5, 1, 2),
            nn.MaxPool2d(2),
            nn.Conv2d(32, 32, 5, 1, 2),
            nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 5, 1, 2),
            nn.MaxPool2d(2),
            nn.Flatten(),
            nn.Linear(1024, 64),
            nn.Linear(64, 10),
        )

    def forward(self, x):
        return self.model(x)


# Seed 0, like save_untrained_checkpoint.py: the same untrained weights
torch.manual_seed(0)
model = Decade().eval()
transform = transforms.Compose([transforms.Resize((32, 32)),
                                transforms.ToTensor()])
names = ["cat", "coffee", "rocket", "grace_hopper"]
fig, axes = plt.subplots(3, len(names), figsize=(10.5, 6.8),
                         height_ratios=[2, 2, 1.6], layout="constrained")
for column, name in zip(axes.T, names):
    photo = Image.open(f"snippets/photos/{name}.jpg").convert("RGB")
    x = transform(photo)
    with torch.no_grad():
        probabilities = model(x.unsqueeze(0)).softmax(dim=1)[0]
    top = probabilities.topk(5)

    column[0].imshow(photo)
    column[0].set_title(f"{name}.jpg {photo.width}x{photo.height}",
                        fontsize=10)
    # what the network gets: 32x32, drawn with big square pixels
    column[1].imshow(x.permute(1, 2, 0).numpy(), interpolation="nearest")
    column[1].set_title("network input: 32x32", fontsize=10)
    column[2].barh([CLASSES[i] for i in top.indices.tolist()][::-1],
                   (top.values * 100).tolist()[::-1], color="tab:orange")
    column[2].set_xlim(0, 100)
    # short labels: a long one would run into the next column or off the
    # picture's edge
    column[2].set_title("untrained network", fontsize=10)
    column[2].set_xlabel("probability (%)")
    for ax in column[:2]:
        ax.axis("off")
Path("figures").mkdir(exist_ok=True)
fig.savefig("figures/predict.png", dpi=70)
# --8<-- [end:figure]
