"""Product illustrations that tell products apart: the kind of product, drawn in its colour.

A product type's noun ("Wireless Headphones", "Chelsea Boots") picks one of a few silhouettes
(headphones, a screen, a camera, a shoe, a garment, a bottle...), filled with the product's
colour ("Sand Beige", "Navy"; "Rainbow" in stripes) on a light studio background, with no text:
the title is beside the image on every page. Deterministic for the same arguments.
"""

from __future__ import annotations

from collections.abc import Callable

from PIL import Image, ImageDraw

from .colours import COLOURS, MATERIALS, STRIPES, Colour, colour_for, colour_in
from .images import IMAGE_FORMAT
from .images import _encode as encode

__all__ = ["COLOURS", "IMAGE_FORMAT", "MATERIALS", "STRIPES", "colour_for", "colour_in"]

Draw = ImageDraw.ImageDraw

BACKGROUND: Colour = (244, 244, 241)


def _shade(colour: Colour, factor: float) -> Colour:
    """Darker (factor < 1) or lighter (> 1, towards white) for edges and highlights."""
    if factor <= 1:
        return (round(colour[0] * factor), round(colour[1] * factor), round(colour[2] * factor))
    mix = factor - 1
    return (
        round(colour[0] + (255 - colour[0]) * mix),
        round(colour[1] + (255 - colour[1]) * mix),
        round(colour[2] + (255 - colour[2]) * mix),
    )


def _edge(colour: Colour) -> Colour:  # darker on light colours, lighter on dark ones
    return _shade(colour, 0.62) if sum(colour) / 3 > 170 else _shade(colour, 1.35)


# Each silhouette draws on a 100 x 100 grid, scaled by ``s``; ``c`` is the fill colour.
def _headphones(d: Draw, s: float, c: Colour) -> None:
    d.arc(_box(22, 14, 78, 74, s), 180, 360, fill=c, width=round(7 * s))
    for x in (16, 66):
        d.rounded_rectangle(_box(x, 44, x + 18, 78, s), radius=round(7 * s), fill=c,
                            outline=_edge(c), width=round(1.5 * s))  # fmt: skip


def _earbuds(d: Draw, s: float, c: Colour) -> None:
    d.rounded_rectangle(_box(24, 56, 76, 84, s), radius=round(12 * s), fill=_shade(c, 0.85))
    for x in (30, 54):
        d.ellipse(_box(x, 26, x + 18, 44, s), fill=c, outline=_edge(c), width=round(1.5 * s))
        d.rounded_rectangle(_box(x + 6, 40, x + 12, 58, s), radius=round(3 * s), fill=c)


def _screen(width: int, height: int, stand: bool) -> Callable[[Draw, float, Colour], None]:
    def draw(d: Draw, s: float, c: Colour) -> None:
        left, top = 50 - width / 2, 46 - height / 2
        d.rounded_rectangle(_box(left, top, left + width, top + height, s), radius=round(4 * s),
                            fill=c, outline=_edge(c), width=round(1.5 * s))  # fmt: skip
        d.rectangle(_box(left + 6, top + 6, left + width - 6, top + height - 6, s),
                    fill=(34, 40, 52))  # fmt: skip
        if stand:
            d.polygon([_pt(44, top + height, s), _pt(56, top + height, s), _pt(62, 88, s),
                       _pt(38, 88, s)], fill=c)  # fmt: skip

    draw.__name__ = "_screen"
    return draw


def _laptop(d: Draw, s: float, c: Colour) -> None:
    _screen(64, 40, False)(d, s, c)
    d.polygon([_pt(12, 70, s), _pt(88, 70, s), _pt(96, 80, s), _pt(4, 80, s)], fill=c,
              outline=_edge(c))  # fmt: skip


def _keyboard(d: Draw, s: float, c: Colour) -> None:
    d.rounded_rectangle(_box(8, 36, 92, 68, s), radius=round(5 * s), fill=c, outline=_edge(c))
    for row in range(3):
        for col in range(9):
            x, y = 13 + col * 8.6, 41 + row * 8.6
            d.rounded_rectangle(_box(x, y, x + 6.5, y + 6.5, s), radius=round(1.5 * s),
                                fill=_shade(c, 0.8))  # fmt: skip


def _mouse(d: Draw, s: float, c: Colour) -> None:
    d.ellipse(_box(30, 18, 70, 84, s), fill=c, outline=_edge(c), width=round(1.5 * s))
    d.line([_pt(50, 20, s), _pt(50, 44, s)], fill=_edge(c), width=round(1.5 * s))


def _camera(d: Draw, s: float, c: Colour) -> None:
    d.rounded_rectangle(_box(14, 34, 86, 78, s), radius=round(7 * s), fill=c, outline=_edge(c))
    d.rectangle(_box(26, 26, 44, 36, s), fill=_shade(c, 0.8))
    d.ellipse(_box(36, 38, 72, 74, s), fill=(40, 44, 52), outline=_edge(c), width=round(3 * s))
    d.ellipse(_box(46, 48, 62, 64, s), fill=(90, 110, 140))


def _speaker(d: Draw, s: float, c: Colour) -> None:
    d.rounded_rectangle(_box(28, 16, 72, 86, s), radius=round(10 * s), fill=c, outline=_edge(c))
    for y, r in ((34, 9), (62, 14)):
        d.ellipse(_box(50 - r, y - r, 50 + r, y + r, s), fill=_shade(c, 0.7))


def _soundbar(d: Draw, s: float, c: Colour) -> None:
    d.rounded_rectangle(_box(4, 42, 96, 60, s), radius=round(8 * s), fill=c, outline=_edge(c))
    for x in range(12, 90, 6):
        d.ellipse(_box(x, 49, x + 3, 52, s), fill=_shade(c, 0.7))


def _top(d: Draw, s: float, c: Colour) -> None:
    body = [(34, 14), (44, 18), (56, 18), (66, 14), (90, 28), (82, 44), (72, 38), (72, 88),
            (28, 88), (28, 38), (18, 44), (10, 28)]  # fmt: skip
    d.polygon([_pt(x, y, s) for x, y in body], fill=c, outline=_edge(c), width=round(1.5 * s))
    d.arc(_box(42, 10, 58, 24, s), 0, 180, fill=_edge(c), width=round(1.5 * s))


def _dress(d: Draw, s: float, c: Colour) -> None:
    body = [(38, 10), (62, 10), (64, 40), (84, 90), (16, 90), (36, 40)]
    d.polygon([_pt(x, y, s) for x, y in body], fill=c, outline=_edge(c), width=round(1.5 * s))
    d.line([_pt(36, 40, s), _pt(64, 40, s)], fill=_edge(c), width=round(2 * s))


def _trousers(d: Draw, s: float, c: Colour) -> None:
    legs = [(28, 10), (72, 10), (78, 90), (56, 90), (50, 36), (44, 90), (22, 90)]
    d.polygon([_pt(x, y, s) for x, y in legs], fill=c, outline=_edge(c), width=round(1.5 * s))
    d.line([_pt(28, 18, s), _pt(72, 18, s)], fill=_edge(c), width=round(1.5 * s))


def _shoe(d: Draw, s: float, c: Colour) -> None:
    upper = [(12, 60), (14, 36), (34, 34), (48, 48), (78, 56), (92, 66), (92, 74), (12, 74)]
    d.polygon([_pt(x, y, s) for x, y in upper], fill=c, outline=_edge(c), width=round(1.5 * s))
    d.rectangle(_box(12, 74, 92, 80, s), fill=(236, 234, 228), outline=_edge(c))


def _boot(d: Draw, s: float, c: Colour) -> None:
    upper = [(22, 12), (50, 12), (50, 56), (84, 64), (90, 74), (22, 74)]
    d.polygon([_pt(x, y, s) for x, y in upper], fill=c, outline=_edge(c), width=round(1.5 * s))
    d.rectangle(_box(22, 74, 90, 82, s), fill=_shade(c, 0.5))


def _bag(d: Draw, s: float, c: Colour) -> None:
    d.arc(_box(32, 12, 68, 48, s), 180, 360, fill=_shade(c, 0.75), width=round(5 * s))
    d.rounded_rectangle(_box(18, 30, 82, 88, s), radius=round(8 * s), fill=c, outline=_edge(c))


def _backpack(d: Draw, s: float, c: Colour) -> None:
    d.rounded_rectangle(_box(24, 16, 76, 90, s), radius=round(18 * s), fill=c, outline=_edge(c))
    d.rounded_rectangle(_box(32, 56, 68, 82, s), radius=round(6 * s), fill=_shade(c, 0.82))
    d.arc(_box(38, 6, 62, 26, s), 180, 360, fill=_shade(c, 0.7), width=round(4 * s))


def _scarf(d: Draw, s: float, c: Colour) -> None:
    d.rounded_rectangle(_box(26, 10, 50, 90, s), radius=round(6 * s), fill=c, outline=_edge(c))
    d.rounded_rectangle(_box(46, 24, 70, 84, s), radius=round(6 * s), fill=_shade(c, 0.85))
    for x in range(28, 50, 5):
        d.line([_pt(x, 90, s), _pt(x, 96, s)], fill=c, width=round(2 * s))


def _folded(d: Draw, s: float, c: Colour) -> None:  # blankets, towels, bedding, pillows
    for i, y in enumerate((60, 44, 28)):
        d.rounded_rectangle(_box(14, y, 86, y + 20, s), radius=round(6 * s),
                            fill=_shade(c, 1 - 0.08 * i), outline=_edge(c))  # fmt: skip


def _book(d: Draw, s: float, c: Colour) -> None:
    d.rectangle(_box(26, 10, 78, 88, s), fill=c, outline=_edge(c), width=round(1.5 * s))
    d.rectangle(_box(26, 10, 34, 88, s), fill=_shade(c, 0.7))
    d.rectangle(_box(42, 24, 70, 34, s), fill=_shade(c, 1.4))


def _bottle(d: Draw, s: float, c: Colour) -> None:
    d.rectangle(_box(44, 10, 56, 24, s), fill=(60, 60, 66))
    d.rounded_rectangle(_box(30, 24, 70, 90, s), radius=round(10 * s), fill=c, outline=_edge(c))
    d.rectangle(_box(36, 46, 64, 66, s), fill=_shade(c, 1.45))


def _pan(d: Draw, s: float, c: Colour) -> None:
    d.ellipse(_box(8, 36, 66, 78, s), fill=c, outline=_edge(c), width=round(2 * s))
    d.ellipse(_box(16, 42, 58, 72, s), fill=_shade(c, 0.75))
    d.rounded_rectangle(_box(62, 52, 96, 60, s), radius=round(3 * s), fill=(50, 50, 54))


def _appliance(d: Draw, s: float, c: Colour) -> None:  # kettles, blenders, toasters
    d.rounded_rectangle(_box(28, 22, 70, 84, s), radius=round(10 * s), fill=c, outline=_edge(c))
    d.arc(_box(58, 34, 86, 70, s), 270, 90, fill=_shade(c, 0.7), width=round(5 * s))
    d.rectangle(_box(24, 82, 74, 90, s), fill=(50, 50, 54))


def _lamp(d: Draw, s: float, c: Colour) -> None:
    d.polygon([_pt(30, 14, s), _pt(70, 14, s), _pt(82, 46, s), _pt(18, 46, s)], fill=c,
              outline=_edge(c))  # fmt: skip
    d.rectangle(_box(48, 46, 52, 82, s), fill=(90, 90, 96))
    d.ellipse(_box(32, 80, 68, 90, s), fill=(90, 90, 96))


def _candle(d: Draw, s: float, c: Colour) -> None:
    d.rounded_rectangle(_box(30, 34, 70, 88, s), radius=round(6 * s), fill=c, outline=_edge(c))
    d.ellipse(_box(46, 16, 54, 30, s), fill=(250, 190, 60))


def _planter(d: Draw, s: float, c: Colour) -> None:
    for dx, dy in ((-12, -4), (12, -4), (0, -14)):
        d.ellipse(_box(38 + dx, 18 + dy, 62 + dx, 42 + dy, s), fill=(70, 140, 80))
    d.polygon([_pt(24, 44, s), _pt(76, 44, s), _pt(68, 88, s), _pt(32, 88, s)], fill=c,
              outline=_edge(c))  # fmt: skip


def _furniture(d: Draw, s: float, c: Colour) -> None:
    d.rectangle(_box(14, 26, 86, 44, s), fill=c, outline=_edge(c))
    d.rectangle(_box(10, 50, 90, 60, s), fill=c, outline=_edge(c))
    for x in (16, 78):
        d.rectangle(_box(x, 60, x + 6, 86, s), fill=_shade(c, 0.7))


def _parasol(d: Draw, s: float, c: Colour) -> None:
    d.chord(_box(8, 14, 92, 70, s), 180, 360, fill=c, outline=_edge(c))
    d.rectangle(_box(48, 40, 52, 90, s), fill=(90, 90, 96))


def _tent(d: Draw, s: float, c: Colour) -> None:
    d.polygon([_pt(50, 14, s), _pt(92, 84, s), _pt(8, 84, s)], fill=c, outline=_edge(c))
    d.polygon([_pt(50, 40, s), _pt(62, 84, s), _pt(38, 84, s)], fill=_shade(c, 0.6))


def _helmet(d: Draw, s: float, c: Colour) -> None:
    d.chord(_box(14, 24, 86, 96, s), 180, 360, fill=c, outline=_edge(c))
    for x in (34, 50, 66):
        d.rectangle(_box(x - 3, 30, x + 3, 56, s), fill=_shade(c, 0.7))


def _watch(d: Draw, s: float, c: Colour) -> None:
    d.rounded_rectangle(_box(38, 8, 62, 92, s), radius=round(8 * s), fill=_shade(c, 0.8))
    d.rounded_rectangle(_box(28, 30, 72, 70, s), radius=round(10 * s), fill=c, outline=_edge(c))
    d.rounded_rectangle(_box(33, 35, 67, 65, s), radius=round(7 * s), fill=(30, 36, 46))


def _dumbbell(d: Draw, s: float, c: Colour) -> None:
    d.rectangle(_box(20, 46, 80, 54, s), fill=(120, 120, 126))
    for x in (10, 70):
        d.rounded_rectangle(_box(x, 30, x + 20, 70, s), radius=round(4 * s), fill=c,
                            outline=_edge(c))  # fmt: skip


def _mat(d: Draw, s: float, c: Colour) -> None:  # yoga mats, foam rollers, bands
    d.rounded_rectangle(_box(10, 58, 70, 78, s), radius=round(4 * s), fill=_shade(c, 0.85))
    d.ellipse(_box(58, 40, 92, 78, s), fill=c, outline=_edge(c), width=round(2 * s))
    d.ellipse(_box(68, 50, 82, 68, s), fill=_shade(c, 0.7))


def _blocks(d: Draw, s: float, c: Colour) -> None:  # toys, games and puzzles: a stack of boxes
    for x, y, w in ((14, 58, 34), (50, 58, 34), (32, 26, 34)):
        d.rounded_rectangle(_box(x, y, x + w, y + 30, s), radius=round(4 * s), fill=c,
                            outline=_edge(c), width=round(1.5 * s))  # fmt: skip


def _scooter(d: Draw, s: float, c: Colour) -> None:
    d.line([_pt(70, 14, s), _pt(76, 76, s)], fill=c, width=round(5 * s))
    d.line([_pt(22, 76, s), _pt(76, 76, s)], fill=c, width=round(7 * s))
    d.line([_pt(62, 14, s), _pt(80, 14, s)], fill=(50, 50, 54), width=round(4 * s))
    for x in (22, 76):
        d.ellipse(_box(x - 9, 76, x + 9, 94, s), fill=(50, 50, 54))


def _kite(d: Draw, s: float, c: Colour) -> None:
    d.polygon([_pt(50, 8, s), _pt(82, 40, s), _pt(50, 80, s), _pt(18, 40, s)], fill=c,
              outline=_edge(c))  # fmt: skip
    d.line([_pt(50, 80, s), _pt(60, 96, s)], fill=_edge(c), width=round(1.5 * s))


def _tripod(d: Draw, s: float, c: Colour) -> None:
    d.rounded_rectangle(_box(36, 10, 64, 24, s), radius=round(3 * s), fill=c, outline=_edge(c))
    for x in (18, 50, 82):
        d.line([_pt(50, 24, s), _pt(x, 90, s)], fill=c, width=round(4 * s))


def _tool(d: Draw, s: float, c: Colour) -> None:  # shears, spades, trimmers, poles, knives
    d.rounded_rectangle(_box(44, 8, 56, 50, s), radius=round(4 * s), fill=(70, 60, 50))
    d.polygon([_pt(36, 50, s), _pt(64, 50, s), _pt(60, 88, s), _pt(50, 94, s), _pt(40, 88, s)],
              fill=c, outline=_edge(c))  # fmt: skip


def _generic(d: Draw, s: float, c: Colour) -> None:
    d.rounded_rectangle(_box(20, 24, 80, 84, s), radius=round(8 * s), fill=c, outline=_edge(c))
    d.rectangle(_box(20, 44, 80, 50, s), fill=_shade(c, 0.75))


# The first keyword found in a type's noun (lower case) picks its silhouette.
SILHOUETTES: tuple[tuple[str, Callable[[Draw, float, Colour], None]], ...] = (
    ("headphone", _headphones), ("earbud", _earbuds), ("soundbar", _soundbar),
    ("speaker", _speaker), ("laptop", _laptop), ("keyboard", _keyboard), ("mouse", _mouse),
    ("monitor", _screen(76, 46, True)), ("tablet", _screen(52, 68, False)),
    ("phone case", _screen(30, 58, False)), ("smartphone", _screen(34, 64, False)),
    ("power bank", _screen(30, 50, False)), ("tripod", _tripod), ("camera", _camera),
    ("casserole", _pan), ("saucepan", _pan), ("pan", _pan), ("knife", _tool),
    ("espresso", _appliance), ("kettle", _appliance), ("blender", _appliance),
    ("toaster", _appliance), ("lamp", _lamp), ("candle", _candle), ("mirror", _mouse),
    ("blanket", _folded), ("duvet", _folded), ("towel", _folded), ("pillow", _folded),
    ("backpack", _backpack), ("tent", _tent), ("sleeping bag", _folded), ("poles", _tool),
    ("yoga", _mat), ("roller", _mat), ("bands", _mat), ("dumbbell", _dumbbell),
    ("helmet", _helmet), ("light set", _lamp), ("watch", _watch), ("dress", _dress),
    ("jeans", _trousers), ("trousers", _trousers), ("boots", _boot), ("shoes", _shoe),
    ("sneakers", _shoe), ("loafers", _shoe), ("jersey", _top), ("jacket", _top),
    ("shirt", _top), ("blouse", _top), ("sweater", _top), ("cardigan", _top),
    ("scarf", _scarf), ("tote", _bag), ("belt", _scarf), ("bag", _bag),
    ("novel", _book), ("book", _book), ("biography", _book), ("science", _book),
    ("history", _book), ("adventure", _book), ("serum", _bottle), ("moisturiser", _bottle),
    ("cleanser", _bottle), ("sunscreen", _bottle), ("shampoo", _bottle), ("mask", _bottle),
    ("parfum", _bottle), ("toilette", _bottle), ("mist", _bottle), ("dryer", _appliance),
    ("game", _blocks), ("puzzle", _blocks), ("block", _blocks), ("marble", _blocks),
    ("tiles", _blocks), ("scooter", _scooter), ("kite", _kite), ("shears", _tool),
    ("spade", _tool), ("trimmer", _tool), ("hose", _pan), ("planter", _planter),
    ("garden bed", _planter), ("basket", _planter), ("bench", _furniture),
    ("bistro", _furniture), ("lounger", _furniture), ("parasol", _parasol),
)  # fmt: skip


def _drawer(kind: str) -> Callable[[Draw, float, Colour], None]:
    key = kind.lower()
    return next((draw for word, draw in SILHOUETTES if word in key), _generic)


def silhouette_for(kind: str) -> str:
    """The silhouette's name for a type noun ("generic" when none fits)."""
    return _drawer(kind).__name__.lstrip("_")


def render_product_illustration(*, kind: str, colour: str | None, size: int = 480) -> bytes:
    """The kind of product (a type noun) in its colour, encoded as WEBP (PNG without WEBP)."""
    return encode(illustration(kind=kind, colour=colour, size=size))


def illustration(
    *,
    kind: str,
    colour: str | None,
    size: int = 480,
    background: Colour = BACKGROUND,
    angle: float = 0.0,
    zoom: float = 1.0,
) -> Image.Image:
    """The picture itself (RGB, ``size`` square): the silhouette on ``background``, turned by
    ``angle`` degrees and enlarged ``zoom`` times about its centre (other views of it)."""
    scale = 2  # drawn at twice the size and reduced: smooth edges without anti-aliasing
    canvas = size * scale
    drawn = round(canvas * zoom)
    image = Image.new("RGB", (drawn, drawn), background)
    draw = ImageDraw.Draw(image)
    shadow = _shade(background, 0.93)
    draw.ellipse(_box(18, 86, 82, 94, drawn / 100), fill=shadow)  # the floor's shadow
    art = Image.new("RGBA", (drawn, drawn), (0, 0, 0, 0))
    stripes = STRIPES.get((colour or "").strip().lower())
    fill = stripes[0] if stripes else colour_for(colour)
    _drawer(kind)(ImageDraw.Draw(art), drawn / 100, fill)
    if stripes:
        art = _striped(art, stripes)
    if angle:
        art = art.rotate(angle, Image.Resampling.BILINEAR, center=(drawn / 2, drawn * 0.55))
    image.paste(art, (0, 0), art)
    if drawn != canvas:  # the middle of the enlarged picture, a little above the floor
        left, top = (drawn - canvas) // 2, round((drawn - canvas) * 0.45)
        image = image.crop((left, top, left + canvas, top + canvas))
    return image.reduce(scale)  # the mean of each 2 x 2 block: as smooth, and quicker


def _striped(art: Image.Image, stripes: tuple[Colour, ...]) -> Image.Image:
    """The silhouette's shape filled with diagonal bands of ``stripes``."""
    bands = Image.new("RGBA", art.size)
    draw = ImageDraw.Draw(bands)
    width = art.width // 10
    for i, x in enumerate(range(-art.width, art.width * 2, width)):
        colour = stripes[i % len(stripes)]
        draw.polygon([(x, 0), (x + width, 0), (x + width - art.width, art.height),
                      (x - art.width, art.height)], fill=(*colour, 255))  # fmt: skip
    bands.putalpha(art.getchannel("A"))
    return bands


def _box(x0: float, y0: float, x1: float, y1: float, s: float) -> tuple[int, int, int, int]:
    return (round(x0 * s), round(y0 * s), round(x1 * s), round(y1 * s))


def _pt(x: float, y: float, s: float) -> tuple[int, int]:
    return (round(x * s), round(y * s))
