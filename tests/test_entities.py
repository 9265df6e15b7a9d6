"""Entities: one node per real-world thing, with titles, aliases, types and the rule behind every mention."""
from __future__ import annotations

import re

import pytest

from kg import Document, Entity
from kg.cli import main
from kg.extract import extract

from .conftest import carrying

SEED_PEOPLE = ["Antony Blinken", "Joe Biden", "Takeshi Iwaya", "Marco Rubio", "Donald Trump", "Shigeru Ishiba"]
SEED_OTHERS = ["Nippon Steel", "US Steel", "Japan", "United States", "North Korea"]
PRONOUNS = {"he", "she", "it", "they", "him", "her", "his", "its", "their", "them", "we", "i", "you"}


# ---------------------------------------------------------------- the seed article
@pytest.mark.parametrize("name", SEED_PEOPLE + SEED_OTHERS)
def test_seed_has_exactly_one_node_per_entity(seed, name):
    assert len([e for e in seed.entities() if name in e.names]) == 1


@pytest.mark.parametrize("name", ["Blinken", "Biden", "Iwaya", "Nippon Steel", "US Steel", "US"])
def test_no_two_nodes_carry_the_same_name(seed, name):
    assert len(carrying(seed, name)) == 1


@pytest.mark.parametrize(("name", "kind"), [(n, "Person") for n in SEED_PEOPLE] + [("Nippon Steel", "Organization"), ("US Steel", "Organization")])
def test_seed_types_come_from_all_mentions(seed, name, kind):
    assert seed.entity(name).type == kind


@pytest.mark.parametrize("words", ["The diplomat", "he hopes", "said the Secretary of State"])
def test_facts_read_from_descriptions_and_pronouns_attach_to_blinken(seed, words):
    facts = [f for f in seed.iter_facts() if any(words in e.sentence for e in f.evidence)]
    assert facts, words
    blinken = seed.entity("Antony Blinken").id
    assert any(blinken in (f.subject, f.object) for f in facts)


def test_the_diplomat_and_the_secretary_of_state_are_mentions_of_blinken(seed):
    rules = {m.text: m.rule for m in seed.entity("Antony Blinken").mentions}
    assert rules["diplomat"].startswith("description")
    assert rules["Secretary of State"].startswith("description")
    assert rules["he"].startswith("pronoun")


def test_no_node_is_a_bare_pronoun(seed):
    for e in seed.entities():
        assert e.name.lower() not in PRONOUNS
        assert not re.match(r"(his|her|its|their)\b", e.name, re.I), e.name


def test_titles_and_roles_are_attributes_not_names(seed):
    assert ("title", "President-elect") in seed.entity("Donald Trump").attributes
    assert ("role", "Prime Minister of Japan") in seed.entity("Shigeru Ishiba").attributes
    assert ("role", "head of North American diplomacy") in seed.entity("Antony Blinken").attributes


def test_descriptors_are_kept_on_the_organisation(seed):
    assert ("description", "Japanese company") in seed.entity("Nippon Steel").attributes
    assert ("description", "North American company") in seed.entity("US Steel").attributes
    assert ("possessor", "Japan") in seed.entity("Nippon Steel").attributes  # "Japan's Nippon Steel"


def test_country_aliases_join_the_country(seed):
    us = seed.entity("United States")
    # Its names, and "US" inside "US Steel" (a mention only: US Steel stays its own node).
    assert "US" in us.aliases and {m.rule for m in us.mentions} == {"ner", "alias", "place in a name"}
    assert seed.entity("US Steel").name == "US Steel"


def test_washington_stays_the_city_and_records_the_metonymy(seed):
    washington = seed.entity("Washington")
    assert washington.type == "Place" and washington.id != seed.entity("United States").id
    assert ("metonym for", "United States") in washington.attributes


def test_every_mention_points_at_its_text(seed, seed_text):
    for e in seed.entities():
        for m in e.mentions:
            assert seed_text[m.start : m.end] == m.text, (e.name, m)


# ---------------------------------------------------------------- rules on short texts
def _entities(nlp, text: str) -> dict[str, Entity]:
    return {e.name: e for e in extract(nlp(text), Document("t", text)).entities}


def test_honorific_is_stripped_into_an_attribute_and_gives_the_gender(nlp):
    found = _entities(nlp, "Mr Blair met Gordon Brown. Mr Blair said the talks went well.")
    blair = found["Blair"]
    assert blair.type == "Person"
    assert ("honorific", "Mr") in blair.attributes and ("gender", "male") in blair.attributes


@pytest.mark.parametrize(("text", "name", "honorific", "gender"), [
    # the tagger's PERSON span holds the honorific: it counts once, as an honorific, with its gender
    ("Chris Baker met Mrs Lindqvist on Monday.", "Lindqvist", "Mrs", "female"),
    ("Alex Moss thanked Lady Guo.", "Guo", "Lady", "female"),
    ("Mrs Ann Lee spoke on Friday.", "Ann Lee", "Mrs", "female"),
    ("Chris Baker met Mr Lindqvist on Monday.", "Lindqvist", "Mr", "male"),
])
def test_an_honorific_inside_the_tagged_name_gives_the_gender(nlp, text, name, honorific, gender):
    entity = _entities(nlp, text)[name]
    assert ("honorific", honorific) in entity.attributes and ("gender", gender) in entity.attributes


def test_acronym_in_brackets_is_an_alias(nlp):
    found = _entities(nlp, "The Organisation for Economic Co-operation and Development (OECD) cut its forecast. The OECD said growth would slow.")
    [oecd] = [e for e in found.values() if "OECD" in e.names]
    assert oecd.name.startswith("Organisation for Economic") and {m.rule for m in oecd.mentions} >= {"acronym"}


def test_party_names_join_their_canonical_name(nlp):
    found = _entities(nlp, "The Conservative Party won the seat. The Tories said the result was clear.")
    assert "Conservative Party" in found and not any("Tories" == n for n in found)


def test_person_named_only_by_surname_and_tagged_otherwise_is_still_a_person(nlp):
    # en_core_web_sm tags this "Iwaya" ORG; the full name and the pronoun make him a person.
    found = _entities(nlp, "Takeshi Iwaya met officials. Iwaya reiterated that he wanted closer ties.")
    assert found["Takeshi Iwaya"].type == "Person"
    rules = [m.rule for m in found["Takeshi Iwaya"].mentions][1:]
    assert rules[0] == "surname" and rules[1].startswith("pronoun: ranked first")


# ---------------------------------------------------------------- CLI
def test_cli_lists_entities_and_explains_a_merge(tmp_path, seed_path, capsys):
    out = tmp_path / "out"
    assert main(["build", str(seed_path), "--out", str(out)]) == 0
    capsys.readouterr()
    assert main(["entities", str(out / "graph.json"), "--type", "Person"]) == 0
    listing = capsys.readouterr().out
    assert "Antony Blinken" in listing and "Japan" not in listing
    assert main(["entities", str(out / "graph.ttl"), "--explain", "Blinken"]) == 0
    text = capsys.readouterr().out
    assert "'The diplomat': description" in text or "'diplomat': description" in text
    assert "'Blinken': surname" in text


def test_cli_explain_of_an_unknown_name_is_a_clean_error(tmp_path, seed_path, capsys):
    out = tmp_path / "out"
    assert main(["build", str(seed_path), "--out", str(out)]) == 0
    assert main(["entities", str(out / "graph.json"), "--explain", "Nobody Atall"]) == 1
    assert "Error: no entity is called 'Nobody Atall'" in capsys.readouterr().err


def test_first_name_joins_the_only_person_who_has_it_but_not_after_a_title(nlp):
    found = _entities(nlp, "Jim Callaghan was born in 1912. While Jim rose to the top, he kept his roots.")
    assert [m.rule for m in found["Jim Callaghan"].mentions if m.text == "Jim"] == ["first name"]
    found = _entities(nlp, "Howard Flight was sacked. Mr Howard said the party's rules were clear.")
    assert "Howard" in found and found["Howard"].type == "Person"
    assert all(m.text != "Howard" for m in found["Howard Flight"].mentions)


def test_a_list_after_a_name_is_not_an_apposition(nlp):
    found = _entities(nlp, "GM is reducing costs by building Saabs, Opels and Vauxhalls in one plant.")
    assert not any(m.rule == "apposition" for e in found.values() for m in e.mentions)


def test_a_capital_only_named_is_not_a_metonym(nlp):
    found = _entities(nlp, "Antony Blinken flew to Washington on Monday.")
    assert found["Washington"].attributes == ()


@pytest.mark.parametrize(
    ("text", "full"),
    [
        # A family name written first: "Mr Kim" is Kim Yungmin of the same article, not another Kim.
        ("Kim Yungmin is an analyst at a bank in Seoul. Mr Kim said the talks would go on.", "Kim Yungmin"),
        # A generational suffix is not the surname.
        ("Charles Evans Jr sued the studio in 2001. Mr Evans said he had the idea first.", "Charles Evans Jr"),
    ],
)
def test_an_honorific_surname_finds_the_full_name_in_its_own_article(nlp, text, full):
    found = _entities(nlp, text)
    assert any(m.rule.startswith("surname") for m in found[full].mentions)


@pytest.mark.parametrize(
    ("text", "full", "short"),
    [
        # The first or the last word of an organisation's name.
        ("Amnesty International criticised the law. Amnesty said it was unjust.", "Amnesty International", "Amnesty"),
        ("Group Menatep owns 51% of the firm. Menatep said it would sue.", "Group Menatep", "Menatep"),
        # Each word shortened, in a headline before the article names it in full.
        ("Man Utd shares rise\n\nManchester United's shares rose on Monday.", "Manchester United", "Man Utd"),
        # A plural: the cars of a marque.
        ("GM builds Vauxhalls in Luton. Vauxhall said sales rose.", "Vauxhall", "Vauxhalls"),
        # A country's name for its adjective.
        ("The European Commission set the budget. The EU Commission said it was final.", "European Commission", "EU Commission"),
    ],
)
def test_a_short_form_of_a_name_joins_the_full_name(nlp, text, full, short):
    found = _entities(nlp, text)
    assert short not in found and short in found[full].aliases
    assert any(m.rule == "short form" and m.text == short for m in found[full].mentions)


@pytest.mark.parametrize(
    ("text", "full", "fact"),
    [
        # A description after the short form is the full name's: before the join it pointed at the short form's node.
        (
            "Norland Copper Mining Co. said it was delaying a share sale. Norland, the region's largest copper "
            "producer, said demand was weak. The firm offered 3bn yuan for the mine.",
            "Norland Copper Mining Co.",
            ("offer", "3bn yuan"),
        ),
        (
            "Vellmar Steel Corp said it would cut jobs. Vellmar, the country's biggest steel maker, said prices "
            "were falling. The company closed its plant.",
            "Vellmar Steel Corp",
            ("say", "prices were falling"),
        ),
    ],
)
def test_what_refers_to_a_short_form_refers_to_the_full_name(nlp, text, full, fact):
    extraction = extract(nlp(text), Document("t", text))
    by_id = {e.id: e for e in extraction.entities}
    assert {f.subject for f in extraction.facts} | {f.object for f in extraction.facts} <= set(by_id)
    found = {(by_id[f.subject].name, f.predicate, by_id[f.object].name) for f in extraction.facts}
    assert (full, *fact) in found


@pytest.mark.parametrize(
    ("text", "short"),
    [
        # A country is no short form of a bank named after it.
        ("Korea First Bank was sold. Korea said the sale was fair.", "Korea"),
        # A place of its own in a coordinated name.
        ("Oona King is MP for Bethnal Green and Bow. She lives in Bow.", "Bow"),
        # A city is no short form of its club.
        ("Manchester United won the cup. Fans celebrated in Manchester.", "Manchester"),
        # A local association is no party.
        ("Peter Mayhew, agent for Bexhill and Rye Tories, spoke.", "Bexhill and Rye Tories"),
    ],
)
def test_a_name_inside_another_name_stays_apart(nlp, text, short):
    assert short in _entities(nlp, text)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Conservative peer Lord Heseltine said he was a good man.", "Conservative Party"),
        ("Tory MP Michael Mates said the advice was clear.", "Conservative Party"),
        ("Liberal Democrat leader Jane Holt spoke first.", "Liberal Democrats"),
    ],
)
def test_a_party_adjective_names_the_party(nlp, text, name):
    found = _entities(nlp, text)
    assert found[name].type == "Organization"


def test_the_owner_of_a_firm_names_the_firm(nlp):
    # "Secretary of State" is a title; "the majority owner of oil firm Yukos" is no title of Yukos.
    text = "The former owner of struggling oil firm Yukos has written to the court. Yukos shares fell."
    found = _entities(nlp, text)
    assert len([m for m in found["Yukos"].mentions if m.text == "Yukos"]) == 2


def test_a_title_ends_an_untagged_name(nlp):
    text = "Tony Lloyd, the Manchester Central MP, said the bid was wrong."
    found = _entities(nlp, text)
    assert any(m.rule == "apposition" and m.text == "Manchester Central MP" for m in found["Tony Lloyd"].mentions)


@pytest.mark.parametrize(
    ("text", "person", "role"),
    [
        ("French boss to leave Airbus\n\nThe French co-head of Airbus, Philippe Camus, is to leave his post.",
         "Philippe Camus", "French boss"),
        # The people the headline names are the other parties of its clause.
        ("Brown says mayor should resign\n\nGordon Brown has urged Leeds mayor Paul Denton to resign.",
         "Paul Denton", "mayor"),
        ("Labour rules out return of axed MP\n\nSacked MP Alan Crowther will not be the party's candidate.",
         "Alan Crowther", "axed MP"),
    ],
)
def test_a_headline_role_is_the_person_the_lead_names(nlp, text, person, role):
    found = _entities(nlp, text)
    assert any(m.rule == "headline role" and m.text == role for m in found[person].mentions)


def test_a_headline_role_without_a_person_in_the_lead_stays_unlinked(nlp):
    text = "Steel boss quits\n\nShares in Acme Steel fell on Monday. The company said profits were down."
    assert not any(m.rule == "headline role" for e in _entities(nlp, text).values() for m in e.mentions)


@pytest.mark.parametrize(
    ("text", "organization", "person"),
    [
        ("The Belgian co-head of engineering group Norland Philippe Moreau is to leave the company. Norland makes "
         "turbines.", "Norland", "Philippe Moreau"),
    ],
)
def test_a_person_named_after_an_organisation_in_one_span_is_a_person(nlp, text, organization, person):
    found = _entities(nlp, text)
    assert found[person].type == "Person" and found[organization].type == "Organization"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("A UKIP MEP suggested the plan was wrong. UKIP said it agreed.", "UKIP MEP"),
        ("UKIP MEP attacked 'reckless' plan\n\nTom Harlow, UKIP's deputy leader, gave the speech.", "UKIP MEP"),
        ("London UKIP MEP Gerard Batten said the party would win.", "London UKIP"),
        ("Gerard Batten of London UKIP said the party would win.", "London UKIP"),
    ],
)
def test_a_role_noun_is_no_part_of_an_organisation_name(nlp, text, name):
    found = _entities(nlp, text)
    assert not [e for e in found.values() if name in e.names and e.type == "Organization"]


@pytest.mark.parametrize(
    ("text", "name", "linked"),
    [
        ("Manchester United's directors will meet Peter Vance. Mr Vance made a bid "
         "for the football club in May. In a short note, the club said it would give him a hearing.",
         "Manchester United", True),
        # Two organisations in reach: the description may be either.
        ("Manchester United's board met Arsenal's owners. Mr Vance spoke to both. In a short note, the club said "
         "it would give him a hearing.", "Manchester United", False),
    ],
)
def test_a_bare_organisation_noun_joins_the_only_organisation_in_reach(nlp, text, name, linked):
    found = _entities(nlp, text)
    rules = [m.rule for m in found[name].mentions if m.text == "club"]
    assert ("description: the only organisation in reach" in rules) == linked


@pytest.mark.parametrize(
    ("text", "name", "title"),
    [
        # Tagged ORG with its letters: a first name and a post-nominal make a person.
        ("The book was written by Daniel Webb QC, a member of the bar. He says the law was broken.",
         "Daniel Webb", "QC"),
        ("Jane Holt MP said the plan was wrong. Ms Holt spoke in Leeds.", "Jane Holt", "MP"),
        # Untagged or tagged, the letters of an honour end no name: the full name joins the short one.
        ("Lena Holt\nDame Lena Mary Holt DBE RA (born 1950) is a British painter. Holt studied in Leeds.",
         "Lena Mary Holt", "RA"),
        # A saint's title before a person's name is a title, like a king's.
        ("Alcuin was a scholar. Later he was known as Saint Alcuin.", "Alcuin", "Saint"),
    ],
)
def test_titles_around_a_name_are_attributes_of_one_person(nlp, text, name, title):
    found = _entities(nlp, text)
    people = [e for e in found.values() if e.type == "Person"]
    assert [e.name for e in people] == [name] and ("title", title) in people[0].attributes
    assert not [e for e in found.values() if title in e.name.split()]


@pytest.mark.parametrize(
    ("text", "place", "inside"),
    [
        ("Lena Moss grew up in Ohio. She later studied at the University of Ohio.", "Ohio", ["University of Ohio"]),
        ("Marta Quist grew up in Denver. She later played for the Denver Hawks and taught at Denver University.",
         "Denver", ["Denver Hawks", "Denver University"]),
        # No place named on its own: the name inside is no mention of anything.
        ("Marta Quist played for the Denver Hawks.", None, []),
    ],
)
def test_a_place_named_on_its_own_is_mentioned_inside_other_names(nlp, text, place, inside):
    found = _entities(nlp, text)
    nested = sorted((m.start, e.name) for e in found.values() for m in e.mentions if m.rule == "place in a name")
    # The place's mention is where it opens or ends the other name, and the other name stays whole.
    expected = sorted((text.index(name) + name.index(place), place) for name in inside)
    assert nested == expected
    assert all(name in found for name in inside)


@pytest.mark.parametrize(
    ("text", "name", "kind", "rule"),
    [
        # A country opening an event's name is a place of its own.
        ("She resigned from the cabinet over the Iraq war.", "Iraq", "Place", "country in an event's name"),
        # Untagged, but only a place has constituencies and seats.
        ("Elected for a Caerleon constituency in 1945, he later represented Caerleon seats for decades.",
         "Caerleon", "Place", "ner"),
    ],
)
def test_a_place_named_inside_another_phrase_is_a_place(nlp, text, name, kind, rule):
    found = _entities(nlp, text)
    assert found[name].type == kind and {m.rule for m in found[name].mentions} == {rule}


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        # A descriptor before the name outvotes the tagger's PERSON, and a first name's gender.
        ("Civil rights group Liberty said it was delighted. It took up the case of six men.",
         "Liberty", "Organization"),
        ("A note from investment firm Hunter Lowe said the offer was too low. Hunter Lowe valued the stock.",
         "Hunter Lowe", "Organization"),
        ("The former owner of embattled oil firm Yukos has sued the state. Yukos said its shares fell.",
         "Yukos", "Organization"),
        # The descriptor must end the title: a group's chief is a person.
        ("Rights group chief Ann Lee said she was delighted.", "Ann Lee", "Person"),
        # An organisation's word ends the name: tagged PERSON, but not starting with a first name.
        ("The Law Lords ruled against the government on Thursday.", "Law Lords", "Organization"),
        ("Margaret Court won the title in 1970.", "Margaret Court", "Person"),
    ],
)
def test_the_words_around_a_name_outvote_the_tagger(nlp, text, name, kind):
    assert _entities(nlp, text)[name].type == kind


def test_it_after_an_organisation_described_by_its_kind_is_that_organisation(nlp):
    text = "Civil rights group Liberty said it was delighted. It took up the case of six men."
    liberty = _entities(nlp, text)["Liberty"]
    assert [m.rule for m in liberty.mentions if m.text == "It"] == ["pronoun: nearest subject"]


@pytest.mark.parametrize(
    ("text", "name", "noun", "kind"),
    [
        # The name ends at a dash set off by spaces; the noun it names is a mention of it and votes for its type.
        ("He is founding a new regional party called Nova - Latin for new. Ann Bell said she would miss him.",
         "Nova", "new regional party", "Organization"),
        ("A group called Acme Holdings bought the site.", "Acme Holdings", "group", "Organization"),
    ],
)
def test_a_noun_called_by_a_name_is_that_name(nlp, text, name, noun, kind):
    found = _entities(nlp, text)
    assert found[name].type == kind and ("description", noun) in found[name].attributes
    assert any(m.rule == "naming: called" and m.text == noun for m in found[name].mentions)
    assert not any(m.text == "him" for m in found[name].mentions)


@pytest.mark.parametrize(
    ("text", "full", "short", "rule"),
    [
        # Several people share the surname: the one the text named first keeps it, not whoever was named last.
        ("Oskar Brandt was a German painter. His father was Karl Brandt. Oskar later moved to Paris. "
         "In Paris Brandt painted the river.", "Oskar Brandt", "Brandt", "surname (named first)"),
        # Unless another was named in full in this sentence or the one before.
        ("Oskar Brandt was a German painter. His father, Karl Brandt, was a baker in Kassel. "
         "Brandt sold bread.", "Karl Brandt", "Brandt", "surname (named just before)"),
        # A family name written first, and then last: the same two words.
        ("Tanaka Hiroshi is a writer from Osaka. Hiroshi Tanaka won a prize in 2003.", "Tanaka Hiroshi",
         "Hiroshi Tanaka", "name in the other order"),
        # An organisation's name without the place that opens it.
        ("Ryan Cole joined the Chicago Fire Department in 2010. The Fire Department promoted him.",
         "Chicago Fire Department", "Fire Department", "short form"),
    ],
)
def test_the_forms_of_a_name_join_the_right_entity(nlp, text, full, short, rule):
    found = _entities(nlp, text)
    assert short not in found or short == full
    assert rule in [m.rule for m in found[full].mentions if m.text == short]



@pytest.mark.parametrize(
    ("text", "person", "linked", "unlinked"),
    [
        # An interview: "you" in its questions and "I", "my" in its answers are the one interviewed.
        ("Wikinews interviews painter Lena Vogt\nLena Vogt paints large canvases of the sea.\n"
         "What made you start painting?\nI grew up by the sea, and my mother painted too.\n",
         "Lena Vogt", ["you", "I", "my"], []),
        # No question to "you": a text in the first person is no interview.
        ("Lena Vogt paints large canvases of the sea.\nI met her in March, and my friend bought a picture.\n",
         "Lena Vogt", [], ["I", "my"]),
    ],
)
def test_interview_turns_are_the_one_interviewed(nlp, text, person, linked, unlinked):
    found = _entities(nlp, text)
    texts = {m.text: m.rule for m in found[person].mentions}
    assert all(texts.get(w, "").startswith("interview:") for w in linked)
    assert not any(w in texts for w in unlinked)
