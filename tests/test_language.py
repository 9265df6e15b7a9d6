"""Language check: English passes, other languages and scripts are named, short or unclear text is not judged."""
from __future__ import annotations

import pytest

from kg.language import detect_language


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Antony Blinken met Takeshi Iwaya in Tokyo on Tuesday. The two ministers discussed the alliance between Japan "
         "and the United States, despite the decision by President Joe Biden to block the purchase.", "English"),
        ("El secretario de Estado se reunió el martes en Tokio con su homólogo japonés. Los dos ministros hablaron "
         "de la alianza entre Japón y Estados Unidos, a pesar de la decisión del presidente.", "Spanish"),
        ("Il segretario di Stato americano ha incontrato martedì a Tokyo il suo omologo giapponese. I due ministri "
         "hanno discusso dell'alleanza tra il Giappone e gli Stati Uniti, nonostante la decisione del presidente.",
         "Italian"),
        ("Президент России заявил во вторник, что переговоры с Соединенными Штатами будут продолжены в следующем "
         "месяце.", "Cyrillic script"),
        ("日本の岩屋毅外務大臣は火曜日、東京でアントニー・ブリンケン米国務長官と会談した。両氏は日米同盟について話し合った。", "CJK script"),
        # English about Dutch, German and Belgian names: their particles and capitals are no Dutch.
        ("EU leaders back Von der Leyen, Rutte at Den Haag summit. Von der Leyen met Rutte, Schoof, Van der Bellen, "
         "De Croo in Den Haag; Nato chief Rutte met Van Weel. Leaders agreed new Ukraine aid, tariffs deal.", "English"),
        ("De minister-president heeft vandaag in Den Haag met de leiders van de Europese Unie gesproken over de steun "
         "aan Oekraïne en de begroting van de Navo, zei een woordvoerder van het kabinet.", "Dutch"),
        ("Die Bundesregierung hat am Montag in Berlin beschlossen, dass die Hilfe für die Ukraine erhöht wird, sagte "
         "der Sprecher der Regierung nach einer Sitzung des Kabinetts.", "German"),
        # Too short to judge, and a table of names and scores with no stop words in any language.
        ("Blinken met Iwaya.", None),
        ("Arsenal 2 Chelsea 1. Liverpool 3 Everton 0. Manchester United 1 Tottenham Hotspur 1. Newcastle United 0 "
         "Aston Villa 2. Brighton 1 Fulham 1. Wolves 2 Brentford 2.", None),
    ],
)
def test_detect_language(text, expected):
    assert detect_language(text) == expected
