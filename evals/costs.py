"""Estimated model cost from a price table (per million tokens, as providers publish them).

The table is a YAML file: `evals/prices.yaml` by default, another one through the setting
`SALES_ASSISTANT_EVAL_PRICE_TABLE` or `eval run --prices PATH`. Prices are decimals, never floats.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from evals.loader import validate_located
from evals.yaml_lines import load_located_yaml

DEFAULT_PRICE_TABLE = Path(__file__).with_name("prices.yaml")
_MILLION = Decimal(1_000_000)
_COST_QUANTUM = Decimal("0.000001")


def _decimal_text(value: object) -> object:
    return Decimal(repr(value)) if isinstance(value, float) else value


Price = Annotated[Decimal, Field(ge=0), BeforeValidator(_decimal_text)]


class ModelPrice(BaseModel):
    """What a million tokens cost, in and out."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    input_per_million: Price
    output_per_million: Price


class PriceTable(BaseModel):
    """Prices by model: keys are model specs ('openai:gpt-4o-mini') or bare names ('gpt-4o')."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    currency: str = Field(default="USD", pattern=r"^[A-Z]{3}$")
    models: dict[str, ModelPrice] = Field(default_factory=dict)

    def price_for(self, model: str) -> ModelPrice | None:
        """The price of a model spec, trying the full spec and then the bare model name."""
        if model in self.models:
            return self.models[model]
        _, _, bare = model.partition(":")
        return self.models.get(bare) if bare else None

    def cost(self, model: str, tokens_in: int, tokens_out: int) -> Decimal | None:
        """Estimated cost of the tokens, or None when the model has no price."""
        price = self.price_for(model)
        if price is None:
            return None
        total = tokens_in * price.input_per_million + tokens_out * price.output_per_million
        return (total / _MILLION).quantize(_COST_QUANTUM)


def load_price_table(path: Path | None = None) -> PriceTable:
    """Read a price table file (the shipped one when no path is given)."""
    source = path or DEFAULT_PRICE_TABLE
    return validate_located(PriceTable, load_located_yaml(source), source)
