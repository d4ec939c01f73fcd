"""The suite file format: a named set of scenarios on one store, each a list of shopper turns.

`suite_json_schema()` renders the format as JSON Schema; the committed copy is
`evals/suite.schema.json` (editors use it to complete and check suites as they are typed).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from evals.expectations import AnyExpectation, ItemSpec, OrderStatus, Text

SCHEMA_PATH = Path(__file__).with_name("suite.schema.json")

Slug = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$", max_length=120)]


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class StoreFixtureRef(_Spec):
    """A store built for the run from a fixture file (products, documents, pricing, customers)."""

    fixture: Text = Field(description="Path to the fixture file, relative to the suite file.")


class Identity(_Spec):
    """The shopper is an identified customer of the store."""

    customer: Text = Field(description="The customer's external id, e.g. cust-1001.")


class StartOrder(_Spec):
    """An order the identified customer already has when the scenario starts."""

    number: Text | None = Field(default=None, description="Order number; generated if omitted.")
    status: OrderStatus = "paid"
    lines: Annotated[list[ItemSpec], Field(min_length=1)]


class StartState(_Spec):
    """What exists before the first turn: a cart (and its coupon) and past orders."""

    cart: list[ItemSpec] = Field(default_factory=list)
    coupon: Text | None = None
    orders: list[StartOrder] = Field(default_factory=list)


class Turn(_Spec):
    """One shopper message and what must hold after the assistant answered it."""

    user: Text = Field(description="What the shopper writes.")
    expect: list[AnyExpectation] = Field(default_factory=list)


class Scenario(_Spec):
    """A conversation from a fresh store state; identity and start override the suite's."""

    id: Slug
    description: str = ""
    tags: list[Slug] = Field(default_factory=list)
    identity: Identity | Literal["anonymous"] | None = Field(
        default=None, description="Overrides the suite's; 'anonymous' for no identified customer."
    )
    start: StartState | None = None
    turns: Annotated[list[Turn], Field(min_length=1)]
    end: list[AnyExpectation] = Field(
        default_factory=list, description="Checked once after the last turn, over the whole talk."
    )


class Suite(_Spec):
    """A suite file."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        json_schema_extra={"title": "sales-assistant eval suite"},
    )

    name: Slug
    description: str = ""
    store: Literal["demo"] | StoreFixtureRef = Field(
        default="demo", description="'demo', or {fixture: path} for a store built for the run."
    )
    identity: Identity | None = None
    start: StartState | None = None
    scenarios: Annotated[list[Scenario], Field(min_length=1)]

    @model_validator(mode="after")
    def _scenario_ids_are_unique(self) -> Suite:
        seen: set[str] = set()
        for scenario in self.scenarios:
            if scenario.id in seen:
                raise ValueError(f"scenario id {scenario.id!r} is used twice")
            seen.add(scenario.id)
        return self

    def identity_for(self, scenario: Scenario) -> Identity | None:
        """The scenario's identity, or the suite's; None for an anonymous shopper."""
        if scenario.identity == "anonymous":
            return None
        return scenario.identity or self.identity

    def start_for(self, scenario: Scenario) -> StartState:
        """The scenario's starting state, or the suite's, or an empty one."""
        return scenario.start or self.start or StartState()


def suite_json_schema() -> dict[str, Any]:
    """The suite format as JSON Schema (draft 2020-12)."""
    schema = Suite.model_json_schema(mode="validation")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


def render_suite_json_schema() -> str:
    """The JSON Schema as the text committed in `evals/suite.schema.json`."""
    return json.dumps(suite_json_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def write_suite_json_schema(path: Path = SCHEMA_PATH) -> Path:
    """Regenerate the committed schema file."""
    path.write_text(render_suite_json_schema(), encoding="utf-8")
    return path
