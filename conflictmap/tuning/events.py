"""Every lexicon and number the events stage uses (``conflictmap/events/``), with provenance.

Provenance, in the words the fields use:

- *dev set*: read off the ``dev`` split of the events dev set
  (``tests/devset/events/``, issue 16) while writing the rules, as words that
  reporters and coders use for that kind of incident; the ``test`` split was not read.
- *ACLED codebook*: follows the codebook's definition of a sub-event type (the words
  that define it, e.g. a suicide bomb is one where the bomber dies).
- *assumption*: a value chosen for what it must do, never measured against errors.

Word lists are regular-expression alternations matched case-insensitively on word
boundaries. No number here is fitted by a script.

Examples
--------
>>> tuning = EventsTuning()
>>> tuning.max_actor_words, tuning.confidence_base
(8, 0.6)
>>> import re
>>> bool(re.search(rf"\\b(?:{tuning.words.air})\\b", "French jets bombed them", re.I))
True
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["DEFAULT", "EventWords", "EventsTuning"]


@dataclass(frozen=True, kw_only=True, slots=True)
class EventWords:
    """The lexicons: what asserts an incident, and what decides its sub-event type."""

    #: territory changing hands; dev set (captured, took control, overran, fell to)
    takeover: str = (
        r"captur(?:ed|es|ing)|seiz(?:ed|es) (?:full )?control"
        r"|(?:took|taken|take|taking) (?:full |back |over )?control|overr(?:a|u)n|retook"
        r"|recaptur(?:ed|es|ing)|regain(?:ed|s)? control|fell to|in (?:\w+ )?hands"
        r"|grabbed (?:more )?territory|took(?= (?-i:[A-Z]))"
        r"|(?:had )?taken (?:the|most of) (?:city|town|village)|overtook|entered"
        r"|handed over (?:their |its |the )?(?:base|control|positions?|town|city)"
    )
    #: a takeover with no fighting: the other side left; ACLED codebook (non-violent transfer)
    transfer: str = (
        r"withdr(?:ew|awn|awing)|pulled out|without (?:meeting )?(?:any )?resistance"
        r"|without a fight|handed over|abandoned|unopposed"
    )
    #: fighting words that make a takeover a battle; dev set
    fighting: str = (
        r"fighting|clash(?:ed|es)|battles?|fierce|gunfire|firefights?|resistance from|fought"
    )
    #: two armed sides fighting; dev set
    clash: str = (
        r"clash(?:ed|es)?|fought|fighting|battled?|exchange of fire"
        r"|gunfire (?:was|were) exchanged|exchanged (?:fire|gunfire)|firefights?"
        r"|ambush(?:ed|es)?|pushed into|heavy gunfire|gun ?battles?"
    )
    #: an assault whose target decides battle or violence against civilians; dev set
    attack: str = (
        r"attack(?:ed|s|ing)?|storm(?:ed|ing)|raid(?:ed|s|ing)?|assault(?:ed)?|fired on"
        r"|opened fire|shot at"
    )
    #: killing words; dev set
    kill: str = (
        r"kill(?:ed|ing|s)?|shot dead|shooting dead|behead(?:ed|ing)|beat(?:en)? to death"
        r"|burned (?:\w+ )?to death|massacr(?:ed|e)|executed|lynched|death toll"
    )
    #: strike verbs and nouns: an explosion or remote attack; the weapon decides the sub-type
    strike: str = (
        r"struck|hit|target(?:ed|ing)|pound(?:ed|ing)|bombard(?:ed|ment|ments)"
        r"|bomb(?:ed|ing|ings)|shell(?:ed|ing)|air ?strikes?|drone strikes?"
        r"|strikes?(?= (?:on|against|in|near|hit|killed))"
        r"|(?:hurled|threw|lobbed|tossed)(?= (?:a |an |two |several )?(?:\w+ )?grenades?)"
        r"|air raids?"
    )
    #: strike verbs that assert an incident only next to a weapon word ("fired rockets",
    #: not "fired tear gas" or "barely a shot fired"); dev set and the Mali article
    weak_strike: str = (
        r"fired|launched|flattened|destroyed|explod(?:ed|es)|detonated|blew up|landed"
        r"|slammed into|rained down"
    )
    #: a bomber who dies with the bomb; ACLED codebook (suicide bomb)
    suicide: str = r"suicide (?:car )?bomb(?:er|ers|ing)?|blew (?:herself|himself|themselves) up"
    #: remote explosives; ACLED codebook (remote explosive/landmine/IED)
    ied: str = (
        r"IEDs?|improvised explosive|roadside bombs?|land ?mines?|explosive devices?"
        r"|car bombs?|booby.?trap\w*|mines?(?= (?:exploded|blast))"
    )
    #: hand grenades; a stun grenade is crowd control, not a grenade attack (dev set)
    grenade: str = r"(?<!stun )grenades?"
    #: aircraft and drones; ACLED codebook (air/drone strike)
    air: str = (
        r"air ?strikes?|air raids?|aerial|jets?|warplanes?|aircraft|drones?|helicopters?"
        r"|guided bombs?|glide bombs?|air force|airstrikes?|planes?(?= (?:bombed|struck|hit))"
        r"|loitering munitions?"
    )
    #: ground-fired weapons; ACLED codebook (shelling/artillery/missile attack)
    shelling: str = (
        r"shell(?:s|ed|ing)?|artillery|mortars?|rockets?|missiles?|howitzers?"
        r"|tanks? (?:shelled|fired)|MLRS|Grad"
    )
    #: taking people; dev set
    abduction: str = (
        r"abduct(?:ed|ing|ion|ions|s)?|kidnap(?:ped|ping|pings|pers?|s)?|took (?:\w+ )?hostages?"
        r"|taken hostage|forcibly disappeared"
    )
    #: dev set; ACLED codebook (sexual violence)
    sexual: str = r"rap(?:ed|e|es|ing)|sexual(?:ly)? (?:violence|assault(?:ed)?|abuse)"
    #: people protesting; dev set
    protest: str = (
        r"protest(?:ers|ed|ing|s)?|demonstrat(?:ors|ion|ions|ed|ing)|march(?:ed|ers)"
        r"|rall(?:y|ied|ies)|sit-ins?|took to the streets|riots|rioting|rioters"
    )
    #: violence by demonstrators; ACLED codebook (violent demonstration), dev set
    violent_protest: str = (
        r"threw (?:stones|rocks|petrol bombs)|stones|burning (?:barricades|tyres|tires)"
        r"|set fire|torched|loot(?:ed|ing)|vandali[sz]ed|rioters?|riot(?:ed|ing|s)"
    )
    #: force used on a protest without killing; ACLED codebook (protest with intervention)
    intervention: str = (
        r"tear ?gas|dispers(?:e|ed|ing)(?! peacefully)|water cannons?|stun grenades?"
        r"|arrest(?:ed|s)?|rubber bullets|baton|detain(?:ed)?|to clear them"
    )
    #: lethal force; dev set
    lethal: str = r"live (?:rounds|ammunition|fire)|shot dead|kill(?:ed|ing)"
    #: a crowd acting; ACLED codebook (mob violence)
    mob: str = r"crowds?|mobs?|residents|villagers|lynch\w*"
    #: dev set
    arrest: str = r"arrest(?:ed|s|ing)?|detain(?:ed|s|ing)?|rounded up|apprehended"
    #: an agreement noun; with :attr:`agree` it is an agreement event; dev set
    accord: str = (
        r"agreements?|deals?|ceasefire|truce|accords?|pact|charter|cessation of hostilities"
        r"|peace (?:deal|agreement|accord)|memorandum"
    )
    #: verbs of agreeing; dev set
    agree: str = r"signed|agreed|reached|struck (?=an? (?:deal|agreement))|concluded"
    #: property attacked with no one killed; ACLED codebook (looting/property destruction)
    looting: str = (
        r"loot(?:ed|ing|ers)|set fire to|set on fire|torched|burn(?:ed|t|ing)|razed|ransacked"
        r"|emptied|pillaged|vandali[sz]ed"
    )
    #: dev set; ACLED codebook (headquarters or base established)
    base: str = (
        r"set up (?:a |an |its )?(?:new )?(?:[\w-]+ ){0,3}(?:base|camp|headquarters|outpost)"
        r"|establish(?:ed)? (?:a |an |its )?(?:new )?(?:[\w-]+ ){0,3}(?:base|headquarters|outpost)"
    )
    #: dev set; ACLED codebook (change to group/activity)
    change: str = (
        r"replaced|resumed (?:its |their )?(?:offensive|operations|attacks)|deployed"
        r"|took over from|handed over (?:security|command)"
    )
    #: ACLED codebook (disrupted weapons use)
    disrupted: str = r"shot down|intercepted|defused"
    #: targets that are armed: an attack on them is a battle; ACLED codebook, dev set
    armed: str = (
        r"soldiers?|troops?|gendarmes?|gendarmerie|police(?:men|man| officers?)?|militants?"
        r"|fighters?|rebels?|insurgents?|separatists?|jihadists?|gunmen|bandits?"
        r"|militia(?:men|s)?|vigilantes?|guards?|army|military|patrols?|convoys?|positions?"
        r"|bases?|checkpoints?|posts?|garrison|forces?|peacekeepers?|units?|barracks"
        r"|penitentiary|prisons?|airport|camps? of|strongholds?|targets|combatants?|Islamists?"
        r"|Houthis?|FAMa|town of"
    )
    #: targets that are civilians or their property; dev set
    civilian: str = (
        r"civilians?|villagers?|residents?|people|traders?|farmers?|women|woman|children|child"
        r"|worshippers?|students?|teachers?|boys|girls|displaced|passengers?|plane|markets?"
        r"|villages?|mosques?|church(?:es)?|homes?|houses?|neighbourhoods?|missionaries"
        r"|miners?|man|men|famil(?:y|ies)|settlers|tent camp|school|aid workers?|journalists?"
        r"|patients?|hospital"
    )
    #: attackers whose victims are civilians whatever the target; dev set
    civilian_attackers: str = r"settlers"
    #: government sides: their takeovers regain territory; ACLED codebook
    government: str = (
        r"government|army|armed forces|military|troops|soldiers|FAMa|ENDF|SAF|SNA|FARDC|regime"
        r"|junta|Tatmadaw|police|security forces|national|pro-government"
    )
    #: sides that are never the government, whatever other words they use; dev set
    non_state: str = (
        r"rebels?|insurgents?|militants?|jihadists?|Islamists?|militia\w*|M23|RSF|HTS"
        r"|Rapid Support|separatists?|Shabaab|fighters|Russian|Tigrayan|TPLF|Fano|Arakan Army"
        r"|MNDAA|gangs?"
    )
    #: verbs of saying: a date right after one dates the report, not the event; dev set
    report: str = r"said|says|told|announced|reported|claimed|stated|added|confirmed|according to"
    #: words that make the next trigger not an asserted incident; dev set (negatives)
    irrealis: str = (
        r"to|would|could|will|may|might|shall|should|must|can|cannot|not|never|no|n't|vowed"
        r"|threatened|threatening|plans?|planned|planning|hoped|hopes|ready|about|due|denied"
        r"|denies|deny|warned|feared|fear|if|unless|coming|possible|wouldn't|won't|urged"
        r"|without|before|risk of|renewed"
    )


@dataclass(frozen=True, kw_only=True, slots=True)
class EventsTuning:
    """The numbers of the events stage; all assumptions, none fitted."""

    words: EventWords = field(default_factory=EventWords)
    #: words before a trigger searched for :attr:`EventWords.irrealis`; assumption
    irrealis_window: int = 3
    #: words of an actor at most (a longer subject is cut to its head); assumption
    max_actor_words: int = 8
    #: characters after a verb of saying within which a date dates the report; assumption
    report_reach: int = 12
    #: a clause dated more than this many years before the article, or naming a bare
    #: year this many years back or more ("which the rebels overran in 2012" in a 2013
    #: article), is background; assumption
    background_years: int = 1
    #: confidence of an event found by a trigger alone; assumption
    confidence_base: float = 0.6
    #: added when the clause names its place; assumption
    confidence_place: float = 0.15
    #: added when the clause gives its own date; assumption
    confidence_date: float = 0.1
    #: added when a weapon, target or protest word decided the sub-type; assumption
    confidence_typed: float = 0.1
    #: characters before "the town" searched for the settlement it refers back to; the
    #: dev set's back-references reach at most a paragraph (about 600 characters), so
    #: this is a generous bound that keeps the search linear in the article; assumption
    refer_back_chars: int = 3000
    #: from this many characters on, a text is scanned for where the date patterns it
    #: may hold can start with a scanner of their own start words (compiled once per set
    #: of patterns, about 1 ms; on 1 MB of dense places 0.053 -> 0.022 s), a shorter
    #: one with the scanner of every pattern's; measured
    date_scan_own_chars: int = 100_000


#: The tuning every stage uses unless told otherwise.
DEFAULT = EventsTuning()
