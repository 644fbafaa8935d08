"""Turning an uploaded or local file into an article's title, body and metadata.

Every refusal is a `Refused` with a reason a person can act on; nothing here
touches the database.
"""

import codecs
import re
from dataclasses import dataclass, field
from datetime import date
from http import HTTPStatus
from pathlib import PurePath
from urllib.parse import urljoin

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from claims.validators import is_web_url

TEXT_EXTENSIONS = (".txt",)
HTML_EXTENSIONS = (".html", ".htm")
EXTENSIONS = TEXT_EXTENSIONS + HTML_EXTENSIONS
MIN_HTML_WORDS = 10
TITLE_LENGTH = 200


class Refused(Exception):
    """A file that cannot become an article; the message says why."""


@dataclass
class ArticleText:
    title: str
    body: str
    author: str = ""
    published_on: date | None = None
    sitename: str = ""
    url: str = ""
    extra: dict = field(default_factory=dict)


def max_bytes():
    return getattr(settings, "FACTCHECK_IMPORT_MAX_BYTES", 2 * 1024 * 1024)


def check_size(size):
    if size == 0:
        raise Refused(_("the file is empty"))
    if size > max_bytes():
        raise Refused(
            _("the file is %(size)s, over the %(limit)s limit")
            % {"size": filesizeformat(size), "limit": filesizeformat(max_bytes())}
        )


def check_extension(name):
    suffix = PurePath(name).suffix.lower()
    if suffix not in EXTENSIONS:
        raise Refused(
            _("%(suffix)s files are not articles factcheck can read; use .txt or .html")
            % {"suffix": suffix or _("extensionless")}
        )
    return suffix


def decode(data):
    if b"\x00" in data:
        raise Refused(_("the file is binary (it holds NUL bytes), not text"))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise Refused(
            _("the file is not valid UTF-8 text (bad byte at position %(pos)s)")
            % {"pos": error.start}
        ) from None
    if not text.strip():
        raise Refused(_("the file holds only blank space"))
    return text


def title_from(line, limit=TITLE_LENGTH):
    """A title from a first line; a whole first paragraph gives its first sentence."""
    if len(line) <= limit:
        return line
    sentence = re.match(r"(.+?[.!?])(?=\s|[A-Z]|$)", line)
    if sentence and len(sentence.group(1)) <= limit:
        return sentence.group(1)
    return line[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def read_text(text):
    """The first non-empty line is the title; the body is the whole text as it stands."""
    first = next(line.strip() for line in text.splitlines() if line.strip())
    return ArticleText(title=title_from(first), body=text)


def read_html(html):
    """The article's main text and metadata, without menus, comments or related links.

    favor_precision is trafilatura's setting for leaving boilerplate out; tables
    stay in (as `a | b` rows) and paragraph breaks are kept as new lines.
    """
    import trafilatura  # imported here: it is heavy and only HTML needs it

    doc = trafilatura.bare_extraction(
        html,
        favor_precision=True,
        include_comments=False,
        include_tables=True,
        include_formatting=False,
        include_links=False,
        include_images=False,
        with_metadata=True,
        output_format="python",
    )
    body = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    if len(body.split()) < MIN_HTML_WORDS:
        # What is left of a page of menus and links (a stray "Home") is not an article.
        raise Refused(_("no article text could be found in the HTML"))
    published_on = None
    if doc.date:
        try:
            published_on = date.fromisoformat(doc.date[:10])
        except ValueError:
            published_on = None
    title = (doc.title or "").strip() or read_text(body).title
    return ArticleText(
        title=title_from(title),
        body=body,
        author=(doc.author or "")[:200],
        published_on=published_on,
        sitename=(doc.sitename or "")[:200],
        url=doc.url or "",
    )


def read_article(name, data):
    """Check and read one file's bytes; raises Refused."""
    suffix = check_extension(name)
    check_size(len(data))
    text = decode(data)
    return read_html(text) if suffix in HTML_EXTENSIONS else read_text(text)


HTML_TYPES = ("text/html", "application/xhtml+xml")
TEXT_TYPES = ("text/plain",)


def _status_words(status):
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return str(status)


def decode_page(data, charset):
    """A fetched page's text, by the charset its answer named, else UTF-8; raises Refused."""
    if b"\x00" in data:
        raise Refused(_("the page is binary (it holds NUL bytes), not text"))
    encoding = "utf-8-sig"
    if charset:
        try:
            encoding = codecs.lookup(charset).name
        except LookupError:
            encoding = "utf-8-sig"  # a charset nobody knows: UTF-8 is the web's usual one
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        raise Refused(
            _("the page is not valid %(encoding)s text (bad byte at position %(pos)s)")
            % {"encoding": charset if encoding != "utf-8-sig" else "UTF-8", "pos": error.start}
        ) from None
    if not text.strip():
        raise Refused(_("the page holds only blank space"))
    return text


def read_page(fetched):
    """Read a fetched page (claims.fetching.Fetched) as an article; raises Refused.

    The article's URL is the address the page names as its own (its canonical link, or
    og:url), when it names one, else the address it was found at after any redirects.
    """
    if not fetched.ok:
        raise Refused(_("the page answered %(status)s") % {"status": _status_words(fetched.status)})
    kind = fetched.media_type
    if kind not in HTML_TYPES + TEXT_TYPES:
        raise Refused(
            _("the page is %(type)s, not HTML or plain text")
            % {"type": kind or _("of no stated type")}
        )
    if not fetched.body:
        raise Refused(_("the page is empty"))
    # Its size was capped as it was read (claims.fetching.fetch, given max_bytes()).
    text = decode_page(fetched.body, fetched.charset)
    if kind in TEXT_TYPES:
        article, canonical = read_text(text), ""
    else:
        article = read_html(text)
        canonical = urljoin(fetched.final_url, article.url.strip()) if article.url else ""
    article.url = canonical if is_web_url(canonical) else fetched.final_url
    article.extra["final_url"] = fetched.final_url
    return article
