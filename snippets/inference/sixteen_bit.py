# --8<-- [start:clip]
import numpy as np
from PIL import Image

# A 16-bit grayscale PNG (scanners, microscopes, medical images): a ramp
# from black (0) to white (65535)
ramp = np.linspace(0, 65535, 256).round().astype(np.uint16)
Image.fromarray(ramp.reshape(1, 256).repeat(8, axis=0)).save("ramp16.png")
image = Image.open("ramp16.png")
print(image.mode, np.asarray(image).max())

# convert() clips every value above 255: almost the whole ramp turns white
clipped = np.asarray(image.convert("RGB"))
print("convert('RGB'): white share", (clipped == 255).mean())

# Scaling keeps the ramp: 65535 / 257 = 255
scaled = (np.asarray(image) / 257).round().astype(np.uint8)
print("/ 257:", scaled.min(), scaled.max(), len(np.unique(scaled)), "levels")
# --8<-- [end:clip]
