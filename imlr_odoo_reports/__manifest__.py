{
    "name": "IML Réfugiés — Annual report",
    "summary": "The annual activity report of an IML-R program, for any period, in PDF, HTML, XLSX and JSON",
    "version": "18.0.1.1.0",
    "category": "Services/IML",
    "author": "imlr",
    "website": "https://example.org/imlr",
    "license": "AGPL-3",
    "depends": ["imlr_odoo"],
    "data": [
        "security/ir.model.access.csv",
        "security/imlr_reports_security.xml",
        "report/report_annual.xml",
        "views/imlr_annual_report_views.xml",
        "views/imlr_analysis_views.xml",
        "views/imlr_reports_menus.xml",
    ],
    "demo": ["demo/imlr_reports_demo.xml"],
}
