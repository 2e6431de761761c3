"""Only English is summarized; other languages are refused with a clear reason (issue #13)."""
import pytest

import highlights
from highlights.errors import LanguageError
from highlights.read import from_text
from highlights.read.language import language_problem, require_english

from ..conftest import DEV, SHARED, needs_shared

ENGLISH = ("The council voted on Monday to close the old bridge after engineers found deep cracks in two of its "
           "piers. Repairs would cost about $4 million, the mayor said, and traffic will move downstream.")
FRENCH = ("Le conseil municipal a voté lundi la fermeture du vieux pont. Les ingénieurs ont trouvé des fissures "
          "profondes dans deux de ses piles, et les réparations coûteraient environ quatre millions selon le maire.")
GERMAN = ("Der Stadtrat hat am Montag beschlossen, die alte Brücke zu schließen. Die Ingenieure haben tiefe Risse in "
          "zwei der Pfeiler gefunden, und die Reparatur würde nach Angaben des Bürgermeisters vier Millionen kosten.")
ARABIC = "القوات السورية تسيطر على حي الشيخ سعيد في حلب بعد معارك عنيفة مع المعارضة المسلحة يوم الأحد الماضي"
CHINESE = "叙利亚政府军周日控制了阿勒颇东南部的谢赫赛义德街区，数千名平民逃离了该地区，联合国对此表示担忧。"
# A golf preview is mostly names: few function words, still English.
FIELD = ("bubba watson is the defending champion in a field that includes jordan spieth , rickie fowler , phil "
         "mickelson , adam scott , jason day , justin rose , henrik stenson , sergio garcia , dustin johnson , "
         "jimmy walker , patrick reed , hideki matsuyama , louis oosthuizen , martin kaymer , jim furyk .")


@pytest.mark.parametrize("text, problem", [
    (ENGLISH, None), (FIELD, None), ("Bonjour tout le monde.", None),  # too short to tell
    (FRENCH, "French"), (GERMAN, "German"), (ARABIC, "Arabic script"), (CHINESE, "Chinese or Japanese script"),
])
def test_language_is_told_by_script_and_function_words(text, problem):
    assert language_problem(text) == problem


def test_refusal_names_the_language_and_what_is_supported():
    with pytest.raises(LanguageError, match="story.txt: looks like French, not English; .*English text only"):
        require_english(FRENCH, source="story.txt")
    require_english(ENGLISH)


def test_the_pipeline_refuses_other_languages_before_any_bullet():
    for text in (ARABIC, CHINESE, FRENCH):
        with pytest.raises(LanguageError):
            highlights.summarize(text)


# ------------------------------------------------------------------ languages outside the named few (issue #32)

INDONESIAN = ("Pemerintah kota mengumumkan pada hari Senin bahwa jembatan tua di pusat kota akan ditutup untuk "
              "sementara. Para insinyur menemukan retakan yang dalam pada dua tiang penyangga, dan biaya perbaikan "
              "diperkirakan mencapai empat miliar rupiah.\n"
              "Wali kota mengatakan bahwa lalu lintas akan dialihkan ke jalan lain selama pekerjaan berlangsung. Warga "
              "yang tinggal di dekat sungai diminta untuk tetap tenang dan mengikuti petunjuk dari petugas. Menurut "
              "dinas perhubungan, jembatan itu dibangun pada tahun 1975 dan belum pernah diperbaiki secara menyeluruh.")
TURKISH = ("Belediye pazartesi günü şehir merkezindeki eski köprünün geçici olarak kapatılacağını açıkladı. Mühendisler "
           "iki ayakta derin çatlaklar buldu ve onarımın maliyetinin dört milyon lirayı bulacağı tahmin ediliyor. "
           "Belediye başkanı, çalışmalar sürerken trafiğin başka yollara yönlendirileceğini söyledi. Nehir kenarında "
           "yaşayan vatandaşlardan sakin olmaları ve yetkililerin uyarılarına uymaları istendi. Ulaştırma müdürlüğüne "
           "göre köprü 1975 yılında yapıldı ve o zamandan beri hiç büyük bir onarım görmedi.")
SWAHILI = ("Serikali ya jiji ilitangaza siku ya Jumatatu kwamba daraja la zamani katikati ya mji litafungwa kwa muda. "
           "Wahandisi waligundua nyufa kubwa katika nguzo mbili, na gharama ya matengenezo inakadiriwa kufikia shilingi "
           "milioni nne. Meya alisema kwamba magari yatapitishwa kwenye barabara nyingine wakati kazi ikiendelea. "
           "Wakazi wanaoishi karibu na mto waliombwa kuwa watulivu na kufuata maelekezo ya maafisa.")
POLISH = ("Władze miasta ogłosiły w poniedziałek, że stary most w centrum zostanie tymczasowo zamknięty. Inżynierowie "
          "znaleźli głębokie pęknięcia w dwóch filarach, a koszt naprawy może sięgnąć czterech milionów złotych. "
          "Burmistrz powiedział, że ruch zostanie skierowany na inne drogi na czas prac. Mieszkańców domów nad rzeką "
          "poproszono o zachowanie spokoju i stosowanie się do poleceń służb. Według wydziału transportu most "
          "zbudowano w 1975 roku i od tego czasu nie był gruntownie remontowany. Codziennie przejeżdżają przez niego "
          "tysiące samochodów, a w godzinach szczytu tworzą się na nim długie korki.")
SWEDISH = ("Kommunen meddelade på måndagen att den gamla bron i centrum stängs tills vidare. Ingenjörerna hittade djupa "
           "sprickor i två av pelarna, och reparationen kan kosta fyra miljoner kronor enligt kommunalrådet. Trafiken "
           "leds om till andra vägar medan arbetet pågår. De som bor nära älven uppmanas att hålla sig lugna och följa "
           "myndigheternas råd. Enligt trafikkontoret byggdes bron år 1975 och den har aldrig renoverats ordentligt "
           "sedan dess. Bron är den kortaste vägen mellan stadens två delar för tusentals bilar varje dag.")
TAGALOG = ("Inanunsyo ng pamahalaang lungsod noong Lunes na isasara ang lumang tulay sa gitna ng lungsod. Nakakita ang "
           "mga inhinyero ng malalalim na bitak sa dalawang haligi, at aabot sa apat na milyong piso ang gastos sa "
           "pagkukumpuni. Sinabi ng alkalde na ililipat ang trapiko sa ibang daan habang ginagawa ang tulay. "
           "Pinakiusapan ang mga residente na nakatira malapit sa ilog na manatiling kalmado at sundin ang mga opisyal.")
# A page in another language in an English frame: menus, share buttons and a cookie notice.
FRAMED = ("Home\nNews | Sport | Business | Travel | Contact us\nShare this article on Facebook\nFollow us on Twitter\n"
          "We use cookies to give you the best experience on our website and to show you relevant ads.\n"
          + INDONESIAN + "\nSejumlah pedagang di pasar dekat jembatan mengeluhkan penutupan itu karena pembeli dari "
          "seberang sungai harus memutar lebih jauh. Pemerintah berjanji akan menyediakan perahu penyeberangan gratis "
          "bagi warga selama masa perbaikan, yang diperkirakan berlangsung sekitar enam bulan.\n"
          "Read more\nAll rights reserved. Terms of use | Privacy policy")

# English that has few function words: not another language.
PRICES = ("Pink top, £125, shop.example.com\nFloral print skirt, £109, store.example.co.uk\nLeather sandals, £89, "
          "shop.example.com\nStraw bag, £45, store.example.co.uk\nGold earrings, £30, shop.example.com\nLinen "
          "trousers, £79, shop.example.com\nCanvas shoes, £55, store.example.co.uk")
SPECS = ("Network Technology GSM / HSPA / LTE\nLaunch Announced 2014, February\nBody Dimensions 142 x 72.5 x 8.1 mm\n"
         "Weight 145 g\nDisplay Type Super AMOLED capacitive touchscreen, 16M colors\nSize 5.1 inches\nResolution "
         "1080 x 1920 pixels\nMemory Card slot microSD, up to 128 GB\nCamera Primary 16 MP, autofocus, LED flash\n"
         "Battery Non-removable Li-Ion 2800 mAh battery")
NAMES = ("Rory McIlroy, Jordan Spieth, Rickie Fowler, Phil Mickelson, Adam Scott, Jason Day, Justin Rose, Henrik "
         "Stenson, Sergio Garcia, Dustin Johnson, Jimmy Walker, Patrick Reed, Hideki Matsuyama, Louis Oosthuizen, "
         "Martin Kaymer, Jim Furyk, Bubba Watson, Zach Johnson, Keegan Bradley, Webb Simpson, Matt Kuchar.")


@pytest.mark.parametrize("text, problem", [
    (INDONESIAN, "Indonesian or Malay"),  # passed before: none of the named languages, so let through
    (FRAMED, "Indonesian or Malay"),  # the frame's short lines do not count, and the story outweighs its cookie notice
    (TURKISH, "a language other than English"),
    (SWAHILI, "a language other than English"),
    (POLISH, "a language other than English"),
    (SWEDISH, "a language other than English"),
    (TAGALOG, "a language other than English"),
    (PRICES, None), (SPECS, None), (NAMES, None), (FIELD, None), (ENGLISH, None),
])
def test_a_language_outside_the_named_few_is_told_by_its_words(text, problem):
    assert language_problem(text) == problem


def test_the_refusal_for_an_unnamed_language_reads_plainly():
    with pytest.raises(LanguageError, match="page.html: looks like a language other than English, not English"):
        require_english(TURKISH, source="page.html")


def test_an_english_story_in_a_frame_of_short_lines_passes():
    framed = FRAMED.replace(INDONESIAN, ENGLISH + "\n" + ENGLISH.replace("Monday", "Tuesday"))
    assert language_problem(framed) is None


@pytest.mark.parametrize("text", ["", " ", "\n\n\n", "1 2 3 4 5 6 7 8 9 10 " * 10, "... ,,, !!! " * 50,
                                  "a " * 500, "yang " * 500, "\x00\x01 zzz " * 100, "é" * 5000])
def test_hostile_or_empty_text_gets_an_answer_not_an_error(text):
    assert language_problem(text) in (None, "a language other than English", "Indonesian or Malay") or \
        language_problem(text).endswith("script")


def test_one_word_over_and_over_is_no_language():
    assert language_problem(("word " * 12_000).strip()) is None  # left to the splitter: no sentence to summarize
    assert language_problem("kata " * 500) is None


@needs_shared
def test_no_english_page_or_dev_article_is_refused():
    from highlights.evaluate.corpus import load
    from highlights.evaluate.pages import load as load_pages

    pages, _ = load_pages(str(SHARED / "pages" / "pages.jsonl.gz"))
    texts = [from_text(p.html, input_format="html").text for p in pages]
    texts += [item.article.text for item in load(str(DEV), limit=300).items]
    assert len(texts) == 93 + 300
    assert [t[:60] for t in texts if language_problem(t) is not None] == []


def test_the_pipeline_refuses_an_indonesian_page_before_any_bullet():
    html = f"<html><head><title>Jembatan</title></head><body><article><p>{INDONESIAN}</p></article></body></html>"
    with pytest.raises(LanguageError, match="looks like Indonesian or Malay, not English"):
        highlights.summarize(from_text(html, input_format="html"))
