/* insights_from_raw.c - the insights of a saved raw trace, as JSON on stdout.
**
** A test helper: the window reads the trace its child process saved
** (--raw-trace), so the test checks that a saved trace, read back, gives
** the very report `looplab run --insights=json` printed.
** Usage: insights_from_raw TRACE PROGRAM
*/
#include <stdio.h>

#include "core/status.h"
#include "core/trace_file.h"
#include "insight/insight.h"
#include "insight/source.h"

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: insights_from_raw TRACE PROGRAM\n");
        return 2;
    }
    FILE *in = fopen(argv[1], "rb");
    if (!in) {
        perror(argv[1]);
        return 2;
    }
    lp_trace trace;
    int rc = lp_trace_init(&trace, lp_allocator_default());
    if (rc == LP_OK)
        rc = lp_trace_load(&trace, in);
    fclose(in);
    if (rc != LP_OK) {
        fprintf(stderr, "%s: %s\n", argv[1], lp_status_name(rc));
        lp_trace_free(&trace);
        return 1;
    }
    lpin_source_files files;
    lpin_source source = lpin_source_files_init(&files, argv[2]);
    lpin_report report;
    rc = lpin_analyze(&trace, &source, lp_allocator_default(), &report);
    if (rc == LP_OK) {
        lpin_write_json(&report, stdout);
        lpin_report_free(&report);
    }
    lpin_source_files_free(&files);
    lp_trace_free(&trace);
    return rc == LP_OK ? 0 : 1;
}
