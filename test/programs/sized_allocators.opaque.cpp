// Opaque helpers for sized_allocators.cpp, compiled without the plugin:
// the same use()/compute() as phases.opaque.cpp (the first use of a Big
// fills it, the second checks it survived the suspend).
#include <cstdio>
#include <cstring>

struct Big { char buf[64]; };

int g_current_gen = 0;
unsigned long long g_opaque_sum = 1469598103934665603ull;

namespace {
struct Entry { const void *addr; int gen; unsigned sum; bool live; };
Entry table[256];
unsigned use_counter = 0;
unsigned compute_counter = 0;

unsigned checksum(const Big &b) {
  unsigned h = 2166136261u;
  for (int i = 0; i < 64; ++i) {
    h ^= (unsigned char)b.buf[i];
    h *= 16777619u;
  }
  return h;
}

void mix(unsigned long long v) {
  g_opaque_sum ^= v;
  g_opaque_sum *= 1099511628211ull;
}
} // namespace

void use(Big &b) {
  ++use_counter;
  for (Entry &e : table) {
    if (e.live && e.addr == &b && e.gen == g_current_gen) {
      unsigned now = checksum(b);
      bool ok = now == e.sum;
      std::printf("  use #%u: second use (gen %d) %s\n", use_counter, g_current_gen,
                  ok ? "intact" : "CORRUPTED");
      mix(ok ? now : 0xdeadu);
      e.live = false;
      std::memset(b.buf, 0x5a, sizeof b.buf); // scribble
      return;
    }
  }
  for (int i = 0; i < 64; ++i)
    b.buf[i] = (char)((use_counter * 31u + (unsigned)i * 7u + (unsigned)g_current_gen) & 0x7f);
  unsigned s = checksum(b);
  for (Entry &e : table) {
    if (!e.live) {
      e = Entry{&b, g_current_gen, s, true};
      break;
    }
  }
  std::printf("  use #%u: first use (gen %d) sum=%08x\n", use_counter, g_current_gen, s);
  mix(s);
}

// Forget everything recorded for a destroyed generator instance.
void forget_gen(int gen) {
  for (Entry &e : table)
    if (e.gen == gen)
      e.live = false;
}

int compute(int x) {
  ++compute_counter;
  unsigned h = (unsigned)x * 2654435761u + 12345u;
  h ^= h >> 13;
  int r = (int)(h % 997u); // keep small: callers multiply results
  mix((unsigned long long)r + compute_counter);
  return r;
}

unsigned long long opaque_checksum() { return g_opaque_sum; }
