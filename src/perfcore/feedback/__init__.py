"""Multi-rater feedback: peer, upward, 360 and ad hoc requests, answers and summaries.

A :class:`FeedbackRequest` is its own event-sourced aggregate (feedback may be
asked outside any cycle); :func:`summarise` shows anonymous answers only as
per-topic means once enough reviewers answered, and :func:`feedback_score`
turns shown ratings into one number (:func:`cycle_feedback_score`: the
composite score's ``"feedback"`` component of one cycle, passed to
``Cycle.compute_score`` as a value). A :class:`FeedbackNote` is feedback or
praise given unasked, from anyone to anyone; praise enters no score unless a
:class:`PraiseScoring` config says so (:func:`praise_score`). Who
sees what of a request is decided by :mod:`perfcore.visibility`.
"""

from perfcore.feedback.audit import AnonymityAudit
from perfcore.feedback.events import (
    FEEDBACK_EVENT_TYPES,
    FeedbackCorrected,
    FeedbackDeclined,
    FeedbackEvent,
    FeedbackGiven,
    FeedbackReleased,
    FeedbackRequestClosed,
    FeedbackRequested,
)
from perfcore.feedback.model import (
    FeedbackRating,
    FeedbackResponse,
    Reviewer,
    ReviewerRelation,
    Topic,
    TopicKind,
)
from perfcore.feedback.notes import (
    FeedbackNote,
    NoteAudience,
    NoteKind,
    PraiseScoring,
    praise_score,
)
from perfcore.feedback.request import FeedbackKind, FeedbackRequest, FeedbackStatus
from perfcore.feedback.summary import (
    FeedbackScore,
    FeedbackSummary,
    RelationSummary,
    TopicSummary,
    cycle_feedback_score,
    feedback_score,
    requests_for_cycle,
    summarise,
)

__all__ = [
    "FEEDBACK_EVENT_TYPES",
    "AnonymityAudit",
    "FeedbackCorrected",
    "FeedbackDeclined",
    "FeedbackEvent",
    "FeedbackGiven",
    "FeedbackKind",
    "FeedbackNote",
    "FeedbackRating",
    "FeedbackReleased",
    "FeedbackRequest",
    "FeedbackRequestClosed",
    "FeedbackRequested",
    "FeedbackResponse",
    "FeedbackScore",
    "FeedbackStatus",
    "FeedbackSummary",
    "NoteAudience",
    "NoteKind",
    "PraiseScoring",
    "RelationSummary",
    "Reviewer",
    "ReviewerRelation",
    "Topic",
    "TopicKind",
    "TopicSummary",
    "cycle_feedback_score",
    "feedback_score",
    "praise_score",
    "requests_for_cycle",
    "summarise",
]
