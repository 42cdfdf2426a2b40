"""Every number the resolver uses, with where it comes from.

Scores are in log-odds-like units: a candidate's score is the sum of its evidence
terms, and the softmax of the scores of a name's candidates is the resolver's belief.

Provenance, in the words the fields use:

- *hand-set*: chosen by reading errors on the **dev** halves (even-numbered
  articles) of GeoWebNews and LGL with ``python bench/accuracy.py --split dev
  --errors 40``, and on the Mali article; not fitted by any script. The commit that
  set the value is named; ``50ec530`` is the first skeleton (its values were first
  guesses) and ``6ae915c`` the accuracy work that moved most of them.
- No field here is *fitted*. The resolver's one fitted part is the confidence model
  (``conflictmap/data/confidence.json``, fitted by ``bench/train_confidence.py`` on the
  dev halves of GeoWebNews, LGL and the conflict dev set, 2026-12-02; its ``meta``
  says how), whose inputs :class:`ConfidenceTuning` scales.
- *assumption, not fitted*: a value chosen for what it must do (outrank everything,
  stay below a limit), never measured against errors.

``python bench/ablation.py`` prints what each weight does to end-to-end accuracy on
GeoWebNews, LGL and the Mali article (each weight zeroed in turn);
``tests/test_resolve_ablation.py`` holds one sentence per weight that goes wrong
without it.

Examples
--------
>>> from dataclasses import replace
>>> tuning = ResolveTuning()
>>> tuning.focus_country, replace(tuning, focus_country=0.0).focus_country
(4.0, 0.0)
>>> ResolveTuning.weights()[:3]
('population', 'own_name', 'curated')
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["WEIGHT_FIELDS", "ConfidenceTuning", "RerankTuning", "ResolveTuning"]


@dataclass(frozen=True, kw_only=True, slots=True)
class ConfidenceTuning:
    """How the confidence model's inputs are scaled (``resolve/confidence.py``).

    These belong to the model's definition: ``conflictmap/data/confidence.json`` was
    fitted by ``bench/train_confidence.py`` on inputs scaled exactly so. Change one
    only together with a refit.
    """

    #: the best score is clipped to [score_low, score_high] and divided by score_scale;
    #: hand-set with the model (6ae915c) to cover the scores seen on the dev halves
    score_low: float = -5.0
    #: see ``score_low``
    score_high: float = 25.0
    #: see ``score_low``
    score_scale: float = 10.0
    #: the margin over the runner-up is clipped to [0, margin_cap] and divided by it; a
    #: name with one candidate gets the cap; hand-set with the model (6ae915c)
    margin_cap: float = 10.0
    #: log1p(candidates) is divided by this (about 1 for 150 candidates); 6ae915c
    candidates_scale: float = 5.0
    #: log10(population + 1) is divided by this (1 for ten million); 6ae915c
    population_scale: float = 7.0
    #: log1p(mentions) is divided by this; 6ae915c
    mentions_scale: float = 3.0
    #: a place this populous counts as prominent; assumption, not fitted (fcb57cd)
    prominent_population: int = 1_000_000
    #: a runner-up farther than this is a real risk (closer, it is the town and its
    #: region); the evaluation distance of bench/accuracy.py (100 miles), fcb57cd
    runner_up_far_km: float = 161.0


@dataclass(frozen=True, kw_only=True, slots=True)
class RerankTuning:
    """Statements as evidence (``statements/evidence.py``): verdicts rescore readings."""

    #: score added to a reading whose statement comes out approximate; hand-set in
    #: 6ae915c, not fitted (tests/test_statements_evidence.py shows what it does)
    approximate: float = -1.0
    #: score added to a reading a statement contradicts; hand-set in 6ae915c, not
    #: fitted: below a container's weight and far below a correction's
    contradicts: float = -4.0
    #: how many of a name's ranked candidates are tried; assumption, not fitted (6ae915c)
    top: int = 5
    #: rounds of coordinate ascent over the ambiguous names; assumption, not fitted
    #: (6ae915c)
    rounds: int = 3
    #: a re-ranked name's softmax share is taken over this many candidates; 6ae915c
    share_candidates: int = 10


@dataclass(frozen=True, kw_only=True, slots=True)
class ResolveTuning:
    """The resolver's numbers (``conflictmap/resolve/``); ``GazetteerResolver(config=...)``."""

    # -- prior: what kind of place it is, how big, by which name -------------------------
    #: prior of a country; hand-set, 6 (50ec530) to 8 in 6ae915c
    prior_country: float = 8.0
    #: prior of a continent; hand-set, 5 (50ec530) to 6 in 6ae915c
    prior_continent: float = 6.0
    #: prior of a national capital; hand-set, 4 (50ec530) to 5 in 6ae915c
    prior_capital: float = 5.0
    #: prior of a first-level region; hand-set, 1.5 (50ec530) to 4 in 6ae915c
    prior_region: float = 4.0
    #: prior of a city (a seat of a first-level region); hand-set, 2 (50ec530) to 1.5
    #: in 6ae915c
    prior_city: float = 1.5
    #: prior of a second-level district or county; hand-set, 1.2 (50ec530) to 1.5 in 6ae915c
    prior_district: float = 1.5
    #: prior of a town; assumption, not fitted (50ec530, the unit of the scale)
    prior_town: float = 1.0
    #: prior of a village; assumption, not fitted (50ec530, the zero of the scale)
    prior_village: float = 0.0
    #: prior of a spot inside a settlement; assumption, not fitted (50ec530)
    prior_spot: float = -0.5
    #: prior of a natural or man-made feature; assumption, not fitted (50ec530)
    prior_feature: float = -0.5
    #: prior of a shared border (borders come from demonyms, never from a name lookup);
    #: assumption, not fitted (50ec530)
    prior_border: float = 0.0
    #: times log10(population + 1), for points only (an area's population is a sum over
    #: its members, not a prior); hand-set, 0.45 (50ec530) to 0.5 in 6ae915c
    population: float = 0.5
    #: the name is the place's own, not an alternate one; hand-set, 1.5 (50ec530) to 2.5
    #: in 6ae915c
    own_name: float = 2.5
    #: the name is a curated alias (``gazetteer/curated``); assumption, not fitted (50ec530)
    curated: float = 2.0
    #: a region named like a town inside it ("Gao" region and "Gao" town): the bare
    #: name is the town; hand-set in 6ae915c, whose note names the Gao case of the
    #: Mali article
    region_named_like_town: float = -3.5

    # -- corrections (the user's, above everything) --------------------------------------
    #: added to a place the user's corrections attach to the name; assumption, not
    #: fitted: larger than any sum of the other terms (50ec530)
    corrected: float = 50.0
    #: the score of the place the user chose for the name (``--fix``, ``alias``): no
    #: evidence is added to it; assumption, not fitted (50ec530)
    preferred_score: float = 1000.0
    #: the confidence reported for a corrected or chosen place; assumption (6ae915c)
    corrected_confidence: float = 0.99

    # -- an explicit container: "Paris, Texas", "Kidal, Mali" ----------------------------
    #: times the share of the name's containers that hold the place; hand-set in
    #: 6ae915c, large enough to outweigh a kind-and-population difference
    container: float = 6.0

    # -- the article's focus: countries and first-level regions, found jointly -----------
    #: times the share of the other names' votes (and the demonyms') that go to the
    #: candidate's country; hand-set, 3 (50ec530) to 4 in 6ae915c
    focus_country: float = 4.0
    #: the same for its first-level region; hand-set, 2 (50ec530) to 3 in 6ae915c
    focus_region: float = 3.0
    #: a demonym's vote for its country, per occurrence ("Malian army"); hand-set (50ec530)
    demonym_vote: float = 0.5
    #: occurrences of one demonym counted at most; hand-set in 6ae915c (50ec530 had no cap)
    demonym_max_count: int = 3
    #: a US state abbreviation's vote for its country ("Louisville, Ky."); 6ae915c
    abbreviation_country_vote: float = 0.5
    #: its vote for the state itself; hand-set in 6ae915c
    abbreviation_region_vote: float = 1.0
    #: a candidate believed less than this casts no vote (names with hundreds of
    #: candidates spread no dust over the map); assumption, not fitted (6ae915c)
    min_vote_share: float = 0.01

    # -- closeness to the places the article names with confidence -----------------------
    #: a point or district within ``near_km`` of an anchor; hand-set, 2 (50ec530) to 1.5
    #: in 6ae915c
    near: float = 1.5
    #: within ``far_km`` (and not ``near_km``); hand-set, 1 (50ec530) to 0.7 in 6ae915c
    far: float = 0.7
    #: assumption, not fitted (50ec530)
    near_km: float = 100.0
    #: assumption, not fitted (50ec530)
    far_km: float = 500.0
    #: a name whose best candidate holds this share of the belief is an anchor for
    #: proximity (and for other spellings); hand-set in 6ae915c
    anchor_share: float = 0.7
    #: anchors are kept in square cells of this many degrees; a speed setting with no
    #: effect on results (fcb57cd); assumption, not measured
    grid_cell_degrees: float = 1.0
    #: up to this many anchors a plain scan is used instead of the grid; a speed
    #: setting with no effect on results (fcb57cd); not measured since
    grid_scan: int = 48

    # -- one sense per article ---------------------------------------------------------
    #: another spelling of the name ("Diabili" for "Diabali") is an anchor at this
    #: place; read off the Mali article's spelling variants, 6ae915c
    named_elsewhere: float = 2.0
    #: spellings at most this many edits apart (same first letter, lengths within as
    #: many) are one name; hand-set in 6ae915c
    spelling_edits: int = 2

    # -- transliteration variants (resolve/variants.py) -------------------------------
    #: names shorter than this (folded) are never looked up as spelling variants
    #: ("Jawa" is too short to guess at); assumption, not fitted: the spotter's
    #: variant_min_letters (tuning/recognize.py)
    variant_min_letters: int = 5
    #: a gazetteer name sharing the skeleton is kept when its spelling is at least
    #: this alike (text/translit.similarity); hand-set by reading (issue 15) with
    #: ``python bench/translit.py`` on tests/devset/variants.tsv and
    #: variant_negatives.tsv over the base gazetteer: of the 48 pairs it does not know
    #: exactly, 0.75/0.8/0.85/0.9 find 42/42/42/37, and give 31/24/19/13 of the 52
    #: negatives it does not know a candidate; 0.85 is the strictest that loses none
    variant_similarity: float = 0.85
    #: at most this many such names; assumption, not fitted
    variant_keys: int = 3
    #: a guess (a word or run no layer knows, with no cue: "Hirbnafsah was shelled"),
    #: placed through the names it may be a spelling of, must be a settlement in the
    #: article's focus region and score at least this (cued variants need
    #: ``min_score``). Fitted by ``python bench/variant_threshold.py`` (2026-12-02) on
    #: the dev halves of GeoWebNews and LGL, the conflict dev set's dev split (with the
    #: ../shared dumps), the Mali article and the variant table in our own report
    #: (bench/translit.py PROSE["uncued"]): the score keeping the most guesses right
    #: less wrong, 19 (table 25 right; LGL 5 wrong, "Crate" x4 and "Holbrooke"; the
    #: dev set 1, "Ogossagou" 35 km off; GWN and Mali none); 7.21 adds GWN's "Anfield".
    #: Re-run at 2b76d5f: every value in (7.21, 8.50] keeps the most, 20 (table 26,
    #: the same wrong ones); 6.58 would add the dev set's "Ma'arat al-Numan" front and
    #: GWN's "Anfield" x2. The test halves at 8.2: LGL 2 wrong, the others none
    variant_guess_min_score: float = 8.2

    # -- a namesake abroad (resolve/assemble.py, issue 15) --------------------------------
    #: when the other names of an article give one country at least this share of
    #: their votes, the article is plainly about it; hand-set by reading on the conflict
    #: dev set (bench/devset.py --errors: Palma in a Cabo Delgado story went to
    #: Mallorca, Jabal al-Zawiya in Idlib to Libya, Pont-Sondé in Haiti to France,
    #: each with no local candidate in the base gazetteer; a capital with no namesake
    #: in the focus country stays the capital, as "talks in Doha", "a charge Islamabad
    #: denies" showed; one with a namesake there gives way to it (issue 15: Juba in a
    #: Marib story; tests/test_resolve_abroad.py, Marigot in a Haiti story; GWN/LGL e2e
    #: unchanged at .702/.764, 2026-12-02); Geneva (a city, "a ceasefire signed in
    #: Geneva" in a Libya report) is the one dev-set place lost)
    abroad_focus_share: float = 0.5
    #: ...and a settlement in a country holding less than this share of those votes
    #: is placed at a namesake in the focus country, or, with none, left unresolved
    #: rather than pinned abroad (a capital then stays); hand-set with
    #: abroad_focus_share
    abroad_country_share: float = 0.05
    #: ...counting only articles whose other names cast at least this many votes (a
    #: name's vote is 1 and more for repeats): one other name is no focus ("marched
    #: in New York and near Koro"); assumption, not fitted (tests/test_resolve_abroad.py)
    abroad_min_votes: float = 2.0
    #: places this populous are never left out so (a world city named in passing);
    #: assumption, not fitted: ConfidenceTuning.prominent_population
    abroad_max_population: int = 1_000_000

    # -- the loop ------------------------------------------------------------------------
    #: rounds of the joint focus/proximity estimate (so that "Athens" and "Henderson
    #: County" settle together in Texas); hand-set in 6ae915c
    iterations: int = 3
    #: softmax temperature of the belief; assumption, not fitted (50ec530); the
    #: confidence model (bench/train_confidence.py) was fitted with it
    temperature: float = 1.0

    # -- decisions ---------------------------------------------------------------------
    #: below this score a name with no place cue and no container is dropped: the
    #: evidence that it is a place at all is too thin; read off dev false positives
    #: ("Titan", "Metro"), 6ae915c
    min_score: float = 6.5
    #: ``min_score`` for a name alone in its article ("Kidal fell.", "Russian troops
    #: neared Kupiansk"): no other name votes, so the focus terms (``focus_country`` 4, ``focus_region`` 3) that
    #: back a place in a longer article cannot be earned; the prior must show it is a
    #: place. Hand-set (issue 14): above a village known by its own name only and with
    #: no population ("Titan", 2.5), below a town of 1,000 people by its own name (5.0)
    lone_min_score: float = 3.5
    #: calibrated confidence below which a mention is flagged doubtful (reason
    #: ``"doubtful"``); it stays in the output (issue 15: never delete a place
    #: silently). The value is 6ae915c's former drop cutoff, hand-set with the
    #: confidence model; ``geoparse(min_confidence=)`` is the user's cut
    doubtful_confidence: float = 0.1
    #: confidences reported are kept inside [min_reported, max_reported]; assumption
    #: (50ec530): never certain either way
    min_reported: float = 0.01
    #: see ``min_reported``
    max_reported: float = 0.99
    #: other candidates listed with a mention; assumption (50ec530)
    alternatives: int = 3
    #: confidence of a demonym ("Malian") as a mention of its country; assumption (6ae915c)
    demonym_confidence: float = 0.8
    #: confidence of a state abbreviation ("Ky."); assumption (6ae915c)
    abbreviation_confidence: float = 0.9
    #: confidence of a border named by a demonym ("the Mauritanian border"); 50ec530
    border_confidence: float = 0.8
    #: a street or building is put at a town of the article's main country resolved
    #: with at least this confidence; assumption (6ae915c)
    facility_host_confidence: float = 0.6
    #: the confidence of a building placed at its town: the pin is the town, not the
    #: building (ACLED precision 2); assumption (6ae915c)
    facility_confidence: float = 0.5

    confidence: ConfidenceTuning = field(default_factory=ConfidenceTuning)
    rerank: RerankTuning = field(default_factory=RerankTuning)

    @staticmethod
    def weights() -> tuple[str, ...]:
        """The names of the evidence weights (what ``bench/ablation.py`` zeroes)."""
        return WEIGHT_FIELDS


#: the evidence weights: each multiplies one kind of evidence (see the fields above)
WEIGHT_FIELDS = (
    "population",
    "own_name",
    "curated",
    "region_named_like_town",
    "container",
    "focus_country",
    "focus_region",
    "near",
    "far",
    "named_elsewhere",
)
