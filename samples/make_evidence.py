#!/usr/bin/env python
"""Generate the evidence files of the sample projects in samples/*/evidence/.

    python samples/make_evidence.py            # write every file
    python samples/make_evidence.py --check    # exit 1 if a file is missing or would change

The documents are fictional: every name, number and address is made up (emails on .example domains).
The output is deterministic: fixed dates, a fixed PDF creation date and producer, seeded "photo" noise
and no timestamps, so running the script again gives byte-identical files (with the same fpdf2,
Pillow and fonts). It needs fpdf2, Pillow and a Noto CJK font (fonts-noto-cjk) plus Liberation fonts
(fonts-liberation2); a missing font is reported, never silently replaced.

Each evidence file is listed in its project's evidence register (``evidence: - {file: ...}``);
the site photo of fitout-cn carries EXIF orientation 6 (stored rotated, displayed upright) so that
rotation handling can be tested.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import io
import math
import random
import sys
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import TableBordersLayout
from fpdf.fonts import FontFace
from PIL import Image, ImageDraw, ImageFilter, ImageFont

SAMPLES = Path(__file__).resolve().parent
PRODUCER = "contractkit samples/make_evidence.py"

# --------------------------------------------------------------------------------------------------
# Fonts
# --------------------------------------------------------------------------------------------------

FONT_DIRS = [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".fonts"]
#: name -> (file name, index in a .ttc collection: 2 is Simplified Chinese in Noto CJK)
FONT_FILES = {
    "cjk": ("NotoSansCJK-Regular.ttc", 2),
    "cjk-bold": ("NotoSansCJK-Bold.ttc", 2),
    "cjk-serif": ("NotoSerifCJK-Regular.ttc", 2),
    "cjk-serif-bold": ("NotoSerifCJK-Bold.ttc", 2),
    "sans": ("LiberationSans-Regular.ttf", 0),
    "sans-bold": ("LiberationSans-Bold.ttf", 0),
    "serif": ("LiberationSerif-Regular.ttf", 0),
    "serif-bold": ("LiberationSerif-Bold.ttf", 0),
    "serif-italic": ("LiberationSerif-Italic.ttf", 0),
    "mono": ("LiberationMono-Regular.ttf", 0),
}
_FOUND: dict[str, Path] = {}


def font_path(name: str) -> tuple[Path, int]:
    file_name, index = FONT_FILES[name]
    if file_name not in _FOUND:
        for folder in FONT_DIRS:
            hits = sorted(folder.rglob(file_name)) if folder.is_dir() else []
            if hits:
                _FOUND[file_name] = hits[0]
                break
        else:
            sys.exit(f"make_evidence: font {file_name} not found under {', '.join(map(str, FONT_DIRS))}; "
                     "install fonts-noto-cjk and fonts-liberation2")
    return _FOUND[file_name], index


def pil_font(name: str, size: int) -> ImageFont.FreeTypeFont:
    path, index = font_path(name)
    return ImageFont.truetype(str(path), size, index=index)


# --------------------------------------------------------------------------------------------------
# Money and dates in words
# --------------------------------------------------------------------------------------------------


def money(value: Decimal | str | int) -> str:
    return f"{Decimal(value):,.2f}"


def zh_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def en_date(day: dt.date) -> str:
    return f"{day.day} {day:%B} {day.year}"


D = dt.date.fromisoformat

# --------------------------------------------------------------------------------------------------
# PDF documents
# --------------------------------------------------------------------------------------------------

RED = (200, 32, 40)
INK = (25, 55, 150)  # blue-black pen
GREY = (110, 110, 110)


class Doc(FPDF):
    """An A4 (or A5) document with the sample fonts, fixed metadata and small drawing helpers."""

    def __init__(self, *, day: dt.date, title: str, author: str, lang: str, orientation: str = "P",
                 page_format: str | tuple[float, float] = "A4", base: str = "sans", footer: str | None = None) -> None:
        super().__init__(orientation=orientation, unit="mm", format=page_format)
        self.set_creation_date(dt.datetime(day.year, day.month, day.day, 9, 0, tzinfo=dt.UTC))
        self.set_producer(PRODUCER)
        self.set_creator(PRODUCER)
        self.set_title(title)
        self.set_author(author)
        self.set_lang(lang)
        self._register("cjk")  # the fallback for Chinese characters in a Latin font
        self.set_fallback_fonts(["cjk"], exact_match=False)
        self.base = base
        self.footer_text = footer
        self.set_auto_page_break(True, margin=18)
        self.set_margins(20, 18, 20)
        self.set_font(base, size=10.5)

    def _register(self, name: str) -> None:
        if name not in self.fonts:
            path, index = font_path(name)
            self.add_font(name, "", str(path), collection_font_number=index)

    def set_font(self, family: str | None = None, style: str = "", size: float = 0) -> None:  # type: ignore[override]
        """Fonts are added when first used, so that a document embeds only the fonts it shows."""
        if family and family.lower() in FONT_FILES:
            self._register(family.lower())
        super().set_font(family, style, size)

    # fpdf2 calls footer() on each page.
    def footer(self) -> None:
        if not self.footer_text:
            return
        self.set_y(-12)
        with self.local_context(text_color=GREY):
            self.set_font(self.base, size=7.5)
            self.cell(0, 5, f"{self.footer_text}    {self.page_no()}/{{nb}}", align="C")

    # ---- text -----------------------------------------------------------------------------------
    def font(self, name: str | None = None, size: float = 10.5) -> Doc:
        self.set_font(name or self.base, size=size)
        return self

    def title_block(self, text: str, sub: str | None = None, size: float = 18, font: str | None = None) -> None:
        self.font(font or (self.base + "-bold" if not self.base.endswith("bold") else self.base), size)
        self.cell(0, size * 0.55, text, align="C", new_x="LMARGIN", new_y="NEXT")
        if sub:
            self.font(self.base, 10)
            self.cell(0, 6, sub, align="C", new_x="LMARGIN", new_y="NEXT")
        self.ln(3)

    def para(self, text: str, size: float = 10.5, font: str | None = None, gap: float = 1.6,
             indent: bool = False, align: str = "J", h: float | None = None) -> None:
        self.font(font, size)
        if indent:
            text = "\u3000\u3000" + text
        self.multi_cell(0, h or size * 0.55, text, align=align, new_x="LMARGIN", new_y="NEXT")
        self.ln(gap)

    def line_text(self, text: str, size: float = 10.5, font: str | None = None, align: str = "L",
                  h: float | None = None) -> None:
        self.font(font, size)
        self.cell(0, h or size * 0.6, text, align=align, new_x="LMARGIN", new_y="NEXT")

    def rule(self, gap: float = 2, width: float = 0.3) -> None:
        self.ln(gap)
        with self.local_context(line_width=width, draw_color=(60, 60, 60)):
            self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.ln(gap)

    def grid(self, rows: Sequence[Sequence[str]], widths: Sequence[float], *, size: float = 9.5,
             header: bool = True, aligns: Sequence[str] | None = None, line_height: float | None = None,
             head_fill: tuple[int, int, int] = (232, 236, 242), bold: str | None = None,
             total_last: bool = False) -> None:
        """A bordered table; the first row is the heading when ``header``."""
        self.font(self.base, size)
        head_font = bold or (self.base + "-bold")
        style = FontFace(family=head_font, emphasis="", fill_color=head_fill)
        with self.table(col_widths=tuple(widths), width=sum(widths), align="LEFT", first_row_as_headings=header,
                        headings_style=style, line_height=line_height or size * 0.55,
                        text_align=tuple(aligns) if aligns else "LEFT",
                        borders_layout=TableBordersLayout.ALL, padding=1.2) as table:
            for r, row in enumerate(rows):
                last = total_last and r == len(rows) - 1
                cells = table.row()
                for value in row:
                    if last:
                        cells.cell(value, style=FontFace(family=head_font, emphasis=""))
                    else:
                        cells.cell(value)
        self.ln(2)

    def pairs(self, rows: Sequence[tuple[str, str]], label_w: float = 45, size: float = 10,
              border: bool = True) -> None:
        """Label | value rows (a form)."""
        widths = (label_w, self.epw - label_w)
        self.font(self.base, size)
        style = FontFace(family=self.base + "-bold", emphasis="", fill_color=(240, 242, 246))
        with self.table(col_widths=widths, width=self.epw, first_row_as_headings=False,
                        line_height=size * 0.55, padding=1.4, text_align="LEFT",
                        borders_layout=TableBordersLayout.ALL if border else TableBordersLayout.NONE) as table:
            for label, value in rows:
                row = table.row()
                row.cell(label, style=style)
                row.cell(value)
        self.ln(2)

    # ---- marks: seals, signatures, letterheads ----------------------------------------------------
    def seal(self, cx: float, cy: float, text: str, bottom: str = "", r: float = 19, font: str = "cjk-bold",
             color: tuple[int, int, int] = RED, star: bool = True, angle: float = -8) -> None:
        """A round company seal: ring, star and the name around the upper arc (slightly tilted, translucent)."""
        with self.local_context(draw_color=color, fill_color=color, text_color=color, fill_opacity=0.82,
                                stroke_opacity=0.82):
            with self.rotation(angle, cx, cy):
                self.set_line_width(1.1)
                self.circle(cx, cy, r, style="D")  # fpdf2 >= 2.8.1: x, y is the centre
                if star:
                    self.star(cx, cy, r * 0.13, r * 0.33, 5, rotate_degrees=-90, style="F")
                n = len(text)
                span = min(235.0 if bottom else 280.0, 21.0 * n)
                step = span / max(n - 1, 1)
                radius = r * 0.74
                size_mm = min(r * 0.27, 0.92 * radius * math.radians(step))
                self.set_font(font, size=size_mm / 0.3528)
                start = 90 + span / 2
                for i, ch in enumerate(text):
                    theta = math.radians(start - i * step)
                    px = cx + radius * math.cos(theta)
                    py = cy - radius * math.sin(theta)
                    w = self.get_string_width(ch)
                    with self.rotation(math.degrees(theta) - 90, px, py):
                        self.text(px - w / 2, py + size_mm * 0.36, ch)
                if bottom:
                    self.set_font(font, size=min(r * 0.5, r * 4.2 / max(len(bottom), 1)))
                    w = self.get_string_width(bottom)
                    self.text(cx - w / 2, cy + r * 0.58, bottom)

    def signature(self, x: float, y: float, name: str, size: float = 15, angle: float = 6,
                  font: str = "serif-italic") -> None:
        """A name written in blue ink, slightly rising, as a stand-in for a handwritten signature."""
        with self.local_context(text_color=INK):
            self.set_font(font, size=size)
            with self.rotation(angle, x, y):
                self.text(x, y, name)

    def letterhead(self, name: str, lines: Sequence[str], color: tuple[int, int, int] = (20, 60, 110),
                   name_font: str | None = None, second: str | None = None) -> None:
        with self.local_context(text_color=color):
            self.font(name_font or self.base + "-bold", 15)
            self.cell(0, 8, name, new_x="LMARGIN", new_y="NEXT")
            if second:
                self.font("cjk-bold", 11)
                self.cell(0, 6, second, new_x="LMARGIN", new_y="NEXT")
        with self.local_context(text_color=GREY):
            self.font(self.base, 8.5)
            for line in lines:
                self.cell(0, 4.2, line, new_x="LMARGIN", new_y="NEXT")
        with self.local_context(draw_color=color, line_width=0.8):
            self.line(self.l_margin, self.get_y() + 2, self.w - self.r_margin, self.get_y() + 2)
        self.ln(7)

    def sign_row(self, blocks: Sequence[tuple[str, str, str, str]], height: float = 30, size: float = 9.5,
                 seals: Sequence[tuple[str, str] | None] | None = None, sig_font: str = "serif-italic") -> None:
        """Side-by-side signature blocks: (heading, signatory, signed name in ink, date text)."""
        n = len(blocks)
        width = self.epw / n
        top = self.get_y()
        if top + height + 8 > self.h - self.b_margin:
            self.add_page()
            top = self.get_y()
        for i, (heading, signatory, ink, when) in enumerate(blocks):
            x = self.l_margin + i * width
            self.set_xy(x, top)
            self.font(self.base + "-bold", size)
            self.multi_cell(width - 4, size * 0.5, heading, align="L", new_x="LEFT", new_y="NEXT")
            with self.local_context(draw_color=(80, 80, 80), line_width=0.25):
                self.line(x, top + height - 9, x + width - 8, top + height - 9)
            if ink:
                self.signature(x + 3, top + height - 11, ink, font=sig_font)
            self.set_xy(x, top + height - 8)
            self.font(self.base, size - 0.5)
            self.multi_cell(width - 4, size * 0.45, f"{signatory}\n{when}", align="L", new_x="LEFT",
                            new_y="NEXT")
            if seals and i < len(seals) and seals[i]:
                name, bottom = seals[i]  # type: ignore[misc]
                self.seal(x + width * 0.62, top + height * 0.45, name, bottom, r=15)
        self.set_xy(self.l_margin, top + height + 6)

    def data(self) -> bytes:
        self.alias_nb_pages()
        return bytes(self.output())


def new_doc(**kw: object) -> Doc:
    doc = Doc(**kw)  # type: ignore[arg-type]
    doc.add_page()
    return doc


# --------------------------------------------------------------------------------------------------
# "Photographs": drawn scenes with seeded grain, a camera-style caption and EXIF
# --------------------------------------------------------------------------------------------------


def grain(img: Image.Image, seed: int, strength: float = 0.10, blur: float = 0.6) -> Image.Image:
    """Soften the drawing and add seeded sensor noise and a vignette, so it reads as a photograph."""
    img = img.filter(ImageFilter.GaussianBlur(blur))
    rng = random.Random(seed)
    w, h = img.size
    noise = Image.frombytes("L", (w, h), rng.randbytes(w * h)).filter(ImageFilter.GaussianBlur(0.5))
    noise_rgb = Image.merge("RGB", (noise, noise, noise))
    img = Image.blend(img, noise_rgb, strength)
    # vignette: darken towards the corners
    mask = Image.new("L", (w, h), 0)
    md = ImageDraw.Draw(mask)
    for i in range(40):
        inset = i * min(w, h) / 110
        md.ellipse((-w * 0.25 + inset, -h * 0.25 + inset, w * 1.25 - inset, h * 1.25 - inset), fill=int(i * 6.3))
    mask = mask.filter(ImageFilter.GaussianBlur(min(w, h) / 12))
    dark = Image.new("RGB", (w, h), (0, 0, 0))
    return Image.composite(img, dark, mask.point(lambda v: min(255, 150 + v)))


def caption(img: Image.Image, lines: Sequence[str], font: str = "cjk", size: int | None = None,
            corner: str = "bl") -> Image.Image:
    """A time-stamp-camera caption: translucent dark band with white text."""
    img = img.convert("RGBA")
    w, h = img.size
    size = size or max(14, w // 38)
    face = pil_font(font, size)
    pad = size // 2
    heights = [face.getbbox(t)[3] - face.getbbox(t)[1] for t in lines]
    box_h = sum(heights) + pad * (len(lines) + 1)
    box_w = max(face.getlength(t) for t in lines) + pad * 2
    overlay = Image.new("RGBA", img.size, (0, 0, 0, 0))
    od = ImageDraw.Draw(overlay)
    x0 = pad if corner.endswith("l") else w - box_w - pad
    y0 = h - box_h - pad if corner.startswith("b") else pad
    od.rounded_rectangle((x0, y0, x0 + box_w, y0 + box_h), radius=pad, fill=(0, 0, 0, 120))
    od.rectangle((x0, y0, x0 + pad // 3, y0 + box_h), fill=(255, 196, 0, 230))
    y = y0 + pad
    for text, th in zip(lines, heights, strict=True):
        od.text((x0 + pad, y - face.getbbox(text)[1]), text, font=face, fill=(255, 255, 255, 255))
        y += th + pad
    return Image.alpha_composite(img, overlay).convert("RGB")


def exif_bytes(day: dt.date, time: str, orientation: int = 1, description: str = "",
               model: str = "SM-A536E", make: str = "samsung") -> bytes:
    exif = Image.Exif()
    exif[0x010F] = make
    exif[0x0110] = model
    exif[0x0112] = orientation
    if description:
        exif[0x010E] = description
    stamp = f"{day:%Y:%m:%d} {time}"
    exif[0x0132] = stamp  # DateTime
    sub = exif.get_ifd(0x8769)
    sub[0x9003] = stamp  # DateTimeOriginal
    sub[0x9004] = stamp  # DateTimeDigitized
    return exif.tobytes()


def jpeg(img: Image.Image, exif: bytes, quality: int = 78) -> bytes:
    out = io.BytesIO()
    img.save(out, "JPEG", quality=quality, optimize=True, exif=exif, subsampling="4:2:0")
    return out.getvalue()


def lerp(a: Sequence[int], b: Sequence[int], t: float) -> tuple[int, int, int]:
    return tuple(int(round(x + (y - x) * t)) for x, y in zip(a, b, strict=True))  # type: ignore[return-value]


def vgradient(draw: ImageDraw.ImageDraw, box: tuple[int, int, int, int], top: Sequence[int],
              bottom: Sequence[int]) -> None:
    x0, y0, x1, y1 = box
    for y in range(y0, y1):
        draw.line((x0, y, x1, y), fill=lerp(top, bottom, (y - y0) / max(1, y1 - y0 - 1)))


# ==================================================================================================
# fitout-cn: 浦东某办公楼室内装修工程 (Chinese)
# ==================================================================================================

CN_CLIENT = "上海浦江置业有限公司"
CN_CONTRACTOR = "上海匠心装饰工程有限公司"
CN_SUPERVISOR = "上海建衡工程监理有限公司"
CN_PROJECT = "浦东某办公楼室内装修工程"
CN_CONTRACT = "HT-2026-017"
CN_BANK = "招商银行股份有限公司上海张江支行"


def cn_doc(day: dt.date, title: str, author: str, **kw: object) -> Doc:
    return new_doc(day=day, title=title, author=author, lang="zh-CN", base="cjk", **kw)


def fitout_guarantee() -> bytes:
    day = D("2026-02-25")
    doc = cn_doc(day, "预付款保函", CN_BANK, footer="保函编号 ZJ-LG-2026-0317")
    doc.base = "cjk-serif"
    doc.title_block("预 付 款 保 函", None, size=20, font="cjk-serif-bold")
    doc.line_text("保函编号：ZJ-LG-2026-0317", 10, align="R")
    doc.ln(3)
    doc.para(f"致（受益人）：{CN_CLIENT}", 11, gap=0.5)
    doc.para("地址：上海市浦东新区世纪大道100号15楼", 11, gap=4)
    body = [
        f"鉴于{CN_CONTRACTOR}（以下简称“申请人”）与你方于2026年2月20日签订了《{CN_PROJECT}施工合同》"
        f"（合同编号：{CN_CONTRACT}，以下简称“合同”），根据合同约定，你方应向申请人支付预付款人民币240,000.00元"
        "（大写：贰拾肆万元整），申请人应向你方提交金额相等的预付款保函。",
        f"应申请人的请求，我行（{CN_BANK}）愿意就申请人按照合同约定使用和偿还上述预付款，向你方出具本不可撤销的"
        "预付款保函，并承担以下保证责任：",
        "一、本保函的担保金额最高不超过人民币240,000.00元（大写：贰拾肆万元整）。你方按照合同约定从进度款中扣回"
        "预付款的，本保函的担保金额相应递减。",
        "二、本保函自你方支付的预付款到达申请人下列账户之日起生效：开户银行 招商银行上海张江支行，"
        "账号 0121 0000 0000 8888，户名 上海匠心装饰工程有限公司。",
        "三、在本保函有效期内，申请人未按照合同约定使用或者偿还预付款的，你方可以向我行提交书面索赔通知，"
        "载明申请人违约的事实和要求支付的金额，并附本保函原件。我行在收到符合本保函约定的索赔通知之日起"
        "7个工作日内，在担保金额内向你方支付。",
        "四、本保函有效期至2026年9月30日，或者至预付款全部扣回之日止，以较早者为准。有效期届满或者预付款全部"
        "扣回后，本保函自动失效，无论原件是否退回我行。",
        "五、本保函项下的权利不得转让，亦不得设定质押。",
        "六、本保函适用中华人民共和国法律。因本保函发生的争议，由我行所在地有管辖权的人民法院管辖。",
    ]
    for text in body:
        doc.para(text, 11, gap=2.2, h=6.6)
    doc.ln(8)
    y = doc.get_y()
    doc.set_x(88)
    doc.font("cjk-serif", 11)
    doc.multi_cell(0, 7.5, f"保证人（盖章）：{CN_BANK}\n负责人或授权代表（签字）：\n日期：{zh_date(day)}",
                   new_x="LMARGIN", new_y="NEXT")
    doc.signature(150, y + 14, "周文涛", size=14, font="cjk", angle=4)
    doc.seal(140, y + 6, "招商银行股份有限公司上海张江支行", "保函专用章", r=20)
    return doc.data()


def fitout_receipt() -> bytes:
    day = D("2026-02-25")
    doc = cn_doc(day, "预付款收据", CN_CONTRACTOR, orientation="L", page_format=(148, 210))  # A5
    doc.set_margins(14, 12, 14)
    doc.set_y(12)
    doc.title_block("收  款  收  据", None, size=18, font="cjk-bold")
    doc.font("cjk", 9.5)
    doc.cell(90, 6, f"日期：{zh_date(day)}")
    with doc.local_context(text_color=RED):
        doc.cell(0, 6, "No. 0002617", align="R", new_x="LMARGIN", new_y="NEXT")
    doc.ln(1)
    rows = [
        ("交款单位", CN_CLIENT),
        ("收款事由", f"{CN_PROJECT}预付款（合同编号 {CN_CONTRACT}，付款节点 P1，合同价款的10%）"),
        ("人民币（大写）", "贰拾肆万元整                                   ¥ 240,000.00"),
        ("收款方式", "银行转账　开户银行：招商银行上海张江支行　账号：0121 0000 0000 8888"),
        ("备注", "本收据随预付款支付申请提交，款项以实际到账为准；预付款保函编号 ZJ-LG-2026-0317。"),
    ]
    doc.pairs(rows, label_w=32, size=10)
    doc.ln(2)
    y = doc.get_y()
    doc.font("cjk", 9.5)
    doc.cell(70, 6, f"收款单位（盖章）：{CN_CONTRACTOR}")
    doc.set_x(110)
    doc.cell(30, 6, "会计：孙丽")
    doc.cell(30, 6, "出纳：赵静")
    doc.cell(0, 6, "经手人：", new_x="LMARGIN", new_y="NEXT")
    doc.seal(55, y + 10, CN_CONTRACTOR, "财务专用章", r=15)
    doc.signature(187, y + 5, "李明", size=12, font="cjk", angle=3)
    with doc.local_context(text_color=GREY):
        doc.font("cjk", 8)
        with doc.rotation(90, 203, 100):
            doc.text(203, 100, "第二联  交付款单位")
    return doc.data()


def fitout_acceptance() -> bytes:
    day = D("2026-05-10")
    doc = cn_doc(day, "隐蔽工程验收记录", CN_SUPERVISOR, footer="隐蔽工程验收记录 AC-BASE-01")
    doc.title_block("隐蔽工程验收记录", None, size=18, font="cjk-bold")
    doc.line_text("编号：AC-BASE-01", 9.5, align="R")
    doc.ln(1)
    doc.pairs([
        ("工程名称", f"{CN_PROJECT}（合同编号 {CN_CONTRACT}）"),
        ("建设单位", f"{CN_CLIENT}　　代表：王建国"),
        ("施工单位", f"{CN_CONTRACTOR}　　项目负责人：李明"),
        ("监理单位", f"{CN_SUPERVISOR}　　专业监理工程师：张伟"),
        ("隐蔽部位", "3F～5F办公区吊顶轻钢龙骨基层及墙面基层（轴线①～⑫ / Ⓐ～Ⓕ）"),
        ("验收日期", "2026年5月10日 9:30～11:40"),
        ("验收依据", "施工图 装施-03～装施-07；GB 50210-2018《建筑装饰装修工程质量验收标准》；合同技术条款第4章"),
    ], label_w=28, size=9.5)
    rows = [
        ("序号", "检查项目", "质量要求", "检查结果", "结论"),
        ("1", "吊杆规格及间距", "Φ8全牙吊杆，间距≤1200 mm，距主龙骨端部≤300 mm", "Φ8，间距900～1100 mm", "合格"),
        ("2", "主龙骨安装", "C60主龙骨，间距≤1200 mm，按短向跨度1/200起拱", "间距1000 mm，起拱符合", "合格"),
        ("3", "次龙骨及横撑龙骨", "间距≤400 mm，连接件齐全牢固", "间距400 mm，连接牢固", "合格"),
        ("4", "吊顶基层平整度", "偏差≤3 mm（2 m靠尺检查）", "抽查20点，最大偏差2 mm", "合格"),
        ("5", "墙面基层平整度、垂直度", "偏差≤3 mm", "抽查16点，最大2 mm / 2 mm", "合格"),
        ("6", "吊顶内管线及设备", "管线测试完成，检修口位置符合图纸", "测试记录齐全，检修口48个", "合格"),
        ("7", "防火、防锈处理", "木基层满涂防火涂料，金属件防锈", "符合要求", "合格"),
    ]
    doc.grid(rows, (10, 36, 62, 44, 18), size=9, aligns=("C", "L", "L", "L", "C"))
    doc.para("验收结论：经现场检查及实测，上述隐蔽工程符合设计文件及规范要求，吊顶及墙面基层平整度偏差不大于3毫米，"
             "同意隐蔽，可进行下道工序（面层）施工。", 10, gap=3)
    doc.sign_row([
        ("施工单位", "项目负责人：李明", "李明", "2026年5月10日"),
        ("监理单位", "专业监理工程师：张伟", "张伟", "2026年5月10日"),
        ("建设单位", "建设单位代表：王建国", "王建国", "2026年5月15日"),
    ], height=34, seals=[(CN_CONTRACTOR, "项目专用章"), (CN_SUPERVISOR, "项目监理机构"), None],
        sig_font="cjk")
    return doc.data()


FITOUT_QUANTITIES = [
    # code, item, unit, contract qty, this period, unit price
    ("011302001001", "吊顶天棚（轻钢龙骨纸面石膏板基层）", "m²", "3860.00", "2940.00", "98.00"),
    ("011302001002", "吊顶天棚（矿棉板吊顶龙骨）", "m²", "1120.00", "860.00", "62.00"),
    ("011210001001", "隔断（轻钢龙骨双面双层石膏板）", "m²", "1650.00", "1420.00", "145.00"),
    ("011207001001", "墙面基层（阻燃木基层板）", "m²", "980.00", "760.00", "86.00"),
    ("011304002001", "吊顶检修口（600×600）", "个", "64", "48", "180.00"),
    ("030411001001", "吊顶内电气配管（JDG20）", "m", "4200.00", "3600.00", "18.50"),
    ("030901003001", "吊顶内喷淋支管调整", "处", "120", "96", "95.00"),
    ("011701006001", "满堂脚手架", "m²", "4980.00", "3800.00", "9.50"),
]


def fitout_quantities() -> bytes:
    day = D("2026-05-08")
    doc = cn_doc(day, "监理确认的工程量清单", CN_SUPERVISOR, orientation="L",
                 footer="工程量清单（第一期进度款） JL-2026-017-01")
    doc.title_block("工程量清单（第一期进度款）", "监理确认", size=17, font="cjk-bold")
    doc.font("cjk", 9.5)
    doc.cell(130, 6, f"工程名称：{CN_PROJECT}")
    doc.cell(70, 6, f"合同编号：{CN_CONTRACT}")
    doc.cell(0, 6, "编号：JL-2026-017-01", align="R", new_x="LMARGIN", new_y="NEXT")
    doc.cell(130, 6, "计量周期：2026年3月1日至2026年5月7日")
    doc.cell(0, 6, "付款节点：P2 第一期进度款", new_x="LMARGIN", new_y="NEXT")
    doc.ln(2)
    rows = [("序号", "项目编码", "项目名称", "单位", "合同工程量", "本期完成", "累计完成", "综合单价（元）",
             "本期合价（元）")]
    total = Decimal(0)
    for i, (code, item, unit, qty, done, price) in enumerate(FITOUT_QUANTITIES, 1):
        amount = Decimal(done) * Decimal(price)
        total += amount
        fmt = (lambda v: f"{Decimal(v):,.2f}") if "." in qty else (lambda v: f"{int(v):,}")
        rows.append((str(i), code, item, unit, fmt(qty), fmt(done), fmt(done), money(price), money(amount)))
    rows.append(("", "", "本期完成合计", "", "", "", "", "", money(total)))
    doc.grid(rows, (11, 28, 74, 12, 24, 22, 22, 26, 30), size=9,
             aligns=("C", "C", "L", "C", "R", "R", "R", "R", "R"), total_last=True)
    doc.para(f"本期完成工程量价款合计人民币{money(total)}元。按合同第3条付款节点表，第一期进度款（P2）为合同价款的30%，"
             "即人民币720,000.00元（大写：柒拾贰万元整），本期完成产值已超过该节点金额。", 9.5, gap=2)
    doc.para("监理审核意见：经现场复核，上述本期完成工程量属实，计量准确，同意按此计量。", 9.5, gap=3)
    doc.sign_row([
        ("施工单位编制", "预算员：何晓东", "何晓东", "2026年5月7日"),
        ("专业监理工程师", "张伟", "张伟", "2026年5月8日"),
        ("总监理工程师", "陈志远", "陈志远", "2026年5月8日"),
    ], height=30, seals=[None, None, (CN_SUPERVISOR, "项目监理机构")], sig_font="cjk")
    return doc.data()


def fitout_photo() -> bytes:
    """Ceiling framing on the 3rd floor, portrait, stored rotated with EXIF orientation 6."""
    w, h = 720, 960
    img = Image.new("RGB", (w, h))
    d = ImageDraw.Draw(img)
    vx, vy, f = w * 0.52, h * 0.56, 430.0
    half, slab, grid_h, floor = 5.2, 1.75, 1.35, 1.55

    def P(x: float, y: float, z: float) -> tuple[float, float]:
        return (vx + f * x / z, vy - f * y / z)

    near, far = 0.9, 26.0
    # back wall, ceiling slab, floor, side walls
    d.polygon([P(-half, slab, far), P(half, slab, far), P(half, -floor, far), P(-half, -floor, far)],
              fill=(188, 186, 178))
    ceiling = [P(-half, slab, near), P(half, slab, near), P(half, slab, far), P(-half, slab, far)]
    d.polygon(ceiling, fill=(150, 150, 146))
    vgradient(d, (0, 0, w, int(P(0, slab, far)[1])), (120, 121, 118), (165, 164, 158))
    d.polygon([P(-half, -floor, near), P(half, -floor, near), P(half, -floor, far), P(-half, -floor, far)],
              fill=(128, 124, 116))
    floor_top = int(P(0, -floor, far)[1])
    vgradient(d, (0, floor_top, w, h), (150, 146, 138), (96, 92, 86))
    d.polygon([P(-half, slab, near), P(-half, slab, far), P(-half, -floor, far), P(-half, -floor, near)],
              fill=(205, 203, 196))
    d.polygon([P(half, slab, near), P(half, slab, far), P(half, -floor, far), P(half, -floor, near)],
              fill=(176, 178, 180))
    # windows on the right wall: bright daylight
    for z0 in (3.0, 7.0, 11.0, 15.0, 19.0):
        d.polygon([P(half, 0.9, z0), P(half, 0.9, z0 + 2.6), P(half, -0.7, z0 + 2.6), P(half, -0.7, z0)],
                  fill=(236, 240, 244))
    # gypsum boards on the left wall (part done) with studs
    d.polygon([P(-half, 1.3, 1.2), P(-half, 1.3, 9.0), P(-half, -floor, 9.0), P(-half, -floor, 1.2)],
              fill=(222, 220, 214))
    z = 9.0
    while z < far:
        d.line([P(-half, 1.3, z), P(-half, -floor, z)], fill=(160, 164, 170), width=2)
        z += 0.6
    # a ventilation duct in the ceiling void: underside and side face, with joints
    xd, x2, top_d, bot_d, z0, z1 = -2.6, -1.8, 1.72, 1.48, 1.6, far
    d.polygon([P(x2, top_d, z0), P(x2, top_d, z1), P(x2, bot_d, z1), P(x2, bot_d, z0)], fill=(170, 174, 178))
    d.polygon([P(xd, bot_d, z0), P(x2, bot_d, z0), P(x2, bot_d, z1), P(xd, bot_d, z1)], fill=(206, 208, 212))
    z = z0
    while z < z1:
        d.line([P(xd, bot_d, z), P(x2, bot_d, z), P(x2, top_d, z)], fill=(150, 152, 158), width=1)
        z += 1.2
    # hanging rods and the keel grid
    x = -half
    while x <= half + 1e-9:
        z = 1.2
        while z < far:
            d.line([P(x, slab, z), P(x, grid_h, z)], fill=(90, 90, 92), width=1)
            z += 1.1
        d.line([P(x, grid_h, near), P(x, grid_h, far)], fill=(214, 216, 220), width=3)
        x += 1.0
    z = near
    while z < far:
        d.line([P(-half, grid_h - 0.02, z), P(half, grid_h - 0.02, z)], fill=(196, 198, 202), width=2)
        z *= 1.0 + 0.4 / z if z < 4 else 1.0 + 0.4 / z
        z += 0.05
    # stacked gypsum boards and an A-frame ladder on the floor
    for k, zz in enumerate((3.2, 3.6)):
        ground, top_y = -floor + k * 0.16, -floor + 0.16 + k * 0.16
        d.polygon([P(-3.2, top_y, zz), P(-1.2, top_y, zz), P(-1.2, top_y, zz + 1.2), P(-3.2, top_y, zz + 1.2)],
                  fill=(244, 242, 236), outline=(190, 188, 182))
        d.polygon([P(-3.2, ground, zz), P(-1.2, ground, zz), P(-1.2, top_y, zz), P(-3.2, top_y, zz)],
                  fill=(214, 212, 204), outline=(170, 168, 160))
    top, left_foot, right_foot = P(1.4, 0.55, 4.2), P(0.95, -floor, 4.0), P(1.85, -floor, 4.4)
    d.line([top, left_foot], fill=(226, 170, 24), width=9)
    d.line([top, right_foot], fill=(214, 160, 20), width=9)
    for t in (0.25, 0.5, 0.75):
        l = (top[0] + (left_foot[0] - top[0]) * t, top[1] + (left_foot[1] - top[1]) * t)
        r = (top[0] + (right_foot[0] - top[0]) * t, top[1] + (right_foot[1] - top[1]) * t)
        d.line([l, r], fill=(190, 140, 16), width=5)
    img = grain(img, seed=20260509, strength=0.09)
    img = caption(img, [
        "工程名称：浦东某办公楼室内装修工程",
        "部位：3F 吊顶轻钢龙骨基层（轴线④～⑨）",
        "时间：2026-05-09 10:24",
        "地点：上海市浦东新区张江路188号",
    ])
    # Stored as the camera's sensor saw it: rotated 90° anticlockwise; EXIF orientation 6 turns it back.
    stored = img.transpose(Image.Transpose.ROTATE_90)
    return jpeg(stored, exif_bytes(D("2026-05-09"), "10:24:37", orientation=6, description="3F ceiling framing"))


# ==================================================================================================
# software-uk: Claims Self-Service Portal (English)
# ==================================================================================================

UK_CLIENT = "Northgate Mutual Assurance plc"
UK_CLIENT_ADDR = "Northgate House, 21 Temple Back, Bristol BS1 6FL"
UK_SUPPLIER = "Ashcombe Digital Ltd"
UK_SUPPLIER_LINES = [
    "Unit 5, Paintworks, Bath Road, Bristol BS4 3EH  |  0117 496 0456  |  hello@ashcombe-digital.example",
    "Registered in England and Wales no. 10937452  |  VAT reg. no. GB 318 4472 96",
]
UK_AGREEMENT = "ASH-2026-022"
UK_PROJECT = "Claims Self-Service Portal and Mobile App"
UK_BANK = [("Bank", "National Westminster Bank plc, Bristol Corn Street"), ("Account name", UK_SUPPLIER),
           ("Sort code / account", "60-02-08 / 48213790"), ("SWIFT/BIC", "NWBKGB2L")]


def uk_doc(day: dt.date, title: str, author: str = UK_SUPPLIER, **kw: object) -> Doc:
    return new_doc(day=day, title=title, author=author, lang="en-GB", base="sans", **kw)


def uk_supplier_head(doc: Doc) -> None:
    doc.letterhead(UK_SUPPLIER, UK_SUPPLIER_LINES, color=(18, 92, 84))


def uk_client_head(doc: Doc) -> None:
    doc.letterhead(UK_CLIENT, [f"{UK_CLIENT_ADDR}  |  0117 496 0123",
                               "Registered in England and Wales no. 04821736"], color=(26, 46, 110))


def software_agreement() -> bytes:
    day = D("2026-03-02")
    doc = uk_doc(day, "Software Development Agreement - particulars and execution page",
                 footer=f"Agreement {UK_AGREEMENT} - certified copy of the particulars and execution page")
    doc.base = "serif"
    doc.title_block("SOFTWARE DEVELOPMENT AGREEMENT", f"Agreement no. {UK_AGREEMENT} - {UK_PROJECT}", 17,
                    font="serif-bold")
    doc.para(f"THIS AGREEMENT is dated {en_date(day)}.", 11)
    doc.para("PARTIES", 11, font="serif-bold", gap=0.5)
    doc.para(f"(1) {UK_CLIENT.upper()}, incorporated in England and Wales with company number 04821736, whose "
             f"registered office is at {UK_CLIENT_ADDR} (the \"Client\").", 11, gap=1)
    doc.para(f"(2) {UK_SUPPLIER.upper()}, incorporated in England and Wales with company number 10937452, whose "
             "registered office is at Unit 5, Paintworks, Bath Road, Bristol BS4 3EH (the \"Supplier\").", 11, gap=3)
    doc.para("KEY PARTICULARS", 11, font="serif-bold", gap=1)
    doc.pairs([
        ("Services", "Design, development, testing and deployment of the Claims Self-Service Portal (web) and "
                     "mobile app (iOS and Android), with integration to the Client's claims platform"),
        ("Contract Price", "GBP 360,000.00, exclusive of VAT, payable in instalments as set out below"),
        ("Term", "9 March 2026 to planned go-live on 30 October 2026, then a 90-day warranty period"),
        ("Acceptance", "User acceptance testing (UAT) within 15 days of notice of readiness; deemed acceptance "
                       "on silence (clause 7)"),
        ("Late payment", "Simple interest at 11.75% a year (clause 9)"),
        ("Law and courts", "Law of England and Wales; courts of England and Wales"),
    ], label_w=34, size=9.5)
    doc.grid([
        ("Node", "Instalment", "Share", "Amount (GBP)", "Due"),
        ("P1", "Mobilisation payment", "15%", "54,000.00", "14 days after signing"),
        ("P2", "Design sign-off payment", "20%", "72,000.00", "30 days after acceptance"),
        ("P3", "Release 1 UAT payment", "35%", "126,000.00", "30 days after acceptance"),
        ("P4", "Go-live payment", "25%", "90,000.00", "30 days after acceptance"),
        ("P5", "Warranty release payment", "5%", "18,000.00", "30 days after invoice"),
        ("", "Total", "100%", "360,000.00", ""),
    ], (14, 58, 18, 30, 50), size=9.5, aligns=("C", "L", "R", "R", "L"), total_last=True)
    doc.add_page()
    doc.title_block("EXECUTION PAGE", None, 14, font="serif-bold")
    doc.para("This Agreement has been entered into on the date stated at the beginning of it. It consists of these "
             "particulars, the Conditions (clauses 1 to 16), Schedule 1 (Payment Schedule), Schedule 2 (Acceptance "
             "Criteria) and Schedule 3 (Functional Specification v0.9).", 11, gap=8)
    doc.sign_row([
        (f"Signed by Fiona Gallagher, Head of Digital Delivery, for and on behalf of {UK_CLIENT}",
         "Fiona Gallagher", "F. Gallagher", f"Date: {en_date(day)}"),
        (f"Signed by Oliver Hartley, Managing Director, for and on behalf of {UK_SUPPLIER}",
         "Oliver Hartley", "Oliver Hartley", f"Date: {en_date(day)}"),
    ], height=44, size=10)
    doc.ln(10)
    doc.para("Certified a true copy of the original.", 9, font="serif-italic", gap=0)
    doc.signature(doc.l_margin + 62, doc.get_y() - 1, "O. Hartley", size=11)
    return doc.data()


def software_invoice(number: str, day: dt.date, lines: Sequence[tuple[str, str]], due_text: str, po: str) -> bytes:
    doc = uk_doc(day, f"Invoice {number}")
    uk_supplier_head(doc)
    doc.font("sans-bold", 20)
    doc.cell(0, 10, "INVOICE", new_x="LMARGIN", new_y="NEXT")
    top = doc.get_y()
    doc.font("sans", 9.5)
    doc.multi_cell(85, 5, f"Bill to:\n{UK_CLIENT}\nAccounts Payable\n{UK_CLIENT_ADDR.replace(', ', chr(10))}",
                   new_x="RIGHT", new_y="TOP")
    doc.set_xy(110, top)
    doc.font("sans", 9.5)
    doc.multi_cell(0, 5, f"Invoice no.: {number}\nInvoice date: {en_date(day)}\nTax point: {en_date(day)}\n"
                         f"Client PO: {po}\nAgreement: {UK_AGREEMENT}", new_x="LMARGIN", new_y="NEXT")
    doc.set_y(max(doc.get_y(), top + 32))
    net = sum((Decimal(a) for _, a in lines), Decimal(0))
    vat = (net * Decimal("0.20")).quantize(Decimal("0.01"))
    rows = [("Description", "Amount (GBP)")] + [(t, money(a)) for t, a in lines]
    rows += [("Net total", money(net)), ("VAT at 20%", money(vat)), ("Total due", money(net + vat))]
    doc.grid(rows, (130, 40), size=9.5, aligns=("L", "R"), total_last=True)
    doc.para(due_text, 9.5, gap=3)
    doc.para("Please pay by bank transfer quoting the invoice number:", 9.5, gap=1)
    doc.pairs(UK_BANK, label_w=40, size=9)
    doc.para("Sums not paid by the due date carry simple interest at 11.75% a year under clause 9 of the Agreement.",
             8.5, gap=0)
    return doc.data()


def software_design_signoff() -> bytes:
    day = D("2026-05-06")
    doc = uk_doc(day, "Design sign-off certificate DSC-01", author=UK_CLIENT)
    uk_client_head(doc)
    doc.title_block("DESIGN SIGN-OFF CERTIFICATE", f"Certificate DSC-01 - Agreement {UK_AGREEMENT}", 16)
    doc.pairs([
        ("Project", UK_PROJECT),
        ("Supplier", UK_SUPPLIER),
        ("Payment node", "P2 - Design sign-off payment (acceptance criterion AC-DESIGN)"),
        ("Submitted for review", "27 April 2026 (review period 10 days)"),
        ("Design review held", "5 May 2026, Northgate House, Bristol"),
    ], label_w=42, size=9.5)
    doc.grid([
        ("Deliverable", "Version", "Result"),
        ("Service blueprint and user journeys (claims notification, document upload, claim tracking)", "1.3",
         "Accepted"),
        ("Clickable prototype (web and mobile), accessibility review to WCAG 2.2 AA", "2.1", "Accepted"),
        ("Solution architecture document, approved by the Technical Design Authority", "1.2", "Accepted"),
        ("Data protection impact assessment (Supplier's input)", "1.0", "Accepted"),
    ], (112, 20, 38), size=9.5, aligns=("L", "C", "C"))
    doc.para("The Client confirms that the deliverables listed above meet the acceptance criteria of AC-DESIGN in "
             "Schedule 2 of the Agreement and signs off the design with effect from the date of this certificate. "
             "Two comments of a minor nature (items D-07 and D-11 of the review log) are to be addressed during "
             "build and do not affect this sign-off.", 10, gap=6)
    doc.sign_row([
        (f"For {UK_CLIENT}", "Fiona Gallagher, Head of Digital Delivery", "F. Gallagher", en_date(day)),
        (f"Received for {UK_SUPPLIER}", "Oliver Hartley, Managing Director", "Oliver Hartley", en_date(day)),
    ], height=36)
    return doc.data()


def software_architecture() -> bytes:
    day = D("2026-05-05")
    doc = uk_doc(day, "Solution architecture document v1.2 - approval and summary",
                 footer="NMA-CSSP-SAD v1.2 - approved version - extract: document control and summary")
    uk_supplier_head(doc)
    doc.title_block("SOLUTION ARCHITECTURE DOCUMENT", f"{UK_PROJECT} - document NMA-CSSP-SAD, version 1.2", 15)
    doc.para("Document control", 11, font="sans-bold", gap=1)
    doc.grid([
        ("Version", "Date", "Author", "Change"),
        ("0.9", "10 April 2026", "R. Osei", "Draft for Technical Design Authority (TDA) review"),
        ("1.1", "28 April 2026", "R. Osei", "TDA comments 1-14 resolved; hosting in Azure UK South"),
        ("1.2", "5 May 2026", "R. Osei", "Claims API rate limits and retention periods agreed"),
    ], (18, 30, 26, 96), size=9)
    doc.para("Approvals", 11, font="sans-bold", gap=1)
    doc.grid([
        ("Role", "Name", "Decision", "Date"),
        ("Client Technical Design Authority", "Dr Anil Chaudhry", "Approved", "5 May 2026"),
        ("Client Information Security", "Claire Whitcombe", "Approved", "5 May 2026"),
        ("Supplier Lead Architect", "Ruth Osei", "Author", "5 May 2026"),
    ], (62, 46, 30, 32), size=9)
    doc.signature(doc.l_margin + 104, doc.get_y() + 5, "A. Chaudhry - approved", size=11, angle=3)
    doc.ln(9)
    doc.para("1. Summary", 11, font="sans-bold", gap=1)
    doc.para("The portal is a responsive web application and a React Native mobile app backed by a set of "
             "stateless services in Azure UK South. Policyholders authenticate through the Client's existing "
             "identity provider (OpenID Connect). Claims are created and tracked through the Client's claims "
             "platform API; documents are scanned for malware and stored in encrypted blob storage for the "
             "retention periods in section 6.", 10)
    # block diagram
    doc.ln(2)
    y0 = doc.get_y()
    boxes = [("Web app\n(React)", 20, y0), ("Mobile app\n(React Native)", 20, y0 + 22),
             ("API gateway\n(Azure APIM)", 66, y0 + 11), ("Claims service", 112, y0),
             ("Documents service\n+ malware scan", 112, y0 + 22), ("Claims platform\n(Client, on-premises)", 158, y0),
             ("Encrypted blob\nstorage", 158, y0 + 22)]
    doc.font("sans", 8)
    for label, x, y in boxes:
        with doc.local_context(fill_color=(232, 244, 242), draw_color=(18, 92, 84), line_width=0.4):
            doc.rect(x, y, 32, 14, style="DF")
        doc.set_xy(x, y + (2.5 if "\n" in label else 4.5))
        doc.multi_cell(32, 4, label, align="C")
    with doc.local_context(draw_color=(18, 92, 84), line_width=0.5):
        for x1, y1, x2, y2 in [(52, y0 + 7, 66, y0 + 16), (52, y0 + 29, 66, y0 + 20), (98, y0 + 16, 112, y0 + 7),
                               (98, y0 + 20, 112, y0 + 29), (144, y0 + 7, 158, y0 + 7),
                               (144, y0 + 29, 158, y0 + 29)]:
            doc.line(x1, y1, x2, y2)
    doc.set_y(y0 + 42)
    doc.para("Figure 1 - logical components (section 3 gives the deployment view).", 8.5, font="sans", align="C")
    return doc.data()


def software_uat_certificate() -> bytes:
    day = D("2026-07-10")
    doc = uk_doc(day, "User acceptance certificate - Release 1", author=UK_CLIENT)
    uk_client_head(doc)
    doc.title_block("USER ACCEPTANCE CERTIFICATE", f"Release 1 - certificate UAT-R1-ACC - Agreement {UK_AGREEMENT}",
                    16)
    doc.pairs([
        ("Project", UK_PROJECT),
        ("Release", "Release 1: claims notification, document upload and claim tracking (web and mobile)"),
        ("Payment node", "P3 - Release 1 UAT payment (acceptance criterion AC-UAT1)"),
        ("Notice of readiness", "26 June 2026 (UAT Period of 15 days under clause 7.1, ending 11 July 2026)"),
        ("Test cycles", "Cycle 1: 29 June - 3 July 2026; retest: 7 - 9 July 2026"),
        ("Result", "412 of 412 UAT scripts passed; no open Severity 1 or Severity 2 defect"),
        ("Open minor defects", "3 x Severity 3, 5 x Severity 4 (listed in the UAT test summary report, "
                               "to be fixed within 30 days under clause 7.5)"),
        ("Penetration test", "CREST-accredited test of 1 July 2026: no open high or medium risk finding"),
    ], label_w=40, size=9.5)
    doc.para("The Client confirms that Release 1 meets the acceptance criteria of AC-UAT1 in Schedule 2 of the "
             "Agreement and accepts Release 1 with effect from 10 July 2026. The Supplier may invoice the Release 1 "
             "UAT payment (payment node P3, GBP 126,000.00 plus VAT), which falls due 30 days after acceptance.",
             10, gap=6)
    doc.sign_row([
        (f"For {UK_CLIENT}", "Fiona Gallagher, Head of Digital Delivery", "F. Gallagher", en_date(day)),
        ("UAT Manager (Client)", "Marcus Bell", "M. Bell", en_date(day)),
        (f"For {UK_SUPPLIER}", "Oliver Hartley, Managing Director", "Oliver Hartley", en_date(day)),
    ], height=36, size=9)
    return doc.data()


UAT_DEFECTS = [
    ("CSSP-311", "3", "Upload progress bar jumps to 100% before the scan result on slow 3G", "Open"),
    ("CSSP-318", "3", "Claim tracking timeline shows UTC rather than UK time for events after 23:00", "Open"),
    ("CSSP-326", "3", "Android: date picker ignores the device's 24-hour setting", "Open"),
    ("CSSP-302", "4", "Typo in the confirmation email footer ('recieve')", "Open"),
    ("CSSP-309", "4", "Help link opens in the same tab on desktop", "Open"),
    ("CSSP-315", "4", "Icon contrast 4.3:1 on the status chip (target 4.5:1)", "Open"),
    ("CSSP-321", "4", "iOS: haptic feedback missing on the submit button", "Open"),
    ("CSSP-327", "4", "Inconsistent capitalisation in two error messages", "Open"),
]


def software_uat_summary() -> bytes:
    day = D("2026-07-09")
    doc = uk_doc(day, "UAT test summary report - Release 1",
                 footer="UAT test summary report - Release 1 - NMA-CSSP-UAT-R1 v1.0")
    uk_supplier_head(doc)
    doc.title_block("UAT TEST SUMMARY REPORT", f"Release 1 - {UK_PROJECT}", 15)
    doc.pairs([("Document", "NMA-CSSP-UAT-R1, version 1.0, 9 July 2026"),
               ("Prepared by", "Priya Nair, Test Lead (Supplier), with Marcus Bell, UAT Manager (Client)"),
               ("Environment", "UAT (Azure UK South), build 1.0.0-rc.7, claims platform UAT instance"),
               ], label_w=34, size=9.5)
    doc.para("1. Execution", 11, font="sans-bold", gap=1)
    doc.grid([
        ("Cycle", "Dates", "Scripts run", "Passed", "Failed", "Blocked"),
        ("Cycle 1", "29 Jun - 3 Jul 2026", "412", "389", "21", "2"),
        ("Retest", "7 - 9 Jul 2026", "23", "23", "0", "0"),
        ("Final position", "9 Jul 2026", "412", "412", "0", "0"),
    ], (30, 44, 26, 24, 22, 24), size=9.5, aligns=("L", "L", "R", "R", "R", "R"), total_last=True)
    doc.para("2. Defects by severity (clause 7.2 of the Agreement)", 11, font="sans-bold", gap=1)
    doc.grid([
        ("Severity", "Raised", "Fixed and retested", "Open", "Blocks acceptance"),
        ("1 - critical", "1", "1", "0", "yes"),
        ("2 - major", "6", "6", "0", "yes"),
        ("3 - minor", "11", "8", "3", "no"),
        ("4 - cosmetic", "9", "4", "5", "no"),
    ], (40, 26, 40, 24, 40), size=9.5, aligns=("L", "R", "R", "R", "C"))
    doc.para("3. Open defects", 11, font="sans-bold", gap=1)
    doc.grid([("Id", "Sev.", "Summary", "Status")] + UAT_DEFECTS, (24, 12, 116, 18), size=8.5,
             aligns=("L", "C", "L", "C"))
    doc.para("4. Recommendation", 11, font="sans-bold", gap=1)
    doc.para("All 412 UAT scripts have passed and no Severity 1 or Severity 2 defect remains open. The open Severity 3 "
             "and 4 defects do not prevent acceptance (clause 7.5) and are scheduled in sprint 14. The test team "
             "recommends that the Client accepts Release 1.", 10, gap=5)
    doc.sign_row([
        ("Test Lead (Supplier)", "Priya Nair", "Priya Nair", en_date(day)),
        ("UAT Manager (Client)", "Marcus Bell", "M. Bell", en_date(day)),
    ], height=30)
    return doc.data()


def software_dashboard() -> bytes:
    """A screenshot of the UAT dashboard at the end of the retest (PNG)."""
    w, h = 1280, 800
    img = Image.new("RGB", (w, h), (246, 247, 249))
    d = ImageDraw.Draw(img)
    f = {k: pil_font(k[0], k[1]) for k in [("sans", 13), ("sans", 15), ("sans-bold", 15), ("sans-bold", 20),
                                           ("sans-bold", 34), ("sans", 12)]}
    # browser chrome
    d.rectangle((0, 0, w, 38), fill=(222, 225, 230))
    for i, c in enumerate([(237, 106, 94), (245, 191, 79), (98, 197, 84)]):
        d.ellipse((14 + i * 22, 12, 28 + i * 22, 26), fill=c)
    d.rounded_rectangle((110, 7, 900, 31), radius=12, fill=(255, 255, 255))
    d.text((128, 11), "https://testhub.ashcombe-digital.example/projects/NMA-CSSP/uat/release-1/dashboard",
           font=f[("sans", 13)], fill=(70, 70, 70))
    # app header and sidebar
    d.rectangle((0, 38, w, 90), fill=(18, 92, 84))
    d.text((24, 52), "TestHub", font=f[("sans-bold", 20)], fill=(255, 255, 255))
    d.text((150, 56), "NMA-CSSP  /  UAT  /  Release 1 (build 1.0.0-rc.7)", font=f[("sans", 15)],
           fill=(220, 240, 236))
    d.text((w - 330, 56), "Marcus Bell (Northgate) - 9 Jul 2026 17:42", font=f[("sans", 13)], fill=(220, 240, 236))
    d.rectangle((0, 90, 210, h), fill=(236, 239, 242))
    for i, item in enumerate(["Dashboard", "Test plans", "Test runs", "Defects", "Requirements", "Reports",
                              "Settings"]):
        y = 110 + i * 38
        if i == 0:
            d.rectangle((0, y - 8, 210, y + 26), fill=(214, 232, 229))
            d.rectangle((0, y - 8, 4, y + 26), fill=(18, 92, 84))
        d.text((24, y), item, font=f[("sans", 15)], fill=(40, 40, 40))
    # KPI tiles
    tiles = [("Scripts", "412", (60, 60, 60)), ("Passed", "412", (34, 139, 34)), ("Failed", "0", (60, 60, 60)),
             ("Open Sev 1/2", "0", (34, 139, 34)), ("Open Sev 3/4", "3 / 5", (200, 120, 0))]
    for i, (label, value, color) in enumerate(tiles):
        x = 236 + i * 205
        d.rounded_rectangle((x, 112, x + 190, 212), radius=8, fill=(255, 255, 255), outline=(218, 221, 226))
        d.text((x + 16, 126), label, font=f[("sans", 15)], fill=(100, 100, 100))
        d.text((x + 16, 152), value, font=f[("sans-bold", 34)], fill=color)
    # execution chart: passed per day
    d.rounded_rectangle((236, 232, 846, 540), radius=8, fill=(255, 255, 255), outline=(218, 221, 226))
    d.text((254, 246), "Cumulative scripts passed", font=f[("sans-bold", 15)], fill=(40, 40, 40))
    days = [("29 Jun", 71), ("30 Jun", 158), ("1 Jul", 236), ("2 Jul", 318), ("3 Jul", 389), ("7 Jul", 398),
            ("8 Jul", 407), ("9 Jul", 412)]
    base_y, top_y = 500, 290
    d.line((270, base_y, 830, base_y), fill=(180, 180, 180))
    for k in range(0, 5):
        y = base_y - (base_y - top_y) * k / 4
        d.line((270, y, 830, y), fill=(236, 236, 236))
        d.text((240, y - 8), str(103 * k), font=f[("sans", 12)], fill=(120, 120, 120))
    for i, (label, value) in enumerate(days):
        x = 290 + i * 68
        y = base_y - (base_y - top_y) * value / 412
        d.rectangle((x, y, x + 40, base_y), fill=(72, 160, 148))
        d.text((x - 2, base_y + 8), label, font=f[("sans", 12)], fill=(90, 90, 90))
    # defects by severity
    d.rounded_rectangle((866, 232, 1256, 540), radius=8, fill=(255, 255, 255), outline=(218, 221, 226))
    d.text((884, 246), "Defects by severity", font=f[("sans-bold", 15)], fill=(40, 40, 40))
    for i, (sev, raised, open_) in enumerate([("Sev 1", 1, 0), ("Sev 2", 6, 0), ("Sev 3", 11, 3), ("Sev 4", 9, 5)]):
        y = 290 + i * 56
        d.text((884, y + 6), sev, font=f[("sans", 15)], fill=(60, 60, 60))
        d.rectangle((950, y, 950 + raised * 24, y + 28), fill=(200, 214, 228))
        if open_:
            d.rectangle((950, y, 950 + open_ * 24, y + 28), fill=(232, 150, 40))
        d.text((956 + raised * 24, y + 6), f"{raised} raised, {open_} open", font=f[("sans", 13)],
               fill=(80, 80, 80))
    # open defects table
    d.rounded_rectangle((236, 560, 1256, 780), radius=8, fill=(255, 255, 255), outline=(218, 221, 226))
    d.text((254, 572), "Open defects", font=f[("sans-bold", 15)], fill=(40, 40, 40))
    for i, (key, sev, summary, status) in enumerate(UAT_DEFECTS[:6]):
        y = 602 + i * 28
        if i % 2 == 0:
            d.rectangle((246, y - 4, 1246, y + 22), fill=(247, 248, 250))
        d.text((254, y), key, font=f[("sans", 13)], fill=(18, 92, 84))
        d.text((354, y), f"Sev {sev}", font=f[("sans", 13)], fill=(60, 60, 60))
        d.text((424, y), summary, font=f[("sans", 13)], fill=(40, 40, 40))
        d.text((1180, y), status, font=f[("sans", 13)], fill=(200, 120, 0))
    out = io.BytesIO()
    img.quantize(colors=128, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
        out, "PNG", optimize=True)
    return out.getvalue()


def software_reminder_email() -> bytes:
    day = D("2026-08-11")
    doc = uk_doc(day, "Email: payment reminder - invoice ASH-INV-0131")
    doc.font("sans-bold", 13)
    doc.cell(0, 8, "Payment reminder - invoice ASH-INV-0131 (Release 1 UAT payment) now overdue",
             new_x="LMARGIN", new_y="NEXT")
    doc.rule(1)
    doc.pairs([
        ("From", "Oliver Hartley <oliver.hartley@ashcombe-digital.example>"),
        ("To", "Fiona Gallagher <fiona.gallagher@northgate-mutual.example>"),
        ("Cc", "Accounts Payable <accounts.payable@northgate-mutual.example>"),
        ("Date", "Tue, 11 Aug 2026 09:12:04 +0100"),
        ("Attachments", "ASH-INV-0131.pdf (48 KB); UAT-R1-ACC.pdf (61 KB)"),
    ], label_w=28, size=9, border=False)
    doc.rule(1)
    doc.base = "serif"
    for text in [
        "Dear Fiona,",
        "Our invoice ASH-INV-0131 of 10 July 2026 for the Release 1 UAT payment (payment node P3 under the "
        "Software Development Agreement ASH-2026-022) fell due on 9 August 2026, 30 days after your acceptance "
        "certificate UAT-R1-ACC of 10 July 2026. We have not yet received payment.",
        "Amount due: GBP 126,000.00 plus VAT of GBP 25,200.00, total GBP 151,200.00.",
        "Please arrange payment to our account with National Westminster Bank plc (sort code 60-02-08, account "
        "48213790, SWIFT/BIC NWBKGB2L), quoting the invoice number. If anything is holding up payment, please let "
        "me know today so that we can resolve it; under clause 9 of the Agreement interest runs on overdue sums at "
        "11.75% a year from the day after the due date.",
        "Kind regards,",
        "Oliver Hartley\nManaging Director, Ashcombe Digital Ltd\n0117 496 0456",
    ]:
        doc.para(text, 10.5, gap=3)
    doc.rule(1)
    doc.para("Printed from the Ashcombe Digital mail archive on 11 Aug 2026; message-id "
             "<20260811081204.4F2A@mail.ashcombe-digital.example>; delivery status: delivered (250 OK) 09:12:06.",
             8, font="sans", gap=0, align="L")
    return doc.data()


# ==================================================================================================
# epc-intl: Capas 60 MWp solar PV plant (English with Chinese)
# ==================================================================================================

EPC_EMPLOYER = "Central Luzon Helios Power Corporation"
EPC_EMPLOYER_ADDR = "8th Floor, Tower B, Northpoint Business Plaza, 1820 Paseo de Roxas, Makati City 1226, " \
                    "Metro Manila, Philippines"
EPC_CONTRACTOR = "Jiangsu Huayao New Energy Engineering Co., Ltd."
EPC_CONTRACTOR_ZH = "江苏华耀新能源工程有限公司"
EPC_CONTRACTOR_LINES = [
    "No. 12 Mozhou East Road, Jiangning District, Nanjing 211111, Jiangsu, China  |  +86 25 5218 0600",
    "Site office: Capas Solar Project, Barangay Sto. Rosario, Capas, Tarlac 2315, Philippines",
]
EPC_ENGINEER = "Meridian Power Engineering Consultants Pte. Ltd."
EPC_ENGINEER_LINES = ["80 Robinson Road #12-04, Singapore 068898  |  The Engineer under Contract CLHP-EPC-2026-001"]
EPC_CONTRACT = "CLHP-EPC-2026-001"
EPC_PROJECT = "Capas 60 MWp Solar PV Power Plant and 69 kV Interconnection"
EPC_PROJECT_ZH = "卡帕斯60 MWp光伏电站及69 kV送出工程"
EPC_BANK = "Bank of China Limited, Jiangsu Branch"
EPC_BANK_ZH = "中国银行股份有限公司江苏省分行"


def epc_doc(day: dt.date, title: str, author: str, **kw: object) -> Doc:
    return new_doc(day=day, title=title, author=author, lang="en", base="sans", **kw)


def epc_engineer_head(doc: Doc) -> None:
    doc.letterhead(EPC_ENGINEER, EPC_ENGINEER_LINES, color=(12, 70, 120))


def epc_contractor_head(doc: Doc) -> None:
    doc.letterhead(EPC_CONTRACTOR, EPC_CONTRACTOR_LINES, color=(160, 30, 36), second=EPC_CONTRACTOR_ZH)


def epc_heading(doc: Doc, en: str, zh: str, sub: str | None = None) -> None:
    doc.title_block(en, None, 16)
    doc.line_text(zh, 12, font="cjk-bold", align="C", h=7)
    if sub:
        doc.line_text(sub, 9.5, align="C", h=6)
    doc.ln(3)


def epc_guarantee() -> bytes:
    day = D("2026-02-25")
    doc = epc_doc(day, "Advance Payment Guarantee", EPC_BANK, footer="Guarantee no. BOCJS-LG-2026-00871")
    doc.letterhead(EPC_BANK, ["Trade Finance Department, Nanjing, Jiangsu, China  |  "
                                                  "SWIFT: BKCHCNBJ940"], color=(150, 20, 30),
                   second=EPC_BANK_ZH)
    epc_heading(doc, "ADVANCE PAYMENT GUARANTEE", "预付款保函", "Guarantee no. BOCJS-LG-2026-00871  |  "
                "Demand guarantee subject to URDG 758")
    doc.base = "serif"
    doc.pairs([
        ("Beneficiary", f"{EPC_EMPLOYER}, {EPC_EMPLOYER_ADDR}"),
        ("Principal", f"{EPC_CONTRACTOR} ({EPC_CONTRACTOR_ZH})"),
        ("Contract", f"{EPC_CONTRACT}, EPC Contract for the {EPC_PROJECT}, dated 16 February 2026"),
        ("Guarantee amount", "USD 3,850,000.00 (Three Million Eight Hundred and Fifty Thousand United States "
                             "Dollars), reducing as the advance payment is repaid"),
        ("Expiry", "30 November 2026, or the date on which the advance payment is repaid in full, if earlier"),
    ], label_w=36, size=9.5)
    for text in [
        "We have been informed that the Principal has entered into the Contract with you, under which you are to "
        "make an advance payment of USD 3,850,000.00 (10% of the Contract Price) to the Principal against a "
        "guarantee.",
        "At the request of the Principal, we, Bank of China Limited, Jiangsu Branch, hereby irrevocably undertake "
        "to pay you any sum or sums not exceeding in total the guarantee amount upon receipt by us of your complying "
        "demand, supported by your statement, whether in the demand itself or in a separate signed document "
        "accompanying or identifying the demand, stating that the Principal has failed to repay the advance "
        "payment in accordance with the conditions of the Contract and the amount which the Principal has failed "
        "to repay.",
        "This guarantee shall become effective upon receipt by the Principal of the advance payment in its account "
        "no. 1053 2208 7716 with Bank of China Limited, Jiangsu Branch. The guarantee amount shall be reduced by "
        "the amounts of the advance payment repaid to you as evidenced by interim payment certificates issued "
        "under Sub-Clause 14.6 of the Contract, a copy of which shall be presented to us.",
        "Any demand for payment must be received by us at this office on or before the expiry date stated above, "
        "when this guarantee shall expire and shall be returned to us. This guarantee is subject to the Uniform "
        "Rules for Demand Guarantees (URDG), 2010 revision, ICC Publication No. 758.",
    ]:
        doc.para(text, 10, gap=2.2)
    doc.para("本保函为见索即付保函，适用国际商会《见索即付保函统一规则》（URDG 758）。本保函以英文为准。", 9.5,
             font="cjk-serif", gap=6, align="L")
    y = doc.get_y()
    doc.sign_row([
        (f"For and on behalf of {EPC_BANK}", "Authorised signatory: Wang Lihua (王丽华)", "Wang Lihua",
         en_date(day)),
        ("", "Authorised signatory: Chen Mo (陈默)", "Chen Mo", en_date(day)),
    ], height=34)
    doc.seal(150, y + 16, "中国银行股份有限公司江苏省分行", "保函专用章", r=17)
    return doc.data()


def epc_application() -> bytes:
    day = D("2026-02-27")
    doc = epc_doc(day, "Application for advance payment", EPC_CONTRACTOR)
    epc_contractor_head(doc)
    doc.font("sans", 10)
    doc.cell(0, 5, "Our ref.: HY-CAP-L-0031", new_x="LMARGIN", new_y="NEXT")
    doc.cell(0, 5, f"Date: {en_date(day)}", new_x="LMARGIN", new_y="NEXT")
    doc.ln(3)
    doc.multi_cell(0, 5, f"To: {EPC_EMPLOYER}\nAttention: Ms Maria Teresa D. Villanueva, Project Director\n"
                         f"{EPC_EMPLOYER_ADDR}\nCopy: {EPC_ENGINEER} (the Engineer)", new_x="LMARGIN", new_y="NEXT")
    doc.ln(3)
    epc_heading(doc, "APPLICATION FOR ADVANCE PAYMENT", "预付款支付申请", f"Contract {EPC_CONTRACT}")
    doc.base = "serif"
    for text in [
        "Dear Ms Villanueva,",
        "In accordance with Sub-Clause 14.2 of the Particular Conditions and payment node P1 of the Payment "
        "Schedule, we apply for the advance payment of USD 3,850,000.00 (Three Million Eight Hundred and Fifty "
        "Thousand United States Dollars), being 10% of the Contract Price of USD 38,500,000.00.",
        "We enclose the Advance Payment Guarantee no. BOCJS-LG-2026-00871 issued by Bank of China Limited, Jiangsu "
        "Branch on 25 February 2026, and confirm that the Performance Security (10% of the Contract Price) was "
        "delivered to you on 20 February 2026. Under the Payment Schedule and Sub-Clause 14.2 the advance payment "
        "falls due 14 days after this application and the guarantee, on 13 March 2026.",
        "Please remit the advance payment to the following account:",
    ]:
        doc.para(text, 10.5, gap=2.5)
    doc.pairs([("Beneficiary", f"{EPC_CONTRACTOR}"), ("Bank", f"{EPC_BANK} ({EPC_BANK_ZH})"),
               ("Account no. (USD)", "1053 2208 7716"), ("SWIFT/BIC", "BKCHCNBJ940"),
               ("Reference", f"{EPC_CONTRACT} advance payment P1")], label_w=38, size=9.5)
    doc.para("Yours faithfully,", 10.5, gap=2)
    y = doc.get_y()
    doc.signature(doc.l_margin + 2, y + 10, "Zhou Jianhua", size=15)
    doc.set_y(y + 14)
    doc.para("Zhou Jianhua (周建华)\nProject Manager, for and on behalf of " + EPC_CONTRACTOR, 10, gap=1)
    doc.seal(120, y + 8, EPC_CONTRACTOR_ZH, "合同专用章", r=16)
    doc.para("Enclosures: Advance Payment Guarantee BOCJS-LG-2026-00871 (original by courier); Performance Security "
             "BOCJS-LG-2026-00866 (copy).", 8.5, font="sans", gap=0)
    return doc.data()


def ipc_doc(day: dt.date, number: int, received: dt.date, due: dt.date, lines: Sequence[tuple[str, str, str]],
            amount: str, notes: str) -> bytes:
    doc = epc_doc(day, f"Interim Payment Certificate No. {number}", EPC_ENGINEER,
                  footer=f"IPC No. {number} - Contract {EPC_CONTRACT}")
    epc_engineer_head(doc)
    epc_heading(doc, f"INTERIM PAYMENT CERTIFICATE No. {number}", f"期中付款证书 第{number}号",
                f"Sub-Clause 14.6  |  Contract {EPC_CONTRACT}")
    doc.pairs([
        ("Employer 发包人", EPC_EMPLOYER),
        ("Contractor 承包人", f"{EPC_CONTRACTOR} ({EPC_CONTRACTOR_ZH})"),
        ("Project 项目", f"{EPC_PROJECT} ({EPC_PROJECT_ZH})"),
        ("Statement received", f"{en_date(received)} (Statement No. {number} under Sub-Clause 14.3)"),
        ("Payment due date", f"{en_date(due)} (56 days after the Engineer received the Statement, Sub-Clause 14.7)"),
    ], label_w=42, size=9.5)
    doc.grid([("Line", "Description 说明", "USD")] + list(lines), (14, 120, 36), size=9.5, aligns=("C", "L", "R"),
             total_last=True)
    doc.para(notes, 9.5, gap=3)
    doc.para(f"The Engineer certifies that the amount due to the Contractor under this certificate is USD {amount}.",
             10.5, font="sans-bold", gap=1)
    doc.para(f"工程师兹证明本期应付承包人金额为 {amount} 美元。", 10, font="cjk", gap=5, align="L")
    y = doc.get_y()
    doc.sign_row([
        ("The Engineer 工程师", "Rajesh Kumar Menon, Engineer's Representative", "R. K. Menon", en_date(day)),
        ("Copy received by the Employer 发包人签收", "Maria Teresa D. Villanueva, Project Director",
         "M. T. Villanueva", en_date(day)),
    ], height=34)
    doc.seal(70, y + 14, "MERIDIAN POWER ENGINEERING", "", r=14, font="sans-bold", color=(20, 60, 140), star=False)
    return doc.data()


def epc_ipc1() -> bytes:
    return ipc_doc(D("2026-05-27"), 1, D("2026-04-30"), D("2026-06-25"), [
        ("1", "Contract Price 合同价格", "38,500,000.00"),
        ("2", "Approved variations 已批准变更", "0.00"),
        ("3", "Payment node P2 achieved: detailed design approved, PV modules, inverters and main transformer "
              "delivered (25%) 付款节点P2", "9,625,000.00"),
        ("4", "Less retention, 5% of line 3 (Sub-Clause 14.3(c)) 扣留保留金", "-481,250.00"),
        ("5", "Advance payment recovery: nil - Payment Schedule instalments are net of the advance (P1, paid "
              "12 March 2026) 预付款扣回：无", "0.00"),
        ("6", "Amount certified this certificate 本期证书金额", "9,143,750.00"),
    ], "9,143,750.00", "Milestone evidence reviewed: Material Delivery Report MDR-07 of 28 April 2026 (modules, "
       "inverters, main power transformer) and the Engineer's design approvals DA-001 to DA-046.")


def epc_ipc2() -> bytes:
    return ipc_doc(D("2026-07-10"), 2, D("2026-06-15"), D("2026-08-10"), [
        ("1", "Contract Price 合同价格", "38,500,000.00"),
        ("2", "Variation Order No. 1 (approved 20 May 2026), carried by P3 变更令第1号", "412,500.00"),
        ("3", "Payment node P3 achieved: mechanical completion of PV Blocks 1-4 (30% = 11,550,000.00) plus "
              "VO-01 付款节点P3", "11,962,500.00"),
        ("4", "Less retention, 5% of line 3 (Sub-Clause 14.3(c)) 扣留保留金", "-598,125.00"),
        ("5", "Advance payment recovery: nil - Payment Schedule instalments are net of the advance (P1) "
              "预付款扣回：无", "0.00"),
        ("6", "Amount certified this certificate 本期证书金额", "11,364,375.00"),
    ], "11,364,375.00", "Milestone evidence reviewed: Mechanical Completion Certificate MC-01 of 10 June 2026, "
       "Statement No. 2 of 15 June 2026, site photographs and aerial survey of 8-9 June 2026. Retention withheld "
       "to date: USD 1,079,375.00.")


def epc_delivery_report() -> bytes:
    day = D("2026-04-28")
    doc = epc_doc(day, "Material delivery report MDR-07", EPC_CONTRACTOR, orientation="L",
                  footer=f"Material Delivery Report MDR-07 - Contract {EPC_CONTRACT}")
    doc.set_auto_page_break(True, margin=12)
    epc_contractor_head(doc)
    epc_heading(doc, "MATERIAL DELIVERY REPORT MDR-07", "主要设备材料到货验收报告",
                "Payment node P2 - PV modules, inverters and main power transformer delivered to Site")
    doc.grid([
        ("Item 物资", "Specification 规格", "Contract qty", "Delivered to date", "B/L nos.", "Received",
         "Condition"),
        ("PV modules 光伏组件", "610 Wp bifacial n-type TOPCon, 2,382 x 1,134 mm", "98,400 pcs", "98,400 pcs",
         "SHMNL2603-0412 to -0431", "22 Mar - 22 Apr 2026", "OK; 37 pcs damaged, replaced (NCR-014)"),
        ("String inverters 组串式逆变器", "320 kW, 1,500 V DC, IP66", "156 pcs", "156 pcs", "SHMNL2603-0440/0441",
         "9 Apr 2026", "OK"),
        ("Inverter stations 箱变", "3,300 kVA, 0.8/34.5 kV, skid-mounted", "16 sets", "16 sets",
         "SHMNL2603-0452", "14 Apr 2026", "OK"),
        ("Main power transformer 主变", "55 MVA, 69/34.5 kV, ONAN/ONAF", "1 set", "1 set", "SHMNL2604-0018",
         "18 Apr 2026", "OK; impact recorder within limits"),
        ("Mounting structures 支架", "1P fixed tilt, 15 deg, HDG steel", "2,460 tables", "2,460 tables",
         "SHMNL2603-0401 to -0409", "12 Mar - 2 Apr 2026", "OK"),
    ], (34, 52, 24, 26, 40, 30, 51), size=8.5)
    doc.para("Joint inspection on receipt at laydown areas A and B. Packing lists, certificates of origin and factory "
             "test reports are filed under document numbers CAP-QA-0210 to CAP-QA-0297. Site photographs of the "
             "laydown area are attached to the application for payment.", 9, gap=4)
    doc.sign_row([
        ("Contractor's Site Manager 承包人现场经理", "Li Qiang (李强)", "Li Qiang", en_date(day)),
        ("Employer's Site Representative 发包人现场代表", "Jose Miguel R. Santos", "J. M. Santos", en_date(day)),
        ("Engineer's Inspector 工程师检查员", "Daniel Tan Wei Ming", "D. Tan", en_date(day)),
    ], height=26, size=9)
    return doc.data()


def epc_statement2() -> bytes:
    day = D("2026-06-15")
    doc = epc_doc(day, "Statement No. 2 - application for interim payment", EPC_CONTRACTOR,
                  footer=f"Statement No. 2 - Contract {EPC_CONTRACT}")
    epc_contractor_head(doc)
    epc_heading(doc, "STATEMENT No. 2", "期中付款申请 第2号",
                "Application for interim payment under Sub-Clause 14.3  |  payment node P3")
    doc.pairs([("To", f"{EPC_ENGINEER} (the Engineer), copy to {EPC_EMPLOYER}"),
               ("Period", "Milestone statement: mechanical completion of PV Blocks 1-4 (certificate MC-01)"),
               ("Our ref.", "HY-CAP-L-0358")], label_w=24, size=9.5)
    doc.grid([
        ("No.", "Item 项目", "USD"),
        ("1", "Original Contract Price 原合同价格", "38,500,000.00"),
        ("2", "Net change by approved variations (VO-01) 变更净额", "412,500.00"),
        ("3", "Contract Price to date (1 + 2) 调整后合同价格", "38,912,500.00"),
        ("4", "Value of payment nodes achieved to date: P1 3,850,000.00 + P2 9,625,000.00 + P3 11,962,500.00 "
              "已完成付款节点价值", "25,437,500.00"),
        ("5", "Retention withheld to date, 5% of P2 and P3 累计保留金", "1,079,375.00"),
        ("6", "Total earned less retention (4 - 5)", "24,358,125.00"),
        ("7", "Less previous payments (P1 advance, IPC No. 1) 以前已付", "12,993,750.00"),
        ("8", "Amount due this Statement (6 - 7) 本期应付", "11,364,375.00"),
        ("9", "Balance to finish, including retention (3 - 6) 剩余合同金额（含保留金）", "14,554,375.00"),
    ], (12, 124, 34), size=9.5, aligns=("C", "L", "R"))
    doc.para("Under the Payment Schedule this amount falls due 56 days after the Engineer receives this Statement "
             "(Sub-Clause 14.7(b)), that is on 10 August 2026. Payment to: Bank of China Limited, Jiangsu Branch, "
             "account no. 1053 2208 7716, SWIFT BKCHCNBJ940.", 9.5, gap=4)
    y = doc.get_y()
    doc.sign_row([("For the Contractor 承包人", "Zhou Jianhua (周建华), Project Manager", "Zhou Jianhua",
                   en_date(day)),
                  ("Received by the Engineer 工程师签收", "Rajesh Kumar Menon", "R. K. Menon", en_date(day))],
                 height=30)
    doc.seal(84, y + 14, EPC_CONTRACTOR_ZH, "合同专用章", r=14)
    return doc.data()


def epc_mechanical_completion() -> bytes:
    day = D("2026-06-10")
    doc = epc_doc(day, "Mechanical completion certificate MC-01", EPC_ENGINEER,
                  footer=f"Mechanical Completion Certificate MC-01 - Contract {EPC_CONTRACT}")
    epc_engineer_head(doc)
    epc_heading(doc, "MECHANICAL COMPLETION CERTIFICATE MC-01", "机械完工证书", "PV Blocks 1-4 (60.02 MWp DC)")
    doc.grid([
        ("Scope 范围", "Quantity", "Status 状态"),
        ("Piles driven and load-tested 桩基", "14,760 piles", "Complete; 74 pull-out tests passed"),
        ("Mounting structures erected 支架安装", "2,460 tables", "Complete; torque checks 10% sample"),
        ("PV modules installed 组件安装", "98,400 pcs", "Complete; 100% visual, 5% IV-curve"),
        ("DC cabling and combiner wiring 直流电缆", "412 km", "Complete; insulation tests passed"),
        ("String inverters mounted 逆变器", "156 pcs", "Complete; not yet energised"),
        ("Inverter stations set on plinths 箱变", "16 sets", "Complete; oil and earthing checks passed"),
        ("MV collection cables 集电线路", "18.6 km", "Complete; VLF tests passed"),
    ], (70, 34, 66), size=9.5)
    doc.para("The Engineer certifies that the works listed above are mechanically complete in accordance with the "
             "Contract and ready for pre-commissioning. 37 category B punch-list items (list PL-MC-01), none of "
             "which affects safety or the start of commissioning, are to be closed before the Tests on Completion. "
             "This certificate satisfies the milestone of payment node P3.", 10, gap=2)
    doc.para("工程师确认上述工程已按合同完成机械完工，可进入预调试阶段；B类尾项37项不影响调试。", 9.5, font="cjk", gap=5,
             align="L")
    doc.sign_row([
        ("The Engineer 工程师", "Rajesh Kumar Menon", "R. K. Menon", en_date(day)),
        ("Employer 发包人", "Jose Miguel R. Santos, Site Representative", "J. M. Santos", en_date(day)),
        ("Contractor 承包人", "Li Qiang (李强), Site Manager", "Li Qiang", en_date(day)),
    ], height=30, size=9)
    return doc.data()


def epc_variation_order() -> bytes:
    day = D("2026-05-20")
    doc = epc_doc(day, "Variation Order No. 1", EPC_ENGINEER, footer=f"VO-01 - Contract {EPC_CONTRACT}")
    epc_engineer_head(doc)
    epc_heading(doc, "VARIATION ORDER No. 1", "变更令 第1号", "Sub-Clauses 13.1 and 13.3")
    doc.pairs([
        ("Instruction", "Engineer's instruction EI-019 of 2 April 2026, at the grid operator's request"),
        ("Description", "Add one 69 kV line bay (circuit breaker, disconnectors, CTs/VTs, protection panel) at the "
                        "project substation and a SCADA interface to the grid operator's control centre. "
                        "增加一个69 kV出线间隔及调度自动化接口。"),
        ("Valuation", "USD 412,500.00 lump sum (Contractor's proposal HY-CAP-VP-004 of 16 April 2026, as agreed)"),
        ("Time", "No extension of time"),
        ("Payment", "Added to payment node P3 (Interim payment 2), with retention at 5%"),
    ], label_w=30, size=9.5)
    doc.para("The Employer approves this variation, which changes the Contract Price from USD 38,500,000.00 to "
             "USD 38,912,500.00.", 10.5, gap=6)
    doc.sign_row([
        ("The Engineer 工程师", "Rajesh Kumar Menon", "R. K. Menon", en_date(day)),
        ("Approved by the Employer 发包人批准", "Maria Teresa D. Villanueva, Project Director", "M. T. Villanueva",
         en_date(day)),
        ("Acknowledged by the Contractor 承包人确认", "Zhou Jianhua (周建华)", "Zhou Jianhua", en_date(day)),
    ], height=32, size=9)
    return doc.data()


def epc_courier_pod() -> bytes:
    day = D("2026-08-28")
    doc = epc_doc(day, "Courier proof of delivery - waybill 4821 6630 95", "AsiaLink Express")
    doc.letterhead("AsiaLink Express", ["Proof of delivery  |  track.asialink-express.example"], color=(210, 110, 0))
    doc.title_block("PROOF OF DELIVERY", "Waybill 4821 6630 95", 16)
    doc.pairs([
        ("Shipped", "26 Aug 2026 16:05, Nanjing, China"),
        ("Shipper", f"{EPC_CONTRACTOR}, attn. Zhou Jianhua, +86 25 5218 0600"),
        ("Consignee", f"{EPC_EMPLOYER}, attn. Ms Maria Teresa D. Villanueva, {EPC_EMPLOYER_ADDR}"),
        ("Contents (declared)", "Documents: letter HY-CAP-L-0437 'Notice of non-payment - IPC No. 2' (1 envelope)"),
        ("Delivered", "28 Aug 2026 10:42, Makati City"),
        ("Signed for by", "R. Dela Cruz (reception, 8th floor)"),
    ], label_w=38, size=10)
    doc.grid([
        ("Date", "Time", "Location", "Event"),
        ("26 Aug 2026", "16:05", "Nanjing, CN", "Picked up"),
        ("27 Aug 2026", "02:40", "Shanghai Pudong, CN", "Departed hub"),
        ("27 Aug 2026", "19:15", "Manila, PH", "Cleared customs (documents)"),
        ("28 Aug 2026", "08:10", "Makati City, PH", "Out for delivery"),
        ("28 Aug 2026", "10:42", "Makati City, PH", "Delivered - signed for by R. Dela Cruz"),
    ], (30, 18, 50, 72), size=9.5)
    doc.ln(2)
    doc.line_text("Signature of recipient:", 9.5)
    doc.signature(doc.l_margin + 40, doc.get_y() + 3, "R. Dela Cruz", size=16)
    doc.ln(10)
    doc.para("This proof of delivery was generated from the tracking record on 28 Aug 2026.", 8, gap=0)
    return doc.data()


def epc_laydown_photo() -> bytes:
    """Laydown area B with pallets of PV modules, containers and a forklift: a landscape photo."""
    w, h = 1280, 800
    img = Image.new("RGB", (w, h))
    d = ImageDraw.Draw(img)
    horizon = 300
    vgradient(d, (0, 0, w, horizon), (92, 148, 210), (198, 222, 240))
    # clouds
    rng = random.Random(422)
    for _ in range(14):
        cx, cy, r = rng.randint(0, w), rng.randint(30, 190), rng.randint(30, 70)
        for k in range(5):
            d.ellipse((cx - r + k * 18, cy - r // 2 + (k % 2) * 8, cx + r + k * 18, cy + r // 2 + (k % 2) * 8),
                      fill=(242, 245, 248))
    # distant hills (Mt Pinatubo-like ridge) and tree line
    ridge = [(0, horizon)] + [(x, horizon - 40 - 30 * math.sin(x / 170) - 18 * math.sin(x / 53)) for x in
                               range(0, w + 20, 20)] + [(w, horizon)]
    d.polygon(ridge, fill=(120, 140, 150))
    trees = [(0, horizon + 8)] + [(x, horizon - 8 - 6 * math.sin(x / 13) - rng.randint(0, 6)) for x in
                                  range(0, w + 10, 10)] + [(w, horizon + 8)]
    d.polygon(trees, fill=(58, 92, 52))
    # ground: compacted laterite and gravel
    vgradient(d, (0, horizon, w, h), (170, 128, 92), (136, 100, 70))
    for _ in range(500):
        x, y = rng.randint(0, w), rng.randint(horizon, h)
        s = 1 + (y - horizon) // 120
        d.ellipse((x, y, x + s, y + s), fill=(188, 160, 130) if rng.random() < 0.5 else (112, 84, 60))
    # containers at the back
    colours = [(176, 64, 48), (40, 96, 150), (196, 150, 40), (70, 120, 80), (176, 64, 48)]
    for i, c in enumerate(colours):
        x0 = 60 + i * 250
        d.rectangle((x0, horizon - 22, x0 + 230, horizon + 44), fill=c)
        for k in range(0, 230, 9):
            d.line((x0 + k, horizon - 22, x0 + k, horizon + 44), fill=tuple(max(0, v - 25) for v in c))
    # pallet rows in perspective: cardboard crates with labels
    vx, vy, f = w * 0.5, horizon - 60, 520.0

    def P(x: float, y: float, z: float) -> tuple[float, float]:
        return (vx + f * x / z, vy - f * y / z)

    for row_x in (-9.0, -5.2, 2.0, 5.8):
        for z in (26.0, 22.0, 18.0, 14.0, 10.5, 7.5):
            x0, x1, y1 = row_x, row_x + 2.3, 1.35
            ground = -3.2
            front = [P(x0, ground, z), P(x1, ground, z), P(x1, ground + y1, z), P(x0, ground + y1, z)]
            side_x = x1 if row_x < 0 else x0
            side = [P(side_x, ground, z), P(side_x, ground, z + 1.2), P(side_x, ground + y1, z + 1.2),
                    P(side_x, ground + y1, z)]
            top = [P(x0, ground + y1, z), P(x1, ground + y1, z), P(x1, ground + y1, z + 1.2),
                   P(x0, ground + y1, z + 1.2)]
            d.polygon(side, fill=(150, 112, 70))
            d.polygon(front, fill=(196, 152, 100), outline=(120, 90, 56))
            d.polygon(top, fill=(214, 176, 126))
            # pallet and strapping and label
            pal = [P(x0, ground - 0.15, z), P(x1, ground - 0.15, z), P(x1, ground, z), P(x0, ground, z)]
            d.polygon(pal, fill=(120, 96, 60))
            for s in (0.25, 0.75):
                xs = x0 + (x1 - x0) * s
                d.line([P(xs, ground, z), P(xs, ground + y1, z)], fill=(40, 40, 40), width=max(1, int(18 / z)))
            lx = [P(x0 + 0.8, ground + 0.9, z), P(x0 + 1.5, ground + 0.9, z), P(x0 + 1.5, ground + 0.55, z),
                  P(x0 + 0.8, ground + 0.55, z)]
            d.polygon(lx, fill=(240, 240, 236))
    # forklift
    fx, fy = 840, 620
    d.rectangle((fx, fy - 90, fx + 150, fy), fill=(232, 184, 20))
    d.rectangle((fx + 20, fy - 170, fx + 110, fy - 90), outline=(40, 40, 40), width=6)
    d.rectangle((fx - 30, fy - 180, fx - 16, fy + 10), fill=(60, 60, 60))
    d.rectangle((fx - 90, fy - 6, fx - 16, fy + 4), fill=(70, 70, 70))
    for cx in (fx + 20, fx + 120):
        d.ellipse((cx - 28, fy - 18, cx + 28, fy + 38), fill=(30, 30, 30))
        d.ellipse((cx - 11, fy - 1, cx + 11, fy + 21), fill=(120, 120, 120))
    img = grain(img, seed=20260422, strength=0.08, blur=0.7)
    img = caption(img, ["Capas 60 MWp Solar PV - Laydown area B", "PV modules delivered: batch 12 of 12 (MDR-07)",
                        "2026-04-22 09:41  |  15.3412 N, 120.5906 E"], font="sans", size=24)
    return jpeg(img, exif_bytes(D("2026-04-22"), "09:41:12", description="Laydown area B, PV module pallets"),
                quality=74)


def epc_array_photo() -> bytes:
    """Installed module rows in Block 2 from a low drone flight: a portrait photo."""
    w, h = 768, 1024
    img = Image.new("RGB", (w, h))
    d = ImageDraw.Draw(img)
    horizon = 300
    vgradient(d, (0, 0, w, horizon), (70, 128, 200), (196, 218, 238))
    vgradient(d, (0, horizon, w, h), (128, 140, 84), (96, 110, 60))
    vx, vy, f = w * 0.40, horizon, 640.0
    eye = 9.0  # camera height above ground (m): a low drone shot

    def P(x: float, y: float, z: float) -> tuple[float, float]:
        return (vx + f * x / z, vy - f * (y - eye) / z)

    rng = random.Random(608)
    # distant tree line and the service road on the right
    trees = [(0, horizon + 2)] + [(x, horizon - 10 - 5 * math.sin(x / 11) - rng.randint(0, 5))
                                  for x in range(0, w + 8, 8)] + [(w, horizon + 2)]
    d.polygon(trees, fill=(62, 92, 56))
    d.polygon([P(11.0, 0, 3.0), P(16.0, 0, 3.0), P(16.0, 0, 400.0), P(11.0, 0, 400.0)], fill=(196, 180, 150))
    for _ in range(1400):
        x, y = rng.randint(0, w), rng.randint(horizon, h)
        d.line((x, y, x + rng.randint(-2, 2), y - 1 - (y - horizon) // 110), fill=(146, 160, 96))
    x_left, x_right = -60.0, 8.0
    for row in range(40, -1, -1):
        z0 = 4.0 + row * 5.6  # row pitch 5.6 m
        lo, hi, depth = 0.8, 2.25, 2.2  # tilted table: low edge 0.8 m, high edge 2.25 m, 2.2 m deep
        post = max(1, int(14 / z0))
        for x in [x_right - 4.0 * k for k in range(int((x_right - x_left) / 4.0) + 1)]:
            d.line([P(x, 0, z0 + 0.3), P(x, lo, z0 + 0.3)], fill=(176, 180, 186), width=post)
            d.line([P(x, 0, z0 + depth - 0.3), P(x, hi, z0 + depth - 0.3)], fill=(160, 164, 170), width=post)
        d.polygon([P(x_left, lo, z0), P(x_right, lo, z0), P(x_right, hi, z0 + depth), P(x_left, hi, z0 + depth)],
                  fill=(30, 46, 92))
        # sky reflection on the upper half of the modules
        d.polygon([P(x_left, (lo + hi) / 2, z0 + depth / 2), P(x_right, (lo + hi) / 2, z0 + depth / 2),
                   P(x_right, hi, z0 + depth), P(x_left, hi, z0 + depth)], fill=(52, 78, 132))
        if z0 < 40:
            x = x_right
            while x >= x_left:
                d.line([P(x, lo, z0), P(x, hi, z0 + depth)], fill=(112, 124, 148), width=1)
                x -= 1.134  # module width
            d.line([P(x_left, (lo + hi) / 2, z0 + depth / 2), P(x_right, (lo + hi) / 2, z0 + depth / 2)],
                   fill=(112, 124, 148), width=1)
        d.line([P(x_left, lo, z0), P(x_right, lo, z0)], fill=(196, 200, 208), width=max(1, int(20 / z0)))
        d.line([P(x_right, lo, z0), P(x_right, hi, z0 + depth)], fill=(196, 200, 208), width=max(1, int(20 / z0)))
    img = grain(img, seed=20260608, strength=0.08, blur=0.6)
    img = caption(img, ["Capas Solar PV - Block 2, rows 14-54", "Modules installed, mechanical completion (MC-01)",
                        "2026-06-08 15:12  |  drone photo, 9 m"], font="sans", size=22)
    return jpeg(img, exif_bytes(D("2026-06-08"), "15:12:50", description="Block 2 module rows"), quality=76)


def epc_aerial_tiff() -> bytes:
    """Drone orthomosaic of Blocks 1-4, top-down, with title block: TIFF (LZW)."""
    w, h = 1400, 900
    img = Image.new("RGB", (w, h), (164, 132, 96))
    d = ImageDraw.Draw(img)
    rng = random.Random(609)
    # vegetation patches outside the fence
    for _ in range(60):
        x, y, r = rng.randint(0, w), rng.randint(0, h), rng.randint(20, 70)
        d.ellipse((x - r, y - r, x + r, y + r), fill=(104, 128, 70))
    d.rectangle((60, 60, 1120, 840), fill=(176, 146, 108), outline=(70, 70, 70), width=3)  # fenced site
    # roads
    d.rectangle((60, 440, 1120, 462), fill=(214, 204, 186))
    d.rectangle((580, 60, 602, 840), fill=(214, 204, 186))
    # PV tables in four blocks
    blocks = [(80, 80, 570, 430, "Block 1"), (612, 80, 1100, 430, "Block 2"), (80, 472, 570, 820, "Block 3"),
              (612, 472, 1100, 820, "Block 4")]
    small = pil_font("sans-bold", 18)
    for x0, y0, x1, y1, name in blocks:
        y = y0 + 8
        while y + 9 < y1 - 8:
            x = x0 + 8
            while x + 56 < x1 - 8:
                d.rectangle((x, y, x + 56, y + 9), fill=(32, 50, 96))
                d.line((x, y + 9, x + 56, y + 9), fill=(90, 96, 110))
                x += 60
            y += 17
        cx, cy = (x0 + x1) // 2, (y0 + y1) // 2
        d.rectangle((cx - 20, cy - 12, cx + 20, cy + 12), fill=(236, 236, 236), outline=(80, 80, 80))
        d.rectangle((x0 + 4, y0 + 4, x0 + 90, y0 + 28), fill=(255, 255, 255))
        d.text((x0 + 10, y0 + 6), name, font=small, fill=(20, 20, 20))
    # substation
    d.rectangle((1000, 842, 1118, 890), fill=(200, 200, 200), outline=(60, 60, 60), width=2)
    # title block, north arrow and scale bar
    d.rectangle((1140, 60, 1380, 840), fill=(255, 255, 255), outline=(40, 40, 40), width=2)
    font = pil_font("sans", 16)
    bold = pil_font("sans-bold", 19)
    lines = [("AERIAL SURVEY", bold), ("Orthomosaic, GSD 4 cm", font), ("", font), ("Capas 60 MWp Solar PV", font),
             ("Blocks 1-4", font), ("Flown 2026-06-09 07:30", font), ("UAV: DJI M350 RTK", font),
             ("Datum: WGS 84 / UTM 51N", font), ("", font), ("Modules installed:", font), ("98,400 of 98,400", bold),
             ("", font), ("Surveyed by:", font), ("Li Qiang, Site Manager", font), ("Ref. CAP-SV-0609", font)]
    y = 80
    for text, face in lines:
        d.text((1156, y), text, font=face, fill=(20, 20, 20))
        y += 28
    d.polygon([(1260, 560), (1240, 620), (1260, 608), (1280, 620)], fill=(20, 20, 20))
    d.text((1252, 528), "N", font=bold, fill=(20, 20, 20))
    d.rectangle((1160, 700, 1360, 710), outline=(20, 20, 20), width=2)
    d.rectangle((1160, 700, 1210, 710), fill=(20, 20, 20))
    d.rectangle((1260, 700, 1310, 710), fill=(20, 20, 20))
    d.text((1160, 716), "0        100 m       200 m", font=font, fill=(20, 20, 20))
    out = io.BytesIO()
    img.save(out, "TIFF", compression="tiff_lzw", dpi=(150, 150))
    return out.getvalue()


# ==================================================================================================
# Writing
# ==================================================================================================

# ==================================================================================================
# warehouse-cn: 苏州工业园区某物流仓库土建及钢结构工程 (Chinese, paid monthly by measurement)
# ==================================================================================================

WH_CLIENT = "苏州港湾物流地产有限公司"
WH_CONTRACTOR = "江苏恒筑建设工程有限公司"
WH_SUPERVISOR = "苏州工业园区建诚工程监理有限公司"
WH_LAB = "苏州市建科建设工程质量检测中心有限公司"
WH_PROJECT = "苏州工业园区某物流仓库土建及钢结构工程"
WH_CONTRACT = "HT-2026-031"

#: Valuation V05 (2026-06-26 to 2026-07-25): code, item, unit, quantity to date at V04, at V05, rate — the figures of
#: samples/warehouse-cn/project.yaml, so that the calculation sheet agrees with the application to the cent.
WAREHOUSE_V05 = [
    ("010505001001", "C30有梁板（辅楼）", "m³", "300", "520", "625.00"),
    ("010515001002", "现浇构件钢筋HRB400（上部结构）", "t", "90", "160", "5320.00"),
    ("010601001001", "门式刚架Q355B", "t", "600", "1180", "7850.00"),
    ("010602001001", "钢吊车梁", "t", "40", "96", "8100.00"),
    ("010603001001", "钢檩条", "t", "120", "310", "7200.00"),
    ("010606001001", "钢支撑、钢拉条", "t", "0", "74", "7600.00"),
    ("011405001001", "钢结构防火涂料（1.5h）", "m²", "0", "9000", "38.00"),
    ("010901002001", "双层压型钢板保温屋面", "m²", "0", "8000", "185.00"),
    ("010501004001", "C25混凝土地坪（200厚），完成30%", "m³", "0", "1440", "520.00"),
    ("010401003001", "实心砖墙（墙裙1.2m）", "m³", "0", "200", "610.00"),
    ("V1-01", "耐磨骨料地坪面层（变更V1）", "m²", "0", "6000", "36.00"),
]


def _qty(value: str) -> str:
    return f"{Decimal(value):,}"


def warehouse_quantities() -> bytes:
    """The contractor's quantity calculation sheet for valuation V05 (工程量计算书)."""
    day = D("2026-07-25")
    doc = cn_doc(day, "工程量计算书（第5期）", WH_CONTRACTOR, orientation="L", footer="工程量计算书 第5期 WH-2026-031-JL05")
    doc.title_block("工程量计算书（第5期进度款）", None, size=17, font="cjk-bold")
    doc.font("cjk", 9.5)
    doc.cell(140, 6, f"工程名称：{WH_PROJECT}")
    doc.cell(0, 6, f"合同编号：{WH_CONTRACT}", align="R", new_x="LMARGIN", new_y="NEXT")
    doc.cell(140, 6, "计量周期：2026年6月26日至2026年7月25日")
    doc.cell(0, 6, "付款节点：V05 第5期进度款（2026年7月）", align="R", new_x="LMARGIN", new_y="NEXT")
    doc.ln(2)
    rows = [("序号", "项目编码", "项目名称", "单位", "上期累计", "本期完成", "累计完成", "综合单价（元）", "本期金额（元）")]
    total = Decimal(0)
    for i, (code, item, unit, before, after, rate) in enumerate(WAREHOUSE_V05, 1):
        amount = (Decimal(after) * Decimal(rate)).quantize(Decimal("0.01")) - (
            Decimal(before) * Decimal(rate)
        ).quantize(Decimal("0.01"))
        total += amount
        rows.append((str(i), code, item, unit, _qty(before), _qty(str(Decimal(after) - Decimal(before))), _qty(after),
                     money(rate), money(amount)))
    rows.append(("", "", "本期完成合计", "", "", "", "", "", money(total)))
    doc.grid(rows, (10, 30, 70, 12, 22, 22, 22, 28, 34), size=9,
             aligns=("C", "C", "L", "C", "R", "R", "R", "R", "R"), total_last=True)
    doc.para("计算说明：钢构件按深化设计图（钢施-01～钢施-24）理论重量计算，不计焊缝及螺栓重量；屋面按水平投影面积计算；"
             "地坪按已浇筑区域（A1～A3区）体积计算，占清单工程量的30%；变更V1耐磨层按已施工面积计算。"
             "期末现场材料：屋面压型钢板及保温棉（已进场未安装）人民币650,000.00元，另列。", 9.5, gap=2)
    doc.sign_row([
        ("编制", "预算员：顾晓峰", "顾晓峰", "2026年7月25日"),
        ("审核", "项目经理：吴建平", "吴建平", "2026年7月25日"),
    ], height=28, seals=[None, (WH_CONTRACTOR, "项目专用章")], sig_font="cjk")
    return doc.data()


def warehouse_measurement_record() -> bytes:
    """The supervising engineer's signed measurement record for V05 (计量记录)."""
    day = D("2026-07-27")
    doc = cn_doc(day, "工程计量记录", WH_SUPERVISOR, footer="工程计量记录 JL-031-JL05")
    doc.title_block("工程计量记录", "（第5期）", size=18, font="cjk-bold")
    doc.line_text("编号：JL-031-JL05", 9.5, align="R")
    doc.ln(1)
    doc.pairs([
        ("工程名称", f"{WH_PROJECT}（合同编号 {WH_CONTRACT}）"),
        ("建设单位", f"{WH_CLIENT}　　代表：陈志华"),
        ("施工单位", f"{WH_CONTRACTOR}　　项目经理：吴建平"),
        ("监理单位", f"{WH_SUPERVISOR}　　总监理工程师：周立新"),
        ("计量周期", "2026年6月26日至2026年7月25日"),
        ("计量依据", "施工图及深化设计图；工程量清单（合同附件二）；变更V1（2026年6月10日批准）；GB 50854-2013"),
    ], label_w=28, size=9.5)
    rows = [("序号", "项目编码", "项目名称", "单位", "本期完成", "累计完成", "核实结论")]
    for i, (code, item, unit, before, after, _) in enumerate(WAREHOUSE_V05, 1):
        rows.append((str(i), code, item, unit, _qty(str(Decimal(after) - Decimal(before))), _qty(after), "属实"))
    doc.grid(rows, (10, 30, 62, 12, 22, 22, 12), size=8.5, aligns=("C", "C", "L", "C", "R", "R", "C"))
    doc.para("监理意见：经现场复核及查验构件进场验收记录，上述本期完成工程量属实，计量准确，同意按此计量。"
             "钢结构防火涂料厚度抽检合格；地坪混凝土试块强度见检测报告（报告编号 JK-HNT-2026-07-0452）。", 9.5, gap=3)
    doc.sign_row([
        ("施工单位", "项目经理：吴建平", "吴建平", "2026年7月27日"),
        ("专业监理工程师", "沈卫东", "沈卫东", "2026年7月27日"),
        ("总监理工程师", "周立新", "周立新", "2026年7月27日"),
    ], height=32, seals=[(WH_CONTRACTOR, "项目专用章"), None, (WH_SUPERVISOR, "项目监理机构")], sig_font="cjk")
    return doc.data()


def warehouse_concrete_report() -> bytes:
    """The testing laboratory's compressive-strength report for the floor slab concrete (item 010501004001)."""
    day = D("2026-07-22")
    doc = cn_doc(day, "混凝土抗压强度检测报告", WH_LAB, footer="报告编号 JK-HNT-2026-07-0452　第1页 共1页")
    doc.title_block("混凝土抗压强度检测报告", None, size=18, font="cjk-bold")
    doc.line_text("报告编号：JK-HNT-2026-07-0452", 9.5, align="R")
    doc.ln(1)
    doc.pairs([
        ("委托单位", WH_CONTRACTOR),
        ("工程名称", WH_PROJECT),
        ("使用部位", "仓库地坪 A1～A3区（清单项目 010501004001）"),
        ("强度等级", "C25　　养护条件：标准养护　　龄期：28天"),
        ("检测依据", "GB/T 50081-2019《混凝土物理力学性能试验方法标准》；GB/T 50107-2010"),
        ("见证人", "沈卫东（苏州工业园区建诚工程监理有限公司）"),
    ], label_w=28, size=9.5)
    rows = [("组号", "成型日期", "试验日期", "试件尺寸（mm）", "单块强度（MPa）", "代表值（MPa）", "达到设计强度")]
    samples = [
        ("A1-01", "2026-06-23", "2026-07-21", "31.2 / 30.6 / 32.0", "31.3", "125%"),
        ("A1-02", "2026-06-24", "2026-07-22", "29.8 / 30.9 / 30.1", "30.3", "121%"),
        ("A2-01", "2026-06-24", "2026-07-22", "32.4 / 31.7 / 33.0", "32.4", "130%"),
        ("A3-01", "2026-06-24", "2026-07-22", "30.7 / 29.9 / 31.5", "30.7", "123%"),
    ]
    for sample in samples:
        rows.append((sample[0], sample[1], sample[2], "150×150×150", sample[3], sample[4], sample[5]))
    doc.grid(rows, (16, 24, 24, 26, 36, 22, 22), size=9, aligns=("C", "C", "C", "C", "C", "C", "C"))
    doc.para("检测结论：所检试块抗压强度代表值均达到C25设计强度等级要求，按GB/T 50107-2010评定合格。", 10, gap=4)
    y = doc.get_y()
    doc.font("cjk", 9.5)
    doc.multi_cell(0, 6.5, "批准：钱国栋　　审核：孙悦　　检测：马骏\n检测单位（盖章）：" + WH_LAB + "\n报告日期：2026年7月22日",
                   new_x="LMARGIN", new_y="NEXT")
    doc.seal(150, y + 10, WH_LAB, "检测专用章", r=18)
    return doc.data()


def warehouse_steel_photo() -> bytes:
    """Portal frames going up, purlins on the first bays, a crawler crane: a landscape photo."""
    w, h = 1280, 800
    img = Image.new("RGB", (w, h))
    d = ImageDraw.Draw(img)
    horizon = 430
    vgradient(d, (0, 0, w, horizon), (104, 156, 214), (206, 224, 240))
    rng = random.Random(731)
    for _ in range(10):
        cx, cy, r = rng.randint(0, w), rng.randint(20, 160), rng.randint(28, 60)
        for k in range(4):
            d.ellipse((cx - r + k * 16, cy - r // 2, cx + r + k * 16, cy + r // 2), fill=(240, 244, 248))
    vgradient(d, (0, horizon, w, h), (150, 140, 122), (112, 104, 92))
    vx, vy, f = w * 0.42, horizon - 40, 640.0

    def P(x: float, y: float, z: float) -> tuple[float, float]:
        return (vx + f * x / z, vy - f * y / z)

    span, eave, ridge = 18.0, 9.0, 11.2
    frames = [6.0 + 6.0 * k for k in range(9)]
    for i, z in enumerate(reversed(frames)):
        width = max(2, int(140 / z))
        left, right = -span / 2, span / 2
        colour = (88, 104, 120) if i % 2 else (96, 112, 128)
        d.line([P(left, -1.5, z), P(left, eave, z)], fill=colour, width=width)
        d.line([P(right, -1.5, z), P(right, eave, z)], fill=colour, width=width)
        d.line([P(left, eave, z), P(0, ridge, z), P(right, eave, z)], fill=colour, width=width)
    for k in range(7):  # purlins over the nearest bays
        t = k / 6
        y = eave + (ridge - eave) * (1 - abs(2 * t - 1))
        x = -span / 2 + span * t
        d.line([P(x, y, frames[0]), P(x, y, frames[3])], fill=(150, 150, 140), width=3)
    for z in frames[:4]:  # bracing in the first bays
        d.line([P(-span / 2, -1.5, z), P(-span / 2, eave, z + 6)], fill=(120, 120, 110), width=2)
    # crawler crane on the right
    base = P(13.0, -1.5, 14.0)
    d.rectangle((base[0] - 70, base[1] - 40, base[0] + 70, base[1] + 10), fill=(214, 160, 30))
    d.rectangle((base[0] - 90, base[1] + 10, base[0] + 90, base[1] + 34), fill=(50, 50, 50))
    tip = P(4.0, 24.0, 18.0)
    d.line([(base[0], base[1] - 30), tip], fill=(214, 160, 30), width=9)
    d.line([tip, (tip[0], tip[1] + 170)], fill=(40, 40, 40), width=2)
    hook_y = tip[1] + 170
    d.rectangle((tip[0] - 60, hook_y, tip[0] + 60, hook_y + 12), fill=(88, 104, 120))
    img = grain(img, seed=20260720, strength=0.08, blur=0.6)
    img = caption(img, [
        f"工程名称：{WH_PROJECT}",
        "部位：仓库主体门式刚架吊装（⑧～⑯轴）",
        "时间：2026-07-20 15:12",
        "地点：江苏省苏州工业园区港田路88号",
    ])
    return jpeg(img, exif_bytes(D("2026-07-20"), "15:12:08", description="Portal frame erection, gridlines 8-16"))


FILES: dict[str, Callable[[], bytes]] = {
    "fitout-cn/evidence/p1-advance-guarantee.pdf": fitout_guarantee,
    "fitout-cn/evidence/p1-receipt.pdf": fitout_receipt,
    "fitout-cn/evidence/p2-acceptance.pdf": fitout_acceptance,
    "fitout-cn/evidence/p2-quantities.pdf": fitout_quantities,
    "fitout-cn/evidence/p2-site-photo.jpg": fitout_photo,
    "software-uk/evidence/p1-agreement.pdf": software_agreement,
    "software-uk/evidence/p1-invoice.pdf": lambda: software_invoice(
        "ASH-INV-0101", D("2026-03-02"),
        [("Mobilisation payment - payment node P1 (15% of the Contract Price of GBP 360,000.00)", "54000.00")],
        "Payment due 14 days after the date of the Agreement (2 March 2026), that is by 16 March 2026.", "NMA-PO-448120"),
    "software-uk/evidence/p2-design-signoff.pdf": software_design_signoff,
    "software-uk/evidence/p2-architecture.pdf": software_architecture,
    "software-uk/evidence/p3-uat-certificate.pdf": software_uat_certificate,
    "software-uk/evidence/p3-uat-summary.pdf": software_uat_summary,
    "software-uk/evidence/p3-uat-dashboard.png": software_dashboard,
    "software-uk/evidence/p3-invoice.pdf": lambda: software_invoice(
        "ASH-INV-0131", D("2026-07-10"),
        [("Release 1 UAT payment - payment node P3 (35% of the Contract Price of GBP 360,000.00); "
          "Release 1 accepted 10 July 2026, certificate UAT-R1-ACC", "126000.00")],
        "Payment due 30 days after acceptance on 10 July 2026, that is by 9 August 2026 (clause 6 and Schedule 1).",
        "NMA-PO-448120"),
    "software-uk/evidence/p3-reminder-email.pdf": software_reminder_email,
    "epc-intl/evidence/p1-advance-guarantee.pdf": epc_guarantee,
    "epc-intl/evidence/p1-application.pdf": epc_application,
    "epc-intl/evidence/p2-ipc-01.pdf": epc_ipc1,
    "epc-intl/evidence/p2-delivery-report.pdf": epc_delivery_report,
    "epc-intl/evidence/p2-laydown-photo.jpg": epc_laydown_photo,
    "epc-intl/evidence/p3-statement-02.pdf": epc_statement2,
    "epc-intl/evidence/p3-mechanical-completion.pdf": epc_mechanical_completion,
    "epc-intl/evidence/p3-ipc-02.pdf": epc_ipc2,
    "epc-intl/evidence/p3-array-photo.jpg": epc_array_photo,
    "epc-intl/evidence/p3-aerial-survey.tif": epc_aerial_tiff,
    "epc-intl/evidence/p3-notice-pod.pdf": epc_courier_pod,
    "epc-intl/evidence/v1-variation-order.pdf": epc_variation_order,
    "warehouse-cn/evidence/v05-quantities.pdf": warehouse_quantities,
    "warehouse-cn/evidence/v05-measurement-record.pdf": warehouse_measurement_record,
    "warehouse-cn/evidence/v05-floor-concrete-report.pdf": warehouse_concrete_report,
    "warehouse-cn/evidence/v05-steel-frame.jpg": warehouse_steel_photo,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report files that are missing or would change")
    parser.add_argument("only", nargs="*", help="generate only the files whose path contains one of these")
    args = parser.parse_args(argv)
    stale = 0
    for rel, make in FILES.items():
        if args.only and not any(part in rel for part in args.only):
            continue
        data = make()
        path = SAMPLES / rel
        old = path.read_bytes() if path.exists() else None
        state = "same" if old == data else ("new" if old is None else "changed")
        if args.check:
            stale += state != "same"
        elif state != "same":
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(path.suffix + ".tmp")
            tmp.write_bytes(data)
            tmp.replace(path)
        print(f"{state:8} {len(data):>8,} B  {hashlib.sha256(data).hexdigest()[:16]}  {rel}")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
