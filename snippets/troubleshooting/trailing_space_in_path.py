import os

os.makedirs("data/ants", exist_ok=True)  # the folder exists
print(os.listdir("data/ants"))
print(os.listdir("data/ants "))  # a space at the end: another name
