"""Only English is summarized; other languages are refused with a clear reason (issue #13)."""
import pytest

import highlights
from highlights.errors import LanguageError
from highlights.read.language import language_problem, require_english

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
