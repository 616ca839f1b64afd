# --8<-- [start:dir]
import torch

names = dir(torch.cuda)  # every name defined in the torch.cuda package
print(len(names) > 100, "is_available" in names)
print([name for name in names if name.startswith("is_")])
# --8<-- [end:dir]

# --8<-- [start:callable]
# Going one level deeper: a function has only "dunder" names such as
# __call__ and __doc__, nothing further to open.
print([n for n in dir(torch.cuda.is_available) if not n.startswith("__")])
# callable() says it directly: a package is not, a function is.
print(callable(torch.cuda), callable(torch.cuda.is_available))
# --8<-- [end:callable]

# --8<-- [start:help]
help(torch.cuda.is_available)
# --8<-- [end:help]
