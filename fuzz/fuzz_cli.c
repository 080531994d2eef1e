/* fuzz_cli.c - libFuzzer target: looplab's command line (src/app/cli.c).
**
** The input is split at NUL bytes into argv[1..] (argv[0] is "looplab").
** Whatever it holds, lpapp_cli_parse must return 0 or -1, say why on -1,
** and on 0 point only into argv.
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "app/cli.h"
#include "input.h"

#define MAX_ARGS 64

static bool inside(char **argv, int argc, const char *s)
{
    if (!s)
        return true;
    for (int i = 0; i < argc; i++)
        if (s >= argv[i] && s <= argv[i] + strlen(argv[i]))
            return true;
    return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text;
    char *argv[MAX_ARGS + 2];
    argv[0] = (char *)"looplab";
    int n = fuzz_split(data, size, &text, argv + 1, MAX_ARGS);
    if (n < 0)
        return 0;
    int argc = n + 1;
    argv[argc] = NULL;

    lpapp_cli cli;
    char err[256];
    int rc = lpapp_cli_parse(&cli, argc, argv, err, sizeof err);
    if (rc != 0 && rc != -1)
        abort();
    if (rc == -1 && err[0] == '\0')
        abort(); /* an error must say why */
    if (rc == 0) {
        if (!inside(argv, argc, cli.file) || !inside(argv, argc, cli.trace_path) ||
            !inside(argv, argc, cli.out_path))
            abort();
        if (cli.command == LPAPP_CMD_RUN && (!cli.file || cli.prog_argc < 0 ||
                                             cli.prog_argv + cli.prog_argc != argv + argc))
            abort();
        if (cli.has_until && !(cli.until > 0.0))
            abort();
    }
    free(text);
    return 0;
}
