# --8<-- [start:solution]
from PIL import Image
from torchvision import transforms

gray = Image.open("snippets/photos/grace_hopper.jpg").convert("L")
print(gray.mode)

# One channel in, one channel out: ToTensor gives (1, H, W).
t = transforms.ToTensor()(gray)
print(t.shape)

# Normalize needs one mean and one std per channel.
print(transforms.Normalize([0.5], [0.5])(t).shape)
# --8<-- [end:solution]
