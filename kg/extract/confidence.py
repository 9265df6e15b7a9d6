"""Confidence: a proposition (and, for a fact of the graph, the nodes of its arguments) in, a probability out.

One logistic model ranks both. A proposition is read by its shape alone
(``confidence_features``: the rule that fired, how long its arguments are,
whether the text asserts it), which is all an Open IE reader (CaRB) sees. A
fact of the graph adds what its nodes say (``fact_features``: a named
entity or a concept, an event, a claim, a role held in an organisation, who
said it) and the ``news`` term, so that facts about nothing named, or read
from a fragment, sink. The weights are fitted by ``benchmarks/carb_fit.py``
on CaRB dev and on the news gold of the bbc-dev articles together, with
cross-validation by sentence and by article.
"""
from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..model import Entity
    from .propositions import Proposition

__all__ = ["confidence", "confidence_features", "fact_features", "CONFIDENCE_WEIGHTS"]

_PRONOUNS = frozenset({"i", "you", "he", "she", "it", "we", "they", "him", "her", "them", "this", "that", "these",
                       "those", "there", "who", "which", "what", "one"})


def confidence_features(prop: Proposition, *, sentence_tokens: int | None = None) -> dict[str, float]:
    """What the model looks at in a proposition: the rule that fired, and the shape of what it produced.

    Read off the proposition alone (its sentence's length included, or
    ``sentence_tokens`` when given), so the model can be refitted from
    extractor output: ``benchmarks/carb_fit.py``.
    """
    words = [len(a.text.split()) for a in prop.surface]
    f = {"rule=" + prop.rule: 1.0, "bias": 1.0}
    f["args=1"] = float(len(words) == 1)
    f["args>=3"] = float(len(words) >= 3)
    f["subject pronoun"] = float(bool(prop.surface) and prop.surface[0].text.lower() in _PRONOUNS)
    f["subject words"] = min(words[0], 12) / 10 if words else 0.0
    f["object words"] = min(words[1], 20) / 10 if len(words) > 1 else 0.0
    f["other words"] = min(sum(words[2:]), 20) / 10
    f["relation words"] = min(len(prop.relation.split()), 6) / 5
    length = prop.sentence_tokens if sentence_tokens is None else sentence_tokens
    f["sentence tokens"] = min(length, 80) / 40
    f["clause object"] = float(any(a.role == "clause" for a in prop.surface))
    f["time"] = float(any(a.role == "time" for a in prop.surface))
    f["negated"] = float(prop.negated)
    if prop.assertion not in ("asserted", "negated"):
        f["assertion=" + prop.assertion] = 1.0
    return f


def fact_features(prop: Proposition, subject: Entity, obj: Entity) -> dict[str, float]:
    """What the model looks at in a fact of the graph beyond its proposition: what its nodes are."""
    f = {"news": 1.0, "object=" + obj.type: 1.0, "subject=" + subject.type: 1.0}
    f["subject described"] = float(subject.described)
    f["object described"] = float(obj.described and obj.type != "Claim")
    f["object name words"] = min(len(obj.name.split()), 10) / 10
    role = prop.predicate.startswith("be ") and prop.predicate.endswith((" of", " at", " for"))
    f["role of an organisation"] = float(role)
    f["possessive"] = float(prop.rule == "possessive")
    return f


def confidence(features: dict[str, float]) -> float:
    """Logistic model over ``confidence_features`` (and ``fact_features``); weights in ``CONFIDENCE_WEIGHTS``."""
    z = sum(CONFIDENCE_WEIGHTS.get(name, 0.0) * value for name, value in features.items())
    return round(1.0 / (1.0 + math.exp(-z)), 3)


#: Fitted by ``python benchmarks/carb_fit.py`` (logistic regression, L2; targets: how well each CaRB dev
#: proposition matches its best gold tuple, and whether each asserted bbc-dev fact is supported by the news gold).
CONFIDENCE_WEIGHTS: dict[str, float] = {
    'bias': 0.886,
    'args=1': -2.755,
    'args>=3': 0.159,
    'assertion=claimed': -0.940,
    'assertion=conditional': -1.292,
    'assertion=hedged': -0.600,
    'assertion=refused': 0.442,
    'clause object': 0.404,
    'negated': -0.301,
    'news': -0.769,
    'object described': 0.737,
    'object name words': 0.446,
    'object words': -0.076,
    'object=Claim': -1.237,
    'object=Event': -0.432,
    'object=Organization': 0.962,
    'object=Person': 0.398,
    'object=Place': 0.322,
    'object=Quantity': -0.322,
    'object=Thing': -0.460,
    'other words': -0.435,
    'possessive': -0.682,
    'relation words': 1.022,
    'role of an organisation': 0.382,
    'rule=active': 0.557,
    'rule=apposition': 0.015,
    'rule=copula': 0.305,
    'rule=event noun': -0.634,
    'rule=existential': -0.543,
    'rule=located': -0.574,
    'rule=object control': 0.330,
    'rule=participle': -0.282,
    'rule=passive': 0.132,
    'rule=passive without agent': 0.026,
    'rule=possessive': -1.881,
    'rule=relative clause': -0.048,
    'rule=shared subject': 0.507,
    'rule=subject control': 0.764,
    'rule=title': 1.324,
    'sentence tokens': -0.474,
    'subject described': -0.497,
    'subject pronoun': -0.463,
    'subject words': -0.404,
    'subject=Event': -0.806,
    'subject=Organization': 0.675,
    'subject=Person': 0.524,
    'subject=Place': 0.294,
    'subject=Quantity': -1.228,
    'subject=Thing': -0.229,
    'time': 0.370,
}
