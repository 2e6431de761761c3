"""Writes sentences_gold.jsonl: hand-labelled sentence boundaries for news text.

Each case lists the sentences a careful reader would mark; the text is their join with the
separator given (a space, a newline, the tokenized form's space, or one separator per gap, which may
hold boilerplate such as a dateline), plus any leading boilerplate.
Run: python tests/data/make_sentences_gold.py
"""
import json
from pathlib import Path

CASES = [
    # name, boilerplate prefix (not part of any sentence), sentences, separator
    ("dateline glued to first word", "(CNN)", ["Syria's army took the district on Monday.", "Rebels fled east."], " "),
    ("place and dateline with dash", "WASHINGTON (CNN) -- ", ["The Senate voted 52-48.", "The bill now goes to the House."], " "),
    ("abbreviated titles", "", ["Sen. John McCain and Gov. Jerry Brown met Dr. Jones on Tuesday.", "They talked for an hour."], " "),
    ("initials", "", ["John F. Kennedy was shot in Dallas.", "Lee H. Oswald was arrested."], " "),
    ("U.S. mid-sentence", "", ["The U.S. Navy sent two ships to the U.N. meeting in New York.", "Both arrived late."], " "),
    ("U.S. at sentence end", "", ["He moved to the U.S.", "The move took a year."], " "),
    ("p.m. then weekday", "", ["The fire started at 5 p.m. Monday in a warehouse.", "No one was hurt."], " "),
    ("a.m. at sentence end then pronoun", "", ["Voting ends at 8 a.m.", "It will take hours to count."], " "),
    ("month abbreviation with day", "", ["The attack happened on Jan. 5, 2015, in Paris.", "Twelve people died."], " "),
    ("quotation ends sentence", "", ['"We will rebuild," the mayor said.', '"Nothing will stop us."', "Crowds cheered."], " "),
    ("question inside quote continues", "", ['"Why now?" she asked the crowd.', "Nobody answered."], " "),
    ("exclamation", "", ["The crowd shouted: Go home!", "Police moved in."], " "),
    ("numbers with decimals", "", ["Shares fell 3.5% to $12.40 on Friday.", "Analysts expected 2.1%."], " "),
    ("company abbreviation", "", ["Apple Inc. said sales rose.", "Its shares climbed."], " "),
    ("heading on its own line", "", ["The army advanced.", "Failed attempts at peace", "Talks broke down in March."], "\n"),
    ("paragraphs", "", ["First paragraph ends here.", "Second one starts.", "And ends."], "\n"),
    ("ellipsis mid sentence", "", ["He paused... then walked away.", "It was over."], " "),
    ("lowercase after period is not a break", "", ["Items such as shoes, e.g. sneakers, were sold.", "Demand was high."], " "),
    ("Daily Mail byline cased", "By . Jill Reilly . PUBLISHED: . 07:38 EST, 11 January 2013 . | . UPDATED: . 07:59 EST, 11 January 2013 . ",
     ["A man was arrested after a chase.", "He is 30."], " "),
    ("tokenized dateline", "( cnn ) ", ["three rabbis were convicted tuesday .", "they face life in prison ."], " "),
    ("tokenized lrb dateline", "london , england -lrb- cnn -rrb- -- ", ["the queen visited the school .", "pupils sang ."], " "),
    ("tokenized abbreviations", "", ["the u.s. army and sen. john smith met at 5 p.m. monday .", "mr. smith left ."], " "),
    ("tokenized quote closes sentence", "", ["`` we will win . ''", "he said the vote was close .", "`` no way ! ''", "she shouted ."], " "),
    ("tokenized quote attribution continues", "", ["`` we will win , '' he said .", "the vote is on friday ."], " "),
    ("tokenized question", "", ["what happens next ?", "nobody knows ."], " "),
    ("tokenized ellipsis", "", ["all persons born ... in the united states are citizens .", "the court agreed ."], " "),
    ("tokenized daily mail byline", "by . daily mail reporter . last updated at 7:37 am on 22nd june 2011 . ",
     ["a doctor walked free from court yesterday .", "he had been sleep-driving ."], " "),
    ("tokenized byline with published", "by . sam webb . published : . 10:02 est , 18 march 2014 . | . updated : . 11:10 est , 18 march 2014 . ",
     ["a cat was rescued from a tree .", "firefighters used a ladder ."], " "),
    ("tokenized place dash", "paris , france -- ", ["novak djokovic crashed out of the paris masters .", "he lost in straight sets ."], " "),
    ("single sentence no final stop", "", ["Breaking news from the capital"], " "),
    # real pages (issue #13): names with punctuation, footnote markers, list items, glued headings, datelines
    ("band name with exclamations", "", ["Choir! Choir! Choir! played a free show downtown on Saturday.",
                                         "Hundreds sang along."], " "),
    ("a repeated shout is one sentence", "", ['Officers shout aloud, "Taser! Taser! Taser!" as they fire.',
                                              "Nobody was hurt."], " "),
    ("a repeated question in new quotes splits", "", ['The crowds asked "Why?"', '"Why is this happening?"'], " "),
    ("exclamation inside a name", "", ["Jeopardy! host Ken Jennings spoke for an hour.", "Fans cheered!"], " "),
    # a footnote marker after the stop belongs to no sentence
    ("asterisk footnote after the stop", "", ["Power was restored.", "This took three days."], ["* "]),
    ("footnote number after the stop", "", ["Warren leads, according to Iowa Starting Line.",
                                            "She has the most endorsements."], ["2 "]),
    ("bracketed footnote", "", ["It was cited in the report.", "The figures were revised."], ["[3] "]),
    ("numbered list items", "", ["1. Preheat the oven to 200C.", "2. Mix the flour and the water."], "\n"),
    ("dashed list items", "", ["- Assistance dogs will always be carried.", "- Alcohol is not allowed."], "\n"),
    ("heading glued to its paragraph", "", ["Eye in the sky", "The drone flew over the crowd."], ""),
    ("station dateline", "AUSTIN (KXAN) — ", ["Texas voters approved the amendment on Tuesday.", "Retirees cheered."], " "),
    ("station dateline with state", "NAPA COUNTY, Calif. (KGO) -- ", ["A plan to build a resort is closer.",
                                                                        "It would open in 2026."], " "),
    ("dateline after a subtitle", "", ["Voters back a raise for retired teachers",
                                       "Texas voters approved the amendment."], ["\nAUSTIN (KXAN) — "]),
    ("version numbers are not footnotes", "", ["Python 3.12 was released in October.", "It is faster."], " "),
]


def main() -> None:
    out = Path(__file__).with_name("sentences_gold.jsonl")
    with out.open("w", encoding="utf-8") as fh:
        for name, prefix, sentences, sep in CASES:
            # sep: one separator for every gap, or a list of them, one per gap
            gaps = [sep] * (len(sentences) - 1) if isinstance(sep, str) else sep
            text = prefix + sentences[0] + "".join(g + s for g, s in zip(gaps, sentences[1:]))
            fh.write(json.dumps({"name": name, "text": text, "sentences": sentences}) + "\n")
    print(f"wrote {len(CASES)} cases to {out}")


if __name__ == "__main__":
    main()
