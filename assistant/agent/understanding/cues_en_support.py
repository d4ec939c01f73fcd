"""English cues about policies, people, complaints and off-topic talk, and the signals.

Targets are intents, `topic:<policy topic>` or `signal:<flag>`. Weights are votes: about 1 is
a hint, 1.5 a clear cue, 2 and more a cue that decides on its own; negative weights suppress.
"""

from __future__ import annotations

from assistant.agent.understanding.cues_en_parts import BARGAIN, CART, I_WANT, PERSON, SERVICE

# Paying with something: "pay with Bitcoin" asks about payment, not about Bitcoin.
_PAY_WITH = (
    r"\b(?:pay|paying|payment|(?:do|does|can|will) (?:you|they) (?:take|accept)|accept(?:s|ed)?)\b"
    r"[^.?!]{0,25}\b(?:bitcoin|crypto\w*|ethereum|cash|cheques?|checks?)\b|\b(?:bitcoin|"
    r"crypto\w*)\b[^.?!]{0,20}\b(?:payments?|accepted)\b"
)
# Asking whether the assistant is a machine asks for no person.
_ARE_YOU = (
    r"\b(?:are|r) (?:you|u) (?:an? )?(?:real |actual |live )?(?:bot|robot|ai|a\.i\.|human|person|"
    r"machine|chatbot|chat bot|computer|program|artificial intelligence)\b|\bam i (?:talking|"
    r"chatting|speaking) (?:to|with) (?:an? )?(?:bot|robot|ai|human|real person|machine)\b"
)

ENGLISH_SUPPORT_CUES: tuple[tuple[str, float, str], ...] = (
    # policies
    ("policy_question", 1.0, r"\b(?:policy|policies|terms|conditions)\b"),
    (
        "topic:returns",
        2.4,
        r"\b(?:returns?|refunds?|exchanges?) (?:policy|window|period|process|rules)\b",
    ),
    (
        "topic:returns",
        1.5,
        r"\b(?:returns?|returning|refunds?|refunded|exchanges?|money back|"
        r"send (?:it |them )?back|returnable|refundable)\b",
    ),
    (
        "topic:returns",
        1.9,
        r"\bcan i (?:return|exchange|get a refund|send)\b|\bhow (?:do|"
        r"can) i (?:return|exchange|send)\b|\bif (?:i|we) (?:return|exchange|send back)\b",
    ),
    (
        "topic:shipping",
        1.6,
        r"\b(?:shipping|shipped|postage|courier|dispatch|freight|deliver|delivery)\b",
    ),
    (
        "topic:shipping",
        1.9,
        r"\bhow long (?:does|do|will|would) (?:it|they|shipping|delivery|"
        r"the delivery|orders?) (?:take|to arrive)\b|\bdo you (?:ship|"
        r"deliver)\b|\b(?:ship|deliver) (?:to|internationally|overseas|abroad)\b",
    ),
    # Asking how long one may cancel or change an order is a policy question; asking for it to
    # be done is a service request (SERVICE).
    (
        "topic:returns",
        1.9,
        r"\b(?:how long|how much time|until when|how soon|by when|when) (?:do|can|will|would|did|"
        r"must) (?:i|we) (?:have (?:left )?)?(?:to |still )?(?:cancel\b|(?:change|modify|amend) "
        r"(?:an?|my|the|our) order\b)|(?<!noise )(?<!noise-)\bcancell?ations?\b|"
        r"\bcancel(?:l?ation)? (?:policy|window|period|fee|deadline)\b|"
        r"\b(?:can|could) (?:i|we) still cancel\b|\bhow (?:do|can) (?:i|we) cancel\b",
    ),
    ("topic:warranty", 1.9, r"\b(?:warranty|warranties|guarantee|guaranteed|repairs?)\b"),
    (
        "topic:privacy",
        2.0,
        r"\b(?:privacy|personal (?:data|information|details)|my data|gdpr|"
        r"cookies|delete my (?:data|account)|data protection)\b",
    ),
    (
        "topic:payment",
        1.9,
        r"\b(?:payment (?:methods?|options?)|pay (?:with|by|using|via|"
        r"in installments|in instalments)|paypal|credit cards?|debit cards?|apple pay|"
        r"google pay|klarna|afterpay|installments?|instalments?|cash on delivery|bank transfer|"
        r"invoices?|receipts?|vat|"
        r"gift cards?|accept (?:visa|mastercard|amex|cards?))\b",
    ),
    (
        "topic:payment",
        1.5,
        r"\bhow (?:can|do) i pay\b|\bwhen (?:am i|will i be|do you) (?:charged|charge)\b",
    ),
    ("topic:payment", 1.9, _PAY_WITH),
    (
        "topic:sizing",
        1.9,
        r"\b(?:size (?:guide|chart|table)|sizing|what size|which size|"
        r"true to size|runs? (?:small|large|big)|size up|size down|half a size|fit guide)\b",
    ),
    # "What glove size am I?", "which shoe size should I get?", "my hand measures 22 cm".
    (
        "topic:sizing",
        1.9,
        r"\b(?:what|which) (?:[\w-]+ ){0,2}size (?:am i|do i|should i|would i|will i|is right|"
        r"fits? me|for me)\b|\bsize (?:am i|do i (?:need|take|wear))\b",
    ),
    (
        "topic:sizing",
        1.5,
        r"\b(?:hand|foot|feet|head|chest|waist|hips?|wrist|knuckles?)\b[^.?!]{0,15}\bmeasures?\b|"
        r"\bmeasures? (?:about |around |roughly )?\d|\bi'?m \d{2,3} ?cm\b|\b\d{2,3} ?cm tall\b",
    ),
    (
        "topic:discounts",
        2.0,
        r"\b(?:do you have|are there|any|got any) (?:any )?(?:coupons?|"
        r"codes?|discounts?|promos?|promotions?|deals?|sales?|offers?|vouchers?)\b",
    ),
    (
        "topic:discounts",
        1.8,
        r"\b(?:price match|price adjustment|student discount|loyalty|newsletter discount)\b",
    ),
    (
        "topic:contact",
        1.8,
        r"\b(?:opening hours|business hours|store hours|open (?:on|at|"
        r"today|tomorrow)|contact (?:you|details|info)|phone number|email address|"
        r"your address|where are you located|customer service hours)\b",
    ),
    (
        "topic:care",
        1.2,
        r"\b(?:wash|washing|clean|cleaning|care instructions|re-?proof|dry clean)\b",
    ),
    (
        "topic:care",
        2.2,
        r"\bhow (?:should|do|can|would|to) (?:i |we )?(?:wash|clean|care for|dry|re-?proof)\b",
    ),
    (
        "topic:discounts",
        2.2,
        r"\b(?:any way|a way|how (?:can|do) (?:i|we)|is it possible) to (?:get|save) (?:a |an )?"
        r"(?:\d{1,3} ?(?:%|percent) off|discount)",
    ),
    # Renting is a service the shop offers or not, never a product to search for.
    ("policy_question", 2.2, r"\b(?:rent|rents|rental|rentals|renting|lease|leasing)\b"),
    # a person, complaints, off-topic
    (
        "human_request",
        3.0,
        rf"\b(?:talk|speak|chat|connect|transfer|put me through)(?: me)? (?:to|"
        rf"with) (?:a |an |the |some |your |one of your )?(?:real |live |"
        rf"actual |human )?{PERSON}\b",
    ),
    (
        "human_request",
        2.7,
        r"(?<!are you a )(?<!are you an )(?<!are you )(?<!with a )(?<!to a )"
        r"\b(?:real|live|actual) (?:person|human|agent|people|representative)\b",
    ),
    ("greeting", 1.0, _ARE_YOU),
    (
        "human_request",
        3.0,
        r"\b(?:human|agent|operator|representative|person|someone|manager) please\b|"
        r"\bplease,? (?:a )?(?:human|agent|person)\b",
    ),
    (
        "human_request",
        3.0,
        r"^\W*(?:human|agent|operator|representative|live agent|real person|"
        r"person|customer service)\W*$",
    ),
    (
        "human_request",
        3.0,
        rf"\b{I_WANT} (?:a |an |to (?:talk|speak) to (?:a |an )?)?(?:human|"
        rf"person|agent|manager|supervisor|representative)\b",
    ),
    (
        "human_request",
        3.0,
        r"\b(?:get|give|find|fetch) me (?:a |an |your )?(?:human|person|"
        r"agent|manager|supervisor|representative)\b",
    ),
    ("human_request", 1.0, r"\bcustomer (?:service|support|care)\b"),
    ("human_request", 2.4, r"\b(?:escalate|escalation)\b"),
    (
        "human_request",
        2.0,
        r"\bno (?:more )?(?:bots?|robots?)\b|\bstop (?:the )?bot\b|\bnot (?:a |"
        r"the )?(?:bot|robot|machine)\b",
    ),
    ("service_request", 2.6, SERVICE),
    # Changing something in the cart is a cart edit, not an exchange of something bought.
    ("service_request", -2.6, rf"\b(?:in|from|of|to) (?:my |the )?{CART}\b"),
    (
        "complaint",
        1.6,
        r"\b(?:terrible|awful|horrible|worst|useless|ridiculous|unacceptable|"
        r"disgusting|pathetic|appalling|outrageous|rubbish|garbage|trash)\b",
    ),
    ("complaint", 2.0, r"\b(?:scam|scammed|rip ?off|ripoff|fraud|cheated|lied)\b"),
    ("complaint", 1.8, r"\b(?:angry|furious|upset|annoyed|livid|pissed|fed up|sick of|tired of)\b"),
    (
        "complaint",
        1.5,
        r"\b(?:disappointed|disappointing|frustrated|frustrating|unhappy|not happy|dissatisfied)\b",
    ),
    ("complaint", 2.4, r"\b(?:complain|complaint|complaining)\b"),
    (
        "complaint",
        1.4,
        r"\b(?:broken|damaged|defective|faulty|fell apart|falling apart|"
        r"torn|ripped|stopped working|doesn'?t work|does not work|not working|"
        r"missing (?:parts?|items?)|wrong (?:item|size|colou?r|product|order))\b",
    ),
    # Asking what a repair costs is a question, not a complaint about something broken.
    (
        "complaint",
        -1.0,
        r"\b(?:how much|what does it cost|what would it cost|what do you charge|do you (?:offer|do"
        r"|provide)|is there a)\b[^.?!,]{0,30}\b(?:repair\w*|fix\w*|mend\w*)\b",
    ),
    ("complaint", 1.6, r"\b(?:wtf|damn|shit|fuck\w*|crap|bullshit)\b"),
    ("complaint", 1.6, r"\bwaste of (?:money|time)\b"),
    ("complaint", 0.6, r"\b(?:still|again)\b.{0,30}\b(?:not|never|hasn'?t|waiting)\b"),
    (
        "off_topic",
        1.9,
        r"\b(?:weather|forecast|jokes?|poem|poetry|song|lyrics|politics|"
        r"political|president|election|football|soccer|basketball|movies?|"
        r"films?|recipes?|homework|essay|math|equation|capital of|meaning of life|"
        r"bitcoin|crypto|stock market|lottery|horoscope|girlfriend|boyfriend|translate)\b",
    ),
    (
        "off_topic",
        2.2,
        r"\b(?:who (?:won|is the president)|what time is it|tell me a (?:joke|"
        r"story)|write (?:me )?(?:a|an) (?:poem|essay|story|song|program|email))\b",
    ),
    ("off_topic", 2.0, r"\bwhat(?:'s| is) \d+ ?[-+*/x] ?\d+\b"),
    ("off_topic", -2.0, _PAY_WITH),
    # signals
    (
        "signal:anger",
        0.0,
        r"\b(?:terrible|awful|horrible|worst|useless|ridiculous|unacceptable|"
        r"disgusting|pathetic|outrageous|scam|scammed|rip ?off|fraud|cheated|"
        r"angry|furious|livid|pissed|fed up|sick of|wtf|damn|shit|fuck\w*|"
        r"bullshit|waste of money)\b|!{2,}|\?!",
    ),
    (
        "signal:bargain",
        0.0,
        r"\b(?:give me|can you do|can i (?:get|have)|any chance of) (?:a |"
        r"an )?(?:better |lower |cheaper )?(?:discount|deal|price|reduction)\b|"
        r"\b(?:lower|reduce|drop) the price\b|\bnegotiate\b|\bcheaper price\b|\bbest price\b",
    ),
    ("signal:bargain", 0.0, BARGAIN),
    (
        "signal:refers",
        0.0,
        r"\b(?:it|its|they|them|these|those)\b|\b(?:this|that) (?:one|"
        r"ones|item|product)\b|\bthe same\b|\bthe [\w-]+ ones?\b",
    ),
    (
        "signal:refers",
        0.0,
        r"(?:^|\b(?:is|does|do|about|take|add|buy|get|want|like|of|for|"
        r"with|on|remove|order|keep|have|prefer|and|but|so|want|need|love|"
        r"reserve|was|are)\W+)(?:this|that|these|those)\b",
    ),
    (
        "signal:followup",
        0.0,
        r"^\W*(?:and|also|what about|how about|and what about|what if|"
        r"same but|but)\b|^\W*(?:in|with) [\w\s-]{1,25}\W*$",
    ),
    (
        "signal:want",
        0.0,
        r"\b(?:i|we)(?: (?:want|need|would like|will have|will take|will go with)|"
        r"'d like|'ll have|'ll take|'ll go with)\b(?! to (?:know|ask|talk|"
        r"speak|return|cancel|check|see))",
    ),
    (
        "signal:have",
        0.0,
        r"\b(?:do|does) (?:you|your (?:shop|store)) (?:still )?(?:have|"
        r"sell|carry|stock)\b|\bhave you got\b|\bis there\b",
    ),
    (
        "signal:yes",
        0.0,
        r"^\W*(?:yes|yeah|yep|yup|sure|ok|okay|alright|please do|go ahead|"
        r"sounds good|do it|absolutely|of course|definitely|correct|right)\b",
    ),
    (
        "signal:no",
        0.0,
        r"^\W*(?:no|nope|nah|not now|no thanks|no thank you|never mind|nevermind)\b",
    ),
    ("signal:service_return", 0.0, r"\b(?:return|send back)\b"),
    ("signal:service_exchange", 0.0, r"\b(?:exchange|swap|replace)\b"),
    ("signal:service_refund", 0.0, r"\b(?:refund|money back)\b"),
    ("signal:service_cancel", 0.0, r"\bcancel\b"),
)
