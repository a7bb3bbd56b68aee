"""Events of one sentence: each trigger word becomes an ``Event`` with its arguments, status and
modality. This is where the linguistic rules for each claim type live.

The rules are split by claim type, one module each, and ``SentenceEvents`` (``sentence.py``)
is made of them all:

- ``base.py``: what every type shares (actors, blocked/hedged/negated, status, date, arguments)
- ``transfer.py``: TRANSFER (supply verbs and nouns, aid packages, a deal's deliveries)
- ``receive.py``: RECEIVE and ARRIVE (a transfer told from the receiving side)
- ``interdict.py``: INTERDICT (seized shipments)
- ``agree.py``: AGREE (deals, orders, promises, approvals, permits)
- ``produce.py``: PRODUCE
- ``use.py``: USE (and shooting down)
- ``train.py``: TRAIN
- ``sanction.py``: SANCTION
- ``modifiers.py``: events hidden in a modifier ('U.S.-supplied', 'promised')
"""

from armstrail.extract.triggers.sentence import SentenceEvents

__all__ = ["SentenceEvents"]
