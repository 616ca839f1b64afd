# --8<-- [start:modes]
import torch
from torch import nn

torch.manual_seed(0)
layers = nn.Sequential(nn.Linear(4, 10), nn.Dropout(0.5))
x = torch.rand(1, 4)

layers.train()  # the mode a new model starts in: Dropout zeroes at random
print(torch.equal(layers(x), layers(x)))
layers.eval()   # inference: Dropout does nothing, results repeat
print(torch.equal(layers(x), layers(x)))

print(layers(x).requires_grad)  # a graph is recorded for backward()
with torch.no_grad():           # not needed to predict: skip it
    scores = layers(x)
print(scores.requires_grad)

probabilities = scores.softmax(dim=1)  # 10 scores -> 10 probabilities
print(probabilities.shape, round(probabilities.sum().item(), 4))
# --8<-- [end:modes]
