# --8<-- [start:pil]
import numpy as np
import torch
from PIL import Image
from torchvision.transforms import functional as F

img = Image.open("snippets/photos/cat.jpg")
u8 = F.pil_to_tensor(img)  # CHW uint8, values 0..255, no scaling
f32 = F.to_tensor(img)     # CHW float32 in [0, 1], as transforms.ToTensor
print(u8.shape, u8.dtype, f32.dtype)
print(torch.allclose(u8.float() / 255, f32))

back = F.to_pil_image(u8)  # and back to a PIL image
print(back.size, back.mode)
# numpy and PIL use HWC: permute before comparing
print(np.array_equal(np.asarray(img), u8.permute(1, 2, 0).numpy()))
# --8<-- [end:pil]
