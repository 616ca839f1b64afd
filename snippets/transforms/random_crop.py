# --8<-- [start:crop]
import torch
from PIL import Image
from torchvision import transforms

img = Image.open("snippets/photos/cat.jpg")

crop = transforms.Compose([transforms.RandomCrop(128), transforms.ToTensor()])

torch.manual_seed(0)  # RandomCrop draws its position from torch's generator
first = [crop(img) for _ in range(4)]
torch.manual_seed(0)  # the same seed gives the same crops again
again = [crop(img) for _ in range(4)]

print(first[0].shape)
print(all(torch.equal(a, b) for a, b in zip(first, again)))
print(torch.equal(first[0], first[1]))  # but each call crops elsewhere
# --8<-- [end:crop]
