"""The sub-event type of one clause, from its trigger words and the words around them.

The families of :class:`~conflictmap.events.lexicon.Family` are tried in order; the
first that applies decides, using the other lexicons: a weapon word makes a strike an
air strike, shelling, an IED or a grenade; a target word makes an attack a battle (on
armed forces) or violence against civilians; a fighting word makes a takeover a battle
and its absence, when the other side withdrew, a non-violent transfer; the side that
takes a place decides "government regains" or "non-state actor overtakes"; what the
police and the protesters did decides the kind of protest or riot. The definitions are
ACLED's (see ``tests/devset/events/README.md``, "Type and sub-type").

Examples
--------
>>> from conflictmap.events.lexicon import lexicon
>>> lex = lexicon()
>>> def kind(text, actor=None):
...     return classify(text, lex.triggers(text), actor, lex)[0].value
>>> kind("Islamist fighters stormed the garrison town of Diabaly", "Islamist fighters")
'Armed clash'
>>> kind("gunmen attacked the market in Titao, killing 11 traders", "gunmen")
'Attack'
>>> kind("French jets bombed their columns overnight", "French jets")
'Air/drone strike'
>>> kind("Tigrayan forces entered Mekelle as federal troops pulled out", "Tigrayan forces")
'Non-violent transfer of territory'
>>> kind("SNA troops recaptured Adale after brief fighting", "SNA troops")
'Government regains territory'
>>> kind("Police fired tear gas at protesters in Abuja", "Police")
'Protest with intervention'
"""

from __future__ import annotations

import re
from collections.abc import Callable

from conflictmap.events.base import SubEventType
from conflictmap.events.lexicon import Family, Hit, Lexicon, Piece
from conflictmap.text.patterns import lazy

__all__ = ["classify", "main_hit"]

_S = SubEventType
Typed = tuple[SubEventType, bool]
_PASSIVE = lazy(r"\b(?:was|were|been|being)\s+(?:also\s+)?$", re.IGNORECASE)
_F = Family

#: Which trigger families speak for a sub-event type (the first such hit is the verb
#: whose subject is actor1).
_SPEAKS: dict[SubEventType, tuple[Family, ...]] = {
    _S.ARMED_CLASH: (_F.CLASH, _F.ATTACK, _F.KILL, _F.STRIKE),
    _S.GOVERNMENT_REGAINS_TERRITORY: (_F.TAKEOVER,),
    _S.NON_STATE_ACTOR_OVERTAKES_TERRITORY: (_F.TAKEOVER,),
    _S.NON_VIOLENT_TRANSFER: (_F.TAKEOVER,),
    _S.AIR_DRONE_STRIKE: (_F.STRIKE, _F.ATTACK, _F.KILL),
    _S.SHELLING: (_F.STRIKE, _F.ATTACK, _F.KILL),
    _S.REMOTE_EXPLOSIVE: (_F.IED, _F.STRIKE),
    _S.GRENADE: (_F.STRIKE, _F.ATTACK),
    _S.SUICIDE_BOMB: (_F.SUICIDE,),
    _S.ATTACK: (_F.ATTACK, _F.KILL, _F.STRIKE),
    _S.ABDUCTION: (_F.ABDUCTION,),
    _S.SEXUAL_VIOLENCE: (_F.SEXUAL,),
    _S.MOB_VIOLENCE: (_F.KILL,),
    _S.ARRESTS: (_F.ARREST,),
    _S.AGREEMENT: (_F.AGREEMENT,),
    _S.HEADQUARTERS_ESTABLISHED: (_F.BASE,),
    _S.CHANGE_TO_GROUP: (_F.CHANGE,),
    _S.DISRUPTED_WEAPONS_USE: (_F.DISRUPTED,),
    _S.LOOTING: (_F.LOOTING, _F.ATTACK),
}


def main_hit(sub_type: SubEventType, hits: list[Hit]) -> Hit:
    """The trigger that speaks for ``sub_type`` (its subject is actor1); else the first.

    >>> from conflictmap.events.lexicon import lexicon
    >>> t = "Despite French air strikes, rebels captured Konna"
    >>> main_hit(SubEventType.NON_STATE_ACTOR_OVERTAKES_TERRITORY, lexicon().triggers(t)).text
    'captured'
    """
    speaking = _SPEAKS.get(sub_type, ())
    return next((hit for hit in hits if hit.family in speaking), hits[0])


def _first(lex: Lexicon, name: str, text: str | Piece) -> int:
    found = lex.has(name, text)
    return found.start() if found is not None else -1


def _side(lex: Lexicon, actor: str | None) -> str | None:
    """``"government"`` or ``"non_state"``: whichever word comes first in the actor."""
    if not actor:
        return None
    gov, other = _first(lex, "government", actor), _first(lex, "non_state", actor)
    if gov < 0 and other < 0:
        return None
    if gov < 0 or (0 <= other < gov):
        return "non_state"
    return "government"


def _protest(clause: Piece, lex: Lexicon) -> Typed:
    if lex.has("violent_protest", clause):
        return _S.VIOLENT_DEMONSTRATION, True
    if lex.has("lethal", clause):
        return _S.EXCESSIVE_FORCE, True
    if lex.has("intervention", clause):
        return _S.PROTEST_WITH_INTERVENTION, True
    return _S.PEACEFUL_PROTEST, True


def _territory(clause: Piece, hits: list[Hit], actor: str | None, lex: Lexicon) -> Typed:
    if lex.has("transfer", clause) and not lex.has("fighting", clause):
        return _S.NON_VIOLENT_TRANSFER, True
    side = _side(lex, actor)
    regained = any(h.text.lower().startswith(("re", "regain")) for h in hits)
    if side == "government" or (side is None and regained):
        return _S.GOVERNMENT_REGAINS_TERRITORY, True
    return _S.NON_STATE_ACTOR_OVERTAKES_TERRITORY, side is not None


def _arms(text: str | Piece, lex: Lexicon) -> SubEventType | None:
    """The weapon a text names first: an IED, a grenade, aircraft or ground fire."""
    for name, sub in (("ied", _S.REMOTE_EXPLOSIVE), ("grenade", _S.GRENADE)):
        if lex.has(name, text):
            return sub
    air, ground = _first(lex, "air", text), _first(lex, "shelling", text)
    if air >= 0 and (ground < 0 or air <= ground):
        return _S.AIR_DRONE_STRIKE
    return _S.SHELLING if ground >= 0 else None


def _weapon(clause: Piece, hits: list[Hit], lex: Lexicon, context: Piece) -> Typed | None:
    """A strike's sub-type from the clause's weapon, else the sentence's ("the shells")."""
    found = _arms(clause, lex)
    if found is not None:
        return found, True
    if any(h.family in (Family.ATTACK, Family.CLASH) for h in hits):
        return None  # "attacked targets": the attack decides, unless a weapon is named
    found = _arms(context, lex)
    if found is not None:
        return found, True
    return _S.AIR_DRONE_STRIKE, False  # "France on Sunday hit northern strongholds"


def _targets(clause: Piece, hits: list[Hit], offset: int) -> Piece:
    """Where the targets are named: after the attack word; before a passive killing
    ("three peacekeepers were killed"); else after the killing word."""
    attacks = [h for h in hits if h.family is Family.ATTACK]
    kills = [h for h in hits if h.family is Family.KILL]
    if attacks and not (kills and kills[0].start < attacks[0].start):
        return clause.cut(max(0, attacks[0].end - offset))
    if not kills:
        return clause
    start = max(0, kills[0].start - offset)
    if _PASSIVE.search(str(clause.cut(max(0, start - 25), start))):
        return clause.cut(None, start)
    return clause.cut(kills[0].end - offset)


def _target(clause: Piece, hits: list[Hit], actor: str | None, lex: Lexicon, offset: int) -> Typed:
    """An attack or a killing: a battle when the first target is armed, else on civilians."""
    if actor and lex.has("civilian_attackers", actor):
        return _S.ATTACK, True
    rest = _targets(clause, hits, offset)
    armed, civilian = _first(lex, "armed", rest), _first(lex, "civilian", rest)
    kills = any(h.family is Family.KILL for h in hits)
    if lex.has("looting", clause) and not kills and (armed < 0 or 0 <= civilian < armed):
        return _S.LOOTING, True
    if civilian >= 0 and (armed < 0 or civilian < armed):
        return _S.ATTACK, True
    if armed >= 0:
        return _S.ARMED_CLASH, True
    if kills and not any(h.family is Family.ATTACK for h in hits):
        return _S.ATTACK, False
    return _S.ARMED_CLASH, False


def classify(
    clause: str | Piece,
    hits: list[Hit],
    actor: str | None,
    lex: Lexicon,
    context: str | Piece = "",
    offset: int = 0,
) -> Typed:
    """``(sub-event type, decided by a context word)`` of a clause with trigger ``hits``.

    ``context`` (the sentence and the next) is searched for a weapon when a strike's
    own clause names none; ``offset`` is where ``clause`` starts in the text the hits'
    offsets index. Pieces of the article (:class:`~conflictmap.events.lexicon.Piece`)
    are looked up without copying them for each lexicon.
    """
    if isinstance(clause, str):
        clause = Piece(clause, 0, len(clause))
    if isinstance(context, str):
        context = Piece(context, 0, len(context))
    families = {h.family for h in hits}
    if Family.SUICIDE in families:
        return _S.SUICIDE_BOMB, True
    if Family.PROTEST in families:
        return _protest(clause, lex)
    if Family.KILL in families and actor and lex.has("mob", actor):
        return _S.MOB_VIOLENCE, True
    if Family.TAKEOVER in families and _strong_takeover(hits):
        return _territory(clause, hits, actor, lex)
    simple: tuple[tuple[Family, SubEventType], ...] = (
        (Family.CHANGE, _S.CHANGE_TO_GROUP),
        (Family.BASE, _S.HEADQUARTERS_ESTABLISHED),
        (Family.DISRUPTED, _S.DISRUPTED_WEAPONS_USE),
        (Family.AGREEMENT, _S.AGREEMENT),
    )
    for family, sub in simple:
        if family in families:
            return sub, True
    armed_actor = actor is not None and _arms(actor, lex) is not None
    if families & {Family.STRIKE, Family.IED} or armed_actor:
        weapon = _weapon(clause, hits, lex, context)
        if weapon is not None:
            return weapon
    return _rest(clause, hits, actor, lex, families, offset)


def _strong_takeover(hits: list[Hit]) -> bool:
    """A takeover word other than a bare "entered" when the clause also attacks."""
    takes = [h for h in hits if h.family is Family.TAKEOVER]
    fights = any(h.family in (Family.ATTACK, Family.CLASH, Family.STRIKE) for h in hits)
    return any(h.text.lower() != "entered" for h in takes) or not fights


def _rest(
    clause: Piece,
    hits: list[Hit],
    actor: str | None,
    lex: Lexicon,
    families: set[Family],
    offset: int,
) -> Typed:
    ordered: tuple[tuple[Family, Callable[[], Typed]], ...] = (
        (Family.ABDUCTION, lambda: (_S.ABDUCTION, True)),
        (Family.SEXUAL, lambda: (_S.SEXUAL_VIOLENCE, True)),
        (Family.ARREST, lambda: (_S.ARRESTS, True)),
        (Family.CLASH, lambda: (_S.ARMED_CLASH, True)),
        (Family.ATTACK, lambda: _target(clause, hits, actor, lex, offset)),
        (Family.KILL, lambda: _target(clause, hits, actor, lex, offset)),
        (Family.STRIKE, lambda: _target(clause, hits, actor, lex, offset)),
        (Family.TAKEOVER, lambda: _territory(clause, hits, actor, lex)),
    )
    for family, decide in ordered:
        if family in families:
            return decide()
    return _S.LOOTING, Family.LOOTING in families
