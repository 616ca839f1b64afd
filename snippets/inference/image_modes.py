# --8<-- [start:modes]
from PIL import Image
from torchvision import transforms

# A PNG with an alpha channel, like a screenshot, a logo or a web image
Image.open("snippets/photos/cat.jpg").convert("RGBA").save("cat.png")
image = Image.open("cat.png")
print(image.format, image.mode, image.size)

# How many channels ToTensor makes from each mode Pillow may hand you
to_tensor = transforms.ToTensor()
for mode in ["RGB", "RGBA", "L", "LA", "P", "CMYK"]:
    channels = to_tensor(image.convert(mode)).shape[0]
    print(f"{mode:5} -> {channels} channel(s)")
# --8<-- [end:modes]
