"""``imlr-import``: load spreadsheet files (docs/import-format.md) into an Odoo database.

    imlr-import --database DB [-c odoo.conf] [--addons-path PATHS] FILE...

All-or-nothing: the files are imported in one transaction, committed only when no row is wrong. Prints the
records created, or every error as ``file:row:column: message``. Exit status: 0 imported, 1 errors in the
files (nothing written), 2 usage error (bad option, unreadable file, unknown database, addon not installed).
"""

import argparse
import os
import sys
from pathlib import Path

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2
# the developer configuration written by ./imlr, next to this package in a checkout
CHECKOUT_CONFIG = Path(__file__).resolve().parent.parent / ".local" / "odoo.conf"


class UsageError(Exception):
    """A problem with the command line or its environment, not with the files' content."""


def build_parser():
    parser = argparse.ArgumentParser(
        prog="imlr-import",
        description="Import IML spreadsheet files (CSV files or XLSX workbooks) into an Odoo database; "
        "nothing is written when any row is wrong.",
    )
    parser.add_argument("--database", "-d", required=True, help="the Odoo database")
    parser.add_argument(
        "-c",
        "--config",
        help="Odoo configuration file (default: $ODOO_RC, else the checkout's .local/odoo.conf if it exists)",
    )
    parser.add_argument("--addons-path", help="Odoo addons path, if not the configuration file's")
    parser.add_argument("--lang", help="language of the messages, e.g. fr_FR (default: English)")
    parser.add_argument("files", nargs="+", metavar="FILE", help="CSV files named after their entity, XLSX workbooks")
    return parser


def default_config():
    """$ODOO_RC, else the checkout's .local/odoo.conf when it exists, else None (Odoo's own default)."""
    if os.environ.get("ODOO_RC"):
        return os.environ["ODOO_RC"]
    return str(CHECKOUT_CONFIG) if CHECKOUT_CONFIG.exists() else None


def read_files(paths):
    """[(file name, bytes)]; an unreadable path is a usage error."""
    files = []
    for path in paths:
        try:
            files.append((Path(path).name, Path(path).read_bytes()))
        except OSError as error:
            raise UsageError(f"cannot read {path}: {error.strerror or error}") from error
    return files


def format_error(error):
    """``file:row:column: message`` (row and column left empty when the error concerns the whole file)."""
    row = "" if error["row"] is None else error["row"]
    return f"{error['file']}:{row}:{error['column']}: {error['message']}"


def report(result, out=None, err=None):
    """Print the outcome of an import (created counts on ``out``, errors on ``err``); returns the exit status."""
    out, err = out or sys.stdout, err or sys.stderr
    if result["errors"]:
        for error in result["errors"]:
            print(format_error(error), file=err)
        print(f"imlr-import: {len(result['errors'])} error(s), nothing imported", file=err)
        return EXIT_ERRORS
    for entity, count in result["created"].items():
        print(f"{entity}: {count}", file=out)
    print(f"imlr-import: {sum(result['created'].values())} record(s) imported", file=out)
    return EXIT_OK


def odoo_arguments(args):
    """The Odoo command-line options this command passes on to Odoo's configuration parser."""
    options = []
    config = args.config or default_config()
    if config:
        if not Path(config).is_file():
            raise UsageError(f"no Odoo configuration file {config}")
        options += ["-c", config]
    if args.addons_path:
        options += ["--addons-path", args.addons_path]
    return [*options, "--log-level", "warn"]


def run_import(database, files, lang=None):
    """Import ``files`` into ``database`` in one transaction; returns the engine's result."""
    import psycopg2  # noqa: PLC0415 - Odoo and its dependencies are loaded only when needed

    import odoo  # noqa: PLC0415
    from odoo.modules.registry import Registry  # noqa: PLC0415

    try:
        registry = Registry(database)
    except psycopg2.OperationalError as error:
        raise UsageError(f"cannot open database {database}: {str(error).strip()}") from error
    if "imlr.import" not in registry:
        raise UsageError(f"the addon imlr_odoo is not installed in database {database}")
    cr = registry.cursor()
    try:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"lang": lang} if lang else {})
        result = env["imlr.import"].import_files(files)
        if result["errors"]:
            cr.rollback()
        else:
            cr.commit()
        return result
    finally:
        cr.close()


def main(argv=None):
    args = build_parser().parse_args(argv)  # exits with status 2 on a usage error
    try:
        files = read_files(args.files)
        options = odoo_arguments(args)
        import odoo  # noqa: PLC0415

        odoo.tools.config.parse_config(options, setup_logging=True)
        result = run_import(args.database, files, args.lang)
    except UsageError as error:
        print(f"imlr-import: error: {error}", file=sys.stderr)
        sys.exit(EXIT_USAGE)
    sys.exit(report(result))


if __name__ == "__main__":
    main()
