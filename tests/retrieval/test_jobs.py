from retrieval.jobs import IngestJobs, get_job
from retrieval.knowledge import KnowledgeBase
from tests.retrieval.conftest import STORE, markdown, source


def test_a_background_job_reports_progress_and_outcome(knowledge: KnowledgeBase) -> None:
    jobs = IngestJobs(knowledge)
    sections = {f"Rule {n}": f"Rule number {n} about shipping." for n in range(5)}
    job = jobs.submit(STORE, [source("policies/rules.md", markdown("Rules", sections))])
    jobs.wait(job.id, timeout=60)
    jobs.shutdown()
    with knowledge.database.session() as session:
        finished = get_job(session, STORE, job.id)
        assert finished.status == "succeeded"
        assert (finished.done, finished.total) == (5, 5)
        assert finished.result["counts"] == {"added": 1}
    assert knowledge.search_knowledge(STORE, "rule number 3").hits


def test_a_job_of_only_rejected_files_fails_with_the_reason(knowledge: KnowledgeBase) -> None:
    jobs = IngestJobs(knowledge)
    job = jobs.submit(STORE, [source("manual.docx", b"PK", "other")])
    jobs.wait(job.id, timeout=60)
    jobs.shutdown()
    with knowledge.database.session() as session:
        finished = get_job(session, STORE, job.id)
        assert finished.status == "failed"
        assert finished.error is not None and "manual.docx" in finished.error
