"""Mixed load test on PostgreSQL with two application processes.

What it does, on 127.0.0.1 only:

1. creates the database ``recensia_load`` on the local PostgreSQL server, migrates it and
   loads the reference data and the 58 demonstration projects;
2. creates a member of a commune with API keys and one published project that every
   writer will edit at the same time;
3. starts **two** gunicorn servers (one process each, two ports) sharing PostgreSQL and a
   Redis cache (``CACHE_URL``), as two machines behind a load balancer would;
4. for a bounded time, runs at once: readers (search, project pages, home, collectivité
   pages, API searches with a key), writers (API ``PATCH`` of the same project: each reads
   the version, appends its own token to a text field and retries on 409) and imports of
   CSV tables by the ``recensia import_table`` command;
5. checks: no answer ≥ 500 and no broken connection, every write accepted by the server is
   present at the end (no lost update), every import succeeded, and the API limit is
   shared by the two processes (130 anonymous requests spread over both: 120 accepted).

Usage::

    DEBUG=0 .venv/bin/python benchmarks/load_test.py [--duration 30] [--readers 4]
        [--writers 3] [--imports 3] [--redis-db 12]

Prints the figures and ends with a non-zero status if a check fails.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from http.client import HTTPConnection
from pathlib import Path
from urllib.parse import quote

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import run as bench  # noqa: E402 - the benchmark's helpers (gunicorn, ports, percentiles)

DATABASE = "recensia_load"
MAX_REQUESTS_PER_THREAD = 100_000  # bounded loops, whatever the duration
SETUP = """
import json, django
django.setup()
from recensia.accounts.models import Membership, MembershipStatus
from recensia.accounts.services import create_api_token, create_user
from recensia.projects import services
from recensia.projects.models import Domain, Project, Technique, WorkflowState
from recensia.territories.selectors import get_organization_by_code
commune = get_organization_by_code("78490")
user = create_user(email="charge@plaisir.example.fr", password="essai-de-charge-2026")
# The concurrent writes must go online at once to be checked for lost updates: the account
# is in the moderation team, whose corrections are published directly (a member's would
# wait for a moderator).
user.is_moderator = True
user.save(update_fields=["is_moderator"])
Membership.objects.create(user=user, organization=commune, status=MembershipStatus.ACTIVE)
keys = [create_api_token(user=user, organization=commune, name="outil " + str(i))[1]
        for i in range({keys})]
project = services.create_project(
    author=None, state=WorkflowState.PUBLISHED, check_permissions=False,
    data=services.ProjectData(
        fields={{"title": "Projet modifié par tous", "kind": "ai_system",
                 "short_description": "Cible des écritures simultanées de l'essai de charge."}},
        owner=commune, domains=[Domain.objects.order_by("pk").first()],
        techniques=[Technique.objects.order_by("pk").first()]))
slugs = list(Project.objects.filter(state=WorkflowState.PUBLISHED)
             .values_list("slug", flat=True)[:60])
print(json.dumps({{"keys": keys, "slug": project.slug, "slugs": slugs}}))
"""


class Recorder:
    """Status codes and latencies per kind of request, shared by the threads."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.statuses: dict[str, Counter] = defaultdict(Counter)
        self.broken = 0

    def add(self, kind: str, status: int, seconds: float) -> None:
        with self.lock:
            self.latencies[kind].append(seconds * 1000)
            self.statuses[kind][status] += 1


def request(conns: dict, port: int, method: str, path: str, *, body: dict | None = None,
            headers: dict | None = None) -> tuple[int, bytes]:
    conn = conns.get(port)
    if conn is None:
        conn = conns[port] = HTTPConnection(bench.HOST, port, timeout=60)
    payload = json.dumps(body).encode() if body is not None else None
    all_headers = {"Host": bench.HOST, **(headers or {})}
    if payload is not None:
        all_headers["Content-Type"] = "application/json"
    try:
        conn.request(method, path, body=payload, headers=all_headers)
        response = conn.getresponse()
        return response.status, response.read()
    except (OSError, ConnectionError):
        conn.close()
        conns.pop(port, None)
        raise


def reader(ports, recorder: Recorder, deadline: float, key: str, slugs: list[str], n: int):
    conns: dict = {}
    auth = {"Authorization": f"Bearer {key}"}
    words = ["fuites", "cantine", "accueil téléphonique", "inondations", "déchets", "eau"]
    paths = []
    for i in range(24):
        word = quote(words[i % len(words)])
        paths += [("recherche", f"/projets/?q={word}", {}),
                  ("page projet", f"/projets/{quote(slugs[i % len(slugs)])}/", {}),
                  ("API recherche", f"/api/v1/projets?q={word}&page_size=5", auth)]
    paths += [("accueil", "/", {}), ("collectivité", "/collectivites/78490/", {})]
    for i in range(MAX_REQUESTS_PER_THREAD):
        if time.monotonic() >= deadline:
            break
        kind, path, headers = paths[(i + n * 7) % len(paths)]
        port = ports[i % len(ports)]
        start = time.perf_counter()
        try:
            status, _body = request(conns, port, "GET", path, headers=headers)
        except (OSError, ConnectionError):
            with recorder.lock:
                recorder.broken += 1
            continue
        recorder.add(kind, status, time.perf_counter() - start)


def writer(ports, recorder: Recorder, deadline: float, key: str, slug: str, n: int,
           accepted: list[str]):
    """Read-modify-write of one field with the version: a token is « accepted » only when
    the server answered 200 to the PATCH that added it."""
    conns: dict = {}
    auth = {"Authorization": f"Bearer {key}"}
    for i in range(MAX_REQUESTS_PER_THREAD):
        if time.monotonic() >= deadline:
            break
        token = f"w{n}-{i}"
        while time.monotonic() < deadline:
            port = ports[(i + n) % len(ports)]
            start = time.perf_counter()
            try:
                status, body = request(conns, port, "GET", f"/api/v1/projets/{slug}",
                                       headers=auth)
                recorder.add("API lecture avant écriture", status,
                             time.perf_counter() - start)
                if status != 200:
                    break
                current = json.loads(body)
                start = time.perf_counter()
                status, body = request(
                    conns, ports[(i + n + 1) % len(ports)], "PATCH", f"/api/v1/projets/{slug}",
                    headers=auth, body={"version": current["version"],
                                        "lessons_learned": (current["lessons_learned"] + " "
                                                            + token).strip()})
            except (OSError, ConnectionError):
                with recorder.lock:
                    recorder.broken += 1
                break
            recorder.add("API écriture", status, time.perf_counter() - start)
            if status == 200:
                accepted.append(token)
                break
            if status != 409:  # 409: someone else saved first; read again and retry
                break


def import_csv(path: Path, round_number: int, count: int = 20) -> None:
    buffer = io.StringIO()
    out = csv.writer(buffer, lineterminator="\r\n")
    out.writerow(["source_id", "title", "short_description", "owner_code", "domains",
                  "status", "sources", "source_titles", "indicators"])
    for i in range(count):
        out.writerow([f"charge-{round_number}-{i}", f"Projet importé {round_number}-{i}",
                      "Projet d'un tableau importé pendant l'essai de charge.", "78490",
                      "Eau et assainissement", "pilot", "https://www.example.fr/charge",
                      json.dumps(["Page de l'essai"]),
                      json.dumps([{"label": "Fuites repérées", "value_after": str(i)}])])
    path.write_text(buffer.getvalue(), encoding="utf-8")


def importer(env: dict, work: Path, rounds: int, deadline: float, results: list):
    pause = max(1.0, (deadline - time.monotonic()) / (rounds + 1))
    for number in range(rounds):
        time.sleep(pause)
        path = work / f"import-{number}.csv"
        import_csv(path, number)
        start = time.perf_counter()
        done = subprocess.run([str(bench.BIN / "recensia"), "import_table", str(path)],  # noqa: S603
                              env=env, cwd=bench.ROOT, capture_output=True, text=True,
                              timeout=600, check=False)
        results.append((path.name, done.returncode, time.perf_counter() - start,
                        (done.stdout or done.stderr).strip().splitlines()[-1:]))


def shared_limit(ports) -> int:
    """130 anonymous API requests spread over both processes, within one minute window:
    how many were accepted (120 if the processes share their counters)."""
    seconds_left = 60 - time.time() % 60
    if seconds_left < 15:
        time.sleep(seconds_left + 0.5)
    conns: dict = {}
    accepted = 0
    for i in range(130):
        status, _body = request(conns, ports[i % 2], "GET", "/api/v1/statistiques",
                                headers={"X-Forwarded-For": f"198.51.100.{i}"})
        accepted += status == 200
    return accepted


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=30.0)
    parser.add_argument("--readers", type=int, default=4)
    parser.add_argument("--writers", type=int, default=3)
    parser.add_argument("--imports", type=int, default=3)
    parser.add_argument("--redis-db", type=int, default=12)
    args = parser.parse_args(argv)

    work = bench.VAR.parent / "load"
    work.mkdir(parents=True, exist_ok=True)
    import psycopg

    with psycopg.connect(f"{bench.PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DATABASE}")
    env = bench.django_env(f"{bench.PG_SERVER}/{DATABASE}")
    env.update({"CACHE_URL": f"redis://127.0.0.1:6379/{args.redis_db}",
                "DJANGO_SETTINGS_MODULE": "recensia.config.settings",
                "RECENSIA_HOME": str(work)})
    recensia = str(bench.BIN / "recensia")
    started = time.perf_counter()
    for command in (["migrate", "--noinput"], ["load_territories"], ["load_reference_lists"],
                    ["load_demo"]):
        bench.run([recensia, *command], env, capture=True)
    subprocess.run([recensia, "shell", "-c", "from django.core.cache import cache; "  # noqa: S603
                    "cache.clear()"], env=env, cwd=bench.ROOT, check=True, capture_output=True)
    setup = json.loads(bench.run([sys.executable, "-c", SETUP.format(
        keys=args.readers + args.writers)], env, capture=True).strip().splitlines()[-1])
    bench.log(f"base prête en {time.perf_counter() - started:.0f} s "
              f"({len(setup['slugs'])} projets publiés lus)")

    ports = [bench.free_port(), bench.free_port()]
    servers = []
    logs = []
    try:
        for port in ports:
            log_handle = (work / f"gunicorn-{port}.log").open("w")
            logs.append(log_handle)
            servers.append(subprocess.Popen(  # noqa: S603
                [str(bench.BIN / "gunicorn"), "recensia.config.wsgi", "-w", "1",
                 "-b", f"{bench.HOST}:{port}", "--timeout", "120"],
                env=env, cwd=bench.ROOT, stdout=log_handle, stderr=subprocess.STDOUT))
        for port, server in zip(ports, servers, strict=True):
            bench.wait_ready(port, server)
        recorder = Recorder()
        accepted: list[str] = []
        imports: list = []
        deadline = time.monotonic() + args.duration
        keys = setup["keys"]
        threads = [threading.Thread(target=reader, args=(ports, recorder, deadline, keys[n],
                                                         setup["slugs"], n))
                   for n in range(args.readers)]
        threads += [threading.Thread(target=writer, args=(
            ports, recorder, deadline, keys[args.readers + n], setup["slug"], n, accepted))
            for n in range(args.writers)]
        threads.append(threading.Thread(target=importer, args=(
            env, work, args.imports, deadline, imports)))
        load_start = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - load_start
        final_status, body = request({}, ports[0], "GET", f"/api/v1/projets/{setup['slug']}",
                                     headers={"Authorization": f"Bearer {keys[0]}"})
        stored = json.loads(body)["lessons_learned"].split() if final_status == 200 else []
        limit_accepted = shared_limit(ports)
    finally:
        for server in servers:
            bench.stop(server)
        for handle in logs:
            handle.close()

    total = sum(sum(c.values()) for c in recorder.statuses.values())
    server_errors = sum(n for c in recorder.statuses.values() for s, n in c.items() if s >= 500)
    lost = sorted(set(accepted) - set(stored))
    duplicated = len(stored) - len(set(stored))
    bench.log(f"\nEssai de charge : 2 processus gunicorn sur PostgreSQL, cache Redis partagé, "
              f"{args.readers} lecteurs, {args.writers} rédacteurs, {args.imports} imports, "
              f"{elapsed:.1f} s")
    bench.log(f"{'requêtes':<28}{'nombre':>8}{'p50 ms':>9}{'p95 ms':>9}  réponses")
    for kind in sorted(recorder.statuses):
        values = recorder.latencies[kind]
        statuses = ", ".join(f"{s}: {n}" for s, n in sorted(recorder.statuses[kind].items()))
        bench.log(f"{kind:<28}{len(values):>8}{bench.percentile(values, 50):>9.0f}"
                  f"{bench.percentile(values, 95):>9.0f}  {statuses}")
    bench.log(f"total : {total} requêtes, {total / elapsed:.0f} req/s ; erreurs serveur : "
              f"{server_errors} ; connexions rompues : {recorder.broken}")
    bench.log(f"écritures acceptées : {len(accepted)}, retrouvées : "
              f"{len(set(accepted) & set(stored))}, perdues : {len(lost)}, en double : "
              f"{duplicated}")
    for name, code, seconds, last in imports:
        bench.log(f"import {name} : code {code}, {seconds:.1f} s — {' '.join(last)}")
    bench.log(f"charge moyenne de la machine (1 min) à la fin : {bench.loadavg():.1f}")
    bench.log(f"limite partagée : {limit_accepted} requêtes acceptées sur 130 réparties sur "
              f"les 2 processus (attendu : 120)")
    failures = []
    if server_errors or recorder.broken:
        failures.append("erreurs serveur ou connexions rompues")
    if lost or duplicated or not accepted:
        failures.append("mise à jour perdue ou aucune écriture acceptée")
    if len(imports) != args.imports or any(code != 0 for _n, code, _s, _l in imports):
        failures.append("import en échec")
    if limit_accepted != 120:
        failures.append("limite de l'API non partagée entre les processus")
    bench.log("RÉSULTAT : " + ("réussi" if not failures else "ÉCHEC — " + " ; ".join(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
