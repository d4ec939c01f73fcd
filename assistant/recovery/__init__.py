"""Cart recovery, only with consent: reminders about left carts and the consent they need.

`consent` records marketing consent and its history, `links` signs the resume and unsubscribe
links, `sweep` is the periodic job that sends the discount ladder's steps (widget reminders for
every shopper, `cart.abandoned` webhooks for consented customers), `reminders` shows a waiting
reminder on the shopper's next visit, `audit` lists what was sent and whether it recovered the
cart.
"""
