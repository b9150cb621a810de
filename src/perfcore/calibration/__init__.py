"""Calibration sessions: proposed ratings moved with reasons, locked, and written back.

A :class:`CalibrationSession` is its own small event-sourced aggregate on the
kernel cycles and feedback requests share. HR opens it on a population of
cycles; participants move ratings, each with a reason, on each cycle's scale;
closing locks the results and returns the cycles with each moved rating
written back as a calibration adjustment (``Cycle.adjust_score``). The
before/after report is :func:`perfcore.analytics.session_report`; who sees
what of a session is :func:`perfcore.visibility.view_session`.
"""

from perfcore.calibration.events import (
    CALIBRATION_EVENT_TYPES,
    CalibrationClosed,
    CalibrationEvent,
    CalibrationOpened,
    RatingMoved,
)
from perfcore.calibration.model import CalibrationDimension, CalibrationResult, Proposal
from perfcore.calibration.session import CalibrationSession

__all__ = [
    "CALIBRATION_EVENT_TYPES",
    "CalibrationClosed",
    "CalibrationDimension",
    "CalibrationEvent",
    "CalibrationOpened",
    "CalibrationResult",
    "CalibrationSession",
    "Proposal",
    "RatingMoved",
]
