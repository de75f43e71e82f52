/*
 * Measures the core clock without hardware counters: a chain of dependent 64-bit adds retires one add per cycle
 * on every x86-64 core of the last fifteen years (latency 1), so adds / second = cycles / second.
 * The chain is unrolled 100 times in inline assembly so that loop overhead hides behind the adds.
 * Prints the best of several runs in MHz.
 */
#include <stdio.h>
#include <stdint.h>
#include <time.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

#define A10 "add $1, %0\n\t" "add $1, %0\n\t" "add $1, %0\n\t" "add $1, %0\n\t" "add $1, %0\n\t" \
            "add $1, %0\n\t" "add $1, %0\n\t" "add $1, %0\n\t" "add $1, %0\n\t" "add $1, %0\n\t"

int main(void) {
    const uint64_t loops = 20000000; /* x 100 adds = 2e9 cycles */
    double best = 0;
    for (int run = 0; run < 5; run++) {
        uint64_t x = 0;
        double t0 = now();
        for (uint64_t i = 0; i < loops; i++) {
            __asm__ volatile(A10 A10 A10 A10 A10 A10 A10 A10 A10 A10 : "+r"(x));
        }
        double mhz = (double) loops * 100 / (now() - t0) / 1e6;
        if (mhz > best) {
            best = mhz;
        }
    }
    printf("%.0f\n", best);
    return 0;
}
