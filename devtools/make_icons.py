"""Draw the site's app icons (docs/assets/icons/*.png): a speech bubble with three dots, for asking.

Run once when the design changes (`python -m devtools.make_icons`); the PNGs are committed, so a
build needs no drawing library beyond what fpdf2 already brings (Pillow).
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

ICONS = Path(__file__).resolve().parent.parent / "docs" / "assets" / "icons"
# The theme's indigo. The favicon (favicon.svg, drawn by hand with the same shapes) switches to
# the theme's slate with a light indigo bubble on dark screens; app icons have no dark variant
# in the web app manifest, so these are the light ones.
LIGHT = {"background": "#3f51b5", "bubble": "#ffffff", "dots": "#3f51b5"}


def draw(size: int, colours: dict[str, str], *, maskable: bool) -> Image.Image:
    scale = 4  # drawn large and reduced, for smooth edges
    big = size * scale
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    if maskable:
        # Full bleed: phones crop maskable icons to their own shape, keeping the middle 80%.
        pen.rectangle((0, 0, big, big), fill=colours["background"])
        inset = big * 0.24
    else:
        pen.rounded_rectangle((0, 0, big - 1, big - 1), radius=big * 0.22, fill=colours["background"])
        inset = big * 0.17
    left, top, right, bottom = inset, inset * 1.05, big - inset, big - inset * 1.35
    pen.rounded_rectangle((left, top, right, bottom), radius=(bottom - top) * 0.3, fill=colours["bubble"])
    tail_x = left + (right - left) * 0.28
    tip = (tail_x - (right - left) * 0.04, bottom + (big - inset - bottom) * 0.9)
    pen.polygon([(tail_x, bottom - 2), (tail_x + (right - left) * 0.2, bottom - 2), tip], fill=colours["bubble"])
    radius = (right - left) * 0.075
    middle_y = (top + bottom) / 2
    for step in (-1, 0, 1):
        centre_x = (left + right) / 2 + step * radius * 3.2
        pen.ellipse((centre_x - radius, middle_y - radius, centre_x + radius, middle_y + radius), fill=colours["dots"])
    return image.resize((size, size), Image.LANCZOS)


def main() -> None:
    ICONS.mkdir(parents=True, exist_ok=True)
    for size in (192, 512):
        draw(size, LIGHT, maskable=False).save(ICONS / f"icon-{size}.png", optimize=True)
    draw(512, LIGHT, maskable=True).save(ICONS / "maskable-512.png", optimize=True)


if __name__ == "__main__":
    main()
