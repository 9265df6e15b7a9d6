"""Extraction with the real English pipeline, on sentences written for these tests."""
from __future__ import annotations

import pytest

import kg
from kg.extract.propositions import open_ie, propositions


def _triples(graph):
    return {(graph.get(f.subject).name, f.key, graph.get(f.object).name) for f in graph.iter_facts()}


def test_active_verb_with_object():
    graph = kg.build("Antony Blinken met Takeshi Iwaya in Tokyo on Tuesday.")
    [fact] = graph.facts(subject="Blinken", predicate="meet")
    assert graph.get(fact.object).name == "Takeshi Iwaya"
    assert fact.time == "Tuesday"
    assert fact.place == "Tokyo"


def test_passive_with_agent_is_turned_active():
    graph = kg.build("Antony Blinken was replaced by Marco Rubio.")
    assert ("Marco Rubio", "replace", "Antony Blinken") in _triples(graph)


def test_negated_fact_is_kept_but_not_asserted():
    graph = kg.build("Joe Biden did not block the merger of the two companies.")
    assert graph.facts(subject="Biden") == []
    [fact] = graph.facts(subject="Biden", include_negated=True)
    assert fact.negated and fact.key == "not block"


def test_surname_and_pronoun_join_the_full_name():
    graph = kg.build("Joe Biden blocked the deal. Biden said he opposed the merger.")
    people = graph.entities(type="Person")
    assert [p.name for p in people] == ["Joe Biden"]
    # What Biden said is his claim, attributed to him, not the article's fact.
    [fact] = graph.facts(subject="Joe Biden", predicate="oppose", include_negated=True)
    assert (graph.get(fact.object).name, fact.assertion, fact.attributed_to) == ("merger", "claimed", people[0].id)


def test_evidence_offsets_point_at_the_sentence():
    text = "The sky was grey. Nippon Steel bought a small mill in Ohio."
    graph = kg.build(text)
    [fact] = graph.facts(subject="Nippon Steel", predicate="buy")
    [ev] = fact.evidence
    assert text[ev.start : ev.end].strip() == ev.sentence == "Nippon Steel bought a small mill in Ohio."


# ---------------------------------------------------------------------- the pattern table
# (pattern, sentence, (subject, predicate, object)) with the real English pipeline.
PATTERNS = [
    ("active", "Antony Blinken met Takeshi Iwaya in Tokyo.", ("Antony Blinken", "meet", "Takeshi Iwaya")),
    ("passive, agent becomes subject", "The deal was blocked by Joe Biden.", ("Joe Biden", "block", "The deal")),
    ("raising chain into a passive", "The diplomat is expected to be replaced by Marco Rubio.",
     ("Marco Rubio", "replace", "The diplomat")),
    ("copula, predicate nominal", "Blinken is the head of North American diplomacy.",
     ("Blinken", "be", "the head of North American diplomacy")),
    ("copula, predicate adjective", "The alliance is stronger than ever.",
     ("The alliance", "be", "stronger than ever")),
    ("apposition", "Antony Blinken, the head of North American diplomacy, arrived in Tokyo.",
     ("Antony Blinken", "be", "the head of North American diplomacy")),
    ("title in a compound", "Japanese Prime Minister Shigeru Ishiba met Blinken.",
     ("Shigeru Ishiba", "be", "Japanese Prime Minister")),
    ("hyphenated title", "President-elect Donald Trump will take office on January 20.",
     ("Donald Trump", "be", "President-elect")),
    ("possessive", "Cherie Blair's Matrix Chambers took the case.", ("Cherie Blair", "have", "Matrix Chambers")),
    ("located possession", "Barclays has its headquarters in Canary Wharf.",
     ("Barclays", "have headquarters in", "Canary Wharf")),
    ("partitive role", "Mr Khodorkovsky was one of the founders of Menatep.",
     ("Mr Khodorkovsky", "be founder of", "Menatep")),
    ("shared object after a time", "The regulator last month seized and sold Aldgate Metals.",
     ("The regulator", "seize", "Aldgate Metals")),
    ("purpose infinitive", "Citigroup beat Barclays to buy Koram bank.", ("Citigroup", "buy", "Koram bank")),
    # a role held in a named organisation: the organisation is the object, the role the predicate
    ("role of an organisation, apposition", "Ruth Cole, chief executive of the Housing Trust, spoke.",
     ("Ruth Cole", "be chief executive of", "the Housing Trust")),
    ("role of an organisation, copula", "Cole is the chief executive of the Housing Trust.",
     ("Cole", "be chief executive of", "the Housing Trust")),
    ("role of an organisation, possessor", "Tom Harlow, UKIP's deputy leader, gave the speech.",
     ("Tom Harlow", "be deputy leader of", "UKIP")),
    ("role of an organisation, title", "Fiat chief executive Sergio Marchionne spoke.",
     ("Sergio Marchionne", "be chief executive of", "Fiat")),
    ("role at an organisation", "Laura Pinto, an executive at Vodafone, said it.",
     ("Laura Pinto", "be executive at", "Vodafone")),
    ("role of an organisation towards another", "Car makers, notably the Toyota subsidiary Lexus, did well.",
     ("Lexus", "be subsidiary of", "Toyota")),
    ("elected for a place", "Tony Lloyd, the Manchester Central MP, said it.",
     ("Tony Lloyd", "be mp for", "Manchester Central")),
    ("a place in a title is an adjective", "US Attorney David Kelley said it.", ("David Kelley", "be", "US Attorney")),
    ("prepositional verb", "Antony Blinken arrived in Tokyo.", ("Antony Blinken", "arrive in", "Tokyo")),
    ("verb with a prepositional argument", "Iwaya wants to take the alliance to new heights.",
     ("Iwaya", "take", "the alliance")),
    ("subject control", "Blinken hopes to strengthen relations with Japan.",
     ("Blinken", "strengthen", "relations with Japan")),
    ("object control", "Ishiba asked Washington to explain the risks.", ("Washington", "explain", "the risks")),
    ("event noun with an infinitive", "Biden announced the decision to block the acquisition of US Steel.",
     ("Biden", "block", "the acquisition of US Steel")),
    ("possessor of an event noun", "Nippon Steel will challenge Biden's decision to block the deal.",
     ("Biden", "block", "the deal")),
    ("light verb and event noun", "Blinken had a working lunch with Takeshi Iwaya.",
     ("Blinken", "meet", "Takeshi Iwaya")),
    ("action noun", "Nippon Steel announced legal action against the Biden administration.",
     ("Nippon Steel", "sue", "the Biden administration")),
    ("clausal complement", "Blinken said that Biden blocked the merger.", ("Biden", "block", "the merger")),
    ("participial modifier", "The union opposed the dispute surrounding the US Steel company.",
     ("the dispute", "surround", "the US Steel company")),
    ("relative clause, pronoun under a preposition",
     "Ishiba, with whom Blinken is expected to meet, asked Washington to explain the risks.",
     ("Blinken", "meet", "Ishiba")),
    ("relative clause, pronoun as object", "The company, which Nippon Steel bought, makes steel.",
     ("Nippon Steel", "buy", "The company")),
    ("coordinated objects", "Biden met Ishiba and Iwaya.", ("Biden", "meet", "Iwaya")),
    ("ranking adverb", "The Greens came first in Norland.", ("The Greens", "come first in", "Norland")),
]


def _found(props, subject, predicate, obj):
    return [
        p for p in props
        if p.subject and p.object and (p.subject.text, p.predicate, p.object.text) == (subject, predicate, obj)
    ]


@pytest.mark.parametrize(("pattern", "sentence", "triple"), PATTERNS, ids=[p[0] for p in PATTERNS])
def test_pattern_table(nlp, pattern, sentence, triple):
    props = propositions(nlp(sentence))
    seen = [(p.rule, p.subject and p.subject.text, p.predicate, p.object and p.object.text) for p in props]
    assert _found(props, *triple), seen


def test_nouns_before_a_verb_left_without_subject_are_its_subject_not_more_objects(nlp):
    props = propositions(nlp("Loans now make up roughly 40% of the bank's income, and card fees and online "
                             "trading have become increasingly important."))
    assert _found(props, "Loans", "make up", "roughly 40% of the bank's income")
    assert not _found(props, "Loans", "make up", "card fees")
    assert not _found(props, "Loans", "make up", "online trading")


def test_purpose_is_no_fact_and_a_clause_no_description(nlp):
    props = propositions(nlp("The deal, a year after Citigroup beat Barclays to buy Koram bank, was a surprise."))
    [buy] = _found(props, "Citigroup", "buy", "Koram bank")
    assert (buy.assertion, buy.modality) == ("hedged", "to")  # a purpose says what it was for
    # A clause the parser hung on a noun as an apposition describes nothing: no "move - be - a year ...".
    assert not [p for p in props if p.rule == "apposition"]


@pytest.mark.parametrize(
    "sentence",
    [
        "It was in fact Mr Hale, not Mr Moss, who called the press.",  # contrast
        "Other sports car makers, most notably the Fiat subsidiary Ferrari, did well.",  # an example
        "Many voters will be happy, not least his supporters in Kent.",  # an example
    ],
)
def test_contrast_or_example_apposition_is_no_be(nlp, sentence):
    assert not [p.carb() for p in propositions(nlp(sentence)) if p.rule == "apposition"]


def test_clock_time_is_a_time_not_an_object(nlp):
    props = propositions(nlp("Fiat shares rose 4.5% by 0900 GMT to 6.2 euros."))
    assert not [p for p in props if p.object is not None and "GMT" in p.object.text and p.object.role != "time"]
    assert all(p.time == "0900 GMT" for p in props if p.predicate.startswith("rise"))


def test_coordinated_subjects_and_verbs_split_four_ways(nlp):
    props = propositions(nlp("Japan and the United States signed and ratified the treaty."))
    for subject in ("Japan", "the United States"):
        for predicate in ("sign", "ratify"):
            assert _found(props, subject, predicate, "the treaty"), (subject, predicate)


@pytest.mark.parametrize(
    ("sentence", "negated", "modality"),
    [
        ("Biden did not block the deal.", True, None),
        ("Biden never blocked the deal.", True, None),
        ("Biden may block the deal.", False, "may"),
        ("Biden could block the deal.", False, "could"),
        ("Biden would block the deal.", False, "would"),
        ("Biden will block the deal.", False, "will"),
        ("Biden neither blocked the deal nor approved it.", True, None),
    ],
)
def test_negation_and_modality_are_flagged(nlp, sentence, negated, modality):
    [prop] = _found(propositions(nlp(sentence)), "Biden", "block", "the deal")
    assert (prop.negated, prop.modality) == (negated, modality)


@pytest.mark.parametrize(
    ("sentence", "subject", "predicate", "obj", "assertion", "cue"),
    [
        # hedged: a wish, an expectation, a modal
        ("Biden hopes to block the deal.", "Biden", "block", "the deal", "hedged", "hope"),
        ("Ishiba, with whom Blinken is expected to meet, spoke.", "Blinken", "meet", "Ishiba", "hedged", "expect"),
        # requested: the one asked does it, if at all
        ("Blair urged Livingstone to publish the letter.", "Livingstone", "publish", "the letter", "requested", "urge"),
        ("MPs called on the minister to block the takeover.", "the minister", "block", "the takeover", "requested",
         "call"),
        # refused: "refused to", "have yet to"
        ("The firm refused to publish the report.", "The firm", "publish", "the report", "refused", "refuse"),
        ("The owners have yet to express a view.", "The owners", "express", "a view", "refused", "yet"),
        # conditional
        ("If Nippon Steel buys the company, jobs will go.", "Nippon Steel", "buy", "the company", "conditional", "if"),
        # claimed and denied: a source's words
        ("Straw said that the US had released the four men.", "the US", "release", "the four men", "claimed", "say"),
        ("Goldsmith denied that he had misled Parliament.", "he", "mislead", "Parliament", "denied", "deny"),
        ("He rejected the claim that Falconer drafted the answer.", "Falconer", "draft", "the answer", "claimed",
         "claim"),
        # the future is a plan or a prediction, not yet a fact
        ("Biden will block the deal.", "Biden", "block", "the deal", "hedged", "will"),
        ("Kilroy-Silk is to launch a new party.", "Kilroy Silk", "launch", "a new party", "hedged", "be to"),
        # hearsay, in the passive: a claim without a source
        ("Acme Steel is thought to have beaten Dunmore to the contract.", "Acme Steel", "beat to",
         "the contract", "claimed", "think"),
        # a clause inside a hedged clause shares its hedge
        ("Nissan aims to increase sales, launching 28 new models.", "Nissan", "launch", "28 new models", "hedged",
         "aim"),
        ("Unions believe the reform could result in firms relocating jobs to Portugal.", "firms",
         "relocate", "jobs", "claimed", "could"),
        # a noun's infinitive: a right or an ability is no deed, a failure says it was not done
        ("Kilroy-Silk had a right to criticise the ministers.", "Kilroy Silk", "criticise", "the ministers", "hedged",
         "right"),
        ("The announcement reflects Saab's failure to make inroads into the market.", "Saab", "make", "inroads",
         "refused", "failure"),
        # a possibility, a question, an argument
        ("There is a risk that the project will go over budget.", "the project", "go over", "budget", "hedged",
         "risk"),
        ("Investors queried whether Velt had overpaid for Dunmore Bank.", "Velt", "overpay for",
         "Dunmore Bank", "hedged", "whether"),
        ("The government's argument was that Yukos owed back taxes.", "Yukos", "owe", "back taxes", "claimed",
         "argument"),
        # a claim noun without "that", whichever way the parser hangs it
        ("Knapman rejected the idea Kilroy-Silk posed a threat to UKIP.", "Kilroy Silk", "pose",
         "a threat to UKIP", "denied", "reject"),
        # an infinitive the parser makes a clause of its own is still what was asked
        ("The party challenged Kilroy-Silk to stand down as an MEP.", "Kilroy Silk", "stand down as", "an MEP",
         "requested", "challenge"),
        # a plain fact stays asserted
        ("Biden blocked the deal.", "Biden", "block", "the deal", "asserted", None),
    ],
)
def test_assertion_of_a_fact_names_why_it_is_not_asserted(nlp, sentence, subject, predicate, obj, assertion, cue):
    [prop] = _found(propositions(nlp(sentence)), subject, predicate, obj)
    assert (prop.assertion, prop.modality) == (assertion, cue)


def test_reported_content_is_the_fact_attributed_to_the_speaker():
    graph = kg.build("All three sailors will be returned to Norway within days, Defence Minister Anna Berg told MPs.")
    berg = graph.entity("Anna Berg")
    [fact] = graph.facts(predicate="return", include_negated=True)
    assert (fact.assertion, fact.attributed_to) == ("claimed", berg.id)
    # The bare "Berg told MPs" says nothing once what she told them is a fact: she told them the claim.
    [told] = graph.facts(subject="Anna Berg", predicate="tell", include_negated=True)
    claim = graph.get(told.object)
    expected = ("Claim", "All three sailors will be returned to Norway within days", True)
    assert (claim.type, claim.name, told.asserted) == expected


@pytest.mark.parametrize(
    ("text", "speaker", "verb", "claim"),
    [
        ("Robin Cook said Parliament may have been misled.", "Robin Cook", "say", "Parliament may have been misled"),
        # a pronoun in the claim is the name it refers to
        ("Tony Blair said his statement had been a fair summary.", "Tony Blair", "say",
         "Tony Blair’s statement had been a fair summary"),
        # a parenthetical verb of saying reports the clause it interrupts
        ("The deal, Jack Straw said, is done.", "Jack Straw", "say", "The deal is done"),
        # a long clause is cut to its core: who did what
        ("Lord Ashdown said Lord Patten and Baroness Young played no part in writing the report to the committee "
         "on the future of the fleet.", "Ashdown", "say", "Lord Patten and Baroness Young played no part"),
    ],
)
def test_what_a_source_said_is_a_claim_node(text, speaker, verb, claim):
    graph = kg.build(text)
    [fact] = graph.facts(subject=speaker, predicate=verb)
    node = graph.get(fact.object)
    assert (node.type, node.name) == ("Claim", claim)
    assert len(node.name) <= 60 and node.mentions[0].rule == "reported clause"


@pytest.mark.parametrize(
    ("text", "said"),
    [
        # direct quotation: its content is Berg's claim, and the quote is its evidence, not a second fact
        ('Anna Berg said: "Velt will close the mill in Ohio."', None),
        ('"Velt bought the mill in Ohio," Anna Berg said.', None),
        # indirect speech with a few quoted words: the report is the article's account of her claim
        ('Anna Berg said Velt would "close the mill" in Ohio.', "Velt would close the mill in Ohio"),
        ("Velt bought the mill in Ohio, Anna Berg said.", "Velt bought the mill in Ohio"),
        # a quotation that gave no fact of its own keeps its words
        ('Anna Berg said: "It was nice."', "It was nice"),
    ],
)
def test_direct_quotation_is_its_content_not_a_say_fact(text, said):
    graph = kg.build(text)
    berg = graph.entity("Anna Berg")
    claims = [graph.get(f.object).name for f in graph.facts(subject="Anna Berg", predicate="say")]
    assert claims == ([said] if said else [])
    content = [f for f in graph.facts(include_negated=True) if f.attributed_to == berg.id]
    assert len(content) == (0 if said == "It was nice" else 1)


@pytest.mark.parametrize(
    "sentence",
    [
        "Jack Straw, Mr Straw to his staff, met Iwaya.",          # an honorific object: "Straw - be - Mr"
        "Others include the Glazer family.",                     # an unresolved pronoun subject
        "Galloway won 150,000 at the trial.",                    # a bare number object
        "The project ran 1.45bn euros ($1.9bn) over budget.",    # a currency conversion is no "be"
    ],
)
def test_quality_filter_keeps_no_fact_about_a_title_pronoun_or_number(sentence):
    graph = kg.build(sentence)
    for fact in graph.iter_facts():
        for end in (graph.get(fact.subject), graph.get(fact.object)):
            words = end.name.lower().replace(",", "").split()
            assert words not in (["mr"], ["others"], ["150000"], ["$1.9bn"], ["1.9bn"]), (end.name, fact)
            assert not (fact.predicate == "be" and any(w[0].isdigit() or w[0] in "$£" for w in words)), fact


@pytest.mark.parametrize(
    ("text", "dropped"),
    [
        # adjective object: a quoted word or an adjective is no thing
        ('Moss has called the tax rise "unjustified".', ("Moss", "call", "unjustified")),
        # event subject: "it" is the event just told
        ("Velt sold its shares. It follows a similar move by Norland in France.",
         ("Velt", "follow", "similar move by Norland in France")),
        ("Moss left the bank. It marks the end of his time at Velt.", ("Moss", "mark", "end of his time")),
        # fixed adverbial: no relation "continue in" or "look as"
        ("In spite of the charges, Mr Hale continues to lead the bank.", ("Hale", "continue in", "spite of the charges")),
        ("As a result, the firm turned to Norland.", ("firm", "turn as", "result")),
        # a linking verb with an adjective: how the thing looked, no relation "look for"
        ("Velt sold the mill. The sale looked better for the Danes.", ("sale", "look for", "Danes")),
        ("Velt sold the mill. The sale looked better and better for the Danes.", ("sale", "look for", "Danes")),
        # a quantifier or a free relative names no one
        ("At the time, Velt was seen by many as the new Enron. Velt sold the mill.",
         ("many as the new Enron", "see", "Velt")),
        ("Sales were below what rival car makers consider normal levels. Velt sold the mill.",
         ("what rival car makers", "consider", "normal levels")),
        # claim without subject: a piece of a sentence is nothing a source said
        ("Norland signed the pact but never approved it - which some lawyers say might make it hard for Velt "
         "to win its appeal.", ("some lawyers", "say", "which might make it hard for Velt to Norland’s appeal")),
        # verbless headline: the parser read the headline's verb as a noun
        ("Norland bank seals Danish deal\n\nNorland bank has sealed a deal.", ("Norland bank seals", "be", "Danish deal")),
    ],
)
def test_quality_filter_drops_what_names_no_thing_or_no_relation(text, dropped):
    graph = kg.build(text)
    triples = {(graph.get(f.subject).name, f.predicate, graph.get(f.object).name) for f in graph.iter_facts()}
    assert dropped not in triples, triples
    assert triples, "the sentence's other facts stay"


@pytest.mark.parametrize(
    ("text", "kept", "dropped"),
    [
        # counted group: "the three" stands for the list of three names just read, each of them
        ("Police charged Anna Berg, Tom Hale and Ravi Nair. The three were held in a city jail.",
         {("Anna Berg", "be hold in", "city jail"), ("Ravi Nair", "be hold in", "city jail")}, "the three"),
        # ... two sentences back, and inside a source's words too
        ("Anna Berg, from Leeds, and Tom Hale, Ravi Nair and Omar Sayed, from York, have been held for two years. "
         "They were detained in a camp. The minister said the army had agreed to free the four.",
         {("army", "free", "Anna Berg"), ("army", "free", "Omar Sayed")}, "the four"),
        # no list of as many names: the group names no one, and no fact is about "the 12"
        ("Judges ruled that the 12 were being held unlawfully.", set(), "the 12"),
        ("The nine now charged worked as suppliers to Velt.", set(), "the nine"),
        # a list of another size is not what it counts
        ("Police charged Anna Berg and Tom Hale. The three were held in a city jail.", set(), "the three"),
        # listed names: "they" is each of them
        ("Anna Berg, from Leeds, and Tom Hale, from York, were held. They were detained in a desert camp.",
         {("Anna Berg", "be detain in", "desert camp"), ("Tom Hale", "be detain in", "desert camp")}, "They"),
    ],
)
def test_a_counted_group_or_a_plural_pronoun_stands_for_the_names_listed(text, kept, dropped):
    graph = kg.build(text)
    triples = {(graph.get(f.subject).name, f.predicate, graph.get(f.object).name) for f in graph.iter_facts()}
    assert kept <= triples, triples
    assert not any(dropped.lower() in (s.lower(), o.lower()) for s, _, o in triples), triples


@pytest.mark.parametrize(
    ("text", "triple", "kept"),
    [
        # unasserted between concepts: a source's words about two phrases stay in its claim
        ("Blair said the answer was a summary of the advice.", ("answer", "be", "summary of the advice"), False),
        ("Blair said the answer may need more time and care.", ("answer", "need", "more time"), False),
        # one named end: the claim about it is kept, as the source's claim
        ("Blair said Goldsmith approved the answer.", ("Goldsmith", "approve", "answer"), True),
        # asserted by the article: kept
        ("The answer was a summary of the advice.", ("answer", "be", "summary of the advice"), True),
    ],
)
def test_no_unasserted_fact_between_two_concepts(text, triple, kept):
    graph = kg.build(text)
    names = {(graph.get(f.subject).name, f.predicate, graph.get(f.object).name) for f in graph.iter_facts()}
    assert (triple in names) == kept, names


def test_role_of_a_possessive_pronoun_is_held_in_what_it_refers_to():
    graph = kg.build(
        "Group Menatep sued Russia. Group Menatep is a company. Its Paris lawyer, Emmanuel Gaillard, said so."
    )
    assert ("Emmanuel Gaillard", "be paris lawyer of", "Group Menatep") in _triples(graph)
    # Unresolved, "its" names nothing: no role "of" it, and the person keeps the role.
    graph = kg.build("Its Paris lawyer, Emmanuel Gaillard, spoke.")
    assert not list(graph.iter_facts())
    assert ("role", "Paris lawyer") in graph.entity("Emmanuel Gaillard").attributes


def test_quoted_sentence_is_its_speakers_claim_wherever_the_speaker_is_named(nlp):
    props = propositions(nlp('Mates added: "This is bad." "The government must publish the advice."'))
    [prop] = _found(props, "The government", "publish", "the advice")
    assert (prop.assertion, prop.modality, prop.attributed_to.text) == ("claimed", "must", "Mates")


@pytest.mark.parametrize(
    ("sentence", "triple"),
    [
        # object control: the one asked does it
        ("Ishiba asked Washington to explain the risks.", ("Washington", "explain", "the risks")),
        ("The firm retained a bank to act as its adviser.", ("a bank", "act as", "its adviser")),
        # any other verb: the infinitive says what the subject did it for
        ("Velt used a chain of shell companies to hide its profits.", ("Velt", "hide", "its profits")),
        # the one asked is the object of the asking, however the parser hangs the infinitive
        ("The party challenged Kilroy-Silk to stand down as an MEP.", ("The party", "challenge", "Kilroy Silk")),
    ],
)
def test_control_by_the_object_only_for_verbs_of_asking_and_letting(nlp, sentence, triple):
    props = propositions(nlp(sentence))
    assert _found(props, *triple), [(p.subject and p.subject.text, p.predicate, p.object and p.object.text)
                                    for p in props]


@pytest.mark.parametrize(
    ("sentence", "found", "not_found"),
    [
        # perceived participle: the one shown does what the participle says
        ("The film showed Mr Hale, apparently talking about the budget.", ("Mr Hale", "talk about", "the budget"),
         ("The film", "talk about", "the budget")),
        # reduced passive: a participle with a by-agent is passive, however the tagger reads it
        ("Mr Moss, asked about the deal by reporters, said it was fair.", ("reporters", "ask", "Mr Moss"),
         ("Mr Moss", "ask about", "the deal")),
        # subject control: the infinitive is the deed, the main verb takes no preposition of its own
        ("In the spring elections, the party failed to gain enough votes for a seat.",
         ("the party", "gain", "enough votes"), ("the party", "fail in", "the spring elections")),
        # ... but the one asked through a preposition stays the object of the asking
        ("A group of five MPs has called on the minister to block the takeover.",
         ("A group of five MPs", "call on", "the minister"), None),
        # existential: "there was" shares no subject with the clause before
        ("Moss said the tax was fair and there was no reason to change it.", ("the tax", "be", "fair"),
         ("the tax", "be", "no reason")),
        # located antecedent: the relative clause after "N in PLACE," is about N
        ("Velt owns the Black Hill mine in Western Norland, which contains a third of the world's tin.",
         ("the Black Hill mine in Western Norland", "contain", "a third of the world's tin"),
         ("Western Norland", "contain", "a third of the world's tin")),
    ],
)
def test_who_does_a_participle_or_infinitive(nlp, sentence, found, not_found):
    props = propositions(nlp(sentence))
    read = [(p.subject and p.subject.text, p.predicate, p.object and p.object.text) for p in props]
    assert _found(props, *found), read
    assert not_found is None or not _found(props, *not_found), read


def test_quote_is_attributed_to_its_speaker(nlp):
    props = propositions(nlp("\u201cThe alliance is stronger than ever,\u201d said Blinken."))
    [prop] = _found(props, "The alliance", "be", "stronger than ever")
    assert prop.attributed_to is not None and prop.attributed_to.text == "Blinken"


def test_reported_clause_is_attributed_and_kept_whole_for_open_ie(nlp):
    props = propositions(nlp("Blinken said that Biden blocked the merger."))
    [block] = _found(props, "Biden", "block", "the merger")
    assert block.attributed_to.text == "Blinken"
    assert ("said that", ["Blinken", "Biden blocked the merger"]) in [p.carb() for p in props]


def test_open_ie_keeps_the_passive_surface_and_the_time(nlp):
    props = open_ie(nlp("Antony Blinken was replaced by Marco Rubio on Monday."))
    assert ("was replaced by", ["Antony Blinken", "Marco Rubio", "on Monday"]) in [p.carb() for p in props]


def test_confidence_ranks_a_clean_clause_above_a_possessive(nlp):
    props = propositions(nlp("Japan's Nippon Steel bought a mill."))
    [buy] = _found(props, "Japan's Nippon Steel", "buy", "a mill")
    [have] = _found(props, "Japan", "have", "Nippon Steel")
    assert 0.0 < have.confidence < buy.confidence < 1.0


@pytest.mark.xfail(strict=True, reason="the small parser attaches 'in a court' to 'appeal', not to 'filed'; "
                   "the rule itself is pinned on a hand-built parse in test_extract_rules")
def test_prepositional_argument_of_a_verb_with_an_object(nlp):
    props = propositions(nlp("The two groups filed an appeal in a United States court."))
    [prop] = _found(props, "The two groups", "file", "an appeal")
    assert [a.carb_text for a in prop.extra] == ["in a United States court"]


def test_verb_noun_idiom_joins_the_relation(nlp):
    props = propositions(nlp("The meeting took place in Tokyo."))
    [prop] = _found(props, "The meeting", "happen in", "Tokyo")
    assert prop.carb() == ("took place in", ["The meeting", "Tokyo"])


def test_event_noun_in_a_prepositional_phrase_names_its_own_relation(nlp):
    text = "\u201cWe will continue,\u201d added Blinken, at the start of a working lunch with Takeshi Iwaya."
    props = propositions(nlp(text))
    [prop] = _found(props, "Blinken", "meet", "Takeshi Iwaya")
    assert prop.relation == "lunch with"


# ---------------------------------------------------------------------- the seed article
@pytest.mark.parametrize(
    ("subject", "predicate", "object_words"),
    [
        ("Antony Blinken", "meet", ("Takeshi Iwaya",)),
        ("Joe Biden", "block", ("acquisition", "US Steel")),
        ("Marco Rubio", "replace", ("Antony Blinken",)),
        ("Nippon Steel", "challenge", ("Biden", "decision")),
    ],
)
def test_seed_article_facts(seed_graph, subject, predicate, object_words):
    facts = seed_graph.facts(subject=subject, predicate=predicate, include_negated=True)
    objects = [seed_graph.get(f.object).name for f in facts]
    assert any(all(w in o for w in object_words) for o in objects), objects
