# Save the first 8 images of the CIFAR-10 test set as PNG files, named by
# their true class: pictures that the network never saw in training, to
# try predict.py on. Run it from the repository root.
from pathlib import Path

import torchvision

test_data = torchvision.datasets.CIFAR10("./dataset", train=False,
                                         download=True)
folder = Path("test_images")
folder.mkdir(exist_ok=True)
for i in range(8):
    image, label = test_data[i]  # a 32x32 PIL image and its class index
    path = folder / f"{i}_{test_data.classes[label]}.png"
    image.save(path)
    print(path.as_posix())
