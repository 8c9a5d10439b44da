/*
 * A disassembler plugin for HotSpot's -XX:+PrintAssembly, built on Debian's libhsdis0-fcml.
 *
 * That package's libhsdis.so.0 exports only the old entry point, decode_instructions(start, end, ...), which JDKs
 * since 9 no longer look up: they call decode_instructions_virtual(start_va, end_va, buffer, length, ...). HotSpot
 * disassembles code in its own address space, where buffer is the code at start_va, so this shim forwards the buffer
 * to the old entry point. Built and used by hsdis.sh (docs/performance.md, "Reading the kernels' machine code").
 */
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>

typedef void *(*event_callback)(void *stream, const char *event, void *arg);
typedef int (*printf_callback)(void *stream, const char *format, ...);
typedef void *(*decode_instructions_fn)(void *start, void *end, event_callback events, void *event_stream,
                                        printf_callback printf_fn, void *printf_stream, const char *options);

void *decode_instructions_virtual(uintptr_t start_va, uintptr_t end_va, unsigned char *buffer, uintptr_t length,
                                  event_callback events, void *event_stream, printf_callback printf_fn,
                                  void *printf_stream, const char *options, int newline) {
    static decode_instructions_fn decode;
    (void) start_va; (void) end_va; (void) newline;
    if (decode == NULL) {
        void *library = dlopen("libhsdis.so.0", RTLD_NOW);
        decode = library == NULL ? NULL : (decode_instructions_fn) dlsym(library, "decode_instructions");
        if (decode == NULL) {
            fprintf(stderr, "hsdis-shim: libhsdis.so.0 or its decode_instructions not found (apt-get install libhsdis0-fcml)\n");
            return NULL;
        }
    }
    return decode(buffer, buffer + length, events, event_stream, printf_fn, printf_stream, options);
}
