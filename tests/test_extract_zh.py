# ruff: noqa: RUF001 - Chinese articles are written with full-width punctuation
"""tracker extract on Chinese texts (issue 14): the kinds of sentence that are not
initiatives (statistics, history, commentary, headings), titles cut where an analyst
would cut them, statuses and sponsors. Every sentence here is written for the test."""

from __future__ import annotations

from datetime import date

from tracker.extraction.engine import Candidate, extract
from tracker.extraction.reading import Document

TODAY = date(2026, 11, 22)


def found(
    text: str, published: date = date(2026, 3, 2), title: str | None = None
) -> list[Candidate]:
    return extract(Document(text, title, None, published), TODAY)


def titles(text: str, published: date = date(2026, 3, 2)) -> list[str]:
    return [c.title for c in found(text, published)]


# -- what is left out ------------------------------------------------------------------


def test_statistics_with_amounts_and_no_commitment_are_left_out() -> None:
    text = (
        "二零二七/二八年度经常开支将增加百分之五点二至六千一百亿元。\n"
        "薪俸税收入预计为八百五十亿元，较二零二六/二七年度修订预算下降三亿元。\n"
        "计及债券发行额约一千亿元后，综合盈余预计为九十亿元，财政储备将上升至七千亿元。\n"
        "从政府帐目外设立的基金回拨约八十亿元。\n"
        "政府将拨款二十亿元设立创新科技基金。\n"
    )
    assert titles(text) == ["拨款二十亿元设立创新科技基金"]


def test_history_is_left_out_and_recent_news_is_not() -> None:
    text = (
        "2015年3月，国务院批复实施《南方示范区发展规划》，拉开了示范区建设序幕。\n"
        "随后，国务院支持示范区实行更开放的人才政策。\n"
        "近日，《南方示范区总体发展规划》（以下简称《南方总规》）印发。\n"
        "2019年，市政府印发了《智慧城市行动方案》，并将于2027年前完成第二阶段建设。\n"
    )
    assert titles(text, date(2026, 1, 9)) == [
        "印发《南方示范区总体发展规划》",  # the short name given in brackets left out
        "印发《智慧城市行动方案》",  # a past year, but a future still to come
    ]


def test_commentary_background_and_attributive_verbs_are_left_out() -> None:
    text = (
        "深港合作与制度创新是示范区设立的初衷。\n"
        "《南方总规》体现出显著的三大特征，即实施一次系统升级、安排部署三套体系。\n"
        "其中的总体发展规划属于顶层设计，一般由国务院印发。\n"
        "去年《施政报告》宣布的主要政策措施，共涉及五十亿元开支。\n"
    )
    assert titles(text) == []


def test_goals_and_purposes_are_not_initiatives() -> None:
    text = (
        "人民银行将继续支持香港巩固提升国际金融中心地位。\n"
        "市政府将为深化区域合作作出积极有为的贡献。\n"
        "推动人工智能产业发展，拓展人工智能应用。\n"
    )
    assert titles(text) == []


def test_headings_introductions_and_the_headline_are_no_statements() -> None:
    text = (
        "市政府公布数据中心发展计划\n\n"
        "市政府将落实《数据条例》，实施一次系统升级、推出三项新计划。\n\n"
        "实施一次系统升级\n\n"
        "一、落实2026年发展主要目标和工作总体部署\n\n"
        "现就重点工作，提出部门分工意见如下：\n\n"
        "（一）推出数据中心扶持计划。\n"
    )
    got = found(text, title="市政府公布数据中心发展计划")
    assert [c.title for c in got] == ["落实《数据条例》", "推出三项新计划", "推出数据中心扶持计划"]


# -- titles ------------------------------------------------------------------------------


def test_a_title_is_the_verb_and_its_object_never_a_broken_quoted_name() -> None:
    text = (
        "金管局今日表示，将于2027年底前推出跨境理财通优化措施，协助银行拓展业务。\n"
        "成立由行政长官主持的「北部都会区高水平人才及产业发展统筹委员会」，提升决策层次\n"
        "财政司司长表示，政府将于明年推出《香港金融科技发展与数字资产监管长远路线图及实施方案》。\n"
    )
    assert titles(text) == [
        "推出跨境理财通优化措施",  # without its deadline, cut at the comma
        "成立由行政长官主持的「北部都会区高水平人才及产业发展统筹委员会」",  # whole
        "推出《香港金融科技发展与数字资产监管长远路线图及实施方案》",  # whole
    ]


def test_each_commitment_of_a_list_is_proposed_with_its_own_status() -> None:
    [park, fund] = found(
        "经济局将扎实推动经济多元发展，稳步推进科技研发产业园建设，设立政府产业引导基金；\n"
    )
    assert (park.title, park.status) == ("推进科技研发产业园建设", "in_progress")
    assert (fund.title, fund.status) == ("设立政府产业引导基金", "announced")
    assert park.quote == fund.quote


def test_studying_or_exploring_a_measure_is_a_proposal() -> None:
    got = found(
        "研究建立更严谨的公务员表现评核机制\n持续强化债券市场，包括探索缩短结算周期至 T+1\n"
    )
    assert [(c.title, c.status, c.kind) for c in got] == [
        ("研究建立更严谨的公务员表现评核机制", "proposed", "proposal"),
        ("探索缩短结算周期至 T+1", "proposed", "proposal"),
    ]


def test_a_plan_item_opens_with_its_verb_and_prose_needs_a_cue() -> None:
    text = (
        "（二）建立湾区标准互认机制，力争2027年底前发布一百项湾区标准。\n"
        "在推动创新科技发展的同时，我们更应为传统产业增值。\n"
    )
    got = found(text)
    assert [(c.title, c.status) for c in got] == [
        ("建立湾区标准互认机制", "announced"),
        ("发布一百项湾区标准", "announced"),
    ]
    assert got[1].deadline is not None and got[1].deadline.latest == date(2027, 12, 31)


def test_a_target_is_an_amount_with_a_bound_in_a_sentence_that_aims() -> None:
    text = (
        "到2027年，跨境支付规模达到一千亿元以上，参与银行超过五十家。\n"
        "截至去年底，跨境支付规模累计超过三百亿元。\n"
        "目前已有超过二百家企业参与试点。\n"
        "力争2028年底前，金融科技企业数量突破一千家。\n"
    )
    got = found(text)
    assert [(c.title, c.status) for c in got] == [
        ("跨境支付规模达到一千亿元以上", "announced"),  # the first target of the sentence
        ("金融科技企业数量突破一千家", "announced"),
    ]
    assert [c.deadline.latest if c.deadline else None for c in got] == [
        date(2027, 12, 31),
        date(2028, 12, 31),
    ]


def test_a_meeting_adopting_a_document_keeps_the_year_in_its_name() -> None:
    [item] = found(
        "合作区管理委员会召开第六次会议\n\n会议审议通过了《合作区2026年工作要点》。\n",
        title="合作区管理委员会召开第六次会议",
    )
    assert item.title == "审议通过《合作区2026年工作要点》"
    assert item.sponsors == ("合作区管理委员会",)  # the headline named it


# -- sponsors ----------------------------------------------------------------------------


def test_sponsors_are_who_acts_not_what_is_set_up_or_named_in_passing() -> None:
    text = (
        "中国人民银行与香港金融管理局今日联合宣布，双方将于年内推出跨境支付互通机制。\n"
        "经济财政司司长李大明表示，国务院指出要加快设立政府产业基金。\n"
        "成立「大湾区发展委员会」，加快建设国际科技创新中心。\n"
    )
    got = found(text + "金管局总裁陈大文表示，金管局将于年内推出跨境支付通第二阶段。\n")
    assert [c.sponsors for c in got] == [
        ("中国人民银行", "香港金融管理局"),
        ("经济财政司司长李大明",),  # the speaker, not whom he quotes
        ("经济财政司司长李大明",),  # no subject: the last one named acts
        ("金管局总裁陈大文", "香港金融管理局"),  # an officer, and the body written out
    ]


def test_the_note_closing_an_item_says_who_does_it_and_by_when() -> None:
    [item] = found("1.研究设立湾区国际商业银行。（省发展改革委牵头，年内持续推进）\n")
    assert item.sponsors == ("省发展改革委",)
    assert item.status == "proposed"
    assert item.deadline is not None and item.deadline.text == "年内"
    assert item.quote.endswith("（省发展改革委牵头，年内持续推进）")


def test_the_title_of_the_article_names_who_speaks_or_issues_it() -> None:
    for title, sponsor in [
        ("《行政長官2026年施政報告》重點", "行政長官"),
        ("李大明：经济团队全力以赴", "李大明"),
        ("国务院关于落实重点工作部门分工的意见", "国务院"),
    ]:
        [item] = extract(
            Document(f"{title}\n\n成立「數據發展委員會」\n", title, None, date(2026, 3, 2)),
            TODAY,
        )
        assert item.sponsors == (sponsor,)


# -- status: the marker nearest before the verb ---------------------------------------


def statuses(text: str) -> list[tuple[str, str]]:
    return [(c.title, c.status) for c in found(text)]


def test_the_marker_nearest_the_verb_says_the_status_in_both_scripts() -> None:
    text = (
        "特區政府計劃於二〇二七年內設立創新科技產業基金。\n"
        "市政府力争2027年底前建成十个智慧社区示范项目。\n"
        "发展局正在逐步推进旧区活化计划。\n"
        "運輸署會繼續推動智慧泊車項目。\n"
        "文化局已推出「社區藝術資助計劃」。\n"
        "卫生局已于上月开展第二轮长者疫苗资助计划。\n"
        "海關今年一月推出了跨境電商便利措施。\n"
        "房屋署已启动公屋智能管理平台的建设。\n"
    )
    assert statuses(text) == [
        ("設立創新科技產業基金", "announced"),
        ("建成十个智慧社区示范项目", "announced"),
        ("推进旧区活化计划", "in_progress"),
        ("推動智慧泊車項目", "in_progress"),  # "會繼續": continuing is under way
        ("推出「社區藝術資助計劃」", "achieved"),
        ("开展第二轮长者疫苗资助计划", "achieved"),
        ("推出了跨境電商便利措施", "achieved"),
        ("启动公屋智能管理平台的建设", "in_progress"),  # started, not finished
    ]


def test_each_clause_takes_the_subjects_marker_unless_it_has_its_own() -> None:
    [park, fund] = found("教育局將全力推動教育數碼化，穩步推進智慧校園計劃，設立教師培訓基金。\n")
    assert (park.title, park.status) == ("推進智慧校園計劃", "in_progress")
    assert (fund.title, fund.status) == ("設立教師培訓基金", "announced")


def test_words_holding_a_marker_are_none() -> None:
    text = (
        "北部都会区委员会推出人才公寓计划。\n"  # 会 of 委员会, 都会: no "will"
        "社会福利署正式推出长者社区照顾券计划。\n"  # 正 of 正式: no "is doing"
    )
    assert [c.status for c in found(text)] == ["announced", "achieved"]


def test_studying_considering_or_exploring_after_the_subject_is_a_proposal() -> None:
    text = (
        "政府正研究在河套地区设立跨境数据流动试点。\n"
        "當局會探索擴大跨境理財通的產品範圍。\n"
        "財庫局會考慮延長印花稅減免措施。\n"
        "工商界呼籲當局盡快推出跨境車輛保險互認安排。\n"
    )
    assert statuses(text) == [
        ("研究在河套地区设立跨境数据流动试点", "proposed"),
        ("探索擴大跨境理財通的產品範圍", "proposed"),
        ("考慮延長印花稅減免措施", "proposed"),
        ("推出跨境車輛保險互認安排", "proposed"),
    ]


def test_a_trial_is_under_way_and_a_negated_action_is_no_commitment() -> None:
    text = (
        "深圳市试行跨境数据流动白名单制度。\n"
        "政府不会推出新的房屋补贴计划。\n"
        "特區政府未有計劃設立新的基金。\n"
        "当局暂不考虑调整印花税制度。\n"
    )
    assert statuses(text) == [("试行跨境数据流动白名单制度", "in_progress")]


# -- sponsors and places: who is at the head of the clause ------------------------------


def test_the_body_at_the_head_of_the_sentence_is_the_sponsor() -> None:
    text = (
        "国务院印发《河套合作区深圳园区发展规划》。\n"
        "国家发展改革委争取年内出台促进民营经济发展的若干措施。\n"
        "金管局年內推出「跨境理財通」優化措施。\n"
        "政府拟修订《公司条例》。\n"
        "经济及科技发展局将于年内推出中小企业数码转型资助计划。\n"
        "商务及经济发展局局长表示，当局会在年内推出新的旅游发展蓝图。\n"
        "立法會議員建議政府設立專責部門統籌北部都會區發展。\n"
    )
    assert [c.sponsors for c in found(text)] == [
        ("国务院",),  # a name that is an ending itself, at the head
        ("国家发展和改革委员会",),  # before a word of status
        ("香港金融管理局",),  # before a time
        ("政府",),  # the government, alone at the head
        ("经济及科技发展局",),  # 及 inside a name
        ("商务及经济发展局局长",),
        ("立法會議員",),  # who proposes, not whom it asks
    ]


def test_a_name_inside_a_phrase_is_no_one() -> None:
    [item] = found("国家将支持粤港澳大湾区建设国际科技创新中心。\n")
    assert item.sponsors == ()


def test_macao_s_government_is_macao_s_not_hong_kong_s() -> None:
    [item] = found("澳門特區政府將於明年推出新一輪消費補貼計劃。\n")
    assert item.sponsors == ("澳門特區政府",)
    assert item.jurisdictions == ("Macao",)


def test_a_sentence_naming_no_place_is_the_publishers_when_someone_acts() -> None:
    text = "深圳前海与香港合作\n\n深圳前海将与香港合作。\n\n政府将于年内推出长者医疗券计划。\n"
    article = Document(text, None, "澳門特別行政區政府新聞局", date(2026, 3, 2))
    [item] = extract(article, TODAY)
    assert item.jurisdictions == ("Macao",)  # not Shenzhen, the place named most
    article = Document(text, None, None, date(2026, 3, 2))
    assert [c.jurisdictions for c in extract(article, TODAY)] == [("Shenzhen",)]


def test_the_body_a_speaker_says_will_act_acts_too() -> None:
    text = (
        "經濟財政司司長李大明表示，特區政府會持續推進智慧城市計劃。\n"
        "保安局局長表示，政府計劃於明年修訂《消防條例》。\n"
    )
    assert [c.sponsors for c in found(text)] == [
        ("經濟財政司司長李大明", "特區政府"),
        ("保安局局長", "政府"),
    ]


def test_what_is_under_way_is_its_subject_and_today_is_no_deadline() -> None:
    text = "前海国际人才港项目建设推进中。\n特區政府今日（三月二日）公布《北部都會區行動綱領》。\n"
    got = found(text)
    assert [(c.title, c.status, c.deadline) for c in got] == [
        ("前海国际人才港项目建设", "in_progress", None),
        ("公布《北部都會區行動綱領》", "announced", None),
    ]


def test_a_forecast_amount_is_no_target() -> None:
    text = "预计今年全年访港旅客将达到四千五百万人次。\n力争今年全年访港旅客达到四千五百万人次。\n"
    assert titles(text) == ["力争全年访港旅客达到四千五百万人次"]


def test_items_under_a_review_of_work_done_are_done_until_a_heading_looks_ahead() -> None:
    text = (
        "二〇二五年施政工作回顧\n\n"
        "設立中小企業數碼轉型基金。\n\n"
        "特區政府將於明年推出長者醫療券計劃。\n\n"
        "二〇二六年施政方針\n\n"
        "設立青年創業基金。\n"
    )
    article = Document(text, "二〇二五年施政工作回顧", None, date(2026, 3, 2))
    assert [(c.title, c.status) for c in extract(article, TODAY)] == [
        ("設立中小企業數碼轉型基金", "achieved"),  # reported done, scored as found
        ("推出長者醫療券計劃", "announced"),  # a word of the future
        ("設立青年創業基金", "announced"),  # what the plan ahead sets
    ]
