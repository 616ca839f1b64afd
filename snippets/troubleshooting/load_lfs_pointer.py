import torch

# What a checkpoint stored with Git LFS is after a plain download or a
# clone without git-lfs: a three-line text file, not the weights
with open("decade_9.pth", "w") as f:
    f.write("version https://git-lfs.github.com/spec/v1\n"
            "oid sha256:" + "0" * 64 + "\n"
            "size 585653\n")
model = torch.load("decade_9.pth")
