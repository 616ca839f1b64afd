# --8<-- [start:check]
import torch

# The widest vector instructions PyTorch's own kernels use here
print("CPU capability:", torch.backends.cpu.get_cpu_capability())
print("oneDNN available:", torch.backends.mkldnn.is_available())
# True only with AVX512-BF16 or AMX: then bf16 convolutions are fast.
# Without them, oneDNN emulates bf16, and it is much slower than fp32.
print("native bf16:", torch.ops.mkldnn._is_mkldnn_bf16_supported())
# --8<-- [end:check]
