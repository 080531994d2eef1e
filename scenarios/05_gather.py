"""Lesson 5: gather keeps the order given; an error does not stop the others."""
#: title gather: results in order, and errors that do not stop the others
#: teaches TaskGroup, ExceptionGroup, except*, async with
#: uses task, coroutine, create_task, timer, future
#: intro
#:   asyncio.gather runs several coroutines (or tasks, or futures) at once,
#:   each as a task, and returns their results in the order you gave them,
#:   not the order they finished.
#:
#:   When one of them raises, gather passes that error on at once, but it
#:   does NOT cancel the others: they keep running in the background. Many
#:   people expect the opposite. asyncio.TaskGroup is the tool that cancels
#:   the rest, and return_exceptions=True turns errors into results.
import asyncio
import time

START = time.monotonic()


def clock():
    """Seconds since the program started."""
    return f"{time.monotonic() - START:.1f} s"


async def job(name, seconds, fail=False):
    await asyncio.sleep(seconds)
    if fail:
        #: say at print "  G fails"
        #:   `async with` is a with block whose entry and exit can await
        #:   (lesson 12 says more). `async with asyncio.TaskGroup() as group:`
        #:   holds the tasks made with group.create_task, and the block ends
        #:   only when they all have. G is failing now; F still waits.
        #: expect output "G fails at 7.0 s"
        #: expect running job
        #: expect waiting main, job
        print(f"  {name} fails at {clock()}")
        raise ValueError(f"{name} broke")
    print(f"  {name} finished at {clock()}")
    return name


async def main():
    print("1. three jobs; the slowest is listed first")
    results = await asyncio.gather(job("slow", 3), job("quick", 1), job("medium", 2))
    #: say at print "results:"
    #:   They finished quick, medium, slow, yet the list follows the order of
    #:   the arguments: gather puts each result in its own slot.
    #: expect output "results: ['slow', 'quick', 'medium']"
    #: expect time 3
    #: expect waiting none
    print(f"results: {results}")

    print("2. one job fails")
    try:
        await asyncio.gather(job("A", 1), job("B", 0.5, fail=True), job("C", 2))
    except ValueError as error:
        print(f"gather raised at {clock()}: {error}")
    #: ask at print "  A finished"
    #:   gather has raised B's error. What happens to A and C, which were
    #:   still waiting?
    #:   [ ] they were cancelled when B failed
    #:   [x] they keep running and finish on their own
    #:   [ ] they are paused until someone awaits them again
    #:   why: gather does not cancel its other children when one fails. A and
    #:     C are still tasks on the loop; they finish at 4.0 s and 5.0 s, and
    #:     their results are simply thrown away.
    #: expect output "gather raised at 3.5 s: B broke"
    #: expect waiting main, job
    #: expect running job
    #: expect timers 2
    await asyncio.sleep(2)

    print("3. the same with return_exceptions=True")
    results = await asyncio.gather(job("D", 1), job("E", 0.5, fail=True),
                                   return_exceptions=True)
    #: say at print "results: ['D'"
    #:   With return_exceptions=True gather raises nothing: E's ValueError
    #:   comes back as E's result, in E's slot, and main decides what to do
    #:   with it. gather returned only once both had ended.
    #: expect output "results: ['D', ValueError('E broke')]"
    #: expect time 6.5
    #: expect waiting none
    print(f"results: {results!r}")

    print("4. the same with a TaskGroup")
    try:
        async with asyncio.TaskGroup() as group:
            group.create_task(job("F", 1))
            group.create_task(job("G", 0.5, fail=True))
    except* ValueError as errors:
        #: say at print "TaskGroup raised"
        #:   When G failed, the group cancelled F at once, waited for it to
        #:   end, and raised an ExceptionGroup: one exception that carries
        #:   several, here just G's. `except* ValueError` catches the
        #:   ValueErrors inside it. F's timer is gone: nothing is left running.
        #: expect output "TaskGroup raised at 7.0 s: (ValueError('G broke'),)"
        #: expect timers 0
        #: expect waiting none
        print(f"TaskGroup raised at {clock()}: {errors.exceptions!r}")
    #: say at print "F never finished"
    #:   Two seconds later, still no line from F: the group cancelled it
    #:   for good.
    #: expect output "F never finished"
    #: expect time 9
    #: expect timers 0
    await asyncio.sleep(2)
    print("F never finished: the group cancelled it")


asyncio.run(main())
