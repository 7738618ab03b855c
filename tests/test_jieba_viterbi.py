"""The fast segmentation (guidepress/patches/jieba_viterbi.py) gives exactly what jieba 0.42.1
gives: the same probability (the same float) and the same path from ``viterbi``, the same routes
from ``Tokenizer.calc``, ties included, and the same words from ``jieba.lcut`` and its
relatives, with the HMM on and off.

The inputs are seeded: sentences written for this test, strings of common and of rare Han
characters (many of which jieba's HMM tables lack), repeated characters, mixed scripts, and small
tables made of a few numbers so that probabilities are often equal."""

from __future__ import annotations

import random
import types

import jieba
import jieba.posseg
import pytest
from jieba import finalseg

from guidepress.patches import jieba_viterbi as jv

STOCK_VITERBI = jv._stock_viterbi
STOCK_CALC = jv._stock_calc
HMM_TABLES = (finalseg.start_P, finalseg.trans_P, finalseg.emit_P)

SENTENCES = [
    "今天早上我觉得有点累，吃完早饭以后又睡了一会儿。",
    "医生建议我每天散步半个小时，晚上不要喝太多咖啡。",
    "如果化疗以后出现发烧或者寒战，请马上联系你的护理团队。",
    "我妈妈住在离医院不远的小区，每周三去复查一次。",
    "血常规检查需要空腹吗？护士说喝一点白开水没有关系。",
    "疲劳是治疗期间很常见的症状，但它并不意味着病情变重了。",
    "把你想问的问题写在本子上，看门诊的时候就不会忘记。",
    "他的血压最近偏高，药剂师帮他调整了服药的时间。",
    "周末我们全家去公园野餐，孩子们在草地上放风筝。",
    "放疗区域的皮肤可能会发红发痒，请用温水轻轻清洗。",
    "照顾病人的家属也需要休息，别忘了给自己留一点时间。",
    "这家小店的牛肉面特别好吃，汤头是用骨头熬了八个小时的。",
    "术后第三天，她已经可以扶着栏杆在走廊里慢慢走路了。",
    "请在预约前四十八小时内停止服用阿司匹林和布洛芬。",
    "下雨天路滑，老人出门最好带上拐杖，穿防滑的鞋子。",
    "营养师说少量多餐比一天吃三顿大餐更容易消化。",
    "我们公司新来的同事叫李晓明，他以前在深圳做软件工程师。",
    "检查结果出来以后，医生会打电话告诉你下一步怎么做。",
    "失眠的时候不要一直看手机，可以听一些轻柔的音乐。",
    "张阿姨每天早上六点起床，先打一套太极拳，再去菜市场买菜。",
    "恶心和呕吐可以用药物控制，请不要硬撑着不说。",
    "这本指南介绍了如何安排作息、如何和家人沟通病情。",
    "火车晚点了两个小时，我们只好在候车室里等着。",
    "记录每天的体温、体重和睡眠情况，有助于发现变化。",
    "医保报销需要带身份证、病历本和所有的发票原件。",
    "小王的女儿今年考上了北京的一所大学，全家都很高兴。",
    "如果口腔溃疡影响吃饭，可以试试吃温凉的流质食物。",
    "春天到了，窗外的樱花开得很好看，蜜蜂飞来飞去。",
    "护士教我怎样冲洗导管，回家以后我自己也能做了。",
    "请问最近的药店在哪里？往前走两百米，过了红绿灯就到了。",
    "他说话的时候总是嗯嗯啊啊的，让人听不太清楚。",
    "克里斯托弗从赫尔辛基坐飞机到乌兰巴托，又转车去了阿勒泰。",
    "新冠疫苗接种后手臂酸痛是正常反应，一般两三天就好了。",
]

MIXED = [
    "我今天量了体温37.5°C，心率88次/分钟。",
    "下载App后用Wi-Fi登录，密码是abc123。",
    "CT和MRI的报告要等3~5个工作日。",
    "Email: care@example.org；电话：010-12345678",
    "第2期化疗（cycle 2）从5月3日开始！",
    "维生素B12和叶酸 folic acid 每天各一片。",
    "100%的患者都需要…… 不，大约85.5%就够了。",
    "C++、C#和.NET都不是药名。",
    "  空格\t制表符\n换行\r\n之间的中文  ",
    "😀表情符号😀和emoji混在一起",
    "",
    "。",
    "a",
    "中",
]

REPEATS = ["哈哈哈哈哈哈", "的的的的的的的的", "嗯嗯嗯", "啊" * 50, "我我", "谢谢谢谢谢谢谢", "一二一二一二一二",
           "㐀㐀㐀㐀", "鿕" * 40, "龘龘龘龘龘龘", "人人人人人人人人人人人人人人人人"]


def _han_without_emission() -> list[str]:
    """Han characters none of jieba's HMM emission tables know: every state gets MIN_FLOAT."""
    emit = finalseg.emit_P
    return [c for c in map(chr, range(0x4E00, 0x9FD6)) if not any(c in emit[s] for s in "BMES")]


def _han_with_emission() -> list[str]:
    return sorted(set(finalseg.emit_P["S"]) | set(finalseg.emit_P["B"]))


def _random_strings(seed: int, count: int) -> list[str]:
    """Han strings of 2 to 200 characters: common ones, rare ones, ones the tables lack, runs of
    one character, mixtures of these with Latin letters, digits and punctuation."""
    rnd = random.Random(seed)
    common = sorted(set("".join(SENTENCES)) - set("，。？！、"))
    known = _han_with_emission()
    unknown = _han_without_emission()
    other = list("abcXYZ0123456789.%-+#&_ ，。！？；：“”（）\n") + ["😀", "é", "ß"]
    out = []
    for n in range(count):
        length = rnd.choice([2, 2, 3, 3, 4, 5, 7, 10, 20, rnd.randint(2, 200)])
        kind = n % 6
        if kind == 0:
            pool = common
        elif kind == 1:
            pool = known
        elif kind == 2:
            pool = unknown
        elif kind == 3:
            pool = common + known + unknown
        elif kind == 4:
            pool = rnd.sample(common + unknown, 2)  # two characters only: long runs and ties
        else:
            pool = common + unknown + other
        text = "".join(rnd.choice(pool) for _ in range(length))
        if rnd.random() < 0.2:
            text += rnd.choice(unknown + common) * rnd.randint(2, 30)
        out.append(text)
    return out


@pytest.fixture(autouse=True)
def _as_before():
    """The patch installed (or not) after each test as it was before."""
    was = jv.installed()
    yield
    if was:
        assert jv.install()
    else:
        jv.uninstall()


def _assert_same_viterbi(obs, states="BMES", tables=HMM_TABLES):
    theirs = STOCK_VITERBI(obs, states, *tables)
    mine = jv.viterbi(obs, states, *tables)
    assert type(mine) is tuple and type(mine[1]) is list, obs
    assert mine[1] == theirs[1], (obs, mine, theirs)
    assert mine[0] == theirs[0] and repr(mine[0]) == repr(theirs[0]), (obs, mine[0], theirs[0])
    return theirs


def test_same_viterbi_as_jieba_on_sentences_and_random_strings():
    paths = set()
    texts = SENTENCES + [m for m in MIXED if len(m) > 1] + REPEATS + _random_strings(1, 3000)
    for text in texts:
        paths.add("".join(_assert_same_viterbi(text)[1]))
        for run in finalseg.re_han.findall(text):  # the runs jieba gives its HMM
            if len(run) > 1:
                _assert_same_viterbi(run)
    assert len(paths) > 500  # the paths vary, so the comparison says something


def test_same_viterbi_on_characters_the_tables_lack():
    """Every state's emission is MIN_FLOAT for such a character: the sums are then equal far more
    often, and jieba's tuples decide by the state's letter."""
    unknown = _han_without_emission()
    assert len(unknown) > 5000
    rnd = random.Random(2)
    for length in [2, 3, 4, 5, 8, 13, 50, 200]:
        for _ in range(20):
            _assert_same_viterbi("".join(rnd.choice(unknown) for _ in range(length)))
            _assert_same_viterbi("".join(rnd.choice(unknown + list("的是我")) for _ in range(length)))
    for obs in ["ab", "12", "😀😀", "  ", "a的", "的a", "xyz" * 30]:
        _assert_same_viterbi(obs)


def _small_tables(rnd: random.Random, alphabet: str):
    """HMM tables made of a few round numbers: equal probabilities everywhere. Some transitions
    and emissions are left out (MIN_FLOAT), as jieba's own tables leave some out."""
    values = [0.0, -1.0, -2.0, -0.5, -3.0]
    start = {s: rnd.choice(values) for s in "BMES"}
    trans = {s: {t: rnd.choice(values) for t in "BMES" if rnd.random() < 0.8} for s in "BMES"}
    emit = {s: {c: rnd.choice(values) for c in alphabet if rnd.random() < 0.7} for s in "BMES"}
    return start, trans, emit


def test_same_viterbi_and_ties_on_small_tables():
    rnd = random.Random(3)
    alphabet = "甲乙丙丁x"
    for _ in range(600):
        tables = _small_tables(rnd, alphabet)
        for _ in range(3):
            _assert_same_viterbi("".join(rnd.choice(alphabet) for _ in range(rnd.randint(2, 40))), tables=tables)
    zeros = ({s: 0.0 for s in "BMES"}, {s: {t: 0.0 for t in "BMES"} for s in "BMES"}, {s: {} for s in "BMES"})
    for length in range(2, 12):  # nothing but ties
        _assert_same_viterbi("甲" * length, tables=zeros)


def test_what_it_does_not_handle_is_jiebas_own(monkeypatch):
    """Other states, a changed PrevStatus, one character, tables it cannot read: jieba's function,
    with its result or its exception."""
    with pytest.raises(IndexError):
        STOCK_VITERBI("", "BMES", *HMM_TABLES)
    with pytest.raises(IndexError):
        jv.viterbi("", "BMES", *HMM_TABLES)
    for obs in ["的", "a", "中文分词", list("中文分词"), tuple("克里斯托弗")]:
        assert jv.viterbi(obs, "BMES", *HMM_TABLES) == STOCK_VITERBI(obs, "BMES", *HMM_TABLES)
    for states in ["SEMB", list("BMES"), ("B", "M", "E", "S")]:
        assert jv.viterbi("克里斯托弗", states, *HMM_TABLES) == STOCK_VITERBI("克里斯托弗", states, *HMM_TABLES)
    start, trans, emit = HMM_TABLES
    assert jv.viterbi("的", "BMES", start, {}, emit) == STOCK_VITERBI("的", "BMES", start, {}, emit)
    with pytest.raises(KeyError):
        jv.viterbi("中文", "BMES", start, {}, emit)
    with pytest.raises(KeyError):
        jv.viterbi("中文", "BMES", {}, trans, emit)
    called = []
    monkeypatch.setattr(jv, "_stock_viterbi", lambda *args: called.append(args) or STOCK_VITERBI(*args))
    monkeypatch.setitem(finalseg.PrevStatus, "B", "SE")  # the same states, another order
    assert jv.viterbi("克里斯托弗", "BMES", *HMM_TABLES) == STOCK_VITERBI("克里斯托弗", "BMES", *HMM_TABLES)
    assert len(called) == 1


def _random_dag(rnd: random.Random, n: int) -> dict[int, list[int]]:
    dag = {}
    for k in range(n):
        ends = [k] + [i for i in range(k + 1, min(n, k + 6)) if rnd.random() < 0.4]
        if rnd.random() < 0.2:
            rnd.shuffle(ends)  # calc takes any order: max decides
        if rnd.random() < 0.1:
            ends.append(ends[0])
        dag[k] = ends
    return dag


def _assert_same_route(tokenizer, sentence, dag):
    theirs, mine = {}, {}
    STOCK_CALC(tokenizer, sentence, dag, theirs)
    jv.calc(tokenizer, sentence, dag, mine)
    assert list(mine.items()) == list(theirs.items()), sentence  # same tuples, in the same order
    assert [repr(v) for v, _ in mine.values()] == [repr(v) for v, _ in theirs.values()]


def test_same_routes_as_jieba():
    tokenizer = jieba.dt
    tokenizer.check_initialized()
    for text in SENTENCES + MIXED + REPEATS + _random_strings(4, 600):
        _assert_same_route(tokenizer, text, tokenizer.get_DAG(text))


def test_same_routes_and_ties_on_a_small_dictionary():
    """Frequencies of 0 and 1 over a total of 1: every word is worth ``log(1) - log(1)``, so many
    routes are equal and the greater end must win, as with jieba's ``max``."""
    rnd = random.Random(5)
    for _ in range(400):
        words = {"".join(rnd.choice("ab") for _ in range(rnd.randint(1, 4))) for _ in range(8)}
        tokenizer = types.SimpleNamespace(FREQ={w: rnd.choice([0, 1, 1, 2, 4]) for w in words},
                                          total=rnd.choice([1, 2, 8, 1000]))
        sentence = "".join(rnd.choice("abc") for _ in range(rnd.randint(0, 30)))
        _assert_same_route(tokenizer, sentence, _random_dag(rnd, len(sentence)))
    tokenizer = types.SimpleNamespace(FREQ={"ab": 1}, total=1)
    theirs, mine = {}, {}  # ends that are not a list: jieba's own expression
    STOCK_CALC(tokenizer, "abab", {0: (0, 1), 1: {1}, 2: [2, 3], 3: iter([3])}, theirs)
    jv.calc(tokenizer, "abab", {0: (0, 1), 1: {1}, 2: [2, 3], 3: iter([3])}, mine)
    assert list(mine.items()) == list(theirs.items())
    for dag in ({0: [], 1: [1]}, {0: [0]}):
        with pytest.raises((ValueError, KeyError)) as theirs:
            STOCK_CALC(tokenizer, "ab", dag, {})
        with pytest.raises(theirs.type):
            jv.calc(tokenizer, "ab", dag, {})


def _segmented(texts: list[str]) -> list:
    out = []
    for text in texts:
        out.append(jieba.lcut(text))
        out.append(jieba.lcut(text, HMM=True))
        out.append(jieba.lcut(text, HMM=False))
        out.append(jieba.lcut_for_search(text))
        out.append(list(jieba.tokenize(text)))
        out.append(jieba.lcut(text.encode("utf-8")))  # as Material's search plugin calls it
    return out


def test_same_words_as_jieba():
    texts = SENTENCES + MIXED + REPEATS + ["".join(SENTENCES)] + _random_strings(6, 600)
    jv.uninstall()
    theirs = _segmented(texts)
    tagged = [jieba.posseg.lcut(text) for text in SENTENCES + MIXED]
    assert jv.install() and jv.installed()
    assert finalseg.viterbi is jv.viterbi and jieba.Tokenizer.calc is jv.calc
    assert _segmented(texts) == theirs
    assert [jieba.posseg.lcut(text) for text in SENTENCES + MIXED] == tagged
    assert jieba.lcut("克里斯托弗从赫尔辛基出发") == ["克里斯托弗", "从", "赫尔辛基", "出发"]


def test_install_is_idempotent_and_uninstall_gives_jieba_back():
    assert jv.install() and jv.install() and jv.installed()
    jv.uninstall()
    assert not jv.installed()
    assert finalseg.viterbi is STOCK_VITERBI and jieba.Tokenizer.calc is STOCK_CALC
    assert jv.viterbi.guidepress_original is STOCK_VITERBI and jv.calc.guidepress_original is STOCK_CALC
