# --8<-- [start:solution]
from PIL import Image
from torchvision import transforms

# The usual ImageNet input pipeline: shorter side 256, centre 224x224,
# then the per-channel mean and std of the ImageNet training set.
imagenet = transforms.Compose([
    transforms.Resize(256),
    transforms.CenterCrop(224),
    transforms.ToTensor(),
    transforms.Normalize(mean=[0.485, 0.456, 0.406],
                         std=[0.229, 0.224, 0.225]),
])

x = imagenet(Image.open("snippets/photos/coffee.jpg"))
print(x.shape)
print(x.mean().abs().item() < 2)  # roughly centred around 0
# --8<-- [end:solution]
