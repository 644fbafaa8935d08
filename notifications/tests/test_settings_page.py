"""Each person chooses, per event, mail at once, the daily digest, or no mail."""

from notifications.models import DEFAULT_DELIVERY, Delivery, Event, Preference

URL = "/inbox/settings/"


# The events a reviewer chooses for: not those only editors hear of.
EDITORS_ONLY = {Event.REVIEWS_IN, Event.WEBHOOK_OFF, Event.RECHECK_DUE}


def every(delivery):
    return {event.value: delivery.value for event in Event if event not in EDITORS_ONLY}


def test_only_editors_choose_for_what_only_editors_hear_of(client, reviewer, editor):
    client.force_login(reviewer)
    assert set(client.get(URL).context["form"].fields) == {e.value for e in Event} - EDITORS_ONLY
    client.force_login(editor)
    assert set(client.get(URL).context["form"].fields) == {e.value for e in Event}


def test_it_shows_the_defaults(client, editor):
    client.force_login(editor)
    form = client.get(URL).context["form"]
    assert {name: form[name].initial for name in form.fields} == {
        e.value: d.value for e, d in DEFAULT_DELIVERY.items()
    }
    assert DEFAULT_DELIVERY[Event.ASSIGNED] == Delivery.NOW
    assert DEFAULT_DELIVERY[Event.SETTLED] == Delivery.DIGEST


def test_it_saves_the_choices(client, reviewer):
    client.force_login(reviewer)
    choices = every(Delivery.DIGEST) | {"assigned": "none"}
    response = client.post(URL, choices, follow=True)
    assert response.redirect_chain == [(URL, 303)]
    assert "Your choices are saved." in response.text
    saved = Preference.objects.choices_for(reviewer)
    assert saved[Event.ASSIGNED] == Delivery.NONE
    assert saved[Event.PUBLISHED] == Delivery.DIGEST
    form = response.context["form"]
    assert form["assigned"].initial == "none"


def test_a_forged_value_is_refused_and_nothing_is_saved(client, reviewer):
    client.force_login(reviewer)
    response = client.post(URL, every(Delivery.NONE) | {"settled": "fax"})
    assert response.status_code == 400
    assert "“fax” is not one of the choices" in response.text
    assert not Preference.objects.exists()


def test_a_missing_choice_is_refused(client, reviewer):
    client.force_login(reviewer)
    choices = every(Delivery.NONE)
    del choices["reopened"]
    response = client.post(URL, choices)
    assert response.status_code == 400
    assert "Choose how to hear of this." in response.text
    assert not Preference.objects.exists()


def test_each_person_has_their_own(client, reviewer, reviewer2):
    client.force_login(reviewer)
    client.post(URL, every(Delivery.NONE))
    assert Preference.objects.choices_for(reviewer2) == DEFAULT_DELIVERY


def test_it_says_where_mail_goes_or_that_none_can(client, reviewer):
    client.force_login(reviewer)
    assert "Mail goes to <strong>rita@example.org</strong>" in client.get(URL).text
    reviewer.email = ""
    reviewer.save(update_fields=["email"])
    assert "Your account has no email address" in client.get(URL).text


def test_a_reviewer_is_not_offered_what_only_one_who_assigns_hears_of(client, reviewer, editor):
    client.force_login(reviewer)
    assert "reviews_in" not in client.get(URL).context["form"].fields
    client.force_login(editor)
    assert "reviews_in" in client.get(URL).context["form"].fields
