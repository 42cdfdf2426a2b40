"""Every number the recognizer uses (``conflictmap/recognize/``), with where it comes from.

Provenance, in the words the fields use:

- *50ec530*: the first skeleton's guess, never moved since; not fitted.
- *hand-set in 6ae915c*: moved or added in the accuracy work by reading spotter errors
  (false positives and misses) on the **dev** halves of GeoWebNews and LGL with
  ``python bench/accuracy.py --split dev --errors 40``, and on the Mali article; not
  fitted by any script.
- *fcb57cd*: set when long inputs were made linear (the robustness work of issues 2-9).
- *assumption*: a value chosen for what it must do, never measured against errors.

Word lists (which words are titles, connectors, cues) are grammar, not tuning: they
live in :mod:`conflictmap.recognize.lexicon`. ``tests/test_recognize_tuning.py`` shows
that every field here is read: changing it changes what the spotter finds.

Examples
--------
>>> from dataclasses import replace
>>> tuning = RecognizeTuning()
>>> tuning.common_rank, replace(tuning, common_rank=0).common_rank
(6000, 0)
>>> tuning.variant_edits("diabili"), tuning.variant_edits("tombouctou")
(1, 2)
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DEFAULT", "RecognizeTuning"]


@dataclass(frozen=True, kw_only=True, slots=True)
class RecognizeTuning:
    """The spotter's numbers; ``Spotter(gazetteer, config=...)``."""

    # -- candidate spans and pieces ----------------------------------------------------
    #: the longest capitalised span proposed as a name, in words ("Bosnia and
    #: Herzegovina" is three, "Saint-Martin-de-Belleville" one); 50ec530
    max_words: int = 7
    #: long texts are read in pieces of about this many characters, cut at paragraph
    #: or sentence ends, so memory stays bounded and time linear; fcb57cd (a piece is
    #: far longer than any article of the corpora, which are read whole)
    chunk_chars: int = 100_000

    # -- ordinary words ----------------------------------------------------------------
    #: a one-word name whose English frequency rank is at most this is an ordinary
    #: word ("Energy", "Week", "Snow") unless a strong cue, a container or prominence
    #: keeps it; hand-set in 6ae915c
    common_rank: int = 6000
    #: a sentence-initial word at least this frequent is an ordinary word unless it
    #: names a place of prominence level 3 ("Reading", "Nice"); hand-set in 6ae915c
    sentence_common_rank: int = 3000
    #: a one-word name of at most this many letters, not in capitals, is too short to
    #: be a place ("Oh", "Ur"); 50ec530
    short_letters: int = 2

    # -- acronyms ----------------------------------------------------------------------
    #: an all-capitals span of at most this many letters is an acronym unless the
    #: gazetteer marks it curated or capitals-only ("UN" no, "US" yes); hand-set in 6ae915c
    acronym_letters: int = 3
    #: up to this many letters, a prominent place also survives as an acronym ("IRAN",
    #: "MALI" stay, "ISIS" goes); hand-set in 6ae915c
    acronym_prominent_letters: int = 5
    #: words either side of a span looked at to tell a headline or dateline in capitals
    #: ("BAMAKO, Mali") from an acronym in running text; hand-set in 6ae915c
    caps_window: int = 3
    #: ... of which at least this many words must be there; hand-set in 6ae915c
    caps_min_words: int = 4

    # -- prominence --------------------------------------------------------------------
    #: a place this populous is prominent at level 3 (with countries, continents,
    #: capitals, US states and curated names); hand-set in 6ae915c, the same million
    #: as the resolver's ``ConfidenceTuning.prominent_population``
    prominent_population: int = 1_000_000
    #: a place this populous is prominent at level 2 (a surname that is also such a
    #: city stays a place); hand-set in 6ae915c
    notable_population: int = 100_000

    # -- spelling variants -------------------------------------------------------------
    #: a capitalised word shorter than this is never matched as a spelling variant,
    #: and names shorter than it are not matched against; 50ec530
    variant_min_letters: int = 5
    #: a word this long may be two edits from a name found in the article, a shorter
    #: one only one edit; 50ec530
    variant_long_letters: int = 8
    #: a run of capitalised words no layer knows ("Ma'arat al-Numan") is looked up as
    #: one name, as a single word is; a switch (issue 15), on: bench/ablation.py shows
    #: what it does
    variant_runs: bool = True
    #: a word or run no layer knows and no strong cue marks is still proposed, as a
    #: guess the resolver keeps only when it is a spelling variant of a place in the
    #: article's focus country ("Hirbnafsah was shelled"); a switch (issue 15), on:
    #: bench/ablation.py shows what it does
    variant_guesses: bool = True

    # -- rules, each a switch (on as shipped; bench/ablation.py turns each off) ----------
    #: a dateline's places ("GOMA, Congo (AP) —", "EL FASHER / Zalingei —") are places
    #: with the cue "dateline" (issue 15)
    datelines: bool = True
    #: a place name inside an organisation, media or agreement name ("Radio Free
    #: Asia", "the Sweden agreement") is no place (issue 15)
    organisation_names: bool = True
    #: a long official name is looked up with its article put in or taken out
    #: ("Democratic Republic of Congo" as "Democratic Republic of the Congo"; issue 15)
    official_names: bool = True
    #: a one-word name known only with its administrative word ("Rakhine" as "Rakhine
    #: State") is found bare (issue 15)
    bare_regions: bool = True
    #: a demonym opening a force or body name ("Syrian Democratic Forces") is no
    #: mention of its country (issue 15)
    demonym_names: bool = True

    # -- abbreviations and facilities --------------------------------------------------
    #: characters looked back from ", Ky." for the capitalised place word it follows;
    #: assumption (a long place name and its comma fit), 6ae915c
    abbreviation_lookback: int = 40
    #: characters looked back from a street name for a house number ("1935 Orchard
    #: St."); assumption (a house number and a space fit), 6ae915c
    house_number_lookback: int = 8

    def variant_edits(self, key: str) -> int:
        """How many edits a spelling variant of ``key`` may be from a found name.

        >>> RecognizeTuning().variant_edits("gao")
        1
        """
        return 1 if len(key) < self.variant_long_letters else 2


#: the default recognizer tuning
DEFAULT = RecognizeTuning()
