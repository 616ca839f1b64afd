# --8<-- [start:write]
import torch
from PIL import Image
from torch.utils.tensorboard import SummaryWriter
from torchvision import transforms

img = Image.open("snippets/photos/cat.jpg")
to_tensor = transforms.ToTensor()

writer = SummaryWriter("logs/transforms")

tensor_img = to_tensor(img)
writer.add_image("ToTensor", tensor_img)  # CHW is add_image's default layout

normalize = transforms.Normalize([0.5, 0.5, 0.5], [0.5, 0.5, 0.5])
# add_image expects values in [0, 1]: map [-1, 1] back before writing.
writer.add_image("Normalize", normalize(tensor_img) * 0.5 + 0.5)

resize = transforms.Compose([transforms.Resize((256, 256)), to_tensor])
writer.add_image("Resize", resize(img))

torch.manual_seed(0)
crop = transforms.Compose([transforms.RandomCrop(128), to_tensor])
for step in range(10):  # one tag, ten steps: a slider in TensorBoard
    writer.add_image("RandomCrop", crop(img), step)

writer.close()
# --8<-- [end:write]

# --8<-- [start:check]
from tensorboard.backend.event_processing.event_accumulator import (  # noqa: E402
    EventAccumulator,
)

# By default the reader keeps only 4 images per tag; 0 means keep all.
events = EventAccumulator("logs/transforms", size_guidance={"images": 0})
events.Reload()
for tag in sorted(events.Tags()["images"]):
    print(tag, len(events.Images(tag)))
# --8<-- [end:check]
