import torchvision

# weights= wants a weights enum (or None), not True
vgg16 = torchvision.models.vgg16(weights=True)
