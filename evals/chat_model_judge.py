"""A judge backed by any LangChain chat model (imported only when a judge is configured)."""

from __future__ import annotations

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage

from evals.judge import JudgeVerdict, judge_prompt, parse_verdict


class ChatModelJudge:
    """A judge backed by a chat model (temperature should be 0 for repeatable grades)."""

    def __init__(self, model: BaseChatModel, name: str) -> None:
        self._model = model
        self._name = name

    @property
    def name(self) -> str:
        """The judge's model spec."""
        return self._name

    def grade(self, rubric: str, transcript: str) -> JudgeVerdict:
        """Ask the model; its first word is the verdict."""
        prompt = judge_prompt()
        answer = self._model.invoke(
            [
                SystemMessage(prompt.text),
                HumanMessage(f"Rubric:\n{rubric}\n\nConversation:\n{transcript}"),
            ]
        )
        return parse_verdict(answer.text)
