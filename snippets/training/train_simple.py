# The notes' training loop (section 14), fixed, in one file: data, network,
# training, test accuracy, saving. Run it from the repository root:
#     python snippets/training/train_simple.py
import torch
import torchvision
from torch import nn
from torch.utils.data import DataLoader

EPOCHS = 3     # the notes train 10; 3 already shows the network learning

to_tensor = torchvision.transforms.ToTensor()
train_data = torchvision.datasets.CIFAR10("./dataset", train=True,
                                          transform=to_tensor, download=True)
test_data = torchvision.datasets.CIFAR10("./dataset", train=False,
                                         transform=to_tensor, download=True)
train_loader = DataLoader(train_data, batch_size=64, shuffle=True)
test_loader = DataLoader(test_data, batch_size=64)


class Decade(nn.Module):
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
loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)

for epoch in range(1, EPOCHS + 1):
    model.train()
    loss_sum = 0.0
    for images, targets in train_loader:
        loss = loss_fn(model(images), targets)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        loss_sum += loss.item() * len(images)   # .item(): a number

    model.eval()
    correct = 0
    with torch.no_grad():
        for images, targets in test_loader:
            preds = model(images).argmax(1)
            correct += (preds == targets).sum().item()
    print(f"epoch {epoch}: train loss {loss_sum / len(train_data):.3f}, "
          f"test accuracy {correct / len(test_data):.3f}")

torch.save(model.state_dict(), "model_simple.pth")
print("saved model_simple.pth")
