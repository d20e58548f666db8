"""Domain events other areas subscribe to, so an area need not import its listeners.

`milestone_changed` and `response_changed` are sent (with `id=`) whenever a milestone or a
response is created, edited, moved, marked done, archived or restored; the reminders area
listens to keep its scheduled jobs in step with the data. Receivers run inside the request,
before its commit: anything that needs the committed data must defer itself until then.
"""

from blinker import Namespace

_signals = Namespace()

milestone_changed = _signals.signal("milestone-changed")
response_changed = _signals.signal("response-changed")
