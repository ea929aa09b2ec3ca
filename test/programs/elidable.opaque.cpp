// Opaque helpers for elidable.cpp (separate TU, never built with the plugin).
#include <cstdio>

struct Big { char buf[128]; };

static unsigned long long g_sum = 0x84222325cbf29ce4ull;
static unsigned consume_calls = 0;
static unsigned opaque_calls = 0;

static void mix(unsigned long long v) {
  g_sum ^= v;
  g_sum *= 0x100000001b3ull;
}

// Writes every byte of the buffer (values 0..127), checksumming what it wrote.
void consume(Big &b) {
  ++consume_calls;
  unsigned h = 0;
  for (int i = 0; i < 128; ++i) {
    b.buf[i] = (char)((consume_calls * 13u + (unsigned)i * 3u) & 0x7f);
    h = h * 31u + (unsigned char)b.buf[i];
  }
  mix(h);
}

int opaque(int x) {
  ++opaque_calls;
  unsigned h = (unsigned)x * 0x85ebca6bu;
  h ^= h >> 16;
  int r = (int)(h % 4096u);
  mix((unsigned long long)r + opaque_calls);
  return r;
}

// Checks a buffer that the caller kept alive across a suspension: returns a
// checksum of its contents (folded into the global checksum as well).
int verify(const Big &b) {
  unsigned h = 0;
  for (int i = 0; i < 128; ++i)
    h = h * 131u + (unsigned char)b.buf[i];
  mix(h);
  return (int)(h % 100000u);
}

unsigned long long opaque_checksum() { return g_sum; }
