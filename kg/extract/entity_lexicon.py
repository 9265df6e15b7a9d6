"""The word lists entity grouping and coreference rely on.

Each list names the pattern it serves. They stay short: a word belongs here
only when the parse and the NER tags alone cannot tell (the gender of a
title, the country of a nationality adjective, the canonical name of a party).
The words that are not part of a name (honorifics, titles) are in
``kg.names``: resolution across documents reads names by them too.
"""
from __future__ import annotations

__all__ = [
    "MALE_WORDS",
    "FEMALE_WORDS",
    "MALE_NAMES",
    "FEMALE_NAMES",
    "NATIONALITIES",
    "ORG_ALIASES",
    "METONYMS",
]

#: Words that tell a person's gender: honorifics and gendered titles. Pronoun
#: agreement uses them ("Mrs Smith ... he" cannot corefer).
MALE_WORDS = frozenset({"mr", "sir", "lord", "baron", "king", "prince", "duke", "earl", "emperor", "pope",
                        "father", "brother", "son", "husband", "man", "spokesman", "chairman", "sheikh"})
FEMALE_WORDS = frozenset({"mrs", "ms", "miss", "dame", "lady", "baroness", "queen", "princess", "duchess",
                          "countess", "empress", "mother", "sister", "daughter", "wife", "woman",
                          "spokeswoman", "chairwoman"})

#: Common first names of clear gender in English-language news. A name not
#: listed leaves the gender open; agreement then relies on titles and on the
#: pronouns already resolved to the entity.
MALE_NAMES = frozenset(
    "adam alan alex alexander andrew antony anthony barack ben benjamin bernie bill boris brian charles chris "
    "christopher dan daniel david donald douglas ed edward emmanuel eric frank gary george gerhard gordon "
    "graham henry ian jack jacques james jean jeremy jim joe john jonathan joseph keir ken kevin kim "
    "lionel marco mark martin matthew michael mike nick nicolas olaf paul peter philip richard rishi robert "
    "robin roger ron ronald sam scott sean simon stephen steve steven takeshi thomas tim tom tony vladimir "
    "william xi yoshihide shigeru fumio shinzo volodymyr recep narendra".split()
)
FEMALE_NAMES = frozenset(
    "alice angela ann anna anne audrey barbara cherie estelle glenda harriet hazel hilary maeve margaret oona ruth shirley camilla caroline catherine charlotte claire diana elizabeth emily "
    "emma hillary helen jacinta jane janet jennifer jill julia kamala kate katherine laura liz margaret maria "
    "mary melania michelle nancy nicola patricia priti rachel ruth sarah sophie susan tessa theresa ursula "
    "victoria yvette".split()
)

#: Nationality adjectives to the country they name: "Japanese Prime Minister
#: Shigeru Ishiba" has the role "Prime Minister of Japan".
NATIONALITIES = {
    "american": "United States", "us": "United States", "u.s.": "United States", "british": "United Kingdom",
    "uk": "United Kingdom", "english": "England", "scottish": "Scotland", "welsh": "Wales", "irish": "Ireland",
    "french": "France", "german": "Germany", "italian": "Italy", "spanish": "Spain", "portuguese": "Portugal",
    "dutch": "Netherlands", "belgian": "Belgium", "swiss": "Switzerland", "austrian": "Austria",
    "swedish": "Sweden", "norwegian": "Norway", "danish": "Denmark", "finnish": "Finland", "polish": "Poland",
    "czech": "Czech Republic", "hungarian": "Hungary", "greek": "Greece", "turkish": "Turkey",
    "russian": "Russia", "ukrainian": "Ukraine", "chinese": "China", "japanese": "Japan",
    "korean": "Korea", "south korean": "South Korea", "north korean": "North Korea", "indian": "India",
    "pakistani": "Pakistan", "afghan": "Afghanistan", "iranian": "Iran", "iraqi": "Iraq", "israeli": "Israel",
    "palestinian": "Palestine", "syrian": "Syria", "saudi": "Saudi Arabia", "egyptian": "Egypt",
    "canadian": "Canada", "mexican": "Mexico", "brazilian": "Brazil", "argentine": "Argentina",
    "australian": "Australia", "new zealand": "New Zealand", "south african": "South Africa",
    "nigerian": "Nigeria", "kenyan": "Kenya", "european": "European Union", "taiwanese": "Taiwan",
    "vietnamese": "Vietnam", "thai": "Thailand", "indonesian": "Indonesia", "filipino": "Philippines",
}

#: Other names of organisations, each to its canonical name ("the Tories" is
#: the Conservative Party). Country names live in ``lexicon.CANONICAL_NAMES``.
ORG_ALIASES = {
    "tories": "Conservative Party", "tory party": "Conservative Party", "conservatives": "Conservative Party",
    "conservative party": "Conservative Party", "labour party": "Labour", "labour": "Labour",
    "lib dems": "Liberal Democrats", "liberal democrats": "Liberal Democrats",
    "liberal democrat party": "Liberal Democrats", "ukip": "UK Independence Party",
    "uk independence party": "UK Independence Party", "snp": "Scottish National Party",
    "scottish national party": "Scottish National Party", "bbc": "BBC", "british broadcasting corporation": "BBC",
}

#: Capitals used for their government ("Washington asked Tokyo ...").
#: kg keeps such a mention as the city (its own Place node) and records the
#: country it may stand for as an attribute ("metonym for", country) when it
#: acts (subject of a verb, or the one asked to act), never merging the two:
#: the same word is also the city, the state, or a person's name.
METONYMS = {
    "washington": "United States", "moscow": "Russia", "beijing": "China", "tokyo": "Japan",
    "london": "United Kingdom", "paris": "France", "berlin": "Germany", "brussels": "European Union",
    "kyiv": "Ukraine", "kiev": "Ukraine", "tehran": "Iran", "pyongyang": "North Korea", "seoul": "South Korea",
    "downing street": "United Kingdom government", "westminster": "United Kingdom Parliament",
    "whitehall": "United Kingdom government", "the kremlin": "Russia", "kremlin": "Russia",
}
