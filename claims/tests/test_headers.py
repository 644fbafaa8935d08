"""Every page goes out with a strict Content-Security-Policy and the usual security headers."""

import re

from django.urls import reverse


def test_pages_carry_a_csp_without_inline_script(client, reviewer, claim):
    client.force_login(reviewer)
    for url in (reverse("login"), reverse("claims:home"), claim.get_absolute_url()):
        response = client.get(url)
        csp = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp
        assert "unsafe-inline" not in csp
        assert "frame-ancestors 'none'" in csp
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "same-origin"


def test_pages_have_no_inline_script_or_style(client, editor, reviewed_claim):
    client.force_login(editor)
    for url in (
        reverse("claims:home"),
        reverse("claims:claim_list"),
        reviewed_claim.get_absolute_url(),
        reverse("claims:article", args=[reviewed_claim.article_id]),
    ):
        text = client.get(url).text
        # Scripts come from static files (script-src 'self'), never inline.
        assert re.findall(r"<script(?![^>]*\ssrc=)", text) == [], url
        assert "style=" not in text, url
