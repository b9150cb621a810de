"""Rating bands: a score placed in a labelled band.

Public through :mod:`perfcore.scoring.combiners` (:class:`Band`, :class:`BandChoice`,
:class:`RatingBands`).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar, cast

import attrs

from perfcore import _validators as v
from perfcore._unchecked import later
from perfcore.errors import Problem, ValidationError
from perfcore.scoring._combiner_common import _fmt, _is_number, _repeats
from perfcore.scoring.results import Bounds, _Explained, _explained_on_read
from perfcore.strategies import from_params as _from_params
from perfcore.strategies import params_of

# --- rating bands ---------------------------------------------------------------------


def _check_upper(inst: Band, attr: attrs.Attribute[Any], value: object) -> None:
    if _is_number(value) and _is_number(inst.lower) and cast("float", value) <= inst.lower:
        v.fail(
            inst, attr, f"must be above lower {_fmt(inst.lower)}, got {_fmt(cast('float', value))}"
        )


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class Band:
    """One labelled score range: ``lower`` included, ``upper`` excluded (unless it is the last).

    >>> Band(label="Meets", lower=2.5, upper=3.5).label
    'Meets'
    """

    label: str = attrs.field(validator=v.text(max_length=200))
    lower: float = attrs.field(validator=v.number())
    upper: float = attrs.field(validator=[v.number(), _check_upper])


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class BandChoice(_Explained):
    """The band a score falls in, with the interval written out.

    :meth:`RatingBands.choose` leaves the explanation to be written when it
    is first read: the text, equality, hash, repr and data are the same.

    >>> BandChoice(score=3.2, label="Meets", lower=2.5, upper=3.5,
    ...            explanation="3.2 lies in [2.5, 3.5): Meets").label
    'Meets'
    """

    score: float = attrs.field(validator=v.number())
    label: str = attrs.field(validator=v.text(max_length=200))
    lower: float = attrs.field(validator=v.number())
    upper: float = attrs.field(validator=v.number())
    explanation: str = attrs.field(validator=v.text())

    _EXPLAINED_FROM: ClassVar[str] = "score"


_explained_on_read(BandChoice)
_band_choice_later = later(BandChoice, "explanation", ("_by", "_of"))
"""A :class:`BandChoice` of a checked score and a validated band, explained when first read."""


def _check_bands(inst: object, attr: attrs.Attribute[Any], value: tuple[Band, ...]) -> None:
    """Runs after ``tuple_of(Band)`` and ``non_empty_tuple`` have passed."""
    path = f"{type(inst).__name__}.{attr.name}"
    problems: list[Problem] = []
    for before, band in itertools.pairwise(value):
        if band.lower < before.lower:
            message = (
                f"must be in ascending order: {band.label!r} (from {_fmt(band.lower)})"
                f" comes after {before.label!r} (from {_fmt(before.lower)})"
            )
        elif band.lower > before.upper:
            message = (
                f"gap between {before.label!r} (up to {_fmt(before.upper)})"
                f" and {band.label!r} (from {_fmt(band.lower)})"
            )
        elif band.lower < before.upper:
            message = (
                f"{before.label!r} (up to {_fmt(before.upper)})"
                f" overlaps {band.label!r} (from {_fmt(band.lower)})"
            )
        else:
            continue
        problems.append(Problem(path=path, message=message))
    repeated = _repeats(b.label for b in value)
    if repeated:
        problems.append(Problem(path=path, message=f"labels must not repeat: {repeated}"))
    if problems:
        raise ValidationError(problems)


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class RatingBands:
    """Score → label: contiguous, non-overlapping bands in ascending order.

    Each band's ``lower`` must equal the previous band's ``upper`` exactly.
    A band holds scores from its lower bound (included) up to its upper bound
    (excluded); the last band also holds its upper bound, so the top score of
    the range has a label. A score outside the range is refused.

    >>> bands = RatingBands.from_edges(
    ...     (1, 2.5, 3.5, 4.5, 5), ("Needs improvement", "Meets", "Exceeds", "Strongly exceeds"))
    >>> bands.choose(3.2).explanation
    '3.2 lies in [2.5, 3.5): Meets'
    >>> bands.choose(3.5).label, bands.choose(5).explanation
    ('Exceeds', '5 lies in [4.5, 5]: Strongly exceeds')
    >>> bands.choose(0.5)
    Traceback (most recent call last):
    ...
    perfcore.errors.ValidationError: RatingBands.score: 0.5 lies outside the bands' range [1, 5]
    """

    NAME: ClassVar[str] = "rating_bands"

    bands: tuple[Band, ...] = attrs.field(
        validator=[v.tuple_of(Band), v.non_empty_tuple(), _check_bands]
    )

    @classmethod
    def from_edges(cls, edges: Sequence[float], labels: Sequence[str]) -> RatingBands:
        """Bands between consecutive ``edges``, labelled in order: contiguous by construction.

        >>> RatingBands.from_edges((0, 0.4, 0.7, 1), ("red", "yellow", "green")).choose(0.65).label
        'yellow'
        """
        for name, given in (("edges", edges), ("labels", labels)):
            if not isinstance(given, list | tuple):
                raise ValidationError.single(
                    f"RatingBands.{name}", f"must be a list, got {v.describe(given)}"
                )
        if len(labels) != len(edges) - 1:
            raise ValidationError.single(
                "RatingBands.bands",
                f"needs one label per band: {len(edges)} edges make {max(len(edges) - 1, 0)}"
                f" bands, got {len(labels)} labels",
            )
        return cls(
            bands=tuple(
                Band(label=label, lower=lower, upper=upper)
                for label, (lower, upper) in zip(labels, itertools.pairwise(edges), strict=True)
            )
        )

    @property
    def name(self) -> str:
        """The registry name, ``"rating_bands"``."""
        return self.NAME

    @property
    def bounds(self) -> Bounds:
        """The range the bands cover, both ends included.

        >>> RatingBands.from_edges((0, 1, 2), ("low", "high")).bounds
        Bounds(low=0, high=2)
        """
        return Bounds(low=self.bands[0].lower, high=self.bands[-1].upper)

    def params(self) -> dict[str, Any]:
        """JSON-ready parameters: ``{"bands": [{"label", "lower", "upper"}, ...]}``.

        >>> RatingBands.from_edges((0, 1), ("all",)).params()
        {'bands': [{'label': 'all', 'lower': 0, 'upper': 1}]}
        """
        return params_of(self)

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> RatingBands:
        """Build from :meth:`params` data; a bad band is reported at ``$.params.bands[i]``.

        >>> RatingBands.from_params({"bands": [{"label": "all", "lower": 0, "upper": 1}]}).bands
        (Band(label='all', lower=0, upper=1),)
        """
        raw = params.get("bands") if isinstance(params, Mapping) else None
        if isinstance(raw, list | tuple):
            bands: list[Band] = []
            problems: list[Problem] = []
            for index, item in enumerate(raw):
                where = f"$.params.bands[{index}]"
                if isinstance(item, Band):
                    bands.append(item)
                elif isinstance(item, Mapping):
                    try:
                        bands.append(_from_params(Band, item, path=where))
                    except ValidationError as exc:
                        problems.extend(exc.problems)
                else:
                    problems.append(
                        Problem(path=where, message=f"must be an object, got {v.describe(item)}")
                    )
            if problems:
                raise ValidationError(problems)
            params = {**params, "bands": tuple(bands)}
        return _from_params(cls, params)

    def choose(self, score: float) -> BandChoice:
        """The band ``score`` lies in; outside the range raises at ``RatingBands.score``."""
        if not _is_number(score):
            raise ValidationError.single(
                "RatingBands.score", f"must be a finite number, got {v.describe(score)}"
            )
        last = self.bands[-1]
        for band in self.bands:
            if band.lower <= score and (
                score < band.upper or (band is last and score == band.upper)
            ):
                return _band_choice_later(
                    score=score,
                    label=band.label,
                    lower=band.lower,
                    upper=band.upper,
                    _by=self,
                    _of=band,
                )
        raise ValidationError.single(
            "RatingBands.score",
            f"{_fmt(score)} lies outside the bands' range"
            f" [{_fmt(self.bands[0].lower)}, {_fmt(last.upper)}]",
        )

    def _explanation(self, band: Band, score: float) -> str:
        """How :meth:`choose` placed ``score`` in ``band``, the interval written out."""
        closed = band is self.bands[-1]
        interval = f"[{_fmt(band.lower)}, {_fmt(band.upper)}{']' if closed else ')'}"
        return f"{_fmt(score)} lies in {interval}: {band.label}"
