"""The lockbox families: generator families held back from development (bench/lockbox.json).

Their documents measure whether the pipeline's rules generalise to layouts nobody tuned for.
Developers of the pipeline do not read these modules or inspect their documents; only the
aggregate figures of ``bench/extract_accuracy.py`` are reported.
"""
