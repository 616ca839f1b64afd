# --8<-- [start:sneaky]
import torch


class Sneaky:
    # pickle calls __reduce__ to learn how to rebuild an object: "call
    # this function with these arguments". Any function will do.
    def __reduce__(self):
        return (print, ("this ran while loading the file!",))


torch.save(Sneaky(), "innocent_looking_model.pth")

obj = torch.load("innocent_looking_model.pth", weights_only=False)
print(obj)  # the "model" is whatever the function returned
# --8<-- [end:sneaky]
