"""glossary.py - no lesson uses a term before the lesson that explains it.

Each lesson declares its glossary in its narration: `#: teaches TERM, ...`
for the terms it explains, `#: uses TERM, ...` for those it relies on. The
course order is the file number. `lesson_moments --glossary FILE` prints a
lesson's terms and every text of its narration (title, intro, notes,
choices, explanations) as the parser reads them. This test passes when:
  - every term is taught by exactly one lesson;
  - every `uses` names a term taught by an earlier lesson;
  - a lesson that teaches a term mentions it in its narration;
  - every glossary term that a lesson's narration mentions (a whole word,
    any case, plural too) is declared in that lesson, taught or used: the
    declarations cannot fall behind the text.

Usage: glossary.py LESSON_MOMENTS
"""
import os
import re
import sys

from lessons import names, report, run


def mentions(text, term):
    """Whether text mentions term as a whole word (any case, plural too)."""
    pattern = r"(?<![\w*])" + re.escape(term) + r"(?:s|es)?(?![\w*])"
    return re.search(pattern, text, re.IGNORECASE) is not None


def read(moments, name):
    """(teaches, uses, text) of one lesson; raises on a parse failure."""
    status, out, err = run([moments, "--glossary", os.path.join("scenarios", name)])
    if status != 0:
        raise RuntimeError("lesson_moments --glossary exits %d: %s%s" % (status, out, err))
    teaches, uses, text = [], [], []
    for line in out.splitlines():
        kind, _, rest = line.partition(" ")
        {"teaches": teaches, "uses": uses, "text": text}[kind].append(rest)
    return teaches, uses, "\n".join(text)


def main(argv):
    if len(argv) != 2:
        print(__doc__)
        return 2
    moments = os.path.abspath(argv[1])
    lessons = names()
    info = {}
    problems = {}
    for name in lessons:
        try:
            info[name] = read(moments, name)
        except RuntimeError as e:
            problems[name] = [str(e)]
    taught_by = {}
    for name in lessons:
        for term in info.get(name, ([], [], ""))[0]:
            if term in taught_by:
                problems.setdefault(name, []).append(
                    "teaches %r, already taught by %s" % (term, taught_by[term]))
            else:
                taught_by[term] = name
    for name in lessons:
        if name not in info:
            continue
        teaches, uses, text = info[name]
        mine = problems.setdefault(name, [])
        for term in uses:
            if term not in taught_by:
                mine.append("uses %r, which no lesson teaches" % term)
            elif taught_by[term] >= name:
                mine.append("uses %r before %s teaches it" % (term, taught_by[term]))
        for term in teaches:
            if not mentions(text, term):
                mine.append("teaches %r but never mentions it" % term)
        for term in sorted(taught_by):
            if mentions(text, term) and term not in teaches and term not in uses:
                mine.append("mentions %r without '#: uses %s' (taught by %s)" % (term, term, taught_by[term]))
    if not taught_by:
        print("no lesson teaches anything: the glossary is empty")
        return 1
    return report(lessons, ["\n".join(problems.get(n, [])) or None for n in lessons])


if __name__ == "__main__":
    sys.exit(main(sys.argv))
