"""Every page in Chinese and in English, the language switch, and how the language is chosen when the user has
not chosen one: the projects' language, then the browser's."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from contractkit.web.i18n import COOKIE
from contractkit.web.zh import ZH
from tests.web.conftest import Browser, copy_samples, make_client, text_of

#: Every page a GET shows, on a Chinese project and an English one.
PAGES = [
    "/",
    "/new",
    "/p/fitout-cn",
    "/p/fitout-cn/contract",
    "/p/fitout-cn/schedule",
    "/p/fitout-cn/evidence",
    "/p/fitout-cn/ledger",
    "/p/fitout-cn/documents",
    "/p/software-uk",
    "/p/software-uk/contract",
    "/p/software-uk/schedule",
    "/p/software-uk/evidence",
    "/p/software-uk/ledger",
    "/p/software-uk/documents",
    "/p/software-uk/ledger/fields?type=notice",
    "/p/nobody",
    "/p/software-uk/evidence/item/E99/file",
]
#: What each kind of page says, in each language.
SAYS = {
    "/": ("应收账款账龄", "Aging of receivables"),
    "/new": ("创建项目", "Create the project"),
    "": ("当前逾期金额", "Overdue now"),
    "/contract": ("发包人：付款的一方", "Client: the party that pays"),
    "/schedule": ("添加付款节点", "Add a payment node"),
    "/evidence": ("添加证明材料", "Add evidence"),
    "/ledger": ("登记付款记录", "Record what happened"),
    "/documents": ("付款申请资料包", "Application pack"),
    "/ledger/fields": ("函件种类", "Which letter"),
    "/p/nobody": ("未找到", "Not found"),
    "/file": ("未找到", "Not found"),
}


def _says(url: str) -> tuple[str, str]:
    if url in SAYS:
        return SAYS[url]
    if url.endswith("/file"):
        return SAYS["/file"]
    tail = re.sub(r"^/p/[^/]+", "", url.split("?")[0])
    return SAYS[tail]


class _Visible(HTMLParser):
    """The text a person reads, without what is shown in English on purpose (lang="en") or as code."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[bool] = []
        self.texts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("meta", "link", "input", "br", "img"):
            return
        skip = dict(attrs).get("lang") == "en" or tag in ("code", "pre", "script", "style", "option", "title")
        self.stack.append(skip or (bool(self.stack) and self.stack[-1]))

    def handle_endtag(self, tag: str) -> None:
        if self.stack and tag not in ("meta", "link", "input", "br", "img"):
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not (self.stack and self.stack[-1]) and data.strip():
            self.texts.append(data.strip())


def _interface_english(html: str) -> list[str]:
    """Texts of the catalogue that a page shows in English: an interface text that was not translated."""
    parser = _Visible()
    parser.feed(html)
    shown = " \n ".join(parser.texts)
    english = [
        key
        for key in ZH
        if "\x04" not in key and "%(" not in key and len(key.split()) >= 2 and re.search(r"[a-z]{3}", key)
    ]
    return [key for key in english if key in shown]


@pytest.mark.parametrize("url", PAGES)
def test_every_page_in_chinese(chinese: Browser, url: str) -> None:
    page = chinese.get(url)
    assert page.status_code in (200, 404), url
    assert '<html lang="zh-CN">' in page.text or url.startswith("/p/software-uk/ledger/fields")
    assert _says(url)[0] in page.text, url
    assert not _interface_english(page.text), url


@pytest.mark.parametrize("url", PAGES)
def test_every_page_in_english(browser: Browser, url: str) -> None:
    page = browser.get(url)
    assert page.status_code in (200, 404), url
    assert '<html lang="en">' in page.text or url.startswith("/p/software-uk/ledger/fields")
    assert _says(url)[1] in page.text, url
    said = text_of(page.text).replace("中文", "").replace("统一社会信用代码", "")  # the switch; a hint naming the code
    assert not re.search(r"[\u4e00-\u9fff]", said) or "fitout-cn" in url or url == "/"  # or the projects' data


def test_the_chinese_overview_reads_as_the_documents_do(chinese: Browser) -> None:
    page = chinese.get("/p/fitout-cn").text
    assert "人民币520,000.00元" in page  # the overdue sum as the letters write it
    assert "付款节点（截至2026年11月29日）" in page  # a date in prose
    assert "已逾期" in page and "已付清" in page  # the node's state as the payment statement names it
    assert "立即发出催款通知书" in page  # the next step names the letter by its title
    assert 'data-state="overdue"' in page  # the data the tests and the command line compare stays as it is
    portfolio = chinese.get("/").text
    assert "P2：立即发出催款通知书" in portfolio and "2026年7月9日前" in portfolio  # the reminder gave until 8 July
    assert "184天" in portfolio


def test_the_rules_messages_stay_the_command_lines_english_with_their_frame_in_chinese(
    workspace: Path, chinese: Browser
) -> None:
    path = workspace / "software-uk" / "project.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace('share: "35%"', 'share: "30%"'), encoding="utf-8")
    page = chinese.get("/p/software-uk").text
    assert "SCH004" in page and "short of the contract price" in page  # the rule's own words, as validate says them
    line = path.read_text(encoding="utf-8").splitlines().index("payment_schedule:") + 1  # where SCH004 points
    assert f"（第{line}行）：" in page and "在“付款节点”页修改" in page
    portfolio = chinese.get("/").text
    assert "1个校验错误；" in portfolio


def test_forms_say_their_errors_and_saves_in_chinese(workspace: Path, chinese: Browser) -> None:
    saved = chinese.post("/p/software-uk/contract/client", {"name": "Northgate Mutual Assurance plc", "email": "x@y"})
    assert "发包人：付款的一方：已保存。" in saved.text or "未保存" in saved.text
    empty = chinese.post("/p/software-uk/contract/client", {"name": ""})
    assert "未保存：有必填项未填写。" in empty.text and "必须填写" in empty.text
    paid = chinese.post(
        "/p/software-uk/ledger", {"on": "2026-11-20", "type": "paid", "node": "P3", "amount": "86,000.00"}
    )
    assert "已登记：2026年11月20日收到付款" in paid.text
    refused = chinese.post("/p/software-uk/schedule/node/P2/delete", {})
    assert "不能删除P2" in refused.text
    upload = chinese.post("/p/software-uk/evidence/upload", {"title": "x"}, files={"file": ("notes.txt", b"hello")})
    assert "证明材料必须是PDF或图片" in upload.text and "不接受.txt文件" in upload.text


def test_a_letter_is_said_by_its_chinese_title(chinese: Browser) -> None:
    form = {"node": "P2", "stage": "", "lang": "zh", "record": "1", "via": "ems", "tracking": "EMS1"}
    page = chinese.post("/p/fitout-cn/documents/letter", form)
    assert "已生成P2的催款通知书，并在付款记录中登记为已以中国邮政EMS发出" in page.text
    ledger = chinese.get("/p/fitout-cn/ledger").text
    assert "发出催款函" in ledger and "以中国邮政EMS发出" in ledger and "催款通知书" in ledger
    # the English contract's notices clause names no postal service: a letter sent by EMS is not given under it
    assert "未生成" in chinese.post("/p/software-uk/documents/letter", {**form, "node": "P3"}).text
    refused = chinese.post("/p/fitout-cn/documents/letter", {**form, "via": ""})
    assert "未生成：要登记为已发出，请选择送达方式" in refused.text


def test_chinese_pages_still_escape_what_the_user_wrote(workspace: Path, chinese: Browser) -> None:
    form = {
        "folder": "script-test",
        "language": "zh",
        "kind": "construction",
        "project.code": "X-1",
        "project.name": "<script>alert(1)</script>",
        "parties.client.name": "<b>甲方</b>",
        "parties.contractor.name": "乙方",
        "contract.number": "HT-1",
        "contract.signed_on": "2026-03-01",
        "contract.currency": "CNY",
        "contract.price": "100,000.00",
    }
    assert chinese.post("/new", form, follow_redirects=False).status_code == 303
    page = chinese.get("/p/script-test/contract?created=1").text
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;甲方&lt;/b&gt;向乙方付款" in page  # a translated sentence escapes the values it is given
    again = chinese.post("/new", form).text
    assert "已有script-test；请换一个名称" in again
    node = chinese.post("/p/script-test/schedule/add-node", {"id": "P1", "title": "<i>x</i>"}).text
    assert "P1已被使用；请换一个编号" in node and "<i>x</i>" not in node


# -- the switch ----------------------------------------------------------------------------------------------------


def test_the_switch_keeps_the_choice_in_a_cookie_and_goes_back_to_the_page(browser: Browser) -> None:
    page = browser.get("/p/fitout-cn/schedule")
    assert 'name="back" value="/p/fitout-cn/schedule"' in page.text
    switched = browser.post("/language", {"lang": "zh", "back": "/p/fitout-cn/schedule"}, follow_redirects=False)
    assert switched.status_code == 303 and switched.headers["location"] == "/p/fitout-cn/schedule"
    cookie = switched.headers["set-cookie"]
    assert f"{COOKIE}=zh" in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict")
    assert '<html lang="zh-CN">' in browser.get("/p/fitout-cn/schedule").text
    browser.post("/language", {"lang": "en", "back": "/"})
    assert '<html lang="en">' in browser.get("/").text


def test_the_switch_goes_back_only_to_this_app_and_needs_the_pages_token(browser: Browser) -> None:
    for back in ("//evil.example/", "https://evil.example/", "\\\\evil", "javascript:alert(1)", "/\r\nSet-Cookie: x"):
        switched = browser.post("/language", {"lang": "zh", "back": back}, follow_redirects=False)
        assert switched.status_code == 303 and switched.headers["location"] == "/", back
    unknown = browser.post("/language", {"lang": "fr", "back": "/"}, follow_redirects=False)
    assert "set-cookie" not in unknown.headers
    forged = browser.post("/language", {"lang": "zh", "back": "/"}, csrf=False, follow_redirects=False)
    assert forged.status_code == 403


def test_a_page_a_form_was_posted_to_switches_back_to_its_own_page(chinese: Browser) -> None:
    page = chinese.post("/p/software-uk/contract/client", {"name": ""})
    assert 'name="back" value="/p/software-uk/contract"' in page.text
    new = chinese.post("/new", {"folder": ""})
    assert 'name="back" value="/new"' in new.text


def _plain_client(folder: Path) -> Browser:
    return Browser(make_client(folder), lang=None)


@pytest.mark.parametrize(
    ("samples", "accept", "expected"),
    [
        (("fitout-cn", "warehouse-cn", "software-uk"), "en-GB,en;q=0.9", "zh"),  # most projects are Chinese
        (("epc-intl",), "en-GB", "zh"),  # a bilingual project: Chinese
        (("software-uk",), "zh-CN,zh;q=0.9", "en"),  # an English project: English
        (("fitout-cn", "software-uk"), "zh-CN,zh;q=0.9,en;q=0.8", "zh"),  # a tie: the browser decides
        (("fitout-cn", "software-uk"), "en-US,en;q=0.9", "en"),
        (("fitout-cn", "software-uk"), None, "en"),
        ((), "zh-TW,zh;q=0.9", "zh"),  # no project yet: the browser
        ((), None, "en"),
    ],
)
def test_without_a_choice_the_projects_then_the_browser_decide(
    tmp_path: Path, samples: tuple[str, ...], accept: str | None, expected: str
) -> None:
    folder = copy_samples(tmp_path / "projects", samples)
    browser = _plain_client(folder)
    headers = {"accept-language": accept} if accept else {}
    for url in ("/", "/new", *(f"/p/{name}" for name in samples)):
        page = browser.get(url, headers=headers).text
        assert f'<html lang="{"zh-CN" if expected == "zh" else "en"}">' in page, url
    browser.client.cookies.set(COOKIE, "en" if expected == "zh" else "zh")  # the user's choice wins
    page = browser.get("/", headers=headers).text
    assert f'<html lang="{"en" if expected == "zh" else "zh-CN"}">' in page


def test_a_project_file_changing_language_changes_the_default(tmp_path: Path) -> None:
    folder = copy_samples(tmp_path / "projects", ("software-uk",))
    browser = _plain_client(folder)
    assert '<html lang="en">' in browser.get("/").text
    path = folder / "software-uk" / "project.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("language: en", "language: zh"), encoding="utf-8")
    assert '<html lang="zh-CN">' in browser.get("/").text


def test_answers_before_any_page_follow_the_browser(tmp_path: Path) -> None:
    folder = copy_samples(tmp_path / "projects", ("software-uk",))
    client = make_client(folder)
    page = client.get("/", headers={"host": "evil.example", "accept-language": "zh-CN"})
    assert page.status_code == 400 and "本服务不响应主机名" in page.text
    page = client.get("/", headers={"host": "evil.example"})
    assert page.status_code == 400 and "does not answer to the host name" in page.text


def test_the_chinese_font_and_language_for_the_browser(chinese: Browser) -> None:
    css = chinese.get("/static/app.css").text
    rule = css[css.index(":root:lang(zh-CN)") :]
    stack = rule[rule.index("font-family:") : rule.index(";")]
    assert stack.index('"Noto Sans CJK SC"') < stack.index("sans-serif")
    assert "JP" not in stack
    page = chinese.get("/").text
    assert '<html lang="zh-CN">' in page and 'lang="en" aria-pressed="false">English</button>' in page


def test_an_empty_folder_and_a_removed_project_do_not_break_the_choice(tmp_path: Path) -> None:
    folder = copy_samples(tmp_path / "projects", ("fitout-cn",))
    browser = _plain_client(folder)
    assert '<html lang="zh-CN">' in browser.get("/").text
    shutil.rmtree(folder / "fitout-cn")
    assert '<html lang="en">' in browser.get("/").text
