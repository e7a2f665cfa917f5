"""Test support: the data a browser would send for a form as the page rendered it.

Tests post what the page renders, with only the user's changes, so a widget that renders
empty (a checkbox list with no boxes) fails the test instead of hiding behind a hand-built POST.
"""

from html.parser import HTMLParser


class _FormParser(HTMLParser):
    def __init__(self, match):
        super().__init__(convert_charrefs=True)
        self.match = match
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: str | None = None
        self._select_first: str | None = None
        self._option: str | None = None
        self._option_text = ""
        self._in_option = False
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self._form = {"attrs": a, "fields": [], "files": [], "submits": [], "selects": {}}
            return
        form = self._form
        if form is None:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind in {"checkbox", "radio"}:
                if "checked" in a:
                    form["fields"].append((name, a.get("value", "on")))
            elif kind == "file":
                form["files"].append(name)
            elif kind in {"submit", "button", "image", "reset"}:
                form["submits"].append((name, a.get("value", "")))
            elif "disabled" not in a:
                form["fields"].append((name, a.get("value", "")))
        elif tag == "button" and name and a.get("type", "submit") == "submit":
            form["submits"].append((name, a.get("value", "")))
        elif tag == "select" and name:
            self._select, self._select_first = name, None
            form["selects"][name] = {"multiple": "multiple" in a, "selected": [], "options": []}
        elif tag == "option" and self._select:
            self._option = a.get("value")
            self._option_text, self._in_option = "", True
            select = form["selects"][self._select]
            if "selected" in a:
                select["selected"].append(a.get("value"))
        elif tag == "textarea" and name:
            self._textarea = name
            form["fields"].append((name, ""))

    def handle_data(self, data):
        if self._textarea and self._form is not None:
            name, value = self._form["fields"][-1]
            self._form["fields"][-1] = (name, value + data)
        if self._in_option:
            self._option_text += data

    def handle_endtag(self, tag):
        form = self._form
        if form is None:
            return
        if tag == "option" and self._select:
            value = self._option if self._option is not None else self._option_text.strip()
            form["selects"][self._select]["options"].append(value)
            self._option, self._in_option = None, False
        elif tag == "select" and self._select:
            select = form["selects"][self._select]
            chosen = select["selected"] or ([] if select["multiple"] else select["options"][:1])
            form["fields"].extend((self._select, value) for value in chosen)
            self._select = None
        elif tag == "textarea":
            if self._textarea:
                name, value = form["fields"][-1]
                # A browser drops the one newline right after <textarea>.
                form["fields"][-1] = (name, value[1:] if value.startswith("\n") else value)
            self._textarea = None
        elif tag == "form":
            if self.match(form["attrs"]):
                self.forms.append(form)
            self._form = None


def rendered_form(html: str, *, action: str | None = None, form_id: str | None = None) -> dict:
    """The form whose action (or id) matches: {"action", "fields": [(name, value)], "files", "selects"}."""

    def match(attrs):
        return (action is None or attrs.get("action", "") == action) and (form_id is None or attrs.get("id") == form_id)

    parser = _FormParser(match)
    parser.feed(html)
    if not parser.forms:
        raise AssertionError(f"no form with action={action!r} id={form_id!r} on the page")
    form = parser.forms[0]
    return {"action": form["attrs"].get("action", ""), **form}


def form_post_data(form: dict, changes: dict | None = None, *, submit: tuple[str, str] | None = None) -> dict:
    """A browser's POST for the form: its rendered values, with `changes` replacing whole fields.

    A value in `changes` may be a list (several checkboxes, a multiple select) or None (untick,
    leave out). The submit button's name and value are added when given.
    """
    data: dict[str, list[str]] = {}
    for name, value in form["fields"]:
        data.setdefault(name, []).append(value)
    for name, value in (changes or {}).items():
        if value is None:
            data.pop(name, None)
        elif isinstance(value, (list, tuple)):
            data[name] = [str(v) for v in value]
        else:
            data[name] = [str(value)]
    if submit:
        data[submit[0]] = [submit[1]]
    return {name: values if len(values) > 1 else values[0] for name, values in data.items()}


class _IdParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.ids.extend(v for k, v in attrs if k == "id" and v)


def duplicate_ids(html: str) -> list[str]:
    """Element ids used more than once on the page (each must be unique for labels and focus)."""
    parser = _IdParser()
    parser.feed(html)
    seen, dupes = set(), []
    for element_id in parser.ids:
        if element_id in seen and element_id not in dupes:
            dupes.append(element_id)
        seen.add(element_id)
    return dupes
