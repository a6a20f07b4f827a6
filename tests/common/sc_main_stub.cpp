// Unit tests run Boost.Test's own main(); when they link a library that uses SystemC types
// (sc_time), libsystemc.so still needs an sc_main symbol. It is never called.
#include <cstdio>

extern "C" int sc_main(int, char*[]) {
    std::fputs("sc_main stub called: this unit test must not run a simulation\n", stderr);
    return 4;
}
