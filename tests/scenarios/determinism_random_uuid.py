"""random starts from seed 0 and os.urandom is a seeded stream, so random, uuid4 and secrets repeat every run."""
import os
import random
import secrets
import uuid

print('random', random.random(), random.randint(1, 100), random.choice('abcdef'))
print('uuid4', uuid.uuid4())
print('urandom', os.urandom(8).hex())
print('secrets', secrets.token_hex(8), secrets.randbelow(1000))
print('SystemRandom', random.SystemRandom().random())
print('Random()', random.Random().random())
random.seed()
print('after seed()', random.random())
print('cpu_count', os.cpu_count())
