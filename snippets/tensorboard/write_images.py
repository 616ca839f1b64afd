# --8<-- [start:hwc]
import numpy as np
import torch
from PIL import Image
from tensorboard.backend.event_processing.event_accumulator import (
    EventAccumulator,  # reads event files back (used further down)
)
from torch.utils.tensorboard import SummaryWriter
from torchvision import transforms

writer = SummaryWriter("logs/tensorboard/images")

img_PIL = Image.open("snippets/photos/coffee.jpg")
img_array = np.array(img_PIL)  # numpy keeps PIL's layout: HWC
print(type(img_array).__name__, img_array.shape, img_array.dtype)
# "HWC": height, width, channels. Step 1 of the tag "test".
writer.add_image("test", img_array, 1, dataformats="HWC")
# --8<-- [end:hwc]

# --8<-- [start:chw]
img_tensor = transforms.ToTensor()(img_PIL)  # CHW floats in [0, 1]
print(img_tensor.shape)
writer.add_image("test", img_tensor, 2)  # CHW is add_image's default
# --8<-- [end:chw]

# --8<-- [start:batch]
# add_images takes a whole batch (N, C, H, W): the four photos at 128x128.
small = transforms.Compose([transforms.Resize((128, 128)),
                            transforms.ToTensor()])
names = ["cat", "coffee", "rocket", "grace_hopper"]
batch = torch.stack([small(Image.open(f"snippets/photos/{name}.jpg"))
                     for name in names])
print(batch.shape)
writer.add_images("photos", batch, 0)  # stored as one grid picture
writer.close()
# --8<-- [end:batch]

# --8<-- [start:check]
# Keep every image (the reader keeps only 4 per tag by default).
events = EventAccumulator("logs/tensorboard/images",
                          size_guidance={"images": 0})
events.Reload()
for tag in sorted(events.Tags()["images"]):
    for image in events.Images(tag):  # stored as PNG, with its size
        print(tag, image.step, image.width, image.height)
# --8<-- [end:check]

# --8<-- [start:plot]
import io  # noqa: E402
from pathlib import Path  # noqa: E402

import matplotlib.pyplot as plt  # noqa: E402

# Decode the PNGs stored in the event file and lay them out like the
# IMAGES tab: one panel per tag, showing its last step.
shown = [("test", events.Images("test")[-1]),
         ("photos", events.Images("photos")[-1])]
fig, axes = plt.subplots(1, 2, figsize=(7.5, 2.2), width_ratios=[1.5, 4],
                         layout="constrained")
for ax, (tag, image) in zip(axes, shown):
    ax.imshow(Image.open(io.BytesIO(image.encoded_image_string)))
    ax.set_title(f"{tag}  step {image.step}  {image.width}x{image.height}",
                 fontsize=10)
    ax.axis("off")
Path("figures").mkdir(exist_ok=True)
fig.savefig("figures/images.png", dpi=80)
# --8<-- [end:plot]
