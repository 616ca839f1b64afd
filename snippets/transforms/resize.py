# --8<-- [start:resize]
from PIL import Image
from torchvision import transforms

img = Image.open("snippets/photos/cat.jpg")
print(img.size)

# A tuple is (height, width): the image is squeezed to exactly that size.
square = transforms.Resize((256, 256))(img)
print(square.size)

# An int sets the shorter side; the other side keeps the aspect ratio.
short_side = transforms.Resize(256)(img)
print(short_side.size)
# --8<-- [end:resize]

# --8<-- [start:tensor]
# Resize works on tensors too, and then returns a tensor (C, H, W).
tensor_img = transforms.ToTensor()(img)
print(transforms.Resize((256, 256))(tensor_img).shape)
# --8<-- [end:tensor]
