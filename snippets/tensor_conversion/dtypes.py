# --8<-- [start:convert]
import torch

t = torch.tensor([1, 2, 3])  # Python ints -> int64 ("long")
print(t.dtype)
print(t.float().dtype)  # shorthand for .to(torch.float32)
print(torch.tensor([1.9, -1.9]).to(torch.int64))  # cuts toward zero

print(t.type())  # without an argument, type() names the type
print(t.type(torch.float64).dtype)  # with one, it converts like .to()
# --8<-- [end:convert]

# --8<-- [start:division]
n = torch.tensor([7, -7])
print(n / 2)  # true division: always a float result
print(n // 2)  # floor division: rounds toward minus infinity
print(torch.div(n, 2, rounding_mode="trunc"))  # rounds toward zero
# --8<-- [end:division]

# --8<-- [start:accuracy]
preds = torch.tensor([0, 1, 1, 2])
targets = torch.tensor([0, 1, 2, 2])
correct = (preds == targets).sum()  # an int64 tensor
print(correct, correct / len(targets))  # "/" gives a float
print((preds == targets).float().mean())  # mean() wants a float
# --8<-- [end:accuracy]

# --8<-- [start:overflow]
pixels = torch.tensor([250, 10], dtype=torch.uint8)
print(pixels + 10)  # uint8 wraps around: 260 becomes 4
print(pixels.to(torch.int16) + 10)  # widen the type before arithmetic
# --8<-- [end:overflow]
