"""Competency analysis: the model (profiles, scales, career paths, assessments)."""

from perfcore.competency.model import (
    AdvancementCriteria,
    AssessorRole,
    CareerPath,
    CareerStep,
    Competency,
    CompetencyAssessment,
    CompetencyCategory,
    CompetencyProfile,
    CompetencyRating,
    ProficiencyLevel,
    ProficiencyScale,
    Requirement,
)

__all__ = [
    "AdvancementCriteria",
    "AssessorRole",
    "CareerPath",
    "CareerStep",
    "Competency",
    "CompetencyAssessment",
    "CompetencyCategory",
    "CompetencyProfile",
    "CompetencyRating",
    "ProficiencyLevel",
    "ProficiencyScale",
    "Requirement",
]
