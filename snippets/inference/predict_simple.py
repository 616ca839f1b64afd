# The smallest prediction program: train_simple.py's network, the weights it
# saved (model_simple.pth) and one photo. Run it from the repository root.
import torch
from PIL import Image
from torch import nn
from torchvision import transforms

# CIFAR-10's classes in label order: label 3 is "cat"
CLASSES = ["airplane", "automobile", "bird", "cat", "deer",
           "dog", "frog", "horse", "ship", "truck"]


class Decade(nn.Module):    # exactly the network the weights were saved from
    def __init__(self):
        super().__init__()
        self.model = nn.Sequential(
            nn.Conv2d(3, 32, 5, 1, 2), nn.MaxPool2d(2),
            nn.Conv2d(32, 32, 5, 1, 2), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 5, 1, 2), nn.MaxPool2d(2),
            nn.Flatten(),
            nn.Linear(1024, 64),
            nn.Linear(64, 10),
        )

    def forward(self, x):
        return self.model(x)


model = Decade()
model.load_state_dict(torch.load("model_simple.pth", weights_only=True))
model.eval()

image = Image.open("snippets/photos/cat.jpg").convert("RGB")
preprocess = transforms.Compose([transforms.Resize((32, 32)),
                                 transforms.ToTensor()])
x = preprocess(image).unsqueeze(0)      # (3, 32, 32) -> (1, 3, 32, 32)
print("input:", tuple(x.shape))

with torch.no_grad():
    probs = model(x).softmax(1)[0]
best = probs.argmax().item()
print(f"prediction: {CLASSES[best]} ({probs[best]:.0%})")
