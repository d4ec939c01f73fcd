"""The input guard: messages that try to rewrite the assistant's rules are refused in code.

Such a message never reaches a brain, so no model can be talked into obeying it and no tool
runs. The refusal is written here; the first attempts are not a handoff (a person would read
every attack), repeated ones are, after the store's `injection_handoff_after`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Attempts to rewrite the assistant's rules from the chat, and claims of authority that ask the
# chat to change the catalog: the chat changes no rule and no price.
_OVERRIDE = (
    r"ignore (?:all |any )?(?:the )?(?:previous|prior|above|earlier|your) "
    r"(?:instructions|rules|prompts?|directions)",
    r"disregard (?:your|the|all|any) (?:previous |prior )?(?:rules|instructions|guidelines)",
    r"forget (?:all |your |the )?(?:previous |prior )?(?:instructions|rules)",
    r"(?:admin|developer|debug|god|dan|jailbreak) mode",
    r"system prompt|system override|\bjailbreak\b",
    r"you are now (?:a|an|in|my)\b",
    r"pretend (?:to be|you are) (?:a |an |the )?(?:admin|developer|system|different)",
    r"\bi'?m the (?:shop|store) (?:owner|manager|admin)\b",
    r"\bi am the (?:shop |store )?(?:owner|manager|admin)\b",
    r"\b(?:change|set|update|edit)\b[^.?!]{0,40}\bprices?\b[^.?!]{0,40}\bto\b",
    r"\b(?:discount_cap|handoff_threshold)\w*\s*=",
    r"(?:忽略|无视|忘记)[^。！？]{0,8}(?:指令|规则|指示|提示)",
    r"(?:管理员|开发者|调试)模式|系统提示",
    r"价格改[成为]|改价|我是(?:店长|老板|店主|管理员)",
)
_PATTERN = re.compile("|".join(f"(?:{p})" for p in _OVERRIDE), re.IGNORECASE)

REFUSALS = {
    "en": (
        "I can't change my rules, prices or discounts from the chat: prices, stock and offers "
        "come from the shop's own system. I'm happy to help you find something, though!"
    ),
    "zh": (
        "我无法通过聊天修改规则、价格或折扣：价格、库存和优惠都以店铺系统为准。"
        "不过我很乐意帮您挑选商品！"
    ),
}


@dataclass(frozen=True)
class InputVerdict:
    """A message the guard stopped, and the words that gave it away."""

    kind: str
    matched: str

    def refusal(self, language: str) -> str:
        """The reply, in the shopper's language."""
        return REFUSALS.get(language, REFUSALS["en"])


class InjectionGuard:
    """Spots attempts to override the assistant in a shopper's message."""

    def check(self, text: str) -> InputVerdict | None:
        """A verdict when the message tries to override the assistant, else None."""
        found = _PATTERN.search(" ".join(text.split()))
        return InputVerdict("injection", found.group(0)) if found else None
