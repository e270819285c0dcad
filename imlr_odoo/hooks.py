def post_init_hook(env):
    """Installed on a database that already keeps its accounts: the IML journals of its companies."""
    env["res.company"]._imlr_setup_accounting_all()
