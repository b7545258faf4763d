"""Phrase templates of the conversations table (written for the course; see cxkit.data.generator).

Each list holds interchangeable phrasings; the generator picks one at random per row and fills
``{d}`` (days late) and ``{m}`` (minutes on hold). Some phrasings are there on purpose to show
where a lexicon-based sentiment score goes wrong (module 09): sarcasm ("Brilliant, ..."),
negation ("not bad"), slang and domain words ("the desk is sick", "killer prices", "the basket
vanished"). A few texts are in French, German, Spanish or Dutch, which the course's English-only
tools must flag rather than score.
"""

from __future__ import annotations

# Ticket category codes: 0 delivery late, 1 delivery lost, 2 delivery other, 3 returns, 4 billing,
# 5 product, 6 account, 7 technical, 8 the app 5.0 bug. Each case is (what the customer writes,
# what the call summary says it was about, what the agent did).
CASES: dict[int, list[tuple[str, str, str]]] = {
    0: [
        (
            "My parcel is {d} days late and the tracking hasn't moved.",
            "a parcel {d} days late",
            "chased the carrier and promised an update by tomorrow",
        ),
        (
            "The delivery is {d} days past the promised date.",
            "a late delivery ({d} days)",
            "booked a new delivery slot",
        ),
        (
            "Where is my order? It should have been here {d} days ago.",
            "a parcel {d} days late",
            "chased the carrier and promised an update by tomorrow",
        ),
        (
            "I took a day off for the delivery and nobody came. It is now {d} days late.",
            "a missed delivery, now {d} days late",
            "booked a new delivery slot",
        ),
        (
            "Still no sign of my order, {d} days after the date you promised.",
            "a late delivery ({d} days)",
            "refunded the delivery charge and chased the carrier",
        ),
    ],
    1: [
        (
            "My parcel never turned up and the tracking says delivered.",
            "a parcel that never arrived",
            "opened a claim with the carrier and sent a replacement",
        ),
        (
            "The order has not arrived at all and the carrier says it is lost.",
            "a lost parcel",
            "refunded the order in full",
        ),
        (
            "Tracking has said 'in transit' for a week. I think the parcel is lost.",
            "a parcel stuck in transit",
            "opened a claim with the carrier and sent a replacement",
        ),
    ],
    2: [
        (
            "Can I change the delivery address of my order?",
            "a change of delivery address",
            "changed the address",
        ),
        (
            "The courier left the box at the wrong door.",
            "a parcel left at the wrong door",
            "passed it to the carrier",
        ),
        ("Could the parcel be delivered after 5 pm?", "a delivery time request", "added a delivery note"),
    ],
    3: [
        ("I'd like to return a lamp that doesn't suit the room.", "a return", "booked a collection"),
        ("How do I send back a chair? The returns page gives an error.", "a return", "booked a collection"),
        (
            "I returned the item two weeks ago and the refund hasn't come through.",
            "a missing refund",
            "checked the refund and chased finance",
        ),
    ],
    4: [
        ("I was charged twice for the same order.", "a double charge", "refunded the duplicate payment"),
        ("The invoice shows the wrong VAT number.", "a wrong invoice", "issued a corrected invoice"),
        ("My discount code wasn't applied at checkout.", "a discount code", "refunded the difference"),
    ],
    5: [
        ("The drawer of my new desk sticks.", "a faulty desk", "arranged an exchange"),
        ("One of the chair's wheels is missing from the box.", "a missing part", "sent the missing part"),
        ("The lamp flickers on the lowest setting.", "a faulty lamp", "arranged an exchange"),
        ("Is the oak shelf available in a darker finish?", "a product question", "checked the catalogue"),
    ],
    6: [
        ("I can't log in to my account.", "a login problem", "reset the login"),
        ("Please update the address on my account.", "an account change", "updated the account details"),
        ("I never received the password reset email.", "a login problem", "reset the login"),
        ("How do I add a colleague to our business account?", "an account change", "added the colleague"),
    ],
    7: [
        (
            "The website shows an error when I try to pay.",
            "an error at checkout",
            "logged the fault with the web team",
        ),
        (
            "The product pages don't load on my phone.",
            "a website problem",
            "logged the fault with the web team",
        ),
        ("The search on the website returns nothing.", "a website problem", "found the products by hand"),
    ],
    8: [
        (
            "Since updating to app 5.0 my saved basket is empty.",
            "the app 5.0 basket problem",
            "rebuilt the basket by hand",
        ),
        (
            "The new app crashes every time I reach checkout.",
            "the app crashing at checkout",
            "took the order by phone",
        ),
        (
            "App 5.0 lost everything in my basket, twice.",
            "the app 5.0 basket problem",
            "rebuilt the basket by hand",
        ),
        (
            "The app froze on the payment screen after the update.",
            "the app freezing at payment",
            "took the order by phone",
        ),
        ("My basket vanished after the update.", "the app 5.0 basket problem", "rebuilt the basket by hand"),
    ],
}
AGENT_PRE = ["I'm sorry about that. I have ", "Thanks for waiting. I have ", "Let me help. I have "]
#: The customer's tone at the end, from the ticket's outcome: 0 unhappy, 1 neutral, 2 happy.
CLOSING: dict[int, list[str]] = {
    0: [
        "This is not good enough.",
        "That doesn't solve anything. I'm really disappointed.",
        "I've wasted an hour on this. Terrible service.",
        "Not impressed at all.",
        "Brilliant, so I wait even longer. Great job.",
        "I can't say I'm happy with this.",
    ],
    1: ["OK, I'll wait and see.", "Fine, let me know when it's done.", "Right. Please keep me posted."],
    2: [
        "Great, thank you so much!",
        "Perfect, that's sorted. Thanks for your help.",
        "Brilliant, really appreciate it.",
        "Thanks, that was quick.",
        "Not bad at all, thanks.",
    ],
}
CALL_MOOD: dict[int, list[str]] = {
    0: [
        "Customer was angry and asked for a manager.",
        "Customer unhappy, says they will shop elsewhere.",
        "Customer frustrated with the outcome.",
    ],
    1: ["Customer accepted the next steps.", "Customer will wait for the update."],
    2: ["Customer thanked the agent, happy with the outcome.", "Customer pleased, issue closed."],
}
REOPENED = [
    "This is the second time I'm contacting you about this. ",
    "I already contacted you last week and nothing happened. ",
]
CALL_REOPENED = ["Repeat contact: the first fix did not work. ", "Second call about the same problem. "]
HOLD = ["Waited {m} minutes on hold. ", "On hold {m} minutes before pick-up. "]
GREETING = ["Hello, ", "Hi team, ", "Dear Larkspur, ", ""]
EMAIL_TONE: dict[int, list[str]] = {
    0: [" I am very unhappy with how this is going.", " Frankly, this is unacceptable."],
    1: [" Could you look into it, please?", " Please advise."],
    2: [" Thanks in advance, you have always been helpful.", " Many thanks."],
}
SIGN = [" Regards", " Thanks", ""]
DM_TONE: dict[int, list[str]] = {
    0: [" Sort it out please.", " Really poor."],
    1: [" Can someone DM me?", " Any news?"],
    2: [" Thanks for the quick reply!", " Cheers for sorting it."],
}

# Public posts, by theme.
POST: dict[str, list[str]] = {
    "late": [
        "Ordered from @LarkspurCo and the parcel is {d} days late. No updates, no apology.",
        "{d} days late and counting. Thanks for nothing, Larkspur.",
        "Still waiting for my Larkspur order. The promised date came and went.",
        "Another late delivery from Larkspur. Why does this always happen?",
        "Love how my 'two-day delivery' from Larkspur is now on day {d}. Great job.",
        "Wow @LarkspurCo, amazing service: {d} days late and not a word. Brilliant.",
        "Fantastic, my parcel is touring the country again. Cheers Larkspur.",
    ],
    "lost": [
        "Larkspur lost my parcel and now nobody answers.",
        "Parcel marked delivered but nothing at my door. @LarkspurCo?",
    ],
    "app": [
        "App 5.0 from Larkspur wiped my saved basket. Again.",
        "The new Larkspur app crashes at checkout every time.",
        "Whoever tested app 5.0 should be ashamed. Basket gone.",
        "Thanks Larkspur for the new app, I really enjoyed rebuilding my basket three times.",
        "Great update, @LarkspurCo. Now the app can't even take my money.",
        "My basket vanished after the Larkspur app update.",
    ],
    "hold": [
        "On hold with Larkspur for {m} minutes now. The music is lovely the first ten times.",
        "{m} minutes on hold with @LarkspurCo and counting.",
        "Hold music on loop for {m} minutes. Larkspur, pick up the phone.",
    ],
    "praise": [
        "Parcel arrived a day early and beautifully packed. Well done Larkspur!",
        "The oak desk from Larkspur is sick, assembled in 20 minutes.",
        "Larkspur's chat team sorted my return in five minutes. Impressed.",
        "Killer prices on office chairs at Larkspur this week.",
        "Lamp arrived on time and looks lovely. No complaints.",
        "Can't fault the delivery, it came on time.",
        "Really happy with my new Larkspur lamp.",
    ],
    "quality": [
        "Not impressed with the quality of my Larkspur desk, the drawer sticks.",
        "The Larkspur chair was not what I expected. Not good.",
        "My Larkspur lamp stopped working after a month.",
    ],
    "question": [
        "Does Larkspur deliver to the islands?",
        "Anyone bought the Larkspur standing desk? Worth it?",
        "Is the Larkspur store in town open on Sundays?",
        "Which Larkspur office chair is best for a small room?",
    ],
    "mention": [
        "Saw the Larkspur ad on the bus, nice lamps.",
        "Apparently the Larkspur sale starts tomorrow.",
        "Walked past the new Larkspur store, looks nice inside.",
        "Larkspur ads keep following me everywhere. Annoying.",
        "My neighbour swears by Larkspur for office furniture.",
    ],
}
#: Texts in other languages, by theme (late / app / praise / other).
FOREIGN: dict[str, list[str]] = {
    "late": [
        "Ma commande Larkspur a {d} jours de retard, toujours rien.",
        "Meine Bestellung ist seit {d} Tagen überfällig.",
        "Mi pedido llegó con {d} días de retraso.",
        "Mijn pakket is al {d} dagen te laat.",
    ],
    "app": [
        "La nouvelle application plante au moment de payer.",
        "Die neue App stürzt beim Bezahlen ständig ab.",
        "La aplicación nueva se cierra al pagar.",
        "De nieuwe app crasht bij het afrekenen.",
    ],
    "praise": [
        "Très contente de ma lampe, livraison rapide.",
        "Schöner Schreibtisch, schnelle Lieferung, danke!",
        "Muy contento con la silla, llegó rápido.",
        "Mooie lamp, snel geleverd.",
    ],
    "other": [
        "Bonjour, j'ai un problème avec ma commande, pouvez-vous m'aider ?",
        "Hallo, ich habe eine Frage zu meiner Rechnung.",
        "Hola, necesito ayuda con mi cuenta, por favor.",
        "Hallo, ik heb een vraag over mijn bestelling.",
    ],
}
