"""The names of the import profiles, apart from their code so that a command's help can list
them without loading the parsers."""

from __future__ import annotations

from typing import Literal

ProfileName = Literal["native", "shopify", "woocommerce", "merchant-center", "wide"]
PROFILE_NAMES: tuple[ProfileName, ...] = (
    "native",
    "shopify",
    "woocommerce",
    "merchant-center",
    "wide",
)
