# --8<-- [start:pil]
import numpy as np
import torch
from PIL import Image
from torchvision import transforms

img = Image.open("snippets/photos/cat.jpg")
print(img.size, img.mode)  # PIL reports (width, height)

to_tensor = transforms.ToTensor()  # first build the tool ...
tensor_img = to_tensor(img)        # ... then call it on the image
print(tensor_img.shape, tensor_img.dtype)
print(tensor_img.min().item() >= 0.0, tensor_img.max().item() <= 1.0)
# --8<-- [end:pil]

# --8<-- [start:numpy]
array = np.array(img)  # numpy keeps the HWC layout, values 0..255
print(array.shape, array.dtype)

from_numpy = to_tensor(array)  # HWC uint8 -> CHW float in [0, 1]
print(from_numpy.shape)
print(torch.equal(from_numpy, tensor_img))
# --8<-- [end:numpy]
