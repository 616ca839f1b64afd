# --8<-- [start:benchmark]
import time

import torch
from torch import nn

# Tiny, so that CI stays fast; use 64 and 50 for numbers worth keeping.
BATCH_SIZE = 32
STEPS = 3


class Tudui(nn.Module):  # the notes' CIFAR-10 model
    def __init__(self):
        super().__init__()
        self.model = nn.Sequential(
            nn.Conv2d(3, 32, 5, 1, 2), nn.MaxPool2d(2),
            nn.Conv2d(32, 32, 5, 1, 2), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 5, 1, 2), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(1024, 64), nn.Linear(64, 10),
        )

    def forward(self, x):
        return self.model(x)


def seconds_per_step(device, warmup=2):
    torch.manual_seed(0)
    model = Tudui().to(device)
    loss_fn = nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    # data made on the device: this times the step, not the data loader
    imgs = torch.rand(BATCH_SIZE, 3, 32, 32, device=device)
    targets = torch.randint(0, 10, (BATCH_SIZE,), device=device)

    def step():
        loss = loss_fn(model(imgs), targets)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

    for _ in range(warmup):  # first steps pay for memory and kernel setup
        step()
    if device.type == "cuda":
        torch.cuda.synchronize()  # GPU calls return early: wait for them
    start = time.perf_counter()
    for _ in range(STEPS):
        step()
    if device.type == "cuda":
        torch.cuda.synchronize()
    return (time.perf_counter() - start) / STEPS


print(f"torch {torch.__version__}, batch {BATCH_SIZE}, "
      f"{STEPS} timed steps")
cpu = seconds_per_step(torch.device("cpu"))
print(f"CPU ({torch.get_num_threads()} threads): {cpu * 1000:.1f} ms/step, "
      f"{BATCH_SIZE / cpu:.0f} img/s")
if torch.cuda.is_available():
    gpu = seconds_per_step(torch.device("cuda"))
    print(f"CUDA ({torch.cuda.get_device_name()}): {gpu * 1000:.2f} ms/step, "
          f"{BATCH_SIZE / gpu:.0f} img/s")
    print(f"GPU / CPU speed ratio: {cpu / gpu:.1f}x")
else:
    print("No CUDA GPU on this machine: CPU numbers only.")
# --8<-- [end:benchmark]
