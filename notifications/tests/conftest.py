import pytest

from factcheck.testing import make_user


@pytest.fixture
def editor2(db):
    """A second editor, who assigned nothing."""
    return make_user("eric", "Editor", first_name="Eric")


@pytest.fixture
def outsider(db):
    """A reviewer who has nothing to do with the claims here."""
    return make_user("otto", "Reviewer", first_name="Otto")


@pytest.fixture
def mail_server(settings):
    """A real SMTP server on 127.0.0.1 (factcheck.testing.MailServer) that the site's mail
    goes through."""
    from factcheck.testing import MailServer

    with MailServer() as server:
        settings.MAILERS = server.mailers()
        yield server
