"""Page-image clean-up before OCR: photo crop, orientation, deskew, denoise, binarise.

In: a grayscale PIL image (a rendered PDF page or a decoded photo/scan) and a
:class:`PreprocessConfig`. Out: a :class:`Prepared` image plus the 3×3 matrix that maps
its pixel coordinates back to the *original* image, so word boxes found on the cleaned
image land on the page as stored (the UI highlights the page the user sees). Raises nothing:
a step that cannot decide leaves the image as it was.

Each step earns its place in ``bench/ocr.py``; the defaults follow what it measured.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from PIL import Image, ImageFilter, ImageOps

from boekstuk.domain.extraction import BBox

logger = logging.getLogger(__name__)

Matrix = tuple[float, float, float, float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0)


@dataclass(frozen=True, slots=True)
class PreprocessConfig:
    """Which clean-up steps run (see ``bench/ocr.py`` for what each one buys)."""

    orientation: bool = True  # Tesseract OSD when the first OCR pass reads badly
    deskew: bool = True
    max_skew_degrees: float = 6.0
    # median filter: "auto" applies it only when salt-and-pepper noise is measured, the one
    # case where it helped in bench/ocr.py (it costs accuracy on clean and blurred scans)
    denoise: Literal["auto", "always", "never"] = "auto"
    noise_threshold: float = 0.005  # share of isolated specks that makes "auto" denoise
    binarize: bool = False  # Otsu threshold; Tesseract binarises itself
    photo_crop: bool = True  # images only: find the paper in a photo, undo perspective


@dataclass(frozen=True, slots=True)
class Prepared:
    """A cleaned page image and how its pixels map back to the original image."""

    image: Image.Image
    to_original: Matrix = IDENTITY
    rotation: int = 0
    steps: tuple[str, ...] = field(default=())

    def then(self, image: Image.Image, to_previous: Matrix, step: str) -> Prepared:
        """Apply one more step whose matrix maps the new image onto this one."""
        return Prepared(
            image, _mul(self.to_original, to_previous), self.rotation, (*self.steps, step)
        )

    def rotated(self, degrees: int) -> Prepared:
        """Turned clockwise by 90, 180 or 270 degrees (exact, no resampling)."""
        degrees %= 360
        if not degrees:
            return self
        w, h = self.image.size
        ops = {
            90: (Image.Transpose.ROTATE_270, (0.0, 1.0, 0.0, -1.0, 0.0, h - 1.0, 0.0, 0.0, 1.0)),
            180: (Image.Transpose.ROTATE_180, (-1.0, 0.0, w - 1.0, 0.0, -1.0, h - 1.0, 0, 0, 1.0)),
            270: (Image.Transpose.ROTATE_90, (0.0, -1.0, w - 1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0)),
        }
        transpose, matrix = ops[degrees]
        out = self.then(self.image.transpose(transpose), matrix, f"rotate{degrees}")
        return Prepared(out.image, out.to_original, (self.rotation + degrees) % 360, out.steps)

    def map_box(self, box: BBox) -> BBox:
        """A box on the cleaned image as the envelope of its corners on the original.

        >>> Prepared(Image.new("L", (10, 20))).rotated(90).map_box((0, 0, 4, 2))
        (0.0, 15.0, 2.0, 19.0)
        """
        if self.to_original == IDENTITY:
            return box
        x0, y0, x1, y1 = box
        m = np.array(self.to_original, dtype=float).reshape(3, 3)
        pts = m @ np.array([[x0, x1, x1, x0], [y0, y0, y1, y1], [1.0, 1.0, 1.0, 1.0]])
        xs, ys = pts[0] / pts[2], pts[1] / pts[2]
        return (float(xs.min()), float(ys.min()), float(xs.max()), float(ys.max()))


def prepare(image: Image.Image, config: PreprocessConfig, *, photo: bool = False) -> Prepared:
    """Run the configured steps that need no OCR (orientation is decided by the caller)."""
    prepared = Prepared(image.convert("L") if image.mode != "L" else image)
    if photo and config.photo_crop:
        prepared = crop_document(prepared)
    if config.deskew:
        angle = estimate_skew(prepared.image, config.max_skew_degrees)
        if abs(angle) >= 0.2:
            prepared = _rotate_small(prepared, angle)
    if config.denoise == "always" or (
        config.denoise == "auto" and speck_share(prepared.image) > config.noise_threshold
    ):
        prepared = Prepared(
            prepared.image.filter(ImageFilter.MedianFilter(3)),
            prepared.to_original,
            prepared.rotation,
            (*prepared.steps, "denoise"),
        )
    if config.binarize:
        prepared = Prepared(
            binarize(prepared.image),
            prepared.to_original,
            prepared.rotation,
            (*prepared.steps, "binarize"),
        )
    return prepared


def estimate_skew(image: Image.Image, limit: float = 6.0) -> float:
    """Degrees the text lines are turned counter-clockwise (projection-profile search).

    >>> from PIL import ImageDraw
    >>> page = Image.new("L", (800, 1000), 255)
    >>> draw = ImageDraw.Draw(page)
    >>> for y in range(100, 900, 40):
    ...     draw.rectangle((100, y, 700, y + 12), fill=0)
    >>> round(estimate_skew(page.rotate(2.0, expand=True, fillcolor=255)), 1)
    2.0
    """
    ink = _ink(image)
    if ink is None:
        return 0.0

    def score(angle: float) -> float:
        rows = np.asarray(
            ink.rotate(-angle, resample=Image.Resampling.NEAREST), dtype=np.float32
        ).sum(axis=1)
        return float(np.square(np.diff(rows)).sum())

    best = max(np.arange(-limit, limit + 0.01, 0.5), key=score)
    best = max(np.arange(best - 0.5, best + 0.51, 0.1), key=score)
    return float(best)


def looks_sideways(image: Image.Image) -> bool:
    """True when the text lines run vertically (the page is turned 90° or 270°).

    Lines of text make the row profile of the ink jump far more than the column profile.

    >>> from PIL import ImageDraw
    >>> page = Image.new("L", (800, 1000), 255)
    >>> draw = ImageDraw.Draw(page)
    >>> for y in range(100, 900, 40):
    ...     draw.rectangle((100, y, 700, y + 12), fill=0)
    >>> looks_sideways(page), looks_sideways(page.rotate(90, expand=True))
    (False, True)
    """
    ink = _ink(image)
    if ink is None:
        return False
    arr = np.asarray(ink, dtype=np.float32)
    rows = float(np.square(np.diff(arr.sum(axis=1))).sum())
    cols = float(np.square(np.diff(arr.sum(axis=0))).sum())
    return cols > 1.5 * rows


_PAGE_RATIOS = (0.707, 0.773)  # ISO A-series, US Letter (short side / long side)


def looks_like_scanned_page(image: Image.Image) -> bool:
    """A flatbed scan of a full page saved as an image: page-shaped, with a light margin.

    Such images read like scanned PDF pages (Tesseract first); photos (a receipt, a page shot
    at an angle on a desk) do not have both the page's proportions and a clean white border.
    """
    short, long = sorted(image.size)
    if long < 1000 or not any(abs(short / long - r) <= 0.04 for r in _PAGE_RATIOS):
        return False
    grey = np.asarray(image.convert("L").reduce(4), dtype=np.float32)
    margin = max(2, int(0.02 * min(grey.shape)))
    border = np.concatenate(
        [
            grey[:margin].ravel(),
            grey[-margin:].ravel(),
            grey[:, :margin].ravel(),
            grey[:, -margin:].ravel(),
        ]
    )
    if not (float(border.mean()) > 200.0 and float(border.std()) < 30.0):
        return False
    # a till receipt laid on the scanner fills a narrow strip of the page, not its width
    inked = np.flatnonzero((grey < 128).sum(axis=0) >= 2)
    return inked.size > 0 and (inked[-1] - inked[0]) >= 0.55 * grey.shape[1]


def is_blank(image: Image.Image, min_ink: float = 0.0001) -> bool:
    """True when a page image carries (next to) no ink: nothing to OCR.

    >>> is_blank(Image.new("L", (600, 800), 250)), is_blank(Image.new("L", (600, 800), 0))
    (True, False)
    """
    ink = _ink(image)
    if ink is None:
        return True
    return float(np.asarray(ink, dtype=np.float32).mean()) / 255.0 < min_ink


def _ink(image: Image.Image) -> Image.Image | None:
    """A small binary image, ink white on black, or None for an empty page."""
    small = image.convert("L")
    scale = 900.0 / max(small.size)
    if scale < 1.0:
        size = (round(small.width * scale), round(small.height * scale))
        small = small.resize(size, Image.Resampling.BILINEAR)
    ink = ImageOps.invert(small).point(lambda v: 255 if v > 96 else 0)
    return ink if ink.getbbox() else None


def _rotate_small(prepared: Prepared, angle: float) -> Prepared:
    """Undo a skew of ``angle`` degrees (counter-clockwise) with a resampling rotation."""
    src = prepared.image
    out = src.rotate(-angle, resample=Image.Resampling.BILINEAR, expand=True, fillcolor=255)
    theta = np.deg2rad(-angle)
    cos, sin = float(np.cos(theta)), float(np.sin(theta))
    cx_in, cy_in = src.width / 2.0, src.height / 2.0
    cx_out, cy_out = out.width / 2.0, out.height / 2.0
    # PIL turns counter-clockwise on screen: out = c_out + R(p - c_in), R = [[c, s], [-s, c]]
    # so the way back is p = c_in + R^T (out - c_out)
    matrix: Matrix = (
        cos,
        -sin,
        cx_in - cos * cx_out + sin * cy_out,
        sin,
        cos,
        cy_in - sin * cx_out - cos * cy_out,
        0.0,
        0.0,
        1.0,
    )
    return prepared.then(out, matrix, f"deskew{angle:+.1f}")


def speck_share(image: Image.Image) -> float:
    """Share of pixels a 3×3 median filter flips between ink and paper (salt-and-pepper).

    Measured on a central crop of at most 800×800 pixels: about 0.0005 on a clean scan,
    0.01 and more on a speckled one.

    >>> clean = Image.new("L", (200, 200), 255)
    >>> speck_share(clean)
    0.0
    """
    w, h = image.size
    crop = image.crop((w // 4, h // 4, w // 4 + min(800, w // 2), h // 4 + min(800, h // 2)))
    a = np.asarray(crop, dtype=np.int16)
    m = np.asarray(crop.filter(ImageFilter.MedianFilter(3)), dtype=np.int16)
    return float((np.abs(a - m) > 128).mean()) if a.size else 0.0


def binarize(image: Image.Image) -> Image.Image:
    """Otsu's threshold: ink black, paper white."""
    hist = np.bincount(np.asarray(image, dtype=np.uint8).ravel(), minlength=256).astype(float)
    total = hist.sum()
    levels = np.arange(256)
    weight = np.cumsum(hist)
    mean = np.cumsum(hist * levels)
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (mean[-1] * weight / total - mean) ** 2 / (weight * (total - weight))
    threshold = int(np.nanargmax(between))
    return image.point(lambda v: 255 if v > threshold else 0)


def crop_document(prepared: Prepared) -> Prepared:
    """Find a bright sheet of paper in a photo and warp it to a flat, upright rectangle.

    Leaves the image alone when no clear four-cornered sheet covers 20–95 % of it (a scan).
    """
    try:
        import cv2
    except ImportError:  # opencv-python-headless is a dependency; be kind to odd installs
        logger.warning("OpenCV is not installed: photos are not cropped")
        return prepared

    gray = np.asarray(prepared.image, dtype=np.uint8)
    scale = 1000.0 / max(gray.shape)
    small = cv2.resize(gray, None, fx=scale, fy=scale) if scale < 1.0 else gray
    scale = min(scale, 1.0)
    blurred = cv2.GaussianBlur(small, (5, 5), 0)
    _, mask = cv2.threshold(blurred, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, np.ones((15, 15), np.uint8))
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return prepared
    sheet = max(contours, key=cv2.contourArea)
    share = cv2.contourArea(sheet) / float(small.shape[0] * small.shape[1])
    if not 0.2 <= share <= 0.95:
        return prepared
    quad = cv2.approxPolyDP(sheet, 0.02 * cv2.arcLength(sheet, True), True)
    if len(quad) != 4:
        return prepared
    corners = _order_corners(quad.reshape(4, 2).astype(np.float32) / scale)
    tl, tr, br, bl = corners
    width = int(max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl)))
    height = int(max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr)))
    if width < 50 or height < 50:
        return prepared
    target = np.array(
        [[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]], np.float32
    )
    forward = cv2.getPerspectiveTransform(corners, target)
    flat = cv2.warpPerspective(
        gray, forward, (width, height), flags=cv2.INTER_LINEAR, borderValue=255
    )
    back = cv2.getPerspectiveTransform(target, corners)
    matrix = tuple(float(v) for v in back.ravel())
    logger.debug("photo: sheet of %.0f%% cropped and flattened", share * 100)
    return prepared.then(Image.fromarray(flat), matrix, "photo_crop")  # type: ignore[arg-type]


def _order_corners(points: np.ndarray) -> np.ndarray:
    """Top-left, top-right, bottom-right, bottom-left."""
    sums, diffs = points.sum(axis=1), np.diff(points, axis=1).ravel()
    return np.array(
        [
            points[np.argmin(sums)],
            points[np.argmin(diffs)],
            points[np.argmax(sums)],
            points[np.argmax(diffs)],
        ],
        dtype=np.float32,
    )


def _mul(a: Matrix, b: Matrix) -> Matrix:
    product = np.array(a, dtype=float).reshape(3, 3) @ np.array(b, dtype=float).reshape(3, 3)
    return tuple(float(v) for v in product.ravel())  # type: ignore[return-value]
