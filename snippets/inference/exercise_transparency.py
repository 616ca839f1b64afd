# --8<-- [start:solution]
from PIL import Image, ImageDraw

# A red disc on a transparent background, the way logos are saved:
# the transparent pixels store black, with alpha 0
logo = Image.new("RGBA", (64, 64), (0, 0, 0, 0))
ImageDraw.Draw(logo).ellipse((8, 8, 56, 56), fill=(220, 30, 30, 255))
print("corner:", logo.getpixel((0, 0)), "centre:", logo.getpixel((32, 32)))

dropped = logo.convert("RGB")  # alpha thrown away: the black shows
white = Image.new("RGBA", logo.size, "white")
composited = Image.alpha_composite(white, logo).convert("RGB")
print("convert('RGB'):", dropped.getpixel((0, 0)), dropped.getpixel((32, 32)))
print("over white:    ", composited.getpixel((0, 0)),
      composited.getpixel((32, 32)))
# --8<-- [end:solution]
