"""Background jobs of the import assistant (Django's Tasks API, database backend)."""

from django_tasks import task

from recensia.imports import jobs


@task()
def run_import(job_id: int) -> None:
    """Checks then writes the rows of an import, in short batches, saving its progress."""
    jobs.run_job(job_id)
