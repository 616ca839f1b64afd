import torchvision

# True as the first argument: once pretrained=, today the weights= slot
vgg16 = torchvision.models.vgg16(True)
