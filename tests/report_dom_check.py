#!/usr/bin/env python3
"""Checks the DOM of a `lutc report` page, as a headless browser parsed it, against the JSON files
it was made from.

    report_dom_check.py DOM.html OUT [OUT...] [--expect ID...]

Every element with data-key is a number of the page: data-out is the index of its OUT, data-file
the JSON file in that OUT, data-key a dotted path in it. The check: data-value equals the JSON
value exactly, and the element's text (if any) is the value as data-format says (int, pct with 2
decimals, fixed1, fixed3, bool yes/no, text). --expect lists element ids that must exist. Prints
what it checked; exit 1 on any difference.
"""
import html.parser
import json
import sys


class Elements(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.numbers, self.ids, self.stack, self.tags = [], set(), [], {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags[tag] = self.tags.get(tag, 0) + 1
        if "id" in a:
            self.ids.add(a["id"])
        entry = {"attrs": a, "text": "", "tag": tag}
        if "data-key" in a:
            self.numbers.append(entry)
        for axis in ("x", "y"):  # scatter points: data-x-file, data-x-key, data-x (and y)
            if f"data-{axis}-key" in a:
                self.numbers.append({"tag": tag, "text": "", "attrs": {
                    "data-out": a.get("data-out"), "data-file": a[f"data-{axis}-file"],
                    "data-key": a[f"data-{axis}-key"], "data-value": a[f"data-{axis}"]}})
        if tag not in ("meta", "br", "img", "line", "circle", "input", "link") or "data-key" in a:
            self.stack.append(entry)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if self.stack and self.stack[-1]["tag"] == tag:
            self.stack.pop()

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()["tag"] == tag:
                break

    def handle_data(self, data):
        # Text belongs to the innermost open element only (titles inside bars are their own).
        if self.stack:
            self.stack[-1]["text"] += data


def lookup(doc, dotted):
    for part in dotted.split("."):
        doc = doc[int(part)] if isinstance(doc, list) else doc[part]
    return doc


def shown(value, fmt):
    if fmt == "pct":
        return f"{100 * value:.2f}%"
    if fmt == "fixed1":
        return f"{value:.1f}"
    if fmt == "fixed3":
        return f"{value:.3f}"
    if fmt == "bool":
        return "yes" if value else "no"
    if fmt == "int":
        return str(int(value)) if float(value).is_integer() else json.dumps(value)
    return value if isinstance(value, str) else json.dumps(value)


def main(argv):
    args, expect = argv[1:], []
    if "--expect" in args:
        i = args.index("--expect")
        args, expect = args[:i], args[i + 1:]
    if len(args) < 2:
        sys.exit(__doc__)
    dom, outs = args[0], args[1:]
    page = Elements()
    page.feed(open(dom, encoding="utf-8").read())
    cache, errors, checked_text = {}, [], 0
    for e in page.numbers:
        a = e["attrs"]
        if a.get("data-out") is None:
            errors.append(f"{a['data-key']}: no data-out")
            continue
        out = outs[int(a["data-out"])]
        path = f"{out}/{a['data-file']}"
        if path not in cache:
            cache[path] = json.load(open(path))
        want = lookup(cache[path], a["data-key"])
        got = json.loads(a["data-value"])
        if got != want:
            errors.append(f"{a['data-file']}:{a['data-key']} of {out}: page {got!r}, JSON {want!r}")
        text = e["text"].strip()
        if text:
            checked_text += 1
            if text != shown(want, a.get("data-format", "")):
                errors.append(f"{a['data-key']} of {out}: shows {text!r}, JSON {want!r} ({a.get('data-format')})")
    for i in expect:
        if i not in page.ids:
            errors.append(f"no element with id {i!r}")
    print(f"{dom}: {len(page.numbers)} numbers ({checked_text} with text) checked against the JSON of {len(outs)} OUT(s), "
          f"{len(expect)} ids expected, {page.tags.get('svg', 0)} svg, {page.tags.get('rect', 0)} rect, "
          f"{page.tags.get('circle', 0)} circle: {len(errors)} differences")
    for e in errors[:20]:
        print("  " + e)
    return 1 if errors or not page.numbers else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
