# --8<-- [start:solution]
import numpy as np
from PIL import Image
from tensorboard.backend.event_processing.event_accumulator import (
    EventAccumulator,
)
from torch.utils.tensorboard import SummaryWriter

names = ["cat", "coffee", "rocket", "grace_hopper"]
photos = np.stack([np.array(Image.open(f"snippets/photos/{n}.jpg")
                            .resize((128, 128))) for n in names])
print(photos.shape, photos.dtype)  # N, H, W, C as numpy and PIL keep it

with SummaryWriter("logs/tensorboard/exercise_nhwc") as writer:
    writer.add_images("photos", photos, 0, dataformats="NHWC")

events = EventAccumulator("logs/tensorboard/exercise_nhwc")
events.Reload()
image = events.Images("photos")[0]
print(image.width, image.height)  # four 128x128 photos side by side
# --8<-- [end:solution]
