"""The `spcp` command: set up, load the demo, serve, and pass anything else to Django's manage."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def compile_catalogs(locale_dir: Path) -> int:
    """Compile every locale/*/LC_MESSAGES/*.po to .mo with polib (no system gettext needed)."""
    import polib

    count = 0
    for po_path in sorted(locale_dir.glob("*/LC_MESSAGES/*.po")):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
        count += 1
    return count


class SetupError(Exception):
    """Set-up cannot finish; the message tells the operator what to do."""


# A file each front-end package must have, so that a missing `npm ci` stops set-up instead of every page
# answering 500 later ("Missing staticfiles manifest entry").
FRONT_END_ASSETS = {"uswds": "css/uswds.min.css"}


def check_front_end_assets(static_dirs: list[tuple[str, Path]]) -> None:
    """Refuse when a front-end package installed from npm is missing."""
    for prefix, folder in static_dirs:
        required = FRONT_END_ASSETS.get(prefix)
        if required and not (Path(folder) / required).is_file():
            raise SetupError(
                f"The front-end assets are missing: {Path(folder) / required} does not exist.\n"
                "Install them with `npm ci --omit=dev` in the project folder (scripts/install does this), "
                "or point SPCP_NODE_MODULES at a node_modules folder that has them."
            )


def setup(verbose: bool = True) -> None:
    """Make the data folder ready: catalogs compiled, database migrated, static files collected."""
    _django()
    from django.conf import settings
    from django.core.management import call_command

    check_front_end_assets(settings.STATICFILES_DIRS)
    settings.ENV.data_dir.mkdir(parents=True, exist_ok=True)
    for locale_dir in settings.LOCALE_PATHS:
        compile_catalogs(Path(locale_dir))
    call_command("migrate", interactive=False, verbosity=1 if verbose else 0)
    call_command("collectstatic", interactive=False, verbosity=0)


def metrics_directory(workers: int) -> Path | None:
    """Prepare prometheus-client's multi-process mode for several workers: an empty folder for their samples.

    The operator's PROMETHEUS_MULTIPROC_DIR is used (and emptied: samples of earlier processes would be summed
    in); else, with more than one worker, a new temporary folder. One worker keeps its samples in memory."""
    import shutil
    import tempfile

    given = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "")
    if given:
        folder = Path(given)
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True, exist_ok=True)
    elif workers > 1:
        folder = Path(tempfile.mkdtemp(prefix="spcp-metrics-"))
    else:
        return None
    # Read by prometheus-client in each worker (and by config.env), which inherit this environment.
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(folder)
    return folder


def serve(host: str, port: int, workers: int, reload: bool = False) -> None:
    import uvicorn

    from config.env import read_env
    from spcp.common.logs import logging_config
    from spcp.forum.hub import MAX_MESSAGE_BYTES

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    metrics_directory(workers if not reload else 1)
    env = read_env()
    # Proxy headers (the client's address and scheme) only from SPCP_TRUSTED_PROXIES: without it, any client
    # on the same host could name itself someone else in X-Forwarded-For (uvicorn trusts 127.0.0.1 by default).
    trusted_proxies = env.trusted_proxies
    shown = f"[{host}]" if ":" in host else host
    print(f"spcp is serving http://{shown}:{port}/en/ (Korean: http://{shown}:{port}/ko/)", flush=True)
    uvicorn.run(
        "config.asgi:application",
        host=host,
        port=port,
        workers=workers if not reload else 1,
        reload=reload,
        lifespan="off",
        proxy_headers=bool(trusted_proxies),
        forwarded_allow_ips=trusted_proxies,
        ws_per_message_deflate=False,
        ws_max_size=MAX_MESSAGE_BYTES,
        # uvicorn's access lines print whole URLs (room codes, survey and feed links); the app writes its own,
        # scrubbed, with the request id (spcp.common.logs), and uvicorn's other lines go through the same format.
        access_log=False,
        log_config=logging_config(log_format=env.log_format, level=env.log_level),
    )


def probe(url: str, timeout: float) -> int:
    """0 when `url` answers 200 within `timeout` seconds, else 1 (a container health check without curl)."""
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310  (the operator's own URL)
            return 0 if response.status == 200 else 1
    except (urllib.error.URLError, OSError) as error:
        print(f"spcp probe: {url}: {error}", file=sys.stderr)
        return 1


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "manage":
        _django()
        from django.core.management import execute_from_command_line

        execute_from_command_line(["spcp manage", *argv[1:]])
        return

    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        _run(args)
    except SetupError as error:
        print(f"spcp {args.command}: {error}", file=sys.stderr)
        sys.exit(2)


def build_parser() -> argparse.ArgumentParser:
    """The `spcp` command line (apart from `manage`, which passes everything on to Django)."""
    parser = argparse.ArgumentParser(prog="spcp", description="Strengthening Police and Community Partnerships")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("setup", help="compile catalogs, migrate the database, collect static files")
    demo = sub.add_parser("demo", help="set up and load the demo program (idempotent)")
    demo.add_argument("--reset", action="store_true", help="delete the demo program first and load it anew")
    demo.add_argument("--code", metavar="USERNAME", help="print a demo staff account's current sign-in code")
    run = sub.add_parser("serve", help="serve the app with uvicorn (HTTP and websockets)")
    run.add_argument("--host", default="127.0.0.1")
    run.add_argument("--port", type=int, default=8000)
    run.add_argument("--workers", type=int, default=1)
    run.add_argument("--reload", action="store_true")
    export = sub.add_parser("export", help="write action-plan documents (PDF, DOCX, CSV) to a folder, with progress")
    export.add_argument("--program", type=int, action="append", help="program id (repeatable; default: every plan)")
    export.add_argument("--lang", action="append", choices=["en", "ko"], help="language (repeatable; default: both)")
    export.add_argument("--out", default="exports", help="folder to write into (default: ./exports)")
    remind = sub.add_parser(
        "remind", help="email reminders for action steps due soon or overdue (safe to run from cron)"
    )
    remind.add_argument("--dry-run", action="store_true", help="list what would be sent, send nothing")
    remind.add_argument("--today", help="the date to check against, YYYY-MM-DD (default: today, UTC)")
    backup = sub.add_parser("backup", help="copy the whole database to a file, safely while serving")
    backup.add_argument("--out", help="the file to write (default: $SPCP_DATA_DIR/backups/spcp-<UTC time>.<kind>)")
    restore = sub.add_parser("restore", help="replace the whole database with a backup (stop the app first)")
    restore.add_argument("file", help="a file written by `spcp backup` on the same kind of database")
    restore.add_argument("--yes", action="store_true", help="confirm that everything in the database is replaced")
    check = sub.add_parser("probe", help="exit 0 when the app answers /healthz (or /readyz with --ready)")
    check.add_argument("--ready", action="store_true", help="check readiness (database, Redis), not liveness")
    check.add_argument("--url", default="http://127.0.0.1:8000", help="the app's address (default: %(default)s)")
    check.add_argument("--timeout", type=float, default=5.0, help="seconds to wait (default: %(default)s)")
    sub.add_parser("manage", help="run a Django management command: spcp manage <command> …")
    return parser


def _run(args: argparse.Namespace) -> None:
    if args.command == "setup":
        setup()
    elif args.command == "demo" and args.code:
        _django()
        from spcp import demo as demo_data

        print(demo_data.current_code(args.code))
    elif args.command == "demo":
        setup()
        from spcp import demo as demo_data

        demo_data.load(reset=args.reset, out=sys.stdout)
    elif args.command == "serve":
        serve(args.host, args.port, args.workers, args.reload)
    elif args.command == "probe":
        sys.exit(probe(f"{args.url.rstrip('/')}/{'readyz' if args.ready else 'healthz'}", args.timeout))
    elif args.command == "export":
        _django()
        from spcp.actionplan.documents.export import export_documents

        sys.exit(export_documents(program_ids=args.program, languages=args.lang or ["en", "ko"], out_dir=args.out))
    elif args.command in {"backup", "restore"}:
        _backup_or_restore(args)
    elif args.command == "remind":
        _django()
        from spcp.council.reminders import remind_command

        sys.exit(remind_command(today=args.today, dry_run=args.dry_run))


def _backup_or_restore(args: argparse.Namespace) -> None:
    _django()
    from django.conf import settings
    from django.core.management import call_command
    from django.utils import timezone

    from spcp.common.backup import BackupError, backup_suffix, database_backup, database_restore

    try:
        if args.command == "backup":
            stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
            default = settings.ENV.data_dir / "backups" / f"spcp-{stamp}{backup_suffix()}"
            out = database_backup(out=Path(args.out) if args.out else default)
            print(f"Backed up to {out}")
            return
        if not args.yes:
            raise SetupError("restore replaces everything in the database: stop the app, then add --yes.")
        database_restore(source=Path(args.file))
    except BackupError as error:
        raise SetupError(str(error)) from error
    # A backup from an older release is brought up to this one's schema.
    call_command("migrate", interactive=False, verbosity=0)
    print(f"Restored from {args.file}; start the app again.")


if __name__ == "__main__":
    main()
