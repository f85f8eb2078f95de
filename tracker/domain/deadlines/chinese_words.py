"""Chinese words the deadline reader knows, as data: traditional -> simplified
characters, every known word with its canonical token, filler, vague and open-ended
words, numerals and the words that steer a reading.

Plain literal tables only: the engine (:mod:`~tracker.domain.deadlines.chinese`,
:mod:`~tracker.domain.deadlines.chinese_rules`) derives its sets and patterns from
them.  Anything not listed here is refused.
"""

from __future__ import annotations

#: Traditional characters (and a look-alike of the numeral zero) -> simplified, applied
#: before reading.
TRADITIONAL = {
    "後": "后",
    "內": "内",
    "兩": "两",
    "間": "间",
    "時": "时",
    "個": "个",
    "財": "财",
    "開": "开",
    "規": "规",
    "劃": "划",
    "計": "计",
    "盡": "尽",
    "爭": "争",
    "預": "预",
    "將": "将",
    "於": "于",
    "實": "实",
    "現": "现",
    "啟": "启",
    "啓": "启",
    "動": "动",
    "標": "标",
    "來": "来",
    "週": "周",
    "號": "号",
    "確": "确",
    "擬": "拟",
    "遲": "迟",
    "適": "适",
    "長": "长",
    "從": "从",
    "紀": "纪",
    "葉": "叶",
    "為": "为",
    "這": "这",
    "關": "关",
    "發": "发",
    "舉": "举",
    "佈": "布",
    "\u25cb": "\u3007",  # WHITE CIRCLE, often typed for IDEOGRAPHIC NUMBER ZERO
}

#: Every word the reader knows, with its canonical token.  Anything else is refused.
WORDS: dict[str, str] = {
    # calendar words
    "年": "年",
    "月": "月",
    "月份": "月",
    "日": "日",
    "号": "日",
    "天": "天",
    "周": "周",
    "星期": "周",
    "个": "个",
    "第": "第",
    "季度": "季度",
    "季": "季度",
    "上半年": "上半年",
    "下半年": "下半年",
    "半年": "半年",
    "今年": "今年",
    "本年": "今年",
    "明年": "明年",
    "后年": "后年",
    "去年": "去年",
    "前年": "前年",
    # weeks named from the reference: 本周五 (this week's Friday), 下周一, 上星期三
    "本周": "本周",
    "这周": "本周",
    "这个星期": "本周",
    "本星期": "本周",
    "下周": "下周",
    "下星期": "下周",
    "下个星期": "下周",
    "下一周": "下周",
    "上周": "上周",
    "上星期": "上周",
    "上个星期": "上周",
    "本月": "本月",
    "下月": "下月",
    "下个月": "下月",
    "上月": "上月",
    "上个月": "上月",
    "本季度": "本季度",
    "下季度": "下季度",
    "下个季度": "下季度",
    "下一季度": "下季度",
    "上季度": "上季度",
    "上个季度": "上季度",
    "内": "内",
    "之内": "内",
    "以内": "内",
    "前": "前",
    "之前": "前",
    "以前": "前",
    "底": "底",
    "末": "底",
    "期末": "底",
    "末期": "底",
    "初": "初",
    "期初": "初",
    "中": "中",
    "上旬": "上旬",
    "中旬": "中旬",
    "下旬": "下旬",
    "规划": "规划",
    "计划": "计划",
    "期间": "期间",
    "时期": "期间",
    "开局": "开局",
    "收官": "收官",
    "之年": "之年",
    "之日": "之日",
    "未来": "未来",
    "今后": "未来",
    "至": "至",
    "到": "至",
    "从": "从",
    "自": "从",
    "财政年度": "财政年度",
    "财年": "财政年度",
    "年度": "年度",
    # fiscal years named from the reference (REL_FISCAL_YEARS)
    "本财政年度": "本财年",
    "本财年": "本财年",
    "今个财政年度": "本财年",
    "下一个财政年度": "下财年",
    "下个财政年度": "下财年",
    "下一财政年度": "下财年",
    "新一个财政年度": "下财年",
    "新财政年度": "下财年",
    "下年度": "下财年",
    "下一年度": "下财年",
    "上一个财政年度": "上财年",
    "上个财政年度": "上财年",
    "上年度": "上财年",
    # days named from the reference (REL_DAYS): "今日(二月二十五日)"
    "今日": "今日",
    "今天": "今日",
    "明日": "明日",
    "明天": "明日",
    "昨日": "昨日",
    "昨天": "昨日",
    "过去": "过去",
    # today and tomorrow, this year and next: "今明两天", "今明两年" (今明 2 天)
    "今明": "今明",
    # vague
    "前后": "前后",
    "左右": "左右",
    "近期": "近期",
    "尽快": "尽快",
    "尽早": "尽早",
    "早日": "早日",
    "适时": "适时",
    "不久": "不久",
    "将来": "将来",
    "中期": "中期",
    "长期": "长期",
    "短期": "短期",
    "中长期": "中长期",
    "近年": "近年",
    "待定": "待定",
    "世纪": "世纪",
    "本世纪": "世纪",
    "世纪中叶": "世纪",
    "本世纪中叶": "世纪",
    # open-ended
    "后": "后",
    "以后": "后",
    "之后": "后",
    "此后": "后",
    "往后": "后",
    "起": "起",
    "以来": "以来",
    "不早于": "不早于",
}
#: Days named by a festival: 元旦 (New Year's Day, 1 January) and days of the lunar New
#: Year, counted from its first day (LUNAR_NEW_YEAR): 除夕 its eve (0), 春节 / 农历新年
#: its first day, 元宵 / 正月十五 the fifteenth; 年初一 ... 年初十 (also 大年初一, 正月初一)
#: are added by the engine from LUNAR_DAYS.  Each maps to its canonical token.
FESTIVALS = {
    "元旦": "元旦",
    "除夕": "除夕",
    "春节": "春节",
    "春節": "春节",
    "农历新年": "春节",
    "農曆新年": "春节",
    "元宵节": "元宵",
    "元宵節": "元宵",
    "元宵": "元宵",
    "正月十五": "元宵",
}
#: The day of the lunar New Year each festival token names (1 = its first day).
FESTIVAL_LUNAR_DAYS = {"除夕": 0, "春节": 1, "元宵": 15}
LUNAR_DAYS = {
    "初一": 1,
    "初二": 2,
    "初三": 3,
    "初四": 4,
    "初五": 5,
    "初六": 6,
    "初七": 7,
    "初八": 8,
    "初九": 9,
    "初十": 10,
}
#: What may stand before 初一 ... 初十 in a lunar day: 年初六, 大年初一, 正月初八.
LUNAR_PREFIXES = ("年", "大年", "正月")
#: Characters after 年初一 ... 年初十 that make the numeral a count ("年初一些企业",
#: "年初三个月"): then it is 年初 (January) followed by a number, not a lunar day.
LUNAR_BLOCKERS = frozenset("个個月年季成批些度系次项項名位家天周週倍宗件所条條")
#: The Gregorian date of the first day of the lunar New Year (正月初一), by year; a
#: lunar day in a year outside this table is refused.
LUNAR_NEW_YEAR = {
    2000: (2, 5),
    2001: (1, 24),
    2002: (2, 12),
    2003: (2, 1),
    2004: (1, 22),
    2005: (2, 9),
    2006: (1, 29),
    2007: (2, 18),
    2008: (2, 7),
    2009: (1, 26),
    2010: (2, 14),
    2011: (2, 3),
    2012: (1, 23),
    2013: (2, 10),
    2014: (1, 31),
    2015: (2, 19),
    2016: (2, 8),
    2017: (1, 28),
    2018: (2, 16),
    2019: (2, 5),
    2020: (1, 25),
    2021: (2, 12),
    2022: (2, 1),
    2023: (1, 22),
    2024: (2, 10),
    2025: (1, 29),
    2026: (2, 17),
    2027: (2, 6),
    2028: (1, 26),
    2029: (2, 13),
    2030: (2, 3),
    2031: (1, 23),
    2032: (2, 11),
    2033: (1, 31),
    2034: (2, 19),
    2035: (2, 8),
}

#: Filler peeled off the front (any of these) or the back (TRAIL_FILLER) when no rule
#: matches.  "前" is not filler: "2027年前" is 2026, "2027年底前" is December 2027.
LEAD_FILLER = frozenset(
    (
        "力争",
        "争取",
        "计划",
        "预计",
        "将于",
        "将",
        "于",
        "在",
        "为",
        "至",
        "截至",
        "截止",
        "不晚于",
        "不迟于",
        "确保",
        "有望",
        "拟",
        "拟于",
        "基本",
        "全面",
        "目标",
        "完成",
        "实现",
        "启动",
        "推出",
        "日期",
        "时间",
        "自",
        "由",
        "从",
        "规划",
        "方案",
        "纲要",
        "行动计划",
        "会",
        "要",
        "将要",
        "及",
    )
)
TRAIL_FILLER = frozenset(
    (
        "完成",
        "实现",
        "启动",
        "推出",
        "基本",
        "全面",
        "目标",
        "截止",
        "日期",
        "时间",
        "或之前",  # "or before", like the English trailing "or before"
        "为",  # "在10个月内为...": "for", before what is to be done
        "将",
        "将要",
        "要",
        "会",
        "拟",
        "计划",
        "预计",
        "规划",
        "方案",
        "纲要",
        "行动计划",
        "在",
        "于",
        "及",
    )
)
#: More words, beside the filler (which the engine adds as words of their own).
MORE_WORDS = {
    "或以前": "或之前",
    "或更早": "或之前",
    "开始": "开始",
    "開始": "开始",
    # "and" between two years: "2026/27及2027/28兩個年度", "2025年和2026年" (filler when
    # it joins no date: "2025年和平发展")
    "及": "及",
    "和": "及",
    "与": "及",
    "與": "及",
}
#: Common words that begin with a date character (中, 初, 日, 前, 起, 内, 底, 上, 下):
#: read as words, so that 中华 is not "mid-" and 起步 not "from".
NOISE = frozenset(
    (
        "中国",
        "中华",
        "中央",
        "中共",
        "中心",
        "中小",
        "中外",
        "中资",
        "中方",
        "中长期规划",
        "初步",
        "初心",
        "日常",
        "日益",
        "日趋",
        "底线",
        "前海",
        "前沿",
        "前列",
        "前景",
        "起步",
        "起点",
        "发起",
        "内地",
        "内容",
        "内部",
        "国内",
        "境内",
        "区内",
        "上海",
        "上市",
        "下一步",
        "以上",
        "以下",
        "年轻",
        "年龄",
        "周边",
        "月球",
        "中期预测",
        "中期預測",
        "中期检讨",
        "中期评估",
        "中期报告",
        "中期检视",
        "中期檢討",
        "中期評估",
        "中期報告",
        "中期檢視",
        "中午",
        # 至 as in "at least / at most / even / as for / vital", not the range word
        "至少",
        "至多",
        "以至",
        "甚至",
        "乃至",
        "至于",
        "至关",
        "至为",
        "上午",
        "下午",
        "晚上",
        "凌晨",
        "天气",
        "天氣",
        "天然",
        "天津",
        "天下",
    )
)
VAGUE = frozenset(
    (
        "前后",
        "左右",
        "近期",
        "尽快",
        "尽早",
        "早日",
        "适时",
        "不久",
        "将来",
        "中期",
        "长期",
        "短期",
        "中长期",
        "近年",
        "待定",
        "世纪",
    )
)
OPEN = frozenset(("后", "起", "以来", "不早于", "开始"))
#: Vague horizons that name a stretch when 至 / 到 and its end follow ("規劃近期至2022年",
#: "中期到2025年": up to that year); alone they stay vague.
HORIZONS = frozenset(("近期", "中期", "长期", "短期", "中长期"))

DIGITS = {
    "\u3007": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}

UNIT_AFTER = frozenset("年月日号天个周季星%")
#: Words after "十五" that make it the 10th Five-Year Plan rather than fifteen.
PLAN_CONTEXT = ("规划", "计划", "时期", "期", "末", "初", "开局", "收官")
OPEN_QUOTES = frozenset("\u201c\u2018\u300c\u300e\"'")
CLOSE_QUOTES = frozenset("\u201d\u2019\u300d\u300f\"'")
DROPPED = frozenset(
    "\u201c\u201d\u2018\u2019\u300c\u300d\u300e\u300f\"'()[]\u3010\u3011\u300a\u300b,\u3002:"
)
REL_YEARS = {"今年": 0, "明年": 1, "后年": 2, "去年": -1, "前年": -2}
#: Fiscal years and days counted from the reference's (canonical words above).
REL_FISCAL_YEARS = {"本财年": 0, "下财年": 1, "上财年": -1}
REL_DAYS = {"今日": 0, "明日": 1, "昨日": -1}
#: Weeks counted from the reference's Monday-Sunday week (canonical words above).
REL_WEEKS = {"本周": 0, "下周": 1, "上周": -1}
#: Words that put a bare weekday in a sentence in the future (将于周五举行) or the past
#: (金管局周一宣布); the future wins, and without either it is the next one.
WEEKDAY_FUTURE = ("将", "会", "會", "拟", "计划", "预计", "即将", "届时")
WEEKDAY_PAST = ("宣布", "表示", "指出", "发表", "公布", "发布", "举行了", "召开了", "已", "了")

#: What 左右 / 前后 ("about") qualify when they make a DATE vague; after anything else
#: ("60%左右", "50个左右") they qualify an amount.
DATE_ENDS = frozenset(
    ("年", "月", "日", "号", "底", "末", "初", "中", "季度", "年度", "上半年", "下半年", "五")
)


#: a lone 年, 中 or 初 is part of a word (青年, 中国, 初步), not a date.
ANCHORS = frozenset(
    (
        *("今年", "明年", "后年", "去年", "前年", "上半年", "下半年", "未来", "今后"),
        *("本财年", "下财年", "上财年", "今日", "明日", "昨日", "本周", "下周", "上周"),
        "今明",
    )
)
#: A plan's opening or closing year (开局之年, 收官之年): after "的" it is that of what
#: comes before, a plan's own ("十四五规划的开局之年") or, after anything else
#: ("贯彻二十大精神的开局之年"), of something that names no plan period: no date.
PLAN_YEARS = frozenset(("开局", "收官"))
#: Words after a count of years that keep it a count, not a date: "这五年期间".
COUNT_AFTER = frozenset(("期间",))
DEADLINE_MARKS = frozenset(("至", "截至", "截止", "不晚于", "不迟于"))
#: Verbs that move a deadline ("延期至..."): the date after the last 至 is meant.
MOVES = (
    "延长",
    "延長",
    "推迟",
    "推遲",
    "押后",
    "押後",
    "顺延",
    "順延",
    "延期",
    "延至",
    "推后",
    "推後",
)
NEGATIONS = (
    "不会",
    "不能",
    "无法",
    "未能",
    "取消",
    "暂缓",
    "搁置",
    "难以",
    "不再",
    "不予",
    "不會",
    "無法",
    "暫緩",
    "擱置",
    "難以",
)


#: What makes a number a date or a duration: "2027年", "3月", "10个月", "十四五", "2025/26".
DATE_UNITS = frozenset(
    (
        "年",
        "月",
        "日",
        "号",
        "天",
        "个",
        "周",
        "季度",
        "季",
        "五",
        "年度",
        "财政年度",
        "/",
        "-",
        "至",
    )
)


UNITS = {"年": "year", "月": "month", "天": "day", "日": "day", "周": "week", "季度": "quarter"}
