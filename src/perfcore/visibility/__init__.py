"""Who may see what: the visibility table and redacted views of cycles and feedback.

:data:`DEFAULT_VISIBILITY` is the readable table of part × audience → access
(docs/visibility.md shows it); :func:`view_cycle` and
:func:`view_feedback` return read-only views holding only what the viewer may
see, so serializing a view never carries what was left out;
:func:`view_session` and :func:`view_calibrated_result` do the same for a
calibration session, :func:`view_merit_cycle` for a merit cycle, and
:func:`visible_notes` picks the feedback notes and praise a viewer may see.
"""

from perfcore.visibility.merit import MeritOutcome, MeritView, view_merit_cycle
from perfcore.visibility.notes import DEFAULT_NOTE_VISIBILITY, NoteVisibility, visible_notes
from perfcore.visibility.policy import (
    BUILT_IN_AUDIENCES,
    DEFAULT_VISIBILITY,
    Access,
    Part,
    VisibilityPolicy,
    visibility_table,
)
from perfcore.visibility.sessions import (
    CalibratedResultView,
    SessionView,
    view_calibrated_result,
    view_session,
)
from perfcore.visibility.tags import check_view_tag, view_tag
from perfcore.visibility.views import (
    EVENT_PARTS,
    CycleView,
    FeedbackView,
    event_part,
    view_cycle,
    view_feedback,
)

__all__ = [
    "BUILT_IN_AUDIENCES",
    "DEFAULT_NOTE_VISIBILITY",
    "DEFAULT_VISIBILITY",
    "EVENT_PARTS",
    "Access",
    "CalibratedResultView",
    "CycleView",
    "FeedbackView",
    "MeritOutcome",
    "MeritView",
    "NoteVisibility",
    "Part",
    "SessionView",
    "VisibilityPolicy",
    "check_view_tag",
    "event_part",
    "view_calibrated_result",
    "view_cycle",
    "view_feedback",
    "view_merit_cycle",
    "view_session",
    "view_tag",
    "visibility_table",
    "visible_notes",
]
