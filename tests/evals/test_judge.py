from assistant.agent.models.scripted import ScriptedChatModel, reply
from evals.chat_model_judge import ChatModelJudge
from evals.judge import judge_prompt, parse_verdict


def test_pass_and_fail_verdicts_are_read_with_their_reason() -> None:
    assert parse_verdict("PASS: polite and correct").passed
    verdict = parse_verdict("FAIL: promised a refund")
    assert (verdict.passed, verdict.reason) == (False, "promised a refund")


def test_an_answer_without_a_verdict_fails_and_says_so() -> None:
    verdict = parse_verdict("I think it was fine")
    assert not verdict.passed
    assert "no verdict" in verdict.reason


def test_the_judge_prompt_has_a_version() -> None:
    assert judge_prompt().version == "eval_judge@1"


def test_a_chat_model_judge_sends_rubric_and_transcript() -> None:
    model = ScriptedChatModel(script=[reply("PASS: refused the discount")])
    judge = ChatModelJudge(model, name="scripted")
    verdict = judge.grade("No discount above 15%.", "Shopper: 50% off?\nAssistant: I can't.")
    assert verdict.passed
    sent = model.received[0]
    assert "No discount above 15%." in str(sent[-1].content)
    assert "Assistant: I can't." in str(sent[-1].content)
