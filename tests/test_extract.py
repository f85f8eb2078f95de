# ruff: noqa: RUF001 - Chinese articles are written with full-width punctuation
"""tracker extract (issue 14): initiatives proposed from articles, with the sentence as
evidence, matched against the tracked ones, as lines tracker import takes."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest
from helpers import dump, ok, run

from tracker.extraction.engine import extract
from tracker.extraction.reading import Document
from tracker.extraction.sentences import sentences

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
ARTICLES = sorted(str(p) for p in SEEDS.glob("*.txt"))
JSON_KEYS = [
    "file",
    "title",
    "kind",
    "status",
    "sponsors",
    "jurisdictions",
    "tags",
    "announced",
    "deadline",
    "quote",
    "source",
    "score",
    "match",
]


def proposals(*args: str) -> list[dict[str, object]]:
    return list(json.loads(ok("extract", *args, "--format", "json")))


def by_title(found: list[dict[str, object]], words: str) -> dict[str, object]:
    [one] = [p for p in found if words in str(p["title"]).lower()]
    return one


def test_the_seed_articles_propose_the_three_initiatives_the_issue_names() -> None:
    found = proposals(*ARTICLES)
    assert all(list(p) == JSON_KEYS for p in found)
    rmb = by_title(found, "offshore renminbi")
    assert (rmb["status"], rmb["kind"], rmb["sponsors"], rmb["deadline"]) == (
        "proposed",
        "proposal",
        ["He Ping"],
        None,
    )
    assert str(rmb["quote"]).startswith("To this end, he suggested that Shenzhen should help")
    bridging = by_title(found, "bridging programme")
    assert (bridging["status"], bridging["kind"]) == ("announced", "programme")
    assert bridging["deadline"] == {
        "text": "in late 2025",
        "earliest": "2025-09-01",
        "latest": "2025-12-31",
        "precision": "part-year",
    }
    plan = by_title(found, "three-year action plan")
    assert (plan["status"], plan["kind"]) == ("announced", "plan")
    assert plan["deadline"] == {
        "text": "by 2027",
        "earliest": "2027-01-01",
        "latest": "2027-12-31",
        "precision": "year",
    }
    assert "Hong Kong" in plan["jurisdictions"] and "Shenzhen" in plan["jurisdictions"]
    assert all(p["match"] is None for p in found)  # nothing is tracked yet


def test_on_a_seeded_tracker_they_match_the_seed_initiatives_instead_of_duplicating() -> None:
    ok("init", "--seed")
    found = proposals(*ARTICLES)
    matches = {str(p["title"]).split()[0]: p["match"] for p in found}
    assert by_title(found, "offshore renminbi")["match"] == {
        "slug": "offshore-rmb-centre",
        "score": 99.4,
    }
    assert by_title(found, "bridging programme")["match"] == {
        "slug": "bridging-programme",
        "score": 100.0,
    }
    assert by_title(found, "three-year action plan")["match"] == {
        "slug": "fintech-hub-action-plan",
        "score": 100.0,
    }
    assert matches  # every candidate was compared
    before = json.loads(ok("list", "--format", "json"))
    lines = ok("extract", *ARTICLES, "--format", "jsonl")
    matched = [json.loads(line) for line in lines.splitlines() if '"slug"' in line]
    assert all(set(m) == {"slug", "sources", "extracted"} for m in matched)
    summary = json.loads(run("import", "-", "--summary-format", "json", input=lines).stdout)
    after = json.loads(ok("list", "--format", "json"))
    created = len(after) - len(before)
    assert created == summary["created"] == len(lines.splitlines()) - len(matched)
    shown = json.loads(ok("show", "bridging-programme", "--format", "json"))
    assert [s["url"] for s in shown["sources"]].count(str(SEEDS / ARTICLES[0].split("/")[-1])) == 1


def test_the_jsonl_lines_import_as_they_are() -> None:
    lines = ok("extract", *ARTICLES)  # off a terminal: jsonl
    assert "\x1b[" not in lines
    result = run("import", "-", "--summary-format", "json", input=lines)
    assert result.exit_code == 0, result.stderr
    count = len(lines.splitlines())
    assert json.loads(result.stdout)["created"] == count
    listed = json.loads(ok("list", "--format", "json"))
    [bridging] = [i for i in listed if "bridging" in i["slug"]]
    shown = json.loads(ok("show", bridging["slug"], "--format", "json"))
    assert shown["status"] == "announced"
    assert shown["deadline"]["earliest"] == "2025-09-01"
    assert shown["sources"][0]["quote"].startswith("He also highlighted the launch")


def test_overrides_give_the_source_and_the_reference_day(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(
        "The Authority will launch a new green bond grant scheme by the end of next year.\n"
        "Green bond issuance rose 12% in 2025 to a record.\n",
        "utf-8",
    )
    [found] = proposals(
        str(article),
        "--published",
        "2026-03-02",
        "--publisher",
        "HKMA",
        "--url",
        "https://example.org/a",
        "--title",
        "Grants",
    )
    assert found["source"] == {
        "title": "Grants",
        "publisher": "HKMA",
        "published": "2026-03-02",
        "url": "https://example.org/a",
        "accessed": None,
        "quote": "The Authority will launch a new green bond grant scheme by the end of next year.",
    }
    assert found["announced"] == "2026-03-02"
    assert found["deadline"] == {  # "next year" from the article's day, not today's
        "text": "by the end of next year",
        "earliest": "2027-12-01",
        "latest": "2027-12-31",
        "precision": "month",
    }
    assert found["status"] == "announced" and found["kind"] == "programme"


def test_a_chinese_article_in_traditional_script(tmp_path: Path) -> None:
    article = tmp_path / "zh.txt"
    article.write_text(
        "金管局公布金融科技推廣藍圖\n\n"
        "香港金融管理局今日表示，將於2026年底前推出量子準備指數，協助銀行應對量子運算風險。\n\n"
        "去年本港銀行業的科技投資按年增長百分之十二。\n",
        "utf-8",
    )
    [found] = proposals(str(article), "--published", "2026-02-03")
    assert found["status"] == "announced"
    assert "Hong Kong" in found["jurisdictions"]
    assert (
        found["quote"]
        == "香港金融管理局今日表示，將於2026年底前推出量子準備指數，協助銀行應對量子運算風險。"
    )
    assert found["deadline"]["latest"] == "2026-12-31"
    assert "推出量子準備指數" in found["title"]


@pytest.mark.parametrize(
    ("content", "code", "message"),
    [
        (b"", 2, "the file is empty"),
        (b"\x00\x01\x02\xff\xfe\x00binary", 2, "not a text, HTML or PDF file"),
    ],
)
def test_a_file_that_is_no_article_is_one_line_and_changes_nothing(
    tmp_path: Path, content: bytes, code: int, message: str
) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    ok("init", "--seed")
    db = Path(os.environ["TRACKER_DB"])
    before = dump(db)
    result = run("extract", str(path))
    assert result.exit_code == code
    assert result.stderr == f"error: {path}: {message}\n"
    assert dump(db) == before


def test_a_missing_file_a_bad_day_and_a_bad_format_are_refused(tmp_path: Path) -> None:
    missing = run("extract", str(tmp_path / "nowhere.txt"))
    assert missing.exit_code == 1 and missing.stderr.startswith("error: cannot read ")
    day = run("extract", ARTICLES[0], "--published", "someday soon")
    assert day.exit_code == 2 and day.stderr.startswith("error: ")
    fmt = run("extract", ARTICLES[0], "--format", "csv")
    assert (fmt.exit_code, fmt.stderr) == (
        2,
        "error: unknown format 'csv'; choose from table, jsonl, json\n",
    )


# -- the engine ------------------------------------------------------------------------


def test_sentences_keep_offsets_and_skip_abbreviations() -> None:
    text = "Mr. Chan said the HKMA will act. It will launch a fund in 2027.\n\n- A list item here"
    cut = sentences(text)
    assert [s.text for s in cut] == [
        "Mr. Chan said the HKMA will act.",
        "It will launch a fund in 2027.",
        "A list item here",
    ]
    assert all(text[s.start : s.end] == s.text for s in cut)


def test_statistics_opinions_and_past_dates_are_left_out() -> None:
    article = Document(
        "Exports rose 5% in 2024 to a record high.\n"
        "We believe it is important to support innovation.\n"
        "The Commission will publish a new framework for crypto-assets, first agreed in 2019.\n",
        published=date(2026, 5, 1),
    )
    [found] = extract(article, date(2026, 11, 22))
    assert found.title == "Publish new framework for crypto-assets"
    assert found.deadline is None  # 2019: over before the article's day
    assert found.sponsors == ("Commission",)
    assert found.status == "announced" and found.kind == "policy"


def test_the_day_it_was_said_is_no_deadline() -> None:
    article = Document(
        "The Monetary Authority today (5 March 2026) announced it will launch a pilot scheme.\n"
        "金管局今日宣布推出新的試驗計劃，並於2027年前全面推行。\n",
        published=date(2026, 3, 5),
    )
    english, chinese = extract(article, date(2026, 11, 22))
    assert english.deadline is None
    assert chinese.deadline is not None
    assert chinese.deadline.text == "2027年前"  # not 今日, the day it was said


def test_a_table_on_a_terminal_and_lines_import_takes_elsewhere() -> None:
    from tracker.renderers import check_format

    assert check_format("extract", None, terminal=True) == "table"
    assert check_format("extract", None, terminal=False) == "jsonl"
    assert check_format("extract", "json", terminal=True) == "json"
    assert check_format("list", None, terminal=True) == "table"  # no terminal default


# -- English kinds ---------------------------------------------------------------------


def _one(text: str, published: date = date(2026, 3, 5)) -> list[tuple[str, str]]:
    return [(c.title, c.status) for c in extract(Document(text, published=published), published)]


def test_a_budgets_lines_are_what_it_funds() -> None:
    text = (
        "Key infrastructure investments include:\n"
        "- $1.9 billion for Western Sydney road and rail infrastructure.\n"
        "- £80 million to upgrade the Lyell Highway between Granton and New Norfolk.\n"
        "- Spending rose to $4 billion in 2024.\n"
    )
    assert _one(text) == [
        ("$1.9 billion for Western Sydney road and rail infrastructure", "announced"),
        ("£80 million to upgrade Lyell Highway between Granton and New Norfolk", "announced"),
    ]


def test_what_befalls_people_is_no_commitment() -> None:
    text = (
        "The Government will launch a green bond programme.\n"
        "This will make Hong Kong a leading green finance hub.\n"
        "Taxpayers will enjoy the benefits of the new tax plan.\n"
        "Small businesses will be able to use the new grant scheme.\n"
    )
    assert _one(text) == [("Launch green bond programme", "announced")]


def test_what_was_done_comes_first_and_asides_do_not_count() -> None:
    found = extract(
        Document(
            "The government has today launched the third Investment Zone, which will help "
            "to create 2,500 jobs.\n"
            "The Authority, which was set up in 2019, will introduce a licensing regime.\n",
            published=date(2023, 11, 20),
        ),
        date(2023, 11, 20),
    )
    assert [(c.title, c.status, c.sponsors) for c in found] == [
        ("Launch third Investment Zone", "achieved", ("Government",)),
        ("Introduce licensing regime", "announced", ("Government",)),
    ]


def test_a_plans_directives_are_its_commitments_and_a_believer_proposes_nothing() -> None:
    text = (
        "Efforts should be made to develop Nansha into a cooperation demonstration zone.\n"
        "The plan calls for efforts to strengthen the coordination mechanism.\n"
        "The Bill introduces amendments to strengthen the resolution regime.\n"
        "Hong Kong should set up a carbon trading platform, Professor Chan Tai-man said.\n"
        "Analysts believe the new regime will attract more listings.\n"
    )
    assert [status for _, status in _one(text)] == [
        "announced",
        "announced",
        "announced",
        "proposed",
    ]


def test_a_sentence_naming_no_one_is_the_last_named_sponsors() -> None:
    found = extract(
        Document(
            "The Financial Secretary announced a package of measures.\n"
            "A new fund of $1 billion will be set up to support start-ups.\n",
            published=date(2026, 2, 25),
        ),
        date(2026, 2, 25),
    )
    assert [c.sponsors for c in found] == [("Financial Secretary",), ("Financial Secretary",)]


def test_a_commitment_due_by_the_day_it_is_reported_is_in_effect() -> None:
    [found] = extract(
        Document(
            "From 1 July, the Government will deliver tax relief to low income earners.",
            published=date(2018, 7, 1),
        ),
        date(2018, 7, 1),
    )
    assert (found.status, found.deadline is not None) == ("achieved", True)


def test_history_and_the_headline_are_left_out() -> None:
    article = Document(
        "China unveils development plan for the Greater Bay Area\n\n"
        "The summit was called for by the President in his 2017 address.\n"
        "The meeting was held for the first time since the launch of the scheme.\n"
        "The authority conducted consultations on the proposed amendments in 2016.\n"
        "The plan aims to build an international innovation and technology hub.\n",
        title="China unveils development plan for the Greater Bay Area",
        published=date(2019, 2, 18),
    )
    found = extract(article, date(2019, 2, 18))
    assert [c.title for c in found] == ["Build international innovation and technology hub"]


def test_what_an_official_is_weighing_and_what_comes_into_force() -> None:
    text = (
        "The Minister said the Government was considering raising the stamp duty threshold.\n"
        "The new disclosure rules come into force on 1 January 2027.\n"
        "Applications will open on 1 March 2027.\n"
        "The Government has earmarked $10 billion for the northern metropolis.\n"
    )
    found = extract(Document(text, published=date(2026, 11, 20)), date(2026, 11, 20))
    assert [(c.title, c.status, c.deadline and c.deadline.text) for c in found] == [
        ("Raise stamp duty threshold", "proposed", None),
        ("Disclosure rules come into force", "announced", "1 January 2027"),
        ("Applications open", "announced", "1 March 2027"),
        ("$10 billion for northern metropolis", "announced", None),
    ]


def test_any_verb_a_commitment_governs_is_its_action() -> None:
    text = (
        "We'll build a million new homes.\n"
        "The UK calls on all members to restore a functioning dispute settlement system.\n"
        "The Commission will propose a new regime for innovative companies.\n"
        "Mr Yue said the HKMA would work with banks to roll out the relief measures.\n"
        "The Commission intends to present a European Innovation Act.\n"
    )
    found = extract(Document(text, published=date(2026, 5, 4)), date(2026, 5, 4))
    assert [(c.title, c.status, c.sponsors) for c in found] == [
        ("Build million new homes", "announced", ()),
        (
            "Restore functioning dispute settlement system",
            "proposed",
            ("United Kingdom",),
        ),
        ("Propose new regime for innovative companies", "announced", ("Commission",)),
        ("Roll out relief measures", "announced", ("Hong Kong Monetary Authority",)),
        ("Present European Innovation Act", "announced", ("Commission",)),
    ]


def test_a_passive_commitment_is_titled_by_its_verb_and_what_it_acts_on() -> None:
    text = (
        "New legislation will be introduced in Parliament later this year.\n"
        "Under the new plan, 10,000 homes will be built by 2030.\n"
        "Ministers have today confirmed that the levy will be abolished from April 2027.\n"
        "A public consultation is expected to be launched in the second quarter.\n"
        "It will be set up by the end of the year.\n"
    )
    found = extract(Document(text, published=date(2026, 3, 2)), date(2026, 3, 2))
    assert [(c.title, c.status) for c in found] == [
        ("Introduce new legislation in Parliament", "announced"),
        ("Build 10,000 homes", "announced"),
        ("Abolish levy", "announced"),
        ("Launch public consultation", "announced"),
        ("Set up", "announced"),  # a pronoun is no subject: titled the old way
    ]


def test_what_was_reported_is_titled_from_after_that() -> None:
    text = (
        "The Chief Executive announced that a new talent fund would be established.\n"
        "The Secretary said today that the bureau would launch a talent scheme.\n"
        "Professor Chan Tai-man, dean of the business school, has proposed that Hong Kong "
        "should set up a carbon trading platform.\n"
    )
    assert _one(text) == [
        ("Establish new talent fund", "announced"),
        ("Launch talent scheme", "announced"),
        ("Set up carbon trading platform", "proposed"),
    ]


def test_decisions_agreements_expectations_and_consultations_are_cues() -> None:
    text = (
        "The Government has decided to extend the rates waiver to all domestic "
        "properties.\n"
        "Singapore and Hong Kong agreed to deepen cooperation on green finance.\n"
        "The Bureau expects to complete the review of the licensing regime by mid-2027.\n"
        "The Treasury is launching a consultation on reforms to the pensions market.\n"
        "The MAS is seeking views on a new licensing regime for insurers.\n"
        "The two sides signed a memorandum of understanding in 2024.\n"
    )
    assert _one(text) == [
        ("Extend rates waiver to all domestic properties", "announced"),
        ("Deepen cooperation on green finance", "announced"),
        ("Complete review of licensing regime", "announced"),
        ("Launch consultation on reforms to pensions market", "in_progress"),
        ("Licensing regime for insurers", "in_progress"),
    ]


def test_a_later_date_that_schedules_it_makes_a_present_sentence_announced() -> None:
    text = (
        "Starting from 1 January 2027, all licensed banks must report their climate risks.\n"
        "The HKMA has issued a circular requiring banks to adopt the standard by end-2027.\n"
        "The new rules apply from 1 March 2027 to every listed company.\n"
        "Questions and answers on the 2027 work programme\n"  # a year in a name
        "The plan was unveiled by the Minister, the Secretary said Sunday.\n"  # said when
        "The scheme ran from 2019 to 2021.\n"  # over before the article's day
    )
    found = extract(Document(text, published=date(2026, 3, 2)), date(2026, 3, 2))
    assert [(c.title, c.status, c.deadline and c.deadline.text) for c in found] == [
        (
            "Require all licensed banks to report their climate risks",
            "announced",
            "from 1 January 2027",
        ),
        (
            "Issue circular requiring banks to adopt standard",
            "announced",
            "by end-2027",
        ),
        ("Rules apply to every listed company", "announced", "from 1 March 2027"),
    ]


def test_a_lists_items_that_open_with_a_verb_are_its_commitments() -> None:
    text = (
        "The measures include:\n"
        "- introducing a tax deduction for research and development spending;\n"
        "- extending the first-home buyer scheme to regional areas;\n"
        "(c) Establish a one-stop service centre for start-ups.\n"
        "Developing the scheme took three years of work.\n"  # no list item: no cue
    )
    assert _one(text) == [
        ("Introduce tax deduction for research and development spending", "announced"),
        ("Extend first-home buyer scheme to regional areas", "announced"),
        ("Establish one-stop service centre for start-ups", "announced"),
    ]


def test_a_speakers_own_announcements_pledges_and_proposals_to_act() -> None:
    found = extract(
        Document(
            "I propose to allocate $500 million to set up a new innovation fund.\n"
            "Today I am announcing a new visa pathway for skilled workers.\n"
            "The Prime Minister pledged to halve child poverty within five years.\n"
            "Our Government is committed to delivering 1.2 million homes.\n"
            "The new scheme will provide grants of up to $100,000 to each firm.\n",
            published=date(2026, 3, 5),
        ),
        date(2026, 3, 5),
    )
    assert [(c.title, c.status, c.sponsors) for c in found] == [
        ("$500 million to set up new innovation fund", "announced", ()),
        ("Visa pathway for skilled workers", "announced", ()),
        ("Halve child poverty", "announced", ("Prime Minister",)),
        ("Deliver 1.2 million homes", "announced", ("Government",)),
        ("Provide grants of up to $100,000 to each firm", "announced", ("Government",)),
    ]


def test_a_transcripts_speakers_sponsor_and_its_reporters_questions_are_left_out() -> None:
    text = (
        "Following is the transcript of remarks by the Secretary for Housing.\n\n"
        "Reporter: Will the Government set up a task force on land supply? Will it "
        "launch a new subsidy scheme?\n\n"
        "Secretary for Housing: We will launch a new subsidised housing scheme next year. "
        "We will also review the land supply programme.\n\n"
        "Reporter: When will the review be completed?\n\n"
        "Secretary for Housing: The review will be completed by mid-2027.\n\n"
        "Will the new scheme cover first-time buyers? That is a fair question.\n"
    )
    found = extract(Document(text, published=date(2026, 3, 5)), date(2026, 3, 5))
    assert [(c.title, c.sponsors, c.deadline and c.deadline.text) for c in found] == [
        ("Launch new subsidised housing scheme", ("Secretary for Housing",), "next year"),
        ("Review land supply programme", ("Secretary for Housing",), None),
        ("Complete review", ("Secretary for Housing",), "by mid-2027"),
    ]


def test_what_a_measure_will_bring_about_is_no_commitment() -> None:
    text = (
        "These reforms will boost productivity and create thousands of jobs.\n"
        "The new rules will give consumers more choice.\n"
        "Our investments in infrastructure will set up our nation for the future.\n"
        "This investment will ensure Hong Kong remains a leading financial centre.\n"
        "The Government will help first home buyers with a new shared equity scheme.\n"
        "The Authority will help banks adopt artificial intelligence through a sandbox.\n"
    )
    assert _one(text) == [
        ("Help first home buyers with new shared equity scheme", "announced"),
        ("Help banks adopt artificial intelligence", "announced"),
    ]


def test_a_passives_subject_stops_at_its_own_verb_and_its_title_at_its_date() -> None:
    text = (
        "Construction of the new hospital is under way and will be completed in 2028.\n"
        "The pilot programme has been extended to the end of 2027.\n"
        "Trials of the new payment system are being conducted in three cities.\n"
    )
    assert _one(text) == [
        ("Complete construction of new hospital", "in_progress"),
        ("Extend pilot programme", "announced"),
        ("Conduct trials of new payment system in three cities", "in_progress"),
    ]


def test_who_acts_is_named_before_the_commitment_by_title_and_name() -> None:
    text = (
        "Minister for Finance Lawrence Wong said the Government will introduce a new tax "
        "credit.\n"
        "Hong Kong's Financial Secretary Paul Chan Mo-po said the city will issue more "
        "green bonds.\n"
        "Singapore will introduce a new work pass for top talent, Manpower Minister Tan "
        "See Leng said.\n"
        "The Hong Kong Monetary Authority and the Securities and Futures Commission will "
        "jointly launch a consultation on stablecoins.\n"
        "The Secretary for Financial Services and the Treasury said the Government will "
        "launch a licensing regime.\n"
        "The Chief Executive announced that a new Northern Metropolis Development "
        "Committee will be set up under the Policy Address.\n"
    )
    found = extract(Document(text, published=date(2026, 3, 5)), date(2026, 3, 5), 0.0)
    assert [c.sponsors for c in found] == [
        ("Lawrence Wong", "Government"),
        ("Paul Chan Mo-po",),
        ("Tan See Leng",),
        ("Hong Kong Monetary Authority", "Securities and Futures Commission"),
        ("Secretary for Financial Services and the Treasury", "Government"),
        ("Chief Executive",),  # not the committee it sets up
    ]
    assert (
        found[-1].title
        == "Set up new Northern Metropolis Development Committee under Policy Address"
    )


def test_a_diary_and_a_notice_are_no_commitments_and_what_takes_effect_is_named() -> None:
    text = (
        "The Financial Secretary will deliver the Budget on 26 February.\n"
        "The Secretary will depart for Beijing tomorrow and return on Friday.\n"
        "The two leaders will meet again next year.\n"
        "The exhibition will feature more than 200 exhibitors from 30 countries.\n"
        "Further details of the scheme will be announced in due course.\n"
        "The Government will launch the scheme in the third quarter.\n"
        "The new arrangement will take effect on 1 July 2027.\n"
    )
    found = extract(Document(text, published=date(2026, 3, 2)), date(2026, 3, 2))
    assert [(c.title, c.status) for c in found] == [
        ("Launch scheme", "announced"),
        ("New arrangement take effect", "announced"),
    ]


def test_a_passive_of_any_regular_verb_and_the_subject_of_its_own_clause() -> None:
    text = (
        "Hong Kong will have more room and the land shortage that has hindered growth "
        "will also be eased.\n"
        "The stamp duty on first homes will be relaxed in April 2027.\n"
        "The regulation of virtual assets in developed countries will be reviewed.\n"
    )
    found = extract(Document(text, published=date(2026, 3, 5)), date(2026, 3, 5), 0.0)
    assert [c.title for c in found] == [
        "Ease land shortage",
        "Relax stamp duty on first homes",
        "Review regulation of virtual assets in developed countries",
    ]


def test_recommendations_in_the_plural_propose() -> None:
    text = (
        "The European Commission is today making recommendations for a new policy "
        "framework for the Union.\n"
        "The task force will publish its suggestions for a green finance roadmap.\n"
    )
    assert [status for _, status in _one(text)] == ["proposed", "proposed"]


def test_what_was_announced_without_that_is_titled_from_its_clause() -> None:
    text = (
        "In the Budget the Government announced the new fund will launch a green bond "
        "programme.\n"
        "The Treasurer said households will receive a rebate on energy bills.\n"
    )
    found = extract(Document(text, published=date(2026, 3, 5)), date(2026, 3, 5), 0.0)
    assert [c.title for c in found] == [
        "Launch green bond programme",
        "Rebate on energy bills",
    ]
