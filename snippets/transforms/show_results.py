# --8<-- [start:figure]
from pathlib import Path

import matplotlib.pyplot as plt
import torch
from PIL import Image
from torchvision import transforms

img = Image.open("snippets/photos/cat.jpg")
to_tensor = transforms.ToTensor()
normalize = transforms.Normalize([0.5, 0.5, 0.5], [0.5, 0.5, 0.5])

torch.manual_seed(0)
results = {
    "original": to_tensor(img),
    # values now run from -1 to 1; the picture clips them to [0, 1]
    "Normalize": normalize(to_tensor(img)).clamp(0, 1),
    "Resize((256, 256))": to_tensor(transforms.Resize((256, 256))(img)),
    "Resize(128)": to_tensor(transforms.Resize(128)(img)),
    "RandomCrop(128)": to_tensor(transforms.RandomCrop(128)(img)),
}

# Widths in proportion to the images, so sizes can be compared by eye.
widths = [t.shape[2] for t in results.values()]
fig, axes = plt.subplots(1, len(results), figsize=(15, 3.6),
                         width_ratios=widths, layout="constrained")
for ax, (name, t) in zip(axes, results.items()):
    # matplotlib wants an HWC numpy array
    ax.imshow(t.permute(1, 2, 0).numpy())
    ax.set_title(f"{name}\n{tuple(t.shape)}", fontsize=10)
    ax.axis("off")
Path("figures").mkdir(exist_ok=True)
# JPEG for photos: 64 kB here, where a PNG weighs 393 kB
fig.savefig("figures/transforms.jpg", dpi=80, pil_kwargs={"quality": 85})
# --8<-- [end:figure]
