"""Content-Security-Policy checks for tests: parse the header, find what a page would need
beyond the policy (inline code without the nonce, event-handler attributes, style
attributes, htmx features that need eval)."""

import re
from html.parser import HTMLParser

# "keyup[ctrlKey]": an event name directly followed by a condition, which htmx evaluates.
# (A bracket later in the spec belongs to a selector: `from:find input[type=search]`.)
TRIGGER_FILTER = re.compile(r"\s*[\w:.-]+\[")


def parse_policy(header: str) -> dict[str, list[str]]:
    """ "default-src 'self'; img-src 'self' data:" → {"default-src": ["'self'"], …}."""
    policy = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            policy[words[0]] = words[1:]
    return policy


def nonce_of(header: str) -> str | None:
    for source in parse_policy(header).get("script-src", []):
        if source.startswith("'nonce-"):
            return source[len("'nonce-") : -1]
    return None


class _Scanner(HTMLParser):
    def __init__(self, nonce: str | None):
        super().__init__(convert_charrefs=True)
        self.nonce = nonce
        self.problems: list[str] = []
        self.script_nonces: list[str | None] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        where = f"<{tag}{' id=' + attributes['id'] if attributes.get('id') else ''}>"
        if tag in ("script", "style"):
            if tag == "script":
                self.script_nonces.append(attributes.get("nonce"))
            # Data blocks (`json_script`) are never executed: the policy leaves them alone.
            inline = tag == "style" or not attributes.get("src")
            data_block = attributes.get("type") == "application/json"
            nonced = bool(self.nonce) and attributes.get("nonce") == self.nonce
            if inline and not data_block and not nonced:
                self.problems.append(f"{where}: inline {tag} without the request's nonce")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.problems.append(f"{where}: event-handler attribute {name}")
            elif name == "style":
                self.problems.append(f"{where}: style attribute")
            elif name.startswith(("hx-on", "data-hx-on")) or name in ("hx-vars", "data-hx-vars"):
                self.problems.append(f"{where}: {name} (htmx evaluates it)")
            elif name in ("hx-vals", "data-hx-vals") and value.lstrip().startswith(
                ("js:", "javascript:")
            ):
                self.problems.append(f"{where}: {name} with js: (htmx evaluates it)")
            elif name in ("hx-trigger", "data-hx-trigger") and any(
                TRIGGER_FILTER.match(spec) for spec in value.split(",")
            ):
                self.problems.append(f"{where}: {name} filter (htmx evaluates it)")
            elif name in ("href", "action", "src") and value.strip().lower().startswith(
                "javascript:"
            ):
                self.problems.append(f"{where}: javascript: URL")


def policy_problems(html: str, nonce: str | None) -> list[str]:
    """What in `html` the policy would block (or htmx would need eval for)."""
    scanner = _Scanner(nonce)
    scanner.feed(html)
    scanner.close()
    return scanner.problems


def script_nonces(html: str) -> list[str | None]:
    """The nonce attribute of every <script> of the page (None where it has none)."""
    scanner = _Scanner(None)
    scanner.feed(html)
    scanner.close()
    return scanner.script_nonces
