"""GDPR on households and persons (security issue #8, item 2): retention and the right of access.

What GDPR adds to the partner. See docs/processing-register.md.

Anonymisation keeps every record that carries a figure (stays, memberships, statuses, resources, subleases,
accounting entries) so that past reports and the accounts stay right, and removes what identifies a person:
names, contact data, free texts, attachments, messages. The birth date keeps its year only (1 July, the middle
of the year, so a recomputed age is at most six months off); validated annual reports are frozen snapshots and
keep their figures whatever changes.
"""

import io
import json
import logging
import re
import zipfile
from datetime import date as date_type

from dateutil.relativedelta import relativedelta
from markupsafe import escape as html_escape

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import SQL, html2plaintext
from odoo.tools.pdf import PdfReader, PdfReadError

from ...tools import job_lock
from ...tools.cron import in_association_language
from ..support.imlr_psychological_support import MANAGER_GROUP, PSYCHOLOGIST_GROUP

_logger = logging.getLogger(__name__)

# support records of a household, and the path from each to the household (or the person for statuses)
SUPPORT_MODELS = (
    ("imlr.stay", "household_id"),
    ("imlr.orientation", "household_id"),
    ("imlr.household.member", "household_id"),
    ("imlr.household.resource", "household_id"),
    ("imlr.household.contact", "household_id"),
    ("imlr.legal.status", "partner_id"),
    ("imlr.sublease", "stay_id.household_id"),
    ("imlr.reinforced.support", "stay_id.household_id"),
    ("imlr.eviction.stage", "stay_id.household_id"),
    ("imlr.intervention", "stay_id.household_id"),
    ("imlr.incident", "stay_id.household_id"),
    ("imlr.support.contract", "stay_id.household_id"),
    ("imlr.support.amendment", "contract_id.stay_id.household_id"),
    ("imlr.support.objective", "contract_id.stay_id.household_id"),
    ("imlr.support.objective.review", "objective_id.contract_id.stay_id.household_id"),
    ("imlr.inventory", "sublease_id.stay_id.household_id"),
    ("imlr.inventory.line", "inventory_id.sublease_id.stay_id.household_id"),
    ("imlr.psychological.support", "stay_id.household_id"),
    ("imlr.psychological.session", "support_id.stay_id.household_id"),
)
# free-text fields of support records kept at anonymisation: codes and references that name no one
KEPT_TEXT_FIELDS = {"reference", "room", "item", "irl_quarter", "code"}
# contact data of a partner, emptied at anonymisation
PARTNER_CONTACT_FIELDS = (
    "street",
    "street2",
    "zip",
    "city",
    "phone",
    "mobile",
    "email",
    "website",
    "comment",
    "function",
    "vat",
    "company_registry",
    "image_1920",
    "title",
)
# rows the name scrub leaves alone in a column: the hashed text fields of inalterable accounting entries (French
# anti-fraud law; the hash covers the move's name and its lines' labels, not the other columns)
SCRUB_ROW_FILTERS = {
    ("account_move_line", "name"): SQL(
        "move_id NOT IN (SELECT id FROM account_move WHERE inalterable_hash IS NOT NULL)"
    ),
    ("account_move", "name"): SQL("inalterable_hash IS NULL"),
}
# technical fields left out of the right-of-access export
EXPORT_SKIPPED_FIELDS = {"create_uid", "write_uid", "write_date", "__last_update", "display_name"}
MIN_SCRUBBED_NAME = 4
# exports that earlier versions stored as attachments
EXPORT_MIMETYPES = ("application/json", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
# attachments never searched for names: the web client's assets and the modules' own files
FILE_SCAN_SKIPPED_MODELS = ("ir.ui.view", "ir.ui.menu", "ir.module.module", "ir.qweb")


def _file_text(raw):
    """The text a file holds, as far as a name could be read in it: PDF pages, the members of a zip (XLSX,
    DOCX, ODS…), else the bytes as UTF-8."""
    if raw[:5] == b"%PDF-":
        try:
            reader = PdfReader(io.BytesIO(raw), strict=False)
            return "\n".join(page.extract_text() or "" for page in reader.pages)
        except (PdfReadError, ValueError, KeyError, TypeError):
            return raw.decode("latin-1")
    if raw[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(raw)) as archive:
                return "\n".join(archive.read(member).decode("utf-8", "replace") for member in archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            _logger.debug("GDPR file scan: an unreadable zip, read as text")
    return raw.decode("utf-8", "replace")


def _file_mentions(raw, names):
    if not raw:
        return False
    text = _file_text(raw)
    escaped = [html_escape(name) for name in names]
    return any(name in text for name in names + escaped)


class ResPartner(models.Model):
    _inherit = "res.partner"

    imlr_anonymised_date = fields.Date(
        string="Anonymised on",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="Date the GDPR retention cron anonymised this household or person.",
    )

    # ------------------------------------------------------------------ retention

    @api.model
    @in_association_language
    def _cron_imlr_anonymise(self):
        """Daily: anonymise the households and persons past their retention period."""
        if not job_lock.acquire(self.env.cr, "imlr.gdpr.anonymise"):
            return
        self._imlr_anonymise_past_retention()

    @api.model
    def _imlr_households_past_retention(self, date):
        """Households not anonymised yet whose every stay has an exit, the last one more than the retention
        of its company before ``date``. Households never admitted (no stay) are left to the team."""
        stays = (
            self.env["imlr.stay"]
            .sudo()
            .with_context(active_test=False)
            .search_fetch(
                [("household_id.imlr_anonymised_date", "=", False)], ["household_id", "date_exit", "company_id"]
            )
        )
        deadline = {}
        for stay in stays:
            household = stay.household_id.id
            if deadline.get(household, date_type.min) is None:
                continue
            if not stay.date_exit:
                deadline[household] = None
                continue
            months = (stay.company_id or self.env.company).imlr_support_retention_months or 24
            deadline[household] = max(
                deadline.get(household, date_type.min), stay.date_exit + relativedelta(months=months)
            )
        return self.browse(sorted(h for h, end in deadline.items() if end is not None and end <= date))

    @api.model
    def _imlr_anonymise_past_retention(self, date=None):
        """Anonymise the households past retention at ``date`` (default today) and their persons, unless a
        person is also a member of a household still kept. Returns the partners anonymised."""
        date = fields.Date.to_date(date) or fields.Date.context_today(self)
        households = self._imlr_households_past_retention(date)
        if not households:
            return self.browse()
        members = (
            self.env["imlr.household.member"]
            .sudo()
            .search_fetch(
                [("partner_id", "in", households.household_member_ids.partner_id.ids)], ["household_id", "partner_id"]
            )
        )
        kept = {
            member.partner_id.id
            for member in members
            if member.household_id not in households and not member.household_id.imlr_anonymised_date
        }
        persons = members.partner_id.filtered(lambda person: person.id not in kept)
        partners = (households | persons).sudo()
        partners._imlr_anonymise(date)
        _logger.info(
            "GDPR retention at %s: %s households and %s persons anonymised.", date, len(households), len(persons)
        )
        return partners

    def _imlr_anonymise(self, date):
        """Anonymise these households and persons (all-or-nothing): see the module docstring."""
        if not self:
            return
        if not self.env.is_superuser() and not self.env.user.has_group("imlr_odoo.group_imlr_manager"):
            raise UserError(self.env._("Only an IML manager can anonymise households and persons."))
        env = self.env(
            su=True,
            context=dict(
                self.env.context,
                tracking_disable=True,
                mail_notrack=True,
                lang=self.env.company.partner_id.lang or self.env.lang,
            ),
        )
        partners = self.with_env(env)
        households = partners.filtered("is_household")
        persons = partners - households
        old_names = {partner.id: partner.name for partner in partners if partner.name}
        with env.cr.savepoint():
            support = partners._imlr_support_records(households, persons)
            partners._imlr_forget_mail(support)
            partners._imlr_wipe_support_texts(support)
            new_names = {}
            for household in households:
                new_names[household.id] = env._("Anonymised household #%(id)s", id=household.id)
            for person in persons:
                new_names[person.id] = env._("Person #%(id)s", id=person.id)
            partners._imlr_write_anonymous(new_names, date)
            env.flush_all()
            partners._imlr_scrub_names({old_names[pid]: new_names[pid] for pid in old_names})
            partners._imlr_forget_files(list(old_names.values()))
            env.invalidate_all()

    def _imlr_support_records(self, households, persons):
        """{model: records} of every support record of these households (statuses: of these persons)."""
        records = {}
        for model, path in SUPPORT_MODELS:
            targets = persons if path == "partner_id" else households
            records[model] = self.env[model].with_context(active_test=False).search([(path, "in", targets.ids)])
        records["res.partner"] = self
        return records

    def _imlr_forget_mail(self, support):
        """Delete the chatter (messages, tracking values, activities, followers) and the attachments of these
        records, and the followers that are these partners."""
        filled = [(model, records.ids) for model, records in support.items() if records]
        message_domain = expression.OR(
            [[("author_id", "in", self.ids)]]
            + [[("model", "=", model), ("res_id", "in", ids)] for model, ids in filled]
        )
        attachment_domain = expression.OR([[("res_model", "=", model), ("res_id", "in", ids)] for model, ids in filled])
        follower_domain = expression.OR([[("partner_id", "in", self.ids)], attachment_domain])
        messages = self.env["mail.message"].search(message_domain)
        self.env["mail.tracking.value"].search([("mail_message_id", "in", messages.ids)]).unlink()
        messages.unlink()
        self.env["mail.activity"].search(attachment_domain).unlink()
        self.env["mail.followers"].search(follower_domain).unlink()
        self.env["ir.attachment"].search(attachment_domain).unlink()

    def _imlr_forget_files(self, names):
        """Delete the files that still name these partners (the name scrub reaches the database, not the
        filestore): documents of their accounting entries (avis and quittances e-mailed or printed), import
        uploads left by a wizard, then any other file whose text holds one of ``names`` (annual-report exports,
        orphaned exports…). The entries themselves stay, and reprint under the anonymous name."""
        attachments = self.env["ir.attachment"]
        # the files of fields too (an invoice's stored PDF), which ir.attachment leaves out of a search by default
        any_field = ["|", ("res_field", "=", False), ("res_field", "!=", False)]
        moves = self.env["account.move"].search([("partner_id", "in", self.ids)])
        payments = self.env["account.payment"].search([("partner_id", "in", self.ids)])
        doomed = attachments.search(
            [
                *any_field,
                "|",
                "|",
                "&",
                ("res_model", "=", "account.move"),
                ("res_id", "in", moves.ids),
                "&",
                ("res_model", "=", "account.payment"),
                ("res_id", "in", payments.ids),
                ("res_model", "=", "imlr.import.wizard"),
            ]
        )
        needles = [name for name in names if name and len(name.strip()) >= MIN_SCRUBBED_NAME]
        if needles:
            candidates = attachments.search(
                [
                    *any_field,
                    ("id", "not in", doomed.ids),
                    ("type", "=", "binary"),
                    ("res_model", "not in", FILE_SCAN_SKIPPED_MODELS),
                    ("mimetype", "not like", "image/"),
                ]
            )
            for attachment_id in candidates.ids:
                # one file at a time (a browse of its own: no prefetch of every file's content), then forgotten
                attachment = candidates.browse(attachment_id)
                if _file_mentions(attachment.raw, needles):
                    doomed |= attachment
                attachment.invalidate_recordset(["raw"])
        if doomed:
            _logger.info("GDPR anonymisation: %s files naming the anonymised partners deleted.", len(doomed))
            doomed.unlink()

    @api.model
    def _imlr_drop_stored_exports(self, res_model, name_like=None):
        """Delete the exports that earlier versions stored as attachments of ``res_model`` (right-of-access
        exports of a partner, JSON and XLSX exports of an annual report): readable by every role that reads
        the record. Exports are streamed now; run at each update of the module (data files)."""
        domain = [
            ("res_model", "=", res_model),
            ("type", "=", "binary"),
            ("mimetype", "in", EXPORT_MIMETYPES),
        ]
        if name_like:
            domain.append(("name", "=like", name_like))
        exports = self.env["ir.attachment"].sudo().search(domain)
        if exports:
            _logger.info("%s stored exports of %s deleted (now streamed to who asks).", len(exports), res_model)
            exports.unlink()

    def _imlr_wipe_support_texts(self, support):
        """Replace the free texts of the support records (notes, objectives, assessments…) by a placeholder, so
        the records and their figures stay and the rules that need a text (a reason…) still hold. Done in SQL:
        anonymisation overrides the guards of signed documents."""
        placeholder = self.env._("Anonymised")
        for model, records in support.items():
            if model == "res.partner" or not records:
                continue
            text_fields = [
                field
                for name, field in records._fields.items()
                if field.store
                and not field.compute
                and not field.related
                and not field.translate
                and field.type in ("char", "text", "html")
                and name not in KEPT_TEXT_FIELDS
                and not name.startswith(("message_", "activity_", "access_"))
            ]
            if not text_fields:
                continue
            self.env.flush_all()
            assignments = [
                SQL(
                    "%(column)s = CASE WHEN %(column)s IS NULL OR %(column)s = '' THEN %(column)s ELSE %(value)s END",
                    column=SQL.identifier(field.name),
                    value=SQL("%s || ' #' || id", placeholder) if field.required else SQL("%s", placeholder),
                )
                for field in text_fields
            ]
            self.env.cr.execute(
                SQL(
                    "UPDATE %s SET %s WHERE id IN %s",
                    SQL.identifier(records._table),
                    SQL(", ").join(assignments),
                    tuple(records.ids),
                )
            )
            names = [field.name for field in text_fields]
            records.invalidate_recordset(names)
            records.modified(names)

    def _imlr_write_anonymous(self, new_names, date):
        """Write the pseudonyms, empty the contact data, keep only the year of birth (1 July): one batch write,
        then one SQL update for the values that differ per partner (the ORM recomputes what depends on them)."""
        empty = dict.fromkeys(PARTNER_CONTACT_FIELDS, False)
        empty = {name: value for name, value in empty.items() if name in self._fields}
        self.write({**empty, "imlr_anonymised_date": date})
        self.bank_ids.write({"acc_holder_name": False})
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                UPDATE res_partner p
                   SET name = v.name, birthdate = make_date(EXTRACT(YEAR FROM p.birthdate)::int, 7, 1)
                  FROM (SELECT unnest(%s::int[]) AS id, unnest(%s::varchar[]) AS name) v
                 WHERE p.id = v.id
                """,
                list(new_names),
                list(new_names.values()),
            )
        )
        self.invalidate_recordset(["name", "birthdate"])
        self.modified(["name", "birthdate"])

    def _imlr_scrub_names(self, names):
        """Replace the old names wherever a copy of them remains in the database (stored computed names,
        labels copied into accounting, chatter of other records, report snapshots' data-quality lists…):
        every text, varchar and jsonb column of every table, except the hashed fields of inalterable
        accounting entries. Names shorter than 4 characters are left: they would match anything."""
        names = {old: new for old, new in names.items() if old and len(old.strip()) >= MIN_SCRUBBED_NAME}
        # a name that is part of a kept contact's name would damage it: left to the fields cleared above
        self.env.cr.execute(
            SQL(
                "SELECT DISTINCT old FROM unnest(%s::varchar[]) old JOIN res_partner p "
                "ON strpos(p.name, old) > 0 AND p.id NOT IN %s",
                list(names),
                tuple(self.ids),
            )
        )
        for [shared] in self.env.cr.fetchall():
            _logger.warning("GDPR name scrub: %r is also part of a kept contact's name, copies left.", shared)
            names.pop(shared)
        if not names:
            return
        ordered = sorted(names, key=len, reverse=True)
        pattern = "|".join(re.escape(name) for name in ordered)
        self.env.cr.execute(
            """
            SELECT c.table_name, c.column_name, c.data_type
              FROM information_schema.columns c
              JOIN information_schema.tables t
                ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
             WHERE c.table_schema = current_schema()
               AND c.data_type IN ('text', 'character varying', 'jsonb')
             ORDER BY c.table_name, c.column_name
            """
        )
        touched = []
        for table, column, data_type in self.env.cr.fetchall():
            value = SQL("%s::text", SQL.identifier(column)) if data_type == "jsonb" else SQL.identifier(column)
            replaced = value
            for old in ordered:
                replaced = SQL("replace(%s, %s, %s)", replaced, old, names[old])
            if data_type == "jsonb":
                replaced = SQL("(%s)::jsonb", replaced)
            where = SQL("%s ~ %s", value, pattern)
            if (table, column) in SCRUB_ROW_FILTERS:
                where = SQL("%s AND %s", where, SCRUB_ROW_FILTERS[table, column])
            self.env.cr.execute(
                SQL("UPDATE %s SET %s = %s WHERE %s", SQL.identifier(table), SQL.identifier(column), replaced, where)
            )
            if self.env.cr.rowcount:
                touched.append(f"{table}.{column} ({self.env.cr.rowcount})")
        if touched:
            _logger.info("GDPR name scrub replaced copies of names in %s", ", ".join(touched))

    # ------------------------------------------------------------------ right of access

    def _imlr_gdpr_households(self):
        """The households this export covers: the household itself, or every household of the person."""
        self.ensure_one()
        return self if self.is_household else self.sudo().membership_ids.household_id

    def _imlr_gdpr_data(self):
        """Everything stored about this person (or household), as a JSON-ready dict of sections.

        Medical secrecy: the psychological supports' notes and sessions are exported only when a psychologist
        makes the export (of the supports they hold); the manager's export lists the supports and says who holds
        that part. A person's export keeps to that person: their own memberships, statuses and psychological
        supports (or the household's), never another member's."""
        self.ensure_one()
        partner = self.sudo()
        households = partner._imlr_gdpr_households()
        persons = partner if partner.is_imlr_person else households.household_member_ids.partner_id
        support = partner._imlr_support_records(households, persons)
        support.pop("res.partner")
        psychological = support.pop("imlr.psychological.support")
        support.pop("imlr.psychological.session")
        if partner.is_imlr_person:
            support["imlr.household.member"] = support["imlr.household.member"].filtered(
                lambda member: member.partner_id == partner
            )
            psychological = psychological.filtered(lambda psy: not psy.partner_id or psy.partner_id == partner)
        user = self.env.user
        answers_all = self.env.is_superuser() or user.has_group(MANAGER_GROUP)
        answers_psychological = user.has_group(PSYCHOLOGIST_GROUP)
        sections = [partner._imlr_gdpr_section(partner, self.env._("Identity and contact data"))]
        if answers_psychological:
            # under the psychologist's own rights: the supports they hold, with their notes and sessions
            held = self.env["imlr.psychological.support"].search([("id", "in", psychological.ids)])
            sections.append(partner._imlr_gdpr_section(held, held._description))
            sessions = self.env["imlr.psychological.session"].search([("support_id", "in", held.ids)])
            sections.append(partner._imlr_gdpr_section(sessions, sessions._description))
        if not answers_all:
            return partner._imlr_gdpr_document(sections)
        if households and households != partner:
            sections.append(partner._imlr_gdpr_section(households, self.env._("Households")))
        for model, records in support.items():
            if records:
                sections.append(partner._imlr_gdpr_section(records, self.env[model]._description))
        if psychological and not answers_psychological:
            sections.append(partner._imlr_gdpr_psychological_summary(psychological))
        moves = self.env["account.move"].sudo().search([("partner_id", "in", (partner | households).ids)])
        sections.append(
            {
                "model": "account.move",
                "title": self.env._("Invoices and payments (summary)"),
                "labels": {},
                "records": [
                    {
                        "id": move.id,
                        "name": move.name,
                        "values": {
                            "name": move.name,
                            "date": move.date.isoformat(),
                            "move_type": move.move_type,
                            "amount_total": move.amount_total,
                            "amount_residual": move.amount_residual,
                            "payment_state": move.payment_state,
                            "payment_reference": move.payment_reference or "",
                        },
                    }
                    for move in moves
                ],
            }
        )
        section_labels = {
            "name": self.env._("Number"),
            "date": self.env._("Date"),
            "move_type": self.env._("Type"),
            "amount_total": self.env._("Total"),
            "amount_residual": self.env._("Amount due"),
            "payment_state": self.env._("Payment status"),
            "payment_reference": self.env._("Payment reference"),
        }
        sections[-1]["labels"] = section_labels
        threads = [(model, records) for model, records in support.items() if "message_ids" in records._fields]
        threads.append(("res.partner", partner | households))
        domain = ["|"] * (len(threads) - 1)
        for model, records in threads:
            domain += ["&", ("model", "=", model), ("res_id", "in", records.ids)]
        messages = self.env["mail.message"].sudo().search(domain, order="date, id")
        sections.append(partner._imlr_gdpr_messages_section(messages))
        return partner._imlr_gdpr_document(sections)

    def _imlr_gdpr_document(self, sections):
        return {
            "exported_on": fields.Datetime.to_string(fields.Datetime.now()),
            "subject": {"model": "res.partner", "id": self.id, "name": self.name},
            "sections": sections,
        }

    def _imlr_gdpr_psychological_summary(self, supports):
        """The manager's section on psychological support: the orientations (no note, no session) and, for
        each, who holds the confidential part and answers for it."""
        section = self._imlr_gdpr_section(supports, supports._description)
        section["labels"]["confidential_part"] = self.env._("Notes and sessions")
        sessions = dict(
            self.env["imlr.psychological.session"]
            .sudo()
            ._read_group([("support_id", "in", supports.ids)], ["support_id"], ["__count"])
        )
        for row, support in zip(section["records"], supports, strict=True):
            holder = support.psychologist_id.name or self.env._("the association's psychologist")
            row["values"]["confidential_part"] = self.env._(
                "%(count)s session(s) and the psychologist's notes, covered by medical secrecy: held by %(holder)s, "
                "who answers this part of the request.",
                count=sessions.get(support, 0),
                holder=holder,
            )
        return section

    def _imlr_gdpr_messages_section(self, messages):
        return {
            "model": "mail.message",
            "title": self.env._("Messages and history"),
            "labels": {
                "date": self.env._("Date"),
                "record": self.env._("About"),
                "author": self.env._("Author"),
                "body": self.env._("Text"),
                "changes": self.env._("Changes"),
            },
            "records": [
                {
                    "id": message.id,
                    "name": message.record_name or "",
                    "values": {
                        "date": fields.Datetime.to_string(message.date),
                        "record": message.record_name or f"{message.model},{message.res_id}",
                        "author": message.author_id.name or "",
                        "body": html2plaintext(message.body or "").strip(),
                        "changes": "; ".join(
                            f"{value.field_id.field_description}: {value.old_value_char or ''} → "
                            f"{value.new_value_char or ''}"
                            for value in message.tracking_value_ids
                        ),
                    },
                }
                for message in messages
            ],
        }

    def _imlr_gdpr_section(self, records, title):
        """A section of the export: every stored field of ``records`` the exporting user may read (the records
        are read as superuser, the fields' groups are the user's), but technical ones, values readable."""
        user_env = self.env(su=False)
        names = [
            name
            for name, field in records._fields.items()
            if field.store
            and field.is_accessible(user_env)
            and field.type not in ("binary", "one2many")
            and name not in EXPORT_SKIPPED_FIELDS
            and not name.startswith(("message_", "activity_", "access_", "avatar_", "image_"))
        ]
        descriptions = records.fields_get(names, attributes=["string", "selection"])
        rows = []
        for record in records:
            values = {}
            for name in names:
                field, value = records._fields[name], record[name]
                if field.type in ("many2one", "many2many"):
                    value = ", ".join(value.mapped("display_name"))
                elif field.type == "selection":
                    value = dict(descriptions[name].get("selection") or []).get(value, value or "")
                elif field.type == "html":
                    value = html2plaintext(value or "").strip()
                elif field.type in ("date", "datetime"):
                    value = value and fields.Datetime.to_string(value) if field.type == "datetime" else value
                    value = value.isoformat() if isinstance(value, date_type) else (value or "")
                elif field.type == "json":
                    value = json.dumps(value, ensure_ascii=False) if value else ""
                if value in (False, None):
                    value = ""
                values[name] = value
            rows.append({"id": record.id, "name": record.display_name, "values": values})
        return {
            "model": records._name,
            "title": title,
            "labels": {name: descriptions[name]["string"] for name in names},
            "records": rows,
        }

    def _imlr_check_gdpr_access(self):
        """The manager answers a right-of-access request; the psychologist answers its confidential part."""
        if not (
            self.env.is_superuser()
            or self.env.user.has_group(MANAGER_GROUP)
            or self.env.user.has_group(PSYCHOLOGIST_GROUP)
        ):
            raise UserError(
                self.env._(
                    "Only an IML manager, or a psychologist for the psychological support, can export the data "
                    "stored about a person."
                )
            )
        for partner in self:
            if not (partner.is_household or partner.is_imlr_person):
                raise UserError(
                    self.env._("%(name)s is neither a household nor a supported person.", name=partner.display_name)
                )

    def _imlr_gdpr_export_json(self):
        """The right-of-access export as JSON bytes, made for the user who asks (never stored: streamed to them
        by the controller ``/imlr/gdpr_export/<id>``)."""
        self.ensure_one()
        self._imlr_check_gdpr_access()
        data = self.with_context(lang=self.env.user.lang or "fr_FR")._imlr_gdpr_data()
        return json.dumps(data, ensure_ascii=False, indent=2).encode()

    def action_imlr_gdpr_export(self):
        """Right of access: download everything stored about this person (or household) as JSON. The file is
        made when downloaded and stored nowhere: no attachment the rest of the team could open."""
        self.ensure_one()
        self._imlr_check_gdpr_access()
        return {"type": "ir.actions.act_url", "url": f"/imlr/gdpr_export/{self.id}", "target": "self"}

    def action_imlr_gdpr_export_pdf(self):
        """Right of access: the same export as a readable PDF (French), rendered when asked, never stored."""
        self.ensure_one()
        self._imlr_check_gdpr_access()
        return self.env.ref("imlr_odoo.imlr_gdpr_export_report_action").report_action(self)
