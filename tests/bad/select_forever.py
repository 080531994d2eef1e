"""select() on nothing, for ever: no GIL held, no CPU used; the supervisor ends it."""
import select
select.select([], [], [])
