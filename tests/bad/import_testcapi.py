"""The C API test module (a way round the hook)."""
import _testcapi
