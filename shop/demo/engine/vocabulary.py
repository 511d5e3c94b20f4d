"""Word tables for the demo shop: departments, product types, brands, people, places, reviews.

Kept apart from the generation logic so the shop's flavour can be edited without touching the
simulation. Product types carry real attributes and feature phrases because the content-based
recommender relies on descriptions that share vocabulary with related items, and brands carry a
price tier because hidden taste profiles prefer a price band and brand at once.
"""

from __future__ import annotations

from dataclasses import dataclass

from .specs import PriceBand


@dataclass(frozen=True, slots=True)
class Attribute:
    """A variant axis shown in titles and descriptions, such as colour or capacity."""

    name: str
    values: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ProductType:
    """A kind of product sold in one leaf category.

    ``features`` and ``uses`` are phrases reused in descriptions and reviews; ``title_patterns``
    and ``words`` are only set for books, whose titles are invented rather than model names.
    """

    noun: str
    price_range: tuple[float, float]
    attributes: tuple[Attribute, ...]
    features: tuple[str, ...]
    uses: tuple[str, ...]
    title_patterns: tuple[str, ...] = ()
    words: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Brand:
    """A brand and its price tier: 0 budget, 1 mid-range, 2 premium."""

    name: str
    tier: int


@dataclass(frozen=True, slots=True)
class Leaf:
    """A leaf category; ``weight`` is its relative share of the catalogue."""

    slug: str
    name: str
    description: str
    weight: float
    types: tuple[ProductType, ...]


@dataclass(frozen=True, slots=True)
class Department:
    """A top-level category with its brands, model series and image style.

    ``books`` switches titles from "brand series noun" to invented works with an author.
    """

    slug: str
    name: str
    code: str
    description: str
    motif: str
    palette: tuple[tuple[int, int, int], tuple[int, int, int]]
    brands: tuple[Brand, ...]
    series: tuple[str, ...]
    numbered: bool
    leaves: tuple[Leaf, ...]
    books: bool = False


@dataclass(frozen=True, slots=True)
class Country:
    """Names and address formats for one country, so addresses look locally plausible.

    In ``postcode`` patterns ``#`` is a digit and ``@`` an upper-case letter; ``street_format``
    takes ``{street}`` and ``{number}``.
    """

    code: str
    weight: float
    first_names: tuple[str, ...]
    last_names: tuple[str, ...]
    cities: tuple[tuple[str, str], ...]
    streets: tuple[str, ...]
    street_format: str
    phone_prefix: str


def _attr(name: str, *values: str) -> Attribute:
    return Attribute(name, values)


def _type(
    noun: str,
    low: float,
    high: float,
    attributes: tuple[Attribute, ...],
    features: tuple[str, ...],
    uses: tuple[str, ...],
) -> ProductType:
    return ProductType(noun, (low, high), attributes, features, uses)


def _book(
    noun: str,
    low: float,
    high: float,
    features: tuple[str, ...],
    patterns: tuple[str, ...],
    words: tuple[str, ...],
) -> ProductType:
    return ProductType(
        noun, (low, high), (BOOK_FORMAT, BOOK_LANGUAGE), features, (), patterns, words
    )


TECH_COLOUR = _attr(
    "colour",
    "Midnight Black",
    "Arctic White",
    "Graphite",
    "Silver",
    "Ocean Blue",
    "Sage Green",
    "Rose Gold",
    "Sand Beige",
)
HOME_COLOUR = _attr(
    "colour",
    "Charcoal",
    "Cream",
    "Terracotta",
    "Sage",
    "Navy",
    "Mustard",
    "Dusty Pink",
    "Stone Grey",
    "Forest Green",
    "Ivory",
)
FASHION_COLOUR = _attr(
    "colour",
    "Black",
    "Navy",
    "Camel",
    "Olive",
    "Burgundy",
    "Off-White",
    "Heather Grey",
    "Rust",
    "Cobalt",
    "Blush",
)
SPORT_COLOUR = _attr(
    "colour",
    "Black",
    "Volt Yellow",
    "Glacier Blue",
    "Fire Red",
    "Slate",
    "Moss Green",
    "Sunset Orange",
)
TOY_COLOUR = _attr("colour", "Rainbow", "Primary Colours", "Pastel", "Ocean Blue", "Jungle Green")
CLOTHING_SIZE = _attr("size", "XS", "S", "M", "L", "XL")
SHOE_SIZE = _attr("size", "EU 37", "EU 38", "EU 39", "EU 40", "EU 41", "EU 42", "EU 43", "EU 44")
BOOK_FORMAT = _attr("format", "Paperback", "Hardcover", "Large Print")
BOOK_LANGUAGE = _attr("language", "English", "German", "French", "Spanish")
SKIN_TYPE = _attr("skin type", "all skin types", "dry skin", "oily skin", "sensitive skin")
VOLUME_SMALL = _attr("volume", "30 ml", "50 ml", "100 ml")
VOLUME_LARGE = _attr("volume", "250 ml", "400 ml", "500 ml")

ELECTRONICS = Department(
    slug="electronics",
    name="Electronics",
    code="ELE",
    description="Headphones, computers, phones and cameras from brands we trust.",
    motif="waves",
    palette=((38, 70, 140), (92, 184, 214)),
    brands=(
        Brand("Voltara", 0),
        Brand("Brightwave", 0),
        Brand("Nexon", 1),
        Brand("Pixelon", 1),
        Brand("Ozmo", 1),
        Brand("Auralis", 2),
        Brand("Kestrel", 2),
        Brand("Sonique", 2),
    ),
    series=("Nova", "Pulse", "Aero", "Vertex", "Echo", "Flux", "Orbit", "Prism", "Zen", "Edge"),
    numbered=True,
    leaves=(
        Leaf(
            "audio-headphones",
            "Audio & Headphones",
            "Headphones, earbuds, speakers and soundbars for music, films and calls.",
            1.2,
            (
                _type(
                    "Wireless Headphones",
                    39,
                    349,
                    (TECH_COLOUR,),
                    (
                        "active noise cancellation",
                        "a 30-hour battery",
                        "memory-foam ear cushions",
                        "multipoint Bluetooth pairing",
                        "a foldable travel design",
                        "USB-C fast charging",
                    ),
                    ("commuting", "long flights", "working from home", "the gym"),
                ),
                _type(
                    "True Wireless Earbuds",
                    25,
                    279,
                    (TECH_COLOUR,),
                    (
                        "a pocketable charging case",
                        "IPX5 sweat resistance",
                        "transparency mode",
                        "touch controls",
                        "wireless charging",
                        "six ear-tip sizes",
                    ),
                    ("running", "commuting", "phone calls", "workouts"),
                ),
                _type(
                    "Bluetooth Speaker",
                    19,
                    399,
                    (TECH_COLOUR, _attr("output", "10 W", "20 W", "40 W", "60 W")),
                    (
                        "360-degree sound",
                        "a waterproof IP67 body",
                        "a 20-hour battery",
                        "stereo pairing",
                        "a built-in microphone",
                        "deep bass",
                    ),
                    ("garden parties", "the beach", "camping trips", "the kitchen"),
                ),
                _type(
                    "Soundbar",
                    79,
                    899,
                    (_attr("channels", "2.0", "2.1", "3.1", "5.1"), TECH_COLOUR),
                    (
                        "Dolby Atmos support",
                        "a wireless subwoofer",
                        "HDMI eARC",
                        "clear dialogue enhancement",
                        "Wi-Fi streaming",
                        "a night mode",
                    ),
                    ("film nights", "sports broadcasts", "small living rooms", "gaming"),
                ),
            ),
        ),
        Leaf(
            "laptops-computing",
            "Laptops & Computing",
            "Laptops, monitors, keyboards and mice for work and play.",
            1.1,
            (
                _type(
                    "Laptop",
                    399,
                    2499,
                    (
                        _attr("screen", '13.3"', '14"', '15.6"', '16"'),
                        _attr("memory", "8 GB RAM", "16 GB RAM", "32 GB RAM"),
                        _attr("storage", "256 GB SSD", "512 GB SSD", "1 TB SSD"),
                    ),
                    (
                        "an aluminium unibody",
                        "an all-day battery",
                        "a backlit keyboard",
                        "a high-resolution IPS display",
                        "Wi-Fi 6E",
                        "a 1080p webcam",
                    ),
                    ("students", "remote work", "photo editing", "travel"),
                ),
                _type(
                    "Mechanical Keyboard",
                    39,
                    229,
                    (
                        _attr("switches", "red switches", "brown switches", "blue switches"),
                        _attr("layout", "full-size", "tenkeyless", "75%"),
                        TECH_COLOUR,
                    ),
                    (
                        "hot-swappable switches",
                        "RGB backlighting",
                        "PBT keycaps",
                        "a detachable USB-C cable",
                        "a gasket-mounted plate",
                    ),
                    ("programming", "gaming", "long writing sessions", "the office"),
                ),
                _type(
                    "Wireless Mouse",
                    12,
                    129,
                    (TECH_COLOUR,),
                    (
                        "an ergonomic shape",
                        "silent clicks",
                        "a high-precision sensor",
                        "a rechargeable battery",
                        "programmable buttons",
                    ),
                    ("the office", "gaming", "travel", "design work"),
                ),
                _type(
                    "Monitor",
                    129,
                    999,
                    (_attr("screen", '24"', '27"', '32"', '34" ultrawide'),),
                    (
                        "a 4K IPS panel",
                        "a 144 Hz refresh rate",
                        "USB-C power delivery",
                        "a height-adjustable stand",
                        "factory colour calibration",
                        "HDR support",
                    ),
                    ("photo editing", "gaming", "home offices", "spreadsheets"),
                ),
            ),
        ),
        Leaf(
            "phones-tablets",
            "Phones & Tablets",
            "Smartphones, tablets and the accessories that keep them going.",
            1.0,
            (
                _type(
                    "Smartphone",
                    149,
                    1299,
                    (TECH_COLOUR, _attr("storage", "128 GB", "256 GB", "512 GB")),
                    (
                        "a triple-lens camera",
                        "an OLED display",
                        "5G connectivity",
                        "a two-day battery",
                        "wireless charging",
                        "five years of updates",
                    ),
                    ("photography", "everyday use", "travel", "mobile gaming"),
                ),
                _type(
                    "Tablet",
                    129,
                    1099,
                    (
                        TECH_COLOUR,
                        _attr("screen", '8.7"', '10.9"', '12.4"'),
                        _attr("storage", "64 GB", "128 GB", "256 GB"),
                    ),
                    (
                        "stylus support",
                        "quad speakers",
                        "a laminated display",
                        "a keyboard cover connector",
                        "a 12-hour battery",
                    ),
                    ("reading", "drawing", "streaming films", "note-taking"),
                ),
                _type(
                    "Phone Case",
                    9,
                    49,
                    (TECH_COLOUR, _attr("material", "silicone", "leather", "recycled plastic")),
                    (
                        "raised camera protection",
                        "MagSafe-compatible magnets",
                        "a soft microfibre lining",
                        "drop protection to two metres",
                    ),
                    ("everyday protection", "outdoor adventures", "gifting"),
                ),
                _type(
                    "Power Bank",
                    15,
                    89,
                    (_attr("capacity", "10,000 mAh", "20,000 mAh", "26,800 mAh"), TECH_COLOUR),
                    (
                        "65 W USB-C output",
                        "pass-through charging",
                        "an LED charge indicator",
                        "two-device charging",
                    ),
                    ("travel", "festivals", "long commutes", "camping trips"),
                ),
            ),
        ),
        Leaf(
            "cameras-photo",
            "Cameras & Photo",
            "Cameras, action cams and tripods for keen photographers.",
            0.7,
            (
                _type(
                    "Mirrorless Camera",
                    449,
                    2999,
                    (_attr("kit", "body only", "with 18-55 mm lens", "with 24-105 mm lens"),),
                    (
                        "a 26-megapixel sensor",
                        "in-body image stabilisation",
                        "4K video",
                        "fast eye-tracking autofocus",
                        "a weather-sealed body",
                    ),
                    ("travel photography", "portraits", "vlogging", "wildlife"),
                ),
                _type(
                    "Action Camera",
                    99,
                    499,
                    (TECH_COLOUR,),
                    (
                        "5.3K video",
                        "horizon levelling",
                        "a waterproof housing",
                        "a front-facing screen",
                        "voice control",
                    ),
                    ("cycling", "surfing", "skiing", "hiking"),
                ),
                _type(
                    "Camera Tripod",
                    19,
                    199,
                    (_attr("material", "aluminium", "carbon fibre"),),
                    (
                        "a ball head",
                        "quick-release plates",
                        "twist-lock legs",
                        "a reversible centre column",
                    ),
                    ("landscape photography", "long exposures", "vlogging", "travel"),
                ),
            ),
        ),
    ),
)

HOME = Department(
    slug="home-kitchen",
    name="Home & Kitchen",
    code="HOM",
    description="Cookware, appliances and soft furnishings to make a house a home.",
    motif="tiles",
    palette=((196, 98, 62), (244, 206, 160)),
    brands=(
        Brand("Homefield", 0),
        Brand("Kitchora", 0),
        Brand("Hearthwell", 1),
        Brand("Tavola", 1),
        Brand("Casa Verde", 1),
        Brand("Nordholm", 2),
        Brand("Maison Lumen", 2),
        Brand("Cuprum", 2),
    ),
    series=("Alba", "Linnea", "Rustica", "Oslo", "Provence", "Loft", "Harbour", "Meadow"),
    numbered=False,
    leaves=(
        Leaf(
            "cookware",
            "Cookware",
            "Pans, pots and knives for cooks of every level.",
            1.0,
            (
                _type(
                    "Frying Pan",
                    19,
                    179,
                    (
                        _attr("material", "stainless steel", "cast iron", "carbon steel"),
                        _attr("diameter", "20 cm", "24 cm", "28 cm"),
                    ),
                    (
                        "an induction-ready base",
                        "a PFAS-free non-stick coating",
                        "a riveted stay-cool handle",
                        "oven-safe construction",
                    ),
                    ("weeknight dinners", "searing steaks", "breakfast eggs"),
                ),
                _type(
                    "Cast Iron Casserole",
                    49,
                    329,
                    (HOME_COLOUR, _attr("capacity", "2.4 l", "3.8 l", "5.3 l")),
                    (
                        "enamelled cast iron",
                        "a self-basting lid",
                        "even heat retention",
                        "a lifetime guarantee",
                    ),
                    ("slow-cooked stews", "baking bread", "Sunday roasts"),
                ),
                _type(
                    "Chef's Knife",
                    19,
                    249,
                    (
                        _attr("blade", "18 cm", "20 cm", "23 cm"),
                        _attr("steel", "German steel", "Damascus steel", "Japanese VG-10 steel"),
                    ),
                    (
                        "a full-tang blade",
                        "a hand-honed edge",
                        "an olive-wood handle",
                        "a protective blade guard",
                    ),
                    ("chopping vegetables", "carving", "everyday prep"),
                ),
                _type(
                    "Saucepan Set",
                    39,
                    299,
                    (_attr("pieces", "3-piece", "5-piece"), _attr("material", "stainless steel")),
                    (
                        "glass lids",
                        "pouring lips",
                        "measuring marks inside",
                        "dishwasher-safe construction",
                    ),
                    ("family cooking", "first homes", "sauces and soups"),
                ),
            ),
        ),
        Leaf(
            "small-appliances",
            "Small Appliances",
            "Coffee machines, kettles, blenders and toasters for the countertop.",
            1.0,
            (
                _type(
                    "Espresso Machine",
                    79,
                    1199,
                    (TECH_COLOUR,),
                    (
                        "a 15-bar pump",
                        "a steam wand for milk foam",
                        "a built-in grinder",
                        "PID temperature control",
                        "a removable water tank",
                    ),
                    ("morning coffee", "latte art", "home baristas"),
                ),
                _type(
                    "Electric Kettle",
                    19,
                    149,
                    (HOME_COLOUR, _attr("capacity", "1.0 l", "1.5 l", "1.7 l")),
                    (
                        "variable temperature settings",
                        "a keep-warm function",
                        "a limescale filter",
                        "a rapid boil element",
                    ),
                    ("tea lovers", "pour-over coffee", "busy kitchens"),
                ),
                _type(
                    "Blender",
                    29,
                    399,
                    (TECH_COLOUR, _attr("power", "600 W", "1000 W", "1500 W")),
                    (
                        "a glass jug",
                        "a pulse function",
                        "stainless steel blades",
                        "a smoothie programme",
                    ),
                    ("smoothies", "soups", "nut butters"),
                ),
                _type(
                    "Toaster",
                    19,
                    179,
                    (HOME_COLOUR, _attr("slots", "2-slice", "4-slice")),
                    (
                        "extra-wide slots",
                        "a defrost setting",
                        "a bagel mode",
                        "a removable crumb tray",
                    ),
                    ("family breakfasts", "small kitchens"),
                ),
            ),
        ),
        Leaf(
            "home-decor",
            "Home Décor",
            "Lamps, throws, candles and mirrors that add character to a room.",
            0.9,
            (
                _type(
                    "Table Lamp",
                    19,
                    249,
                    (HOME_COLOUR, _attr("material", "ceramic", "brass", "rattan", "oak")),
                    (
                        "a linen shade",
                        "a dimmable LED bulb",
                        "a braided fabric cable",
                        "a weighted base",
                    ),
                    ("bedside tables", "reading corners", "home offices"),
                ),
                _type(
                    "Throw Blanket",
                    19,
                    149,
                    (HOME_COLOUR, _attr("material", "wool", "cotton", "faux fur", "cashmere")),
                    (
                        "a herringbone weave",
                        "fringed edges",
                        "a generous 130 x 170 cm size",
                        "machine-washable fabric",
                    ),
                    ("cosy evenings", "the sofa", "guest rooms"),
                ),
                _type(
                    "Scented Candle",
                    7,
                    49,
                    (_attr("scent", "fig and cedar", "sea salt", "lavender", "amber and vanilla"),),
                    (
                        "a soy wax blend",
                        "a 50-hour burn time",
                        "a cotton wick",
                        "a reusable glass jar",
                    ),
                    ("relaxing baths", "gifting", "dinner parties"),
                ),
                _type(
                    "Wall Mirror",
                    29,
                    299,
                    (_attr("frame", "oak frame", "brass frame", "black metal frame", "frameless"),),
                    (
                        "bevelled glass",
                        "an arched silhouette",
                        "hanging hardware included",
                        "a slim profile",
                    ),
                    ("hallways", "bathrooms", "small living rooms"),
                ),
            ),
        ),
        Leaf(
            "bedding-bath",
            "Bedding & Bath",
            "Duvet covers, towels and pillows for better sleep and softer mornings.",
            0.8,
            (
                _type(
                    "Duvet Cover Set",
                    29,
                    199,
                    (
                        HOME_COLOUR,
                        _attr("size", "single", "double", "king"),
                        _attr("material", "linen", "cotton sateen", "percale"),
                    ),
                    (
                        "hidden button fastening",
                        "matching pillowcases",
                        "stonewashed softness",
                        "OEKO-TEX certified fabric",
                    ),
                    ("warm summer nights", "guest rooms", "everyday sleep"),
                ),
                _type(
                    "Bath Towel Set",
                    15,
                    119,
                    (HOME_COLOUR, _attr("weight", "500 gsm", "650 gsm", "800 gsm")),
                    (
                        "long-staple cotton loops",
                        "quick-drying waffle weave",
                        "hanging loops",
                        "a plush hand feel",
                    ),
                    ("family bathrooms", "spa days", "the gym"),
                ),
                _type(
                    "Pillow",
                    12,
                    99,
                    (_attr("firmness", "soft", "medium", "firm"),),
                    (
                        "a memory-foam core",
                        "a hypoallergenic filling",
                        "a removable washable cover",
                        "cooling gel layers",
                    ),
                    ("side sleepers", "back sleepers", "guest rooms"),
                ),
            ),
        ),
    ),
)

SPORTS = Department(
    slug="sports-outdoors",
    name="Sports & Outdoors",
    code="SPO",
    description="Gear for hiking, cycling, running and training, indoors or out.",
    motif="mountains",
    palette=((34, 102, 78), (150, 214, 160)),
    brands=(
        Brand("Fitmode", 0),
        Brand("Stridex", 0),
        Brand("Trailforge", 1),
        Brand("Kinetiq", 1),
        Brand("Wavecrest", 1),
        Brand("Summitra", 2),
        Brand("Alpenrock", 2),
    ),
    series=("Ridge", "Tempo", "Apex", "Drift", "Boulder", "Fjord", "Sprint", "Canyon", "Glide"),
    numbered=True,
    leaves=(
        Leaf(
            "camping-hiking",
            "Camping & Hiking",
            "Backpacks, tents and sleeping bags for nights under the stars.",
            1.0,
            (
                _type(
                    "Hiking Backpack",
                    39,
                    299,
                    (SPORT_COLOUR, _attr("capacity", "22 l", "35 l", "50 l", "65 l")),
                    (
                        "a ventilated back panel",
                        "an integrated rain cover",
                        "hip-belt pockets",
                        "hydration bladder compatibility",
                    ),
                    ("day hikes", "multi-day treks", "alpine routes"),
                ),
                _type(
                    "Tent",
                    59,
                    699,
                    (_attr("berth", "1-person", "2-person", "3-person", "4-person"),),
                    (
                        "a freestanding frame",
                        "a 3000 mm waterproof flysheet",
                        "two porches",
                        "colour-coded poles",
                        "a packed weight under 2 kg",
                    ),
                    ("wild camping", "festivals", "family campsites"),
                ),
                _type(
                    "Sleeping Bag",
                    29,
                    399,
                    (_attr("fill", "synthetic fill", "duck down", "goose down"),),
                    (
                        "a comfort rating of 0 °C",
                        "a mummy shape",
                        "a draught collar",
                        "a compression sack",
                    ),
                    ("three-season camping", "bikepacking", "mountain huts"),
                ),
                _type(
                    "Trekking Poles",
                    19,
                    149,
                    (_attr("material", "aluminium", "carbon fibre"),),
                    (
                        "flick-lock adjustment",
                        "cork grips",
                        "tungsten tips",
                        "a foldable design",
                    ),
                    ("steep descents", "long-distance trails", "snowshoeing"),
                ),
            ),
        ),
        Leaf(
            "fitness",
            "Fitness",
            "Mats, weights and bands for training at home.",
            1.0,
            (
                _type(
                    "Yoga Mat",
                    12,
                    99,
                    (SPORT_COLOUR, _attr("thickness", "4 mm", "6 mm", "8 mm")),
                    (
                        "a non-slip natural rubber surface",
                        "alignment lines",
                        "a carry strap",
                        "a sweat-resistant top layer",
                    ),
                    ("yoga", "pilates", "stretching"),
                ),
                _type(
                    "Adjustable Dumbbells",
                    49,
                    449,
                    (_attr("weight", "up to 10 kg", "up to 24 kg", "up to 32 kg"),),
                    (
                        "a quick-select dial",
                        "a compact storage tray",
                        "knurled grips",
                        "fifteen weight settings",
                    ),
                    ("home workouts", "strength training", "small flats"),
                ),
                _type(
                    "Resistance Bands",
                    9,
                    49,
                    (_attr("set", "3-band set", "5-band set"),),
                    (
                        "latex-free fabric",
                        "colour-coded resistance levels",
                        "a door anchor",
                        "a mesh carry bag",
                    ),
                    ("physiotherapy", "travel workouts", "warm-ups"),
                ),
                _type(
                    "Foam Roller",
                    12,
                    59,
                    (SPORT_COLOUR, _attr("length", "33 cm", "45 cm", "90 cm")),
                    (
                        "a textured grid surface",
                        "a hollow core",
                        "high-density EVA foam",
                    ),
                    ("recovery", "runners", "mobility work"),
                ),
            ),
        ),
        Leaf(
            "cycling",
            "Cycling",
            "Helmets, lights and clothing for commuters and road riders.",
            0.8,
            (
                _type(
                    "Bike Helmet",
                    29,
                    249,
                    (SPORT_COLOUR, _attr("size", "S", "M", "L")),
                    (
                        "MIPS impact protection",
                        "eighteen air vents",
                        "an integrated rear light",
                        "a magnetic buckle",
                    ),
                    ("commuting", "road cycling", "mountain biking"),
                ),
                _type(
                    "Bike Light Set",
                    15,
                    119,
                    (_attr("brightness", "400 lumens", "800 lumens", "1200 lumens"),),
                    (
                        "USB-C charging",
                        "a daytime flash mode",
                        "tool-free mounting",
                        "a battery indicator",
                    ),
                    ("winter commuting", "night rides", "country lanes"),
                ),
                _type(
                    "Cycling Jersey",
                    29,
                    149,
                    (SPORT_COLOUR, CLOTHING_SIZE),
                    (
                        "three rear pockets",
                        "a full-length zip",
                        "moisture-wicking fabric",
                        "reflective details",
                    ),
                    ("summer rides", "sportives", "club runs"),
                ),
            ),
        ),
        Leaf(
            "running",
            "Running",
            "Shoes, jackets and watches for every distance.",
            0.9,
            (
                _type(
                    "Running Shoes",
                    49,
                    229,
                    (SPORT_COLOUR, SHOE_SIZE),
                    (
                        "a responsive foam midsole",
                        "a breathable knit upper",
                        "a carbon plate",
                        "a grippy rubber outsole",
                        "an 8 mm heel-to-toe drop",
                    ),
                    ("road running", "marathon training", "trail running", "daily jogs"),
                ),
                _type(
                    "Running Jacket",
                    39,
                    199,
                    (SPORT_COLOUR, CLOTHING_SIZE),
                    (
                        "a packable hood",
                        "reflective trims",
                        "a waterproof shell",
                        "laser-cut ventilation",
                    ),
                    ("rainy runs", "winter training", "early mornings"),
                ),
                _type(
                    "GPS Sports Watch",
                    99,
                    699,
                    (SPORT_COLOUR,),
                    (
                        "dual-frequency GPS",
                        "wrist heart-rate monitoring",
                        "a 14-day battery",
                        "training load insights",
                        "offline maps",
                    ),
                    ("marathon training", "triathlons", "trail running"),
                ),
            ),
        ),
    ),
)

BOOK_TITLES = (
    "The {adj} {word}",
    "{word} of {place}",
    "A {word} in {place}",
    "The {word} of {name}",
    "{name} and the {adj} {word}",
)

BOOKS = Department(
    slug="books",
    name="Books",
    code="BOO",
    description="Novels, non-fiction, cookbooks and children's books from independent presses.",
    motif="spines",
    palette=((112, 62, 120), (226, 186, 220)),
    brands=(
        Brand("Pocketfold", 0),
        Brand("Larkspur Press", 1),
        Brand("Meridian Books", 1),
        Brand("Quarto Lane", 1),
        Brand("Halcyon House", 2),
        Brand("Northlight Editions", 2),
    ),
    series=(),
    numbered=False,
    books=True,
    leaves=(
        Leaf(
            "fiction",
            "Fiction",
            "Crime, literary fiction, fantasy and science fiction.",
            1.1,
            (
                _book(
                    "Crime Novel",
                    8,
                    25,
                    (
                        "a detective haunted by an unsolved case",
                        "a small coastal town full of secrets",
                        "a missing painting",
                        "a locked-room mystery",
                        "a twist nobody sees coming",
                    ),
                    BOOK_TITLES,
                    ("Murder", "Alibi", "Witness", "Harbour", "Verdict", "Silence", "Shadow"),
                ),
                _book(
                    "Literary Novel",
                    9,
                    28,
                    (
                        "three generations of one family",
                        "a summer that changes everything",
                        "grief and unexpected friendship",
                        "a life lived between two countries",
                    ),
                    BOOK_TITLES,
                    ("Orchard", "Summer", "Garden", "Letters", "River", "House", "Tides"),
                ),
                _book(
                    "Fantasy Novel",
                    9,
                    30,
                    (
                        "a reluctant heir to a fallen kingdom",
                        "a map that rewrites itself",
                        "dragons, oaths and betrayal",
                        "a school for forbidden magic",
                    ),
                    BOOK_TITLES,
                    ("Crown", "Dragon", "Throne", "Ember", "Spell", "Kingdom", "Blade"),
                ),
                _book(
                    "Science Fiction Novel",
                    9,
                    28,
                    (
                        "a generation ship drifting off course",
                        "first contact gone wrong",
                        "an artificial mind that learns to lie",
                        "a colony on a frozen moon",
                    ),
                    BOOK_TITLES,
                    ("Star", "Signal", "Orbit", "Machine", "Void", "Colony", "Horizon"),
                ),
            ),
        ),
        Leaf(
            "non-fiction",
            "Non-fiction",
            "Biography, history and popular science.",
            0.9,
            (
                _book(
                    "Biography",
                    12,
                    35,
                    (
                        "a pioneering scientist",
                        "an unlikely rise to power",
                        "letters never published before",
                        "a life in music",
                    ),
                    ("The Life of {name}", "{name}: A {adj} Life", "Becoming {name}"),
                    (),
                ),
                _book(
                    "Popular Science",
                    12,
                    32,
                    (
                        "how the brain makes decisions",
                        "the hidden life of forests",
                        "the physics of everyday things",
                        "what the ocean floor remembers",
                    ),
                    ("The {adj} {word}", "Why {word} Matters", "The Science of {word}"),
                    ("Brain", "Forest", "Ocean", "Climate", "Sleep", "Gut", "Universe"),
                ),
                _book(
                    "History Book",
                    12,
                    38,
                    (
                        "medieval trade routes",
                        "the rise and fall of empires",
                        "ordinary lives in wartime",
                        "the cities that shaped Europe",
                    ),
                    ("A History of {place}", "The {adj} {word}", "{word} of {place}"),
                    ("Empire", "Frontier", "Century", "Revolution", "Harbour", "Silk Road"),
                ),
            ),
        ),
        Leaf(
            "cookbooks",
            "Cookbooks",
            "Recipes from around the world for cooks and bakers.",
            0.6,
            (
                _book(
                    "Cookbook",
                    15,
                    45,
                    (
                        "one-pot weeknight dinners",
                        "plant-based Mediterranean cooking",
                        "slow-fermented sourdough",
                        "seasonal recipes from a market garden",
                    ),
                    ("The {adj} Kitchen", "{word} at Home", "Cooking with {word}"),
                    ("Bread", "Vegetables", "Spice", "Pasta", "Fire", "Baking", "Noodles"),
                ),
            ),
        ),
        Leaf(
            "childrens-books",
            "Children's Books",
            "Picture books and adventures for young readers.",
            0.6,
            (
                _book(
                    "Picture Book",
                    7,
                    20,
                    (
                        "a bear who cannot sleep",
                        "friendship and sharing",
                        "bright watercolour illustrations",
                        "a rhyming bedtime story",
                    ),
                    ("The {adj} {word}", "{name} and the {word}", "Where Is {name}?"),
                    ("Bear", "Moon", "Fox", "Balloon", "Dragon", "Owl", "Rocket"),
                ),
                _book(
                    "Middle-Grade Adventure",
                    8,
                    18,
                    (
                        "a secret door in the school library",
                        "a treasure map and a brave team",
                        "a summer of mysteries",
                    ),
                    BOOK_TITLES,
                    ("Treasure", "Island", "Secret", "Map", "Lighthouse", "Quest"),
                ),
            ),
        ),
    ),
)

FASHION = Department(
    slug="fashion",
    name="Fashion",
    code="FAS",
    description="Clothing, shoes and accessories with an eye for fabric and fit.",
    motif="stripes",
    palette=((150, 40, 70), (240, 170, 160)),
    brands=(
        Brand("Basico", 0),
        Brand("Threadline", 0),
        Brand("Urbanfolk", 1),
        Brand("Lumen & Loom", 1),
        Brand("Atelier Nord", 2),
        Brand("Fjellstad", 2),
    ),
    series=("Marlow", "Harlow", "Finch", "Sloane", "Ellis", "Wren", "Arden", "Juniper", "Rowan"),
    numbered=False,
    leaves=(
        Leaf(
            "womens-clothing",
            "Women's Clothing",
            "Dresses, knitwear, denim and blouses.",
            1.1,
            (
                _type(
                    "Wrap Dress",
                    29,
                    189,
                    (FASHION_COLOUR, CLOTHING_SIZE, _attr("material", "viscose", "silk", "jersey")),
                    ("a flattering wrap silhouette", "a midi length", "flutter sleeves"),
                    ("summer weddings", "the office", "evenings out"),
                ),
                _type(
                    "Knit Cardigan",
                    29,
                    219,
                    (
                        FASHION_COLOUR,
                        CLOTHING_SIZE,
                        _attr("material", "merino", "cotton", "alpaca"),
                    ),
                    ("horn buttons", "ribbed cuffs", "a relaxed fit"),
                    ("layering", "chilly evenings", "travel"),
                ),
                _type(
                    "High-Rise Jeans",
                    29,
                    159,
                    (_attr("wash", "indigo", "washed black", "light blue"), CLOTHING_SIZE),
                    ("organic cotton denim", "a straight leg", "a touch of stretch"),
                    ("everyday wear", "weekends"),
                ),
                _type(
                    "Linen Blouse",
                    25,
                    129,
                    (FASHION_COLOUR, CLOTHING_SIZE),
                    ("pure European linen", "mother-of-pearl buttons", "a boxy cut"),
                    ("hot summer days", "holidays", "the office"),
                ),
            ),
        ),
        Leaf(
            "mens-clothing",
            "Men's Clothing",
            "Shirts, trousers, knitwear and outerwear.",
            1.0,
            (
                _type(
                    "Oxford Shirt",
                    25,
                    139,
                    (FASHION_COLOUR, CLOTHING_SIZE),
                    ("a button-down collar", "brushed cotton", "a tailored fit"),
                    ("the office", "smart-casual dinners", "weekends"),
                ),
                _type(
                    "Chino Trousers",
                    29,
                    149,
                    (FASHION_COLOUR, _attr("waist", "W30", "W32", "W34", "W36")),
                    ("stretch cotton twill", "a tapered leg", "a hidden coin pocket"),
                    ("the office", "weekends", "travel"),
                ),
                _type(
                    "Merino Sweater",
                    39,
                    229,
                    (FASHION_COLOUR, CLOTHING_SIZE),
                    ("extra-fine merino wool", "a crew neck", "a fully fashioned knit"),
                    ("layering", "cold mornings", "travel"),
                ),
                _type(
                    "Waxed Jacket",
                    79,
                    399,
                    (FASHION_COLOUR, CLOTHING_SIZE),
                    ("waxed cotton", "a corduroy collar", "a tartan lining"),
                    ("country walks", "rainy commutes", "autumn"),
                ),
            ),
        ),
        Leaf(
            "shoes",
            "Shoes",
            "Sneakers, boots and loafers in leather and suede.",
            0.9,
            (
                _type(
                    "Leather Sneakers",
                    49,
                    249,
                    (FASHION_COLOUR, SHOE_SIZE),
                    ("full-grain leather", "a cushioned insole", "a stitched cupsole"),
                    ("everyday wear", "city walks", "travel"),
                ),
                _type(
                    "Chelsea Boots",
                    69,
                    329,
                    (_attr("leather", "black leather", "brown suede", "tan leather"), SHOE_SIZE),
                    ("elastic side panels", "a Goodyear-welted sole", "pull tabs"),
                    ("autumn", "smart-casual outfits", "city winters"),
                ),
                _type(
                    "Loafers",
                    49,
                    279,
                    (_attr("leather", "black leather", "burgundy leather", "suede"), SHOE_SIZE),
                    ("a leather sole", "a penny strap", "a soft unlined build"),
                    ("the office", "summer evenings", "weddings"),
                ),
            ),
        ),
        Leaf(
            "bags-accessories",
            "Bags & Accessories",
            "Backpacks, totes, scarves and belts.",
            0.9,
            (
                _type(
                    "Leather Backpack",
                    59,
                    349,
                    (_attr("leather", "black leather", "cognac leather", "olive canvas"),),
                    ("a padded laptop sleeve", "brass hardware", "a water-repellent finish"),
                    ("commuting", "weekend trips", "university"),
                ),
                _type(
                    "Tote Bag",
                    19,
                    199,
                    (FASHION_COLOUR, _attr("material", "canvas", "leather", "recycled nylon")),
                    ("an inner zip pocket", "reinforced handles", "a magnetic closure"),
                    ("shopping", "the beach", "the office"),
                ),
                _type(
                    "Wool Scarf",
                    15,
                    129,
                    (FASHION_COLOUR, _attr("material", "lambswool", "cashmere", "merino")),
                    ("a generous 180 cm length", "fringed ends", "a check pattern"),
                    ("winter", "gifting", "travel"),
                ),
                _type(
                    "Leather Belt",
                    15,
                    99,
                    (_attr("leather", "black leather", "brown leather"), _attr("width", "3 cm")),
                    ("a solid brass buckle", "vegetable-tanned leather", "hand-finished edges"),
                    ("jeans", "suits", "everyday wear"),
                ),
            ),
        ),
    ),
)

BEAUTY = Department(
    slug="beauty",
    name="Beauty",
    code="BEA",
    description="Skincare, haircare and fragrance with clean, considered formulas.",
    motif="bubbles",
    palette=((186, 92, 140), (250, 214, 226)),
    brands=(
        Brand("Purecrest", 0),
        Brand("Dailyglow", 0),
        Brand("Verdance", 1),
        Brand("Botanika", 1),
        Brand("Dermalux", 1),
        Brand("Lumiel", 2),
        Brand("Aurelle", 2),
    ),
    series=("Hydra", "Velvet", "Bloom", "Radiance", "Calm", "Silk", "Dew", "Clarity"),
    numbered=False,
    leaves=(
        Leaf(
            "skincare",
            "Skincare",
            "Serums, moisturisers, cleansers and sun protection.",
            1.1,
            (
                _type(
                    "Face Serum",
                    9,
                    99,
                    (SKIN_TYPE, VOLUME_SMALL),
                    ("hyaluronic acid", "10% niacinamide", "vitamin C", "a fragrance-free formula"),
                    ("morning routines", "dull skin", "fine lines"),
                ),
                _type(
                    "Moisturiser",
                    9,
                    89,
                    (SKIN_TYPE, VOLUME_SMALL),
                    ("ceramides", "squalane", "a lightweight gel texture", "SPF 15"),
                    ("daily hydration", "winter skin", "under make-up"),
                ),
                _type(
                    "Cleanser",
                    7,
                    45,
                    (SKIN_TYPE, VOLUME_LARGE),
                    ("a gentle foaming formula", "oat extract", "a low-pH formula"),
                    ("evening routines", "removing make-up", "sensitive skin"),
                ),
                _type(
                    "Sunscreen SPF 50",
                    8,
                    39,
                    (SKIN_TYPE, VOLUME_SMALL),
                    ("broad-spectrum protection", "no white cast", "a water-resistant formula"),
                    ("beach holidays", "everyday protection", "outdoor sports"),
                ),
            ),
        ),
        Leaf(
            "haircare",
            "Haircare",
            "Shampoos, masks and styling tools.",
            0.8,
            (
                _type(
                    "Shampoo",
                    5,
                    35,
                    (_attr("hair type", "curly hair", "fine hair", "coloured hair"), VOLUME_LARGE),
                    ("sulphate-free cleansers", "argan oil", "a salon-grade formula"),
                    ("daily washing", "frizz control", "colour care"),
                ),
                _type(
                    "Hair Mask",
                    8,
                    45,
                    (_attr("hair type", "dry hair", "damaged hair", "curly hair"), VOLUME_LARGE),
                    ("shea butter", "keratin repair", "a five-minute treatment"),
                    ("weekly treatments", "after colouring", "split ends"),
                ),
                _type(
                    "Hair Dryer",
                    29,
                    399,
                    (TECH_COLOUR, _attr("power", "1800 W", "2200 W")),
                    ("ionic technology", "a cool-shot button", "a diffuser attachment"),
                    ("quick mornings", "curly hair", "travel"),
                ),
            ),
        ),
        Leaf(
            "fragrance",
            "Fragrance",
            "Perfumes, colognes and body mists.",
            0.7,
            (
                _type(
                    "Eau de Parfum",
                    25,
                    189,
                    (
                        _attr("notes", "rose and oud", "citrus and vetiver", "vanilla and musk"),
                        VOLUME_SMALL,
                    ),
                    ("long-lasting sillage", "a refillable bottle", "natural essential oils"),
                    ("evenings out", "gifting", "special occasions"),
                ),
                _type(
                    "Eau de Toilette",
                    15,
                    99,
                    (
                        _attr("notes", "bergamot and neroli", "sea salt and sage", "green tea"),
                        VOLUME_SMALL,
                    ),
                    ("a fresh daytime character", "a travel atomiser", "a light trail"),
                    ("the office", "summer days", "gifting"),
                ),
                _type(
                    "Body Mist",
                    7,
                    35,
                    (_attr("notes", "coconut", "peony", "pear and freesia"), VOLUME_LARGE),
                    ("a hydrating aloe base", "a fine spray", "a light scent"),
                    ("after the gym", "summer days", "quick refreshes"),
                ),
            ),
        ),
    ),
)

TOYS = Department(
    slug="toys-games",
    name="Toys & Games",
    code="TOY",
    description="Board games, building sets and outdoor toys for all ages.",
    motif="blocks",
    palette=((230, 140, 30), (252, 226, 120)),
    brands=(
        Brand("Tinkertots", 0),
        Brand("Funfair", 0),
        Brand("Playforge", 1),
        Brand("Brickwell", 1),
        Brand("Meeple & Co", 1),
        Brand("Wondernest", 2),
    ),
    series=("Galaxy", "Safari", "Castle", "Pirate", "Robot", "Jungle", "Arctic", "Dino"),
    numbered=True,
    leaves=(
        Leaf(
            "board-games",
            "Board Games & Puzzles",
            "Strategy games, family card games and jigsaw puzzles.",
            1.0,
            (
                _type(
                    "Strategy Board Game",
                    19,
                    89,
                    (_attr("players", "2-4 players", "2-5 players", "1-4 players"),),
                    (
                        "a modular board",
                        "a solo mode",
                        "wooden playing pieces",
                        "60-minute playtime",
                    ),
                    ("game nights", "families with teenagers", "strategy fans"),
                ),
                _type(
                    "Family Card Game",
                    7,
                    29,
                    (_attr("players", "2-6 players", "3-8 players"),),
                    ("15-minute rounds", "simple rules", "a compact tin"),
                    ("family evenings", "travel", "parties"),
                ),
                _type(
                    "Jigsaw Puzzle",
                    9,
                    39,
                    (_attr("pieces", "500 pieces", "1000 pieces", "1500 pieces"),),
                    ("recycled board pieces", "a poster guide", "a snug fit"),
                    ("rainy weekends", "relaxing evenings", "gifting"),
                ),
            ),
        ),
        Leaf(
            "building-toys",
            "Building Toys",
            "Bricks, marble runs and magnetic tiles that build skills.",
            0.9,
            (
                _type(
                    "Building Block Set",
                    15,
                    199,
                    (_attr("pieces", "250 pieces", "600 pieces", "1200 pieces"), TOY_COLOUR),
                    ("illustrated instructions", "compatible bricks", "a storage box"),
                    ("ages 6 and up", "rainy days", "budding engineers"),
                ),
                _type(
                    "Marble Run",
                    19,
                    129,
                    (_attr("pieces", "80 pieces", "150 pieces"), TOY_COLOUR),
                    ("a spiral funnel", "sturdy tracks", "glass marbles"),
                    ("ages 4 and up", "STEM learning", "family play"),
                ),
                _type(
                    "Magnetic Tiles",
                    19,
                    149,
                    (_attr("pieces", "32 pieces", "64 pieces", "100 pieces"), TOY_COLOUR),
                    ("strong magnets", "translucent colours", "rounded edges"),
                    ("toddlers", "creative play", "early geometry"),
                ),
            ),
        ),
        Leaf(
            "outdoor-play",
            "Outdoor Play",
            "Scooters, kites and garden games to get everyone outside.",
            0.7,
            (
                _type(
                    "Kick Scooter",
                    29,
                    179,
                    (TOY_COLOUR,),
                    ("light-up wheels", "an adjustable handlebar", "a foldable frame"),
                    ("the school run", "parks", "ages 5 and up"),
                ),
                _type(
                    "Kite",
                    9,
                    59,
                    (TOY_COLOUR, _attr("size", "90 cm", "140 cm")),
                    ("ripstop nylon", "a fibreglass frame", "a 30 m line"),
                    ("beach days", "windy afternoons", "family outings"),
                ),
                _type(
                    "Garden Games Set",
                    15,
                    89,
                    (_attr("game", "croquet", "giant dominoes", "ring toss"),),
                    ("solid wood pieces", "a carry bag", "weatherproof paint"),
                    ("barbecues", "summer holidays", "family gatherings"),
                ),
            ),
        ),
    ),
)

GARDEN = Department(
    slug="garden",
    name="Garden",
    code="GAR",
    description="Tools, planters and outdoor furniture for gardens and balconies.",
    motif="leaves",
    palette=((60, 120, 40), (200, 226, 130)),
    brands=(
        Brand("Rootwise", 0),
        Brand("Greenhaven", 1),
        Brand("Bloomfield", 1),
        Brand("Terrafirm", 2),
        Brand("Willowby", 2),
    ),
    series=("Fern", "Hawthorn", "Meadow", "Oakley", "Bramble", "Heath", "Clover", "Linden"),
    numbered=False,
    leaves=(
        Leaf(
            "garden-tools",
            "Garden Tools",
            "Hand tools, hoses and cordless power tools.",
            1.0,
            (
                _type(
                    "Pruning Shears",
                    9,
                    69,
                    (_attr("cut", "bypass", "anvil"),),
                    ("hardened steel blades", "a safety lock", "cushioned grips"),
                    ("roses", "fruit trees", "shrubs"),
                ),
                _type(
                    "Garden Spade",
                    15,
                    89,
                    (_attr("shaft", "ash shaft", "steel shaft"),),
                    ("a stainless steel head", "a tread for your foot", "a D-grip handle"),
                    ("digging beds", "planting trees", "allotments"),
                ),
                _type(
                    "Hose Reel",
                    19,
                    149,
                    (_attr("length", "20 m", "30 m", "45 m"),),
                    ("an auto-rewind mechanism", "a spray gun with 7 patterns", "a wall mount"),
                    ("watering lawns", "washing cars", "patios"),
                ),
                _type(
                    "Cordless Hedge Trimmer",
                    49,
                    299,
                    (_attr("blade", "45 cm blade", "55 cm blade"), _attr("battery", "18 V")),
                    ("a brushless motor", "laser-cut blades", "a 60-minute battery"),
                    ("hedges", "topiary", "large gardens"),
                ),
            ),
        ),
        Leaf(
            "planters-pots",
            "Planters & Pots",
            "Pots, raised beds and hanging baskets.",
            0.8,
            (
                _type(
                    "Ceramic Planter",
                    9,
                    119,
                    (HOME_COLOUR, _attr("diameter", "15 cm", "25 cm", "35 cm")),
                    ("a drainage hole", "a glazed finish", "a matching saucer"),
                    ("houseplants", "balconies", "herbs"),
                ),
                _type(
                    "Raised Garden Bed",
                    39,
                    299,
                    (_attr("material", "larch wood", "galvanised steel", "cedar"),),
                    ("tool-free assembly", "a weed membrane", "a waist-high design"),
                    ("vegetables", "small gardens", "accessible gardening"),
                ),
                _type(
                    "Hanging Basket",
                    9,
                    49,
                    (_attr("material", "wicker", "coir", "wrought iron"),),
                    ("a coco liner", "a chain hanger", "a water reservoir"),
                    ("trailing flowers", "porches", "strawberries"),
                ),
            ),
        ),
        Leaf(
            "outdoor-furniture",
            "Outdoor Furniture",
            "Benches, bistro sets, loungers and parasols.",
            0.9,
            (
                _type(
                    "Garden Bench",
                    89,
                    599,
                    (_attr("material", "acacia wood", "teak", "cast aluminium"),),
                    ("weather-resistant oil", "a curved backrest", "stainless fixings"),
                    ("patios", "front gardens", "sunny corners"),
                ),
                _type(
                    "Bistro Set",
                    79,
                    499,
                    (HOME_COLOUR, _attr("material", "powder-coated steel", "acacia wood")),
                    ("two folding chairs", "a round table", "rust protection"),
                    ("balconies", "morning coffee", "small patios"),
                ),
                _type(
                    "Sun Lounger",
                    59,
                    449,
                    (_attr("material", "teak", "aluminium and textilene", "rattan"),),
                    ("a five-position backrest", "wheels", "a quick-dry cushion"),
                    ("poolside", "lazy afternoons", "terraces"),
                ),
                _type(
                    "Parasol",
                    39,
                    349,
                    (HOME_COLOUR, _attr("diameter", "2 m", "2.7 m", "3.5 m")),
                    ("UV 50+ fabric", "a tilt mechanism", "a crank handle"),
                    ("patios", "garden dining", "pool areas"),
                ),
            ),
        ),
    ),
)

DEPARTMENTS: tuple[Department, ...] = (
    ELECTRONICS,
    HOME,
    SPORTS,
    BOOKS,
    FASHION,
    BEAUTY,
    TOYS,
    GARDEN,
)

# Words for invented book titles; per-genre nouns live on each book ProductType.
BOOK_ADJECTIVES = (
    "Silent",
    "Hidden",
    "Last",
    "Golden",
    "Forgotten",
    "Quiet",
    "Burning",
    "Winter",
    "Lost",
    "Midnight",
    "Distant",
    "Wild",
    "Secret",
    "Broken",
    "Bright",
    "Salt",
)
BOOK_PLACES = (
    "Ashford",
    "the North",
    "Lisbon",
    "Kallio",
    "the Marshes",
    "Valmont",
    "the Islands",
    "Rotterdam",
    "the Old Quarter",
    "Brightwater",
    "Galway",
    "the Lowlands",
)

# Price tiers in words, indexed by Brand.tier; used for taste names and descriptions.
PRICE_BANDS: tuple[PriceBand, ...] = ("budget", "mid-range", "premium")
TIER_ADJECTIVES = (
    ("affordable", "no-nonsense", "great-value", "practical"),
    ("well-made", "versatile", "thoughtfully designed", "dependable"),
    ("premium", "beautifully crafted", "high-end", "meticulously engineered"),
)
TIER_CLOSERS = (
    (
        "Great value without cutting corners.",
        "An easy, affordable upgrade.",
        "Everything you need and nothing you don't.",
    ),
    (
        "Backed by a two-year warranty.",
        "A dependable choice that will last for years.",
        "Quality materials at a fair price.",
    ),
    (
        "Finished to a premium standard and backed by a three-year warranty.",
        "Built with the best materials we could find.",
        "Made to be kept, repaired and enjoyed for a long time.",
    ),
)

# {tier_adj} carries its article ("an affordable"), since the adjective varies.
DESCRIPTION_OPENERS = (
    "The {name} is {tier_adj} {noun} built around {f1}.",
    "Meet the {name}: {tier_adj} {noun} that pairs {f1} with {f2}.",
    "{brand} designed the {model} {noun} for {use}, with {f1} at its heart.",
    "Looking for {tier_adj} {noun}? The {name} brings {f1} and {f2}.",
)
# {rest} is the features the opener did not mention, already joined: "a, b and c".
DESCRIPTION_FEATURES = (
    "It also offers {rest}.",
    "Highlights include {rest}.",
    "You also get {rest}, details you will appreciate every day.",
)
DESCRIPTION_USES = (
    "Ideal for {use} and {use2}.",
    "A favourite for {use}, and just as good for {use2}.",
    "Customers buy it for {use} and {use2}.",
)
BOOK_OPENERS = (
    "{title} is a {noun} by {author} about {f1}.",
    "In this {noun}, {author} tells a story of {f1} and {f2}.",
    "{author}'s {noun} {title} explores {f1}.",
)
BOOK_MIDDLES = (
    "Readers will also find {f2}.",
    "It weaves in {f2} with a sure hand.",
    "Along the way it takes on {f2}.",
)
BOOK_CLOSERS = (
    "This {format} edition in {language} is published by {publisher}.",
    "Published by {publisher}; {format}, {language}.",
)

COUNTRIES: tuple[Country, ...] = (
    Country(
        "DE",
        0.24,
        ("Anna", "Lukas", "Sophie", "Jonas", "Marie", "Felix", "Lena", "Paul", "Mia", "Leon"),
        ("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Wagner", "Becker", "Hoffmann"),
        (("Berlin", "10###"), ("Hamburg", "20###"), ("München", "80###"), ("Köln", "50###")),
        ("Lindenstraße", "Gartenweg", "Bahnhofstraße", "Schillerstraße", "Am Markt"),
        "{street} {number}",
        "+49",
    ),
    Country(
        "FR",
        0.16,
        ("Camille", "Louis", "Léa", "Hugo", "Chloé", "Jules", "Manon", "Arthur", "Inès"),
        ("Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand"),
        (("Paris", "750##"), ("Lyon", "6900#"), ("Marseille", "130##"), ("Lille", "590##")),
        ("rue des Lilas", "avenue Victor Hugo", "rue de la Paix", "boulevard Voltaire"),
        "{number} {street}",
        "+33",
    ),
    Country(
        "NL",
        0.1,
        ("Daan", "Emma", "Sem", "Julia", "Lucas", "Tess", "Finn", "Sara", "Noah"),
        ("de Jong", "Jansen", "de Vries", "van Dijk", "Bakker", "Visser", "Smit", "Meijer"),
        (("Amsterdam", "10## @@"), ("Utrecht", "35## @@"), ("Rotterdam", "30## @@")),
        ("Keizersgracht", "Prinsenstraat", "Dorpsstraat", "Kerkweg"),
        "{street} {number}",
        "+31",
    ),
    Country(
        "ES",
        0.1,
        ("Lucía", "Hugo", "Martina", "Mateo", "Sofía", "Pablo", "Valeria", "Daniel"),
        ("García", "Fernández", "González", "Rodríguez", "López", "Martínez", "Sánchez"),
        (("Madrid", "280##"), ("Barcelona", "080##"), ("Valencia", "460##"), ("Sevilla", "410##")),
        ("Calle Mayor", "Calle del Sol", "Avenida de la Constitución", "Calle Real"),
        "{street}, {number}",
        "+34",
    ),
    Country(
        "IT",
        0.1,
        ("Giulia", "Leonardo", "Sofia", "Francesco", "Aurora", "Alessandro", "Ginevra"),
        ("Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci"),
        (("Roma", "001##"), ("Milano", "201##"), ("Torino", "101##"), ("Bologna", "401##")),
        ("Via Roma", "Via Garibaldi", "Corso Italia", "Via Dante"),
        "{street} {number}",
        "+39",
    ),
    Country(
        "IE",
        0.06,
        ("Aoife", "Conor", "Saoirse", "Cian", "Niamh", "Oisín", "Ciara", "Seán"),
        ("Murphy", "Kelly", "O'Sullivan", "Walsh", "Byrne", "Ryan", "O'Brien", "Doyle"),
        (("Dublin", "D0# @###"), ("Cork", "T12 @###"), ("Galway", "H91 @###")),
        ("Main Street", "Church Road", "Harbour View", "Mill Lane"),
        "{number} {street}",
        "+353",
    ),
    Country(
        "AT",
        0.06,
        ("Elias", "Hannah", "Tobias", "Lea", "Maximilian", "Valentina", "Jakob"),
        ("Gruber", "Huber", "Bauer", "Wagner", "Pichler", "Steiner", "Moser"),
        (("Wien", "1###"), ("Graz", "80##"), ("Salzburg", "50##"), ("Innsbruck", "60##")),
        ("Hauptstraße", "Mariahilfer Straße", "Kirchengasse", "Bergweg"),
        "{street} {number}",
        "+43",
    ),
    Country(
        "BE",
        0.06,
        ("Lotte", "Arthur", "Louise", "Jules", "Olivia", "Victor", "Elise"),
        ("Peeters", "Janssens", "Maes", "Jacobs", "Dubois", "Lambert", "Willems"),
        (("Bruxelles", "10##"), ("Antwerpen", "20##"), ("Gent", "90##"), ("Liège", "40##")),
        ("Rue Neuve", "Kerkstraat", "Avenue Louise", "Stationsstraat"),
        "{street} {number}",
        "+32",
    ),
    Country(
        "PT",
        0.05,
        ("Beatriz", "Tomás", "Matilde", "Santiago", "Carolina", "Duarte"),
        ("Silva", "Santos", "Ferreira", "Pereira", "Oliveira", "Costa", "Rodrigues"),
        (("Lisboa", "1###-###"), ("Porto", "4###-###"), ("Coimbra", "3000-###")),
        ("Rua Augusta", "Avenida da Liberdade", "Rua das Flores", "Travessa do Carmo"),
        "{street}, {number}",
        "+351",
    ),
    Country(
        "SE",
        0.07,
        ("Alice", "William", "Maja", "Oscar", "Elsa", "Hugo", "Astrid", "Nils"),
        ("Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Lindqvist"),
        (("Stockholm", "11# ##"), ("Göteborg", "41# ##"), ("Malmö", "21# ##")),
        ("Storgatan", "Drottninggatan", "Kungsgatan", "Skolvägen"),
        "{street} {number}",
        "+46",
    ),
)

ADDRESS_EXTRAS = ("", "", "", "", "Apt 3", "2nd floor", "Unit 12", "c/o Reception", "Flat 4B")
EMAIL_DOMAINS = ("example.com", "example.org")

# Review text by tone, for goods and for books. Placeholders: {noun}, {attr} (a variant value
# such as a colour or size), {feature} and {use}; titles with {use} are skipped for books.
REVIEW_TITLES = {
    "positive": (
        "Love this {noun}",
        "Excellent quality",
        "Exactly what I needed",
        "Great value",
        "Would buy again",
        "Better than expected",
        "Perfect for {use}",
    ),
    "neutral": (
        "Does the job",
        "Decent, not perfect",
        "Good, with a few caveats",
        "Okay for the price",
        "Mixed feelings",
    ),
    "negative": (
        "Disappointed",
        "Not worth the money",
        "Would not buy again",
        "Returned it",
        "Did not live up to the description",
    ),
}
REVIEW_SENTENCES = {
    "positive": (
        "The {attr} version looks even better in person.",
        "Really impressed by {feature}.",
        "Great for {use}, exactly as described.",
        "Solid build quality for the price.",
        "Arrived quickly and well packaged.",
        "My partner liked it so much we ordered a second one.",
        "Easily the best {noun} I have owned.",
    ),
    "neutral": (
        "Fine overall, but I expected more from {feature}.",
        "The {attr} version is slightly different from the photos.",
        "Works well enough for {use}, nothing special.",
        "Instructions could be clearer.",
        "Good overall, though delivery took longer than promised.",
        "It does the job, no more and no less.",
    ),
    "negative": (
        "I bought it for {feature}, and that is exactly what disappointed.",
        "The {attr} version looked cheap when it arrived.",
        "Not suitable for {use}, despite what the description says.",
        "Customer service was slow to reply about the problem.",
        "It felt flimsy for the price.",
        "The packaging was damaged and a part was missing.",
    ),
}
BOOK_REVIEW_SENTENCES = {
    "positive": (
        "I could not put it down.",
        "The way it handles {feature} is wonderful.",
        "Beautifully written, with characters that stay with you.",
        "The {attr} edition is lovely to hold.",
        "Already recommended it to my book club.",
    ),
    "neutral": (
        "A slow start, but it picks up in the second half.",
        "Interesting take on {feature}, though the ending felt rushed.",
        "Enjoyable enough, not the author's best.",
        "The {attr} edition has rather small print.",
    ),
    "negative": (
        "I gave up halfway through.",
        "The part about {feature} felt clichéd.",
        "Flat characters and a predictable plot.",
        "The {attr} copy arrived with a creased cover.",
    ),
}
