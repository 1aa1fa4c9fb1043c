"""Connected accounts: add one (its token to the credentials file, the rest to the desk),
test it with one cheap call, list and remove them, pick the ones a sync runs on."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from smmdesk.errors import UserError
from smmdesk.store import Store
from smmdesk.store import accounts as a
from smmdesk.store.accounts import ACCOUNT_PLATFORMS, Account
from smmdesk.store.brands import Brand, is_slug
from smmdesk.sync.base import Identity, Page, Quota
from smmdesk.sync.clients import client_class
from smmdesk.sync.engine import store_held, sync_lease
from smmdesk.sync.http import Http, check_api_base
from smmdesk.sync.secrets import Credentials, Secret, new_ref
from smmdesk.timeutil import to_iso, utc_now

__all__ = ["ACCOUNT_PLATFORMS", "Account", "add", "listing", "named", "remove", "test", "chosen"]

MAX_OPTION = 200


@dataclass(frozen=True)
class Tested:
    account: Account
    identity: Identity


def add(
    store: Store,
    *,
    platform: str,
    brand: Brand,
    secret: Secret,
    name: str | None = None,
    api_base: str | None = None,
    options: Mapping[str, str | None] | None = None,
    credentials: Credentials | None = None,
) -> Account:
    """Keep the token in the credentials file and the account in the desk."""
    if platform not in ACCOUNT_PLATFORMS:
        raise UserError(f"unknown platform {platform!r}; one of {', '.join(ACCOUNT_PLATFORMS)}")
    name = name or f"{brand.slug}-{platform}"
    if not is_slug(name):
        raise UserError(f"an account name is lowercase letters, digits, - or _, {name!r}, --name")
    given = {k: v.strip() for k, v in (options or {}).items() if v is not None and v.strip()}
    for key, value in given.items():
        if len(value) > MAX_OPTION or not value.isprintable():
            raise UserError(f"--{key.replace('_', '-')} is not a plain value")
    cls = client_class(platform)
    missing = [key for key in cls.required if key not in given]
    if missing:
        flags = ", ".join("--" + key.replace("_", "-") for key in missing)
        raise UserError(f"a {platform} account needs {flags}, account add")
    cls.check_options(given)
    if api_base and secret.hide(api_base) != api_base:  # a Bot API URL pasted whole
        raise UserError(  # before any message that would quote it
            "the --api-base holds the token; give the server alone (https://host[:port]) "
            "and the token on standard input"
        )
    base = check_api_base(api_base) if api_base else None
    credentials = credentials or Credentials()
    ref = new_ref()
    with store.transaction():
        account = a.add_account(
            store,
            brand_id=brand.id,
            platform=platform,
            name=name,
            api_base=base,
            options=given,
            secret_ref=ref,
            at=to_iso(utc_now()),
        )
        credentials.put(ref, secret)  # last: a refused account leaves no token behind
    return account


def named(store: Store, name: str) -> Account:
    found = a.get_account(store, name)
    if found is None:
        known = ", ".join(acc.name for acc in a.list_accounts(store)) or "none yet"
        raise UserError(f"no account named {name!r} (accounts: {known})")
    return found


def listing(store: Store, brand_id: int | None = None) -> list[Account]:
    return a.list_accounts(store, brand_id)


def chosen(store: Store, *, brand_id: int | None = None, name: str | None = None) -> list[Account]:
    """The accounts a sync runs on: the one named, else the brand's, else all."""
    if name:
        account = named(store, name)
        if brand_id is not None and account.brand_id != brand_id:
            raise UserError(f"account {name!r} belongs to brand {account.brand}, --account")
        return [account]
    return a.list_accounts(store, brand_id)


def remove(store: Store, name: str, credentials: Credentials | None = None) -> Account:
    """Forget the account and its token; its comments and replies stay (those it had still to
    send become replies to post by hand, listed by ``smmdesk replies``)."""
    account = named(store, name)
    with sync_lease(store) as free:  # a running sync would hold its next page for nobody
        if not free:
            raise UserError(f"a sync of this desk is running; remove {name} after it")
        with store.transaction():
            store_held(store, account)  # what a stopped sync pulled: its comments too
            a.remove_account(store, account.id)
            (credentials or Credentials()).remove(account.secret_ref)  # last: refused, both stay
    return account


def drop_unreadable_held(store: Store, name: str) -> int:
    """The account's held pages that cannot be read, dropped (their comments are lost): the
    way past a sync that stops on one. The readable ones stay for the next sync to store."""
    account = named(store, name)
    with store.transaction():
        unreadable = [
            page_id
            for page_id, text in a.held_pages_by_id(store, account.id).items()
            if Page.readable(text) is None
        ]
        for page_id in unreadable:
            a.drop_held_page(store, page_id)
    return len(unreadable)


def test(store: Store, name: str, credentials: Credentials | None = None) -> Tested:
    """One cheap call: who the token is on the platform and what it may do. The token's
    expiry, when the platform says, is kept so a sync warns before it fails."""
    account = named(store, name)
    credentials = credentials or Credentials()
    secret = credentials.get(account.secret_ref)
    cls = client_class(account.platform)
    if secret is None:
        raise UserError(f"no token stored for {name}; {cls.renew_hint}")
    with Http(account.api_base or cls.default_base) as http:
        client = cls(account, secret, http, Quota())
        identity = client.identity()
    renewed = client.secret
    if identity.expires_at is not None:
        renewed = renewed.renewed(renewed.token, to_iso(identity.expires_at))
    if renewed != secret:
        credentials.put(account.secret_ref, renewed)
    return Tested(account, identity)
