# --8<-- [start:names]
import torchvision

test_data = torchvision.datasets.CIFAR10("./dataset", train=False,
                                         download=True)
print(test_data.class_to_idx)

# The notes: the keys of class_to_idx, in the dict's insertion order
names = [name for name, index in test_data.class_to_idx.items()]
print(names == test_data.classes)  # torchvision also keeps the list itself

# Sorting by the index does not depend on how the dict was built
by_index = sorted(test_data.class_to_idx, key=test_data.class_to_idx.get)
print(by_index[3], names[3])
# --8<-- [end:names]
