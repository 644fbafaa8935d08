"""Reading ClaimReview, the schema.org markup fact-checkers publish, from what others serve.

Three shapes are read: a web page with ClaimReview in its JSON-LD scripts; a feed of
them as JSON (factcheck's own /claimreview.json, `{"@graph": [...]}`, a bare list, or
one review); and the Data Commons ClaimReview feed (`{"dataFeedElement": [{"item":
[...]}]}`). Each review becomes a `Found` with what factcheck keeps; one that lacks what
makes it a fact-check (the claim reviewed, its address) is refused with the reason,
without stopping the others. Nothing here touches the database.
"""

import json
from dataclasses import dataclass
from datetime import date, datetime

from django.utils.translation import gettext as _

from claims.validators import is_web_url

MAX_ITEMS = 5000
TEXT_LIMIT = 2000


class Unreadable(Exception):
    """Data that holds no ClaimReview factcheck can read; the message says why."""


@dataclass
class Found:
    url: str
    claim_reviewed: str
    publisher: str
    publisher_url: str
    rating: str  # the rating's words (alternateName), or its value on the scale
    rating_value: float | None
    best_rating: float | None
    worst_rating: float | None
    claimant: str
    appearance_url: str
    date_published: date | None


def _text(value, limit=TEXT_LIMIT):
    if isinstance(value, list):
        value = value[0] if value else ""
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value") or ""
    return " ".join(str(value or "").split())[:limit]


def _number(value):
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if number == number and abs(number) < 1e9 else None  # not NaN, not absurd


def _date(value):
    text = _text(value, 40)
    for parse in (
        lambda t: datetime.fromisoformat(t.replace("Z", "+00:00")).date(),
        date.fromisoformat,
    ):
        try:
            return parse(text)
        except ValueError:
            continue
    return None


def _is_claim_review(node):
    kind = node.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return "ClaimReview" in kinds


def _nodes(data):
    """Every ClaimReview object in `data`, however it is nested (graphs, lists, feeds)."""
    stack, seen = [data], 0
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(reversed(node))
        elif isinstance(node, dict):
            if _is_claim_review(node):
                seen += 1
                if seen > MAX_ITEMS:
                    raise Unreadable(
                        _("it holds over %(count)d fact-checks; split it") % {"count": MAX_ITEMS}
                    )
                yield node
            else:
                for key in ("@graph", "dataFeedElement", "item", "itemListElement", "mainEntity"):
                    if key in node:
                        stack.append(node[key])


def read_review(node):
    """A Found, or raises Unreadable naming what the review lacks."""
    url = _text(node.get("url"), 2000)
    if not is_web_url(url):
        raise Unreadable(_("a review has no web address (url)"))
    reviewed = _text(node.get("claimReviewed"))
    if not reviewed:
        raise Unreadable(
            _("the review at %(url)s does not say what claim it reviewed") % {"url": url}
        )
    rating = node.get("reviewRating") or {}
    rating = rating[0] if isinstance(rating, list) and rating else rating
    rating = rating if isinstance(rating, dict) else {}
    author = node.get("author") or {}
    author = author[0] if isinstance(author, list) and author else author
    author = author if isinstance(author, dict) else {"name": author}
    item = node.get("itemReviewed") or {}
    item = item if isinstance(item, dict) else {}
    claimant = item.get("author") or {}
    appearance = item.get("appearance") or item.get("firstAppearance") or {}
    appearance = appearance[0] if isinstance(appearance, list) and appearance else appearance
    appearance_url = _text(appearance.get("url") if isinstance(appearance, dict) else "", 2000)
    value = _number(rating.get("ratingValue"))
    return Found(
        url=url,
        claim_reviewed=reviewed,
        publisher=_text(author.get("name"), 200),
        publisher_url=u if is_web_url(u := _text(author.get("url"), 2000)) else "",
        rating=_text(rating.get("alternateName"), 200) or ("" if value is None else f"{value:g}"),
        rating_value=value,
        best_rating=_number(rating.get("bestRating")),
        worst_rating=_number(rating.get("worstRating")),
        claimant=_text(claimant, 200),
        appearance_url=appearance_url if is_web_url(appearance_url) else "",
        date_published=_date(node.get("datePublished")),
    )


def _json_ld_scripts(html):
    import lxml.html

    try:
        tree = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        raise Unreadable(_("the page could not be read as HTML")) from None
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            yield json.loads(script.text or "")
        except ValueError:
            continue  # a broken script of the page's own is not ours to mend


def read(data, *, media_type=""):
    """(the reviews found, the refusals: one reason each) in `data`, bytes of JSON or HTML."""
    if b"\x00" in data[:4096]:
        raise Unreadable(_("the file is binary, not JSON or HTML"))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise Unreadable(
            _("it is not UTF-8 text (bad byte at position %(pos)d)") % {"pos": error.start}
        ) from None
    stripped = text.lstrip()
    if media_type.endswith("json") or stripped[:1] in ("{", "["):
        try:
            roots = [json.loads(text)]
        except ValueError as error:
            raise Unreadable(_("it is not valid JSON (%(error)s)") % {"error": error}) from None
    else:
        roots = list(_json_ld_scripts(text))
    found, refused = [], []
    for node in _nodes(roots):
        try:
            found.append(read_review(node))
        except Unreadable as error:
            refused.append(str(error))
    if not found and not refused:
        raise Unreadable(_("it holds no ClaimReview"))
    return found, refused
