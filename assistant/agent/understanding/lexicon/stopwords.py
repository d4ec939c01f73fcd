"""Words that carry no product meaning: left out of the retrieval query and the coverage count."""

from __future__ import annotations

_ENGLISH = """
a about above after again all also am an and another any anything are around as at available
back be been being best both but buy by can cannot could did do does doing done dont each either
else even ever every exactly find for from get gets getting give go going good got had has have
having hello help hey hi how i id ill im in into is isnt it its itd itll ive just kind know let
lets like looking look make many may maybe me mine more most much my need needs no not now of
off ok okay on one ones only or other our out over own please pls plz price prices cost costs
quite rather really right same see sell sells should show so some something sort still such
sure tell than thank thanks that thats the their them then there these they thing things think
this those to too type u up us very want wants was we well were what whats when where which
while who why will with would yes you your youre yours
anymore currently looking want wanted wondering interested trying search searching sell
selling carry stock stocked cart basket add put take order ordered item items product
products thing recommend recommendation suggest suggestion prefer please thx ty hmm hm
lot lots great nice awesome perfect cool wonderful helpful already guys folks there here again
talk speak chat person human agent someone somebody people availability left remaining sold
purchase offer offers remove delete checkout pay proceed ready place basket trolley into
"""

ENGLISH_STOPWORDS: frozenset[str] = frozenset(_ENGLISH.split())

# Generic describing words: not stop words (they help retrieval) but understood, for coverage.
_DESCRIPTIVE_WORDS_TEXT = """
    large small big little new old good bad warm cold light heavy long short wide narrow tall
    high low soft hard thick thin simple basic cheap expensive better quality easy quick fast
    slow strong durable pretty nicer bigger smaller lighter heavier warmer colder extra spare
    everyday daily outdoor indoor travel trip hiking camping walking running winter summer
    spring autumn fall rain snow cold hot weather day night evening morning weekend gift size
"""
DESCRIPTIVE_WORDS: frozenset[str] = frozenset(_DESCRIPTIVE_WORDS_TEXT.split())

_CHINESE_STOPWORDS_TEXT = """
    我 你 您 你们 您们 我们 他 她 它 它们 的 了 吗 呢 吧 啊 呀 哦 嗯 么 嘛 啦 就 都 也 还 又 很
    太 更 最 和 与 跟 或 或者 是 在 有 有没有 没有 有无 要 想 想要 需要 给 给我 帮 帮我 请 请问
    一下 一点 看看 看一下 找 找一下 一个 一款 一件 一双 一些 这个 那个 这款 那款 这些 那些 这种
    那种 什么 哪些 哪个 怎么 怎样 如何 多少 吗? 个 款 件 双 买 购买 想买 我要 我想 能 能不能
    可以 可不可以 会 谢谢 你好 您好 推荐 下 些 之 其 以 及 对 让 把 被 从 到 为 为了 关于 可 那
    这 吗 么 是不是 有吗 加入 加到 放进 放入 购物车 多少钱 价格 价钱 有货 有库存 库存 现货 还有
    结账 下单 付款 删除 删掉 移除 要买 哪款 比较 好 好的 帮我选 一共 总共 麻烦 请帮我 没 吧 呀
    啦 嘛
"""
CHINESE_STOPWORDS: frozenset[str] = frozenset(_CHINESE_STOPWORDS_TEXT.split())
