"""The cash curve: planned cumulative payments against amounts applied for and received, as a PNG.

Drawn with matplotlib's Agg canvas (no pyplot, no GUI backend) with matplotlib's default style, a fixed
size and resolution and no software stamp in the PNG, so that the same curve gives the same bytes.
Chinese labels use the CJK font ``contractkit.bundle.cjk_font`` finds; English labels matplotlib's own
DejaVu Sans. Every label is contractkit's own wording: no project text reaches matplotlib's mathtext.
"""

from __future__ import annotations

import datetime as dt
import io
import warnings
from typing import Any

from contractkit.documents.common import _CURRENCY_UNITS as CURRENCY_UNITS
from contractkit.documents.report import CashCurve, Step
from contractkit.errors import ContractkitError

#: Width and height in inches (16 x 8.5 cm: the text width of an A4 portrait page) and the resolution.
SIZE = (16 / 2.54, 8.5 / 2.54)
DPI = 200

#: (zh, en) wording of the chart.
_LABELS = {
    "planned": ("计划累计付款", "Planned payments"),
    "applied": ("累计申请金额", "Applied for"),
    "received": ("累计收款", "Received"),
    "as_of": ("报告日", "Report date"),
    "axis": ("累计金额（{0}）", "Cumulative amount ({0})"),
}


def label(key: str, lang: str) -> str:
    zh, en = _LABELS[key]
    if key == "axis" and lang == "bilingual":  # one short line along the axis
        return "累计金额 Cumulative amount ({0})"
    return zh if lang == "zh" else en if lang == "en" else f"{zh} {en}"


class ChartFontMissing(ContractkitError):
    def __init__(self) -> None:
        super().__init__(
            "contractkit: the report's chart needs a Chinese font and none was found. On Debian or Ubuntu: "
            "sudo apt-get install fonts-noto-cjk ; or set CONTRACTKIT_CJK_FONT to a .ttf/.otf/.ttc file ; "
            "or write the report with --lang en"
        )


def _font(lang: str) -> Any:
    from matplotlib import font_manager

    if lang == "en":
        return font_manager.FontProperties(family="DejaVu Sans")
    from contractkit.render.bundle import FontMissing, cjk_font

    try:
        path, index = cjk_font()
    except FontMissing:
        raise ChartFontMissing() from None
    font_path = getattr(font_manager, "FontPath", None)  # matplotlib 3.11+: a face of a collection
    return font_manager.FontProperties(fname=font_path(path, index) if font_path and index else path)


def _day(day: dt.date) -> float:
    """A date as matplotlib's number of days since its epoch, as its date locator reads it."""
    import matplotlib.dates as mdates

    return float(mdates.date2num(day))  # type: ignore[no-untyped-call]


def _xy(steps: tuple[Step, ...], first: dt.date, last: dt.date) -> tuple[list[float], list[float]]:
    """A step line from zero at ``first`` to ``last``; floats only for drawing."""
    xs, ys = [_day(first)], [0.0]
    for day, total in steps:
        if day > last:
            break
        xs.append(_day(max(day, first)))
        ys.append(float(total))
    xs.append(_day(last))
    ys.append(ys[-1])
    return xs, ys


def draw(curve: CashCurve, lang: str) -> bytes:
    """The cash curve as PNG bytes, the same for the same curve and language."""
    import matplotlib
    import matplotlib.dates as mdates
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    font = _font(lang)
    with matplotlib.rc_context(), warnings.catch_warnings():
        # Over several years the locator may not find a neat interval; it then picks one itself, which is fine.
        warnings.filterwarnings("ignore", message="AutoDateLocator", category=UserWarning)
        matplotlib.rcdefaults()  # a user's matplotlibrc must not change the report
        figure = Figure(figsize=SIZE, dpi=DPI)
        FigureCanvasAgg(figure)
        axes = figure.add_subplot()
        series = (
            ("planned", curve.planned, curve.end, "#1f4e79", "-", 1.6),
            ("applied", curve.applied, curve.as_of, "#c55a11", "--", 1.4),
            ("received", curve.received, curve.as_of, "#2e7d32", "-", 2.2),
        )
        for key, steps, last, colour, style, width in series:
            xs, ys = _xy(steps, curve.start, max(last, curve.start))
            axes.step(xs, ys, where="post", color=colour, linestyle=style, linewidth=width, label=label(key, lang))
        axes.axvline(
            _day(curve.as_of),
            color="#7f7f7f",
            linestyle=":",
            linewidth=1.0,
            label=f"{label('as_of', lang)} {curve.as_of.isoformat()}",
        )
        margin = max(3, (curve.end - curve.start).days // 40)
        axes.set_xlim(_day(curve.start), _day(curve.end) + margin)
        axes.set_ylim(bottom=0)
        axes.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=4, maxticks=8))  # type: ignore[no-untyped-call]
        axes.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m"))  # type: ignore[no-untyped-call]
        axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.0f}"))
        # a Chinese chart counts in 元 (美元 ...), as Chinese documents do; the others in the currency's code
        unit = CURRENCY_UNITS.get(curve.currency, curve.currency) if lang == "zh" else curve.currency
        axes.set_ylabel(label("axis", lang).format(unit), fontproperties=font, fontsize=8)
        axes.grid(True, color="#d9d9d9", linewidth=0.6)
        axes.tick_params(labelsize=7)  # dates and figures: matplotlib's own face is enough
        legend_font = font.copy()
        legend_font.set_size(7.5)
        axes.legend(loc="upper left", prop=legend_font, frameon=True)
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()
