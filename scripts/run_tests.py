"""The test command behind `make test`.

1. The whole suite on SQLite.
2. The whole suite again on PostgreSQL (DATABASE_URL_POSTGRES, by default the local server
   at 127.0.0.1:5432). If no server answers, the pass is skipped and said so, unless
   REQUIRE_POSTGRES=1, where it fails.
3. The browser journeys run in both passes when Chromium is installed; otherwise they are
   skipped and said so, unless REQUIRE_BROWSER=1, where they fail.
4. The shared-cache test runs when Redis answers at 127.0.0.1:6379; otherwise it is
   skipped and said so, unless REQUIRE_REDIS=1, where the run fails.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys

DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/postgres"
TEST_REDIS = "redis://127.0.0.1:6379/15"  # the one tests/projects/test_shared_cache.py uses


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "oui"}


def postgres_reachable(url: str) -> tuple[bool, str]:
    try:
        import psycopg
    except ImportError as exc:  # pragma: no cover - installed with the project
        return False, str(exc)
    try:
        with psycopg.connect(url.replace("postgres://", "postgresql://", 1), connect_timeout=3):
            return True, ""
    except psycopg.OperationalError as exc:
        return False, str(exc).strip().splitlines()[0] if str(exc).strip() else "injoignable"


def redis_reachable(url: str) -> tuple[bool, str]:
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=5, socket_timeout=5).ping()
    except redis.RedisError as exc:
        return False, str(exc) or "injoignable"
    return True, ""


def run(label: str, env: dict[str, str], extra: list[str]) -> int:
    print(f"\n=== {label} ===", flush=True)
    cmd = [sys.executable, "-m", "pytest", *extra]
    return subprocess.call(cmd, env=env)


def main(argv: list[str]) -> int:
    base = dict(os.environ)
    # Tests run as in production (DEBUG off) with a throw-away secret.
    base["DEBUG"] = "0"
    base.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    browser = shutil.which(base.get("CHROMIUM_PATH", "chromium")) or shutil.which(
        "chromium-browser")
    notes = []
    if browser:
        base["CHROMIUM_PATH"] = browser
    elif _flag("REQUIRE_BROWSER"):
        print("ÉCHEC : REQUIRE_BROWSER=1 mais Chromium est introuvable.", file=sys.stderr)
        return 1
    else:
        notes.append("Parcours dans le navigateur IGNORÉS : Chromium n'est pas installé "
                     "(apt-get install chromium).")
    if _flag("REQUIRE_BROWSER"):
        base["REQUIRE_BROWSER"] = "1"
    redis_ok, why = redis_reachable(TEST_REDIS)
    if not redis_ok and _flag("REQUIRE_REDIS"):
        print(f"ÉCHEC : REQUIRE_REDIS=1 mais Redis ne répond pas à {TEST_REDIS} ({why}).",
              file=sys.stderr)
        return 1
    if not redis_ok:
        notes.append(f"Test du cache partagé IGNORÉ : Redis ne répond pas à {TEST_REDIS} "
                     f"({why}).")

    sqlite_env = dict(base)
    sqlite_env.pop("DATABASE_URL", None)
    code = run("Suite complète sur SQLite", sqlite_env, argv)

    pg_url = base.get("DATABASE_URL_POSTGRES", DEFAULT_PG)
    ok, why = postgres_reachable(pg_url)
    if ok:
        pg_env = dict(base)
        pg_env["DATABASE_URL"] = pg_url
        # A test database of our own, so that parallel runs on one server do not collide.
        pg_env.setdefault("TEST_DATABASE_NAME", f"test_recensia_{os.getpid()}")
        code = run("Suite complète sur PostgreSQL", pg_env, argv) or code
    elif _flag("REQUIRE_POSTGRES"):
        print(f"ÉCHEC : REQUIRE_POSTGRES=1 mais PostgreSQL ne répond pas ({why}).",
              file=sys.stderr)
        return 1
    else:
        notes.append(f"Passe PostgreSQL IGNORÉE : aucun serveur ne répond à {pg_url} ({why}).")

    for note in notes:
        print(f"\nATTENTION — {note}")
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
