// Opaque helpers for lazy_task.cpp (separate TU, never built with the plugin).
#include <cstdio>

unsigned long long g_opaque_sum = 0xcbf29ce484222325ull;
static unsigned calls = 0;

static void mix(unsigned long long v) {
  g_opaque_sum ^= v;
  g_opaque_sum *= 0x100000001b3ull;
}

int opaque(int x) {
  ++calls;
  unsigned h = (unsigned)x * 0x9e3779b1u;
  h ^= h >> 15;
  int r = (int)(h % 1000u);
  mix((unsigned long long)r * 131u + calls);
  return r;
}

double opaque_d(double x) {
  ++calls;
  double r = x * 0.5 + 1.25;
  mix((unsigned long long)(long long)(r * 1024.0));
  return r;
}

// Fills n ints with a deterministic pattern derived from seed.
void fill(int *p, int n, int seed) {
  ++calls;
  for (int i = 0; i < n; ++i)
    p[i] = (seed * 17 + i * 5 + (int)(calls % 7)) % 1009;
  mix((unsigned long long)n * 7u + (unsigned)seed);
}

// Sums n ints, folding them into the checksum.
long long sum_ints(const int *p, int n) {
  long long s = 0;
  for (int i = 0; i < n; ++i) {
    s += p[i] * (i + 1);
    mix((unsigned long long)p[i]);
  }
  return s;
}

// Mutates 8 floats in place (used on the over-aligned struct).
void touch_floats(float *v) {
  for (int i = 0; i < 8; ++i)
    v[i] = v[i] * 2.0f + (float)i;
  mix((unsigned long long)(long long)v[7]);
}

unsigned long long opaque_checksum() { return g_opaque_sum; }
