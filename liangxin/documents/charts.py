"""Charts of the drafts as PNG images, drawn on the server with matplotlib.

The data are the same figures the draft's text and tables carry. Chinese labels use Noto Sans
CJK (Debian's fonts-noto-cjk, already needed for PDFs). Status colours follow the cockpit:
green met, amber at risk, red short, grey no data.
"""

import io

GREEN, AMBER, RED, GREY = "#2e7d32", "#f9a825", "#c62828", "#9e9e9e"
FONTS = ["Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans CJK", "DejaVu Sans"]


def _figure(width: float, height: float):
    """A figure drawn without pyplot: no global figure state, safe in threaded servers."""
    # imported here: matplotlib is heavy and only drafts draw charts
    import matplotlib
    from matplotlib.figure import Figure

    matplotlib.rcParams.update(
        {
            "font.family": "sans-serif",
            "font.sans-serif": FONTS,
            "axes.unicode_minus": False,
        }
    )
    fig = Figure(figsize=(width, height))
    return fig, fig.subplots()


def _png(fig) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(
        buffer, format="png", dpi=200, bbox_inches="tight", metadata={"Software": None}
    )
    return buffer.getvalue()


def _colour(rate: float | None) -> str:
    if rate is None:
        return GREY
    return GREEN if rate >= 90 else AMBER if rate >= 70 else RED


def monthly_rates(labels: list[str], rates: list[float | None], name: str) -> bytes:
    """A bar per month on a 0–100 % axis, each bar labelled with its value."""
    fig, ax = _figure(6.0, 3.0)
    values = [r if r is not None else 0 for r in rates]
    bars = ax.bar(labels, values, color=[_colour(r) for r in rates], width=0.6)
    for bar, rate in zip(bars, rates, strict=True):
        text = "无数据" if rate is None else f"{rate:.1f}%"
        ax.annotate(
            text,
            (bar.get_x() + bar.get_width() / 2, bar.get_height()),
            ha="center",
            va="bottom",
            fontsize=8,
            xytext=(0, 2),
            textcoords="offset points",
        )
    ax.set_ylim(0, 110)
    ax.set_yticks(range(0, 101, 20))
    ax.set_yticklabels([f"{v}%" for v in range(0, 101, 20)])
    ax.set_ylabel(name)
    ax.spines[["top", "right"]].set_visible(False)
    return _png(fig)


def coverage_lines(labels: list[str], series: dict[str, list[float | None]]) -> bytes:
    """One line per rate, month by month, on a 0–100 % axis."""
    fig, ax = _figure(6.0, 3.0)
    for (name, values), colour in zip(
        series.items(), ("#1565c0", GREEN, AMBER), strict=False
    ):
        ax.plot(labels, values, marker="o", label=name, color=colour)
        if values and values[-1] is not None:
            ax.annotate(
                f"{values[-1]:.1f}%",
                (len(values) - 1, values[-1]),
                xytext=(4, 4),
                textcoords="offset points",
                fontsize=8,
                color=colour,
            )
    ax.set_ylim(0, 105)
    ax.set_yticks(range(0, 101, 20))
    ax.set_yticklabels([f"{v}%" for v in range(0, 101, 20)])
    ax.legend(loc="lower right", frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return _png(fig)


def grade_bars(labels: list[str], counts: list[int]) -> bytes:
    fig, ax = _figure(5.0, 2.6)
    bars = ax.bar(labels, counts, color=[GREEN, "#1565c0", AMBER, RED][: len(labels)])
    for bar, count in zip(bars, counts, strict=True):
        ax.annotate(
            str(count),
            (bar.get_x() + bar.get_width() / 2, bar.get_height()),
            ha="center",
            va="bottom",
            fontsize=9,
        )
    ax.set_ylabel("人数")
    ax.spines[["top", "right"]].set_visible(False)
    return _png(fig)
