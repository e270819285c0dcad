{
    "name": "IML Réfugiés",
    "summary": "Households, dwellings, subleases, rents and social support of an "
    "Intermédiation Locative Réfugiés program",
    "version": "18.0.1.0.0",
    "category": "Services/IML",
    "author": "imlr",
    "website": "https://example.org/imlr",
    "license": "AGPL-3",
    "depends": ["base", "mail", "contacts", "account", "l10n_fr", "l10n_fr_account"],
    "data": [
        "security/imlr_security.xml",
        "security/ir.model.access.csv",
        "views/imlr_menus.xml",
    ],
    "application": True,
}
