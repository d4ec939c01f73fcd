"""English cues about the cart, coupons, checkout and orders.

Targets are intents, `topic:<policy topic>` or `signal:<flag>`. Weights are votes: about 1 is
a hint, 1.5 a clear cue, 2 and more a cue that decides on its own; negative weights suppress.
"""

from __future__ import annotations

from assistant.agent.understanding.cues_en_parts import CART, I_WANT, NUM, REF

ENGLISH_SERVICE_CUES: tuple[tuple[str, float, str], ...] = (
    # cart
    # What goes between the verb and the cart may carry options: "put 3 pairs of the socks in
    # charcoal, size L in my cart".
    ("add_to_cart", 2.2, rf"\badd\b[^.?!]{{0,80}}?\b(?:to|in|into) (?:my |the |your )?{CART}\b"),
    ("add_to_cart", 1.4, r"\badd\b"),
    (
        "add_to_cart",
        2.2,
        rf"\b(?:put|throw|pop|place) [^.?!]{{1,80}}? (?:in|into|to) (?:my |the )?{CART}\b",
    ),
    (
        "add_to_cart",
        1.4,
        r"\b(?:i'?ll|i will|i'?d like to|let me|i want to|i would like to|"
        r"i wanna) (?:take|have|get|buy|grab|order|purchase)\b",
    ),
    # "order" as a verb only: "an order that used a coupon" is the noun.
    (
        "add_to_cart",
        1.6,
        r"\b(?:buy|purchase|(?<!an )(?<!the )(?<!my )(?<!our )(?<!this )order|get|take|grab) "
        r"(?:it|this|that|them|these|those|this one|that one|both)\b",
    ),
    (
        "add_to_cart",
        1.4,
        r"\b(?:i|we) (?:want|need|'ll take|will take) (?:it|this|that|"
        r"them|these|those|this one|that one|both)\b",
    ),
    ("add_to_cart", 1.0, rf"\b{I_WANT} to (?:buy|purchase|order)\b"),
    # Telling the shop to put something in the cart, rather than wishing to buy something.
    ("signal:imperative", 0.0, rf"\b(?:add|put|throw|pop|place)\b|\b{CART}\b"),
    ("signal:cart", 0.0, rf"\b{CART}\b"),
    (
        "update_quantity",
        2.0,
        r"\b(?:change|update|set|adjust|edit) (?:the )?(?:quantity|qty|amount|number)\b",
    ),
    (
        "update_quantity",
        2.0,
        rf"\b(?:make it|make that|change it to|change that to|set it to)\s+{NUM}\b",
    ),
    ("update_quantity", 1.8, rf"\b{NUM} (?:less|fewer)\b"),
    (
        "update_quantity",
        1.6,
        r"\b(?:reduce|decrease|increase|lower|raise) (?:the )?(?:quantity|"
        r"qty|number|amount|it|that)\b",
    ),
    (
        "update_quantity",
        1.4,
        rf"\b(?:only|just) (?:want|need) {NUM}\b|\b(?:instead of|rather than) {NUM}\b",
    ),
    ("update_quantity", 0.9, rf"\b{NUM} more\b|\banother one\b|\bone more\b"),
    (
        "remove_from_cart",
        1.7,
        r"\b(?:remove|delete|take out|take off|get rid of|discard)\b|\bdrop (?:it|"
        r"the|that|this|them)\b",
    ),
    ("remove_from_cart", 1.0, rf"\b(?:from|out of) (?:my |the )?{CART}\b"),
    # Changing a line to another variant: "swap the boots for size 43", "make it the other colour".
    (
        "signal:swap",
        0.0,
        r"\b(?:swap|switch|change|exchange|replace)\b[^.?!]{0,50}?\b(?:for|to|with|into)\b|"
        r"\bmake (?:it|that|them|those)\b|\binstead\b",
    ),
    (
        "signal:other_variant",
        0.0,
        r"\b(?:the|an?) (?:other|different) (?:colou?r|size|length|shade|variant|capacity)\b|"
        r"\banother (?:colou?r|size|length|shade|variant)\b",
    ),
    (
        "remove_from_cart",
        1.7,
        rf"\b(?:do not|don'?t|dont|no longer) (?:want|need) {REF}(?: anymore| any more)?\b",
    ),
    (
        "remove_from_cart",
        2.4,
        rf"\b(?:empty|clear)(?: out)? (?:my |the )?(?:whole |entire )?{CART}\b",
    ),
    (
        "remove_from_cart",
        1.8,
        r"\b(?:remove|delete|take out|get rid of|clear|drop) (?:everything|it all|all (?:the )?"
        r"(?:items|things|products|lines|stuff)|all of (?:it|them))\b",
    ),
    # Every line at once ("empty my cart", "remove everything").
    (
        "signal:all_items",
        0.0,
        rf"\b(?:empty|clear)(?: out)? (?:my |the |your )?(?:whole |entire )?{CART}\b|\b(?:remove|"
        r"delete|take out|get rid of|clear|drop) (?:everything|it all|all (?:the )?(?:items|things|"
        r"products|lines|stuff)|all of (?:it|them))\b|\bstart (?:over|again) with an? (?:empty|new|"
        r"fresh) (?:cart|basket)\b",
    ),
    (
        "view_cart",
        2.2,
        rf"\b(?:show|see|view|check|open|display|review|look at) (?:me )?(?:my |the )?{CART}\b",
    ),
    (
        "view_cart",
        2.2,
        rf"\bwhat'?s in (?:my |the )?{CART}\b|\bwhat is in (?:my |the )?{CART}\b|"
        rf"\bwhats in (?:my |the )?{CART}\b",
    ),
    ("view_cart", 0.6, rf"\bmy {CART}\b"),
    (
        "view_cart",
        -1.2,
        rf"\b(?:add|put|throw|pop|place|remove|delete|take)\b.{{0,50}}\b(?:to|"
        rf"in|into|from|out of) (?:my |the )?{CART}\b",
    ),
    (
        "view_cart",
        2.0,
        rf"\b(?:{CART}|order) total\b|\bwhat'?s my total\b|\bmy total\b|"
        rf"\bhow much (?:is|in) (?:in )?my {CART}\b",
    ),
    ("view_cart", 1.2, r"\bwhat (?:have|did) i (?:added|add|put|got)\b"),
    # "What would I pay if I checked out now?": the cart's total, not a checkout.
    (
        "view_cart",
        2.2,
        r"\b(?:what|how much) (?:would|will|do|should|must) (?:i|we) (?:have to )?(?:pay|owe|be "
        r"charged|spend)\b(?! for (?!it all\b|everything\b|all\b))",
    ),
    (
        "apply_coupon",
        1.8,
        r"\b(?:coupon|promo code|promotion code|discount code|voucher|gift code|redeem)\b",
    ),
    (
        "apply_coupon",
        0.9,
        r"\b(?:apply|use|enter) (?:the |my |this |a )?(?:code|coupon|voucher|promo)\b|\bcode\b",
    ),
    (
        "apply_coupon",
        -1.2,
        r"\b(?:do you have|are there|any|got any) (?:any )?(?:coupons?|"
        r"codes?|discounts?|promos?|promotions?|deals?|vouchers?)\b",
    ),
    # Taking a coupon off the cart: no code to apply.
    (
        "signal:remove_coupon",
        0.0,
        r"\b(?:remove|delete|drop|cancel|undo|clear|get rid of|take off|take away)\b[^.?!,;]{0,20}"
        r"\b(?:coupons?|promo codes?|discount codes?|vouchers?|codes?)\b|\b(?:take|get) (?:the |my "
        r"|that |this )?(?:coupon|promo code|discount code|voucher|code) (?:off|out|away)\b"
        r"|\b(?:don'?t|do not) (?:want to )?(?:use|apply) (?:the |my |that |this |a )?(?:coupon|"
        r"promo code|discount code|voucher|code)\b",
    ),
    # Asking for a code to be used; "if I use the code" asks what it would do.
    (
        "signal:apply",
        0.0,
        r"\b(?:apply|redeem|enter|activate)\b|(?<!if i )(?<!if we )(?<!when i )\b(?:add|put|use) "
        r"(?:the |my |this |that |a )?(?:coupon|promo|discount code|voucher|code)\b",
    ),
    ("checkout", 2.2, r"\bcheck ?out\b|\bcheckout\b"),
    (
        "checkout",
        2.2,
        r"\b(?:place|complete|finish|finali[sz]e|confirm|submit|create|"
        r"make) (?:the |my |an |this |our )?(?:order|purchase)\b",
    ),
    ("checkout", 2.2, r"\b(?:proceed|go|continue|move on) to (?:the )?(?:checkout|payment|pay)\b"),
    (
        "checkout",
        1.9,
        r"\b(?:pay now|ready to (?:pay|order|buy|check out)|buy now|let'?s (?:pay|"
        r"order)|i want to pay|i'?m ready to)\b",
    ),
    ("checkout", -2.0, r"\bcheck out (?:this|that|these|those|the|your)\b"),
    (
        "checkout",
        -2.0,
        r"\b(?:if|when|before|once|after) (?:i|we) (?:check(?:ed)? ?out|checkout)\b|\bat (?:the )?"
        r"check ?out\b",
    ),
    # orders
    (
        "order_status",
        2.4,
        r"\bwhere(?:'s| is| are)? (?:my|our|that|this) (?:(?:most )?(?:recent|latest|last|newest"
        r"|current|other|new) )?(?:orders?|package|parcel|delivery|stuff|items?|shipment"
        r"|purchase)\b",
    ),
    (
        "order_status",
        2.4,
        r"\b(?:order|delivery|shipping|shipment) status\b|\bstatus of (?:my |the |our |that |"
        r"this |those |these )?(?:orders?|package|delivery|parcel|shipment)\b",
    ),
    ("order_status", 1.6, r"\btrack(?:ing)?\b"),
    # The shopper's orders without a number: "which orders do I have?", "my past orders".
    (
        "order_status",
        2.4,
        r"\b(?:my|our) (?:most recent|recent|latest|last|past|previous|old|older|earlier|current|"
        r"open|pending|other|all(?: (?:of )?(?:my|the))?) (?:orders|order|purchases)\b|\b(?:order|"
        r"purchase) history\b|\b(?:which|what) orders\b|\bmy orders\b|\borders (?:do|did|have) "
        r"(?:i|we)\b",
    ),
    ("order_status", 1.2, r"\bstatus\b"),
    (
        "order_status",
        1.8,
        r"\b(?:has|have|did|was|is) (?:my|our|that|this) (?:order|package|parcel|delivery|stuff)\b",
    ),
    (
        "order_status",
        2.2,
        r"\bwhen (?:will|does|is|do) (?:my|our) (?:order|package|parcel|delivery|stuff)\b",
    ),
    ("order_status", 1.0, r"\bmy (?:order|package|parcel|delivery|purchase|shipment)\b"),
    (
        "order_status",
        1.4,
        r"\b(?:hasn'?t|has not|haven'?t|have not|didn'?t|did not|never|"
        r"still not|not yet) (?:arrived|shipped|come|been delivered|received|"
        r"got(?:ten)?|turned up)\b",
    ),
    ("order_status", 1.2, r"\b(?:did|has) (?:it|the order) (?:ship|shipped|arrive|arrived)\b"),
    ("order_status", 0.8, r"\b(?:i )?(?:ordered|placed an order)\b"),
)
