"""Generated product illustrations, so the demo shop looks finished without any photo files.

Each image is a two-colour gradient in its department's palette (nudged by the product's seed so
neighbours differ), a simple motif per department, and the product title on a light card.
Rendering is deterministic for the same arguments and takes a few milliseconds.
"""

from __future__ import annotations

import colorsys
import io
import math
import random
import zlib
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont, ImageOps, features

from . import vocabulary as vocab

Colour = tuple[int, int, int]
FontType = ImageFont.FreeTypeFont | ImageFont.ImageFont

IMAGE_FORMAT = "WEBP" if features.check("webp") else "PNG"
MAX_TITLE_LINES = 3
TEXT_COLOUR: Colour = (34, 34, 40)


def _department_index() -> dict[str, vocab.Department]:
    index: dict[str, vocab.Department] = {}
    for department in vocab.DEPARTMENTS:
        for key in (department.slug, department.name):
            index[key.lower()] = department
        for leaf in department.leaves:
            for key in (leaf.slug, leaf.name):
                index[key.lower()] = department
    return index


DEPARTMENT_BY_KEY = _department_index()


def render_product_image(*, title: str, category: str, seed: int, size: int = 480) -> bytes:
    """Render a square product image and return it encoded (WEBP, or PNG without WEBP support).

    ``category`` is a department or leaf slug or name; anything else still gets a stable style
    chosen from its text, so callers never have to special-case unknown categories.
    """
    department = (
        DEPARTMENT_BY_KEY.get(category.lower())
        or vocab.DEPARTMENTS[zlib.crc32(category.encode()) % len(vocab.DEPARTMENTS)]
    )
    rng = random.Random(seed)
    dark, light = (_shift(colour, rng.uniform(-0.05, 0.05)) for colour in department.palette)
    image = _gradient(size, dark, light)

    # Translucent shapes go on one overlay pasted once; text is drawn on the opaque result
    # afterwards so its anti-aliased edges blend with the real background.
    overlay = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    shapes = ImageDraw.Draw(overlay)
    MOTIFS[department.motif](shapes, size, rng, dark, light)
    margin = size // 20
    card_top = round(size * 0.68)
    shapes.rounded_rectangle(
        (margin, card_top, size - margin, size - margin),
        radius=size // 28,
        fill=(255, 255, 255, 225),
    )
    image.paste(overlay, mask=overlay)

    draw = ImageDraw.Draw(image)
    label_font = _font(max(10, size // 30))
    draw.text((margin, margin), department.name.upper(), font=label_font, fill=(255, 255, 255))
    _title_text(draw, title, size, card_top)
    return _encode(image)


@lru_cache(maxsize=8)
def render_placeholder(size: int = 480) -> bytes:
    """A neutral "no image yet" picture for products without their own image."""
    image = _gradient(size, (206, 209, 214), (240, 241, 244))
    draw = ImageDraw.Draw(image)
    grey = (150, 154, 162)
    box = (size * 0.3, size * 0.25, size * 0.7, size * 0.58)
    draw.rounded_rectangle(box, radius=size // 30, outline=grey, width=max(2, size // 80))
    draw.ellipse(_circle(size * 0.6, size * 0.34, size * 0.035), fill=grey)
    draw.polygon(
        [
            (size * 0.33, size * 0.55),
            (size * 0.45, size * 0.38),
            (size * 0.54, size * 0.48),
            (size * 0.59, size * 0.43),
            (size * 0.67, size * 0.55),
        ],
        fill=grey,
    )
    font = _font(max(10, size // 18))
    label = "No image yet"
    draw.text(
        ((size - draw.textlength(label, font=font)) / 2, size * 0.66),
        label,
        font=font,
        fill=grey,
    )
    return _encode(image)


def _encode(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    if IMAGE_FORMAT == "WEBP":
        # method=0 is libwebp's fastest effort; flat illustrations compress well regardless.
        image.save(buffer, IMAGE_FORMAT, quality=82, method=0)
    else:
        image.save(buffer, IMAGE_FORMAT)
    return buffer.getvalue()


@lru_cache(maxsize=16)
def _font(size: int) -> FontType:
    return ImageFont.load_default(size=size)


@lru_cache(maxsize=8)
def _gradient_column(size: int) -> Image.Image:
    return Image.linear_gradient("L").resize((1, size))


def _gradient(size: int, top: Colour, bottom: Colour) -> Image.Image:
    """A vertical RGB gradient: colour one pixel column, then stretch it (much faster)."""
    column = ImageOps.colorize(_gradient_column(size), top, bottom)
    return column.resize((size, size), Image.Resampling.NEAREST)


def _shift(colour: Colour, hue_shift: float) -> Colour:
    """Rotate a colour's hue a little, so products in one department are not all identical."""
    hue, lightness, saturation = colorsys.rgb_to_hls(*(channel / 255 for channel in colour))
    red, green, blue = colorsys.hls_to_rgb((hue + hue_shift) % 1.0, lightness, saturation)
    return round(red * 255), round(green * 255), round(blue * 255)


def _circle(x: float, y: float, radius: float) -> tuple[float, float, float, float]:
    return x - radius, y - radius, x + radius, y + radius


def _title_text(draw: ImageDraw.ImageDraw, title: str, size: int, card_top: int) -> None:
    """Wrap the title onto the card across the bottom third, centred vertically."""
    margin = size // 20
    font = _font(max(10, size // 17))
    line_height = font.size * 1.25 if isinstance(font, ImageFont.FreeTypeFont) else 12
    lines = _wrap(draw, title, font, size - 4 * margin)
    y = card_top + (size - margin - card_top - line_height * len(lines)) / 2
    for line in lines:
        draw.text((2 * margin, y), line, font=font, fill=TEXT_COLOUR)
        y += line_height


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: FontType, width: float) -> list[str]:
    """Greedy word wrap to ``width`` pixels; text beyond the last line ends in an ellipsis."""
    lines: list[str] = []
    for word in text.split():
        if lines and draw.textlength(f"{lines[-1]} {word}", font=font) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        elif len(lines) < MAX_TITLE_LINES:
            lines.append(word)
        else:
            lines[-1] = f"{lines[-1]} {word}"
            break
    return [_fit(draw, line, font, width) for line in lines]


def _fit(draw: ImageDraw.ImageDraw, text: str, font: FontType, width: float) -> str:
    """Cut an over-long line (or word) and end it with an ellipsis."""
    if draw.textlength(text, font=font) <= width:
        return text
    while text and draw.textlength(f"{text}…", font=font) > width:
        text = text[:-1]
    return f"{text.rstrip()}…"


# --- Motifs: each draws on a transparent layer over the top two thirds ---------------------


def _rings(
    draw: ImageDraw.ImageDraw, size: int, rng: random.Random, dark: Colour, light: Colour
) -> None:
    x, y = rng.uniform(0.35, 0.65) * size, rng.uniform(0.28, 0.42) * size
    for ring in range(1, 7):
        alpha = 150 - ring * 18
        radius = ring * size * 0.055
        draw.ellipse(
            _circle(x, y, radius), outline=(255, 255, 255, alpha), width=max(2, size // 90)
        )
    draw.ellipse(_circle(x, y, size * 0.035), fill=(*light, 255))


def _tiles(
    draw: ImageDraw.ImageDraw, size: int, rng: random.Random, dark: Colour, light: Colour
) -> None:
    cell = size / 6
    for row in range(3):
        for column in range(5):
            if rng.random() < 0.25:
                continue
            left, top = size * 0.1 + column * cell * 1.05, size * 0.12 + row * cell * 1.05
            fill = (*light, rng.randint(70, 170)) if rng.random() < 0.6 else (255, 255, 255, 90)
            draw.rounded_rectangle(
                (left, top, left + cell * 0.85, top + cell * 0.85), radius=cell // 5, fill=fill
            )


def _mountains(
    draw: ImageDraw.ImageDraw, size: int, rng: random.Random, dark: Colour, light: Colour
) -> None:
    draw.ellipse(
        _circle(rng.uniform(0.6, 0.8) * size, size * 0.2, size * 0.08), fill=(255, 240, 200, 200)
    )
    base = size * 0.66
    for peak, alpha in ((rng.uniform(0.2, 0.4), 150), (rng.uniform(0.5, 0.75), 215)):
        height = rng.uniform(0.3, 0.45) * size
        spread = rng.uniform(0.3, 0.45) * size
        x = peak * size
        draw.polygon(
            [(x - spread, base), (x, base - height), (x + spread, base)], fill=(*dark, alpha)
        )
        draw.polygon(
            [
                (x - spread * 0.22, base - height * 0.78),
                (x, base - height),
                (x + spread * 0.22, base - height * 0.78),
            ],
            fill=(255, 255, 255, 200),
        )


def _spines(
    draw: ImageDraw.ImageDraw, size: int, rng: random.Random, dark: Colour, light: Colour
) -> None:
    shelf = size * 0.62
    x = size * 0.12
    while x < size * 0.84:
        width = rng.uniform(0.05, 0.09) * size
        height = rng.uniform(0.3, 0.46) * size
        tone = rng.choice(((*light, 220), (255, 255, 255, 170), (*dark, 200)))
        draw.rectangle((x, shelf - height, x + width, shelf), fill=tone)
        draw.line(
            (x + width * 0.2, shelf - height * 0.8, x + width * 0.8, shelf - height * 0.8),
            fill=(255, 255, 255, 140),
            width=max(1, size // 160),
        )
        x += width + size * 0.012
    draw.rectangle(
        (size * 0.08, shelf, size * 0.92, shelf + size * 0.02), fill=(255, 255, 255, 160)
    )


def _stripes(
    draw: ImageDraw.ImageDraw, size: int, rng: random.Random, dark: Colour, light: Colour
) -> None:
    band = size * rng.uniform(0.06, 0.1)
    offset = rng.uniform(0, band * 2)
    x = -size + offset
    while x < size * 1.2:
        draw.polygon(
            [
                (x, 0),
                (x + band, 0),
                (x + band + size * 0.7, size * 0.7),
                (x + size * 0.7, size * 0.7),
            ],
            fill=(255, 255, 255, 60),
        )
        x += band * 2.4
    draw.ellipse(_circle(size * 0.5, size * 0.35, size * 0.16), fill=(*light, 230))


def _bubbles(
    draw: ImageDraw.ImageDraw, size: int, rng: random.Random, dark: Colour, light: Colour
) -> None:
    for _ in range(12):
        radius = rng.uniform(0.025, 0.11) * size
        x, y = rng.uniform(0.1, 0.9) * size, rng.uniform(0.12, 0.6) * size
        draw.ellipse(_circle(x, y, radius), fill=(255, 255, 255, rng.randint(50, 130)))
        draw.ellipse(
            _circle(x - radius * 0.35, y - radius * 0.35, radius * 0.2), fill=(255, 255, 255, 170)
        )


def _blocks(
    draw: ImageDraw.ImageDraw, size: int, rng: random.Random, dark: Colour, light: Colour
) -> None:
    colours = ((230, 70, 70), (60, 140, 230), (80, 190, 110), (250, 250, 250), dark)
    block = size * 0.12
    base = size * 0.62
    for level, count in enumerate((4, 3, 2)):
        left = size * 0.5 - count * block / 2
        for position in range(count):
            x, y = left + position * block, base - (level + 1) * block
            draw.rounded_rectangle(
                (x + 2, y + 2, x + block - 2, y + block - 2),
                radius=block // 6,
                fill=(*rng.choice(colours), 235),
            )
            draw.ellipse(
                _circle(x + block / 2, y + block / 2, block * 0.16), fill=(255, 255, 255, 110)
            )


def _leaves(
    draw: ImageDraw.ImageDraw, size: int, rng: random.Random, dark: Colour, light: Colour
) -> None:
    stem_x = rng.uniform(0.4, 0.6) * size
    draw.line(
        (stem_x, size * 0.66, stem_x, size * 0.14), fill=(*dark, 200), width=max(2, size // 80)
    )
    for step in range(6):
        y = size * (0.58 - step * 0.08)
        side = 1 if step % 2 else -1
        angle = math.radians(rng.uniform(25, 45))
        length = size * rng.uniform(0.16, 0.24) * (1 - step * 0.08)
        draw.polygon(_leaf(stem_x, y, length, angle, side), fill=(*light, rng.randint(170, 235)))


def _leaf(x: float, y: float, length: float, angle: float, side: int) -> list[tuple[float, float]]:
    """A lens-shaped leaf growing from (x, y) up and to one ``side``, as a polygon."""
    dx, dy = side * math.cos(angle), -math.sin(angle)
    nx, ny = -dy, dx
    steps = [i / 10 for i in range(11)]
    edge = [(t, 0.22 * math.sin(math.pi * t)) for t in steps]
    edge += [(t, -0.22 * math.sin(math.pi * t)) for t in reversed(steps[1:-1])]
    return [(x + length * (t * dx + b * nx), y + length * (t * dy + b * ny)) for t, b in edge]


MOTIFS = {
    "waves": _rings,
    "tiles": _tiles,
    "mountains": _mountains,
    "spines": _spines,
    "stripes": _stripes,
    "bubbles": _bubbles,
    "blocks": _blocks,
    "leaves": _leaves,
}
