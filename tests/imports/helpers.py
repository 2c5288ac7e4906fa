"""Going through the assistant with the test client, accepting its proposals."""

from unittest import mock

from django import forms
from django.core.management import call_command
from django.urls import reverse

from recensia.imports import selectors, services
from recensia.imports.forms import ValuesForm
from recensia.imports.models import ImportJob


def form_payload(form: forms.Form) -> dict:
    """What a browser sends for a form left as proposed."""
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(field, forms.BooleanField):
            if value:
                data[name] = "on"
        elif value is not None:
            data[name] = value
    return data


def upload(client, path, organization) -> ImportJob:
    with open(path, "rb") as handle:
        response = client.post(reverse("imports:start"),
                               {"organization": organization.pk, "file": handle})
    assert response.status_code == 302, response.content.decode()[:3000]
    return ImportJob.objects.latest("id")


def confirm_columns(client, job, **changes) -> None:
    columns = selectors.job_mapping(job).columns
    header = [c for c in selectors.job_sheet(job).header if c]
    data = {f"column_{n}": changes.get(column, columns[column])
            for n, column in enumerate(header)}
    data["remember"] = "on"
    response = client.post(reverse("imports:columns", args=[job.token]), data)
    assert response.status_code == 302, response.content.decode()[:3000]


def value_form(job) -> ValuesForm:
    job.refresh_from_db()
    return ValuesForm(questions=services.value_questions(job))


# What the person chooses where the assistant has no sure proposal for the fixture.
CHOICES = {("domains", "incendie"): "risques-naturels",
           ("domains", "inondations"): "risques-naturels",
           ("techniques", "(charte)"): "__keywords__"}


def confirm_values(client, job, choices=None) -> None:
    form = value_form(job)
    data = form_payload(form)
    for n, question in enumerate(form.questions):
        choice = (choices or CHOICES).get((question.target, question.key))
        if choice is not None:
            data[f"value_{n}"] = choice
    response = client.post(reverse("imports:values", args=[job.token]), data)
    assert response.status_code == 302, response.content.decode()[:5000]


def run_worker() -> None:
    """The worker that ``make run`` starts, once over the queued jobs. It closes the
    database connections between tasks, which would end the test's own transaction: that
    alone is left out."""
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections",
                    lambda: None):
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
