"""Legal regimes: which arms embargoes and transfer restrictions a claim may fall under on its date.

``regimes`` reads the regimes data file (``data/regimes.json``); ``assess`` is the engine, pure
functions over one claim, its article's date and the regimes. Nothing here says a claim *violates*
anything: a report is not a finding, and coverage often turns on facts no article gives."""

from armstrail.legal.assess import RegimeCheck, assess_claim, claim_period
from armstrail.legal.regimes import Regime, RegimeBook, load_regimes

__all__ = ["Regime", "RegimeBook", "RegimeCheck", "assess_claim", "claim_period", "load_regimes"]
