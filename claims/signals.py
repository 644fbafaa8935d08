"""What the workflow tells other apps, as Django signals.

The claims app is the base app: it imports no other, so an app that acts on a
move of a claim (notifications, webhooks) listens to these signals instead of
being called. Each is sent by a workflow method of Claim (claims/models/claim.py)
inside the method's transaction, with the claim's row locked, after the change
is written: a receiver that writes rows writes them in the same transaction (a
move that is rolled back leaves none), and one that reaches outside the database
(mail, a web request) must wait for the commit (claims.jobs.enqueue_on_commit).
An error in a receiver undoes the move, so receivers must not fail on bad luck.

Every signal is sent with `sender=Claim` and keyword arguments only; receivers
take `**kwargs`, so arguments can be added later without breaking them.
"""

from django.dispatch import Signal

# Sent by Claim.assign once the new assignments are written, before the claim's
# move to in_review (which sends claim_moved too).
#   claim: the Claim.
#   reviewers: a list of the users newly assigned (never one assigned before).
#   by: the user who assigned them.
reviewers_assigned = Signal()

# Sent by every move of a claim from one status to another (Claim._move): accept,
# reject, assign, the last review submitted, settle, publish and reopen, once the
# status and its StatusChange record are written.
#   claim: the Claim, its `status` already the new one.
#   from_status, to_status: Claim.Status values.
#   actor: the user who made the move.
#   note: the StatusChange's note. It may say what nobody but editors should see
#     (a settled verdict's rating is the note of the move to settled), so it is for
#     the record, not for passing on.
#   status_change: the StatusChange row just written.
claim_moved = Signal()

# Sent by Note.post and Note.edit (claims/models/notes.py) once the note is written,
# when it mentions people who may read it; and by Note.tell_mentions_now_readable when
# a reviewer it mentioned may read it at last (their own review is in).
#   note: the Note.
#   claim: the claim it is on.
#   deferred: True when sent by Note.tell_mentions_now_readable: the note was posted
#     earlier, and its reader may read it only now that their own review is in.
#   mentioned: the users to tell, each of whom Note.objects.visible_to lets read the
#     note (never its author, never a name that told nobody). The note's text is
#     internal: a receiver that tells them says who wrote on which claim, not what.
note_posted = Signal()

# Sent by claims.models.rechecks.flag_due_rechecks for each claim whose re-check date
# has come, once it is marked due (Claim.recheck_due_since).
#   claim: the Claim, with its verdict (and the verdict's editor) and recheck_by read.
#   on: the day the run counted as today.
recheck_due = Signal()
