/* sentences.h - looplab ui: the window's sentences, each written once.
**
** What WHAT HAPPENS (the narration panel when no lesson speaks) and the
** cards' subtitles say about an event is what CPython 3.11 does then. Each
** sentence is one entry of a table keyed by the event kind, with a case
** where one kind means different things (wait_for's timeout is not
** asyncio.timeout's; a blocking call that returns into another one does not
** let timers run). Entries are templates with named slots, filled from an
** lpui_words: {task} {thread} {by} {where} {what} {call} {t} {when} {n} {pct};
** and the loop an event belongs to: {loop} {Loop} ("the loop", or "the loop
** of thread 'bell-thread'" when it is not the loop the panels show), {of_loop}
** {in_loop} ("", or " of ..."/" in ..." that loop).
** The drawing code picks an entry and fills its slots; it writes no
** sentence of its own.
*/
#ifndef LPUI_SENTENCES_H
#define LPUI_SENTENCES_H

#include <stddef.h>
#include <stdint.h>

#include "ui/model.h"

#define LPUI_SAYINGS(XX)                                                                         \
    XX(CALL_SOON_STEP, CALL_SOON,                                                                \
       "{task} is ready: its next step joins the end of the ready queue. {Loop} runs ready "      \
       "callbacks first in, first out.")                                                         \
    XX(CALL_SOON_THREAD, CALL_SOON,                                                              \
       "{thread} hands a result to {loop} with call_soon_threadsafe: a callback joins the "    \
       "ready queue and waits there until the loop runs it.")                                    \
    XX(CALL_SOON_HANDOFF, CALL_SOON,                                                             \
       "{thread} hands a callback to {loop} with call_soon_threadsafe: it joins that loop's "    \
       "ready queue and waits there until the thread that runs the loop gets to it.")            \
    XX(CALL_SOON_CALL, CALL_SOON, "call_soon: a callback that will call {call} joins the end of the ready queue{of_loop}.") \
    XX(CALL_SOON, CALL_SOON, "A callback joins the end of the ready queue{of_loop} (call_soon).")          \
    XX(CALL_AT_CALL, CALL_AT,                                                                    \
       "A timer is set for t = {when}: then it will call {call}. {Loop} keeps its timers in "  \
       "a heap (heapq) and, once per turn, moves the ones that are due to the ready queue.")     \
    XX(CALL_AT_SLEEP, CALL_AT,                                                                   \
       "{task} sleeps: a timer is set for t = {when} to wake it. {Loop} keeps its timers in a " \
       "heap (heapq) and, once per turn, moves the ones that are due to the ready queue.")       \
    XX(CALL_AT_TIMEOUT, CALL_AT,                                                                 \
       "{what} sets its timeout: a timer for t = {when}{in_loop}. If it fires before the work "  \
       "is done, it wakes {task}.")                                                                       \
    XX(CALL_AT_DEADLINE, CALL_AT,                                                                \
       "asyncio.timeout sets its deadline: a timer for t = {when}{in_loop}. If it fires before "      \
       "the block is left, it requests the cancellation of {task}.")                                 \
    XX(CALL_AT, CALL_AT,                                                                         \
       "A timer is set for t = {when}. {Loop} keeps its timers in a heap (heapq) and, once "   \
       "per turn, moves the ones that are due to the ready queue.")                              \
    XX(CANCEL, CANCEL,                                                                           \
       "A callback or timer is cancelled (Handle.cancel): it stays where it is, and {loop} "   \
       "drops it when it gets to it.")                                                           \
    XX(PURGE, PURGE,                                                                             \
       "A cancelled timer has reached the top of the heap: {loop} drops it without running "   \
       "it.")                                                                                    \
    XX(REBUILD, REBUILD,                                                                         \
       "Most timers in the heap are cancelled: {loop} rebuilds the heap without them ({n} "    \
       "kept).")                                                                                 \
    XX(SKIP, SKIP,                                                                               \
       "A cancelled callback has reached the front of the ready queue: {loop} drops it "       \
       "without running it.")                                                                    \
    XX(TIMER_DUE, TIMER_DUE, "The timer due at {when} is due: its callback moves to the ready queue{of_loop}.") \
    XX(TIMER_DUE_LATE, TIMER_DUE,                                                                \
       "The timer due at {when} is due, and {late} s late: {loop} looks at its timers once "   \
       "per turn and could not turn sooner. Its callback moves to the ready queue.")             \
    XX(RUN, RUN,                                                                                 \
       "{Loop} takes the first callback of the ready queue and runs it. Only one callback "    \
       "runs at a time; the others wait their turn.")                                            \
    XX(ITER_ONE, ITER,                                                                           \
       "A new turn of {loop}: one callback is ready now. The loop runs exactly that one; "     \
       "anything it makes ready waits for the next turn.")                                       \
    XX(ITER, ITER,                                                                               \
       "A new turn of {loop}: {n} callbacks are ready now. The loop runs exactly those; "      \
       "anything they make ready waits for the next turn.")                                      \
    XX(POLL_NONE, POLL, "{Loop} polls for I/O. No timer is set.")                              \
    XX(POLL, POLL,                                                                               \
       "{Loop} polls: when nothing is ready it sleeps until the next timer, due at {when}.")   \
    XX(CLOCK, CLOCK,                                                                             \
       "Virtual time jumps from {when} to {t}: looplab never waits in real time, so idle time "  \
       "passes at once.")                                                                        \
    XX(TASK_NEW, TASK_NEW,                                                                       \
       "A task is made ({what}){in_loop}. Making a task schedules its first step: it does not "\
       "run yet.")  \
    XX(TASK_STEP, TASK_STEP,                                                                     \
       "{task} runs a step{in_loop}: its coroutine resumes where it stopped and runs until its "     \
       "next await that has to wait.")                                                                \
    XX(TASK_SUSPEND, TASK_SUSPEND,                                                               \
       "{task} stops at {where} and awaits {what}. Control goes back to {loop}, which runs "   \
       "whatever is ready next.")                                                                \
    XX(TASK_DONE, TASK_DONE, "{task} is finished: it returned. Whoever awaits it is woken.")     \
    XX(TASK_DONE_ERROR, TASK_DONE,                                                               \
       "{task} is finished: it raised an exception. Whoever awaits it is woken and gets the "    \
       "exception.")                                                                             \
    XX(TASK_DONE_CANCELLED, TASK_DONE,                                                           \
       "{task} is finished: it was cancelled. Whoever awaits it is woken and gets "              \
       "CancelledError.")                                                                        \
    XX(TASK_CANCEL, TASK_CANCEL,                                                                 \
       "Cancellation of {task} is requested (Task.cancel): at its next step CancelledError is "  \
       "thrown in at the await where it waits. The task may catch it and carry on.")             \
    XX(TASK_CANCEL_UNSTARTED, TASK_CANCEL,                                                       \
       "Cancellation of {task} is requested before its first step: that step throws "            \
       "CancelledError into the coroutine before its first line, so its body never runs.")      \
    XX(TIMEOUT_WAIT_FOR, TIMEOUT,                                                                \
       "wait_for's timer fired: {task} wakes up, cancels the task wait_for runs the awaited "    \
       "work in, and waits for it to end. If that task ends cancelled, wait_for raises "         \
       "TimeoutError in {task}; {task} itself is not cancelled.")                                \
    XX(TIMEOUT_WAIT, TIMEOUT,                                                                    \
       "asyncio.wait's timeout fired: {task} wakes up. Nothing is cancelled and nothing is "     \
       "raised: wait returns the done and the pending tasks, and the pending ones run on.")      \
    XX(TIMEOUT_BLOCK, TIMEOUT,                                                                   \
       "The deadline of asyncio.timeout fired: cancellation of {task} is requested. When the "   \
       "CancelledError leaves the async with block, asyncio.timeout turns it into TimeoutError.") \
    XX(TIMEOUT, TIMEOUT, "A timeout of {task} fired.")                                 \
    XX(OUTPUT, OUTPUT, "{task} prints a line (see the console).")                                \
    XX(OUTPUT_PROGRAM, OUTPUT, "The program prints a line (see the console).")                   \
    XX(BLOCK, BLOCK_BEGIN,                                                                       \
       "A blocking call at {where} freezes the loop thread until t = {when}. No callback and "   \
       "no timer can run meanwhile; other threads still do.")                                    \
    XX(BLOCK_NOWHERE, BLOCK_BEGIN,                                                               \
       "A blocking call freezes the loop thread until t = {when}. No callback and no timer can " \
       "run meanwhile; other threads still do.")                                                 \
    XX(BLOCK_END, BLOCK_END,                                                                     \
       "The blocking call returns at t = {t}. The step goes on; once it reaches an await, the "  \
       "loop has control again and on its next turn runs the timers that came due meanwhile, "   \
       "late.")                                                                                  \
    XX(BLOCK_END_AGAIN, BLOCK_END,                                                               \
       "The blocking call returns at t = {t}, and the step goes straight into another "          \
       "blocking call: the loop still has no control, and the timers that came due keep "        \
       "waiting.")                                                                               \
    XX(POOL_NEW, POOL_NEW, "A thread pool with {n} worker lanes is made.")                       \
    XX(JOB_SUBMIT, JOB_SUBMIT,                                                                   \
       "A thread starts (a pool lane, or the program's own). In looplab's model it first runs "  \
       "when the loop thread next waits; in CPython the OS decides.")                            \
    XX(JOB_START, JOB_START, "The new thread takes lane {n}.")                                   \
    XX(JOB_WAKE, JOB_WAKE,                                                                       \
       "{thread} gets its turn: it runs until it waits again (one Python thread at a time).")    \
    XX(JOB_SLEEP, JOB_SLEEP, "{thread} waits until t = {when}; the loop is not affected.")       \
    XX(JOB_SLEEP_POLL, JOB_SLEEP,                                                                \
       "{thread} waits until t = {when}: nothing is ready in its event loop, which sleeps until " \
       "its next timer. Other threads run meanwhile.")                                           \
    XX(JOB_SLEEP_FROZEN, JOB_SLEEP,                                                              \
       "{thread} waits until t = {when} inside a callback of its own event loop (a blocking "    \
       "call such as time.sleep): that loop is frozen meanwhile, no callback and no timer of it " \
       "runs. Other threads still do.")                                                          \
    XX(JOB_PARK, JOB_PARK, "{thread} waits until another thread releases or notifies it.")       \
    XX(JOB_PARK_FROZEN, JOB_PARK,                                                                \
       "{thread} waits inside a callback of its own event loop until another thread releases "   \
       "or notifies it: that loop is frozen meanwhile, no callback and no timer of it runs.")    \
    XX(JOB_PARK_POLL, JOB_PARK,                                                                  \
       "{thread} waits: nothing is ready in its event loop and no timer is set, so it sleeps "   \
       "until another thread hands it a callback (call_soon_threadsafe).")                       \
    XX(JOB_END, JOB_END, "{thread} has finished; its lane is free.")                             \
    XX(THREAD_WAIT, THREAD_WAIT, "{thread} waits in {what}.")                                    \
    XX(THREAD_WAKE, THREAD_WAKE,                                                                 \
       "{by} releases or notifies: {thread} wakes up now and runs at its next turn.")            \
    XX(CPU_WORK, CPU_WORK,                                                                       \
       "{thread} starts {when} s of CPU work. Threads of one process share the GIL: while k of " \
       "them compute, each gets at best 1/k of a CPU.")                                          \
    XX(CPU_RATE, CPU_RATE, "{thread} now gets {pct}% of a CPU.")                                 \
    XX(CPU_DONE, CPU_RATE, "{thread} has finished its CPU work; the others speed up.")           \
    XX(OTHER, MARK, "Event: {what}.")                                                            \
    /* ---- the narration panel around the events ---- */                                       \
    XX(NOT_STARTED, MARK, "The program has not started yet. Press Space to play, or \xE2\x86\x92 to step.") \
    XX(RUN_OVER, MARK, "The run is over at t = {t}. Press Home to go back to the start, or drag on the timeline.") \
    XX(FROZEN, BLOCK_BEGIN,                                                                      \
       "The loop is frozen: a blocking call at {where} runs until t = {when}, and the one "      \
       "thread that runs the loop is stuck inside it. No callback and no timer can run until "   \
       "it returns; other threads still do.")                                                    \
    XX(FROZEN_NOWHERE, BLOCK_BEGIN,                                                              \
       "The loop is frozen until t = {when}: no callback and no timer can run until the "        \
       "blocking call returns; other threads still do.")                                         \
    /* ---- the running slot when no callback runs ---- */                                     \
    XX(IDLE_CHOOSING, ITER, "idle: the loop is choosing what runs next")                         \
    XX(IDLE_NOTHING, POLL, "idle: nothing is ready and no timer is set")                         \
    XX(IDLE_SLEEPS, POLL, "idle: nothing is ready; the loop sleeps until the next timer")        \
    XX(IDLE_ENDED, MARK, "the program has ended")                                                \
    /* ---- card subtitles and hints ---- */                                                    \
    XX(CARD_NEW, TASK_NEW, "new \xC2\xB7 first step queued")                                     \
    XX(CARD_CANCEL, TASK_CANCEL, "cancellation requested")                                       \
    XX(CARD_CANCEL_UNSTARTED, TASK_CANCEL, "cancelled before it ran")                            \
    XX(CARD_TIMEOUT_WAIT_FOR, TIMEOUT, "wait_for timed out")                                     \
    XX(CARD_TIMEOUT_WAIT, TIMEOUT, "asyncio.wait timed out")                                     \
    XX(CARD_TIMEOUT_BLOCK, TIMEOUT, "asyncio.timeout expired")                                   \
    XX(CARD_TIMEOUT, TIMEOUT, "a timeout fired")                                                 \
    XX(TIMER_CANCELLED, CANCEL, "cancelled: dropped when it reaches the top")                    \
    XX(TIMERS_HINT, TIMER_DUE, "Timers are looked at once per turn of the loop.")

typedef enum lpui_say {
#define LPUI__SAY_ENUM(name, kind, text) LPUI_SAY_##name,
    LPUI_SAYINGS(LPUI__SAY_ENUM)
#undef LPUI__SAY_ENUM
    LPUI_SAY__COUNT
} lpui_say;

/* What fills a sentence's slots; NULL strings read as "". */
typedef struct lpui_words {
    const char *task, *thread, *by, *where, *what, *call;
    const char *loop;   /* the loop, when not the one on screen ("the loop of thread
                        ** 'bell-thread'", lower case); NULL or "": the one on screen */
    double      t, when, late;
    unsigned long long n;
    double      pct;
} lpui_words;

/* The sentence `id` with its slots filled, cut to fit `n` bytes. */
void lpui_say_fill(lpui_say id, const lpui_words *w, char *out, size_t n);

/* The template of sentence `id` (for tests and tools). */
const char *lpui_say_text(lpui_say id);

/* The event kind (lp_event_kind) sentence `id` belongs to. */
unsigned lpui_say_kind(lpui_say id);

/* A location as the window writes it: "line 53" in the program on screen
** (file sid `program`), else the file's short name and the line:
** "sim.py:53", "asyncio/threads.py:25" (the standard library's files by
** their path inside it). "" when line is 0. */
void lpui_where(const char *file, int in_program, unsigned line, char *out, size_t n);

/* What handle `serial` will call, as the engine recorded it (HANDLE_CALL,
** or asyncio's known calls in CALL_SOON / CALL_AT, lp_known_call):
** "ring('first')" for the program's own function, with the file sid and
** line where it was made (0: unknown); asyncio's by qualified name
** ("_set_result_unless_cancelled", file and line 0). NULL when not
** recorded (a task's step, a partial...). Looks only near the handle's
** making (a bounded scan: no index is kept), so it is cheap. */
const char *lpui_handle_call(const lpui_model *m, uint32_t serial, uint32_t *file_sid, unsigned *line);

#endif
