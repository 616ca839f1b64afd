# --8<-- [start:compose]
from PIL import Image
from torchvision import transforms

img = Image.open("snippets/photos/cat.jpg")

# Each step's output is the next step's input: PIL -> PIL -> tensor -> tensor.
pipeline = transforms.Compose([
    transforms.Resize((128, 192)),
    transforms.ToTensor(),
    transforms.Normalize([0.5, 0.5, 0.5], [0.5, 0.5, 0.5]),
])
result = pipeline(img)
print(result.shape, result.dtype)
# --8<-- [end:compose]
