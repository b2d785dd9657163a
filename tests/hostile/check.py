#!/usr/bin/env python3
"""Read back what pm-export wrote of tests/hostile/escape.ndjson and check
that each hostile string (the host and the label "v" of every point) comes
back as it went in, by the rules of the format, and that nothing in it
became structure (a cell, a column, a tag, an element):

    check.py FORMAT INPUT OUTPUT

FORMAT is csv, tsv, json, ndjson, influx, markdown (OUTPUT rendered by
cmark-gfm to HTML) or html.  Prints what differs; exit 1 if anything does.
"""
import csv
import html.parser
import io
import json
import subprocess
import sys

GUARD = ('=', '+', '-', '@', '\t', '\r')


def points(path):
    with open(path, encoding='utf-8', newline='') as f:
        return [json.loads(line) for line in f.read().split('\n') if line]


def guarded(s):
    return "'" + s if s.startswith(GUARD) else s


def one_line(s):
    # Formats without a way to write a line break in a cell: a space.
    return s.replace('\n', ' ').replace('\r', ' ')


def check_csv(pts, out, delim):
    rows = list(csv.reader(io.StringIO(out, newline=''), delimiter=delim))
    head, body = rows[0], rows[1:]
    want = [(guarded(p['host']), guarded(p['labels']['v'])) for p in pts]
    got = [(r[head.index('host')], r[head.index('v')]) for r in body
           if len(r) == len(head)]
    bad = [r for r in body if len(r) != len(head)]
    return ([f'row of {len(r)} cells, header {len(head)}: {r!r}' for r in bad]
            + _diff(sorted(want), sorted(got)))


def check_json(pts, out, nd):
    got = ([json.loads(line) for line in out.split('\n') if line] if nd
           else json.loads(out))
    return _diff(sorted((p['host'], p['labels']['v']) for p in pts),
                 sorted((p['host'], p['labels']['v']) for p in got))


def influx_split(s, seps, unescape):
    r"""Split at the characters of seps not escaped by a backslash; with
    unescape, \, \= \space and \\ give the character itself."""
    parts, cur, i = [], '', 0
    while i < len(s):
        c = s[i]
        if c == '\\' and i + 1 < len(s) and s[i + 1] in ',= \\':
            cur += s[i + 1] if unescape else s[i:i + 2]
            i += 2
            continue
        if c in seps:
            parts.append(cur)
            cur = ''
        else:
            cur += c
        i += 1
    parts.append(cur)
    return parts


def check_influx(pts, out):
    lines = [line for line in out.split('\n') if line]
    errs = []
    if len(lines) != len(pts):
        errs.append(f'{len(lines)} lines for {len(pts)} points')
    got = []
    for line in lines:
        fields = influx_split(line, ' ', False)
        if len(fields) != 3:
            errs.append(f'not MEASUREMENT,TAGS FIELDS TIME: {line!r}')
            continue
        tags = {}
        for t in influx_split(fields[0], ',', False)[1:]:
            kv = influx_split(t, '=', True)
            if len(kv) != 2:
                errs.append(f'tag not KEY=VALUE: {t!r} in {line!r}')
                continue
            tags[kv[0]] = kv[1]
        got.append((tags.get('host', ''), tags.get('v', '')))
    want = [(one_line(p['host']), one_line(p['labels']['v'])) for p in pts]
    return errs + _diff(sorted(want), sorted(got))


class Cells(html.parser.HTMLParser):
    """The text of each table cell; the names of the elements seen."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.rows, self.cell, self.tags = [], None, []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == 'tr':
            self.rows.append([])
        elif tag in ('td', 'th'):
            self.cell = ''

    def handle_endtag(self, tag):
        if tag in ('td', 'th') and self.cell is not None:
            self.rows[-1].append(self.cell)
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data


def check_markdown(pts, out):
    rendered = subprocess.run(['cmark-gfm', '--extension', 'table'],
                              input=out.encode(), capture_output=True,
                              check=True).stdout.decode()
    p = Cells()
    p.feed(rendered)
    head, body = p.rows[0], p.rows[1:]
    errs = [f'element <{t}> from the data' for t in set(p.tags)
            if t not in ('table', 'thead', 'tbody', 'tr', 'th', 'td')]
    errs += [f'row of {len(r)} cells: {r!r}' for r in body
             if len(r) != len(head)]
    hosts = sorted(r[head.index('host')] for r in body if len(r) == len(head))
    return errs + _diff(sorted(one_line(p['host']).strip() for p in pts),
                        [h.strip() for h in hosts])


def check_html(pts, out, benign):
    p, q = Cells(), Cells()
    p.feed(out)
    q.feed(benign)
    errs = []
    if sorted(p.tags) != sorted(q.tags):
        errs.append('elements differ from those of a benign input: '
                    f'{sorted(set(p.tags) ^ set(q.tags))}')
    # Compared with white space collapsed, as a browser shows it.
    text = ' '.join(' '.join(c for r in p.rows for c in r).split())
    for pt in pts:
        if ' '.join(pt['host'].split()) not in text:
            errs.append(f'host {pt["host"]!r} not in the summary table')
    return errs


def _diff(want, got):
    errs = []
    for w, g in zip(want, got):
        if w != g:
            errs.append(f'want {w!r}, got {g!r}')
    if len(want) != len(got):
        errs.append(f'{len(want)} values wanted, {len(got)} found')
    return errs


def main():
    fmt, inp, outp = sys.argv[1:4]
    pts = points(inp)
    with open(outp, encoding='utf-8', newline='') as f:
        out = f.read()
    if fmt in ('csv', 'tsv'):
        errs = check_csv(pts, out, ',' if fmt == 'csv' else '\t')
    elif fmt in ('json', 'ndjson'):
        errs = check_json(pts, out, fmt == 'ndjson')
    elif fmt == 'influx':
        errs = check_influx(pts, out)
    elif fmt == 'markdown':
        errs = check_markdown(pts, out)
    elif fmt == 'html':
        with open(sys.argv[4], encoding='utf-8') as f:
            errs = check_html(pts, out, f.read())
    else:
        sys.exit(f'check.py: {fmt}: no such format')
    for e in errs:
        print(f'{fmt}: {e}')
    sys.exit(1 if errs else 0)


if __name__ == '__main__':
    main()
