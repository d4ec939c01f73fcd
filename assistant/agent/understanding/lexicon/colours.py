"""Colour words in English and Chinese, each mapped to an English colour and its family."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Colour:
    """A basic colour: how shoppers say it, and the shades a store may sell it as."""

    name: str
    english: tuple[str, ...]
    chinese: tuple[str, ...]
    # One-character forms (蓝, 黑) count only before 色/的/款 or at the end of a clause, so
    # 蓝牙 (Bluetooth) and 绿茶 (green tea) are not colours.
    chinese_short: tuple[str, ...] = ()
    family: tuple[str, ...] = ()


COLOURS: tuple[Colour, ...] = (
    Colour("black", ("black",), ("黑色", "纯黑"), ("黑",), ("charcoal", "onyx", "jet")),
    # Charcoal is its own shade: a store selling "Charcoal" and "Grey" means 炭灰色 as the first.
    Colour(
        "charcoal",
        ("charcoal",),
        ("炭灰色", "炭灰", "炭黑色", "炭黑", "碳灰色", "碳灰"),
        (),
        ("grey", "graphite", "slate", "black"),
    ),
    Colour("white", ("white",), ("白色", "纯白", "米白"), ("白",), ("cream", "ivory", "snow")),
    Colour(
        "blue",
        ("blue",),
        ("蓝色", "天蓝色", "天蓝", "宝蓝"),
        ("蓝",),
        ("navy", "teal", "cobalt", "azure", "sky", "indigo", "denim"),
    ),
    Colour(
        "navy",
        ("navy", "navy blue", "dark blue"),
        ("藏青色", "藏青", "海军蓝", "深蓝色", "深蓝"),
        (),
        ("indigo", "midnight"),
    ),
    Colour(
        "green",
        ("green",),
        ("绿色", "墨绿色", "墨绿", "军绿色", "军绿"),
        ("绿",),
        ("olive", "sage", "lime", "forest", "moss", "khaki", "mint", "teal", "emerald"),
    ),
    Colour(
        "red",
        ("red",),
        ("红色", "大红", "酒红色", "酒红"),
        ("红",),
        ("coral", "rust", "crimson", "burgundy", "maroon", "cherry"),
    ),
    Colour(
        "grey",
        ("grey", "gray"),
        ("灰色", "深灰", "浅灰"),
        ("灰",),
        ("charcoal", "slate", "silver", "graphite", "stone", "ash"),
    ),
    Colour(
        "orange",
        ("orange",),
        ("橙色", "橘色", "橘黄色"),
        ("橙",),
        ("rust", "amber", "coral", "tangerine"),
    ),
    Colour("yellow", ("yellow",), ("黄色", "明黄"), ("黄",), ("mustard", "ochre", "lemon", "gold")),
    Colour(
        "purple", ("purple", "violet"), ("紫色",), ("紫",), ("plum", "lilac", "lavender", "mauve")
    ),
    Colour(
        "brown",
        ("brown",),
        ("棕色", "咖啡色", "褐色", "驼色"),
        ("棕",),
        ("tan", "taupe", "rust", "ochre", "chocolate", "coffee", "mocha", "camel"),
    ),
    Colour("pink", ("pink",), ("粉色", "粉红色", "粉红"), ("粉",), ("rose", "coral", "blush")),
    Colour("beige", ("beige",), ("米色", "米黄色"), (), ("sand", "cream", "taupe", "tan", "oat")),
    Colour("khaki", ("khaki",), ("卡其色", "卡其"), (), ("sand", "olive", "tan")),
    Colour("silver", ("silver",), ("银色",), ("银",), ("grey", "chrome")),
    Colour("gold", ("gold", "golden"), ("金色",), ("金",), ("yellow", "champagne")),
    Colour("clear", ("clear", "transparent"), ("透明",), (), ("frost",)),
    Colour("teal", ("teal", "turquoise"), ("青色", "蓝绿色", "湖蓝色"), (), ("blue", "green")),
    Colour("olive", ("olive",), ("橄榄绿", "橄榄色"), (), ("green", "khaki")),
    Colour("coral", ("coral",), ("珊瑚色", "珊瑚红", "珊瑚粉"), (), ("pink", "orange", "salmon")),
    Colour("mustard", ("mustard",), ("芥末黄", "芥黄色", "姜黄色"), (), ("yellow", "ochre")),
    Colour("slate", ("slate",), ("石板灰", "岩灰色"), (), ("grey", "charcoal")),
)
