"""What the shopper wants, for messages that need no dialogue context.

Generic phrasings run on both stores; phrasings that name products use each store's own.
"""

from __future__ import annotations

import pytest

from tests.agent.understanding.conftest import Store

GENERIC = {
    "greeting": ["hi", "Hello!", "hey there", "good evening", "你好", "您好", "在吗", "早上好"],
    "thanks": ["thanks!", "thank you so much", "cheers, appreciate it", "谢谢", "多谢了", "感谢"],
    "goodbye": ["bye", "goodbye, have a great day", "see you", "再见", "拜拜", "就这样吧，拜拜"],
    "view_cart": [
        "show me my cart",
        "what's in my basket?",
        "what is my cart total",
        "看看购物车",
        "购物车里有什么",
        "我的购物车",
    ],
    "checkout": [
        "checkout please",
        "I'm ready to check out",
        "place my order",
        "proceed to payment",
        "let's pay",
        "我要结账",
        "去付款",
        "提交订单",
        "下单",
    ],
    "order_status": [
        "where is my order?",
        "what's the status of my order",
        "has my package shipped?",
        "when will my order arrive?",
        "track my parcel",
        "我的订单到哪了",
        "查一下物流",
        "发货了吗",
        "快递到哪了",
    ],
    "human_request": [
        "can I talk to a real person?",
        "I want to speak to a human",
        "agent please",
        "connect me with customer service",
        "get me a manager",
        "human",
        "is there a live agent?",
        "转人工",
        "人工客服",
        "我要找客服",
        "能不能帮我转人工",
        "我想和真人说话",
        "叫你们经理来",
    ],
    "complaint": [
        "this is ridiculous!!",
        "terrible service, I'm really angry",
        "the item arrived broken",
        "I want to make a complaint",
        "what a rip off",
        "太差了",
        "我要投诉",
        "质量有问题，坏了",
        "气死我了，什么破东西",
    ],
    "off_topic": [
        "what's the weather like tomorrow?",
        "tell me a joke",
        "who won the football game?",
        "write me a poem",
        "what is 12 x 7",
        "今天天气怎么样",
        "讲个笑话",
        "帮我写一首诗",
        "比特币多少钱",
    ],
    "apply_coupon": [
        "use code SAVE15",
        "apply coupon FREESHIP",
        "I have a promo code",
        "用优惠码 NEW20",
        "我有优惠券",
    ],
    "policy_question": [
        "what is your return policy?",
        "how much is shipping?",
        "how long does delivery take?",
        "do you ship internationally?",
        "is there a warranty?",
        "what payment methods do you accept?",
        "can I pay with PayPal?",
        "is there a size guide?",
        "what do you do with my personal data?",
        "do you have any discounts right now?",
        "can I return it if it doesn't fit?",
        "退货政策是什么",
        "可以退货吗",
        "运费多少",
        "包邮吗",
        "保修多久",
        "支持支付宝吗",
        "怎么选尺码",
        "你们怎么保护我的隐私",
        "有什么优惠活动",
    ],
    "recommendation": [
        "what would you recommend?",
        "can you suggest something for a beginner?",
        "which one should I buy?",
        "help me choose",
        "推荐一下",
        "有什么推荐的",
        "哪个比较好",
        "帮我选一个",
    ],
}


@pytest.mark.parametrize(
    ("intent", "text"), [(intent, text) for intent, texts in GENERIC.items() for text in texts]
)
def test_generic_messages_have_their_intent(store: Store, intent: str, text: str) -> None:
    assert store.read(text).intent == intent


SEARCHES = {
    "demo": [
        "do you have tents?",
        "I'm looking for hiking boots",
        "show me rain jackets",
        "any sleeping bags under $200?",
        "I need a headlamp",
        "waterproof boots size 42",
        "I want to buy a backpack",
        "有没有帐篷",
        "我想买登山鞋",
        "给我看看睡袋",
        "有哪些背包",
        "找一个头灯",
        "200元以下的冲锋衣",
    ],
    "tea": [
        "do you have green tea?",
        "I'm looking for coffee beans",
        "show me headphones",
        "any kettles under €100?",
        "I need a grinder",
        "organic oolong",
        "I want to buy an e-reader",
        "有没有绿茶",
        "我想买咖啡豆",
        "给我看看耳机",
        "有哪些茶具",
        "找一个磨豆机",
        "100元以下的红茶",
    ],
}


@pytest.mark.parametrize(
    ("store_name", "text"), [(s, t) for s, texts in SEARCHES.items() for t in texts]
)
def test_searches_for_kinds_of_products_are_product_searches(
    store_name: str, text: str, request: pytest.FixtureRequest
) -> None:
    store: Store = request.getfixturevalue(store_name)
    assert store.read(text).intent == "product_search"


NAMED_PRODUCT_QUESTIONS = {
    "demo": [
        ("is the Ridgeline 2P Backpacking Tent in stock?", "stock_question"),
        ("how much is the Traverse 65?", "price_question"),
        ("what's the price of the Beacon 600 Rechargeable Headlamp", "price_question"),
        ("how heavy is the Summit Storm tent?", "product_question"),
        ("tell me about the Cloudburst rain jacket", "product_question"),
        ("Ridgeline 2P 多少钱", "price_question"),
        ("Skyline Trail Runner 有货吗", "stock_question"),
        ("Emberfall 睡袋保暖吗", "product_question"),
    ],
    "tea": [
        ("is the Burr Grinder Pro in stock?", "stock_question"),
        ("how much is the Pourfect Gooseneck Kettle?", "price_question"),
        ("what does the Inkleaf 6 cost?", "price_question"),
        ("is the Inkleaf 7 Pro waterproof?", "product_question"),
        ("how long does the battery last on the Pocketbuds?", "product_question"),
        ("Quietwave 耳机多少钱", "price_question"),
        ("Jasmine Pearls 有货吗", "stock_question"),
        ("Da Hong Pao 是什么茶", "product_question"),
    ],
}


@pytest.mark.parametrize(
    ("store_name", "text", "intent"),
    [(s, t, i) for s, cases in NAMED_PRODUCT_QUESTIONS.items() for t, i in cases],
)
def test_questions_about_a_named_product_have_their_intent(
    store_name: str, text: str, intent: str, request: pytest.FixtureRequest
) -> None:
    store: Store = request.getfixturevalue(store_name)
    result = store.read(text)
    assert result.intent == intent
    assert result.product_handles


@pytest.mark.parametrize(
    "text", ["how much is shipping?", "how much does delivery cost?", "运费多少钱"]
)
def test_the_cost_of_shipping_is_a_policy_question_not_a_price_question(
    store: Store, text: str
) -> None:
    result = store.read(text)
    assert (result.intent, result.policy_topic) == ("policy_question", "shipping")


@pytest.mark.parametrize(
    "text", ["what is your return policy?", "can I return it?", "退货政策", "可以退吗"]
)
def test_asking_about_returns_is_a_policy_question(store: Store, text: str) -> None:
    result = store.read(text)
    assert (result.intent, result.policy_topic, result.service_request) == (
        "policy_question",
        "returns",
        None,
    )


@pytest.mark.parametrize(
    ("text", "service"),
    [
        ("I want to return this item", "return"),
        ("I'd like a refund", "refund"),
        ("please cancel my order", "cancel"),
        ("I need to exchange these for a bigger size", "exchange"),
        ("我要退货", "return"),
        ("我想退款", "refund"),
        ("帮我取消订单", "cancel"),
    ],
)
def test_asking_for_a_return_to_be_done_goes_to_a_person(
    store: Store, text: str, service: str
) -> None:
    result = store.read(text)
    assert (result.intent, result.service_request) == ("human_request", service)
    assert result.human_request is False  # the shopper did not ask for a person by name


@pytest.mark.parametrize(
    "text",
    [
        "I don't want to talk to a person, just show me what you have",
        "no need for a human, I'm just browsing",
        "不用转人工",
        "不要人工，我自己看看",
    ],
)
def test_declining_a_person_is_not_a_human_request(store: Store, text: str) -> None:
    result = store.read(text)
    assert result.human_request is False
    assert result.intent != "human_request"


@pytest.mark.parametrize("text", ["I'm not looking for tents, I want a stove", "不要帐篷，要炉子"])
def test_a_negated_search_keeps_the_wanted_kind(demo: Store, text: str) -> None:
    assert demo.read(text).category_hint == "stoves"


@pytest.mark.parametrize(
    ("text", "first", "second"),
    [
        ("is it in stock and how much is it?", "stock_question", "price_question"),
        ("有货吗？多少钱？", "stock_question", "price_question"),
        ("add it to my cart and check out", "add_to_cart", "checkout"),
        ("thanks, bye!", "thanks", "goodbye"),
    ],
)
def test_a_message_can_carry_two_intents(store: Store, text: str, first: str, second: str) -> None:
    result = store.read(text)
    assert result.intent == first
    assert second in result.secondary_intents


@pytest.mark.parametrize("text", ["hi, do you have gift cards?", "你好，有没有礼品卡"])
def test_a_greeting_before_a_request_gives_way_to_the_request(store: Store, text: str) -> None:
    assert store.read(text).intent != "greeting"


@pytest.mark.parametrize(
    "text", ["my order hasn't arrived and this is unacceptable!!", "等了两周还没到，太差了"]
)
def test_an_angry_message_about_an_order_is_a_complaint_with_anger(store: Store, text: str) -> None:
    result = store.read(text)
    assert (result.intent, result.complaint) == ("complaint", True)


def test_shouting_counts_as_anger(store: Store) -> None:
    assert store.read("WHERE IS MY ORDER I PAID A WEEK AGO").anger is True


@pytest.mark.parametrize(
    "text", ["can you give me a discount?", "能便宜点吗", "any chance of a better price?"]
)
def test_bargaining_is_flagged(store: Store, text: str) -> None:
    assert store.read(text).bargain is True


@pytest.mark.parametrize("text", ["the stock market is crazy today", "今天股市怎么样"])
def test_the_stock_market_is_not_a_stock_question(store: Store, text: str) -> None:
    assert store.read(text).intent == "off_topic"


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("yes please", "yes"),
        ("sure", "yes"),
        ("好的", "yes"),
        ("no thanks", "no"),
        ("不用了", "no"),
    ],
)
def test_confirmations_are_read(store: Store, text: str, answer: str) -> None:
    assert store.read(text).confirmation == answer


@pytest.mark.parametrize("text", ["asdfgh qwerty", "嗯嗯啊啊", "???", "lorem ipsum dolor"])
def test_gibberish_is_unknown(store: Store, text: str) -> None:
    assert store.read(text).intent == "unknown"


@pytest.mark.parametrize(
    "text",
    ["are you a bot?", "are you a real person?", "你是人工智能吗", "你是真人吗", "你们是机器人吗"],
)
def test_asking_whether_the_assistant_is_a_machine_asks_for_no_person(
    store: Store, text: str
) -> None:
    result = store.read(text)
    assert (result.intent, result.human_request) == ("greeting", False)


def test_artificial_intelligence_is_no_person(demo: Store) -> None:
    result = demo.read("你是人工智能吗？能帮我推荐一个睡袋吗？")
    assert (result.intent, result.human_request) == ("recommendation", False)


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("Can I pay with PayPal, or with Bitcoin?", "payment"),
        ("do you take cash?", "payment"),
        ("可以用比特币付款吗？", "payment"),
        ("How long do I have to cancel an order after I place it?", "returns"),
        ("下单后多久内可以取消订单？", "returns"),
        ("My hand measures 22 cm around the knuckles. What glove size am I?", "sizing"),
        ("我手掌围22厘米，手套戴什么码？", "sizing"),
        ("How much do you charge to repair a broken tent pole?", "warranty"),
        ("Can I get a refund on a coupon?", "returns"),
    ],
)
def test_questions_about_store_rules_are_policy_questions(
    store: Store, text: str, topic: str
) -> None:
    result = store.read(text)
    assert (result.intent, result.policy_topic) == ("policy_question", topic)
    assert (result.complaint, result.coupon_code, result.service_request) == (False, None, None)


@pytest.mark.parametrize(
    "text",
    [
        "Which orders do I have with you?",
        "Where's my most recent order?",
        "Show me my past orders.",
        "What's the status of that order now?",
        "我最近的订单在哪？",
        "查看我的历史订单",
    ],
)
def test_the_shoppers_orders_without_a_number_are_order_status(store: Store, text: str) -> None:
    result = store.read(text)
    assert (result.intent, result.order_number) == ("order_status", None)


@pytest.mark.parametrize(
    "text",
    [
        "What would I pay if I checked out now?",
        "How much would I owe at checkout right now?",
        "现在结账的话一共要付多少钱？",
    ],
)
def test_asking_what_checking_out_would_cost_shows_the_cart(store: Store, text: str) -> None:
    assert store.read(text).intent == "view_cart"


@pytest.mark.parametrize("text", ["is it still 25% off?", "is it on sale?", "这个还打八折吗"])
def test_asking_about_a_sale_is_a_price_question(store: Store, text: str) -> None:
    assert store.read(text).intent == "price_question"
