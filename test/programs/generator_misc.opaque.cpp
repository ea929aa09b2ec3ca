// Opaque helpers for generator_misc.cpp (separate TU, never built with the plugin).
static unsigned long long g_sum = 0x9ae16a3b2f90404full;
static unsigned calls = 0;

static void mix(unsigned long long v) {
  g_sum ^= v;
  g_sum *= 0x100000001b3ull;
}

int opaque(int x) {
  ++calls;
  unsigned h = (unsigned)x * 0xc2b2ae35u + calls;
  h ^= h >> 13;
  int r = (int)(h % 512u);
  mix((unsigned long long)r);
  return r;
}

// Scrambles n ints in place and returns a small checksum of the result.
int scramble(int *p, int n) {
  ++calls;
  unsigned h = 7;
  for (int i = 0; i < n; ++i) {
    p[i] = (int)(((unsigned)p[i] * 33u + (unsigned)i + calls) % 10007u);
    h = h * 31u + (unsigned)p[i];
  }
  mix(h);
  return (int)(h % 10000u);
}

double opaque_d(double d) {
  ++calls;
  mix((unsigned long long)(long long)(d * 64.0));
  return d * 1.5 - 0.25;
}

unsigned long long opaque_checksum() { return g_sum; }
