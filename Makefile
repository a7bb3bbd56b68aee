# armstrail — every target sets itself up first; `make setup` is idempotent.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SHARED ?= ../shared
GOLD := $(SHARED)/corpus/dev
EVAL_OUT ?= .eval

.PHONY: setup demo test lint typecheck eval bench clean train cv fuzz

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check "pip==25.3"
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	touch $(STAMP)

demo: setup
	$(BIN)/armstrail demo samples
	$(BIN)/armstrail ingest samples --db armstrail.db
	$(BIN)/armstrail stories --db armstrail.db

test: setup
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

# The hostile-request tests at length: 1,000 generated requests per API route instead of CI's 25.
fuzz: setup
	ARMSTRAIL_FUZZ_EXAMPLES=1000 $(BIN)/python -m pytest -q tests/serve/test_fuzz.py

lint: setup
	$(BIN)/ruff check src tests bench

typecheck: setup
	$(BIN)/mypy

eval: setup
	rm -rf $(EVAL_OUT) && mkdir -p $(EVAL_OUT)
	@echo "== validation articles (tests/heldout, tests/blind, tests/fresh, tests/fresh2: the hybrid is trained on them)"
	$(BIN)/armstrail extract tests/heldout --out $(EVAL_OUT)/heldout --quiet
	$(BIN)/python $(SHARED)/corpus/score.py tests/heldout $(EVAL_OUT)/heldout | tail -n 1
	$(BIN)/armstrail extract tests/blind --out $(EVAL_OUT)/blind --quiet
	$(BIN)/python $(SHARED)/corpus/score.py tests/blind $(EVAL_OUT)/blind | tail -n 1
	$(BIN)/armstrail extract tests/fresh --out $(EVAL_OUT)/fresh --quiet
	$(BIN)/python $(SHARED)/corpus/score.py tests/fresh $(EVAL_OUT)/fresh | tail -n 1
	$(BIN)/armstrail extract tests/fresh2 --out $(EVAL_OUT)/fresh2 --quiet
	$(BIN)/python $(SHARED)/corpus/score.py tests/fresh2 $(EVAL_OUT)/fresh2 | tail -n 1
	@echo "== first-reading set (tests/firstread: never trained or fitted on; its first reading is the figure to quote)"
	$(BIN)/armstrail extract tests/firstread --out $(EVAL_OUT)/firstread --quiet
	$(BIN)/python $(SHARED)/corpus/score.py tests/firstread $(EVAL_OUT)/firstread | tail -n 1
	@echo "== texts with no transfer (tests/negatives/heldout): claims per article"
	$(BIN)/armstrail extract tests/negatives/heldout --out $(EVAL_OUT)/negatives --quiet
	@$(BIN)/python -c "import json,glob; n=[len(json.load(open(f))['claims']) for f in glob.glob('$(EVAL_OUT)/negatives/*.json')]; print(f'{sum(n)} claims in {len(n)} articles: {sum(n)/len(n):.3f} per article')"
	@echo "== dev corpus ($(GOLD))"
	$(BIN)/armstrail extract $(GOLD) --out $(EVAL_OUT)/claims --quiet
	$(BIN)/python $(SHARED)/corpus/score.py $(GOLD) $(EVAL_OUT)/claims
	@echo "== story clusters of the dev corpus (score_clusters.py, dev.clusters.json)"
	$(BIN)/armstrail link $(GOLD) --out $(EVAL_OUT)/clusters.json
	$(BIN)/python $(SHARED)/corpus/score_clusters.py $(GOLD) $(EVAL_OUT)/clusters.json
	@echo "== story clusters of gold claims (link --given-claims): dev, then train by its hand-set rule answers"
	$(BIN)/armstrail link $(GOLD) --given-claims --out $(EVAL_OUT)/given-dev.json
	$(BIN)/python $(SHARED)/corpus/score_clusters.py $(GOLD) $(EVAL_OUT)/given-dev.json
	$(BIN)/armstrail link $(SHARED)/corpus/train --given-claims --out $(EVAL_OUT)/given-train.json
	$(BIN)/python eval/score_listed.py $(SHARED)/corpus/train eval/train.clusters.json $(EVAL_OUT)/given-train.json

train: setup
	$(BIN)/armstrail train

cv: setup
	$(BIN)/armstrail train --cv docs/model-card-cv.json

bench: setup
	$(BIN)/python bench/bench_extract.py --gold $(GOLD)
	$(BIN)/python bench/bench_ingest.py --gold $(GOLD)
	$(BIN)/python bench/bench_link.py
	$(BIN)/python bench/bench_store.py
	$(BIN)/python bench/bench_read.py --gold $(GOLD)

clean:
	rm -rf $(VENV) $(EVAL_OUT) .pytest_cache .mypy_cache .ruff_cache
