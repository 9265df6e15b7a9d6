"""The word lists entity grouping and coreference rely on.

Each list names the pattern it serves. They stay short: a word belongs here
only when the parse and the NER tags alone cannot tell (the gender of a
title, the country of a nationality adjective, the canonical name of a party).
The words that are not part of a name (honorifics, titles) are in
``kg.names``: resolution across documents reads names by them too.
"""
from __future__ import annotations

from ..names import first_names

__all__ = [
    "MALE_WORDS",
    "FEMALE_WORDS",
    "FIRST_NAMES",
    "COMMON_NAME_COUNT",
    "NATIONALITIES",
    "ORG_ALIASES",
    "METONYMS",
    "ROLE_NOUNS",
    "ORGANIZATION_NOUNS",
    "ORGANIZATION_PARTS",
    "PERSON_PARTS",
    "PLACE_PARTS",
]

#: Words that tell a person's gender: honorifics and gendered titles. Pronoun
#: agreement uses them ("Mrs Smith ... he" cannot corefer).
MALE_WORDS = frozenset({"mr", "sir", "lord", "baron", "king", "prince", "duke", "earl", "emperor", "pope",
                        "father", "brother", "son", "husband", "man", "spokesman", "chairman", "sheikh"})
FEMALE_WORDS = frozenset({"mrs", "ms", "miss", "dame", "lady", "baroness", "queen", "princess", "duchess",
                          "countess", "empress", "mother", "sister", "daughter", "wife", "woman",
                          "spokeswoman", "chairwoman"})


#: First names with their gender (90% of bearers or more, else "u") and how
#: many bearers were counted: derived from the name data of the nomquamgender
#: package by ``scripts/first_names.py``. A name without a gender leaves it
#: open; agreement then relies on titles and on the pronouns already resolved to the entity.
FIRST_NAMES = first_names()
#: Bearers a first name needs before it alone makes a word a person's name
#: ("Theresa May"): rare names are often words or places too.
COMMON_NAME_COUNT = 20_000

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
    "conservative party": "Conservative Party", "conservative": "Conservative Party", "tory": "Conservative Party",
    "labour party": "Labour", "labour": "Labour", "liberal democrat": "Liberal Democrats",
    "lib dem": "Liberal Democrats",
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

#: Nouns that name a person by a role, beyond ``lexicon.PERSON_ROLES``: a
#: definite description with one of them ("the attorney general", "the
#: MEP", "the host") refers to a person already named.
ROLE_NOUNS = frozenset({
    "mep", "pm", "attorney", "solicitor", "host", "presenter", "employee", "chief", "executive", "ceo",
    "co-head", "chairman", "president", "defendant", "prisoner", "detainee", "actor", "actress", "singer",
    "writer", "author", "player", "striker", "coach", "star", "musician", "artist", "scientist", "emperor",
    "journalist", "reporter", "editor", "campaigner", "activist", "peer", "minister", "secretary", "leader",
})

#: Nouns that name an organisation by its kind: a definite description with
#: one of them ("the party", "the club", "the department") refers to an
#: organisation already named, best one whose name holds the noun
#: ("the party" for the UK Independence Party).
ORGANIZATION_NOUNS = frozenset({
    "company", "group", "firm", "corporation", "bank", "carmaker", "giant", "maker", "business", "airline",
    "retailer", "party", "club", "team", "agency", "department", "ministry", "court", "association",
    "commission", "council", "committee", "union", "newspaper", "paper", "broadcaster", "insurer", "lender",
    "supermarket", "chain", "operator", "miner", "producer", "manufacturer", "supplier", "organisation",
    "organization", "charity", "band", "institute", "university", "coalition", "alliance", "federation",
})

#: Nouns a name possesses or modifies only when it is an organisation's:
#: "Manchester United's board", "Nissan boss", "Yukos shares". Each such use
#: is a vote for the type Organization, whatever the tagger said.
ORGANIZATION_PARTS = frozenset({
    "board", "share", "shares", "shareholder", "shareholders", "shareholding", "stake", "profit", "profits",
    "sales", "revenue", "revenues", "subsidiary", "subsidiaries", "headquarters", "director", "directors",
    "stock", "employee", "employees", "staff", "workers", "workforce", "factory", "factories", "plant",
    "plants", "fans", "boss", "bosses", "takeover", "merger", "brand", "brands", "customers", "chairman",
    "executive", "executives", "spokesman", "spokeswoman", "management", "members", "membership",
})

#: Nouns a name modifies only when it is a place's: "a Cardiff constituency", "Leeds residents". Each such
#: use is a vote for the type Place (a party's seat is the party's: parties are typed by their names).
PLACE_PARTS = frozenset({
    "constituency", "constituencies", "seat", "seats", "ward", "wards", "resident", "residents", "suburb",
    "suburbs", "outskirts", "streets",
})

#: Nouns a name possesses only when it is a person's: "Blair's wife",
#: "Callaghan's death". Each such use is a vote for the type Person.
PERSON_PARTS = frozenset({
    "wife", "husband", "son", "daughter", "mother", "father", "brother", "sister", "family", "children",
    "widow", "girlfriend", "boyfriend", "parents", "death", "funeral", "birthday", "childhood", "youth",
    "marriage", "grandson", "granddaughter", "nephew", "niece", "uncle", "aunt", "cousin", "mistress",
})
