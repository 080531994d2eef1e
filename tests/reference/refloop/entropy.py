"""Deterministic randomness and machine size.

The model: string hashing uses seed 0 (refrun.py starts the interpreter
with PYTHONHASHSEED=0); `random` starts from random.seed(SEED); os.urandom(n)
returns randbytes(n) of a second random.Random(SEED), so uuid4, secrets and
SystemRandom repeat too. SEED is 0, or N with --seed N.

One extension the C engine must copy: a Random seeded with None
(random.Random(), random.seed()) would read the OS entropy pool in C;
here it is seeded with int.from_bytes(os.urandom(32), 'big') instead,
drawing from the same deterministic stream.

The simulated machine has 8 CPUs: os.cpu_count() is 8.
"""

import os
import random

CPU_COUNT = 8


def install(seed):
    stream = random.Random(seed)

    def urandom(size):
        if size < 0:
            raise ValueError("negative argument not allowed")
        return stream.randbytes(size)

    os.urandom = urandom
    random._urandom = urandom          # SystemRandom and secrets read this

    real_seed = random.Random.seed

    def seed_method(self, a=None, version=2):
        if a is None:
            a = int.from_bytes(os.urandom(32), 'big')
        real_seed(self, a, version)

    seed_method.__doc__ = real_seed.__doc__
    random.Random.seed = seed_method
    random.seed = random._inst.seed    # the module bound the old method
    random.seed(seed)

    def cpu_count():
        return CPU_COUNT

    os.cpu_count = cpu_count
