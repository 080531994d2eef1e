/* parse.c - looplab lessons: the "#:" narration of a lesson into an lpl_lesson.
**
** The source is read line by line. Narration lines are those whose first
** non-blank characters are "#:". A block starts at a header ("#:", at most
** one space, a keyword) and takes the narration lines below it that are
** indented further or empty. Everything else is Python and ignored, but for
** finding the code line an "at line" block is anchored to. Grammar in
** lesson.h; the README documents it for authors.
*/
#include "lesson/lesson.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/status.h"
#include "lesson/expect.h"
#include "lesson/text.h"

typedef struct parser {
    const char  *file;
    lpl__span   *lines;    /* every source line, without its '\n' */
    size_t       nlines;
    lpl_lesson  *out;
    lpl_error   *err;
    const lp_allocator *alloc;
    size_t       notes_cap; /* capacity of out->notes */
    size_t       terms_cap; /* capacity of out->terms */
    size_t       expects_cap; /* capacity of the last note's expects */
    int          title_line, intro_line; /* where they were given, 0 = not yet */
    size_t       attach_end; /* an expect block starting at this line index belongs to
                             ** the last note (just below it or its expects); 0 = none */
} parser;

/* Fills the error; returns LP_E_INVAL (or `status` when it is NOMEM). */
static int fail(parser *p, int line, const char *fmt, ...)
{
    if (p->err != NULL) {
        char what[400];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(what, sizeof what, fmt, ap);
        va_end(ap);
        p->err->line = line;
        if (line > 0)
            snprintf(p->err->message, sizeof p->err->message, "%s:%d: %s", p->file, line, what);
        else
            snprintf(p->err->message, sizeof p->err->message, "%s: %s", p->file, what);
    }
    return LP_E_INVAL;
}

static int out_of_memory(parser *p)
{
    fail(p, 0, "out of memory");
    return LP_E_NOMEM;
}

/* The content of a "#:" line (after the marker), or false if it is not one. */
static bool narration_line(lpl__span line, lpl__span *content)
{
    lpl__span t = lpl__trim(line);
    if (!lpl__starts(t, "#:"))
        return false;
    content->s = t.s + 2;
    content->n = t.n - 2;
    return true;
}

/* A block's first line: "#:" then at most one space, then a word. Lines
** indented further (or empty) continue the block above. */
static bool header_line(lpl__span content)
{
    size_t i = 0;
    if (i < content.n && content.s[i] == ' ')
        i++;
    return i < content.n && content.s[i] != ' ' && content.s[i] != '\t' && content.s[i] != '\r';
}

/* Python code: not blank and not a comment. */
static bool code_line(lpl__span line)
{
    lpl__span t = lpl__trim(line);
    return t.n > 0 && t.s[0] != '#';
}

/* ---- moments ------------------------------------------------------------ */

static const struct {
    const char     *name;
    lpl_moment_kind kind;
} MOMENTS[] = {
    {"start", LPL_AT_START}, {"end", LPL_AT_END},       {"line", LPL_AT_LINE},
    {"time", LPL_AT_TIME},   {"timer", LPL_AT_TIMER},   {"print", LPL_AT_PRINT},
    {"done", LPL_AT_DONE},   {"cancel", LPL_AT_CANCEL}, {"timeout", LPL_AT_TIMEOUT},
    {"block", LPL_AT_BLOCK},
};
#define NMOMENTS (sizeof MOMENTS / sizeof MOMENTS[0])

const char *lpl_moment_kind_name(lpl_moment_kind kind)
{
    for (size_t i = 0; i < NMOMENTS; i++)
        if (MOMENTS[i].kind == kind)
            return MOMENTS[i].name;
    return "?";
}

/* A quoted string at the start of *rest ("...", with \" and \\), unquoted
** into a new string. Returns LP_OK, LP_E_INVAL or LP_E_NOMEM. */
static int parse_quoted(parser *p, int line, lpl__span *rest, char **out)
{
    *rest = lpl__trim(*rest);
    if (rest->n == 0 || rest->s[0] != '"')
        return fail(p, line, "print needs the text in double quotes, as in: at print \"done\"");
    lpl__buf b = {.alloc = p->alloc};
    size_t i = 1;
    for (; i < rest->n && rest->s[i] != '"'; i++) {
        if (rest->s[i] == '\\' && i + 1 < rest->n)
            i++;
        if (lpl__buf_add(&b, &rest->s[i], 1) != LP_OK) {
            lpl__buf_free(&b);
            return out_of_memory(p);
        }
    }
    if (i >= rest->n) {
        lpl__buf_free(&b);
        return fail(p, line, "the quoted text has no closing '\"'");
    }
    if (b.len == 0) {
        lpl__buf_free(&b);
        return fail(p, line, "print needs some text between the quotes");
    }
    rest->s += i + 1;
    rest->n -= i + 1;
    *out = lpl__buf_take(&b);
    return *out ? LP_OK : out_of_memory(p);
}

/* The first code line after the block that ends before line index `after`. */
static int next_code_line(const parser *p, size_t after)
{
    for (size_t i = after; i < p->nlines; i++)
        if (code_line(p->lines[i]))
            return (int)i + 1;
    return 0;
}

/* Parses "at MOMENT [#N]" from rest. `block_end` is the index of the first
** line after the block (for "line"). */
static int parse_moment(parser *p, int line, lpl__span rest, size_t block_end, lpl_moment *m)
{
    memset(m, 0, sizeof *m);
    m->nth = 1;
    m->time = -1;
    if (!lpl__is(lpl__word(&rest), "at"))
        return fail(p, line, "expected 'at' and a moment, as in: say at line");
    lpl__span name = lpl__word(&rest);
    size_t k = 0;
    while (k < NMOMENTS && !lpl__is(name, MOMENTS[k].name))
        k++;
    if (k == NMOMENTS)
        return fail(p, line, "unknown moment '%.*s' (expected start, end, line, time, timer, "
                             "print, done, cancel, timeout or block)", (int)name.n, name.s);
    m->kind = MOMENTS[k].kind;

    int rc = LP_OK;
    lpl__span arg;
    switch (m->kind) {
    case LPL_AT_LINE:
        m->line = next_code_line(p, block_end);
        if (m->line == 0)
            return fail(p, line, "'at line' needs a line of code below it");
        break;
    case LPL_AT_TIME:
    case LPL_AT_TIMER: {
        lpl__span before = rest;
        arg = lpl__word(&rest);
        if (arg.n > 0 && arg.s[0] != '#') {
            if (!lpl__number(arg, false, HUGE_VAL, &m->time))
                return fail(p, line, "'%.*s' is not a time in seconds", (int)arg.n, arg.s);
        } else if (m->kind == LPL_AT_TIME) {
            return fail(p, line, "'at time' needs a time in seconds, as in: at time 1.5");
        } else {
            rest = before; /* a bare "timer", maybe followed by "#N" */
        }
        break;
    }
    case LPL_AT_PRINT:
        rc = parse_quoted(p, line, &rest, &m->text);
        break;
    case LPL_AT_DONE:
    case LPL_AT_CANCEL:
        arg = lpl__word(&rest);
        if (arg.n == 0 || arg.s[0] == '#')
            return fail(p, line, "'at %s' needs a task name", MOMENTS[k].name);
        m->text = lpl__strndup(p->alloc, arg.s, arg.n);
        rc = m->text ? LP_OK : out_of_memory(p);
        break;
    default:
        break;
    }
    if (rc != LP_OK)
        return rc;

    rest = lpl__trim(rest);
    if (rest.n > 0 && rest.s[0] == '#') {
        char *end;
        char tmp[32];
        size_t n = rest.n - 1 < sizeof tmp - 1 ? rest.n - 1 : sizeof tmp - 1;
        memcpy(tmp, rest.s + 1, n);
        tmp[n] = '\0';
        long nth = strtol(tmp, &end, 10);
        if (n == 0 || *end != '\0' || n != rest.n - 1 || nth < 1 || nth > 1000000)
            return fail(p, line, "'%.*s' is not an occurrence (#1, #2, ...)", (int)rest.n, rest.s);
        m->nth = (unsigned)nth;
        rest.n = 0;
    }
    if (rest.n > 0)
        return fail(p, line, "unexpected '%.*s' after the moment", (int)rest.n, rest.s);
    return LP_OK;
}

/* ---- blocks ------------------------------------------------------------- */

/* Where the body of a block is, while its lines are read. */
typedef enum body_part { PART_TEXT, PART_CHOICES, PART_WHY } body_part;

typedef struct body {
    lpl__buf  text, why;
    char    **choices;   /* owned until moved into the note */
    size_t    nchoices, cap;
    size_t    answer;
    int       answers;   /* how many [x] */
    body_part part;
    bool      paragraph; /* an empty line came before the next prose */
} body;

static void body_free(body *b, const lp_allocator *a)
{
    lpl__buf_free(&b->text);
    lpl__buf_free(&b->why);
    for (size_t i = 0; i < b->nchoices; i++)
        lp_free(a, b->choices[i]);
    lp_free(a, b->choices);
    memset(b, 0, sizeof *b);
}

static int add_choice(parser *p, body *b, int line, lpl__span content)
{
    bool right = content.s[1] != ' ';
    lpl__span label = lpl__trim((lpl__span){content.s + 3, content.n - 3});
    if (b->part == PART_WHY)
        return fail(p, line, "a choice after 'why:': the choices come before the explanation");
    if (b->nchoices == LPL_MAX_CHOICES)
        return fail(p, line, "more than %d choices", LPL_MAX_CHOICES);
    if (label.n == 0)
        return fail(p, line, "an empty choice");
    if (lp_grow(p->alloc, (void **)&b->choices, &b->cap, b->nchoices + 1, sizeof *b->choices) != LP_OK)
        return out_of_memory(p);
    char *s = lpl__strndup(p->alloc, label.s, label.n);
    if (s == NULL)
        return out_of_memory(p);
    if (right) {
        b->answer = b->nchoices;
        b->answers++;
    }
    b->choices[b->nchoices++] = s;
    b->part = PART_CHOICES;
    return LP_OK;
}

/* One body line of an intro, say or ask block. */
static int body_line(parser *p, body *b, bool is_ask, int line, lpl__span content)
{
    content = lpl__trim(content);
    if (content.n == 0) {
        b->paragraph = true;
        return LP_OK;
    }
    bool choice = content.n >= 3 && content.s[0] == '[' && content.s[2] == ']' &&
                  (content.s[1] == ' ' || content.s[1] == 'x' || content.s[1] == 'X');
    bool why = lpl__starts(content, "why:");
    if ((choice || why) && !is_ask)
        return fail(p, line, "only an 'ask' block has %s", choice ? "choices" : "'why:'");
    if (choice)
        return add_choice(p, b, line, content);
    lpl__buf *target = &b->text;
    if (why) {
        if (b->part == PART_WHY)
            return fail(p, line, "a second 'why:' in one block");
        if (b->part != PART_CHOICES)
            return fail(p, line, "'why:' before any choice: list the choices first");
        b->part = PART_WHY;
        b->paragraph = false;
        content = lpl__trim((lpl__span){content.s + 4, content.n - 4});
        target = &b->why;
        if (content.n == 0)
            return LP_OK;
    } else if (b->part == PART_CHOICES) {
        return fail(p, line, "text after the choices: start the explanation with 'why:'");
    } else if (b->part == PART_WHY) {
        target = &b->why;
    }
    int rc = lpl__buf_add_prose(target, content.s, content.n, b->paragraph);
    b->paragraph = false;
    return rc == LP_OK ? LP_OK : out_of_memory(p);
}

/* Checks a finished body and moves it into the note (say/ask) or the intro. */
static int finish_body(parser *p, body *b, bool is_ask, int line, lpl_note *note, char **intro)
{
    if (b->text.len == 0)
        return fail(p, line, is_ask ? "the question is missing" : "the block has no text");
    if (is_ask) {
        if (b->nchoices < 2)
            return fail(p, line, "an 'ask' block needs at least 2 choices ([ ] and [x] lines)");
        if (b->answers != 1)
            return fail(p, line, "an 'ask' block needs exactly one right choice marked [x] "
                                 "(found %d)", b->answers);
        if (b->why.len == 0)
            return fail(p, line, "an 'ask' block needs an explanation ('why: ...')");
    }
    char *text = lpl__buf_take(&b->text);
    if (text == NULL)
        return out_of_memory(p);
    if (intro != NULL) {
        *intro = text;
        return LP_OK;
    }
    note->text = text;
    if (is_ask) {
        if ((note->why = lpl__buf_take(&b->why)) == NULL)
            return out_of_memory(p);
        note->choices = b->choices;
        note->nchoices = b->nchoices;
        note->answer = b->answer;
        b->choices = NULL;
        b->nchoices = b->cap = 0;
    }
    return LP_OK;
}

static void note_free(lpl_note *n, const lp_allocator *a)
{
    for (size_t i = 0; i < n->nexpects; i++)
        lpl__expect_free(&n->expects[i], a);
    lp_free(a, n->expects);
    lp_free(a, n->finding);
    lp_free(a, n->at.text);
    lp_free(a, n->text);
    lp_free(a, n->why);
    for (size_t i = 0; i < n->nchoices; i++)
        lp_free(a, n->choices[i]);
    lp_free(a, n->choices);
    memset(n, 0, sizeof *n);
}

/* A title block: one line, with the title after the keyword. */
static int title_block(parser *p, int line, lpl__span rest, size_t block_len)
{
    if (p->title_line)
        return fail(p, line, "a second title (the first is on line %d)", p->title_line);
    if (rest.n == 0)
        return fail(p, line, "the title is missing: #: title Your title here");
    if (block_len > 1)
        return fail(p, line + 1, "a title is one line");
    p->out->title = lpl__strndup(p->alloc, rest.s, rest.n);
    p->title_line = line;
    return p->out->title ? LP_OK : out_of_memory(p);
}

/* An expect block: one line, right below a say or ask block (or another
** expect of it); it joins that note. */
static int expect_block(parser *p, int line, size_t first, lpl__span rest, size_t block_len)
{
    if (p->attach_end == 0 || first != p->attach_end || p->out->nnotes == 0)
        return fail(p, line, "'expect' belongs right below a 'say' or 'ask' block "
                             "(or below another 'expect' of it)");
    if (block_len > 1)
        return fail(p, line + 1, "an expectation is one line");
    lpl_note *note = &p->out->notes[p->out->nnotes - 1];
    if (lp_grow(p->alloc, (void **)&note->expects, &p->expects_cap, note->nexpects + 1,
                sizeof *note->expects) != LP_OK)
        return out_of_memory(p);
    char why[300];
    lpl_expect e;
    int rc = lpl__parse_expect(p->alloc, rest.s, rest.n, &e, why, sizeof why);
    if (rc == LP_E_NOMEM)
        return out_of_memory(p);
    if (rc != LP_OK)
        return fail(p, line, "%s", why);
    e.source_line = line;
    note->expects[note->nexpects++] = e;
    p->attach_end = first + 1;
    return LP_OK;
}

/* A finding block: one line, right below a say or ask block (or its
** expects), naming the kind of insight the note shows (at most one). It
** also adds the expectation that such a finding has happened by then. */
static int finding_block(parser *p, int line, size_t first, lpl__span rest, size_t block_len)
{
    if (p->attach_end == 0 || first != p->attach_end || p->out->nnotes == 0)
        return fail(p, line, "'finding' belongs right below a 'say' or 'ask' block "
                             "(or below its 'expect' lines)");
    if (block_len > 1)
        return fail(p, line + 1, "a finding is one line");
    lpl_note *note = &p->out->notes[p->out->nnotes - 1];
    if (note->finding)
        return fail(p, line, "a note shows one finding (this one has '%s')", note->finding);
    lpl__span kind = lpl__word(&rest);
    bool ok = kind.n > 0 && kind.n < 64 && lpl__trim(rest).n == 0;
    for (size_t i = 0; ok && i < kind.n; i++)
        ok = (kind.s[i] >= 'a' && kind.s[i] <= 'z') || kind.s[i] == '_';
    if (!ok)
        return fail(p, line, "'finding' needs the kind of an insight, one word, as in: "
                             "#: finding blocked_loop");
    if (lp_grow(p->alloc, (void **)&note->expects, &p->expects_cap, note->nexpects + 1,
                sizeof *note->expects) != LP_OK)
        return out_of_memory(p);
    char implied[80], why[300];
    int len = snprintf(implied, sizeof implied, "finding %.*s", (int)kind.n, kind.s);
    lpl_expect e;
    if (lpl__parse_expect(p->alloc, implied, (size_t)len, &e, why, sizeof why) != LP_OK)
        return out_of_memory(p); /* a valid kind always parses */
    if ((note->finding = lpl__strndup(p->alloc, kind.s, kind.n)) == NULL) {
        lpl__expect_free(&e, p->alloc);
        return out_of_memory(p);
    }
    e.source_line = line;
    note->expects[note->nexpects++] = e;
    p->attach_end = first + 1;
    return LP_OK;
}

/* A glossary block: "teaches" or "uses" and a comma-separated list of terms. */
static int term_block(parser *p, int line, bool teaches, lpl__span rest, size_t block_len)
{
    const char *kw = teaches ? "teaches" : "uses";
    if (block_len > 1)
        return fail(p, line + 1, "a '%s' list is one line", kw);
    if (rest.n == 0)
        return fail(p, line, "'%s' needs terms, as in: #: %s future, event loop", kw, kw);
    while (rest.n > 0) {
        const char *comma = memchr(rest.s, ',', rest.n);
        size_t len = comma ? (size_t)(comma - rest.s) : rest.n;
        lpl__span term = lpl__trim((lpl__span){rest.s, len});
        if (term.n == 0)
            return fail(p, line, "an empty term in the '%s' list", kw);
        lpl_lesson *l = p->out;
        if (lp_grow(p->alloc, (void **)&l->terms, &p->terms_cap, l->nterms + 1, sizeof *l->terms) != LP_OK)
            return out_of_memory(p);
        char *word = lpl__strndup(p->alloc, term.s, term.n);
        if (word == NULL)
            return out_of_memory(p);
        l->terms[l->nterms++] = (lpl_term){.word = word, .line = line, .teaches = teaches};
        if (comma == NULL)
            break;
        rest = (lpl__span){comma + 1, rest.n - len - 1};
        if (lpl__trim(rest).n == 0)
            return fail(p, line, "a comma with no term after it");
    }
    return LP_OK;
}

/* Parses the block of lines [first, end): its header and its body. */
static int parse_block(parser *p, size_t first, size_t end)
{
    int line = (int)first + 1;
    lpl__span header = {0};
    narration_line(p->lines[first], &header);
    lpl__span rest = lpl__trim(header);
    lpl__span keyword = lpl__word(&rest);
    if (lpl__is(keyword, "expect"))
        return expect_block(p, line, first, rest, end - first);
    if (lpl__is(keyword, "finding"))
        return finding_block(p, line, first, rest, end - first);
    p->attach_end = 0;
    if (lpl__is(keyword, "title"))
        return title_block(p, line, rest, end - first);
    if (lpl__is(keyword, "teaches") || lpl__is(keyword, "uses"))
        return term_block(p, line, lpl__is(keyword, "teaches"), rest, end - first);

    bool is_intro = lpl__is(keyword, "intro");
    bool is_ask = lpl__is(keyword, "ask");
    if (!is_intro && !is_ask && !lpl__is(keyword, "say"))
        return fail(p, line, "unknown narration '%.*s' (expected title, intro, say, ask, "
                             "expect, finding, teaches or uses)",
                    (int)keyword.n, keyword.s);
    if (is_intro && p->intro_line)
        return fail(p, line, "a second intro (the first is on line %d)", p->intro_line);
    if (is_intro && rest.n > 0)
        return fail(p, line, "the intro's text goes on the lines below '#: intro'");

    lpl_note note = {.kind = is_ask ? LPL_ASK : LPL_SAY, .source_line = line};
    int rc = is_intro ? LP_OK : parse_moment(p, line, rest, end, &note.at);
    body b = {.text.alloc = p->alloc, .why.alloc = p->alloc};
    for (size_t i = first + 1; rc == LP_OK && i < end; i++) {
        lpl__span content = {0};
        narration_line(p->lines[i], &content);
        rc = body_line(p, &b, is_ask, (int)i + 1, content);
    }
    if (rc == LP_OK)
        rc = finish_body(p, &b, is_ask, line, &note, is_intro ? &p->out->intro : NULL);
    if (rc == LP_OK && is_intro)
        p->intro_line = line;
    if (rc == LP_OK && !is_intro) {
        lpl_lesson *l = p->out;
        if (lp_grow(p->alloc, (void **)&l->notes, &p->notes_cap, l->nnotes + 1,
                    sizeof *l->notes) != LP_OK)
            rc = out_of_memory(p);
        else {
            l->notes[l->nnotes++] = note;
            p->attach_end = end;
            p->expects_cap = 0;
        }
    }
    body_free(&b, p->alloc);
    if (rc != LP_OK)
        note_free(&note, p->alloc);
    return rc;
}

/* Splits the text into lines (spans into it). */
static int split_lines(parser *p, const char *text, size_t len)
{
    size_t cap = 0;
    size_t start = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i < len && text[i] != '\n')
            continue;
        if (i == len && start == len)
            break; /* no empty line after a final '\n' */
        if (lp_grow(p->alloc, (void **)&p->lines, &cap, p->nlines + 1, sizeof *p->lines) != LP_OK)
            return out_of_memory(p);
        p->lines[p->nlines++] = (lpl__span){text + start, i - start};
        start = i + 1;
    }
    return LP_OK;
}

int lpl_parse(lpl_lesson *out, const char *file, const char *text, size_t len,
              const lp_allocator *alloc, lpl_error *err)
{
    memset(out, 0, sizeof *out);
    out->alloc = lp_allocator_or_default(alloc);
    if (err != NULL)
        memset(err, 0, sizeof *err);
    parser p = {.file = file ? file : "<lesson>", .out = out, .err = err, .alloc = &out->alloc};
    if (text == NULL)
        text = "", len = 0;
    if (memchr(text, '\0', len) != NULL)
        return fail(&p, 0, "not a text file (it contains a NUL byte)");

    int rc = split_lines(&p, text, len);
    for (size_t i = 0; rc == LP_OK && i < p.nlines;) {
        lpl__span content = {0};
        if (!narration_line(p.lines[i], &content)) {
            i++;
            continue;
        }
        if (!header_line(content)) {
            rc = fail(&p, (int)i + 1, "narration text outside a block: a block starts with "
                                      "'#: title', '#: intro', '#: say at ...', '#: ask at ...', "
                                      "'#: expect', '#: finding', '#: teaches' or '#: uses'");
            break;
        }
        size_t end = i + 1;
        while (end < p.nlines && narration_line(p.lines[end], &content) && !header_line(content))
            end++;
        rc = parse_block(&p, i, end);
        i = end;
    }
    if (rc == LP_OK && !p.title_line)
        rc = fail(&p, 1, "the lesson has no title: add a line '#: title Your title'");
    if (rc == LP_OK && !p.intro_line)
        rc = fail(&p, 1, "the lesson has no introduction: add a '#: intro' block");
    lp_free(p.alloc, p.lines);
    if (rc != LP_OK)
        lpl_lesson_free(out);
    return rc;
}

int lpl_load(lpl_lesson *out, const char *path, const lp_allocator *alloc, lpl_error *err)
{
    memset(out, 0, sizeof *out);
    lp_allocator a = lp_allocator_or_default(alloc);
    parser p = {.file = path, .err = err};
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return fail(&p, 0, "cannot open: %s", strerror(errno));
    lpl__buf b = {.alloc = &a};
    char chunk[8192];
    size_t n;
    int rc = LP_OK;
    while (rc == LP_OK && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
        rc = lpl__buf_add(&b, chunk, n);
    int read_error = ferror(f);
    fclose(f);
    if (rc != LP_OK) {
        lpl__buf_free(&b);
        return out_of_memory(&p);
    }
    if (read_error) {
        lpl__buf_free(&b);
        return fail(&p, 0, "cannot read the file");
    }
    rc = lpl_parse(out, path, b.data ? b.data : "", b.len, &a, err);
    lpl__buf_free(&b);
    return rc;
}

void lpl_lesson_free(lpl_lesson *lesson)
{
    lp_allocator a = lp_allocator_or_default(&lesson->alloc);
    lp_free(&a, lesson->title);
    lp_free(&a, lesson->intro);
    for (size_t i = 0; i < lesson->nnotes; i++)
        note_free(&lesson->notes[i], &a);
    lp_free(&a, lesson->notes);
    for (size_t i = 0; i < lesson->nterms; i++)
        lp_free(&a, lesson->terms[i].word);
    lp_free(&a, lesson->terms);
    memset(lesson, 0, sizeof *lesson);
    lesson->alloc = a;
}
