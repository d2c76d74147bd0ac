# Boekstuk: one image for the API and the workers (the command decides which).
# OCR: Tesseract and RapidOCR. EasyOCR needs a CPU build of torch 2.13.0 (PyPI has only CUDA
# builds): add it with `pip install torch==2.13.0+cpu` from your own index, then `.[easyocr]`;
# without it the `easyocr` engine says "not installed" and RapidOCR takes its turn.
FROM python:3.11-slim-bookworm

RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      tesseract-ocr tesseract-ocr-nld tesseract-ocr-eng tesseract-ocr-deu \
      tesseract-ocr-fra tesseract-ocr-osd \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --create-home --uid 1000 boekstuk

WORKDIR /app
COPY pyproject.toml README.md ./
COPY src ./src
RUN pip install --no-cache-dir '.[monitoring,rapidocr]'

USER boekstuk
ENV BOEKSTUK_DATA_DIR=/data \
    OMP_THREAD_LIMIT=1 \
    ORT_DISABLE_TELEMETRY=1 \
    PYTHONUNBUFFERED=1
VOLUME ["/data"]
EXPOSE 8000
CMD ["boekstuk", "serve", "--host", "0.0.0.0", "--port", "8000", "--workers", "2"]
