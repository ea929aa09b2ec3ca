// Opaque helpers for sized_allocators.cpp, compiled without the plugin:
// the use()/compute()/forget_gen() of phases.opaque.cpp (the first use of
// a Big fills it, the second checks that it survived the suspend).
#include "phases.opaque.cpp"
