"""The built-in goal scorers: one goal's result in, an explained score out.

Each scorer is a frozen attrs class whose fields are its parameters, so
``Scorer.from_params(scorer.params()) == scorer`` and a registry can store it
as plain data. Every score carries an explanation with the numbers that
produced it, so a reader can check it by hand.

=========================  ===========================  ================================
Scorer                     Goal's measure               ``actual`` is
=========================  ===========================  ================================
ThresholdTargetStretch     NumericMeasure               the measured value
BaselineProgress           NumericMeasure with baseline the measured value
OkrGrade                   any (the grade is the input) a key-result grade, 0.0–1.0
MilestoneCompletion        MilestoneMeasure             how many steps are done, in order
YesNo                      YesNoMeasure                 1 (yes) or 0 (no)
ScaleRating                ScaleMeasure                 the level on the measure's scale
=========================  ===========================  ================================

A scorer raises :class:`perfcore.ValidationError` at ``goal.measure`` when the
goal's measure is missing or of another kind, and at ``actual`` when the result
is not a finite number in the range the measure allows.

This module only re-exports, and lists the scorers in :data:`GOAL_SCORERS`.
Each scorer lives in a private module with the scorers of its kind of measure:
``_scorer_numeric``, ``_scorer_okr`` and ``_scorer_discrete`` (milestones,
yes / no, rating scales); what they share is in ``_scorer_common``.
"""

from __future__ import annotations

from perfcore.scoring._scorer_common import _Scorer
from perfcore.scoring._scorer_discrete import MilestoneCompletion, ScaleRating, YesNo
from perfcore.scoring._scorer_numeric import BaselineProgress, ThresholdTargetStretch
from perfcore.scoring._scorer_okr import DEFAULT_OKR_BANDS, OkrGrade

__all__ = [
    "DEFAULT_OKR_BANDS",
    "GOAL_SCORERS",
    "BaselineProgress",
    "MilestoneCompletion",
    "OkrGrade",
    "ScaleRating",
    "ThresholdTargetStretch",
    "YesNo",
]

GOAL_SCORERS: tuple[type[_Scorer], ...] = (
    ThresholdTargetStretch,
    BaselineProgress,
    OkrGrade,
    MilestoneCompletion,
    YesNo,
    ScaleRating,
)
"""Every built-in goal scorer class; register each as ``(cls.NAME, cls.from_params)``."""
