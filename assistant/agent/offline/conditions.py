"""Policy questions about the shopper's own case, answered with the policy applied to it.

"my tent was delivered 50 days ago, can I still return it?" is not a question about the return
policy in general: the answer compares 50 days with the policy's 30 (60 for VIP members) and
says the result first, then quotes the rule, then what the shopper can still do (the wider
window of an audience, the warranty). Without a figure, the facts of the case (unopened, not yet
shipped, from France, a second exchange) choose the sentence that applies, and a yes/no
question gets its yes or no first when the sentence says it plainly.

Every figure in the reply is the shopper's own or the retrieved policy's.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

from assistant.agent.offline.case_facts import Case, case_text, glosses, read_case, reworded
from assistant.agent.offline.case_words import case_words, has_any
from assistant.agent.offline.knowledge import SEARCH_LIMIT, TOPIC_QUERIES, knowledge, search_query
from assistant.agent.offline.passages import terms
from assistant.agent.offline.phrasebook import say
from assistant.agent.offline.policy_rules import (
    Ruling,
    Sentence,
    applies,
    clashes,
    options,
    rule_on,
    score,
    sentences_of,
)
from assistant.agent.offline.steps import Step, answer, call
from assistant.agent.offline.turn_state import TurnState
from assistant.agent.offline.yes_no import chinese_echo, verdict
from assistant.agent.understanding.intents import Understanding
from text.polarity import is_yes_no_question
from text.quantities import Quantity

POLICY_TYPES = ["policy", "faq"]
# Intents whose message can be a question about the shopper's case.
_CASE_INTENTS = frozenset(
    {"policy_question", "price_question", "checkout", "order_status", "unknown", "complaint"}
)
_MAX_QUOTED = 4
# A sentence chosen without a figure must share at least this much with the question.
_MIN_SCORE = 2.5
# Words every policy uses of itself: they tell no sentence from another.
_DOCUMENT_WORDS = terms("policy policies rule rules")
_ZH_UNITS = {"hour": "小时", "day": "天", "week": "周", "month": "个月", "year": "年"}


def about_own_case(u: Understanding, text: str) -> bool:
    """Whether the message asks what a policy means for the shopper's own situation."""
    if u.intent not in _CASE_INTENTS and u.policy_topic is None:
        return False
    case = read_case(text)
    if case.asked is None and not is_yes_no_question(text):
        return False
    if case.durations or case.amounts:
        return True
    return (case.has_facts or bool(case.audiences)) and (
        u.policy_topic is not None or u.intent == "policy_question"
    )


def answer_case(u: Understanding, st: TurnState) -> Step:
    """Search the policies, apply the rule to the case, and say the result first."""
    case = read_case(st.text)
    done = st.last("search_knowledge")
    if done is None:
        # A figure is held against a rule's window or threshold: the topic's keywords find it.
        ruled = bool(case.durations or case.amounts) and u.language != "zh"
        topic = TOPIC_QUERIES.get(u.policy_topic or "", "") if ruled else ""
        query = f"{search_query(u, st.text)} {topic} {glosses(st.text, case)}".strip()[:500]
        return call("search_knowledge", query=query, doc_types=POLICY_TYPES, limit=SEARCH_LIMIT)
    if st.last("request_human") is not None or not done.ok:
        return knowledge(u, st, doc_types=POLICY_TYPES)
    hits: list[dict[str, Any]] = done.result.get("hits") or []
    sure = float(done.result.get("confidence", 0.0))
    sentences = sentences_of(hits)
    if case.places and not any(_names_place(s, case) for s in sentences):
        # The documents never name the shopper's place: nothing to apply it to.
        case = replace(case, places=())
        if not case.has_facts:
            return knowledge(u, st, doc_types=POLICY_TYPES)
    if not sentences:
        return knowledge(u, st, doc_types=POLICY_TYPES)
    query = reworded(str(done.args.get("query", st.text)))
    asked = {
        term
        for term in terms(f"{query} {glosses(st.text, case)} {_item_words(u)}") - _DOCUMENT_WORDS
        if not term.isdigit()  # the shopper's "3" is no word of the rule's "3 business days"
    }
    scores = score(sentences, asked, case)
    passages = [[s for s in sentences if s.hit == index] for index in range(len(hits))]
    ruling = rule_on(sentences, scores, case, passages, asked)
    if ruling is not None:
        return _ruled(u, st, case, hits, sentences, ruling, sure)
    return _by_sentence(u, st, case, hits, sentences, scores, sure)


def _names_place(sentence: Sentence, case: Case) -> bool:
    shopper = {p.name for p in case.places} | {r for p in case.places for r in p.regions}
    return bool(shopper & {p.name for p in sentence.places})


def _item_words(u: Understanding) -> str:
    """The kind of item the shopper speaks of, in the catalog's own category words."""
    return " ".join(hint.replace("-", " ") for hint in u.category_hints[:2])


def _ruled(
    u: Understanding,
    st: TurnState,
    case: Case,
    hits: list[dict[str, Any]],
    sentences: list[Sentence],
    ruling: Ruling,
    sure: float,
) -> Step:
    language = u.language
    yes, no = chinese_echo(case_text(st.text), case.asked) if language == "zh" else ("", "")
    figure = ruling.figure.text
    limit = _figure_words(ruling.limit, language)
    if ruling.limit.kind == "duration":
        key = "case_within" if ruling.met else "case_past"
    else:
        key = "case_reaches" if ruling.met else "case_below"
    conclusion = say(key, language, figure=figure, limit=limit, yes=yes, no=no)
    quoted = [ruling.rule]
    quoted += _support(sentences, case, ruling.rule)
    if not ruling.met:
        quoted += options(sentences, case, ruling, quoted)
    return _reply(u, conclusion, quoted, hits, ruling.rule.hit, max(sure, st.threshold))


def _support(sentences: list[Sentence], case: Case, rule: Sentence) -> list[Sentence]:
    """Sentences of the rule's own passage that apply to the case and carry a figure or state."""
    passage = [s for s in sentences if s.hit == rule.hit]
    found: list[Sentence] = []
    shopper_states = {state.name for state in case.states}
    for sentence in passage:
        if sentence is rule or not applies(sentence, case, passage) or sentence.audiences:
            continue
        money = case.amounts and any(q.kind == "money" for q in sentence.figures)
        state = shopper_states & {s.name for s in sentence.states}
        if money or state:
            found.append(sentence)
    return found[:1]


def _by_sentence(
    u: Understanding,
    st: TurnState,
    case: Case,
    hits: list[dict[str, Any]],
    sentences: list[Sentence],
    scores: list[float],
    sure: float,
) -> Step:
    """No figure to compare: the applying sentence that answers best, yes or no first."""
    passages = [[s for s in sentences if s.hit == index] for index in range(len(hits))]
    ranked = sorted(range(len(sentences)), key=lambda i: -scores[i])
    usable = [
        sentences[i]
        for i in ranked
        if applies(sentences[i], case, passages[sentences[i].hit]) and not sentences[i].audiences
    ]
    # A sentence naming the shopper's state or place first; else the best one that fits.
    chosen = next((s for s in usable if _speaks_to_case(s, case)), usable[0] if usable else None)
    if chosen is None or (scores[sentences.index(chosen)] < _MIN_SCORE and sure < st.threshold):
        return knowledge(u, st, doc_types=POLICY_TYPES)
    language = u.language
    conclusion = ""
    said = verdict(case.asked, chosen.quote)
    if said == "yes" and case.repeat and has_any(chosen.text, case_words().repeats["rule_once"]):
        said = "no"  # the shopper asks about a second time; the sentence allows one
    if said is not None:
        yes, no = chinese_echo(case_text(st.text), case.asked) if language == "zh" else ("", "")
        conclusion = say("case_yes" if said == "yes" else "case_no", language, yes=yes, no=no)
    follow = [
        s
        for s in passages[chosen.hit]
        if s is not chosen
        and s.position > chosen.position
        and applies(s, case, passages[chosen.hit])
        and not clashes(s, case)
        and not s.audiences
        and s.lead == chosen.lead
        and _speaks_to_case(s, case)
        and scores[sentences.index(s)] >= _MIN_SCORE
    ][:1]
    return _reply(u, conclusion, [chosen, *follow], hits, chosen.hit, max(sure, st.threshold))


def _speaks_to_case(sentence: Sentence, case: Case) -> bool:
    """A sentence chosen without a figure must name the shopper's state or place, if any."""
    if case.states and {s.name for s in case.states} & {s.name for s in sentence.states}:
        return True
    if case.places and sentence.places:
        return True
    return not case.states and not case.places


def _reply(
    u: Understanding,
    conclusion: str,
    quoted: list[Sentence],
    hits: list[dict[str, Any]],
    cited: int,
    confidence: float,
) -> Step:
    unique: list[str] = []
    for sentence in quoted:
        if sentence.quote not in unique:
            unique.append(sentence.quote)
    citation = hits[cited].get("citation", {})
    source = " — ".join(part for part in (citation.get("title"), citation.get("section")) if part)
    parts = [
        conclusion,
        say("knowledge_english", u.language),
        " ".join(unique[:_MAX_QUOTED]),
        say("knowledge_source", u.language, source=source),
    ]
    return answer("\n".join(part for part in parts if part), confidence=confidence)


def _figure_words(limit: Quantity, language: str) -> str:
    """The rule's figure as the reply says it: "30 days", "30天", "EUR 39.00"."""
    if limit.kind != "duration":
        return limit.text
    number = format(limit.number.normalize(), "f")
    if language == "zh":
        return f"{number}{_ZH_UNITS[limit.written_unit]}"
    plural = "" if limit.number == Decimal(1) else "s"
    return f"{number} {limit.written_unit}{plural}"
