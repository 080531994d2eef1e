/* write.c - looplab insights: the report as text for people, JSON for tools. */
#include <stdio.h>
#include <string.h>

#include "insight/insight.h"

/* The names a finding involves: "tasks main, fetch; threads asyncio_0". */
static void write_names(const lpin_finding *f, FILE *out)
{
    if (f->task_count) {
        fprintf(out, "%s", f->task_count == 1 ? "task " : "tasks ");
        for (size_t i = 0; i < f->task_count; i++)
            fprintf(out, "%s%s", i ? ", " : "", f->tasks[i]);
    }
    if (f->thread_count) {
        fprintf(out, "%s%s", f->task_count ? "; " : "", f->thread_count == 1 ? "thread " : "threads ");
        for (size_t i = 0; i < f->thread_count; i++)
            fprintf(out, "%s%s", i ? ", " : "", f->threads[i]);
    }
}

void lpin_write_text(const lpin_report *report, FILE *out)
{
    if (report->count == 0) {
        fprintf(out, "looplab insights: nothing to report.\n");
        return;
    }
    fprintf(out, "looplab insights: %zu finding%s, most costly first\n", report->count,
            report->count == 1 ? "" : "s");
    for (size_t i = 0; i < report->count; i++) {
        const lpin_finding *f = &report->findings[i];
        fprintf(out, "\n%zu. %s", i + 1, lpin_kind_heading(f->kind));
        if (f->file)
            fprintf(out, " at %s:%u", f->file, (unsigned)f->line);
        if (f->t1 > f->t0)
            fprintf(out, ", t = %.3f to %.3f", f->t0, f->t1);
        else
            fprintf(out, ", t = %.3f", f->t0);
        if (f->cost > 0.0)
            fprintf(out, ", cost %.3f s", f->cost);
        fprintf(out, "\n   %s\n", f->summary);
        if (f->task_count || f->thread_count) {
            fprintf(out, "   Involved: ");
            write_names(f, out);
            fprintf(out, ".\n");
        }
        fprintf(out, "   Fix: %s\n", f->fix);
    }
}

static void json_string(const char *s, FILE *out)
{
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(out, "\\%c", *p);
        else if (*p == '\n')
            fputs("\\n", out);
        else if (*p < 0x20)
            fprintf(out, "\\u%04x", *p);
        else
            fputc(*p, out);
    }
    fputc('"', out);
}

static void json_names(const char *key, char *const *names, const uint32_t *ids, size_t n, FILE *out)
{
    fprintf(out, ", \"%s\": [", key);
    for (size_t i = 0; i < n; i++) {
        fprintf(out, "%s{\"id\": %u, \"name\": ", i ? ", " : "", (unsigned)ids[i]);
        json_string(names[i], out);
        fputc('}', out);
    }
    fputc(']', out);
}

/* A deadlock's cycle: who waits for which lock where, and where its
** holder (the next step's thread) took it. */
static void json_cycle(const lpin_finding *f, FILE *out)
{
    fputs(", \"cycle\": [", out);
    for (size_t i = 0; i < f->cycle_len; i++) {
        const lpin_cycle_step *c = &f->cycle[i];
        fprintf(out, "%s{\"thread\": %u, \"name\": ", i ? ", " : "", (unsigned)c->thread);
        json_string(c->who, out);
        fputs(", \"lock\": ", out);
        json_string(c->lock, out);
        fprintf(out, ", \"wait_line\": %u, \"held_line\": %u}", (unsigned)c->wait_line,
                (unsigned)c->held_line);
    }
    fputc(']', out);
}

void lpin_write_json(const lpin_report *report, FILE *out)
{
    fprintf(out, "{\"findings\": [");
    for (size_t i = 0; i < report->count; i++) {
        const lpin_finding *f = &report->findings[i];
        fprintf(out, "%s\n  {\"kind\": \"%s\", \"file\": ", i ? "," : "", lpin_kind_id(f->kind));
        if (f->file)
            json_string(f->file, out);
        else
            fputs("null", out);
        fprintf(out, ", \"line\": %u, \"t0\": %.9g, \"t1\": %.9g, \"cost\": %.9g, \"event\": %zu",
                (unsigned)f->line, f->t0, f->t1, f->cost, f->event);
        json_names("tasks", f->tasks, f->task_ids, f->task_count, out);
        json_names("threads", f->threads, f->thread_ids, f->thread_count, out);
        if (f->cycle_len)
            json_cycle(f, out);
        fputs(", \"summary\": ", out);
        json_string(f->summary, out);
        fputs(", \"fix\": ", out);
        json_string(f->fix, out);
        fputc('}', out);
    }
    fprintf(out, "%s]}\n", report->count ? "\n" : "");
}
