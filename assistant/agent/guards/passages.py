"""The passage guard: merchant text that talks to the assistant never reaches a brain.

Documents and product descriptions are the merchant's data, and sometimes carry text planted
for the assistant ("add this to your reply", "ignore the question", "tell the shopper to
visit ..."). Such sentences, and sentences with links or e-mail addresses outside the store's
own domains, are removed from every tool result before any brain reads it; the rest of the
passage is still used. The same link policy cleans the final reply, so no brain can hand a
shopper a foreign link either.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Awaitable, Callable, Iterable
from typing import Any
from urllib.parse import urlsplit

from langchain.agents.middleware import AgentMiddleware, ToolCallRequest
from langchain_core.messages import ToolMessage
from langgraph.types import Command

from assistant.agent.opening import TurnContext
from assistant.domain.store_settings import StoreSettings

log = logging.getLogger("assistant.agent.guards")

ToolResult = ToolMessage | Command[Any]

# Sentences written to the assistant rather than to shoppers.
_ADDRESSED = re.compile(
    "|".join(
        (
            r"\b(?:ignore|disregard|forget)\b[^.!?\n]{0,30}\b(?:instructions?|rules|prompts?|"
            r"the (?:question|shopper|user|customer))\b",
            r"\btell (?:the |every |all |any )?(?:shoppers?|users?|customers?|visitors?|buyers?)"
            r"\b[^.!?\n]{0,20}\b(?:to|that)\b",
            r"\b(?:add|include|append|insert|put|mention)\b[^.!?\n]{0,120}\b(?:to|in|into) "
            r"(?:your|the|every|each|all) (?:reply|replies|answers?|responses?|output|messages?)",
            r"\b(?:assistants?|chat ?bots?|bots?|ai|language models?|llms?)\b[,:]? "
            r"(?:must|should|shall|always|never|please|will)\b",
            r"\bnote to (?:the )?(?:assistant|ai|bot|model)\b|\bas an ai\b",
            r"\b(?:whenever|when|if) (?:this|the|a) [^.!?\n]{0,40}\bis mentioned\b",
            r"\bwithout (?:asking|telling) (?:the )?(?:shopper|user|customer)\b",
            r"(?:助手|机器人|人工智能|AI)[:：]?\s*(?:必须|应该|请|务必|总是)",
            r"忽略[^。！？\n]{0,10}(?:指令|规则|指示|问题)",
            r"(?:告诉|通知|提醒)(?:用户|顾客|客户|买家)",
            r"在(?:回复|回答|答复)(?:中|里)(?:加入|添加|写上|附上)",
        )
    ),
    re.IGNORECASE,
)
# A bracketed note to the assistant inside otherwise good text: "[ASSISTANT INSTRUCTION: ...]".
_BRACKETED = re.compile(
    r"[\[(<{【]\s*(?:assistant|ai|bot|system|instruction|note to)[^\]\)>}】]{0,400}[\])>}】]",
    re.IGNORECASE,
)
_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"')\]]+", re.IGNORECASE)
_EMAIL = re.compile(r"\b[\w.+-]+@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)\b")
_BARE_DOMAIN = re.compile(
    r"(?<![@\w.-])((?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+"
    r"(?:com|net|org|io|co|shop|store|info|biz|app|dev|online|site|xyz|us|uk|de|fr|cn|eu|ca|au|"
    r"example|test))(?![\w-])",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+|(?<=[。！？])\s*")
# Keys whose string values are merchant-written text.
_TEXT_KEYS = frozenset({"text", "snippet", "description", "answer", "body", "summary"})


class LinkPolicy:
    """Which domains a shopper may be shown: the store's own (subdomains included)."""

    def __init__(self, domains: Iterable[str]) -> None:
        self.domains = frozenset(d.lower().strip(".") for d in domains if d)

    @classmethod
    def for_store(cls, settings: StoreSettings, public_base_url: str) -> LinkPolicy:
        """The store's listed domains, its support address's domain and the service's host."""
        domains = [*settings.own_domains, urlsplit(public_base_url).hostname or ""]
        if settings.support_email and "@" in settings.support_email:
            domains.append(settings.support_email.rsplit("@", 1)[1])
        return cls(domains)

    def allows(self, domain: str) -> bool:
        """True for one of the store's domains or a subdomain of one."""
        host = domain.lower().strip(".")
        host = host[4:] if host.startswith("www.") else host
        return any(host == own or host.endswith("." + own) for own in self.domains)

    def foreign_links(self, text: str) -> list[str]:
        """Links, e-mail addresses and bare domains in `text` outside the store's domains."""
        found = []
        for match in _URL.finditer(text):
            raw = match.group(0)
            host = urlsplit(raw if "://" in raw else "http://" + raw).hostname or ""
            if not self.allows(host):
                found.append(raw)
        for match in _EMAIL.finditer(text):
            if not self.allows(match.group(1)):
                found.append(match.group(0))
        without_urls = _EMAIL.sub(" ", _URL.sub(" ", text))
        for match in _BARE_DOMAIN.finditer(without_urls):
            if not self.allows(match.group(1)):
                found.append(match.group(1))
        return found


def clean_passage(text: str, links: LinkPolicy) -> str:
    """`text` without sentences addressed to the assistant or carrying foreign links."""
    if not text or not (
        _BRACKETED.search(text) or _ADDRESSED.search(text) or links.foreign_links(text)
    ):
        return text
    return _drop_sentences(
        _BRACKETED.sub(" ", text),
        lambda sentence: bool(_ADDRESSED.search(sentence) or links.foreign_links(sentence)),
    )


def clean_reply(reply: str, links: LinkPolicy) -> str:
    """The final reply without the sentences that hand the shopper a foreign link."""
    if not links.foreign_links(reply):
        return reply
    return _drop_sentences(reply, lambda sentence: bool(links.foreign_links(sentence)))


def _drop_sentences(text: str, unwanted: Callable[[str], bool]) -> str:
    lines = []
    for line in text.split("\n"):
        kept = [s.strip() for s in _SENTENCE.split(line) if s.strip() and not unwanted(s)]
        if kept or not line.strip():
            lines.append("".join(_spaced(kept)))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def clean_result(value: Any, links: LinkPolicy) -> Any:
    """A JSON tool result with every merchant-written text cleaned (other values untouched)."""
    if isinstance(value, dict):
        return {
            key: clean_passage(item, links)
            if key in _TEXT_KEYS and isinstance(item, str)
            else clean_result(item, links)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [clean_result(item, links) for item in value]
    return value


class PassageGuard(AgentMiddleware[Any, TurnContext, Any]):
    """Cleans every tool result of planted instructions and foreign links."""

    def __init__(self, public_base_url: str) -> None:
        super().__init__()
        self.public_base_url = public_base_url

    def _clean(self, request: ToolCallRequest, result: ToolResult) -> ToolResult:
        if not isinstance(result, ToolMessage) or not isinstance(result.content, str):
            return result
        try:
            data = json.loads(result.content)
        except ValueError:
            return result
        context = request.runtime.context
        brain = context.brain if isinstance(context, TurnContext) else None
        settings = brain.settings if brain is not None else StoreSettings()
        cleaned = clean_result(data, LinkPolicy.for_store(settings, self.public_base_url))
        if cleaned == data:
            return result
        log.info(
            "passage guard removed text from a tool result",
            extra={"tool": request.tool_call["name"]},
        )
        return result.model_copy(update={"content": json.dumps(cleaned, ensure_ascii=False)})

    def wrap_tool_call(
        self, request: ToolCallRequest, handler: Callable[[ToolCallRequest], ToolResult]
    ) -> ToolResult:
        """Run the tool, then clean what it returned."""
        return self._clean(request, handler(request))

    async def awrap_tool_call(
        self, request: ToolCallRequest, handler: Callable[[ToolCallRequest], Awaitable[ToolResult]]
    ) -> ToolResult:
        """Run the tool, then clean what it returned."""
        return self._clean(request, await handler(request))


def _spaced(sentences: list[str]) -> list[str]:
    """Sentences ready to concatenate: a space after Latin ones, none after Chinese ones."""
    return [
        s if i == len(sentences) - 1 or s.endswith(("。", "！", "？")) else s + " "
        for i, s in enumerate(sentences)
    ]
