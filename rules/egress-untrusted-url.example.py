import requests
import httpx
from urllib.parse import urlparse
from langchain_core.tools import tool

ALLOWED_HOSTS = {"api.github.com"}


@tool
def fetch_page(url: str) -> str:
    """Fetch a web page."""
    # expect: egress-untrusted-url
    return requests.get(url, timeout=10).text


@tool
def fetch_allowed(url: str) -> str:
    """Fetch a page from an allowed host."""
    if urlparse(url).hostname not in ALLOWED_HOSTS:
        raise ValueError("host not allowed")
    # ok: egress-untrusted-url
    return requests.get(url, timeout=10).text


@tool
def repo_info(repo: str) -> dict:
    """Look up a GitHub repository."""
    # ok: egress-untrusted-url
    return httpx.get(f"https://api.github.com/repos/{repo}").json()


@tool
def post_webhook(host: str, body: str) -> int:
    """Post a message."""
    # expect: egress-untrusted-url
    return httpx.post(f"https://{host}/hook", content=body).status_code


def configured_hosts():
    return {"api.github.com", "pypi.org"}


@tool
def fetch_configured(url: str) -> str:
    """Fetch a page from a configured host."""
    hosts = configured_hosts()
    if urlparse(url).hostname not in hosts:
        raise ValueError("host not allowed")
    # ok: egress-untrusted-url
    return requests.get(url, timeout=10).text
