"""English cues about products: greetings, searches, questions, stock and price.

Targets are intents, `topic:<policy topic>` or `signal:<flag>`. Weights are votes: about 1 is
a hint, 1.5 a clear cue, 2 and more a cue that decides on its own; negative weights suppress.
"""

from __future__ import annotations

from assistant.agent.understanding.cues_en_parts import BARGAIN, CART, HOW_MUCH_OF, I_WANT, REF

ENGLISH_PRODUCT_CUES: tuple[tuple[str, float, str], ...] = (
    # greetings, thanks, goodbyes
    ("greeting", 1.0, r"^\W*(?:hi|hello|hey|hiya|howdy|yo|greetings|hallo|hola)\b"),
    ("greeting", 1.0, r"\bgood (?:morning|afternoon|evening|day)\b"),
    ("greeting", 0.6, r"\bhow are you\b|\bhow'?s it going\b"),
    (
        "thanks",
        1.4,
        r"\b(?:thanks|thank you|thank u|thx|ty|cheers|much appreciated|appreciate it)\b",
    ),
    ("goodbye", 1.4, r"\b(?:bye|goodbye|good bye|see you|see ya|farewell|take care)\b"),
    ("goodbye", 1.2, r"\bhave a (?:nice|good|great|lovely) (?:day|one|evening|weekend)\b"),
    ("goodbye", 1.0, r"\b(?:that'?s all|that is all|nothing else|i'?m done|no more questions)\b"),
    # finding products
    (
        "product_search",
        1.3,
        r"\b(?:do|does) (?:you|your (?:shop|store)) (?:guys )?(?:have|sell|carry|stock|offer)\b",
    ),
    (
        "product_search",
        1.1,
        r"\b(?:have you got|got any|you got any|is there any|are there any|anything)\b",
    ),
    ("product_search", 1.4, r"\b(?:looking|searching|shopping|hunting) for\b"),
    ("product_search", 1.2, r"\b(?:show|find|get) me\b|\bshow (?:all|your)\b"),
    (
        "product_search",
        0.7,
        rf"\b{I_WANT}\b(?! to (?:talk|speak|return|cancel|know|chat|pay|check))",
    ),
    ("product_search", 1.1, r"\b(?:search|browse|catalog(?:ue)?)\b"),
    ("product_search", 1.2, r"\bwhat (?:\w+ )?(?:do you (?:have|sell|carry)|have you got)\b"),
    ("product_search", 1.0, r"\bwhat (?:kinds?|types?|sorts?|brands?) of\b"),
    ("product_search", 0.6, r"\b(?:something|anything|one|options?) (?:for|that|to|under|with)\b"),
    ("product_search", 0.5, r"\bany\b"),
    ("product_search", 0.5, r"\b(?:suitable|good) for\b"),
    (
        "recommendation",
        1.7,
        r"\b(?:recommend|recommendations?|suggest|suggestions?|advise|advice)\b",
    ),
    (
        "recommendation",
        1.5,
        r"\bwhich (?:[\w-]+ ){0,3}(?:should|would|do you think|is best for) (?:i|we)\b",
    ),
    (
        "recommendation",
        1.5,
        r"\bwhat (?:should|would) (?:i|we) (?:get|buy|choose|pick|take|bring|wear)\b",
    ),
    ("recommendation", 1.5, r"\b(?:help me (?:choose|pick|decide)|can'?t decide|not sure which)\b"),
    ("recommendation", 1.0, r"\b(?:best|good|ideal|great) [\w-]+(?: [\w-]+)? for\b"),
    ("recommendation", 1.0, r"\bgift (?:for|ideas?)\b|\bpresent for\b"),
    # Complements: "what else would go well with it?", "what pairs with the stove?"
    (
        "recommendation",
        2.0,
        r"\b(?:go|goes|going|pair|pairs) (?:well |nicely |best )?with\b|\bwhat else (?:should|would"
        r"|do|could|can|goes|will)\b|\b(?:accessories|add-?ons?) for\b",
    ),
    (
        "recommendation",
        1.3,
        r"\b(?:what'?s|what is|which is|which are) (?:the |your )?(?:best|better|most popular)\b",
    ),
    # questions about a product
    (
        "product_question",
        1.5,
        r"\bhow (?:heavy|warm|big|small|wide|tall|durable|thick|comfortable|"
        r"bright|strong|breathable|loud|sturdy)\b",
    ),
    (
        "product_question",
        2.2,
        rf"\bhow much (?:does|do|would|will) {REF} weigh\b|\bhow much (?:does|"
        rf"do) (?:it|they) hold\b",
    ),
    (
        "product_question",
        1.6,
        r"\b(?:what'?s|what is|what are|tell me) (?:the |its |their )?(?:weight|"
        r"materials?|fabric|dimensions?|capacity|volume|warmth|temperature rating|"
        r"rating|r-value|fill|specs?|specifications|features|battery life|output)\b",
    ),
    ("product_question", 1.5, r"\bmade (?:of|from|out of|in)\b|\bwhat material\b"),
    # An adjective that ends the question, not one inside a product's name ("is the Loft
    # Synthetic Insulated Hoody in stock?").
    (
        "product_question",
        1.5,
        rf"\b(?:is|are|does|do|can|will|would) {REF} (?:waterproof|water resistant|warm|"
        r"lightweight|light|heavy|breathable|durable|comfortable|suitable|compatible|washable|"
        r"machine washable|packable|vegan|organic|safe|easy|insulated|big enough|long enough|"
        r"warm enough)\b(?=\s*(?:[?.!,;]|$|and\b|or\b|enough\b|for\b|in\b|on\b|when\b|if\b"
        r"|at\b|to\b|with\b|under\b|too\b|though\b|as\b|but\b|so\b|at all\b))",
    ),
    (
        "product_question",
        1.5,
        rf"\b(?:is|are|does|do|can|will|would) {REF} (?:good for|fit|work|come with|have|has|"
        r"include|need|run)\b",
    ),
    ("product_question", 1.4, rf"\b(?:does|do) {REF} come in\b"),
    (
        "product_question",
        1.5,
        r"\bwhat (?:colou?rs|sizes|options|lengths|capacities|versions|"
        r"variants|weights|flavou?rs)\b",
    ),
    (
        "product_question",
        1.4,
        r"\btell me (?:more )?about\b|\bmore (?:info|information|details)\b|"
        r"\bdetails (?:of|on|about)\b|\bdescribe\b",
    ),
    ("product_question", 1.5, r"\b(?:difference between|compare|comparison|versus|vs\.?)\b"),
    ("product_question", 0.8, r"\b(?:reviews?|rated|ratings?)\b"),
    ("product_question", 1.4, rf"\bhow (?:does|do) {REF} (?:fit|work|compare|pack|feel|wear)\b"),
    ("product_question", 0.6, r"\b(?:is|are|does|do) (?:it|they|this|that|these|those)\b"),
    # A yes/no question about a product by name: "is the Whistling Kettle ok on induction?"
    ("product_question", 0.6, r"^\W*(?:is|are|does|do|can|will|would|has|have) the\b"),
    ("product_question", 0.8, r"\bhow long\b"),
    (
        "product_question",
        1.6,
        r"\bbattery life\b|\bhow long (?:does|do|will|would) (?:the |its |"
        r"their )?(?:battery|charge|batteries)\b",
    ),
    ("product_question", 1.4, HOW_MUCH_OF),
    # stock
    (
        "stock_question",
        1.8,
        r"\bin stock\b|\bout of stock\b|\bsold out\b|\bback in stock\b|\brestock(?:ed|ing)?\b",
    ),
    # "Is the <product> in olive, size 42 available?": a title or a list of options in between.
    (
        "stock_question",
        1.6,
        r"\b(?:is|are) (?:the|it|this|that|they|these|those)\b[^.?!]{0,80}?\b(?:still )?"
        r"available\b",
    ),
    # A question that ends asking for stock is about stock, whatever it says on the way.
    ("product_question", -0.6, r"\b(?:in stock|available|sold out)\W*$"),
    ("stock_question", 1.4, r"\bany\b.{0,40}\b(?:left|remaining)\b|\b(?:left|remaining) in\b"),
    ("stock_question", 1.1, r"\bavailab(?:le|ility)\b"),
    (
        "stock_question",
        1.6,
        r"\b(?:any|some) (?:left|remaining)\b|\bhow many (?:do you have|"
        r"are (?:there )?left|left|in stock|available|remaining|can i)\b",
    ),
    (
        "stock_question",
        1.6,
        r"\b(?:do you (?:still )?have|have you got|got|can i get|is there) (?:it|"
        r"this|that|them|these|those|one|any)\b(?: \w+)? in\b",
    ),
    (
        "stock_question",
        1.2,
        r"\bwhen (?:will|is|are|do|does) .{0,30}\b(?:available|back|in stock|restocked)\b",
    ),
    (
        "stock_question",
        1.0,
        r"\b(?:have|got) (?:it|them|any|enough)\b.{0,12}\b(?:left|available)\b",
    ),
    ("stock_question", 0.6, r"\bhow many\b"),
    ("stock_question", -2.0, r"\bstock market\b|\bstocks\b"),
    # price
    ("price_question", 1.5, r"\bhow much\b"),
    ("price_question", 1.3, r"\b(?:price|prices|pricing|priced)\b"),
    ("price_question", 1.2, r"\b(?:cost|costs|costing)\b"),
    ("price_question", 1.6, r"\bwhat (?:do|does|would|will) [^.?!]{1,60}\bcost\b"),
    # What a repair costs is asked of the warranty and repair service, not of a product.
    ("price_question", -1.0, r"\b(?:repair\w*|fix(?:ed|ing)?|mend\w*)\b"),
    ("price_question", 1.0, r"\bhow expensive\b|\bexpensive\b"),
    (
        "price_question",
        1.0,
        r"\b(?:give me|can you do|can i (?:get|have)|any chance of) (?:a |"
        r"an )?(?:better |lower |cheaper )?(?:discount|deal|price|reduction)\b|"
        r"\b(?:lower|reduce|drop) the price\b|\bnegotiate\b|\bcheaper price\b",
    ),
    ("price_question", 1.2, BARGAIN),
    # A question about a sale price: "is the jacket still 25% off?", "is it on sale?"
    (
        "price_question",
        1.6,
        r"\b(?:is|are|was|were) (?:the|it|this|that|they|these|those)\b[^.?!]{0,50}\b(?:\d{1,3}\s*"
        r"(?:%|percent|per cent) off|on sale|"
        r"discounted|reduced|on offer|marked down)\b|\bsale price\b",
    ),
    (
        "price_question",
        -1.6,
        r"\b(?:shipping|delivery|postage|courier|returns?|refunds?|exchange|"
        r"customs|duties|weigh|weight)\b",
    ),
    ("price_question", -1.4, rf"\b(?:my|the) (?:{CART}|total|order total)\b|\bin my {CART}\b"),
    ("price_question", -1.5, HOW_MUCH_OF),
)
