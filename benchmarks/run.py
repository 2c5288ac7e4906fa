"""Banc d'essai recherche et charge de RecensIA (lancé par ``make bench``).

Pour chaque taille N : base neuve (SQLite sous var/bench/ ou base PostgreSQL
``recensia_bench`` sur 127.0.0.1:5432), ``recensia migrate``, référentiel, génération et
chargement de N projets (``bulk_import_projects``), plancher mesuré dans un processus
Django séparé, puis gunicorn et des clients HTTP concurrents sur 127.0.0.1 : recherche
avec deux facettes, page projet, page d'accueil. Le tableau est affiché et écrit dans
benchmarks/RESULTATS.md.

    python benchmarks/run.py --sizes 10000,100000 --duration 10 --clients 8 --database sqlite
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import itertools
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlencode

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BIN = Path(sys.executable).parent
VAR = ROOT / "var" / "bench"
RESULTS = HERE / "RESULTATS.md"
HOST = "127.0.0.1"
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
PG_NAME = "recensia_bench"
MAX_REQUESTS_PER_CLIENT = 1_000_000  # bounded loops, whatever the duration

# Builds the index and loads what a process loads once (dictionary, known names).
WARM_PATH = "/projets/?q=zqxwv+inondasion"
FACET_PAIRS = [("domaine", "avancement"), ("type", "annee"), ("region", "technique"),
               ("avancement", "population"), ("technique", "annee"), ("domaine", "type")]
TARGETS = {
    "search_p95_ms": 100, "search_rps": 100, "page_p95_ms": 50, "load_100k_s": 120,
    "rss_mb": 300,
}


# ------------------------------------------------------------------ helpers

def log(message: str) -> None:
    print(message, flush=True)


def run(cmd: list[str], env: dict, *, capture: bool = False, timeout: float = 3600) -> str:
    result = subprocess.run(cmd, env=env, cwd=ROOT, check=True, timeout=timeout,  # noqa: S603
                            stdout=subprocess.PIPE if capture else None, text=True)
    return result.stdout if capture else ""


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def machine() -> dict:
    free = subprocess.run(["free", "-g"], capture_output=True, text=True,  # noqa: S607
                          check=False).stdout.strip()
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"nproc": os.cpu_count() or 1, "free": free, "cpu": model,
            "python": sys.version.split()[0]}


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    k = max(0, min(len(values) - 1, round(p / 100 * len(values) + 0.5) - 1))
    return values[k]


# ------------------------------------------------------------------ database

def prepare_database(kind: str, size: int) -> str:
    if kind == "sqlite":
        VAR.mkdir(parents=True, exist_ok=True)
        path = VAR / f"bench-{size}.sqlite3"
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {PG_NAME} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {PG_NAME}")
    return f"{PG_SERVER}/{PG_NAME}"


def django_env(database_url: str) -> dict:
    env = dict(os.environ)
    env.update({"DEBUG": "0", "SECRET_KEY": "banc-d-essai-" + "x" * 40,
                "ALLOWED_HOSTS": HOST, "DATABASE_URL": database_url,
                "LOG_LEVEL": "WARNING", "PYTHONUNBUFFERED": "1",
                # Plain http on 127.0.0.1: no redirect to https.
                "SECURE_SSL_REDIRECT": "0"})
    return env


# ------------------------------------------------------------------ HTTP load

class Scenario:
    def __init__(self, name: str, label: str, paths: list[str]):
        self.name, self.label, self.paths = name, label, paths


def hammer(port: int, paths: list[str], clients: int, duration: float) -> dict:
    """`clients` threads, each with its own keep-alive connection, for `duration` s."""
    latencies: list[list[float]] = [[] for _ in range(clients)]
    errors = [0] * clients
    statuses: list[dict] = [{} for _ in range(clients)]
    start_barrier = threading.Barrier(clients + 1)
    deadline_box = [0.0]

    requested: list[set[str]] = [set() for _ in range(clients)]

    def client(n: int) -> None:
        conn = http.client.HTTPConnection(HOST, port, timeout=60)
        # Each client its own share of the paths: no two clients ask for the same one
        # until every path has been asked once.
        cycle = itertools.cycle(paths[n::clients] or paths)
        start_barrier.wait()
        for _i, path in zip(range(MAX_REQUESTS_PER_CLIENT), cycle, strict=False):
            requested[n].add(path)
            if time.perf_counter() >= deadline_box[0]:
                break
            t0 = time.perf_counter()
            try:
                conn.request("GET", path, headers={"Host": HOST})
                response = conn.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                conn.close()
                status = 0
            latencies[n].append(time.perf_counter() - t0)
            statuses[n][status] = statuses[n].get(status, 0) + 1
            if status != 200:
                errors[n] += 1
        conn.close()

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
    for t in threads:
        t.start()
    deadline_box[0] = time.perf_counter() + duration
    began = time.perf_counter()
    start_barrier.wait()
    for t in threads:
        t.join(timeout=duration + 120)
    elapsed = time.perf_counter() - began
    all_ms = [x * 1000 for lat in latencies for x in lat]
    merged: dict = {}
    for s in statuses:
        for k, v in s.items():
            merged[k] = merged.get(k, 0) + v
    return {"requests": len(all_ms), "rps": len(all_ms) / elapsed if elapsed else 0,
            "p50": percentile(all_ms, 50), "p95": percentile(all_ms, 95),
            "p99": percentile(all_ms, 99), "max": max(all_ms, default=float("nan")),
            "errors": sum(errors), "statuses": merged,
            "distinct": len(set().union(*requested)), "paths": len(paths)}


def run_wrk(port: int, paths: list[str], clients: int, duration: float) -> dict | None:
    """The same scenario with wrk (an independent load generator written in C), when it is
    installed: 2 threads, ``clients`` connections, each thread its own share of paths."""
    wrk = shutil.which("wrk")
    if not wrk:
        return None
    listing = VAR / "wrk-paths.txt"
    listing.write_text("\n".join(paths) + "\n", encoding="utf-8")
    env = dict(os.environ, WRK_PATHS=str(listing), WRK_THREADS="2")
    out = subprocess.run([wrk, "-t2", f"-c{clients}", f"-d{duration:g}s", "--timeout", "30s",  # noqa: S603
                          "-s", str(HERE / "wrk_paths.lua"), f"http://{HOST}:{port}"],
                         env=env, capture_output=True, text=True, check=False,
                         timeout=duration + 120).stdout
    line = next((x for x in out.splitlines() if x.startswith("RESULT ")), "")
    values = dict(item.split("=") for item in line.split()[1:])
    if not values:
        return None
    seconds = int(values["duration_us"]) / 1e6
    return {"requests": int(values["requests"]), "rps": int(values["requests"]) / seconds,
            "p50": int(values["p50_us"]) / 1000, "p95": int(values["p95_us"]) / 1000,
            "p99": int(values["p99_us"]) / 1000, "max": int(values["max_us"]) / 1000,
            "errors": int(values["errors"]) + int(values["non2xx"])}


def wait_ready(port: int, proc: subprocess.Popen, limit: float = 60) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("gunicorn s'est arrêté au démarrage (voir son journal)")
        try:
            with socket.create_connection((HOST, port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn ne répond pas")


def warm_up(port: int, workers: int, clients: int) -> dict:
    """Waits (bounded) until a whole round of requests is fast (every worker has its index
    and its caches), and reports how long that took."""
    began = time.perf_counter()
    worst = 0.0
    for _round in range(30):
        slowest = _one_round(port, clients, max(workers * 4, clients))
        worst = max(worst, slowest)
        if slowest < 1000:
            break
    return {"warmup_s": time.perf_counter() - began, "first_request_max_ms": worst}


def _one_round(port: int, clients: int, count: int) -> float:
    """`count` requests to WARM_PATH spread over `clients` threads; the slowest, in ms."""
    slowest = [0.0]
    lock = threading.Lock()
    todo = iter(range(count))

    def client() -> None:
        conn = http.client.HTTPConnection(HOST, port, timeout=120)
        for _ in todo:
            t0 = time.perf_counter()
            try:
                conn.request("GET", WARM_PATH, headers={"Host": HOST})
                conn.getresponse().read()
            except (OSError, http.client.HTTPException):
                conn.close()
            with lock:
                slowest[0] = max(slowest[0], (time.perf_counter() - t0) * 1000)
        conn.close()

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    return slowest[0]


def worker_rss(master_pid: int) -> list[float]:
    rss = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            if ppid != master_pid:
                continue
            for line in (entry / "status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    rss.append(int(line.split()[1]) / 1024)
        except (OSError, ValueError, IndexError):
            continue
    return sorted(rss)


def workers_of(master_pid: int) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
                if int(stat.rsplit(")", 1)[1].split()[1]) == master_pid:
                    pids.append(int(entry.name))
            except (OSError, ValueError, IndexError):
                continue
    return pids


def cpu_seconds(pids: list[int]) -> float:
    """utime + stime of the processes, in seconds."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (OSError, ValueError, IndexError):
            continue
    return total / ticks


def loadavg() -> float:
    try:
        return float(Path("/proc/loadavg").read_text().split()[0])
    except (OSError, ValueError):
        return float("nan")


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


# ------------------------------------------------------------------ plan

def build_searches(queries: list[dict], facets: dict, seed: int) -> list[dict]:
    """Each query of the mix with two facet values drawn at random (deterministic)."""
    import random

    rng = random.Random(seed)
    searches = []
    for entry in queries:
        a, b = rng.choice(FACET_PAIRS)
        searches.append({"q": entry["q"], "kind": entry["kind"],
                         "filters": {a: [rng.choice(facets[a])], b: [rng.choice(facets[b])]}})
    return searches


def search_path(entry: dict) -> str:
    params = [("q", entry["q"])]
    for name, values in entry["filters"].items():
        params += [(name, v) for v in values]
    return "/projets/?" + urlencode(params)


# ------------------------------------------------------------------ one size

def bench_size(size: int, args) -> dict:
    log(f"\n=== {size:,} projets, base {args.database} ===".replace(",", " "))
    url = prepare_database(args.database, size)
    env = django_env(url)
    recensia = str(BIN / "recensia")
    t0 = time.perf_counter()
    run([recensia, "migrate", "--noinput", "-v0"], env)
    run([recensia, "load_territories"], env, capture=True)
    run([recensia, "load_reference_lists"], env, capture=True)
    reference_s = time.perf_counter() - t0
    log(f"base et référentiel : {reference_s:.1f} s")
    loaded = json.loads(run([sys.executable, str(HERE / "inprocess.py"), "load", str(size),
                             "--seed", str(args.seed)], env, capture=True))
    log(f"génération {loaded['generate_s']:.1f} s, chargement {loaded['load_s']:.1f} s "
        f"({loaded['created']} projets)")
    searches = build_searches(loaded["queries"], loaded["facets"], args.seed)
    plan_file = VAR / f"plan-{args.database}-{size}.json"
    plan_file.parent.mkdir(parents=True, exist_ok=True)
    floor_plan = [next(s for s in searches if s["kind"] == kind) for kind in
                  dict.fromkeys(s["kind"] for s in searches)]
    floor_plan += [s for s in searches if s["kind"] == "mot"][1:6]
    plan_file.write_text(json.dumps({"searches": floor_plan, "repeat": args.repeat}),
                         encoding="utf-8")
    floor = json.loads(run([sys.executable, str(HERE / "inprocess.py"), "floor",
                            str(plan_file)], env, capture=True))
    log(f"plancher : index construit en {floor['index_build_s']:.2f} s")
    scenarios = [
        Scenario("search", "Recherche + 2 facettes", [search_path(s) for s in searches]),
        Scenario("page", "Page projet", [f"/projets/{quote(s)}/" for s in loaded["slugs"]]),
        Scenario("home", "Accueil", ["/"]),
    ]
    port = args.port or free_port()
    log_file = VAR / f"gunicorn-{args.database}-{size}.log"
    # The production settings (config/gunicorn.py): the main process builds the search
    # index once, before the workers start.
    cmd = [str(BIN / "gunicorn"), "-c", "python:recensia.config.gunicorn",
           "recensia.config.wsgi", "-w", str(args.workers), "-b", f"{HOST}:{port}",
           "--graceful-timeout", "10",
           # Workers are not renewed during the measure: the CPU time per request is read
           # from their process ids (a renewed worker would restart its count).
           "--max-requests", "0"]
    http_results: dict = {}
    with log_file.open("w") as log_handle:
        launched = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=log_handle,  # noqa: S603
                                stderr=subprocess.STDOUT)
        try:
            wait_ready(port, proc)
            warm = warm_up(port, args.workers, args.clients)
            # From the launch: includes the main process's build of the index.
            warm["warmup_s"] = time.perf_counter() - launched
            log(f"démarrage des {args.workers} processus (index) : {warm['warmup_s']:.1f} s, "
                f"requête la plus lente {warm['first_request_max_ms']:.0f} ms")
            pids = workers_of(proc.pid)
            for sc in scenarios:
                cpu0 = cpu_seconds(pids)
                res = hammer(port, sc.paths, args.clients, args.duration)
                res["cpu_ms"] = (cpu_seconds(pids) - cpu0) * 1000 / max(1, res["requests"])
                res["load"] = loadavg()
                http_results[sc.name] = res
                log(f"{sc.label:28s} p50 {res['p50']:7.1f} ms  p95 {res['p95']:7.1f} ms  "
                    f"{res['rps']:7.1f} req/s  erreurs {res['errors']}  "
                    f"adresses distinctes {res['distinct']}/{res['requests']}  "
                    f"CPU {res['cpu_ms']:.1f} ms/requête  charge {res['load']:.1f}")
            wrk = run_wrk(port, scenarios[0].paths[::-1], args.clients, args.duration)
            if wrk:
                http_results["search_wrk"] = wrk
                log(f"{'Recherche (wrk)':28s} p50 {wrk['p50']:7.1f} ms  p95 {wrk['p95']:7.1f} ms"
                    f"  {wrk['rps']:7.1f} req/s  erreurs {wrk['errors']}")
            rss = worker_rss(proc.pid)
            log(f"mémoire résidente des processus : {', '.join(f'{r:.0f}' for r in rss)} Mo")
        finally:
            stop(proc)
    return {"size": size, "reference_s": reference_s, "loaded": {
        k: v for k, v in loaded.items() if k not in ("slugs", "facets", "queries")},
        "page_paths": scenarios[1].paths,
        "floor": floor, "http": http_results, "warm": warm, "rss": rss,
        "mix": {kind: sum(1 for s in searches if s["kind"] == kind)
                for kind in dict.fromkeys(s["kind"] for s in searches)},
        "workers": args.workers, "clients": args.clients, "duration": args.duration}


# ------------------------------------------------------------------ report

def verdict(ok: bool | None) -> str:
    return "non mesuré" if ok is None else ("PASS" if ok else "FAIL")


def report(results: list[dict], args, info: dict) -> str:
    nan = float("nan")
    now = dt.datetime.now().astimezone()
    lines = [f"### Base {args.database} — {now:%Y-%m-%d %H:%M}", ""]
    lines += [f"Machine : {info['nproc']} cœurs ({info['cpu']}), Python {info['python']}, "
              f"{args.workers} processus gunicorn (sync), {args.clients} clients HTTP, "
              f"{args.duration:g} s par scénario.", "", "```", info["free"], "```", ""]
    lines += ["« CPU/requête » : temps processeur des processus gunicorn divisé par le nombre "
              "de requêtes (indépendant des autres programmes de la machine) ; « charge » : "
              "charge moyenne de la machine (1 min) à la fin du scénario, au-delà de "
              f"{info['nproc']} d'autres programmes se partageaient les cœurs.", ""]
    for r in results:
        mix = ", ".join(f"{n} « {kind} »" for kind, n in r["mix"].items())
        lines += [f"Recherches de N = {r['size']:,} : {sum(r['mix'].values())} recherches "
                  f"distinctes ({mix}), chacune avec deux valeurs de facettes tirées au "
                  f"hasard ; pages : {len(r['page_paths'])} projets répartis sur tout le "
                  "registre. Chaque client a sa part des adresses : aucune n'est demandée "
                  "deux fois tant que toutes ne l'ont pas été.".replace(",", " ", 1), ""]
    lines += ["| N | chargement | génération | démarrage (index) | scénario | p50 (ms) | "
              "p95 (ms) | max (ms) | req/s | requêtes | adresses distinctes | erreurs | "
              "CPU/requête (ms) | charge | RSS/processus (Mo) |",
              "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        rss = r["rss"]
        rss_text = f"{min(rss):.0f}–{max(rss):.0f}" if rss else "?"
        first = True
        for name, label in (("search", "recherche + 2 facettes"),
                            ("search_wrk", "recherche + 2 facettes, wrk"),
                            ("page", "page projet"), ("home", "accueil")):
            h = r["http"].get(name)
            if not h:
                continue
            head = (f"| {r['size']:,} | {r['loaded']['load_s']:.1f} s | "
                    f"{r['loaded']['generate_s']:.1f} s | {r['warm']['warmup_s']:.1f} s "
                    f"(max {r['warm']['first_request_max_ms']:.0f} ms) |").replace(",", " ") \
                if first else "| | | | |"
            lines.append(f"{head} {label} | {h['p50']:.1f} | {h['p95']:.1f} | {h['max']:.0f} | "
                         f"{h['rps']:.1f} | {h['requests']} | {h.get('distinct', '—')} | "
                         f"{h['errors']} | "
                         f"{h.get('cpu_ms', nan):.1f} | {h.get('load', nan):.1f} | "
                         f"{rss_text if first else ''} |")
            first = False
    lines += ["", "Plancher dans le processus (médiane de "
              f"{args.repeat} répétitions ; « à froid » = cache des requêtes vidé) :", ""]
    lines += ["| N | requête | facettes | résultats (texte) | analyse (ms) | moteur seul (ms) | "
              "search_projects à froid (ms) | à chaud (ms) |",
              "|---|---|---|---|---|---|---|---|"]
    for r in results:
        for q in r["floor"]["queries"]:
            facets = ", ".join(f"{k}={v[0]}" for k, v in q["filters"].items())
            lines.append(f"| {r['size']:,} | {q['q']} | {facets} | {q['matches']} | "
                         f"{q['parse_ms']:.1f} | {q['match_ms']:.1f} | "
                         f"{q['search_cold_ms']:.1f} | {q['search_warm_ms']:.1f} |"
                         .replace(",", " ", 1))
    lines += ["", "Index des facettes construit dans le processus : " + ", ".join(
        f"{r['size']:,} projets en {r['floor']['index_build_s']:.1f} s "
        f"(+{r['floor']['index_rss_mb']:.0f} Mo)".replace(",", " ", 1) for r in results) + "."]
    lines += ["", "Objectifs (une seule erreur HTTP, dans n'importe quel scénario, fait échouer "
              "tous les verdicts de la taille : la mesure n'est pas valable) :", "",
              "| objectif | mesure | verdict |", "|---|---|---|"]
    for r in results:
        n = f"{r['size']:,}".replace(",", " ")
        p = r["http"].get("page", {})
        errors = sum(h.get("errors", 0) for h in r["http"].values())
        clean = errors == 0
        for key, client in (("search", "client du banc"), ("search_wrk", "wrk")):
            s = r["http"].get(key)
            if s is None:
                continue
            ok_search = (s.get("p95", 1e9) <= TARGETS["search_p95_ms"] and
                         s.get("rps", 0) >= TARGETS["search_rps"] and clean)
            lines.append(f"| N = {n} : recherche + 2 facettes p95 ≤ 100 ms et ≥ 100 req/s à "
                         f"{args.clients} clients ({client}) | p95 "
                         f"{s.get('p95', float('nan')):.0f} ms, {s.get('rps', 0):.0f} req/s, "
                         f"{errors} erreur(s) | {verdict(ok_search)} |")
        lines.append(f"| N = {n} : page projet p95 ≤ 50 ms | p95 "
                     f"{p.get('p95', float('nan')):.0f} ms, {errors} erreur(s) | "
                     f"{verdict(p.get('p95', 1e9) <= TARGETS['page_p95_ms'] and clean)} |")
        rss_max = max(r["rss"], default=float("nan"))
        lines.append(f"| N = {n} : ≤ 300 Mo de mémoire résidente par processus | "
                     f"{rss_max:.0f} Mo au plus | "
                     f"{verdict(bool(r['rss']) and rss_max <= TARGETS['rss_mb'] and clean)} |")
    big = [r for r in results if r["size"] == 100_000]
    load = big[0]["loaded"]["load_s"] if big else None
    lines.append(f"| chargement de 100 000 projets ≤ 2 min | "
                 f"{'—' if load is None else f'{load:.0f} s'} | "
                 f"{verdict(None if load is None else load <= TARGETS['load_100k_s'])} |")
    return "\n".join(lines) + "\n"


def write_results(section: str, database: str) -> None:
    start, end = f"<!-- bench:{database} -->", f"<!-- /bench:{database} -->"
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else \
        "# Banc d'essai de RecensIA\n\n## Résultats\n\n"
    block = f"{start}\n{section}{end}"
    if start in text and end in text:
        before, rest = text.split(start, 1)
        text = before + block + rest.split(end, 1)[1]
    else:
        marker = "## Résultats\n"
        if marker in text:
            head, tail = text.split(marker, 1)
            text = f"{head}{marker}\n{block}\n{tail}"
        else:
            text += f"\n{block}\n"
    RESULTS.write_text(text, encoding="utf-8")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--duration", type=float, default=10.0)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--workers", type=int, default=max(2, 2 * (os.cpu_count() or 1)))
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--seed", type=int, default=20260401)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--no-write", action="store_true", help="n'écrit pas RESULTATS.md")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    if not shutil.which(str(BIN / "gunicorn")):
        raise SystemExit(f"gunicorn introuvable dans {BIN}")
    info = machine()
    results = [bench_size(size, args) for size in sizes]
    section = report(results, args, info)
    print()
    print(section)
    if not args.no_write:
        write_results(section, args.database)
        print(f"Écrit dans {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
