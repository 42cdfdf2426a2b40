"""Small hand-written word lists the spotter uses. All entries are lower case.

These are grammar, not geography: function words, months and weekdays, titles that
introduce people, words that make a capitalised span an organisation, and the
context cues that introduce a place.
"""

from __future__ import annotations

__all__ = [
    "ADMIN_COMPLETIONS",
    "ADMIN_HEADS",
    "AGREEMENT_QUALIFIERS",
    "AGREEMENT_WORDS",
    "COMMON_WORDS",
    "CONNECTORS",
    "FACILITY_HEADS",
    "FACILITY_PREFIXES",
    "FORCE_HEADS",
    "MONTHS_DAYS",
    "NOT_PLACE_SUFFIXES",
    "ORG_HEADS",
    "ORG_OPENERS",
    "PERSON_FOLLOWERS",
    "PLACE_CUES",
    "PLACE_HEADS",
    "STRONG_CUES",
    "STRONG_PLACE_CUES",
    "TITLES",
]

MONTHS_DAYS = frozenset(
    """january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec
    monday tuesday wednesday thursday friday saturday sunday
    mon tue tues wed thu thur thurs fri sat sun""".split()
)

#: Lower-case words inside a multi-word place name ("Bosnia and Herzegovina",
#: "Trinidad and Tobago", "Rio de Janeiro", "Stratford-upon-Avon", "Port-au-Prince").
CONNECTORS = frozenset(
    "of de del della la le les du des au aux el al an on upon sur am im and y da do dos das di en "
    "ad es ar as bin ibn van von der den ten ter in the i".split()
)

#: Words that often open a sentence and are also rare place names.
COMMON_WORDS = frozenset(
    """a about above across after again against all almost also although always among an and
    another any anyone anything are around as at away back be because been before being below
    between both but by can could did do does doing done down during each either else enough even
    ever every few for from further had has have having he her here hers herself him himself his
    how however i if in including inside instead into is it its itself just least less like many
    may maybe me meanwhile might more most much must my myself neither never nevertheless next no
    nobody none nor not nothing now of off often on once one only onto or other others otherwise
    our ours ourselves out over own per perhaps rather same several shall she should since so some
    someone something sometimes still such than that the their theirs them themselves then there
    therefore these they this those though through throughout thus to together too toward towards
    under unless until up upon us very via was we were what whatever when whenever where whereas
    wherever whether which while who whoever whole whom whose why will with within without would
    yet you your yours yourself
    new old first last second third early late later earlier today yesterday tomorrow tonight
    north south east west northern southern eastern western central northeast northwest southeast
    southwest upper lower greater little big great high long
    police court army forces government officials official authorities president minister
    security sources source report reports news state states city town village county district
    region province capital country nation republic kingdom union federal national international
    world global local community public private general major center centre university school
    college hospital church street road avenue park bridge station airport port harbour harbor
    river lake mountain valley island islands beach coast border front camp base office
    department ministry council committee party company group bank market hall house home
    service services center media press times post daily journal herald
    mr mrs ms dr sir madam gen col lt sgt capt maj sen rep gov prof
    said says say told asked added according despite amid following
    god lord christ allah
    exit fighter fighters islamist islamists rebels rebel troops soldiers jihadists jihadist
    mobile reading bath nice split orange independence enterprise liberty unity victory freedom
    justice hope paradise providence eden promise concord harmony commerce industry
    friendship success progress may march august grand mission temple opportunity
    zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen
    fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty
    ninety hundred hundreds thousand thousands million millions billion dozen dozens half
    once twice""".split()
)

#: A capitalised span followed by one of these is an organisation or a thing, not
#: (only) a place: "Wall Street Journal", "Kidal Airport" keeps Kidal but
#: "Texas Instruments" is not Texas.
ORG_HEADS = frozenset(
    """journal times post herald tribune gazette telegraph chronicle globe news daily weekly
    magazine press review observer guardian independent standard mirror star sun examiner
    inquirer bulletin courier dispatch register record reporter sentinel
    instruments airlines airways motors corp corporation inc ltd llc company co group holdings
    bank bancorp insurance partners capital ventures records studios entertainment
    party movement front brigade brigades battalion regiment militia
    university college institute school academy
    symphony orchestra ballet opera
    cup open championship league""".split()
)

#: Capitalised words that open (or sit inside) the name of a broadcaster, a bank, an
#: airline or a newspaper, so that a place name later in the same capitalised run is
#: part of that name, not a place: "Radio Free Asia", "Voice of America", "Central
#: Bank of Nigeria", "Air Zimbabwe", "Times of India". Not universities, colleges or
#: museums: "the University of Georgia" is in Georgia, and LGL annotates the place
#: there (read off ``bench/accuracy.py --errors``: 30 LGL misses with them, 8 without).
ORG_OPENERS = frozenset("radio voice television tv bank air airways times".split())

#: Administrative words a region's name is known with when its bare name is not:
#: "Rakhine" is the gazetteer's "Rakhine State", "Ouaka" its "Ouaka Prefecture".
#: Not county, parish or district: thousands of US counties bear surnames.
ADMIN_COMPLETIONS = ("state", "province", "prefecture", "governorate", "region", "oblast")

#: Last words of the name of an armed force, a public body or a humanitarian society:
#: a demonym opening such a name is no place ("Syrian Democratic Forces", "Somali
#: National Army", "Palestinian Red Crescent", "African Union", "Ethiopian Human Rights
#: Commission", "Syrian Observatory for Human Rights"). Not ministries, embassies,
#: airlines or companies: LGL annotates the demonym in "Russian Foreign Ministry" and
#: "American Airlines" as a place (read off ``bench/accuracy.py --errors``).
FORCE_HEADS = frozenset(
    """army forces police union crescent commission observatory front corps militia
    brigade brigades battalion movement alliance""".split()
)

#: Words after a place name that make it the name of an agreement, not a place, when
#: an article opens the phrase: "the Sweden agreement", "the Minsk accords", "an Iran
#: deal" (not "how will Cairo deal with").
AGREEMENT_WORDS = frozenset(
    """agreement agreements accord accords treaty treaties protocol protocols deal
    declaration memorandum""".split()
)
#: Words that may stand between the place and the agreement word: "the Sudan peace
#: agreement", "the Iran nuclear deal".
AGREEMENT_QUALIFIERS = frozenset("peace ceasefire truce nuclear trade security".split())

#: Words after a place name that keep it a place even when it heads a longer
#: capitalised span: "Rapides Parish", "Gao Region", "Kidal Airport".
PLACE_HEADS = frozenset(
    """county parish borough township city town village district region province state
    governorate oblast department prefecture municipality commune cercle circle
    river lake mountains mountain mount valley desert island islands peninsula bay gulf coast
    strait sea ocean basin plateau hills hill forest park reserve delta border
    airport port harbour harbor station camp base""".split()
)

#: Administrative words that, written after a name in lower case, make the span the
#: area ("Lakes state", "Ouaka prefecture", "Kermanshah province"): the longer span
#: is proposed and kept when the gazetteer knows it (the dev set's rule 2: "a region
#: word after a name makes the span the region"), under the name's own key when that
#: is known too.
ADMIN_HEADS = frozenset(
    """state province prefecture governorate region district county parish oblast
    department municipality commune cercle""".split()
)

#: Titles and roles that introduce a person: "President Traoré", "Gen. Ham".
TITLES = frozenset(
    """president vice prime minister secretary chancellor king queen prince princess sheikh
    emir sultan pope cardinal bishop archbishop imam rabbi reverend rev father sister brother
    general gen lieutenant lt colonel col major maj captain capt sergeant sgt admiral adm
    commander cmdr marshal corporal cpl private pvt senator sen representative rep congressman
    congresswoman governor gov mayor judge justice ambassador envoy spokesman spokeswoman
    spokesperson chairman chairwoman chair director chief commissioner inspector detective
    officer deputy sheriff attorney mr mrs ms miss dr doctor professor prof sir dame lord lady
    coach mullah ayatollah""".split()
)

#: Words after a name that make it a person or a person's circle: "Obama administration".
PERSON_FOLLOWERS = frozenset("administration's administration aides aide camp's loyalists".split())

#: Hyphenated suffixes that turn a place name into a comparison or a style:
#: "Texas-size", "Soviet-style"; the place is not a location there.
NOT_PLACE_SUFFIXES = frozenset("size sized style like type esque".split())

#: Words just before a span that introduce a place ("in Gao", "north of Gao").
PLACE_CUES = frozenset(
    """in near at from to into outside around across toward towards through via of
    between and within inside throughout""".split()
)

#: Phrases that make an unknown capitalised word a place on their own
#: ("the town of Diabili", "Konna village").
STRONG_CUES = frozenset(
    """town village city district province region county parish commune cercle
    locality settlement hamlet outskirts capital neighbourhood neighborhood suburb
    north south east west northeast northwest southeast southwest km kilometres kilometers
    miles""".split()
)

#: Last words of a street or building name: "Royal Street", "Windsor Castle". Such a
#: span is placed at the town the article locates it in, not at a namesake town.
FACILITY_HEADS = frozenset(
    """street st avenue ave road rd boulevard blvd drive lane way place square plaza
    castle palace hospital clinic church chapel cathedral mosque temple synagogue library
    museum gallery stadium arena racecourse centre center hall estate mall market park
    bridge station terminal prison jail school college university academy hotel embassy
    consulate courthouse compound barracks""".split()
)

#: First words of a street name in French, Spanish, Italian, Portuguese...
FACILITY_PREFIXES = frozenset("rue avenida calle via rua boulevard place".split())

#: Cues that alone say the name after them is a place: a preposition of location or
#: movement ("in Reading", "from Austin") or a place noun ("the county Cork"). One
#: definition for the whole pipeline (issue 13): the spotter keeps a one-word name that
#: is also an ordinary word, a given name or a surname when one of these precedes it,
#: and the resolver counts a spot with one as supported (never dropped as thin
#: evidence; the confidence model's ``cue`` input, fitted with exactly this set).
#: "dateline" is the cue of a name in a dateline ("GOMA, Congo (AP) —"; issue 15).
#: "to" is not one: it precedes people and organisations as often as places
#: ("according to Hope", "spoke to Austin", "sent to Congress").
STRONG_PLACE_CUES = frozenset(
    "in near around at outside from into toward towards across through via of "
    "town village city district province region county parish dateline".split()
)
