"""Speed and accuracy of the text stage: OCR overhead, preprocessing, engines, text layers.

In: generated documents (``tests/samples/scans.py``) and, when present, the real invoices
and receipts of ``../shared/data``. Out: the figures on stdout, one section per question:

1. overhead: seconds per A4 page at 300 dpi through ``extract_text`` vs. the plain
   ``tesseract`` command on the same image file, interleaved in one run (target ≤ 1.15);
2. preprocessing: character accuracy (1 − CER) of scans against their digital originals,
   per preprocessing choice, so each step earns its place;
3. engines: accuracy and seconds per page of tesseract / rapidocr / easyocr on the same
   scans, and on real receipts (share of true field values found in the OCR text);
4. text layers: pages per second on one core (target ≥ 200);
5. fallback: EasyOCR seconds per page, peak memory, and that it is not loaded when unused.

CER is measured order-independently (tokens sorted) so that a different but valid reading
order of blocks is not counted as errors. Run: ``.venv/bin/python bench/ocr.py [--quick]``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")

import pymupdf  # noqa: E402
from rapidfuzz.distance import Levenshtein  # noqa: E402
from tests.samples import scans  # noqa: E402

from boekstuk.domain.documents import ContentType  # noqa: E402
from boekstuk.engines.protocols import OcrEngine  # noqa: E402
from boekstuk.engines.registry import get_ocr_engine  # noqa: E402
from boekstuk.pipeline.preprocess import PreprocessConfig  # noqa: E402
from boekstuk.pipeline.text import TextConfig, extract_text  # noqa: E402

DATA = REPO.parent / "shared" / "data"
LANGS = "nld+eng+deu+fra"


def manifest(kind: str) -> list[dict[str, object]]:
    if not (DATA / "manifest.jsonl").exists():
        return []
    rows = [json.loads(line) for line in (DATA / "manifest.jsonl").open()]
    return [r for r in rows if r["kind"] == kind]


def originals(limit: int) -> list[tuple[str, bytes]]:
    """Digital one-page originals: the generated invoice and first pages of real invoices."""
    docs = [("generated-invoice", scans.invoice_pdf())]
    seen: set[object] = set()
    for row in manifest("invoice"):
        if len(docs) >= limit:
            break
        if row.get("dup_group") in seen:
            continue
        seen.add(row.get("dup_group"))
        with pymupdf.open(DATA / str(row["file"])) as src:
            one = pymupdf.open()
            one.insert_pdf(src, from_page=0, to_page=0)
            docs.append((str(row["id"]), bytes(one.tobytes())))
    return docs


def truth_text(pdf: bytes) -> str:
    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        return " ".join(w[4] for w in doc[0].get_text("words"))


def accuracy(truth: str, found: str) -> float:
    """1 − CER over the sorted tokens (order-independent)."""
    a, b = " ".join(sorted(truth.split())), " ".join(sorted(found.split()))
    return max(0.0, 1.0 - Levenshtein.distance(a, b) / max(len(a), 1))


def timed(func: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    value = func()
    return time.perf_counter() - start, value


def cpu_now() -> float:
    """CPU seconds of this process and its finished children (robust on a busy machine)."""
    me, kids = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def overhead(docs: list[tuple[str, bytes]], rounds: int) -> None:
    print("\n## 1. OCR overhead: extract_text vs. plain tesseract, A4 at 300 dpi")
    config = TextConfig(engines=(get_ocr_engine("tesseract"),), tables=True)
    wall = {"plain": 0.0, "ours": 0.0}
    cpu = {"plain": 0.0, "ours": 0.0}
    pages = 0
    with tempfile.TemporaryDirectory() as tmp:
        for name, pdf in docs:
            image = scans.render_pdf_page(pdf, dpi=300)
            path = Path(tmp) / f"{name}.png"
            data = scans.to_bytes(image, "PNG", 300)
            path.write_bytes(data)
            cmd = ["tesseract", str(path), "stdout", "-l", LANGS, "--psm", "3"]
            runs: dict[str, Callable[[], object]] = {
                "plain": lambda cmd=cmd: subprocess.run(cmd, capture_output=True, check=True),
                "ours": lambda data=data: extract_text(data, ContentType.PNG, config),
            }
            for _ in range(rounds):
                line = []
                for key, run in runs.items():
                    c0 = cpu_now()
                    t, _ = timed(run)
                    c = cpu_now() - c0
                    wall[key] += t
                    cpu[key] += c
                    line.append(f"{key} {t:5.2f} s wall {c:5.2f} s CPU")
                pages += 1
                print(f"  {name:20s} " + "   ".join(line))
    print(
        f"  pages {pages}: plain {wall['plain'] / pages:.2f} s/page wall,"
        f" {cpu['plain'] / pages:.2f} s CPU; pipeline {wall['ours'] / pages:.2f} s/page wall,"
        f" {cpu['ours'] / pages:.2f} s CPU"
    )
    print(
        f"  overhead ratio: wall {wall['ours'] / wall['plain']:.3f},"
        f" CPU {cpu['ours'] / cpu['plain']:.3f} (target ≤ 1.15)"
    )


SCAN_KINDS = {
    "clean 300dpi": {"scale": 1.0},
    "150dpi skew 1.5° noise jpeg45": {
        "scale": 0.5,
        "skew": 1.5,
        "noise": 0.003,
        "jpeg_quality": 45,
    },
    "200dpi skew -2.5° blur jpeg60": {
        "scale": 2 / 3,
        "skew": -2.5,
        "blur": 0.7,
        "jpeg_quality": 60,
    },
    "150dpi heavy noise": {"scale": 0.5, "noise": 0.02},
}
PREP = {
    "none": PreprocessConfig(orientation=False, deskew=False, photo_crop=False, denoise="never"),
    "deskew": PreprocessConfig(orientation=False, deskew=True, denoise="never"),
    "deskew+denoise": PreprocessConfig(orientation=False, deskew=True, denoise="always"),
    "deskew+binarize": PreprocessConfig(
        orientation=False, deskew=True, binarize=True, denoise="never"
    ),
    "deskew+denoise+binarize": PreprocessConfig(
        orientation=False, deskew=True, denoise="always", binarize=True
    ),
    "default (deskew, auto denoise)": PreprocessConfig(),
}


def degraded(docs: list[tuple[str, bytes]]) -> list[tuple[str, str, str, bytes]]:
    out = []
    for name, pdf in docs:
        page = scans.render_pdf_page(pdf, dpi=300)
        for kind, params in SCAN_KINDS.items():
            image = scans.degrade(page, **params)  # type: ignore[arg-type]
            dpi = round(300 * float(params.get("scale", 1.0)))  # type: ignore[arg-type]
            out.append((name, kind, truth_text(pdf), scans.to_bytes(image, "PNG", dpi)))
    return out


def preprocessing(samples: list[tuple[str, str, str, bytes]], preps: list[str]) -> None:
    print("\n## 2. Character accuracy (1 − CER) of scans per preprocessing choice (tesseract)")
    engine = get_ocr_engine("tesseract")
    chosen = {name: PREP[name] for name in preps}
    print(f"  {'scan kind':32s}" + "".join(f"{p:>32s}" for p in chosen))
    totals = {p: [0.0, 0.0] for p in chosen}
    for kind in SCAN_KINDS:
        row = []
        for prep_name, prep in chosen.items():
            accs, secs = [], []
            for _name, k, truth, data in samples:
                if k != kind:
                    continue
                config = TextConfig(engines=(engine,), preprocess=prep, tables=False)
                t, result = timed(
                    lambda data=data, config=config: extract_text(data, ContentType.PNG, config)
                )
                accs.append(accuracy(truth, result.text))  # type: ignore[attr-defined]
                secs.append(t)
            mean = sum(accs) / len(accs)
            totals[prep_name][0] += mean
            totals[prep_name][1] += sum(secs) / len(secs)
            row.append(f"{mean:.4f} {sum(secs) / len(secs):4.1f}s")
        print(f"  {kind:32s}" + "".join(f"{c:>32s}" for c in row))
    n = len(SCAN_KINDS)
    print(
        f"  {'mean':32s}"
        + "".join(f"{totals[p][0] / n:.4f} {totals[p][1] / n:4.1f}s".rjust(32) for p in chosen)
    )
    print(f"  ({len({s[0] for s in samples})} documents × {n} scan kinds)")


def engines(samples: list[tuple[str, str, str, bytes]], names: Iterable[str]) -> None:
    print("\n## 3a. Engines on the same scans (default preprocessing): 1 − CER, s/page")
    for name in names:
        config = TextConfig(engines=chain(name), tables=False)
        accs, secs = [], []
        for _doc, _kind, truth, data in samples:
            t, result = timed(
                lambda data=data, config=config: extract_text(data, ContentType.PNG, config)
            )
            accs.append(accuracy(truth, result.text))  # type: ignore[attr-defined]
            secs.append(t)
        print(
            f"  {name:28s} accuracy {sum(accs) / len(accs):.4f}   {sum(secs) / len(secs):5.2f} s/page"
            f"   ({len(samples)} scans)"
        )


def chain(names: str) -> tuple[OcrEngine, ...]:
    """Engines by comma-separated names: one engine alone, or the default fallback chain."""
    return tuple(get_ocr_engine(name) for name in names.split(","))


def receipts(names: Iterable[str], limit: int) -> None:
    rows = manifest("receipt")[:limit]
    if not rows:
        print("\n## 3b. Real receipts: ../shared/data absent, skipped")
        return
    print(
        f"\n## 3b. Real receipts ({len(rows)} SROIE scans): share of true values found in the text"
    )
    for name in names:
        config = TextConfig(engines=chain(name), tables=False)
        hits = total = 0
        secs = 0.0
        for row in rows:
            data = (DATA / str(row["file"])).read_bytes()
            t, result = timed(
                lambda data=data, config=config: extract_text(data, ContentType.JPEG, config)
            )
            secs += t
            text = " ".join(result.text.split()).upper()  # type: ignore[attr-defined]
            fields = row["fields"]
            assert isinstance(fields, dict)
            for field in ("total_amount", "seller_name"):
                if field in fields:
                    total += 1
                    hits += " ".join(str(fields[field]).split()).upper() in text
        print(
            f"  {name:28s} found {hits}/{total} (total_amount, seller_name)   {secs / len(rows):5.2f} s/page"
        )


def text_layers(rounds: int) -> None:
    print("\n## 4. Text-layer pages per second (one process, one core)")
    docs = [scans.invoice_pdf(pages=5)]
    docs += [(DATA / str(r["file"])).read_bytes() for r in manifest("invoice")]
    config = TextConfig(engines=(get_ocr_engine("tesseract"),))
    for label, cfg in (
        ("words + word tables", config),
        ("+ pdfplumber on table pages", replace(config, table_extractor=_plumber())),
        ("no tables", replace(config, tables=False)),
    ):
        pages = 0
        start = time.process_time()
        for _ in range(rounds):
            for data in docs:
                pages += len(extract_text(data, ContentType.PDF, cfg).pages)
        cpu = time.process_time() - start
        print(f"  {label:30s} {pages} pages in {cpu:.2f} CPU s = {pages / cpu:7.1f} pages/s")


def _plumber() -> object:
    from boekstuk.engines.pdfplumber_tables import PdfplumberTables

    return PdfplumberTables()


FALLBACK = r"""
import json, socket, sys, time
sys.path.insert(0, {repo!r})

def offline(*args, **kwargs):
    raise OSError("network blocked by bench/ocr.py: nothing may be downloaded at run time")

socket.socket.connect = socket.socket.connect_ex = offline  # any download attempt fails loudly
socket.create_connection = offline
from tests.samples import scans
from boekstuk.domain.documents import ContentType
from boekstuk.engines.registry import get_ocr_engine
from boekstuk.engines.tesseract import TesseractEngine
from boekstuk.pipeline.text import TextConfig, extract_text
heavy = {heavy!r}

def hwm_mb():  # this process's own peak RSS (ru_maxrss would carry the parent's over exec)
    line = next(x for x in open("/proc/self/status") if x.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024

fallback = get_ocr_engine({engine!r})
data = scans.to_bytes(scans.render_pdf_page(scans.invoice_pdf(), dpi=300), "PNG", 300)
config = TextConfig(engines=(get_ocr_engine("tesseract"), fallback))
extract_text(data, ContentType.PNG, config)
unused = {{"loaded": sorted(m for m in heavy if m in sys.modules),
    "rss_mb": hwm_mb()}}
broken = TextConfig(engines=(TesseractEngine(binary="/nonexistent/tesseract"), fallback))
times, cpus = [], []
for _ in range({rounds}):
    t, c = time.perf_counter(), time.process_time()
    page = extract_text(data, ContentType.PNG, broken).pages[0]
    times.append(time.perf_counter() - t)
    cpus.append(time.process_time() - c)
print(json.dumps({{"unused": unused, "engine": page.ocr_engine, "first_s": times[0],
    "next_s": times[1:], "first_cpu": cpus[0], "next_cpu": cpus[1:], "confidence": page.ocr_confidence, "text": page.text,
    "peak_rss_mb": hwm_mb()}}))
"""
ENGINES = ["tesseract", "rapidocr", "easyocr", "tesseract,rapidocr,easyocr"]
HEAVY = {"easyocr": ("torch", "easyocr"), "rapidocr": ("onnxruntime", "rapidocr")}


def fallback(rounds: int) -> None:
    print("\n## 5. Fallback engines (Tesseract missing), A4 at 300 dpi, fresh process, no network")
    truth = truth_text(scans.invoice_pdf())
    for name, heavy in HEAVY.items():
        script = FALLBACK.format(repo=str(REPO), rounds=rounds, engine=name, heavy=heavy)
        out = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, check=True
        )
        res = json.loads(out.stdout.strip().splitlines()[-1])
        nxt, cpu = res["next_s"], res["next_cpu"]
        print(
            f"  {name}: when Tesseract reads the page, loaded {res['unused']['loaded'] or 'nothing'}"
            f" of {', '.join(heavy)}, peak RSS {res['unused']['rss_mb']:.0f} MB"
        )
        print(
            f"  {name}: page read by {res['engine']}, incl. model load {res['first_s']:.1f} s"
            f" ({res['first_cpu']:.1f} s CPU); warm {sum(nxt) / max(len(nxt), 1):.1f} s/page"
            f" ({sum(cpu) / max(len(cpu), 1):.1f} s CPU);"
            f" peak RSS {res['peak_rss_mb']:.0f} MB; confidence {res['confidence']:.2f};"
            f" accuracy {accuracy(truth, res['text']):.4f}   [load {load()}]"
        )


def load() -> str:
    """The 1/5/15-minute load averages (other processes share the cores)."""
    return " ".join(f"{v:.2f}" for v in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer documents and rounds")
    parser.add_argument("--only", default="1,2,3,4,5", help="sections to run, e.g. 1,4")
    parser.add_argument("--preps", default="", help="preprocessing choices of section 2")
    args = parser.parse_args()
    only = set(args.only.split(","))
    n_docs = 2 if args.quick else 4
    docs = originals(n_docs)
    print(
        f"# bench/ocr.py — {len(docs)} originals, load average {load()},"
        f" {os.cpu_count()} CPUs; peak RSS so far"
        f" {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
    )
    if "1" in only:
        overhead(docs, rounds=1 if args.quick else 2)
        print(f"  [load {load()}]")
    samples = degraded(docs) if only & {"2", "3"} else []
    if "2" in only:
        preprocessing(samples, args.preps.split(",") if args.preps else list(PREP))
        print(f"  [load {load()}]")
    if "3" in only:
        engines(
            [s for s in samples if s[1] != "clean 300dpi"][: 4 if args.quick else 8],
            ENGINES,
        )
        receipts(ENGINES, 4 if args.quick else 8)
        print(f"  [load {load()}]")
    if "4" in only:
        text_layers(rounds=2 if args.quick else 5)
        print(f"  [load {load()}]")
    if "5" in only:
        fallback(rounds=2)


if __name__ == "__main__":
    main()
