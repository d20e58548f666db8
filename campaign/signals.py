"""Domain events other areas subscribe to, so an area need not import its listeners.

`milestone_changed` and `response_changed` are sent (with `id=`) whenever a milestone or a
response is created, edited, moved, marked done, archived or restored; the reminders area
listens to keep its scheduled jobs in step with the data. Receivers run inside the request,
before its commit: anything that needs the committed data must defer itself until then.

`archived_or_restored` is sent by `campaign.common.archive` (sender: the row's model, with
`session=` and `obj=`) whenever a row is archived or restored, whichever door did it (the
detail page's buttons, or any later door that archives through it). Receivers run in the same
unit of work and may write through `session` (the statistics area recomputes the figures
computed from an archived or restored statistic).
"""

from blinker import Namespace

_signals = Namespace()

milestone_changed = _signals.signal("milestone-changed")
response_changed = _signals.signal("response-changed")
archived_or_restored = _signals.signal("archived-or-restored")
