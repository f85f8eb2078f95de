"""Tests for the Chinese reader in tracker.domain.deadlines.

Chinese phrases (simplified and traditional, Arabic or Chinese numerals) follow the
same conventions as the English grammar; see the module docstring.  Every expected
window below was worked out by hand from those conventions.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.domain.deadlines import Precision, chinese, chinese_rules, parse_day, parse_window
from tracker.errors import DateParseError

DAY, WEEK, MONTH, QUARTER = Precision.DAY, Precision.WEEK, Precision.MONTH, Precision.QUARTER
HALF, PART, YEAR, MULTI = Precision.HALF, Precision.PART_YEAR, Precision.YEAR, Precision.MULTI_YEAR

R = "2025-03-14"  # a Friday, inside the 14th Five-Year Plan (2021-2025)
R15 = "2026-03-01"  # inside the 15th Five-Year Plan (2026-2030)

# (phrase, reference, earliest, latest, precision)
CASES: list[tuple[str, str, str, str, Precision]] = [
    # -- years; 到/至 X年 ("by X") is the whole year
    ("2027年", R, "2027-01-01", "2027-12-31", YEAR),
    ("到2030年", R, "2030-01-01", "2030-12-31", YEAR),
    ("至2030年", R, "2030-01-01", "2030-12-31", YEAR),
    ("二〇三五年", R, "2035-01-01", "2035-12-31", YEAR),
    ("二零三五年", R, "2035-01-01", "2035-12-31", YEAR),
    ("\uff12\uff10\uff12\uff17年", R, "2027-01-01", "2027-12-31", YEAR),  # full-width digits
    ("2030年内", R, "2030-01-01", "2030-12-31", YEAR),
    ("明年內", R, "2026-01-01", "2026-12-31", YEAR),
    # -- weeks and weekdays (ref is a Friday): 本周 / 下周 / 上周 are the Monday-Sunday
    # weeks; a bare weekday is the next one on or after ref
    ("本周五", R, "2025-03-14", "2025-03-14", DAY),
    ("本周一", R, "2025-03-10", "2025-03-10", DAY),
    ("下周一", R, "2025-03-17", "2025-03-17", DAY),
    ("下星期三", R, "2025-03-19", "2025-03-19", DAY),
    ("上周五", R, "2025-03-07", "2025-03-07", DAY),
    ("星期三", R, "2025-03-19", "2025-03-19", DAY),
    ("週三", R, "2025-03-19", "2025-03-19", DAY),
    ("周日", R, "2025-03-16", "2025-03-16", DAY),
    ("本周", R, "2025-03-10", "2025-03-16", WEEK),
    ("下星期", R, "2025-03-17", "2025-03-23", WEEK),
    ("2025年3月14日(星期五)", R, "2025-03-14", "2025-03-14", DAY),
    ("會議將於下周一舉行", R, "2025-03-17", "2025-03-17", DAY),
    ("研討會將於週四舉行", R, "2025-03-20", "2025-03-20", DAY),
    ("金管局周一宣佈新措施", R, "2025-03-10", "2025-03-10", DAY),  # said: the past one
    # -- 至少 / 至多 / 甚至 / 以至 ("at least", "at most", "even"): not the range word 至
    ("於 2023 年底前至少減半", R, "2023-12-01", "2023-12-31", MONTH),
    ("到2025年至少減少一半", R, "2025-01-01", "2025-12-31", YEAR),
    ("2027年至多增加三成", R, "2027-01-01", "2027-12-31", YEAR),
    ("于2026年底前完成\uff0c甚至提前", R, "2026-12-01", "2026-12-31", MONTH),
    ("2030年以前以至更早实现", R, "2029-01-01", "2029-12-31", YEAR),
    ("2025年至2027年", R, "2025-01-01", "2027-12-31", MULTI),  # the range word itself
    # -- the end / start / middle of a year (like "end of 2025", "beginning of 2026")
    ("2025年底", R, "2025-12-01", "2025-12-31", MONTH),
    ("2025年末", R, "2025-12-01", "2025-12-31", MONTH),
    ("2025年年底", R, "2025-12-01", "2025-12-31", MONTH),
    ("2025年年末", R, "2025-12-01", "2025-12-31", MONTH),
    ("2030年底前", R, "2030-12-01", "2030-12-31", MONTH),
    ("2030年底之前", R, "2030-12-01", "2030-12-31", MONTH),
    ("2026年初", R, "2026-01-01", "2026-01-31", MONTH),
    ("2026年中", R, "2026-05-01", "2026-08-31", PART),
    ("2026年上半年", R, "2026-01-01", "2026-06-30", HALF),
    ("2026年下半年", R, "2026-07-01", "2026-12-31", HALF),
    ("下半年", R, "2025-07-01", "2025-12-31", HALF),
    ("2026年H1", R, "2026-01-01", "2026-06-30", HALF),
    # -- "before X": X年前 / X年以前 is the year before, like "before 2027"
    ("2027年前", R, "2026-01-01", "2026-12-31", YEAR),
    ("2027年以前", R, "2026-01-01", "2026-12-31", YEAR),
    ("2027年之前", R, "2026-01-01", "2026-12-31", YEAR),
    ("明年以前", R, "2025-01-01", "2025-12-31", YEAR),
    # -- quarters (no year: the next one ending on or after the reference)
    ("2026年第一季度", R, "2026-01-01", "2026-03-31", QUARTER),
    ("2026年第一季", R, "2026-01-01", "2026-03-31", QUARTER),
    ("一季度", R, "2025-01-01", "2025-03-31", QUARTER),
    ("一季度", "2025-04-01", "2026-01-01", "2026-03-31", QUARTER),
    ("2025年Q1", R, "2025-01-01", "2025-03-31", QUARTER),
    ("第4季度", R, "2025-10-01", "2025-12-31", QUARTER),
    ("四季度", R, "2025-10-01", "2025-12-31", QUARTER),
    ("明年第四季度", R, "2026-10-01", "2026-12-31", QUARTER),
    ("前三季度", R, "2025-01-01", "2025-09-30", PART),
    ("前三季度", "2025-10-15", "2025-01-01", "2025-09-30", PART),  # ref's year, even if over
    ("2025年前三季度", R, "2025-01-01", "2025-09-30", PART),
    ("2025年第三季度末", R, "2025-09-01", "2025-09-30", MONTH),
    # -- months and days
    ("2026年3月", R, "2026-03-01", "2026-03-31", MONTH),
    ("2026年十二月", R, "2026-12-01", "2026-12-31", MONTH),
    ("2025年十一月", R, "2025-11-01", "2025-11-30", MONTH),
    ("3月底", R, "2025-03-31", "2025-03-31", DAY),
    ("3月底", "2025-04-01", "2026-03-31", "2026-03-31", DAY),
    ("2026年3月底", R, "2026-03-31", "2026-03-31", DAY),
    ("2026年3月末", R, "2026-03-31", "2026-03-31", DAY),
    ("2026年2月底前", R, "2026-02-28", "2026-02-28", DAY),
    ("2026年3月31日", R, "2026-03-31", "2026-03-31", DAY),
    ("3月31日", R, "2025-03-31", "2025-03-31", DAY),
    ("3月31日", "2025-04-01", "2026-03-31", "2026-03-31", DAY),
    ("2025年3月31日前", R, "2025-03-31", "2025-03-31", DAY),  # 前 after a day: "by"
    ("2025年3月31號以前", R, "2025-03-31", "2025-03-31", DAY),
    ("二〇二五年十二月三十一日", R, "2025-12-31", "2025-12-31", DAY),
    ("2025年12月二十一日", R, "2025-12-21", "2025-12-21", DAY),
    ("2025年12月廿一日", R, "2025-12-21", "2025-12-21", DAY),
    ("2025年12月卅一日", R, "2025-12-31", "2025-12-31", DAY),
    ("2028年2月29日", R, "2028-02-29", "2028-02-29", DAY),
    ("2026年3月上旬", R, "2026-03-01", "2026-03-10", WEEK),
    ("2026年3月中旬", R, "2026-03-11", "2026-03-20", WEEK),
    ("2026年3月下旬", R, "2026-03-21", "2026-03-31", WEEK),
    # -- relative to the reference date
    ("今年", R, "2025-01-01", "2025-12-31", YEAR),
    ("明年", R, "2026-01-01", "2026-12-31", YEAR),
    ("后年", R, "2027-01-01", "2027-12-31", YEAR),
    ("後年", R, "2027-01-01", "2027-12-31", YEAR),
    ("去年", R, "2024-01-01", "2024-12-31", YEAR),
    ("明年上半年", R, "2026-01-01", "2026-06-30", HALF),
    ("今年底", R, "2025-12-01", "2025-12-31", MONTH),
    ("今年年底", R, "2025-12-01", "2025-12-31", MONTH),
    ("年底", R, "2025-12-01", "2025-12-31", MONTH),
    ("年初", R, "2025-01-01", "2025-01-31", MONTH),
    ("月底", R, "2025-03-31", "2025-03-31", DAY),
    ("下个月", R, "2025-04-01", "2025-04-30", MONTH),
    ("年内", R, "2025-03-14", "2025-12-31", PART),
    ("今年内", R, "2025-03-14", "2025-12-31", PART),
    ("今年內", R, "2025-03-14", "2025-12-31", PART),
    ("年内", "2025-07-01", "2025-07-01", "2025-12-31", HALF),
    ("三年内", R, "2025-03-14", "2028-03-14", MULTI),
    ("3年内", R, "2025-03-14", "2028-03-14", MULTI),
    ("三年之内", R, "2025-03-14", "2028-03-14", MULTI),
    ("兩年內", R, "2025-03-14", "2027-03-14", MULTI),
    ("两年以内", R, "2025-03-14", "2027-03-14", MULTI),
    ("三年内", "2024-02-29", "2024-02-29", "2027-02-28", MULTI),
    ("六个月内", R, "2025-03-14", "2025-09-14", PART),
    ("六個月內", "2025-08-31", "2025-08-31", "2026-02-28", PART),
    ("十二个月内", R, "2025-03-14", "2026-03-14", PART),
    ("30天内", R, "2025-03-14", "2025-04-13", PART),
    ("一百八十天内", R, "2025-03-14", "2025-09-10", PART),
    ("两周内", R, "2025-03-14", "2025-03-28", PART),
    ("10年内", R, "2025-03-14", "2035-03-14", MULTI),
    ("二十六年内", R, "2025-03-14", "2051-03-14", MULTI),
    ("未来26年内", R, "2025-03-14", "2051-03-14", MULTI),
    ("未来五年", R, "2025-03-14", "2030-03-14", MULTI),
    ("今后五年", R, "2025-03-14", "2030-03-14", MULTI),
    ("今後五年", R, "2025-03-14", "2030-03-14", MULTI),
    ("未來五年內", R, "2025-03-14", "2030-03-14", MULTI),
    ("未来三个月", R, "2025-03-14", "2025-06-14", PART),
    # -- ranges
    ("2025—2027年", R, "2025-01-01", "2027-12-31", MULTI),
    ("2025-2027年", R, "2025-01-01", "2027-12-31", MULTI),
    ("2025至2027年", R, "2025-01-01", "2027-12-31", MULTI),
    ("2025年至2027年", R, "2025-01-01", "2027-12-31", MULTI),
    ("2025到2027年", R, "2025-01-01", "2027-12-31", MULTI),
    ("從2025年到2027年", R, "2025-01-01", "2027-12-31", MULTI),
    ("2026-27年", R, "2026-01-01", "2027-12-31", MULTI),
    ("2026年3月至6月", R, "2026-03-01", "2026-06-30", PART),
    ("2026年4月至6月", R, "2026-04-01", "2026-06-30", QUARTER),
    ("2026年3月5日至7日", R, "2026-03-05", "2026-03-07", WEEK),
    ("2026年第一季度至第三季度", R, "2026-01-01", "2026-09-30", PART),
    # -- Five-Year Plans: 14th 2021-2025, 15th 2026-2030
    ("十四五", R, "2021-01-01", "2025-12-31", MULTI),
    ("“十四五”时期", R, "2021-01-01", "2025-12-31", MULTI),
    ("「十四五」時期", R, "2021-01-01", "2025-12-31", MULTI),
    ('"十四五"期间', R, "2021-01-01", "2025-12-31", MULTI),
    ("十四五期间", R, "2021-01-01", "2025-12-31", MULTI),
    ("十四五期間", R, "2021-01-01", "2025-12-31", MULTI),
    ("十四五规划期间", R, "2021-01-01", "2025-12-31", MULTI),
    ("十四五規劃期間", R, "2021-01-01", "2025-12-31", MULTI),
    ("第十四个五年规划", R, "2021-01-01", "2025-12-31", MULTI),
    ("十五五", R, "2026-01-01", "2030-12-31", MULTI),
    ("十三五", R, "2016-01-01", "2020-12-31", MULTI),
    ("一五", R, "1953-01-01", "1957-12-31", MULTI),
    ("“十五”计划", R, "2001-01-01", "2005-12-31", MULTI),  # the 10th plan, not fifteen
    ("十五五末", R, "2030-01-01", "2030-12-31", YEAR),
    ("十五五期末", R, "2030-01-01", "2030-12-31", YEAR),
    ("十四五末", R, "2025-01-01", "2025-12-31", YEAR),
    ("十四五初", R, "2021-01-01", "2021-12-31", YEAR),
    ("十四五开局", R, "2021-01-01", "2021-12-31", YEAR),
    ("十四五開局之年", R, "2021-01-01", "2021-12-31", YEAR),
    ("十四五收官之年", R, "2025-01-01", "2025-12-31", YEAR),
    ("开局之年", R15, "2026-01-01", "2026-12-31", YEAR),
    ("開局之年", R15, "2026-01-01", "2026-12-31", YEAR),
    ("收官之年", R15, "2030-01-01", "2030-12-31", YEAR),
    ("收官之年", R, "2025-01-01", "2025-12-31", YEAR),
    # -- fiscal years: the one starting in 2026 (April start by default), like 2026/27
    ("2026至27財政年度", R, "2026-04-01", "2027-03-31", YEAR),
    ("2026至27财政年度", R, "2026-04-01", "2027-03-31", YEAR),
    ("2026-27财政年度", R, "2026-04-01", "2027-03-31", YEAR),
    ("2026/27年度", R, "2026-04-01", "2027-03-31", YEAR),
    ("2026至27年度", R, "2026-04-01", "2027-03-31", YEAR),
    ("2026至2027財政年度", R, "2026-04-01", "2027-03-31", YEAR),
    # -- filler around the date, quotation marks
    ("力争2025年底前基本完成", R, "2025-12-01", "2025-12-31", MONTH),
    ("力爭2025年底前基本完成", R, "2025-12-01", "2025-12-31", MONTH),
    ("預計於2026年推出", R, "2026-01-01", "2026-12-31", YEAR),
    ("计划在2026年上半年启动", R, "2026-01-01", "2026-06-30", HALF),
    ("争取到2030年全面实现", R, "2030-01-01", "2030-12-31", YEAR),
    ("目标\uff1a2030年", R, "2030-01-01", "2030-12-31", YEAR),
    ("将于2025年3月31日前完成", R, "2025-03-31", "2025-03-31", DAY),
    ("將於2025年3月31日前完成", R, "2025-03-31", "2025-03-31", DAY),
    ("2027年前完成", R, "2026-01-01", "2026-12-31", YEAR),
    # a date inside a sentence: the one run of known words that holds a date
    ("2025年底前提交方案", R, "2025-12-01", "2025-12-31", MONTH),
    ("到2035年基本实现社会主义现代化", "2021-03-13", "2035-01-01", "2035-12-31", YEAR),
    ("到2025年\uff0c人形机器人创新体系初步建立", "2023-11-02", "2025-01-01", "2025-12-31", YEAR),
    ("到二〇二九年中华人民共和国成立八十周年时", "2024-07-21", "2029-01-01", "2029-12-31", YEAR),
    ("到2024年澳门回归祖国25周年时", "2021-09-05", "2024-01-01", "2024-12-31", YEAR),
    ("到2027年\uff0c设备投资规模增长25%以上", "2024-03-13", "2027-01-01", "2027-12-31", YEAR),
    ("做好下半年经济工作", "2024-07-30", "2024-07-01", "2024-12-31", HALF),
    ("明年是“十五五”开局之年", "2025-12-11", "2026-01-01", "2026-12-31", YEAR),
    ("今年是國家「十四五」規劃的開局之年", "2021-10-06", "2021-01-01", "2021-12-31", YEAR),
    (
        "未来五年是全面建设社会主义现代化国家开局起步的关键时期",
        "2022-10-16",
        "2022-10-16",
        "2027-10-16",
        MULTI,
    ),
    ("在2024年內完成《基本法》第23條立法", "2023-10-25", "2024-01-01", "2024-12-31", YEAR),
    ("在10個月內為劏房設立最低標準", "2023-10-25", "2023-10-25", "2024-08-25", PART),
    ("國家「十五五」規劃期間", "2025-09-17", "2026-01-01", "2030-12-31", MULTI),
    ("《穩定幣條例》於2025年8月1日生效", "2025-05-30", "2025-08-01", "2025-08-01", DAY),
    ("推迟至2026年6月底", R, "2026-06-30", "2026-06-30", DAY),
    ("by 2027年", R, "2027-01-01", "2027-12-31", YEAR),
    ("本规定自2024年1月1日起施行", "2023-08-21", "2024-01-01", "2024-01-01", DAY),
    ("第一階段規管由2024年4月22日起實施", "2023-10-18", "2024-04-22", "2024-04-22", DAY),
    (
        "到2025年\uff0c全省数字经济增加值占GDP比重达到60%左右",
        "2021-07-05",
        "2025-01-01",
        "2025-12-31",
        YEAR,
    ),
    ("海南到2020年将要建成高标准高质量自贸试验区", "2018-10-16", "2020-01-01", "2020-12-31", YEAR),
    (
        "《金融科技发展规划\uff082022-2025年\uff09》",
        "2022-01-04",
        "2022-01-01",
        "2025-12-31",
        MULTI,
    ),
    ("兩個項目則於今年內招標", "2026-02-27", "2026-02-27", "2026-12-31", PART),
    (
        "過渡性房屋在今年上半年亦再有約1400個單位啟用",
        "2026-02-17",
        "2026-01-01",
        "2026-06-30",
        HALF,
    ),
    (
        "我们会在年底就推行电器电子产品生产者责任计划谘询公众",
        "2009-10-14",
        "2009-12-01",
        "2009-12-31",
        MONTH,
    ),
    ("前三季度全国规模以上工业增加值同比增长", "2025-10-20", "2025-01-01", "2025-09-30", PART),
    ("年中發表中期檢討", "2026-01-15", "2026-05-01", "2026-08-31", PART),
    ("今年前10個月", "2025-12-05", "2025-01-01", "2025-10-31", PART),
    (
        "立法會將於2月26日\uff08星期三\uff09上午11時舉行會議",
        "2025-02-24",
        "2025-02-26",
        "2025-02-26",
        DAY,
    ),
    (
        "立法會星期三\uff08一月三十一日\uff09上午十一時三十分舉行會議",
        "2018-01-29",
        "2018-01-31",
        "2018-01-31",
        DAY,
    ),
    (
        "到“十四五”期末\uff0c力争基本完成2000年底前建成的城镇老旧小区改造任务",
        "2020-11-21",
        "2025-01-01",
        "2025-12-31",
        YEAR,
    ),
    (
        "明確2026年\uff08「十五五」開局之年\uff09工作舉措",
        "2025-12-26",
        "2026-01-01",
        "2026-12-31",
        YEAR,
    ),
    (
        "至2026年11月27日\uff0c暂停执行2024年第46号公告第二款规定",
        "2025-11-10",
        "2026-11-27",
        "2026-11-27",
        DAY,
    ),
    (
        "为到2035年人均国内生产总值比2020年翻一番打好基础",
        "2026-03-06",
        "2035-01-01",
        "2035-12-31",
        YEAR,
    ),
    ("实施日期\uff1a2019-12-30", "2019-12-17", "2019-12-30", "2019-12-30", DAY),
    (
        "到2035年\uff0c力争将具备条件的永久基本农田全部建成高标准农田",
        "2025-03-30",
        "2035-01-01",
        "2035-12-31",
        YEAR,
    ),
    ("諮詢期限將延長一個月至今年九月三十日", "2004-08-11", "2004-09-30", "2004-09-30", DAY),
    (
        "——2025年2月25日在深圳市第七届人民代表大会第六次会议上",
        "2025-03-10",
        "2025-02-25",
        "2025-02-25",
        DAY,
    ),
    (
        "中国人民银行令\u30142025\u3015第3号\uff0c自2025年6月30日起施行",
        "2025-05-09",
        "2025-06-30",
        "2025-06-30",
        DAY,
    ),
    ("明年7月3日中午12時截標", "2025-12-30", "2026-07-03", "2026-07-03", DAY),
    ("今年預計有大潭電廠7號機等機組上線", "2025-09-30", "2025-01-01", "2025-12-31", YEAR),
    (
        "二零二六/二七年度的整体收入预计为七千六百五十二亿元",
        "2026-02-25",
        "2026-04-01",
        "2027-03-31",
        YEAR,
    ),
    ("財政儲備在2026年3月底將為6,572億港元", "2026-02-27", "2026-03-31", "2026-03-31", DAY),
    (
        "力爭到2015年\uff0c在引進世界500強企業方面有較大突破",
        "2011-06-01",
        "2015-01-01",
        "2015-12-31",
        YEAR,
    ),
    ("「2027年」", R, "2027-01-01", "2027-12-31", YEAR),
    ("不晚于2026年6月30日", R, "2026-06-30", "2026-06-30", DAY),
    ("截至2025年底", R, "2025-12-01", "2025-12-31", MONTH),
    ("  2027年。 ", R, "2027-01-01", "2027-12-31", YEAR),
    ("在2027年或之前", R, "2027-01-01", "2027-12-31", YEAR),  # "in or before 2027"
    ("2027年或更早", R, "2027-01-01", "2027-12-31", YEAR),
    ("到“十五五”末", R, "2030-01-01", "2030-12-31", YEAR),
    ("从二〇二〇年到二〇三五年", R, "2020-01-01", "2035-12-31", MULTI),
    ("二〇二七年底", R, "2027-12-01", "2027-12-31", MONTH),
    ("2026年年中", R, "2026-05-01", "2026-08-31", PART),
]

# (phrase, reference, a fragment the message must contain)
REFUSED: list[tuple[str, str, str]] = [
    ("2025年3月14日(星期四)", R, "Friday, not a Thursday"),
    ("明日\uff08星期五\uff09", R, "Saturday, not a Friday"),
    # vague
    ("2027年前后", R, '"前后" is too vague'),
    ("2027年前後", R, '"前後" is too vague'),
    ("2030年左右", R, '"左右" is too vague'),
    ("近期", R, '"近期" is too vague'),
    ("尽快", R, '"尽快" is too vague'),
    ("盡快", R, '"盡快" is too vague'),
    ("到本世纪中叶", R, "too vague"),
    ("十四五中期", R, '"中期" is too vague'),
    # open-ended
    ("2027年以后", R, '"以后" leaves the window open-ended'),
    ("2027年後", R, '"後" leaves the window open-ended'),
    ("从2027年起", R, '"起" leaves the window open-ended'),
    # unknown text is named, never guessed around
    ("2025年、2026年", R, 'unrecognised text "、"'),
    ("2027年\uff1f", R, "a question mark makes the date uncertain"),
    # around a date in a sentence, words that deny, leave it open or give several dates
    ("该计划已取消\uff0c原定2025年底完成", R, "denies or withdraws"),
    ("由2024至25課稅年度起", R, '"起" leaves the window open-ended'),
    # the plan's opening year is 2021, not this year (2022): two dates that disagree
    ("今年是國家「十四五」規劃的開局之年", "2022-10-06", "among several dates"),
    ("2025年完成试点\uff0c2027年全面推广", R, "among several dates"),
    ("力争2030年左右建成", R, '"左右" is too vague'),
    ("原定於2024年8月1日實施的垃圾收費將暫緩推行", R, "denies or withdraws"),
    # a negation split across words the grammar knows ("会" is a filler word)
    ("该计划不会在2027年前完成", R, "denies or withdraws"),
    ("該計劃不會於2027年底完成", R, "denies or withdraws"),
    ("2028年起实施", R, '"起" leaves the window open-ended'),
    ("立法會將於2月26日\uff08星期四\uff09舉行會議", "2025-02-24", "its weekday does not match"),
    ("二手车交易量较2023年增长45%", "2024-03-13", "unrecognised text"),
    ("2013年1月起施行", R, '"起" leaves the window open-ended'),
    # counted from an event whose date is not given
    ("提交后180天内", R, 'it counts from an event ("提交") whose date is not given'),
    ("自公布之日起30日内", R, 'it counts from an event ("公布") whose date is not given'),
    # forms that are ambiguous or incomplete
    ("2026年6月前", R, '"前" here could mean "by" or "before"'),
    ("31日前", R, "the day 31 needs a month"),
    ("25年底", R, 'no date form matches "25年"'),  # two-digit years are not read
    ("三年前", R, "no date form matches"),  # "three years ago"
    ("十五", R, 'no date form matches "十五"'),  # fifteen, or the 10th plan?
    ("2025年至2027年底", R, "no date form matches"),
    ("年", R, "no date form matches"),
    ("收官", R, "no date form matches"),
    ("力争", R, "only filler words"),
    ("“”", R, "there is no date in it"),
    ("三五年内", R, 'cannot read the number "三五"'),
    ("26年内", R, '"26年内" could be within 26 years or within 2026'),
    ("一百十天内", R, 'cannot read the number "一百十"'),
    # impossible or inconsistent
    ("2026年2月29日", R, "29 February 2026 does not exist"),
    ("2025年13月", R, "there is no month 13"),
    ("2026年第五季度", R, "there is no quarter 5"),
    ("2028至2026年", R, "ends before it starts"),
    ("2026至28财政年度", R, "consecutive"),
    ("零年内", R, "empty"),
    ("2028年收官", R, '"收官" needs a plan'),
    ("收官之年", "1964-06-01", "no Five-Year Plan was in force in 1964"),
    ("三年内", "9998-06-01", "supported years"),
]

# The same phrase in simplified and traditional characters reads the same.
SIMPLIFIED_TRADITIONAL = [
    ("十四五规划期间", "十四五規劃期間"),
    ("两年内", "兩年內"),
    ("开局之年", "開局之年"),
    ("今后五年", "今後五年"),
    ("2026至27财政年度", "2026至27財政年度"),
    ("预计于2026年推出", "預計於2026年推出"),
    ("六个月内", "六個月內"),
    ("2025年3月31号前", "2025年3月31號前"),
]


def d(text: str) -> date:
    return date.fromisoformat(text)


def assert_one_line(message: str) -> None:
    assert message.startswith("cannot read date ")
    assert "\n" not in message and "\r" not in message
    assert message.isprintable(), repr(message)


@pytest.mark.parametrize(("phrase", "ref", "earliest", "latest", "precision"), CASES)
def test_chinese_windows(
    phrase: str, ref: str, earliest: str, latest: str, precision: Precision
) -> None:
    window = parse_window(phrase, d(ref))
    assert (window.earliest, window.latest, window.precision) == (d(earliest), d(latest), precision)
    assert window.text == phrase.strip()


@pytest.mark.parametrize(("phrase", "ref", "fragment"), REFUSED)
def test_chinese_refused(phrase: str, ref: str, fragment: str) -> None:
    with pytest.raises(DateParseError) as caught:
        parse_window(phrase, d(ref))
    assert_one_line(str(caught.value))
    assert fragment in str(caught.value)


def test_exact_message_for_unknown_text() -> None:
    with pytest.raises(DateParseError) as caught:
        parse_window("尽快提交方案", d(R))
    assert str(caught.value) == (
        'cannot read date "尽快提交方案": "尽快" is too vague to place on a calendar'
    )
    with pytest.raises(DateParseError) as caught:
        parse_window("提交方案", d(R))
    assert str(caught.value) == 'cannot read date "提交方案": unrecognised text "提交"'


@pytest.mark.parametrize(("simplified", "traditional"), SIMPLIFIED_TRADITIONAL)
def test_traditional_reads_like_simplified(simplified: str, traditional: str) -> None:
    a, b = parse_window(simplified, d(R)), parse_window(traditional, d(R))
    assert (a.earliest, a.latest, a.precision) == (b.earliest, b.latest, b.precision)


def test_fiscal_year_options() -> None:
    window = parse_window("2026/27年度", d(R), fiscal_year_start=7)
    assert (window.earliest, window.latest, window.precision) == (
        d("2026-07-01"),
        d("2027-06-30"),
        YEAR,
    )
    with pytest.raises(DateParseError, match="fiscal years start in January"):
        parse_window("2026至27財政年度", d(R), fiscal_year_start=1)


def test_parse_day_reads_chinese_days() -> None:
    assert parse_day("2026年3月31日", d(R)) == d("2026-03-31")
    assert parse_day("3月底前", d(R)) == d("2025-03-31")
    with pytest.raises(DateParseError, match="a single day is needed"):
        parse_day("2026年3月", d(R))


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("二十一", 21),
        ("廿", 20),
        ("廿一", 21),
        ("卅一", 31),
        ("两", 2),
        ("一百八十", 180),
        ("一百零五", 105),
        ("两百", 200),
        ("二五", None),
        ("十两", None),
        ("一百十", None),
        ("零五", None),
    ],
)
def test_chinese_numerals(phrase: str, expected: int | None) -> None:
    assert chinese._zh_int(phrase) == expected


def test_rule_index_never_skips_a_chinese_rule() -> None:
    canons = {" ".join(chinese._zh_tokens(row[0])[0]) for row in CASES + REFUSED}
    canons |= {" ".join(canon.split()[i:]) for canon in canons for i in range(3)}
    for canon in canons:
        first = next(
            (
                i
                for i, rule in enumerate(chinese_rules._zh_rules())
                if rule.pattern.fullmatch(canon)
            ),
            None,
        )
        hit = chinese_rules._ZH_RULE_FINDER.regex().fullmatch(canon)
        if first is not None:
            assert hit is not None and hit.lastindex - 1 <= first, canon


# --------------------------------------------------------------------------- properties

PHRASES = [(row[0], row[1]) for row in CASES]
references = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31))


@given(st.sampled_from(PHRASES), references)
def test_every_table_phrase_is_ordered_for_any_reference(row: tuple[str, str], ref: date) -> None:
    try:
        window = parse_window(row[0], ref)
    except DateParseError as error:  # e.g. 收官之年 in 1964, when no plan was in force
        assert_one_line(str(error))
    else:
        assert window.earliest <= window.latest


zh_words = st.sampled_from(
    [
        "2025",
        "2027",
        "27",
        "3",
        "31",
        "年",
        "月",
        "日",
        "号",
        "底",
        "末",
        "初",
        "中",
        "前",
        "后",
        "以前",
        "之前",
        "内",
        "之内",
        "至",
        "到",
        "-",
        "/",
        "—",
        "第",
        "一",
        "二",
        "三",
        "十",
        "四",
        "五",
        "十四五",
        "廿",
        "\u3007",
        "两",
        "季度",
        "上半年",
        "下半年",
        "今年",
        "明年",
        "後年",
        "未来",
        "个",
        "天",
        "周",
        "期间",
        "规划",
        "开局",
        "收官",
        "之年",
        "财政年度",
        "年度",
        "力争",
        "完成",
        "“",
        "”",
        "Q",
        "H",
        "上旬",
        "前后",
        "起",
        "從",
        "自",
        "之日",
        "提交",
    ]
)


@settings(max_examples=500)
@given(st.lists(zh_words, min_size=1, max_size=7).map("".join))
def test_chinese_word_salad_gives_a_window_or_a_one_line_error(text: str) -> None:
    try:
        window = parse_window(text, d(R))
    except DateParseError as error:
        assert_one_line(str(error))
    else:
        assert window.earliest <= window.latest
        assert window.precision in Precision


@settings(max_examples=300)
@given(
    st.text(
        alphabet=st.characters(min_codepoint=0x3000, max_codepoint=0x9FFF)
        | st.sampled_from("0123456789-/ \n\t\"'Qq"),
        max_size=20,
    )
)
def test_any_cjk_text_gives_a_window_or_a_one_line_error(text: str) -> None:
    try:
        window = parse_window(text, d(R))
    except DateParseError as error:
        assert_one_line(str(error))
    else:
        assert window.earliest <= window.latest
