"""Geometry for small server-rendered SVG charts: no chart library, no script, no CDN."""

from dataclasses import dataclass, field


@dataclass
class Point:
    x: float
    y: float
    value: int
    label: str


@dataclass
class Line:
    name: str
    css: str
    points: list[Point] = field(default_factory=list)

    @property
    def path(self) -> str:
        """The polyline's points attribute."""
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)


@dataclass
class LineChart:
    width: int
    height: int
    vmin: int
    vmax: int
    left: int
    bottom: int
    lines: list[Line]
    gridlines: list[tuple[float, int]]  # (y, value)
    labels: list[tuple[float, str]]  # (x, text) under the axis


def line_chart(
    labels: list[str],
    series: dict[str, list[int | None]],
    *,
    vmin: int,
    vmax: int,
    grid: list[int],
    axis: list[str] | None = None,
    width: int = 560,
    height: int = 200,
) -> LineChart:
    """Place each series' values (None = no data) on a shared x axis of `labels`.

    `axis` gives shorter texts to print under the axis; `labels` name the points in full.
    """
    left, right, top, bottom = 40, 24, 10, 24
    plot_w, plot_h = width - left - right, height - top - bottom
    count = len(labels)

    def x_at(i: int) -> float:
        return left + (plot_w / 2 if count == 1 else plot_w * i / (count - 1))

    def y_at(value: float) -> float:
        span = (vmax - vmin) or 1
        clamped = min(max(value, vmin), vmax)
        return top + plot_h * (1 - (clamped - vmin) / span)

    lines = []
    for index, (name, values) in enumerate(series.items()):
        line = Line(name=name, css=f"series-{index}")
        for i, value in enumerate(values):
            if value is not None:
                line.points.append(Point(x_at(i), y_at(value), value, labels[i]))
        lines.append(line)
    return LineChart(
        width=width,
        height=height,
        vmin=vmin,
        vmax=vmax,
        left=left,
        bottom=height - bottom,
        lines=lines,
        gridlines=[(y_at(v), v) for v in grid],
        labels=[(x_at(i), text) for i, text in enumerate(axis or labels)],
    )
