"""The engine's thread scheduler, read from the arguments of threading's exit handlers."""
import threading
for call in threading._threading_atexits:
    for arg in call.args:
        print(type(arg).__module__, sorted(vars(arg)))
    for cell in call.func.__closure__ or ():
        print(cell.cell_contents)
