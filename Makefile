# Two commands do all the set-up: `make demo` and `make test`. Each creates .venv when missing.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test lint check evals evals-answers baseline baseline-answers clean

$(BIN)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

demo: $(BIN)/.installed
	$(BIN)/sales-assistant demo

# The suite runs in TEST_JOBS worker processes (pytest-xdist), each with its own databases and
# temporary folders; whole files go to one worker, so a module's shared set-up is built once.
# `make test TEST_JOBS=0` runs it in one process.
TEST_JOBS ?= 2
test: $(BIN)/.installed
	$(BIN)/python -m pytest -q -n $(TEST_JOBS) --dist loadfile

lint: $(BIN)/.installed
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy

check: lint test

# The shipped suites on the offline engine, gated on the committed baseline's pass rate
# (less two points of slack for latency assertions on a busy machine).
BASELINE := evals/baseline/results.json
evals: $(BIN)/.installed
	$(BIN)/sales-assistant eval run evals/suites --model offline --out eval-results --jobs 2 \
		--min-pass-rate $$($(BIN)/python -c "import json; print(max(0.0, json.load(open('$(BASELINE)'))['pass_rate'] - 0.02))")

# The answer-quality suites (blind and tuned halves, issue classes such as superlatives and
# conditional policy), gated on their own baseline the same way.
ANSWERS_BASELINE := evals/baseline/answers/results.json
evals-answers: $(BIN)/.installed
	$(BIN)/sales-assistant eval run evals/blind/answers evals/answers --model offline \
		--out eval-results/answers --jobs 2 \
		--min-pass-rate $$($(BIN)/python -c "import json; print(max(0.0, json.load(open('$(ANSWERS_BASELINE)'))['pass_rate'] - 0.02))")

# Record a new baseline after an intended change in the assistant's behaviour.
baseline: $(BIN)/.installed
	$(BIN)/sales-assistant eval run evals/suites --model offline --out $(dir $(BASELINE)) --jobs 2
	rm -f $(dir $(BASELINE))junit.xml $(dir $(BASELINE))report.html

baseline-answers: $(BIN)/.installed
	$(BIN)/sales-assistant eval run evals/blind/answers evals/answers --model offline \
		--out $(dir $(ANSWERS_BASELINE)) --jobs 2
	rm -f $(dir $(ANSWERS_BASELINE))junit.xml $(dir $(ANSWERS_BASELINE))report.html

clean:
	rm -rf $(VENV) data eval-results .pytest_cache .mypy_cache .ruff_cache
