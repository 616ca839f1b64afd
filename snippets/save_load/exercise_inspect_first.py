# --8<-- [start:solution]
import pickle

import torch


class Sneaky:
    def __reduce__(self):
        return (print, ("this ran while loading the file!",))


torch.save(Sneaky(), "innocent_looking_model.pth")

# Look before you load: which functions and classes would it import?
print(torch.serialization.get_unsafe_globals_in_checkpoint(
    "innocent_looking_model.pth"))
try:
    torch.load("innocent_looking_model.pth", weights_only=True)
except pickle.UnpicklingError:
    print("refused; nothing ran")
# --8<-- [end:solution]
