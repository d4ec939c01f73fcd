"""A synthetic outdoor-gear catalog and policy documents of any size, the same for a given seed."""

from __future__ import annotations

import json
import random
from typing import Any

CATEGORIES = {
    "tents": ("Tent", ["2-person", "4-person", "ultralight", "family", "winter", "dome"]),
    "sleeping-bags": ("Sleeping Bag", ["down", "synthetic", "mummy", "rectangular", "summer"]),
    "backpacks": ("Backpack", ["40 L", "55 L", "65 L", "frameless", "hydration-ready"]),
    "hiking-boots": ("Hiking Boot", ["waterproof", "leather", "mid-cut", "wide-fit", "winter"]),
    "rain-jackets": ("Rain Jacket", ["3-layer", "packable", "breathable", "hooded", "stretch"]),
    "stoves": ("Stove", ["canister", "liquid-fuel", "integrated", "wood-burning", "compact"]),
    "headlamps": ("Headlamp", ["rechargeable", "400-lumen", "red-light", "waterproof", "tiny"]),
    "water-filters": ("Water Filter", ["squeeze", "gravity", "pump", "straw", "UV"]),
}
BRANDS = ["Ridgeline", "Northfall", "Cedar & Pine", "Summit Works", "Tarn", "Lowland", "Kestrel"]
MODELS = ["Trail", "Alpine", "Canyon", "Meadow", "Glacier", "Ember", "Drift", "Granite", "Fjord"]
COLOURS = ["green", "blue", "orange", "black", "grey", "red"]
SIZES = ["S", "M", "L", "XL", "40", "41", "42", "43", "44"]
SENTENCES = [
    "Built for {use}, it weighs {weight} g and packs down small.",
    "The {feature} design keeps you comfortable from dawn to dusk.",
    "Tested on {use} in wind, rain and snow.",
    "Recycled fabrics and a PFC-free finish lower its footprint.",
    "Comes with a stuff sack and a two-year warranty.",
    "Pairs well with our {other} for longer trips.",
    "Reviewers praise its {feature} build and easy care.",
]
USES = ["thru-hiking", "car camping", "alpine climbs", "weekend trips", "canoe trips", "day hikes"]
ZH_QUERIES = [
    "有防水的登山靴吗？",
    "轻便的双人帐篷",
    "冬天用的睡袋",
    "可以充电的头灯",
    "户外净水器怎么选",
    "有没有便宜的背包",
]
EN_QUERIES = [
    "lightweight two person tent for backpacking",
    "waterproof hiking boots with wide fit",
    "warm synthetic sleeping bag for wet trips",
    "rechargeable headlamp with red light",
    "packable rain jacket with a hood",
    "compact canister stove for solo trips",
    "gravity water filter for a group",
    "55 litre backpack with hydration sleeve",
]


def synthetic_products(count: int, seed: int = 7) -> list[dict[str, Any]]:
    """`count` products in the catalog schema, each with one to three variants."""
    rng = random.Random(seed)
    products = []
    slugs = list(CATEGORIES)
    for number in range(count):
        slug = slugs[number % len(slugs)]
        noun, features = CATEGORIES[slug]
        feature = rng.choice(features)
        brand = rng.choice(BRANDS)
        title = f"{brand} {rng.choice(MODELS)} {feature} {noun} {number:06d}"
        sentences = rng.sample(SENTENCES, 3)
        description = " ".join(
            sentence.format(
                use=rng.choice(USES),
                weight=rng.randrange(80, 4000),
                feature=rng.choice(features),
                other=CATEGORIES[rng.choice(slugs)][0].lower(),
            )
            for sentence in sentences
        )
        price = rng.randrange(1500, 60000)
        variants = [
            {
                "sku": f"SYN-{number:06d}-{index}",
                "options": {"colour": rng.choice(COLOURS), "size": rng.choice(SIZES)},
                "price": f"{price / 100:.2f}",
                "stock": rng.choice([0, 0, 3, 8, 20]),
            }
            for index in range(rng.randint(1, 3))
        ]
        products.append(
            {
                "id": f"syn-{number:06d}",
                "title": title,
                "brand": brand,
                "category": slug,
                "description": description,
                "attributes": {"weight_g": rng.randrange(80, 4000), "feature": feature},
                "tags": [feature, slug],
                "variants": variants,
            }
        )
    return products


def synthetic_catalog_json(count: int, seed: int = 7) -> bytes:
    """A catalog file (JSON) with `count` products."""
    categories = [{"slug": slug, "name": noun + "s"} for slug, (noun, _f) in CATEGORIES.items()]
    body = {"categories": categories, "products": synthetic_products(count, seed)}
    return json.dumps(body).encode()


def synthetic_policy_markdown(sections: int, seed: int = 11) -> bytes:
    """A Markdown policy with `sections` headed sections of a few sentences each."""
    rng = random.Random(seed)
    lines = ["# Synthetic store policy", ""]
    for number in range(sections):
        lines.append(f"## Rule {number}: {rng.choice(USES)} and {rng.choice(MODELS).lower()}")
        lines.append("")
        for _ in range(3):
            sentence = rng.choice(SENTENCES).format(
                use=rng.choice(USES),
                weight=rng.randrange(80, 4000),
                feature=rng.choice(CATEGORIES["tents"][1]),
                other="rain jacket",
            )
            lines.append(f"- {sentence} Orders over ${rng.randrange(20, 200)} ship free.")
        lines.append("")
    return "\n".join(lines).encode()


def queries(count: int) -> list[str]:
    """Shopper questions, English and Chinese alternating with the English ones dominant."""
    pool = EN_QUERIES + ZH_QUERIES
    return [pool[number % len(pool)] for number in range(count)]


def synthetic_one_line_markdown(size_bytes: int, seed: int = 13, heading: bool = False) -> bytes:
    """A Markdown file of about `size_bytes` that is one line of sentences (no newline at all).

    With `heading`, the line starts with `# `, as a minified export's first heading would.
    """
    rng = random.Random(seed)
    sentences = ["# Synthetic one-line guide:" if heading else "Synthetic one-line guide:"]
    size = len(sentences[0])
    while size < size_bytes:
        sentence = rng.choice(SENTENCES).format(
            use=rng.choice(USES),
            weight=rng.randrange(80, 4000),
            feature=rng.choice(CATEGORIES["backpacks"][1]),
            other=CATEGORIES[rng.choice(list(CATEGORIES))][0].lower(),
        )
        sentences.append(sentence)
        size += len(sentence) + 1
    return " ".join(sentences).encode()
