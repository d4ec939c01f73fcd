"""The simulated crowd of the selling simulation: who the shoppers are and what they do.

A shopper is drawn once from the seed: a behaviour (browsing, hesitating, abandoning, buying)
with the actions of the first visit, whether they are an identified customer and consent to
e-mails, whether they reply to an opener (and what), ask for a person, switch the guide off,
come back later (and after how long, and whether they then buy), or unsubscribe from the
e-mails. The actions are data; `benchmarks.shopper_simulation` plays them through the API.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# One action: (seconds after the visit began, kind, argument); kinds: view, dwell, add, leave,
# checkout. A plan draws a visit's actions from the catalog's handles and SKUs.
Action = tuple[float, str, Any]
Catalog = list[tuple[str, list[str]]]
Plan = Callable[[random.Random, Catalog], list[Action]]

# What shoppers write back to an opener, as they write it (typos, no punctuation, Chinese).
REPLIES_EN = (
    "what sizes do u have",
    "is it waterproof",
    "do u ship to canada",
    "can i return it if it doesnt fit",
    "hows the sizing run small or big",
    "any discount",
)
REPLIES_ZH = ("有货吗", "尺码偏大还是偏小", "可以退货吗")
ASK_FOR_PERSON = ("can i talk to a real person", "我想找人工客服")


@dataclass(frozen=True)
class Behaviour:
    """A kind of shopper: its share of the crowd and how its first visit goes."""

    name: str
    share: float
    plan: Plan


def _browsing(rng: random.Random, catalog: Catalog) -> list[Action]:
    actions: list[Action] = []
    at = 0.0
    for handle, _skus in rng.sample(catalog, rng.randint(2, 6)):
        actions.append((at, "view", handle))
        at += rng.uniform(5, 40)
        actions.append((at, "dwell", (handle, int(rng.uniform(5, 40)))))
    actions.append((at + 1, "leave", None))
    return actions


def _hesitating(rng: random.Random, catalog: Catalog) -> list[Action]:
    handle, skus = rng.choice(catalog)
    actions: list[Action] = []
    at = 0.0
    for _ in range(rng.randint(2, 4)):
        actions.append((at, "view", handle))
        seconds = int(rng.uniform(20, 120))
        actions.append((at + seconds, "dwell", (handle, seconds)))
        at += seconds + rng.uniform(60, 240)
    if rng.random() < 0.6:
        actions.append((at, "add", rng.choice(skus)))
        at += rng.uniform(600, 900)
        other, _ = rng.choice(catalog)
        actions.append((at, "view", other))
    actions.append((at + 5, "leave", None))
    return actions


def _abandoning(rng: random.Random, catalog: Catalog) -> list[Action]:
    actions: list[Action] = []
    at = 0.0
    for handle, skus in rng.sample(catalog, rng.randint(1, 3)):
        actions.append((at, "view", handle))
        actions.append((at + 20, "add", rng.choice(skus)))
        at += rng.uniform(30, 120)
    actions.append((at, "leave", None))
    return actions


def _buying(rng: random.Random, catalog: Catalog) -> list[Action]:
    handle, skus = rng.choice(catalog)
    return [(0.0, "view", handle), (30.0, "add", rng.choice(skus)), (60.0, "checkout", None)]


def return_visit(rng: random.Random, catalog: Catalog) -> list[Action]:
    """A shopper back on a later day: a look at a product or two, and maybe the checkout."""
    actions: list[Action] = []
    at = 0.0
    for handle, _skus in rng.sample(catalog, rng.randint(1, 2)):
        actions.append((at, "view", handle))
        seconds = int(rng.uniform(10, 90))
        actions.append((at + seconds, "dwell", (handle, seconds)))
        at += seconds + 5
    return actions


BEHAVIOURS = (
    Behaviour("browsing", 0.4, _browsing),
    Behaviour("hesitating", 0.25, _hesitating),
    Behaviour("abandoning", 0.25, _abandoning),
    Behaviour("buying", 0.1, _buying),
)


@dataclass(frozen=True)
class CrowdShares:
    """How the crowd is made up (shares of all shoppers unless said otherwise)."""

    reply_probability: float = 0.3
    identified: float = 0.4
    consent: float = 0.5  # of identified shoppers
    chinese: float = 0.15
    ask_for_person: float = 0.15  # of shoppers who reply to an opener
    switch_off: float = 0.1  # of shoppers who got an opener
    come_back: float = 0.5
    buy_after_reminder: float = 0.35  # of those back who were shown a reminder
    unsubscribe: float = 0.1  # of consented shoppers, after their first e-mail


@dataclass
class SimShopper:
    """One simulated shopper: what was drawn for them, and their session as it goes."""

    index: int
    behaviour: str
    actions: list[Action]
    arrives_s: float
    customer: str | None
    consents: bool
    chinese: bool
    replies: bool
    asks_for_person: bool
    switches_off: bool
    back_after_h: float | None
    buys_when_back: bool
    unsubscribes: bool
    token: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    sessions: list[str] = field(default_factory=list)
    person_holds: bool = False
    switched_off: bool = False
    ordered: bool = False
    replied: bool = False
    unsubscribed: bool = False


def draw_crowd(
    rng: random.Random, catalog: Catalog, shoppers: int, shares: CrowdShares, day_s: float
) -> list[SimShopper]:
    """The crowd, arriving over the first `day_s` seconds."""
    crowd = []
    for index in range(shoppers):
        behaviour = rng.choices(BEHAVIOURS, weights=[b.share for b in BEHAVIOURS])[0]
        identified = rng.random() < shares.identified
        consents = identified and rng.random() < shares.consent
        crowd.append(
            SimShopper(
                index=index,
                behaviour=behaviour.name,
                actions=behaviour.plan(rng, catalog),
                arrives_s=rng.uniform(0, day_s),
                customer=f"sim-{index}" if identified else None,
                consents=consents,
                chinese=rng.random() < shares.chinese,
                replies=rng.random() < shares.reply_probability,
                asks_for_person=rng.random() < shares.ask_for_person,
                switches_off=rng.random() < shares.switch_off,
                back_after_h=rng.uniform(2, 96) if rng.random() < shares.come_back else None,
                buys_when_back=rng.random() < shares.buy_after_reminder,
                unsubscribes=consents and rng.random() < shares.unsubscribe,
            )
        )
    return sorted(crowd, key=lambda shopper: shopper.arrives_s)


def reply_text(rng: random.Random, shopper: SimShopper) -> str:
    """What the shopper writes back to an opener."""
    if shopper.asks_for_person:
        return ASK_FOR_PERSON[1] if shopper.chinese else ASK_FOR_PERSON[0]
    return rng.choice(REPLIES_ZH if shopper.chinese else REPLIES_EN)


def event_batch(kind: str, argument: Any) -> dict[str, Any]:
    """The events API body for one action."""
    if kind == "view":
        return {"page": "product", "events": [{"kind": "product.viewed", "product": argument}]}
    if kind == "dwell":
        handle, seconds = argument
        event = {"kind": "product.dwell", "product": handle, "seconds": seconds}
        return {"page": "product", "events": [event]}
    if kind == "add":
        return {"page": "product", "events": [{"kind": "cart.updated"}]}
    if kind == "checkout":
        return {"page": "checkout", "events": [{"kind": "checkout.started"}]}
    return {"page": "other", "events": [{"kind": "page.leaving", "via": "pointer"}]}
