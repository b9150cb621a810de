"""Summaries of feedback: per-topic counts and means, withheld below the anonymity minimum.

A summary is what an anonymous request may show: no reviewer, no single
answer, only per-topic counts and means, and only once enough reviewers have
answered. The same summaries feed the composite appraisal score's
``"feedback"`` component (:func:`feedback_score`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction

import attrs

from perfcore import _validators as v
from perfcore.errors import Problem, ValidationError
from perfcore.feedback.model import FeedbackResponse, ReviewerRelation, Topic
from perfcore.feedback.request import FeedbackRequest
from perfcore.scales import RatingScale

__all__ = [
    "FeedbackScore",
    "FeedbackSummary",
    "RelationSummary",
    "TopicSummary",
    "cycle_feedback_score",
    "feedback_score",
    "requests_for_cycle",
    "summarise",
]


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class TopicSummary:
    """How reviewers rated one topic: how many rated it, and the mean rating.

    >>> from perfcore.feedback import TopicKind
    >>> TopicSummary(topic=Topic(kind=TopicKind.GENERAL, ref_id="teamwork"), count=3, mean=4.0).mean
    4.0
    """

    topic: Topic = attrs.field(validator=v.instance(Topic))
    count: int = attrs.field(validator=v.integer(minimum=1))
    mean: float = attrs.field(validator=v.number())


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class RelationSummary:
    """The answers of one kind of reviewer (peers, direct reports, ...) summarised.

    >>> RelationSummary(relation=ReviewerRelation.PEER, responses=3).relation.value
    'peer'
    """

    relation: ReviewerRelation = attrs.field(validator=v.member(ReviewerRelation))
    responses: int = attrs.field(validator=v.integer(minimum=1))
    topics: tuple[TopicSummary, ...] = attrs.field(default=(), validator=v.tuple_of(TopicSummary))

    def for_topic(self, topic: Topic) -> TopicSummary | None:
        """This group's summary of ``topic``, or ``None`` if not shown."""
        return next((item for item in self.topics if item.topic == topic), None)


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class FeedbackSummary:
    """A request's answers summarised; ``withheld`` says why parts are not shown.

    ``topics`` lists the topics rated by enough reviewers (all rated topics,
    for a named request); ``withheld_topics`` the rated topics held back
    because too few of an anonymous request's reviewers rated them.
    ``by_relation`` breaks the answers down by the reviewers' relation (the
    360 view: peers, direct reports, ...); ``relations_withheld`` says why an
    anonymous request's breakdown is not shown.
    """

    request_id: str = attrs.field(validator=v.text(max_length=200))
    responses: int = attrs.field(validator=v.integer(minimum=0))
    topics: tuple[TopicSummary, ...] = attrs.field(default=(), validator=v.tuple_of(TopicSummary))
    withheld_topics: tuple[Topic, ...] = attrs.field(default=(), validator=v.tuple_of(Topic))
    by_relation: tuple[RelationSummary, ...] = attrs.field(
        default=(), validator=v.tuple_of(RelationSummary)
    )
    relations_withheld: str | None = attrs.field(default=None, validator=v.optional_text())

    def for_relation(self, relation: ReviewerRelation) -> RelationSummary | None:
        """The breakdown of one relation, or ``None`` if not shown."""
        return next((item for item in self.by_relation if item.relation is relation), None)

    def for_topic(self, topic: Topic) -> TopicSummary | None:
        """The summary of ``topic``, or ``None`` if nobody (or too few) rated it."""
        for item in self.topics:
            if item.topic == topic:
                return item
        return None


def summarise(request: FeedbackRequest) -> FeedbackSummary | None:
    """Per-topic counts and means of a request's current answers.

    ``None`` when the request is anonymous and fewer than its
    ``minimum_responses`` reviewers answered (see
    :attr:`FeedbackRequest.withheld_reason`): the summary is then withheld
    whole, never shown in part. In an anonymous request a topic rated by
    fewer than the minimum is withheld too. Means are ``math.fsum`` means of
    the ratings on the request's scale.

    >>> import datetime as dt
    >>> from perfcore import Actor, Basis, Rating, RatingScale, Role
    >>> from perfcore.feedback import (FeedbackRating, FeedbackRequest, FeedbackResponse,
    ...                                Reviewer, ReviewerRelation, Topic, TopicKind)
    >>> at = dt.datetime(2026, 11, 2, 9, tzinfo=dt.timezone.utc)
    >>> teamwork = Topic(kind=TopicKind.GENERAL, ref_id="teamwork")
    >>> peers = tuple(Reviewer(person_id=f"p-{i}", relation=ReviewerRelation.PEER)
    ...               for i in range(1, 5))
    >>> request = FeedbackRequest.open(
    ...     request_id="fr-2", subject_id="e-17", manager_id="m-3", reviewers=peers,
    ...     topics=(teamwork,), scale=RatingScale(minimum=1, maximum=5), anonymous=True,
    ...     expires_on=dt.date(2026, 11, 20), by=Actor(person_id="m-3", role=Role.MANAGER), at=at)
    >>> def answer(request, person, value):
    ...     response = FeedbackResponse(reviewer_id=person, ratings=(FeedbackRating(
    ...         topic=teamwork, rating=Rating(value=value, basis=Basis(text="seen in Q3"))),))
    ...     return request.respond(response, by=Actor(person_id=person, role=Role.REVIEWER), at=at)
    >>> request = answer(answer(request, "p-1", 4), "p-2", 5)
    >>> summarise(request) is None  # two answers, three needed
    True
    >>> summary = summarise(answer(request, "p-3", 3))
    >>> summary.responses, summary.for_topic(teamwork).mean
    (3, 4.0)
    """
    if not isinstance(request, FeedbackRequest):
        raise ValidationError.single(
            "request", f"must be a FeedbackRequest, got {v.describe(request)}"
        )
    if request.withheld_reason is not None:
        return None
    values: dict[Topic, list[float]] = {}
    for response in request.responses:
        for item in response.ratings:
            values.setdefault(item.topic, []).append(item.rating.value)
    shown: list[TopicSummary] = []
    withheld: list[Topic] = []
    for topic in request.topics:
        rated = values.get(topic)
        if not rated:
            continue
        if request.anonymous and len(rated) < request.minimum_responses:
            withheld.append(topic)
            continue
        shown.append(
            TopicSummary(topic=topic, count=len(rated), mean=math.fsum(rated) / len(rated))
        )
    by_relation, relations_withheld = _by_relation(request, {s.topic for s in shown})
    return FeedbackSummary(
        request_id=request.id,
        responses=len(request.responses),
        topics=tuple(shown),
        withheld_topics=tuple(withheld),
        by_relation=by_relation,
        relations_withheld=relations_withheld,
    )


def _by_relation(
    request: FeedbackRequest, shown: set[Topic]
) -> tuple[tuple[RelationSummary, ...], str | None]:
    """The answers by reviewer relation, all or nothing for an anonymous request.

    Beside the whole request's means, a group's means would give away the
    rest by difference (four answers overall and three peers leave the one
    direct report's answer bare). So for an anonymous request every relation
    that answered needs ``minimum_responses`` answers, or no breakdown is
    shown; and a topic appears in the breakdown only if every group that
    rated it rated it that often.
    """
    relation_of = {r.person_id: r.relation for r in request.reviewers}
    groups: dict[ReviewerRelation, list[FeedbackResponse]] = {}
    for response in request.responses:
        groups.setdefault(relation_of[response.reviewer_id], []).append(response)
    minimum = request.minimum_responses if request.anonymous else 1
    thin = sorted(r.value for r, answers in groups.items() if len(answers) < minimum)
    if thin:
        # Which group is thin is not said: naming it would tell that it answered at all.
        return (), (
            f"an anonymous request is broken down by relation only when every group that"
            f" answered has at least {minimum} answers"
        )
    values = {
        relation: {
            topic: [
                rating.value
                for response in answers
                if (rating := response.rating_for(topic)) is not None
            ]
            for topic in request.topics
            if topic in shown
        }
        for relation, answers in groups.items()
    }
    kept = [
        topic
        for topic in request.topics
        if topic in shown
        and all(
            not per_topic[topic] or len(per_topic[topic]) >= minimum
            for per_topic in values.values()
        )
    ]
    summaries = tuple(
        RelationSummary(
            relation=relation,
            responses=len(groups[relation]),
            topics=tuple(
                TopicSummary(
                    topic=topic,
                    count=len(rated),
                    mean=math.fsum(rated) / len(rated),
                )
                for topic in kept
                if (rated := values[relation][topic])
            ),
        )
        for relation in ReviewerRelation
        if relation in groups
    )
    return summaries, None


@v.reports_all_problems
@attrs.frozen(kw_only=True)
class FeedbackScore:
    """Feedback as one number on a target scale, with how it was reached.

    ``value`` is ``None`` when no shown rating exists (the composite's missing
    rule then applies to its ``"feedback"`` component).
    """

    value: float | None = attrs.field(validator=v.number(optional=True))
    ratings: int = attrs.field(validator=v.integer(minimum=0))
    request_ids: tuple[str, ...] = attrs.field(validator=v.tuple_of(str))
    withheld_ids: tuple[str, ...] = attrs.field(default=(), validator=v.tuple_of(str))
    unreleased_ids: tuple[str, ...] = attrs.field(default=(), validator=v.tuple_of(str))
    """Requests passed but not released yet: they count once released."""
    explanation: str = attrs.field(validator=v.text())


_PER = ("rating", "response", "topic")
"""How :func:`feedback_score` averages: the values its ``per`` argument takes."""

TopicWeights = Mapping[Topic, float] | Mapping[str, float] | Mapping[Topic | str, float]
"""Weights by topic: a :class:`Topic`, or a topic's ``ref_id`` when that names one topic."""


def feedback_score(
    requests: Iterable[FeedbackRequest],
    *,
    scale: RatingScale,
    topic_weights: TopicWeights | None = None,
    per: str = "rating",
) -> FeedbackScore:
    """Shown feedback ratings as one number on ``scale``, pooled or weighted per topic.

    Each rating is first moved linearly from its request's scale onto
    ``scale`` (:meth:`RatingScale.convert`). Then ``per`` says what is averaged:

    - ``"rating"`` (the default, **pooled**): every rating counts once, so a
      reviewer who rated more topics, or a topic more reviewers rated, weighs
      more. With ``topic_weights``, each rating weighs its topic's weight.
    - ``"response"`` (**per document**): each reviewer's answer is scored on
      its own, as the ``topic_weights``-weighted mean of the topics it rated
      (equal weights without them), and the answers are then averaged with
      equal weight. This is feedback scored one form at a time and the forms
      averaged, as HR suites that weigh criteria per feedback form do.
    - ``"topic"`` (**per topic**): each topic's mean over everyone who rated
      it, then the ``topic_weights``-weighted mean of those means.

    ``topic_weights`` maps topics (a :class:`Topic`, or its ``ref_id`` when
    that names one topic of the requests) to positive weights, and must give
    every topic the requests ask about a weight. Sums are exact (fractions,
    rounded once). Only released requests count (``unreleased_ids`` lists the
    others): a score is shown to the employee once released, and feedback they
    may not see yet must not reach them through it; releasing an anonymous
    request closes it, so no two scores a few answers apart exist to compare.
    Anonymous requests count only through their summary: a withheld request
    adds nothing, and in a shown one only topics rated by enough reviewers
    count. On the scale 0–1 this is the composite score's ``"feedback"``
    component: :func:`cycle_feedback_score` works it out for one cycle.

    >>> from perfcore import RatingScale
    >>> feedback_score([], scale=RatingScale(minimum=1, maximum=5)).explanation
    'no feedback rating to score'

    Two reviewers rate delivery (weight 70) and teamwork (weight 30): one
    gives 4 and 3.5 (a form scoring 0.7 × 4 + 0.3 × 3.5 = 3.85), the other 3
    and 4 (3.3). Per document that is (3.85 + 3.3) / 2 = 3.575; pooling the
    four ratings gives (4 + 3.5 + 3 + 4) / 4 = 3.625. (``request`` below is
    such a released request; the worked example is in the feedback guide.)

    >>> feedback_score([request], scale=RatingScale(minimum=1, maximum=5),
    ...                topic_weights={"delivery": 70, "teamwork": 30},
    ...                per="response").value  # doctest: +SKIP
    3.575
    """
    if not isinstance(scale, RatingScale):
        raise ValidationError.single("scale", f"must be a RatingScale, got {v.describe(scale)}")
    if per not in _PER:
        raise ValidationError.single(
            "per", f"must be one of {', '.join(map(repr, _PER))}, got {v.describe(per)}"
        )
    checked = _requests(requests)
    weights = _topic_weights(topic_weights, checked)
    answers: list[list[tuple[Topic, float]]] = []  # each counted response's converted ratings
    used: list[str] = []
    withheld: list[str] = []
    unreleased: list[str] = []
    for request in sorted(checked, key=lambda r: r.id):
        if not request.released:
            unreleased.append(request.id)
            continue
        summary = summarise(request)
        if summary is None:
            withheld.append(request.id)
            continue
        shown = {item.topic for item in summary.topics}
        before = len(answers)
        for response in request.responses:
            rated = [
                (item.topic, request.scale.convert(item.rating.value, to=scale))
                for item in response.ratings
                if item.topic in shown
            ]
            if rated:
                answers.append(rated)
        if len(answers) > before:
            used.append(request.id)
    ratings = sum(len(answer) for answer in answers)
    if not ratings:
        return FeedbackScore(
            value=None,
            ratings=0,
            request_ids=(),
            withheld_ids=tuple(withheld),
            unreleased_ids=tuple(unreleased),
            explanation=_with_left_out("no feedback rating to score", withheld, unreleased),
        )
    value, what = _average(answers, weights, per)
    weighted = "" if weights is None else f" (topic weights: {_weights_text(weights)})"
    explanation = f"{what}{weighted} from {len(used)} request(s) on the scale {scale} = {value:.4g}"
    return FeedbackScore(
        value=value,
        ratings=ratings,
        request_ids=tuple(used),
        withheld_ids=tuple(withheld),
        unreleased_ids=tuple(unreleased),
        explanation=_with_left_out(explanation, withheld, unreleased),
    )


def _weighted_mean(pairs: Iterable[tuple[float, Fraction]]) -> Fraction:
    """Σ wᵢ·xᵢ / Σ wᵢ of ``(x, w)`` pairs, exactly (at least one pair, weights above 0)."""
    total = Fraction(0)
    weight = Fraction(0)
    for x, w in pairs:
        total += Fraction(x) * w
        weight += w
    return total / weight


def _average(
    answers: list[list[tuple[Topic, float]]], weights: dict[Topic, Fraction] | None, per: str
) -> tuple[float, str]:
    """The score of the counted answers as ``per`` averages them, and what was averaged."""
    one = Fraction(1)

    def weight(topic: Topic) -> Fraction:
        return one if weights is None else weights[topic]

    kind = "mean" if weights is None else "topic-weighted mean"
    if per == "rating":
        count = sum(len(answer) for answer in answers)
        pairs = [(x, weight(topic)) for answer in answers for topic, x in answer]
        return float(_weighted_mean(pairs)), f"{kind} of {count} rating(s)"
    if per == "response":
        forms = [_weighted_mean((x, weight(t)) for t, x in answer) for answer in answers]
        value = sum(forms, Fraction(0)) / len(forms)
        return float(value), f"mean of {len(forms)} response(s), each the {kind} of its ratings"
    by_topic: dict[Topic, list[float]] = {}
    for answer in answers:
        for topic, x in answer:
            by_topic.setdefault(topic, []).append(x)
    means = [
        (sum(map(Fraction, xs), Fraction(0)) / len(xs), weight(topic))
        for topic, xs in by_topic.items()
    ]
    value = sum((m * w for m, w in means), Fraction(0)) / sum((w for _, w in means), Fraction(0))
    return float(value), f"{kind} of {len(means)} topic mean(s)"


def _weights_text(weights: dict[Topic, Fraction]) -> str:
    return ", ".join(
        f"{topic} {float(w):g}" for topic, w in sorted(weights.items(), key=lambda i: str(i[0]))
    )


def _topic_weights(
    given: object, requests: Sequence[FeedbackRequest]
) -> dict[Topic, Fraction] | None:
    """``topic_weights`` by topic, checked: known topics, positive weights, none left out."""
    if given is None:
        return None
    if not isinstance(given, Mapping):
        raise ValidationError.single(
            "topic_weights", f"must map topics to weights, got {v.describe(given)}"
        )
    asked: dict[Topic, None] = {}
    for request in requests:
        asked.update(dict.fromkeys(request.topics))
    weights: dict[Topic, Fraction] = {}
    problems: list[Problem] = []
    for key, weight in given.items():
        label = str(key) if isinstance(key, Topic | str) else v.describe(key)
        where = f"topic_weights[{label}]"
        found = _topic_of(key, asked)
        if isinstance(found, str):
            problems.append(Problem(path=where, message=found))
        elif not v.is_number(weight) or weight <= 0:
            message = f"must be a number above 0, got {v.describe(weight)}"
            problems.append(Problem(path=where, message=message))
        elif found in weights:
            problems.append(Problem(path=where, message=f"weighs {found} a second time"))
        else:
            weights[found] = Fraction(weight)
    missing = sorted(str(topic) for topic in asked if topic not in weights)
    if missing and not problems:
        message = (
            f"has no weight for topic(s) {', '.join(missing)};"
            " every topic the requests ask about needs one"
        )
        problems.append(Problem(path="topic_weights", message=message))
    if problems:
        raise ValidationError(problems)
    return weights


def _topic_of(key: object, asked: Mapping[Topic, None]) -> Topic | str:
    """The asked topic ``key`` names (a Topic, or a ref_id naming one), or why it names none."""
    if isinstance(key, Topic) and key in asked:
        return key
    if isinstance(key, str):
        named = [topic for topic in asked if topic.ref_id == key]
        if len(named) == 1:
            return named[0]
        if named:
            return f"names {' and '.join(map(str, named))}: key it by the Topic"
    known = ", ".join(sorted(str(topic) for topic in asked)) or "none"
    return f"is not a topic of the requests (topics: {known})"


_UNIT = RatingScale(minimum=0, maximum=1)
"""Feedback joins a composite on 0–1, like goal attainments and competency fit."""


def cycle_feedback_score(
    feedback: Iterable[FeedbackRequest],
    *,
    cycle_id: str,
    subject_id: str,
    topic_weights: TopicWeights | None = None,
    per: str = "rating",
) -> FeedbackScore:
    """The ``"feedback"`` component of one cycle's composite score, on 0–1.

    ``feedback`` must be requests about ``subject_id`` (the cycle's employee)
    in ``cycle_id``, each once (:func:`requests_for_cycle` checks them); the
    value is :func:`feedback_score` on the scale 0–1 (0 the bottom of each
    request's scale, 1 the top), pooled, or weighted per topic or per response
    as ``topic_weights`` and ``per`` say there. Pass it to the composite as a value::

        score = cycle_feedback_score(requests, cycle_id=cycle.id, subject_id=cycle.employee_id)
        cycle.compute_score(config, registry, components={"feedback": score.value})

    >>> cycle_feedback_score([], cycle_id="c1", subject_id="e1").value is None
    True
    """
    requests = requests_for_cycle(feedback, cycle_id=cycle_id, subject_id=subject_id)
    return feedback_score(requests, scale=_UNIT, topic_weights=topic_weights, per=per)


def _with_left_out(explanation: str, withheld: list[str], unreleased: list[str]) -> str:
    if withheld:
        explanation += f"; withheld (too few anonymous answers): {', '.join(withheld)}"
    if unreleased:
        explanation += f"; not released yet: {', '.join(unreleased)}"
    return explanation


def requests_for_cycle(
    feedback: object, *, cycle_id: str, subject_id: str
) -> list[FeedbackRequest]:
    """The feedback requests passed for one cycle: each once, about its employee, in it.

    Sorted by id. A request of another cycle or about someone else raises
    :class:`ValidationError` at ``feedback[i].cycle_id`` / ``.subject_id``.

    >>> requests_for_cycle([], cycle_id="c1", subject_id="e1")
    []
    """
    requests = _requests(feedback, "feedback")
    for index, request in enumerate(requests):
        where = f"feedback[{index}]"
        if request.cycle_id != cycle_id:
            raise ValidationError.single(
                f"{where}.cycle_id", f"is {request.cycle_id!r}, not this cycle {cycle_id!r}"
            )
        if request.subject_id != subject_id:
            raise ValidationError.single(
                f"{where}.subject_id",
                f"is {request.subject_id!r}, not this cycle's employee {subject_id!r}",
            )
    return sorted(requests, key=lambda request: request.id)


def _requests(requests: object, name: str = "requests") -> Sequence[FeedbackRequest]:
    """The feedback requests passed as ``name``: a collection, each once."""
    items: list[FeedbackRequest] = v.items_of(requests, name, FeedbackRequest)
    twice = v.repeated(item.id for item in items)
    if twice:
        raise ValidationError.single(name, f"repeats request(s): {', '.join(twice)}")
    return items
