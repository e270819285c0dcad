"""``imlr-report``: print the annual activity report of a program for a period.

    imlr-report --database DB --dispositif CODE --from YYYY-MM-DD --to YYYY-MM-DD
                --format json|pdf|xlsx|html --output FILE   (``--output -``: standard output)

The report is computed from the records, as the "Compute" button does, without storing anything; a period
whose report is validated prints that report's frozen figures.
"""

import argparse
import sys
from datetime import date

from .imlr_import import EXIT_OK, EXIT_USAGE, UsageError, odoo_arguments

FORMATS = ("json", "pdf", "xlsx", "html")


def build_parser():
    parser = argparse.ArgumentParser(prog="imlr-report", description="Print the annual activity report of a program.")
    parser.add_argument("--database", "-d", required=True, help="the Odoo database")
    parser.add_argument("--dispositif", required=True, metavar="CODE", help="code of the program, e.g. IMLR")
    parser.add_argument("--from", dest="date_from", required=True, type=date.fromisoformat, help="first day")
    parser.add_argument("--to", dest="date_to", required=True, type=date.fromisoformat, help="last day")
    parser.add_argument("--format", choices=FORMATS, default="json")
    parser.add_argument("--output", "-o", default="-", help="file to write, - for standard output")
    parser.add_argument("--company", help="company name (default: the program's company)")
    parser.add_argument("-c", "--config", help="Odoo configuration file (default: $ODOO_RC or the checkout's)")
    parser.add_argument("--addons-path", help="Odoo addons path, if not the configuration file's")
    return parser


def render(args):
    """The report as bytes, computed in a transaction that is rolled back: nothing is written."""
    import odoo  # noqa: PLC0415 - loaded only once the options are known
    from odoo.modules.registry import Registry  # noqa: PLC0415

    registry = Registry(args.database)
    if "imlr.annual.report" not in registry:
        raise UsageError(f"the addon imlr_odoo_reports is not installed in database {args.database}")
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        program = env["imlr.program"].search([("code", "=", args.dispositif)], limit=1)
        if not program:
            raise UsageError(f"no program with code {args.dispositif}")
        company = program.company_id or env.company
        if args.company:
            company = env["res.company"].search([("name", "=", args.company)], limit=1)
            if not company:
                raise UsageError(f"no company named {args.company}")
        # QWeb rendering needs a stored record: the period's report if there is one (a validated one prints its
        # frozen figures, another one is recomputed), else one created in this transaction, then rolled back
        key = {"program_id": program.id, "company_id": company.id, "date_from": args.date_from, "date_to": args.date_to}
        report = env["imlr.annual.report"].search([(field, "=", value) for field, value in key.items()], limit=1)
        if report and report.state != "validated":
            report.write({"data": False})
        report = report or env["imlr.annual.report"].create(key)
        content = report._stream(args.format)
        cr.rollback()
        return content


def main(argv=None):
    args = build_parser().parse_args(argv)
    if args.date_to < args.date_from:
        print("imlr-report: --to must not be before --from", file=sys.stderr)
        return EXIT_USAGE
    try:
        import odoo  # noqa: PLC0415

        odoo.tools.config.parse_config(odoo_arguments(args))
        content = render(args)
    except UsageError as error:
        print(f"imlr-report: {error}", file=sys.stderr)
        return EXIT_USAGE
    if args.output == "-":
        sys.stdout.buffer.write(content)
        sys.stdout.buffer.flush()
    else:
        with open(args.output, "wb") as handle:
            handle.write(content)
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
