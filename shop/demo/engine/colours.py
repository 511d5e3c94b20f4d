"""The colours and materials the demo's products come in, as a shopper would picture them."""

from __future__ import annotations

import re
import zlib

Colour = tuple[int, int, int]
NEUTRAL: Colour = (128, 132, 140)

# Every colour the demo vocabulary names, as a shopper would picture it.
COLOURS: dict[str, Colour] = {
    "midnight black": (28, 30, 36), "black": (24, 24, 26), "arctic white": (236, 238, 240),
    "graphite": (72, 76, 82), "silver": (190, 194, 200), "ocean blue": (30, 110, 190),
    "sage green": (143, 168, 130), "rose gold": (214, 160, 140), "sand beige": (214, 192, 156),
    "charcoal": (58, 60, 64), "cream": (240, 230, 205), "terracotta": (196, 98, 64),
    "sage": (150, 172, 138), "navy": (30, 44, 92), "mustard": (214, 168, 40),
    "dusty pink": (214, 160, 168), "stone grey": (150, 148, 142), "forest green": (34, 90, 56),
    "ivory": (246, 240, 222), "camel": (190, 142, 88), "olive": (112, 116, 58),
    "burgundy": (120, 30, 48), "off-white": (240, 238, 230), "heather grey": (160, 162, 166),
    "rust": (172, 76, 36), "cobalt": (0, 71, 171), "blush": (232, 180, 176),
    "volt yellow": (214, 232, 24), "glacier blue": (150, 200, 230), "fire red": (210, 36, 36),
    "slate": (96, 108, 120), "moss green": (96, 120, 60), "sunset orange": (240, 120, 48),
    "pastel": (190, 214, 230), "jungle green": (40, 130, 80),
}  # fmt: skip
# What a product without a colour is made of shows instead ("Acacia wood", "Olive canvas").
MATERIALS: dict[str, Colour] = {
    "wood": (158, 112, 70), "oak": (176, 136, 90), "walnut": (110, 74, 48),
    "bamboo": (200, 170, 110),
    "leather": (122, 74, 42), "canvas": (196, 184, 150), "steel": (170, 174, 180),
    "iron": (60, 62, 66), "aluminium": (196, 200, 206), "ceramic": (230, 226, 218),
    "glass": (200, 226, 232), "cotton": (238, 236, 230), "linen": (220, 208, 186),
    "wool": (200, 196, 188), "cashmere": (206, 190, 170), "rattan": (196, 160, 104),
}  # fmt: skip
STRIPES: dict[str, tuple[Colour, ...]] = {
    "rainbow": ((226, 60, 60), (240, 150, 40), (240, 210, 60), (70, 170, 90), (60, 120, 210)),
    "primary colours": ((220, 40, 40), (250, 200, 30), (30, 90, 200)),
    "pastel": ((246, 196, 196), (250, 230, 180), (196, 230, 206), (190, 214, 240)),
}


def colour_for(name: str | None) -> Colour:
    """The colour a name means; a stable muted one for an unknown name, grey for none."""
    if not name:
        return NEUTRAL
    key = name.strip().lower()
    if key in COLOURS or key in MATERIALS:
        return COLOURS.get(key) or MATERIALS[key]
    hue = zlib.crc32(key.encode())
    return (80 + hue % 120, 80 + (hue >> 8) % 120, 80 + (hue >> 16) % 120)


def colour_in(text: str) -> str | None:
    """The colour, else the material, ``text`` names (a title, a material), if any."""
    key = f" {re.sub(r'[^a-z-]+', ' ', text.lower())} "  # whole words: "Oliveira" is no olive
    # Colours before materials ("olive canvas" is olive), longer names first ("sage green").
    names = [*sorted((*COLOURS, *STRIPES), key=len, reverse=True), *MATERIALS]
    return next((name for name in names if f" {name} " in key), None)
