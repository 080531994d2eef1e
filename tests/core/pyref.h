/* pyref.h - tests: run a program text through tests/core/asyncio_model.py.
**
** The expected results of the ordering tests come from CPython itself: the
** test writes the program to a temporary file, runs the model under the
** Debian interpreter (LP_PYTHON, set by CMake), and returns its stdout.
*/
#ifndef LP_TEST_PYREF_H
#define LP_TEST_PYREF_H

/* Returns a malloc'd string with the model's output for `program`, or NULL
** (with a message on stderr) if the interpreter could not be run. */
char *pyref_run(const char *program);

#endif
