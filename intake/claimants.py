"""Who a sentence says is speaking: "The city government said", "according to X".

`speaker(text)` returns the speaker a sentence names, or "" when it names none
(the caller then falls back to the outlet). It reads a few common attribution
patterns, not grammar; a pronoun ("he said") names nobody useful, so it is not
taken. The result is a name; intake.services turns it into a Claimant.
"""

import re

WORD = r"[\w\u2019'.&-]+"
# Up to six words with no digits and no comma: a name or a noun phrase, not a clause.
WHO = rf"(?P<who>{WORD}(?:\s+{WORD}){{0,5}}?)"
VERBS = r"(?:said|says|told|announced|stated|added|reported)"
# Ordered: the most explicit pattern first.
PATTERNS = (
    # "..., according to the National Statistical Committee."
    re.compile(
        r"\baccording\s+to\s+(?:(?:data|figures|statistics|a\s+report|a\s+statement)\s+"
        r"(?:from|by|of)\s+)?" + WHO + r"\s*(?:[,.;:!?]|$)",
        re.IGNORECASE,
    ),
    # "..., the ministry said." / '"...," the minister told reporters on Monday.'
    re.compile(r",[\"\u201d]?\s*" + WHO + r"\s+" + VERBS + r"\b[^,]*$"),
    # '"...," said the minister.'  ("told" is left out: "told Reuters" names the listener.)
    re.compile(r"[,\"\u201d]\s*(?:said|says|announced|added|stated)\s+" + WHO + r"\s*(?:[,.;!]|$)"),
    # "The city government said it spent ..." / "Japarov announced ..."
    re.compile(r"^" + WHO + r"\s+" + VERBS + r"\b"),
)
PRONOUNS = {"he", "she", "it", "they", "we", "i", "you", "this", "that", "which", "who", "there"}
TIME_AFTER = re.compile(r"\s+(?:on|last|this|earlier|yesterday|today)\b.*$", re.IGNORECASE)


def speaker(text):
    """The speaker `text` names ("The city government"), or ""."""
    for pattern in PATTERNS:
        match = pattern.search(text.strip())
        if not match:
            continue
        who = TIME_AFTER.sub("", match.group("who")).strip(" .")
        if not who or re.search(r"\d", who) or who.split()[0].lower() in PRONOUNS:
            continue
        return (who[0].upper() + who[1:])[:200]
    return ""
