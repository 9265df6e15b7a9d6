"""The small, documented word lists the extraction rules rely on.

Each list names the linguistic pattern it serves. They are deliberately short:
rules should generalize from the parse, and a word belongs here only when the
parse alone cannot tell (a light verb, an event noun, a hedge).
"""
from __future__ import annotations

from ..names import HONORIFICS as NAME_HONORIFICS

__all__ = [
    "MODALS",
    "FUTURE_MODALS",
    "HEDGE_VERBS",
    "HEARSAY_VERBS",
    "ACCUSATION_VERBS",
    "ACT_NOUNS",
    "POSSIBILITY_NOUNS",
    "FAILURE_NOUNS",
    "QUESTION_MARKS",
    "ASSERTING_MARKS",
    "REQUEST_VERBS",
    "REFUSAL_VERBS",
    "OBJECT_CONTROL_VERBS",
    "CLAIM_NOUNS",
    "CONDITIONAL_MARKS",
    "HONORIFICS",
    "EMPTY_WORDS",
    "NUMBER_WORDS",
    "SPEECH_VERBS",
    "EVENT_NOUNS",
    "EVENT_HEADS",
    "TARGET_PREPOSITIONS",
    "UNDERGONE_EVENTS",
    "AGENT_COMPOUNDS",
    "PEOPLE_NOUNS",
    "BODY_NOUNS",
    "PLACE_NOUNS",
    "LIGHT_VERBS",
    "ACTION_NOUNS",
    "INITIATING_VERBS",
    "ABSORBED_PREPOSITIONS",
    "ORGANISATION_ROLES",
    "HELD_ROLES",
    "ADJUNCT_PREPOSITIONS",
    "FIXED_ADVERBIALS",
    "EVENT_SUBJECT_VERBS",
    "LINKING_VERBS",
    "RANKING_ADVERBS",
    "PERCEPTION_VERBS",
    "VERB_IDIOMS",
    "LEMMA_FIXES",
    "NEGATIONS",
]

#: Modal auxiliaries that hedge a clause ("may block").
MODALS = frozenset({"may", "might", "could", "would", "should", "must", "can", "ca", "ought"})

#: Control and raising verbs whose complement is wished, promised, planned,
#: expected, attempted, allowed or obliged, not done: "hopes to strengthen"
#: does not say that anything was strengthened, "is expected to meet" not that
#: anyone met, "allows officials to discriminate" not that they did, "will have
#: to wait" not that anyone waited.
HEDGE_VERBS = frozenset(
    {"hope", "want", "wish", "plan", "intend", "aim", "seek", "try", "attempt", "pledge", "promise",
     "threaten", "like", "propose", "offer", "vow", "consider", "need", "expect", "likely", "set", "due",
     "schedule", "seem", "appear", "prepare", "agree", "go", "bid", "struggle", "allow", "permit", "enable",
     "choose", "select", "have", "willing", "keen", "eager", "ready", "prepared"}
)

#: Auxiliaries of the future: "will launch", "shall meet". A plan or a
#: prediction is not yet a fact; the graph keeps it, not asserted, with "will" as its cue.
FUTURE_MODALS = frozenset({"will", "'ll", "shall", "wo"})

#: Verbs that report belief or hearsay in the passive: "is thought to have
#: beaten", "are said to have inflated" state what someone unnamed claims.
HEARSAY_VERBS = frozenset({"think", "believe", "say", "report", "allege", "understand", "rumour", "rumor",
                           "reckon", "suppose", "presume", "claim", "suspect", "fear", "tip"})

#: Verbs whose "of" complement is an accusation, not a fact: "are accused of
#: signing false documents", "suspected of misusing funds".
ACCUSATION_VERBS = frozenset({"accuse", "suspect", "charge", "allege", "blame"})

#: Nouns whose infinitive is done, not only possible: "Biden's decision to
#: block" blocks; "the right to criticise", "the ability to influence", "the
#: opportunity to create" say nothing was done; "failure to make" says it was not.
ACT_NOUNS = frozenset({"decision", "move", "step", "vote", "choice"})
FAILURE_NOUNS = frozenset({"failure", "refusal", "reluctance", "inability"})

#: Verbs of asking: the complement is what someone else is asked to do, "urged
#: Livingstone to apologise" does not say that he apologised.
REQUEST_VERBS = frozenset(
    {"urge", "ask", "call", "demand", "press", "push", "encourage", "invite", "tell", "order", "request",
     "appeal", "beg", "challenge", "instruct", "advise", "lobby", "force", "persuade", "require"}
)

#: Verbs whose object is the subject of their infinitive (object control):
#: "asked Washington to explain" -> Washington explains, "helped Botin
#: orchestrate" -> Botin orchestrates. With any other verb the infinitive says
#: what the subject did it for: "used shell companies to hide profits" -> the
#: user hides them, "beat Barclays to buy Koram" -> the winner buys.
OBJECT_CONTROL_VERBS = REQUEST_VERBS | frozenset(
    {"allow", "permit", "enable", "expect", "want", "like", "need", "help", "cause", "lead", "prompt", "drive",
     "inspire", "get", "leave", "appoint", "elect", "name", "choose", "select", "hire", "recruit", "train",
     "teach", "warn", "remind", "convince", "compel", "oblige", "empower", "authorise", "authorize", "mandate",
     "entitle", "tempt", "trust", "wish", "prefer", "see", "watch", "hear", "make", "let", "have", "retain",
     "employ", "engage", "commission", "send", "assign", "pay"}
)

#: Verbs of refusing or failing: "refused to publish", "failed to win", "have
#: yet to express" (the adverb "yet" on the governing verb) say it did not happen.
REFUSAL_VERBS = frozenset({"refuse", "decline", "fail", "reject", "resist", "yet"})

#: Nouns whose "that" clause is a claim, not the article's fact: "the claim
#: that Falconer drafted the answer".
CLAIM_NOUNS = frozenset(
    {"claim", "allegation", "suggestion", "report", "accusation", "rumour", "rumor", "belief", "fear", "view",
     "assertion", "idea", "speculation", "suspicion", "hope", "argument", "charge", "impression", "notion",
     "criticism", "concern", "worry", "warning", "prediction", "expectation", "theory"}
)

#: Nouns whose "that" clause is only possible: "the risk that the project will
#: go over budget", "the prospect that X buys Y".
POSSIBILITY_NOUNS = frozenset({"possibility", "risk", "chance", "danger", "prospect", "threat", "question", "doubt",
                               "likelihood", "probability"})

#: Subordinators of a condition: "if X blocks it", "unless the rebate is discussed".
CONDITIONAL_MARKS = frozenset({"if", "unless", "whether", "provided"})

#: Subordinators of an open question: "queried whether X had overpaid" asks, it does not say.
QUESTION_MARKS = frozenset({"whether", "if"})

#: Subordinators of an adverbial clause that states its own fact, whatever its
#: main clause does: "X would have done Y because Z happened" asserts Z.
ASSERTING_MARKS = frozenset({"because", "although", "though", "since", "as", "while", "whilst", "whereas"})

#: Verbs of saying: the clause they govern is attributed to their subject.
SPEECH_VERBS = frozenset(
    {"say", "add", "tell", "announce", "state", "claim", "indicate", "believe", "report", "insist", "warn",
     "argue", "declare", "explain", "note", "stress", "confirm", "deny", "reiterate", "suggest", "write",
     "allege", "admit", "acknowledge", "think", "predict", "reveal", "maintain"}
)

#: Event nouns that stand for a meeting when they take "with": "a working lunch
#: with X", "talks with X" -> meet X.
EVENT_NOUNS = {
    "lunch": "meet", "dinner": "meet", "breakfast": "meet", "meeting": "meet", "talks": "meet", "talk": "meet",
    "conversation": "meet", "summit": "meet", "discussion": "meet", "visit": "visit", "call": "call",
    "negotiation": "negotiate", "negotiations": "negotiate",
}

#: Nouns of events that become Event nodes with their participants: "the
#: purchase of US Steel by Nippon Steel", "Xstrata's bid for WMC", "the appeal
#: against the ruling", "talks with Iwaya". The value says what an "of" phrase
#: gives: the target of a deed done to someone ("the purchase of US Steel"),
#: or the agent of a happening ("the resignation of Camus", "the visit of Blinken").
EVENT_HEADS = {
    **dict.fromkeys(
        ("acquisition", "purchase", "takeover", "buyout", "bid", "offer", "merger", "sale", "sell-off", "deal",
         "agreement", "appeal", "lawsuit", "suit", "case", "action", "challenge", "complaint", "investigation",
         "inquiry", "probe", "trial", "hearing", "prosecution", "ruling", "verdict", "ban", "seizure", "arrest",
         "release", "expulsion", "sacking", "dismissal", "appointment", "nomination", "election", "re-election",
         "attack", "invasion", "raid", "strike", "sanctions", "boycott", "closure", "nationalisation",
         "nationalization", "privatisation", "privatization", "restructuring", "rescue", "bail-out", "bailout",
         "payment", "pay-off", "payout", "investment", "loan", "cut", "cuts", "launch", "recall", "review",
         "veto", "blockade", "treaty", "contract", "partnership", "alliance", "dispute", "row", "talks",
         "negotiation", "negotiations", "meeting", "summit", "conference", "interview", "visit", "tour", "trip",
         "war", "conflict", "campaign", "protest", "crisis", "scandal", "decision", "vote", "referendum",
         "struggle", "fight", "fighting", "battle", "devaluation", "reform", "overhaul", "shake-up", "move",
         "attempt", "effort", "proposal", "plan", "publication", "invitation", "discussion", "discussions",
         "response", "reaction", "reply", "criticism", "support", "backing", "approval", "rejection", "handover",
         "transfer", "succession", "reduction", "increase", "change", "entry", "recovery", "turnaround"),
        "target",
    ),
    **dict.fromkeys(
        ("resignation", "departure", "arrival", "death", "collapse", "bankruptcy", "victory", "defeat", "return",
         "rise", "fall", "retirement", "exit", "withdrawal", "speech", "testimony", "statement", "announcement",
         "comment", "remark", "claim", "allegation", "warning", "promise", "pledge", "admission", "denial",
         "growth", "decline", "loss", "failure", "refusal"),
        "agent",
    ),
}

#: Event nouns whose possessor undergoes them: "Kilroy-Silk's expulsion",
#: "Mr Shiga's appointment", "his son's release" (while "Glazer's offer" is Glazer's act).
UNDERGONE_EVENTS = frozenset({"expulsion", "appointment", "release", "arrest", "dismissal", "sacking", "nomination",
                              "trial", "prosecution", "election", "re-election", "detention", "capture", "rescue",
                              "bail-out", "bailout", "nationalisation", "nationalization", "privatisation",
                              "privatization", "seizure", "investigation", "suspension", "conviction", "acquittal"})

#: Prepositions that name an event's target beside "of": "bid for WMC", "appeal
#: against the ruling", "talks with Iwaya", "visit to Japan", "attack on Iraq".
TARGET_PREPOSITIONS = frozenset({"for", "against", "with", "to", "on", "into", "between"})

#: Event nouns whose name in compound is their agent: "the Xstrata bid", "the Glazer takeover".
AGENT_COMPOUNDS = frozenset({"bid", "offer", "takeover", "buyout", "appeal", "lawsuit", "campaign", "attack",
                             "investigation", "probe", "inquiry", "decision", "visit"})

#: Nouns of people, beside the role nouns (``PERSON_ROLES``): a concept they head
#: is a person or a group of people, "analysts", "the UKIP spokesman".
PEOPLE_NOUNS = frozenset({"people", "person", "critic", "voter", "worker", "investor", "shareholder",
                          "campaigner", "supporter", "fan", "resident", "citizen", "detainee", "prisoner",
                          "victim", "member", "colleague", "friend", "wife", "husband", "father", "mother", "son",
                          "daughter", "child", "children", "man", "men", "woman", "women", "customer", "client",
                          "passenger", "driver", "student", "teacher", "doctor", "officer", "soldier", "activist",
                          "protester", "insider", "expert", "observer", "commentator", "rival",
                          "opponent", "ally", "candidate", "winner", "loser", "buyer", "seller", "owner", "troop",
                          "troops", "clerk", "delegate", "negotiator", "director", "executive", "banker", "founder", "employee", "staff", "mep", "mp", "peer", "lord", "minister",
                          "supplier", "vendor", "consumer", "individual", "family", "civilian", "dictator",
                          "constituent", "seeker", "bailiff", "pensioner", "patient", "parent", "refugee",
                          "immigrant", "migrant", "guard"})

#: Nouns of places and of the buildings and sites that stand somewhere: a concept they head is a place,
#: "many countries", "his constituency", "its loss-making Saab factory".
PLACE_NOUNS = frozenset({"country", "state", "nation", "constituency", "borough", "region", "city", "town",
                         "village", "world", "continent", "province", "capital", "county", "district", "island",
                         "seat", "factory", "plant", "mine", "airport", "port", "prison", "camp", "headquarters",
                         "hospital", "stadium", "site"})

#: Nouns of bodies: a concept they head is an organisation, "the government", "the board".
BODY_NOUNS = frozenset({"government", "board", "council", "committee", "court", "commission", "parliament",
                        "police", "army", "ministry", "department", "administration", "regime", "authority",
                        "authorities", "union", "association", "organisation", "organization", "institution",
                        "federation", "newspaper", "broadcaster", "university", "charity", "office",
                        "cabinet", "opposition", "party", "club", "team", "firm", "company", "bank", "group",
                        "carmaker", "maker", "giant", "business", "airline", "retailer", "agency", "corporation",
                        "watchdog", "regulator", "fund", "insurer", "lender", "bidder", "supermarket", "chain",
                        "manufacturer", "producer", "operator", "exchange", "network"})

#: Light verbs: they add little meaning of their own, so "have a conversation
#: with X" is the event noun's relation ("meet X").
LIGHT_VERBS = frozenset({"have", "hold", "take", "make", "give", "start", "begin", "host", "attend", "conduct"})

#: Verbs that start the action their noun names: "announced legal action
#: against X", "launched a bid for X", "filed a lawsuit against X".
INITIATING_VERBS = frozenset({"announce", "launch", "file", "bring", "lodge", "mount", "table", "submit", "make",
                              "take", "start", "begin", "pursue", "put", "initiate", "open", "issue", "give"})

#: Nouns of action that take "against": "announced legal action against X" -> sue X.
ACTION_NOUNS = {
    ("action", "against"): "sue", ("lawsuit", "against"): "sue", ("suit", "against"): "sue",
    ("case", "against"): "sue", ("appeal", "against"): "challenge", ("complaint", "against"): "complain about",
    ("sanctions", "against"): "sanction", ("bid", "for"): "bid for", ("offer", "for"): "bid for",
    ("support", "to"): "support", ("backing", "to"): "back",
}

#: Verb-noun idioms whose noun is part of the relation, not a thing: "took place
#: in Tokyo" -> happen in Tokyo. Only a bare noun counts ("took his place" is literal).
VERB_IDIOMS = {
    ("take", "place"): "happen", ("take", "part"): "participate", ("take", "office"): "assume office",
    ("take", "power"): "assume power", ("take", "effect"): "come into effect", ("make", "sense"): "make sense",
    ("pay", "tribute"): "honor", ("take", "control"): "take control", ("take", "charge"): "take charge",
}

#: Prepositions that only mark the object of their verb: "meet with X" = "meet X".
ABSORBED_PREPOSITIONS = {("meet", "with"), ("talk", "to"), ("speak", "to"), ("speak", "with"), ("visit", "to")}

#: Prepositions of adjuncts (concession, circumstance, time): they never join a
#: verb into a relation, "hopes to strengthen ... despite the dispute" is no
#: "hope despite", "rose 4.5% by 0900 GMT" no "rise by".
ADJUNCT_PREPOSITIONS = frozenset({"despite", "amid", "amidst", "during", "throughout", "since", "until", "till",
                                  "following", "notwithstanding", "while", "whilst", "because", "although"})

#: Fixed adverbials: a preposition and its noun that say how the clause stands, never a verb's argument
#: ("continues in spite of the charges" is no "continue in", "As a result, the sale looked" no "look as").
FIXED_ADVERBIALS = frozenset({("in", "spite"), ("as", "result"), ("in", "fact"), ("in", "addition"), ("in", "turn"),
                              ("in", "particular"), ("as", "consequence"), ("in", "contrast"), ("by", "contrast"),
                              ("for", "example"), ("for", "instance"), ("in", "effect"), ("in", "short")})

#: Verbs of showing and perceiving: the participle after their object tells what the object did ("the film
#: showed Mr Hale talking about the budget": Mr Hale talks, not the film).
PERCEPTION_VERBS = frozenset({"show", "see", "hear", "watch", "film", "catch", "picture", "depict", "find",
                              "spot", "notice", "record"})

#: Linking verbs: an adjective after one is its complement, even where the parser calls it an adverb
#: ("the sale looked better for the Danes" says how the sale looked, no relation "look for").
LINKING_VERBS = frozenset({"look", "seem", "appear", "sound", "feel", "become", "remain", "stay", "grow"})

#: Ranking adverbs: a place in a contest is part of the relation, "came first in Norland" is no "come in".
RANKING_ADVERBS = frozenset({"first", "second", "third", "fourth", "fifth", "last", "top"})

#: Verbs whose subject "it" or "this" is the event just told, not a thing: "It follows a similar move by Velt",
#: "It marks the end of his time at the bank".
EVENT_SUBJECT_VERBS = frozenset({"follow", "mark", "come as", "come after", "come amid"})

#: Known mistakes of the small English lemmatizer.
LEMMA_FIXES = {"hopes": "hope", "hoped": "hope", "hoping": "hope", "taxes": "tax", "focuses": "focus"}

#: Words that negate the clause they modify.
NEGATIONS = frozenset({"not", "n't", "never", "no", "neither", "nor", "nt"})

#: Common names of countries and bodies, each to its canonical name. "Washington"
#: is left alone: it names the city, and the metonymy for the US government is
#: not resolved (a reader can still see both in the graph).
CANONICAL_NAMES = {
    "us": "United States", "usa": "United States", "united states": "United States",
    "united states of america": "United States", "america": "United States", "the states": "United States",
    "uk": "United Kingdom", "britain": "United Kingdom", "great britain": "United Kingdom",
    "united kingdom": "United Kingdom", "eu": "European Union", "european union": "European Union",
    "un": "United Nations", "united nations": "United Nations", "uae": "United Arab Emirates",
    "ussr": "Soviet Union", "soviet union": "Soviet Union", "dprk": "North Korea",
    "prc": "China", "people's republic of china": "China", "nato": "NATO",
}

#: Role nouns that describe a person: "the diplomat", "the Secretary of State".
PERSON_ROLES = frozenset(
    {"diplomat", "minister", "president", "secretary", "official", "spokesman", "spokeswoman", "spokesperson",
     "leader", "chief", "chairman", "chairwoman", "chair", "executive", "boss", "premier", "chancellor",
     "ambassador", "envoy", "governor", "senator", "mayor", "director", "founder", "counterpart", "king",
     "queen", "prince", "general", "commander", "judge", "prosecutor", "lawyer", "candidate", "mp",
     "politician", "head", "manager", "owner", "investor", "banker", "economist", "analyst"}
)

#: Roles a person holds in an organisation, beyond the role nouns that describe
#: a person (``PERSON_ROLES``): "Russell Tanguay, agent for the Tories", "US
#: Attorney David Kelley".
HELD_ROLES = frozenset({"agent", "adviser", "advisor", "aide", "deputy", "editor", "correspondent", "reporter",
                        "councillor", "mep", "treasurer", "employee", "trustee", "attorney", "ceo", "coach",
                        "captain", "player", "professor", "lecturer", "researcher", "co-founder", "partner",
                        "vice-president", "vice-chairman", "co-head", "solicitor", "barrister", "auditor"})

#: Roles an organisation holds towards another: "the Toyota subsidiary Lexus",
#: "its US subsidiary Foodservice", "EADS, Airbus' majority owner".
ORGANISATION_ROLES = frozenset({"subsidiary", "unit", "division", "arm", "parent", "owner", "shareholder",
                                "affiliate", "partner", "rival", "supplier", "member", "offshoot"})

#: Nouns that, with a name in compound, just describe the named organisation:
#: "the US Steel company" is US Steel.
ORG_DESCRIPTORS = frozenset({"company", "group", "firm", "corporation", "bank", "carmaker", "giant", "maker",
                             "business", "airline", "retailer", "party", "club", "team", "agency"})

#: Titles that precede a name and belong in the entity's attributes, not its name.
TITLES = frozenset({"president", "president-elect", "prime", "minister", "secretary", "chancellor", "king",
                    "queen", "prince", "princess", "mr", "mrs", "ms", "dr", "sir", "lord", "lady", "senator",
                    "governor", "general", "judge", "pope", "sheikh", "premier", "chairman", "ceo"})

#: Honorifics and titles that are no argument on their own: "Blair - be - Mr"
#: says nothing (the title belongs to the name's attributes).
#: The honorifics of names (``kg.names``: "Mr", "Lord", "Professor") and royal and generational titles.
HONORIFICS = NAME_HONORIFICS | frozenset({"prince", "princess", "king", "queen", "jr", "sr"})

#: Words that name nothing on their own when the coreference left them: "one", "time".
EMPTY_WORDS = frozenset({"one", "ones", "time", "thing", "things", "way", "lot", "part", "kind", "sort", "case",
                         "fact", "others", "other", "something", "nothing", "anything", "everything", "-"})

#: Number words: an argument of nothing else names no thing ("two", "a half").
NUMBER_WORDS = frozenset({"and", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                          "ten", "dozen", "dozens", "hundred", "hundreds", "thousand", "thousands", "million",
                          "millions", "billion", "half", "quarter", "third", "times", "more", "less", "than"})
