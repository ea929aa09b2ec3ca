/* Runs the coroutine @f of utils/bench/scaling.py --emit S,N: starts it,
   resumes it S times through the resume pointer in the frame header (the
   last resume frees the frame), and prints every value produced and
   consumed, so a build with coro-pack can be compared with one without. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

void *f(int64_t n);
static uint64_t counter;

int64_t produce(int64_t i) {
  uint64_t v = (uint64_t)i * 2654435761u ^ (++counter * 40503u);
  printf("produce %lld -> %llu\n", (long long)i, (unsigned long long)v);
  return (int64_t)v;
}

void consume(int64_t v) { printf("consume %llu\n", (unsigned long long)v); }

int main(int argc, char **argv) {
  int s = argc > 1 ? atoi(argv[1]) : 0;
  void *h = f(0);
  for (int k = 0; k < s; k++) {
    void (*resume)(void *) = *(void (**)(void *))h;
    resume(h);
  }
  printf("done\n");
  return 0;
}
