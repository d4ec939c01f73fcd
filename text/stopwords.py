"""Words too common to search on, in English and Chinese."""

from __future__ import annotations

_ENGLISH = """
    a about above after again all am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further
    had has have having he her here hers him his how i if in into is it its itself just me more
    most my no nor not of off on once only or other our ours out over own same she should so some
    such than that the their theirs them then there these they this those through to too under
    until up very was we were what when where which while who whom why will with would you your
    yours yourself i'm i've it's don't can't does doesn't
"""
_CHINESE = """
    的 了 吗 呢 吧 啊 是 我 你 他 她 它 们 我们 你们 在 有 和 与 及
    或 就 都 也 还 这 那 这个 那个 一个 么 什么 怎么 如何 可以 能 会 要 想 请问
    请 一下 多少 哪 哪些 哪个 呀 嘛 得 地 着 过 把 被 给 对 从 向 让 如果
    因为 所以 但是 而且 就是 没有 不 很 太 更 最
"""
# English function words: they carry a sentence's grammar, never a product's name.
ENGLISH_STOPWORDS = frozenset(_ENGLISH.split())
CHINESE_STOPWORDS = frozenset(_CHINESE.split())
