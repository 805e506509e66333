/* _pyeval_compat: supplies PyEval_CallObject, removed from CPython in 3.13, for the C
 * extension of durable-rules 2.0.28 (durable_rules_engine).
 *
 * Up to 3.12, PyEval_CallObject(callable, args) was a macro for
 * PyEval_CallObjectWithKeywords(callable, args, NULL); 3.13 removed the macro, so
 * durable_rules_engine built for 3.13 references an undefined symbol PyEval_CallObject (the
 * only one missing; everything else it uses is still exported) and fails at import.
 * callcenter_rules._durable loads this library with RTLD_GLOBAL before importing
 * durable_rules_engine, so the dynamic linker resolves the symbol here. The library is
 * built on every Python version (wheels are then per-interpreter, never "pure"); it is only
 * loaded globally on 3.13+.
 *
 * CAVEAT, why this is not a plain forwarder. On 3.13 durable's rules.c calls
 * PyEval_CallObject with no prototype in scope, so the C compiler assumes it returns int:
 * at each of its five call sites the returned pointer is cut to its low 32 bits and
 * sign-extended (x86-64: "call PyEval_CallObject@plt; cltq"). A plain forwarder would hand
 * durable a corrupt object pointer, which it then reads and decrefs: the process crashes
 * (measured: a segfault at the first asserted fact after set_store_message_callback).
 *
 * The only callers are durable's storage callbacks (the set_*_callback functions:
 * store/delete/queue message, get queued messages, get idle state). callcenter-rules never
 * registers any, and neither does durable's stock Host by default, so for this project the
 * function is never called. If someone does register one, this function fails safely:
 * a result whose address does not survive the truncation is released and refused with a
 * RuntimeError (returned NULL), so durable sees a failed callback and raises its own
 * durable_rules_engine.error (it replaces our exception with "error code: 102") instead of
 * touching a wrong address. A result that does survive the truncation is returned as is
 * (it is then correct). Arguments are unaffected: pointers are passed whole even without a
 * prototype.
 *
 * Do not call this from code compiled with a correct prototype and expect every result: the
 * refusal rule is written for durable's truncating call sites.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <limits.h>
#include <stdint.h>

#ifdef PyEval_CallObject
#undef PyEval_CallObject /* a macro up to 3.12 */
#endif

#if defined(__GNUC__) || defined(__clang__)
#define COMPAT_EXPORT __attribute__((visibility("default")))
#else
#define COMPAT_EXPORT
#endif

COMPAT_EXPORT PyObject *PyEval_CallObject(PyObject *callable, PyObject *args);

/* What durable's call sites keep of a pointer: its value as a C int (32 bits on LP64). */
static int
survives_int_return(const void *pointer)
{
    intptr_t value = (intptr_t)pointer;
    return value >= (intptr_t)INT_MIN && value <= (intptr_t)INT_MAX;
}

COMPAT_EXPORT PyObject *
PyEval_CallObject(PyObject *callable, PyObject *args)
{
    /* Same contract as PyEval_CallObjectWithKeywords(callable, args, NULL): args is a
     * tuple or NULL, no keywords. */
    PyObject *result = PyObject_CallObject(callable, args);
    if (result != NULL && !survives_int_return(result)) {
        Py_DECREF(result);
        PyErr_SetString(PyExc_RuntimeError,
                        "durable-rules storage callbacks are not supported on Python 3.13+ "
                        "(durable_rules_engine calls PyEval_CallObject without a prototype "
                        "and would truncate the result; see callcenter_rules/_pyeval_compat.c)");
        return NULL;
    }
    return result;
}

static struct PyModuleDef compat_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "_pyeval_compat",
    .m_doc = "Defines PyEval_CallObject (removed in CPython 3.13) for durable_rules_engine; "
             "loaded with RTLD_GLOBAL by callcenter_rules._durable.",
    .m_size = 0,
};

PyMODINIT_FUNC PyInit__pyeval_compat(void);

PyMODINIT_FUNC
PyInit__pyeval_compat(void)
{
    return PyModuleDef_Init(&compat_module);
}
