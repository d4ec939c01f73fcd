"""Generic product features and size words, in English and Chinese.

A feature's `name` is an English word; it is compared with the store's attribute keys (a
boolean key containing the word is set to true) and text attribute values (a value equal to
the word is selected), so nothing here names a store's attributes.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.agent.understanding.labels import Sort


@dataclass(frozen=True)
class Feature:
    """A generic quality a shopper asks for."""

    name: str
    english: tuple[str, ...]
    chinese: tuple[str, ...]
    # Extra words that identify the matching attribute key ("warm" sets `insulated`).
    key_words: tuple[str, ...] = ()


def _f(name: str, english: str, chinese: str, key_words: str = "") -> Feature:
    return Feature(
        name,
        tuple(english.split("|")),
        tuple(chinese.split("|")) if chinese else (),
        tuple(key_words.split("|")) if key_words else (),
    )


FEATURES: tuple[Feature, ...] = (
    _f("waterproof", "waterproof|water proof|water-proof|rainproof", "防水|防雨", "waterproof"),
    _f(
        "water resistant",
        "water resistant|water-resistant|splash proof",
        "防泼水|防溅",
        "water_resistance",
    ),
    _f("windproof", "windproof|wind proof", "防风", "windproof"),
    _f("breathable", "breathable", "透气", "breathable"),
    _f(
        "lightweight",
        "lightweight|light weight|light|ultralight|ultra light",
        "轻便|轻量|超轻|轻量化|轻",
        "lightweight",
    ),
    _f("warm", "warm|warmest|insulated|insulating", "保暖|暖和|保温|加绒", "insulated"),
    _f("durable", "durable|sturdy|tough|robust", "耐用|结实|耐磨"),
    _f("packable", "packable|foldable|collapsible|compact", "便携|可折叠|折叠|小巧"),
    _f("rechargeable", "rechargeable|usb rechargeable", "可充电|充电式", "rechargeable"),
    _f("wireless", "wireless|cordless", "无线", "wireless"),
    _f("bluetooth", "bluetooth", "蓝牙", "bluetooth"),
    _f("organic", "organic", "有机", "organic"),
    _f("vegan", "vegan|plant based", "纯素|素食", "vegan"),
    _f(
        "decaf",
        "decaf|decaffeinated|caffeine free|caffeine-free|without caffeine|no caffeine",
        "无咖啡因|低因",
        "decaf",
    ),
    _f("gluten free", "gluten free|gluten-free", "无麸质", "gluten_free"),
    _f("kids", "kids|kid|children|child|youth|junior", "儿童|小孩|孩子|童款", "kids"),
    _f("women", "women|womens|woman|ladies|female", "女款|女士|女式|女生|女性|女", "women"),
    _f("men", "men|mens|man|male", "男款|男士|男式|男生|男性|男", "men"),
    _f("unisex", "unisex", "男女通用|中性", "unisex"),
    _f("winter", "winter|snow|cold weather", "冬季|冬天|冬款|雪地|严寒", "winter"),
    _f("summer", "summer|hot weather", "夏季|夏天|夏款", "summer"),
    _f("comfortable", "comfortable|comfy|cushioned", "舒适|舒服", "comfort"),
    _f("leather", "leather", "真皮|皮革", "leather"),
    _f("merino", "merino|wool", "羊毛|美利奴", "merino"),
    _f("cotton", "cotton", "棉|纯棉", "cotton"),
    _f(
        "down",
        "goose down|duck down|down fill|down filled|down jacket|down parka|down vest|down bag|"
        "down sleeping bag|down quilt|down insulated",
        "羽绒|鹅绒|鸭绒",
        "down",
    ),
    _f("synthetic", "synthetic", "合成|化纤", "synthetic"),
    _f("stainless steel", "stainless steel|stainless|steel", "不锈钢", "steel"),
    _f("titanium", "titanium", "钛|钛合金", "titanium"),
    _f("carbon", "carbon|carbon fibre|carbon fiber", "碳纤维|碳素", "carbon"),
    _f("aluminium", "aluminium|aluminum", "铝|铝合金", "aluminium"),
    _f("insulated bottle", "vacuum insulated|double wall", "真空|双层", "insulated"),
    _f("family", "family|group", "家庭|全家|多人", "family"),
    _f("gift", "gift|present", "礼物|送礼|礼品"),
)

# Comparative and superlative words that ask for an order, by English sort key.
SORT_WORDS: dict[Sort, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "price_asc": (
        (
            "cheapest",
            "least expensive",
            "lowest price",
            "cheaper",
            "budget",
            "cheap",
            "affordable",
            "inexpensive",
            "low cost",
            "lowest cost",
        ),
        ("最便宜", "便宜点的", "便宜的", "便宜", "实惠", "性价比", "价格最低", "最实惠"),
    ),
    "price_desc": (
        ("most expensive", "priciest", "high end", "high-end", "top of the range", "premium"),
        ("最贵", "高端", "贵一点", "最高档"),
    ),
    "weight_asc": (
        ("lightest", "lighter", "least heavy", "lowest weight"),
        ("最轻", "更轻", "轻一点"),
    ),
    "best": (
        (
            "best",
            "top rated",
            "top-rated",
            "most popular",
            "best selling",
            "best-selling",
            "bestseller",
            "highest rated",
            "favourite",
            "favorite",
        ),
        ("最好", "最受欢迎", "卖得最好", "销量最好", "最火", "热销", "好评最多", "最好的"),
    ),
}

# Size words that stand for letter sizes, when the store sells letter sizes.
SIZE_WORDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "XS": (("extra small", "x-small", "xsmall"), ("特小号", "加小号", "加小码")),
    "S": (("small",), ("小号", "小码", "s码")),
    "M": (("medium", "med"), ("中号", "中码", "m码")),
    "L": (("large",), ("大号", "大码", "l码")),
    "XL": (("extra large", "x-large", "xlarge"), ("加大号", "加大码", "加大", "特大号", "xl码")),
    "XXL": (("extra extra large", "2xl", "xx-large"), ("特大", "2xl码", "xxl码")),
}
