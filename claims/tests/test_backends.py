"""Permissions come from one query, and they are exactly Django's."""

import pytest
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission, User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.backends import PermissionBackend
from factcheck.testing import make_user


@pytest.mark.parametrize("persona", ["reviewer", "editor", "admin_user"])
def test_it_grants_what_django_grants(db, persona, request):
    user = request.getfixturevalue(persona)
    expected = ModelBackend().get_all_permissions(User.objects.get(pk=user.pk))
    assert PermissionBackend().get_all_permissions(User.objects.get(pk=user.pk)) == expected
    assert expected  # every persona has some


def test_it_adds_a_users_own_permissions_to_their_groups(reviewer):
    reviewer.user_permissions.add(Permission.objects.get(codename="settle_claim"))
    user = User.objects.get(pk=reviewer.pk)
    permissions = PermissionBackend().get_all_permissions(user)
    assert {"claims.settle_claim", "claims.add_review"} <= permissions


def test_it_asks_the_database_once(editor):
    user = User.objects.get(pk=editor.pk)
    with CaptureQueriesContext(connection) as queries:
        assert user.has_perm("claims.settle_claim")
        assert user.has_perm("claims.view_claim")
        assert not user.has_perm("auth.delete_user")
    assert len(queries) == 1


def test_inactive_and_unknown_users_have_none(db):
    user = make_user("gone", "Editor", is_active=False)
    assert PermissionBackend().get_all_permissions(user) == set()
    assert not user.has_perm("claims.view_claim")
