# --8<-- [start:normalize]
import torch
from PIL import Image
from torchvision import transforms

img = Image.open("snippets/photos/cat.jpg")
tensor_img = transforms.ToTensor()(img)

normalize = transforms.Normalize(mean=[0.5, 0.5, 0.5], std=[0.5, 0.5, 0.5])
img_norm = normalize(tensor_img)

# Normalize computes (x - mean) / std for each channel:
# with mean = std = 0.5 it maps [0, 1] onto [-1, 1].
x = tensor_img[0, 0, 0].item()
y = img_norm[0, 0, 0].item()
print(f"{x:.4f} -> {y:.4f}, by hand {(x - 0.5) / 0.5:.4f}")
print(torch.allclose(img_norm, (tensor_img - 0.5) / 0.5))
print(img_norm.min().item() >= -1.0, img_norm.max().item() <= 1.0)
# --8<-- [end:normalize]
