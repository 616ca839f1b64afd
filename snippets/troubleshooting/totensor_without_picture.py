from torchvision import transforms

to_tensor = transforms.ToTensor()
tensor = to_tensor()  # the picture is missing: should be to_tensor(img)
