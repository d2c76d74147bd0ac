"""Train the party NER (seller/buyer names and addresses) on the synthetic corpus.

In: ``--docs`` synthetic documents from ``boekstuk.synth`` (seeded, so reruns give the same
corpus). Out: a spaCy 3 pipeline (blank ``xx`` tokenizer + ``ner``, no pretrained vectors,
nothing downloaded) written to ``--out`` (default: the package's ``models/ner``), and the
F-score on a held-out synthetic split printed.

Run: ``.venv/bin/python scripts/train_ner.py [--docs 3000] [--epochs 12] [--out DIR]``.
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

import spacy
from spacy.tokens import Span
from spacy.training import Example
from spacy.util import fix_random_seed, minibatch

from boekstuk.engines.spacy_ner import LABELS, MODEL_DIR
from boekstuk.synth import synth_corpus
from boekstuk.synth.ner_data import ner_examples

# a small CNN: the shipped model stays a few MB and reads a page in milliseconds
NER_CONFIG = {
    "model": {
        "@architectures": "spacy.TransitionBasedParser.v2",
        "state_type": "ner",
        "extra_state_tokens": False,
        "hidden_width": 64,
        "maxout_pieces": 2,
        "use_upper": True,
        "tok2vec": {
            "@architectures": "spacy.HashEmbedCNN.v2",
            "pretrained_vectors": None,
            "width": 64,
            "depth": 4,
            "embed_size": 2000,
            "window_size": 3,
            "maxout_pieces": 3,
            "subword_features": True,
        },
    }
}


def examples(nlp: spacy.language.Language, count: int, seed: int) -> list[Example]:
    """Synthetic pages as spaCy examples (spans snapped to token boundaries)."""
    out: list[Example] = []
    for doc in synth_corpus(count, seed):
        for text, spans in ner_examples(doc):
            reference = nlp.make_doc(text)
            ents: list[Span] = []
            for start, end, label in spans:
                span = reference.char_span(start, end, label=label, alignment_mode="expand")
                if span is not None and not any(
                    span.start < e.end and e.start < span.end for e in ents
                ):
                    ents.append(span)
            reference.ents = ents
            out.append(Example(nlp.make_doc(text), reference))
    return out


def main() -> None:
    """Command line entry."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=3000)
    parser.add_argument("--dev", type=int, default=300)
    parser.add_argument("--epochs", type=int, default=12)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=MODEL_DIR)
    args = parser.parse_args()
    fix_random_seed(args.seed)
    nlp = spacy.blank("xx")
    ner = nlp.add_pipe("ner", config=NER_CONFIG)
    for label in LABELS:
        ner.add_label(label)
    train = examples(nlp, args.docs, args.seed)
    dev = examples(nlp, args.dev, args.seed + 1000)
    optimizer = nlp.initialize(lambda: train[:500])
    rng = random.Random(args.seed)
    for epoch in range(args.epochs):
        started = time.perf_counter()
        rng.shuffle(train)
        losses: dict[str, float] = {}
        for batch in minibatch(train, size=16):
            nlp.update(batch, drop=0.2, sgd=optimizer, losses=losses)
        scores = nlp.evaluate(dev)
        print(
            f"epoch {epoch + 1}: loss {losses['ner']:.1f}, dev F {scores['ents_f']:.3f} "
            f"({time.perf_counter() - started:.0f} s)",
            flush=True,
        )
        for label, row in sorted(scores["ents_per_type"].items()):
            print(f"  {label:12} P {row['p']:.3f} R {row['r']:.3f} F {row['f']:.3f}", flush=True)
        save(nlp, args.out)  # every epoch: a usable model even when training is cut short


def save(nlp: spacy.language.Language, out: Path) -> None:
    """Write the pipeline with its name and description."""
    nlp.meta.update(name="boekstuk_party_ner", version="0.1.0", description=__doc__.splitlines()[0])
    out.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(out)
    print(f"saved to {out}", flush=True)


if __name__ == "__main__":
    main()
