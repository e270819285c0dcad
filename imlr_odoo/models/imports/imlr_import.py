"""The spreadsheet import of docs/import-format.md: one CSV file or XLSX sheet per entity.

Three stages, so that an import is all-or-nothing and tells every error at once:

1. read (``tools/import_format/reader.py``, no ORM): decode each CSV file (UTF-8, comma or semicolon) or each
   sheet of an XLSX workbook into rows;
2. validate every row: value types, dates in order, duplicates within the import (``tools/import_format/
   rules.py``, no ORM), then what needs the database (here): codes, references to rows of the import or to
   records already in the database, rows already imported; nothing is written when one row is wrong;
3. create, in dependency order, inside one savepoint: one ``create(vals_list)`` per entity; when the models
   or PostgreSQL refuse a batch, it is replayed row by row in nested savepoints to name the faulty rows, and
   everything is rolled back.
"""

import logging
import re
import time
from collections import defaultdict
from pathlib import Path

import psycopg2

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import file_path, format_date, mute_logger, sql

from ...tools.import_format import (
    ENTITIES,
    ENTITY_BY_NAME,
    KEY_FIELDS,
    MAX_CELL_LENGTH,
    MAX_ROWS,
    Reader,
    Row,
    Rules,
    person_name,
    text,
)
from ...tools.import_format import (
    error as import_error,
)

__all__ = ["ENTITIES", "ENTITY_BY_NAME", "MAX_CELL_LENGTH", "MAX_ROWS", "Row"]  # the format, for the tests

_logger = logging.getLogger(__name__)

# A partner's salesperson (``user_id``) is precomputed from its parent company's: none for the partners of the
# import, which have no parent. Given, it spares Odoo a draft record per row to compute it before the insert.
NO_SALESPERSON = {"user_id": False}


class _Rollback(Exception):
    """Raised inside the import savepoint to undo everything when an error was found."""


class ImlrImport(models.AbstractModel):
    """The import engine: ``import_files([(file name, bytes), …])`` (see docs/import-format.md)."""

    _name = "imlr.import"
    _description = "Spreadsheet import"

    # ------------------------------------------------------------------ public API

    @api.model
    def import_files(self, files, progress=None):
        """Import CSV files and XLSX workbooks given as ``(file name, content bytes)`` pairs.

        Returns ``{"created": {entity: count}, "errors": [{"file", "row", "column", "message"}]}``; when
        ``errors`` is not empty nothing was written and ``created`` is empty. ``progress(done, total)``, when
        given, is called as the import goes, in steps of rows: each row counts once when checked and once
        when written (``total`` is twice the number of rows).
        """
        errors = []
        started = time.perf_counter()
        tables = self._read_files(files, errors)
        total = sum(len(table.rows) for table in tables.values())
        _logger.info("import: %s files read, %s rows (%.1f s)", len(files), total, time.perf_counter() - started)
        report = progress or (lambda done, total: None)
        report(0, 2 * total)
        rows, db_refs = self._validate(tables, errors)
        _logger.info("import: %s rows checked, %s errors (%.1f s)", total, len(errors), time.perf_counter() - started)
        report(total, 2 * total)
        created = {}
        if not errors:
            created = self._write(tables, rows, db_refs, errors, lambda written: report(total + written, 2 * total))
        rank = {table.source: index for index, table in enumerate(sorted(tables.values(), key=self._entity_rank))}
        errors.sort(key=lambda error: (rank.get(error["file"], -1), error["row"] or 0))
        return {"created": {} if errors else created, "errors": errors}

    @staticmethod
    def _entity_rank(table):
        return ENTITIES.index(table.entity)

    @api.model
    def _entity_names(self):
        return [entity.name for entity in ENTITIES]

    # ------------------------------------------------------------------ stage 1: read

    @api.model
    def _read_files(self, files, errors):
        """{entity name: Table}; unreadable files, unknown names and duplicates go to ``errors``."""
        return Reader(self.env._, self._entity_names()).read_files(files, errors)

    # ------------------------------------------------------------------ stage 2: validate

    @api.model
    def _validate(self, tables, errors):
        """Parse and check every row; problems are appended to ``errors``.

        Returns ``({entity name: [Row]}, {entity name: {ref: id of the database record}})``.
        """
        rules = self._rules()
        rows = {}
        for entity in ENTITIES:
            table = tables.get(entity.name)
            if table and table.readable:
                rows[entity.name] = [rules.parse_row(table, number, raw, errors) for number, raw in table.rows]
        self._resolve_codes(tables, rows, errors)
        db_refs = self._check_references(rules, tables, rows, errors)
        self._check_places(rules, tables, rows, db_refs, errors)
        self._check_keys(rules, tables, rows, db_refs, errors)
        self._check_persons(rules, tables, rows, errors)
        self._check_children_ages(rules, tables, rows, db_refs, errors)
        self._check_landlord_types(rows, db_refs)
        return rows, db_refs

    @api.model
    def _rules(self):
        """The database-free checks, with the selection codes of the format's columns read once."""
        selections = {
            column.target: self.env[column.target[0]]._fields[column.target[1]].get_values(self.env)
            for entity in ENTITIES
            for column in entity.columns
            if column.kind == "selection"
        }
        return Rules(
            self.env._, selections, fields.Date.context_today(self), lambda value: format_date(self.env, value)
        )

    @api.model
    def _resolve_codes(self, tables, rows, errors):
        """Replace codes (sector, program, country…) by record ids: one search per code list."""
        code_columns = [
            (entity, column)
            for entity in ENTITIES
            if entity.name in rows
            for column in entity.columns
            if column.kind == "code" or (column.kind == "quarter" and column.target)
        ]
        wanted = defaultdict(set)
        for entity, column in code_columns:
            wanted[column.target].update(
                row.values[column.name] for row in rows[entity.name] if row.values.get(column.name)
            )
        known = {model: self._known_codes(model, codes) for model, codes in wanted.items()}
        for entity, column in code_columns:
            for row in rows[entity.name]:
                code = row.values.get(column.name)
                if not code:
                    continue
                row.values[column.name] = known[column.target].get(code.upper())
                if not row.values[column.name]:
                    row.ok = False
                    errors.append(
                        import_error(
                            tables[entity.name].source,
                            row.number,
                            column.name,
                            self.env._(
                                "Unknown code %(code)s (%(list)s): see IML › Configuration.",
                                code=code,
                                list=self.env[column.target]._description,
                            ),
                        )
                    )

    @api.model
    def _known_codes(self, model, codes):
        """{CODE: id} of the records of ``model`` (a code list or countries) among ``codes``."""
        if model == "res.country":
            countries = self.env["res.country"].search([("code", "in", [code.upper() for code in codes])])
            return {country.code.upper(): country.id for country in countries}
        return {record["code"].upper(): record["id"] for record in self.env[model].search_read([], ["code"])}

    @api.model
    def _check_references(self, rules, tables, rows, errors):
        """Own references unique in the import and absent from the database; references to other entities
        known in the import or in the database. Returns {entity name: {ref: database id}}."""
        own = {
            entity.name: rules.own_refs(entity, tables[entity.name].source, rows[entity.name], errors)
            for entity in ENTITIES
            if entity.ref and entity.name in rows
        }
        used = defaultdict(set)  # entity name -> refs to look up in the database
        for entity_name, refs in own.items():
            used[entity_name].update(refs)
        for entity_name, entity_rows in rows.items():
            for column in ENTITY_BY_NAME[entity_name].columns:
                if column.kind == "ref":
                    used[column.target].update(r.values[column.name] for r in entity_rows if r.values.get(column.name))
        found = {name: self._search_refs(ENTITY_BY_NAME[name], refs) for name, refs in used.items() if refs}
        unread = {name for name, table in tables.items() if not table.readable}
        for entity_name, entity_rows in rows.items():
            entity = ENTITY_BY_NAME[entity_name]
            for row in entity_rows:
                for column, message in self._reference_problems(entity, row, own, found, unread):
                    row.ok = False
                    errors.append(import_error(tables[entity_name].source, row.number, column, message))
        return {name: {ref: ids[0] for ref, ids in by_ref.items() if len(ids) == 1} for name, by_ref in found.items()}

    @api.model
    def _reference_problems(self, entity, row, own, found, unread):
        """[(column, message)]: the row's own reference already in the database, references to unknown rows
        (unless the file that should hold them could not be read: ``unread`` entities)."""
        problems = []
        ref = row.values.get(entity.ref) if entity.ref else None
        if ref and found.get(entity.name, {}).get(ref):
            problems.append(
                (entity.ref, self.env._("%(ref)s already exists in the database (already imported).", ref=ref))
            )
        for column in entity.columns:
            target_ref = row.values.get(column.name) if column.kind == "ref" else None
            if not target_ref or target_ref in own.get(column.target, {}):
                continue
            matches = found.get(column.target, {}).get(target_ref, [])
            if not matches and column.target not in unread:
                problems.append(
                    (
                        column.name,
                        self.env._(
                            "Unknown reference %(ref)s: no row of %(entity)s in this import nor in the database.",
                            ref=target_ref,
                            entity=column.target,
                        ),
                    )
                )
            elif len(matches) > 1:
                problems.append(
                    (
                        column.name,
                        self.env._(
                            "Reference %(ref)s names %(count)s records of %(entity)s in the database.",
                            ref=target_ref,
                            count=len(matches),
                            entity=column.target,
                        ),
                    )
                )
        return problems

    @api.model
    def _search_refs(self, entity, refs):
        """{ref: [ids]} of the records of ``entity`` already in the database whose reference is in ``refs``."""
        refs = list(refs)
        domain = [(entity.ref_field, "in", refs)]
        if entity.name == "households":
            domain.append(("is_household", "=", True))
        elif entity.name == "persons":
            domain.append(("is_imlr_person", "=", True))
        elif entity.name == "landlords":
            domain += [("is_household", "=", False), ("is_imlr_person", "=", False)]
        records = self.env[entity.model].with_context(active_test=False).search(domain)
        if entity.name == "landlords":  # a dwelling's address contact carries the dwelling's reference
            dwellings = (
                self.env["imlr.dwelling"].with_context(active_test=False).search([("partner_id", "in", records.ids)])
            )
            records -= dwellings.partner_id
        by_ref = defaultdict(list)
        for record in records:
            by_ref[record[entity.ref_field]].append(record.id)
        return by_ref

    @api.model
    def _check_places(self, rules, tables, rows, db_refs, errors):
        """Resolve ``dwelling_ref`` + ``room`` of blocks and subleases to a place (room N or the whole dwelling):
        the places of the dwellings already in the database, read in one query."""
        db_dwellings = db_refs.get("dwellings", {})
        db_dwelling_ids = {
            db_dwellings.get(row.values.get("dwelling_ref"))
            for entity in ENTITIES
            if entity.has_place
            for row in rows.get(entity.name, [])
        } - {None}
        db_places = defaultdict(dict)  # dwelling id -> {room number or 0: place id}
        for place in self.env["imlr.place"].search([("dwelling_id", "in", list(db_dwelling_ids))]):
            db_places[place.dwelling_id.id][place.room_number if place.kind == "room" else 0] = place.id
        rules.places(tables, rows, db_dwellings, db_places, errors)

    @api.model
    def _check_keys(self, rules, tables, rows, db_refs, errors):
        """Rows without reference: the same key twice in the file, or already in the database, is a duplicate."""
        for entity in ENTITIES:
            if not entity.key or entity.name not in rows:
                continue
            source = tables[entity.name].source
            db_rows = []  # (row, key in database terms) of rows whose parents are all in the database
            for row in rules.unique_keys(entity, source, rows[entity.name], errors):
                db_key = self._db_key(entity, row, db_refs)
                if db_key:
                    db_rows.append((row, db_key))
            if not db_rows:
                continue
            fields_ = self._key_fields(entity)
            existing_records = self.env[entity.model].search(
                [(fields_[0], "in", list({key[0] for _row, key in db_rows}))]
            )
            existing = {
                tuple(record[name].id if record._fields[name].type == "many2one" else record[name] for name in fields_)
                for record in existing_records
            }
            for row, db_key in db_rows:
                if db_key in existing:
                    row.ok = False
                    errors.append(
                        import_error(
                            source,
                            row.number,
                            entity.key[0],
                            self.env._(
                                "This row already exists in the database (already imported): %(key)s.",
                                key=", ".join(text(row.raw.get(column)) or "-" for column in entity.key),
                            ),
                        )
                    )

    @api.model
    def _key_fields(self, entity):
        if entity.has_place:
            return ["place_id", *entity.key[2:]]
        return [KEY_FIELDS.get(column, entity.columns_by_name[column].field or column) for column in entity.key]

    @api.model
    def _db_key(self, entity, row, db_refs):
        """The row's key with database ids, or None when a parent is a row of this import."""
        if entity.has_place:
            if not row.place or row.place[0] != "db":
                return None
            return (row.place[1], *(row.values.get(column) for column in entity.key[2:]))
        key = []
        for column_name in entity.key:
            column = entity.columns_by_name[column_name]
            value = row.values.get(column_name)
            if column.kind == "ref":
                value = db_refs.get(column.target, {}).get(value)
                if value is None:
                    return None
            key.append(value)
        return tuple(key)

    @api.model
    def _check_persons(self, rules, tables, rows, errors):
        """The same name and birth date twice (in the file or the database) is the same person."""
        persons = [row for row in rows.get("persons", []) if row.ok and row.values.get("birthdate")]
        if not persons:
            return
        source = tables["persons"].source
        rules.same_persons(source, persons, errors)
        names = [person_name(row.values) for row in persons]
        existing = (
            self.env["res.partner"]
            .with_context(active_test=False)
            .search([("is_imlr_person", "=", True), ("name", "in", names), ("birthdate", "!=", False)])
        )
        known = {(partner.name.lower(), partner.birthdate): partner for partner in existing}
        for row in persons:
            partner = known.get((person_name(row.values).lower(), row.values["birthdate"]))
            if partner and row.ok:
                row.ok = False
                errors.append(
                    import_error(
                        source,
                        row.number,
                        "lastname",
                        self.env._(
                            "%(name)s, born on %(birthdate)s, is already in the database (reference %(ref)s).",
                            name=partner.name,
                            birthdate=partner.birthdate,
                            ref=partner.ref or "-",
                        ),
                    )
                )

    @api.model
    def _check_children_ages(self, rules, tables, rows, db_refs, errors):
        """A child of a household is younger than its reference person (the persons' birth dates from the
        import, or from the database for the persons already there)."""
        memberships = [row for row in rows.get("memberships", []) if row.ok]
        if not memberships:
            return
        birthdates = {
            row.values["ref"]: row.values["birthdate"]
            for row in rows.get("persons", [])
            if row.values.get("ref") and row.values.get("birthdate")
        }
        in_database = {ref: pid for ref, pid in db_refs.get("persons", {}).items() if ref not in birthdates}
        if in_database:
            found = self.env["res.partner"].browse(in_database.values()).read(["birthdate"])
            by_id = {partner["id"]: partner["birthdate"] for partner in found}
            birthdates.update({ref: by_id.get(pid) for ref, pid in in_database.items()})
        rules.children_ages(tables["memberships"].source, memberships, birthdates, errors)

    @api.model
    def _check_landlord_types(self, rows, db_refs):
        """Dwellings take the landlord type of their landlord's row, or of the landlord's other dwellings."""
        types = {row.values["ref"]: row.values.get("landlord_type") for row in rows.get("landlords", []) if row.ok}
        db_landlord_ids = {
            db_refs.get("landlords", {}).get(row.values.get("landlord_ref")) for row in rows.get("dwellings", [])
        } - {None}
        db_types = {}
        if db_landlord_ids:
            for dwelling in self.env["imlr.dwelling"].search(
                [("landlord_id", "in", list(db_landlord_ids)), ("landlord_type", "!=", False)]
            ):
                db_types.setdefault(dwelling.landlord_id.id, dwelling.landlord_type)
        for row in rows.get("dwellings", []):
            landlord_ref = row.values.get("landlord_ref")
            if landlord_ref in types:
                row.landlord_type = types[landlord_ref]
            elif landlord_ref:
                row.landlord_type = db_types.get(db_refs.get("landlords", {}).get(landlord_ref))

    # ------------------------------------------------------------------ stage 3: write

    @api.model
    def _write(self, tables, rows, db_refs, errors, progress):
        """Create every row, entity by entity, in one savepoint rolled back when anything fails; ``progress``
        is given the number of rows written so far after each entity."""
        created = {}
        written = 0
        done = defaultdict(dict)  # entity name -> {ref: id} of the records created by this import
        places = {}  # (dwelling ref, room number or 0) -> place id, for the dwellings of this import
        try:
            with self.env.cr.savepoint():
                for entity in ENTITIES:
                    if entity.name not in rows:
                        continue
                    started = time.perf_counter()
                    todo = []
                    for row in rows[entity.name]:
                        vals = self._prepare_vals(entity, row, done, db_refs, places)
                        if vals is not None:
                            todo.append((row, vals))
                    records = self._create(entity, tables[entity.name].source, todo, errors)
                    created[entity.name] = len(records)
                    written += len(rows[entity.name])
                    progress(written)
                    _logger.info(
                        "import: %s: %s created in %.1f s (%s of %s entities)",
                        entity.name,
                        len(records),
                        time.perf_counter() - started,
                        len(created),
                        len([entity for entity in ENTITIES if entity.name in rows]),
                    )
                    if entity.ref:
                        done[entity.name] = {record[entity.ref_field]: record.id for record in records}
                    if entity.name == "dwellings":
                        for place in self.env["imlr.place"].search([("dwelling_id", "in", records.ids)]):
                            places[place.dwelling_id.ref, place.room_number if place.kind == "room" else 0] = place.id
                if errors:
                    raise _Rollback()
        except _Rollback:
            return {}
        return created

    @api.model
    def _prepare_vals(self, entity, row, done, db_refs, places):
        """The ``create`` values of a row; None when a record it refers to could not be created."""
        vals = {}
        for column in entity.columns:
            value = row.values.get(column.name)
            if column.kind == "ref" and value:
                value = done[column.target].get(value) or db_refs.get(column.target, {}).get(value)
                if not value:
                    return None
            if column.field:
                vals[column.field] = value if value is not None else False
        if entity.has_place:
            if row.place[0] == "db":
                vals["place_id"] = row.place[1]
            else:
                vals["place_id"] = places.get(row.place[1:])
                if not vals["place_id"]:
                    return None
        return getattr(self, f"_prepare_vals_{entity.name}", lambda vals, row: vals)(vals, row)

    @api.model
    def _country_france(self):
        return self.env.ref("base.fr").id

    def _prepare_vals_landlords(self, vals, row):
        return {**vals, "is_company": True, "country_id": self._country_france(), **NO_SALESPERSON}

    def _prepare_vals_dwellings(self, vals, row):
        vals = {
            **vals,
            "country_id": self._country_france(),
            "landlord_type": row.landlord_type or False,
            **NO_SALESPERSON,
        }
        rooms = row.values.get("rooms") or 0
        if rooms:
            vals["place_ids"] = [
                Command.create({"kind": "room", "room_number": number}) for number in range(1, rooms + 1)
            ]
        return vals

    def _prepare_vals_households(self, vals, row):
        return {**vals, "is_household": True, "is_company": True, **NO_SALESPERSON}

    def _prepare_vals_persons(self, vals, row):
        return {
            **vals,
            "name": person_name(row.values),
            "is_imlr_person": True,
            "is_company": False,
            **NO_SALESPERSON,
        }

    @api.model
    def _create(self, entity, source, todo, errors):
        """Create the rows of one entity in one batch; when the batch is refused, replay it row by row in
        nested savepoints to name the faulty rows (the others stay created until the final rollback)."""
        model = self.env[entity.model].with_context(tracking_disable=True, mail_create_nolog=True)
        if not todo:
            return model.browse()
        defaults, stable = self._common_defaults(model)
        todo = [(row, {**defaults, **vals}) for row, vals in todo]
        try:
            # PostgreSQL's refusals are reported to the user: no "bad query" in the server log
            with mute_logger("odoo.sql_db"), self.env.cr.savepoint():
                vals_list = [vals for _row, vals in todo]
                if stable and self._is_plain(model, vals_list):
                    records = self._create_plain(model, vals_list)
                else:
                    records = model.create(vals_list)
                self._analyze(model)
                self._check_deferred_constraints()
                return records
        except (UserError, psycopg2.IntegrityError) as error:
            _logger.info("import of %s refused as a batch (%s): replayed row by row", entity.name, error)
        finally:
            self.env.cr.execute("SET CONSTRAINTS ALL DEFERRED")
        return self._create_rows(entity, model, source, todo, errors)

    @api.model
    def _common_defaults(self, model):
        """The model's default values, to fill in once for all the rows: Odoo computes them record by record,
        and some cost a query each (a partner's default invoice template), most of an import's time. Only the
        defaults that come out the same twice are shared: a sequence number or a token stays per record
        (``stable`` is False then)."""
        # as Odoo's _add_missing_default_values, the parent's (_inherits) fields too: a dwelling's partner then
        # has its defaults given rather than looked up record by record (a query each for the invoice template)
        names = list(model._fields)
        first, second = model.default_get(names), model.default_get(names)
        common = {name: value for name, value in first.items() if second.get(name) == value}
        for name, value in common.items():
            field = model._fields[name]
            if field.type == "many2many" and value and isinstance(value[0], int):
                common[name] = [Command.set(value)]
            elif field.type == "one2many" and value and isinstance(value[0], dict):
                common[name] = [Command.create(item) for item in value]
        return common, common.keys() == first.keys()

    @api.model
    def _is_plain(self, model, vals_list):
        """Whether ``model.create(vals_list)`` would do no more than insert the rows and let the ORM compute and
        check them: no ``create`` of its own in any addon, no parent (_inherits), no field computed before the
        insert, values for stored fields only, none computed nor inverted."""
        if type(model).create is not models.BaseModel.create or model._inherits:
            return False
        if any(field.precompute for field in model._fields.values()):
            return False
        names = {name for vals in vals_list for name in vals}
        return all(
            (field := model._fields.get(name)) and field.store and field.column_type and not field.compute
            for name in names
        )

    @api.model
    def _create_plain(self, model, vals_list):
        """``model.create(vals_list)`` for a plain model (see ``_is_plain``), the defaults already in the values:
        what Odoo's ``create`` does then, without looking the defaults up again record by record. The ORM's
        ``_create`` inserts the rows, marks what depends on them to recompute and checks the model's Python
        constraints."""
        model.check_access("create")
        now, uid = self.env.cr.now(), self.env.uid
        magic = {}
        if model._log_access:
            magic = {"create_uid": uid, "create_date": now, "write_uid": uid, "write_date": now}
        records = model._create([{"stored": {**vals, **magic}, "inherited": {}, "protected": ()} for vals in vals_list])
        if model._check_company_auto:
            records._check_company()
        return records

    @api.model
    def _analyze(self, model):
        """Refresh PostgreSQL's statistics of the tables just filled: within the import's transaction they still
        say "empty", and the planner then runs Odoo's recompute UPDATEs that follow as nested loops over every
        row (most of the import's SQL time at 2,000 households)."""
        tables = {model._table, *(self.env[parent]._table for parent in model._inherits)}
        for table in sorted(tables):
            self.env.cr.execute(sql.SQL("ANALYZE %s", sql.SQL.identifier(table)))

    @api.model
    def _check_deferred_constraints(self):
        """The exclusion constraints are checked at commit: check them now, while a savepoint can still
        undo the batch and the faulty row can still be named."""
        self.env.flush_all()
        self.env.cr.execute("SET CONSTRAINTS ALL IMMEDIATE")

    @api.model
    def _create_rows(self, entity, model, source, todo, errors):
        """Create ``todo`` one row at a time (error path only), appending the refusal of each faulty row."""
        records = model.browse()
        for row, vals in todo:
            try:
                with mute_logger("odoo.sql_db"), self.env.cr.savepoint():
                    record = model.create([vals])
                    self._check_deferred_constraints()
            except UserError as error:
                errors.append(import_error(source, row.number, None, str(error.args[0])))
            except psycopg2.IntegrityError as error:
                column = self._integrity_column(entity, error)
                errors.append(import_error(source, row.number, column, self._integrity_message(error)))
            else:
                records |= record
            finally:
                self.env.cr.execute("SET CONSTRAINTS ALL DEFERRED")
        return records

    @api.model
    def _integrity_column(self, entity, error):
        """The import column of the field PostgreSQL refused: the field it names (NOT NULL, a unique key, an
        exclusion's key), else the field the refused constraint's definition mentions first (a CHECK)."""
        model = self.env[entity.model]
        text = " ".join(filter(None, [error.diag.column_name, error.diag.message_detail]))
        for key, definition, _message in model._sql_constraints:
            if sql.make_identifier(f"{model._table}_{key}") == error.diag.constraint_name:
                text = definition
        found = []
        for column in entity.columns:
            field_name = column.field or ("place_id" if column.name == "dwelling_ref" else None)
            match = field_name and re.search(rf"\b{re.escape(field_name)}\b", text)
            if match:
                found.append((match.start(), column.name))
        return min(found)[1] if found else None

    @api.model
    def _integrity_message(self, error):
        """The message of the SQL constraint PostgreSQL refused the row with, in the user's language."""
        pg_name = error.diag.constraint_name
        names = [
            f"{model._table}_{key}"
            for model in self.env.registry.values()
            if model._table == error.diag.table_name
            for key, _definition, _message in model._sql_constraints
            if sql.make_identifier(f"{model._table}_{key}") == pg_name
        ]
        if names:
            constraint = self.env["ir.model.constraint"].search([("name", "=", names[0])], limit=1)
            if constraint.message:
                return constraint.message
        return error.diag.message_primary or str(error)

    @api.model
    def _load_demo_files(self):
        """Load the example set of ``demo/import/`` (for the demo data); raise when it does not load."""
        folder = Path(file_path("imlr_odoo/demo/import"))
        result = self.import_files([(path.name, path.read_bytes()) for path in sorted(folder.glob("*.csv"))])
        if result["errors"]:
            raise UserError(
                "\n".join(f"{e['file']}:{e['row'] or ''}:{e['column']}: {e['message']}" for e in result["errors"])
            )
        return result["created"]
