"""Tables rebuilt from word boxes: rows by baseline clustering, columns from the header.

In: one page's words (any source: text layer or OCR; boxes in one coordinate system).
Out: :class:`Table` objects (top to bottom). Raises nothing; a page without a table gives ().

A table is a run of at least ``min_rows`` consecutive rows that split into two or more
cells at wide x-gaps; its first row is the header, whose cells fix the columns; every
later cell goes to the column whose span holds its centre. Bank statements (date,
description, amount columns) are the main customer.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise
from statistics import median

from boekstuk.domain.extraction import BBox, Table, Word

Cell = tuple[BBox, str]


def rows_of(words: Sequence[Word]) -> list[list[Word]]:
    """Words grouped into visual rows by their baseline (bottom edge), each left to right.

    >>> ws = [Word("b", (50, 0, 60, 10)), Word("a", (0, 1, 40, 11)), Word("c", (0, 30, 9, 40))]
    >>> [[w.text for w in row] for row in rows_of(ws)]
    [['a', 'b'], ['c']]
    """
    real = [w for w in words if w.text.strip() and w.bbox[3] > w.bbox[1]]
    if not real:
        return []
    tolerance = 0.5 * median(w.bbox[3] - w.bbox[1] for w in real)
    rows: list[list[Word]] = []
    baseline = 0.0
    for word in sorted(real, key=lambda w: w.bbox[3]):
        if rows and abs(word.bbox[3] - baseline) <= tolerance:
            rows[-1].append(word)
            baseline = sum(w.bbox[3] for w in rows[-1]) / len(rows[-1])
        else:
            rows.append([word])
            baseline = word.bbox[3]
    return [sorted(row, key=lambda w: w.bbox[0]) for row in rows]


def cells_of(row: Sequence[Word], gap: float) -> list[Cell]:
    """Split a row into cells wherever the space between words exceeds ``gap``.

    >>> row = [Word("Totaal", (0, 0, 30, 10)), Word("te", (33, 0, 40, 10)),
    ...        Word("121,00", (90, 0, 120, 10))]
    >>> [text for _, text in cells_of(row, 15)]
    ['Totaal te', '121,00']
    """
    cells: list[list[Word]] = []
    for word in row:
        if cells and word.bbox[0] - cells[-1][-1].bbox[2] <= gap:
            cells[-1].append(word)
        else:
            cells.append([word])
    return [
        (
            (
                min(w.bbox[0] for w in cell),
                min(w.bbox[1] for w in cell),
                max(w.bbox[2] for w in cell),
                max(w.bbox[3] for w in cell),
            ),
            " ".join(w.text for w in cell),
        )
        for cell in cells
    ]


def tables_from_words(
    words: Sequence[Word], *, min_rows: int = 3, min_columns: int = 2
) -> tuple[Table, ...]:
    """Every table on a page, rebuilt from its words' positions."""
    rows = rows_of(words)
    if len(rows) < min_rows:
        return ()
    height = median(w.bbox[3] - w.bbox[1] for row in rows for w in row)
    gap = 1.6 * height
    split = [cells_of(row, gap) for row in rows]
    tables: list[Table] = []
    run: list[list[Cell]] = []
    for cells in [*split, []]:
        if len(cells) >= min_columns and (not run or _close(run[-1], cells, height)):
            run.append(cells)
            continue
        if len(run) >= min_rows:
            tables.append(_table(run))
        run = [cells] if len(cells) >= min_columns else []
    return tuple(tables)


def _close(above: Sequence[Cell], below: Sequence[Cell], height: float) -> bool:
    """Rows belong to one table when the vertical gap between them is small."""
    return min(c[0][1] for c in below) - max(c[0][3] for c in above) < 2.5 * height


def _table(run: Sequence[Sequence[Cell]]) -> Table:
    header = run[0]
    # column borders halfway between neighbouring header cells
    borders = [(a[0][2] + b[0][0]) / 2 for a, b in pairwise(header)]
    rows: list[tuple[str, ...]] = []
    for cells in run:
        columns: list[list[str]] = [[] for _ in header]
        for box, text in cells:
            centre = (box[0] + box[2]) / 2
            index = sum(1 for border in borders if centre > border)
            columns[index].append(text)
        rows.append(tuple(" ".join(parts) for parts in columns))
    boxes = [box for cells in run for box, _ in cells]
    bbox = (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )
    return Table(bbox=bbox, rows=tuple(rows), source="words")
