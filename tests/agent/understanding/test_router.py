"""The learned router: its packs, its readings of unseen messages, calibration and negation."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from pydantic import ValidationError

from assistant.agent.understanding.labels import INTENTS
from assistant.agent.understanding.router import (
    ExemplarPack,
    Router,
    default_router,
    fit_balanced_bias,
    load_banks,
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
    banks: dict[str, list[ExemplarPack]] = {}
    for pack in shipped_packs():
        assert isinstance(pack, ExemplarPack)
        banks.setdefault(pack.language, []).append(pack)
    assert set(banks) >= {"en", "zh"}
    for language, packs in banks.items():
        assert len(packs) >= 5, language  # banks written in several voices
        for intent in INTENTS:
            count = sum(
                len(pack.intents.get(intent, []))
                + (
                    sum(len(texts) for texts in pack.policy_topics.values())
                    if intent == "policy_question"
                    else 0
                )
                for pack in packs
            )
            assert count >= 80, (language, intent, count)


def test_the_banks_of_a_language_are_read_together(tmp_path: Path) -> None:
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "exemplars.yaml").write_text(
        "language: en\nintents:\n  greeting: [hi there]\n", encoding="utf-8"
    )
    (tmp_path / "en" / "exemplars-terse.yaml").write_text(
        "language: en\nintents:\n  thanks: [ta]\n", encoding="utf-8"
    )
    (tmp_path / "en" / "handoff.yaml").write_text("not: a bank\n", encoding="utf-8")
    rows = {(e.text, e.intent) for pack in load_banks(tmp_path) for e in pack.exemplars()}
    assert rows == {("hi there", "greeting"), ("ta", "thanks")}


def test_a_message_in_two_banks_of_one_language_is_refused(tmp_path: Path) -> None:
    (tmp_path / "en").mkdir()
    for name, intent in (("exemplars.yaml", "greeting"), ("exemplars-b.yaml", "unknown")):
        (tmp_path / "en" / name).write_text(
            f"language: en\nintents:\n  {intent}: [hey]\n", encoding="utf-8"
        )
    with pytest.raises(ValueError, match="listed twice"):
        load_banks(tmp_path)


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


def test_balanced_offsets_take_back_a_large_class_s_advantage() -> None:
    # Class 0 has nine rows in ten and reads 0.05 higher everywhere, so at the raw scores
    # every row of class 1 is read as class 0; the offsets must give class 1 its rows back.
    rows = 200
    truth = np.array([0] * 180 + [1] * 20, dtype=np.int64)
    scores = np.zeros((rows, 2), dtype=np.float32)
    scores[:, 0] = 0.55
    scores[:, 1] = np.where(truth == 1, 0.53, 0.40)
    assert (np.argmax(scores, axis=1)[truth == 1] == 0).all()
    bias = fit_balanced_bias(scores, truth, temperature=0.05)
    read = np.argmax(scores / 0.05 + bias, axis=1)
    assert (read[truth == 1] == 1).all() and (read[truth == 0] == 0).all()
    assert np.isclose(bias.sum(), 0.0, atol=1e-5)
