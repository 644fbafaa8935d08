"""What a refused workflow move raises."""

from django.utils.translation import gettext_lazy as _


class WorkflowError(Exception):
    """An illegal move in the claim workflow. Nothing was changed."""


class StaleClaimError(WorkflowError):
    """The claim moved on since the editor opened it; acting now would overwrite unseen work."""

    def __init__(self):
        super().__init__(
            _(
                "This claim was changed by someone else since you opened it; "
                "reload the page and try again."
            )
        )
