"""Every tuned number of the pipeline, in one place, each with where it comes from.

One module per stage (``recognize``, ``resolve``, ``statements``, ...), each holding a
frozen, keyword-only dataclass of defaults. Every field carries a ``#:`` comment that
says what it does and its provenance: fitted by which script on which data, read off
which errors of which dev set, or a stated assumption. Stages take their config as a
keyword argument (``GazetteerResolver(gaz, config=...)``), so an experiment or an ablation
changes a number without touching code.
"""
