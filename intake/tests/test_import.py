"""Importing article files by command and by upload, and refusing bad ones."""

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from claims.models import Article, Claim
from intake.models import ImportBatch

SEED = settings.FACTCHECK_SEED_ARTICLES

TEXT = (
    "Trade up a third\n"
    "Trade between the two countries grew by 35% over the last two years, the minister said.\n"
    "Kyrgyzstan is home to four Confucius Institutes.\n"
)
HTML = """<!doctype html><html><head><title>Border ports open | Example Times</title>
<meta name="author" content="Ann Writer"><meta property="og:site_name" content="Example Times">
<meta name="date" content="2024-05-02"></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article><h1>Border ports open</h1>
<p>The two countries opened two new border ports on Monday, the transport minister announced.
Officials said traffic through the ports grew by 12% in 2023 compared with the year before.</p>
<p>The shared border spans over a thousand kilometers and crosses high mountain passes that
close for several months every winter, according to the national road agency.</p>
<p>Traders in Osh said they expect lower costs once the new customs posts are fully staffed.</p>
</article>
<div class="share">Share on Facebook Share on Twitter</div>
<aside class="related"><h2>Related stories</h2>
<ul><li><a href="/a">Ports close for winter</a></li></ul></aside>
<footer>Copyright Example Times. All rights reserved.</footer>
</body></html>"""


def write(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def run(*args):
    from io import StringIO

    out, err = StringIO(), StringIO()
    code = 0
    try:
        call_command("import_articles", *map(str, args), stdout=out, stderr=err)
    except SystemExit as exit:
        code = exit.code
    return code, out.getvalue(), err.getvalue()


@pytest.mark.django_db
class TestImportCommand:
    def test_it_imports_text_with_first_line_as_title_and_body_as_is(self, tmp_path):
        code, out, _err = run(write(tmp_path, "trade.txt", TEXT), "--outlet", "Example Times")
        assert code == 0
        article = Article.objects.get()
        assert article.title == "Trade up a third"
        assert article.body == TEXT
        assert article.outlet.name == "Example Times"
        assert "1 imported, 0 already present, 0 refused." in out

    def test_a_first_line_that_is_a_paragraph_gives_its_first_sentence_as_title(self, tmp_path):
        text = "Leaders met in Bishkek on Monday. " + "They talked about trade and roads. " * 10
        run(write(tmp_path, "para.txt", text))
        assert Article.objects.get().title == "Leaders met in Bishkek on Monday."

    def test_it_proposes_candidates_with_parsed_quantities(self, tmp_path):
        run(write(tmp_path, "trade.txt", TEXT))
        candidates = {c.quote: c for c in Claim.objects.candidates()}
        growth = next(c for q, c in candidates.items() if "35%" in q)
        assert (growth.value, growth.unit, growth.period) == (35, "percent", "the last two years")
        institutes = next(c for q, c in candidates.items() if "Confucius" in q)
        assert institutes.value == 4
        for claim in candidates.values():
            assert claim.article.body[claim.start : claim.end] == claim.quote

    def test_it_extracts_html_main_text_and_metadata_without_menus(self, tmp_path):
        code, _out, err = run(write(tmp_path, "ports.html", HTML))
        assert code == 0, err
        article = Article.objects.get()
        assert "two new border ports" in article.body
        assert "over a thousand kilometers" in article.body
        for noise in ("Sport", "Share on Facebook", "Related stories", "Copyright"):
            assert noise not in article.body
        assert "\n" in article.body  # paragraph breaks kept
        assert article.author == "Ann Writer"
        assert str(article.published_on) == "2024-05-02"
        assert article.outlet.name == "Example Times"

    def test_options_set_url_date_and_outlet(self, tmp_path):
        path = write(tmp_path, "trade.txt", TEXT)
        run(path, "--url", "https://times.example.org/trade", "--date", "2024-01-31")
        article = Article.objects.get()
        assert article.url == "https://times.example.org/trade"
        assert str(article.published_on) == "2024-01-31"

    def test_it_refuses_a_url_that_is_not_http(self, tmp_path):
        with pytest.raises(CommandError, match="http:// or https://"):
            run(write(tmp_path, "trade.txt", TEXT), "--url", "javascript:alert(1)")
        assert not Article.objects.exists()

    def test_reimport_reports_already_present(self, tmp_path):
        path = write(tmp_path, "trade.txt", TEXT)
        run(path)
        code, out, _err = run(path)
        assert code == 0
        assert f"Skipped {path}: already present" in out
        assert Article.objects.count() == 1

    @pytest.mark.parametrize(
        ("name", "data", "reason"),
        [
            ("empty.txt", b"", "the file is empty"),
            ("blank.txt", b"  \n\n ", "only blank space"),
            ("binary.txt", b"Title\n\x00\x01\x02 body", "binary"),
            ("latin1.txt", "Caf\u00e9 title\nbody".encode("latin-1"), "not valid UTF-8"),
            ("report.pdf", b"%PDF-1.4 some text", ".pdf files are not articles"),
            (
                "nav.html",
                b"<html><body><nav><a href='/'>Home</a></nav></body></html>",
                "no article text",
            ),
        ],
    )
    def test_it_refuses_bad_files_naming_file_and_reason(self, tmp_path, name, data, reason):
        path = write(tmp_path, name, data)
        code, _out, err = run(path)
        assert code == 1
        assert f"Refused {path}:" in err
        assert reason in err
        assert not Article.objects.exists()

    def test_it_refuses_oversized_files(self, tmp_path, settings):
        settings.FACTCHECK_IMPORT_MAX_BYTES = 100
        path = write(tmp_path, "long.txt", "Title\n" + "word " * 50)
        code, _out, err = run(path)
        assert code == 1
        assert "over the 100\xa0bytes limit" in err
        assert not Article.objects.exists()

    def test_a_batch_with_one_bad_file_imports_the_others(self, tmp_path):
        folder = tmp_path / "batch"
        folder.mkdir()
        write(folder, "a.txt", TEXT)
        write(folder, "b.txt", b"\x00\x00")
        write(folder, "c.html", HTML)
        code, out, err = run(folder)
        assert code == 1
        assert "2 imported, 0 already present, 1 refused." in out
        assert "b.txt: the file is binary" in err
        assert Article.objects.count() == 2

    def test_it_imports_a_link_beside_files_here_and_now(self, tmp_path, page_server):
        page_server.routes["/ports"] = (200, {"Content-Type": "text/html"}, HTML.encode())
        link = page_server.url("/ports")
        code, out, err = run(write(tmp_path, "trade.txt", TEXT), link)
        assert code == 0, err
        assert f"Imported {link}: article " in out
        assert "2 imported, 0 already present, 0 refused." in out
        assert Article.objects.get(url=link).author == "Ann Writer"

    def test_it_refuses_a_link_naming_it_and_why(self, page_server):
        link = page_server.url("/missing")
        code, _out, err = run(link)
        assert code == 1
        assert f"Refused {link}: the page answered 404 Not Found." in err

    def test_a_link_that_cannot_be_fetched_now_is_refused_with_the_error(self, page_server):
        import socket

        with socket.socket() as closed:
            closed.bind(("127.0.0.1", 0))
            link = f"http://127.0.0.1:{closed.getsockname()[1]}/"
        code, _out, err = run(link)
        assert code == 1
        assert f"Refused {link}: it could not be fetched now: 127.0.0.1 did not answer" in err

    def test_propose_claims_never_duplicates_or_revives_rejected(self, tmp_path, editor):
        run(write(tmp_path, "trade.txt", TEXT))
        article = Article.objects.get()
        before = article.claims.count()
        first = article.claims.candidates().first()
        first.reject(by=editor)
        call_command("propose_claims", str(article.pk), stdout=__import__("io").StringIO())
        assert article.claims.count() == before
        assert Claim.objects.get(pk=first.pk).status == Claim.Status.REJECTED


@pytest.mark.django_db
def test_seed_articles_import_and_keep_their_noise():
    code, out, _err = run(SEED)
    assert code == 0
    assert "5 imported" in out
    body = Article.objects.get(title__startswith="Forging a shared future").body
    assert "Search Trends" in body
    caption = "Chinese President Xi Jinping holds talks with Kyrgyz President Sadyr Japarov"
    assert body.count(caption) == 3
    quotes = list(Claim.objects.candidates().filter(quote__contains=caption).values("quote"))
    assert len(quotes) == 1  # the repeated caption is proposed once


class TestUploadPage:
    url = reverse("intake:import")

    def upload(self, *files, **extra):
        return {
            "files": list(files),
            "links": "",
            "outlet": "",
            "url": "",
            "published_on": "",
            **extra,
        }

    def test_reviewer_is_refused(self, client, reviewer):
        client.force_login(reviewer)
        assert client.get(self.url).status_code == 403
        data = self.upload(SimpleUploadedFile("a.txt", TEXT.encode()))
        assert client.post(self.url, data).status_code == 403
        assert not Article.objects.exists()

    @pytest.mark.parametrize("persona", ["editor", "admin_user"])
    def test_editor_and_admin_see_the_form(self, client, db, persona, request):
        client.force_login(request.getfixturevalue(persona))
        response = client.get(self.url)
        assert response.status_code == 200
        assert '<label for="id_files">' in response.text
        assert "Up to 2.0\xa0MB each." in response.text
        assert '<label for="id_links">' in response.text

    def test_upload_is_left_to_a_worker_and_answered_with_its_page(self, client, editor):
        client.force_login(editor)
        data = self.upload(
            SimpleUploadedFile("a.txt", TEXT.encode()), SimpleUploadedFile("c.html", HTML.encode())
        )
        response = client.post(self.url, data)
        assert response.status_code == 303
        batch = ImportBatch.objects.get()
        assert response.url == batch.get_absolute_url()
        assert [item.name for item in batch.items.all()] == ["a.txt", "c.html"]
        assert not Article.objects.exists()  # imported by the worker (test_queue.py)

    def test_upload_names_a_refused_file_and_saves_nothing(self, client, editor):
        client.force_login(editor)
        data = self.upload(
            SimpleUploadedFile("a.txt", TEXT.encode()),
            SimpleUploadedFile("bad.txt", b"\xff\xfe\x00"),
        )
        response = client.post(self.url, data)
        assert response.status_code == 400
        assert "bad.txt: the file is binary" in response.text
        assert not ImportBatch.objects.exists()

    def test_upload_refuses_a_non_web_url(self, client, editor):
        client.force_login(editor)
        data = self.upload(SimpleUploadedFile("a.txt", TEXT.encode()), url="javascript:alert(1)")
        response = client.post(self.url, data)
        assert response.status_code == 400
        assert "starts with http:// or https://" in response.text
        assert not Article.objects.exists()
