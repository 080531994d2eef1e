"""With hash seed 0, sets and frozensets of strings (and hash() of a str) print the same way every run."""
fruits = {'apple', 'banana', 'cherry', 'date', 'elderberry', 'fig', 'grape'}
print(fruits)
print(frozenset('asyncio'))
print(sorted(fruits) == sorted(set(sorted(fruits))))
print(hash('looplab'), hash(b'looplab'))
print({word: len(word) for word in fruits})
print(set('the quick brown fox'.split()) | {'jumps'})
