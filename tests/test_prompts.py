from importlib import resources

import pytest

from evals.judge import judge_prompt
from prompts import load_prompt

PROMPT_NAMES = sorted(
    entry.name.removesuffix(".md")
    for entry in resources.files("prompts").iterdir()
    if entry.name.endswith(".md")
)


def test_the_system_and_judge_prompts_live_in_the_prompts_folder() -> None:
    assert {"system", "eval_judge"} <= set(PROMPT_NAMES)


@pytest.mark.parametrize("name", PROMPT_NAMES)
def test_every_prompt_file_loads_with_a_version(name: str) -> None:
    prompt = load_prompt(name)
    assert prompt.version.startswith(f"{name}@")
    assert prompt.text.strip()


def test_the_judge_reads_its_prompt_through_the_one_loader() -> None:
    assert judge_prompt() is load_prompt("eval_judge")
