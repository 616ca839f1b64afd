# --8<-- [start:solution]
import torch

classes = ["airplane", "automobile", "bird", "cat", "deer",
           "dog", "frog", "horse", "ship", "truck"]
outputs = torch.tensor([[0.1, 2.0, 0.3, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
                        [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 3.0, 0.1],
                        [1.5, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]])

preds = outputs.argmax(1)     # one class index per row (per image)
print(preds)
names = [classes[i] for i in preds.tolist()]  # tolist: plain Python ints
print(names)
print(classes[outputs[2].argmax().item()])   # one image: item()
# --8<-- [end:solution]
