from PIL import Image

# A relative path: Python looks for it in the working folder, the folder
# the program was started from, not the folder this file is in
img = Image.open("dataset/train/ants_image/0013035.jpg")
