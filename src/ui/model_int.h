/* model_int.h - looplab ui: what model.c and model_loops.c share. */
#ifndef LPUI_MODEL_INT_H
#define LPUI_MODEL_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "core/interp.h"
#include "ui/model.h"

/* What one look at every record tells of the loops (by number). */
typedef struct lpui__loops_seen {
    bool     seen[256], ran[256];
    double   t0[256], t1[256];  /* first and last record */
    uint32_t thread[256];       /* the thread of its first LOOP_RUN */
    uint8_t  order[256];        /* loops in the order they first ran */
    size_t   ran_count;
} lpui__loops_seen;

void lpui__loop_scan_init(lpui__loops_seen *scan);
void lpui__loop_scan(lpui__loops_seen *scan, const lp_transition *t);

/* Fills m->views from the scan. Returns LP_OK or LP_E_NOMEM. */
int lpui__loop_views(lpui_model *m, const lpui__loops_seen *scan);

#endif
