"""The learned router: its packs, its readings of unseen messages, calibration and negation."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from assistant.agent.understanding.labels import INTENTS
from assistant.agent.understanding.router import (
    ExemplarPack,
    Router,
    default_router,
    load_pack,
    shipped_packs,
)
from tests.agent.understanding.conftest import DEMO_VOCABULARY, TEA_VOCABULARY

ALL_EXEMPLARS = {row.text.lower() for pack in shipped_packs() for row in pack.exemplars()}


@pytest.fixture(scope="module")
def router() -> Router:
    return default_router()


@pytest.mark.parametrize(
    "text",
    [
        "language: en\nintents:\n  teleport: [beam me up]\n",  # no such intent
        "language: en\nintents:\n  greeting: []\n",  # an intent without exemplars
        "language: en\nintents:\n  greeting: [hi, '  ']\n",  # an empty exemplar
        "language: en\nintents:\n  greeting: [hi, Hi]\n",  # the same exemplar twice
        "language: en\nintents:\n  greeting: [hi]\nsynonyms: {}\n",  # an unknown section
        "language: English\nintents:\n  greeting: [hi]\n",  # not a language code
        "language: en\nintents:\n  greeting: [hi]\npolicy_topics:\n  gossip: [tell me]\n",
        "language: en\nintents:\n  greeting: [{hi: there}]\n",  # a mapping, not a message
    ],
)
def test_a_malformed_pack_is_rejected(tmp_path: Path, text: str) -> None:
    path = tmp_path / "exemplars.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValidationError):
        load_pack(path)


def test_every_language_has_many_exemplars_for_every_intent() -> None:
    packs = {pack.language: pack for pack in shipped_packs()}
    assert set(packs) >= {"en", "zh"}
    for pack in packs.values():
        assert isinstance(pack, ExemplarPack)
        for intent in INTENTS:
            wanted = 15 if intent == "unknown" else 25
            count = len(pack.intents.get(intent, []))
            if intent == "policy_question":
                count += sum(len(texts) for texts in pack.policy_topics.values())
            assert count >= wanted, (pack.language, intent, count)


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("could somebody from the shop ring me about this", "human_request"),
        ("honestly just let me speak with one of your people", "human_request"),
        ("我想跟真人客服沟通一下", "human_request"),
        ("the lid cracked the first time i used the flask", "complaint"),
        ("收到就是坏的，真让人失望", "complaint"),
        ("what would be a good pick for a rainy week in wales", "recommendation"),
        ("how long will the parcel take to reach spain", "policy_question"),
        ("has the parcel i ordered on friday left yet", "order_status"),
        ("whats the price of the grey one", "price_question"),
        ("cheers, that sorted it", "thanks"),
    ],
)
def test_unseen_messages_are_routed_to_their_intent(router: Router, text: str, intent: str) -> None:
    assert text.lower() not in ALL_EXEMPLARS
    assert router.route(text).intent == intent


def test_policy_questions_carry_their_topic(router: Router) -> None:
    assert router.route("how do i get the mud off suede boots").topic == "care"
    assert router.route("退回去的运费谁来付").topic == "returns"


def test_out_of_scope_text_gets_lower_scores(router: Router) -> None:
    inside = router.route("could you tell me where my parcel has got to")
    outside = [
        router.route("the mitochondria is the powerhouse of the cell"),
        router.route("glorp fneep wuzzle"),
    ]
    assert inside.in_scope and inside.probability > 0.6
    for reading in outside:
        assert reading.probability < 0.6 * inside.probability
        assert reading.intent in {None, "off_topic"}


def test_calibration_is_fitted_on_held_out_exemplars(router: Router) -> None:
    assert 0.0 < router.temperature < 1.0
    assert 0.0 < router.floor < router.sure < 1.0
    assert router.held_out_accuracy > 0.6  # each exemplar read by all the others


def test_a_disclaimed_complaint_is_not_a_complaint() -> None:
    from assistant.agent.understanding import understand

    reading = understand(
        "not a complaint, but can I send back a jacket I never wore?", DEMO_VOCABULARY
    )
    assert reading.intent == "policy_question"
    assert reading.policy_topic == "returns"
    assert not (reading.complaint or reading.anger or reading.human_request)


def test_a_negated_feeling_is_still_a_complaint() -> None:
    from assistant.agent.understanding import understand

    reading = understand("the grinder broke after two days, not happy at all", TEA_VOCABULARY)
    assert reading.complaint


def test_declining_a_person_is_no_request_for_one() -> None:
    from assistant.agent.understanding import understand

    reading = understand(
        "no need for a human, just tell me how long shipping takes", DEMO_VOCABULARY
    )
    assert not reading.human_request
    assert reading.intent == "policy_question"


def test_a_swear_word_in_a_repair_question_is_no_complaint() -> None:
    from assistant.agent.understanding import understand

    reading = understand(
        "the bloody zip on my tent keeps sticking, how do i sort it", DEMO_VOCABULARY
    )
    assert not (reading.complaint or reading.anger)
    assert reading.intent == "policy_question"


def test_exemplars_can_be_added_for_one_store(router: Router) -> None:
    from assistant.agent.understanding.router import Exemplar

    question = "do you engrave names on the flasks"
    extended = router.with_exemplars([Exemplar(question, "policy_question", None, "en")])
    assert len(extended.exemplars) == len(router.exemplars) + 1
    assert extended.route("can you engrave a name on a flask").intent == "policy_question"
